/**
 * 16-bit serial-number arithmetic, as in the kernel's net/tipc/core.h (less_eq, less, more, mod).
 * Sequence numbers on the wire are 16 bits and wrap; comparisons are made modulo 2^16.
 */

/** kernel: mod() in core.h */
export function mod(x: number): number {
  return x & 0xffff;
}

/** kernel: less_eq(): (b - a) mod 2^16 < 32768 */
export function less_eq(a: number, b: number): boolean {
  return mod(b - a) < 32768;
}

/** kernel: more(): !less_eq(a, b) */
export function more(a: number, b: number): boolean {
  return !less_eq(a, b);
}

/** kernel: less(): less_eq(a, b) && mod(b) != mod(a) */
export function less(a: number, b: number): boolean {
  return less_eq(a, b) && mod(b) !== mod(a);
}

/**
 * 16-bit serial arithmetic of the kernel's core.h (less, less_eq, more), for the sequence
 * numbers, sessions and acks steps read off the wire. Steps may not import reference/, and the
 * observations hold the wire to the kernel's rule, not to the reference's code.
 */

/** core.h less_eq(): a is b or comes before it. */
export function lessEq(a: number, b: number): boolean {
  return ((b - a) & 0xffff) < 0x8000;
}

/** core.h less(): a comes before b. */
export function less(a: number, b: number): boolean {
  return a !== b && lessEq(a, b);
}

/** core.h more(): a comes after b. */
export function more(a: number, b: number): boolean {
  return less(b, a);
}

/**
 * Big-endian byte helpers shared by the header accessors (msg.ts), the codec (msg-codec.ts) and
 * the bodies (msg-bodies.ts). Like the code they came from, they never throw: reading past the
 * end yields zero bits, writing past the end is a no-op (typed array semantics).
 */

/** The big-endian u32 at offset o. */
export function readU32(b: Uint8Array, o: number): number {
  return ((b[o] << 24) | (b[o + 1] << 16) | (b[o + 2] << 8) | b[o + 3]) >>> 0;
}

/** Store v as a big-endian u32 at offset o. */
export function writeU32(b: Uint8Array, o: number, v: number): void {
  b[o] = (v >>> 24) & 0xff;
  b[o + 1] = (v >>> 16) & 0xff;
  b[o + 2] = (v >>> 8) & 0xff;
  b[o + 3] = v & 0xff;
}

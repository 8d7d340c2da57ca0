/**
 * The oracle of wire-format.feature: a frame's header read by hand at the word and bit positions
 * of net/tipc/msg.h (Linux 6.1), with nothing of the reference's codec (reference/msg*.ts), so
 * that a field the reference writes and reads back at the same wrong place, or does not write at
 * all, shows. Proved on the frames of two real Linux 6.1 kernels (test/msg-layout.test.ts).
 */
import type { MsgLayout } from '../contract';

/** msg.h MIN_H_SIZE: the smallest header. */
const MIN_H_SIZE = 24;
/** msg.h TIPC_MEDIA_INFO_OFFSET (words) and bearer.h TIPC_MEDIA_TYPE_OFFSET / TIPC_MEDIA_ADDR_OFFSET (bytes). */
const MEDIA_INFO_BYTE = 5 * 4;
const MEDIA_TYPE_OFFSET = 3;
const MEDIA_ADDR_OFFSET = 4;
/** uapi tipc.h TIPC_MAX_IF_NAME: the RESET/ACTIVATE body. */
const MAX_IF_NAME = 16;
/** msg.h TUNNEL_PROTOCOL and MSG_BUNDLER. */
const TUNNEL_PROTOCOL = 10;
const MSG_BUNDLER = 6;

/**
 * How many messages deep the oracle reads (a tunnel's inner message or a bundle's messages are one
 * level down). Real traffic nests two: a tunnelled bundle. A crafted frame nests thousands of
 * TUNNEL_PROTOCOL headers; read to the bottom, it gives a layout as deep as that, which every
 * recursive reader of it (the steps, a deep comparison, JSON) would have to walk.
 */
export const MSG_LAYOUT_MAX_DEPTH = 8;

/** The messages of a bundle's body: each from the 4-byte boundary after the one before. */
function bundled(body: Uint8Array, depth: number): MsgLayout[] {
  const out: MsgLayout[] = [];
  for (let pos = 0; pos + MIN_H_SIZE <= body.length; ) {
    const msize = bits(word(body.subarray(pos), 0), 0, 0x1ffff);
    const l = layoutAt(body.subarray(pos, Math.min(body.length, pos + Math.max(msize, MIN_H_SIZE))), depth);
    if (!l || msize < MIN_H_SIZE) break;
    out.push(l);
    pos += (msize + 3) & ~3;
  }
  return out;
}

/** Big-endian u32 at byte o, 0 past the end (a header word the frame does not carry). */
function word(b: Uint8Array, w: number): number {
  const o = w * 4;
  if (o + 4 > b.length) return 0;
  return ((b[o] << 24) | (b[o + 1] << 16) | (b[o + 2] << 8) | b[o + 3]) >>> 0;
}

function bits(v: number, pos: number, mask: number): number {
  return (v >>> pos) & mask;
}

/**
 * msg.h's reading of the bytes; undefined when fewer than MIN_H_SIZE. Messages nested deeper than
 * MSG_LAYOUT_MAX_DEPTH, or in the body of a header whose size field says 0, are not read: no
 * inner, no bundled messages.
 */
export function msgLayout(bytes: Uint8Array): MsgLayout | undefined {
  return layoutAt(bytes, 0);
}

/** msgLayout() of a message `depth` levels down. */
function layoutAt(bytes: Uint8Array, depth: number): MsgLayout | undefined {
  if (bytes.length < MIN_H_SIZE) return undefined;
  const w0 = word(bytes, 0);
  const w1 = word(bytes, 1);
  const w2 = word(bytes, 2);
  const w5 = word(bytes, 5);
  const w9 = word(bytes, 9);
  const user = bits(w0, 25, 0xf);
  const hsize = bits(w0, 21, 0xf) * 4;
  const msize = bits(w0, 0, 0x1ffff);
  const body = bytes.subarray(Math.min(hsize, bytes.length), Math.min(Math.max(msize, hsize), bytes.length));
  // a header size of 0 makes the body the frame itself: reading it as the inner message (or as a
  // bundle's first) would read the same bytes again, for ever
  const deeper = depth < MSG_LAYOUT_MAX_DEPTH && hsize > 0;
  const nul = body.subarray(0, MAX_IF_NAME).indexOf(0);
  const text = body.subarray(0, nul < 0 ? Math.min(body.length, MAX_IF_NAME) : nul);
  const media = bytes.subarray(MEDIA_INFO_BYTE + MEDIA_ADDR_OFFSET, MEDIA_INFO_BYTE + MEDIA_ADDR_OFFSET + 6);
  const inner = user === TUNNEL_PROTOCOL && deeper ? layoutAt(body, depth + 1) : undefined;
  return {
    length: bytes.length,
    version: bits(w0, 29, 0x7),
    user,
    hsize,
    msize,
    keepalive: bits(w0, 19, 1) === 1,
    mtype: bits(w1, 29, 0x7),
    errcode: bits(w1, 25, 0xf),
    dest_session_valid: bits(w1, 16, 1) === 1,
    ack: bits(w2, 16, 0xffff),
    seqno: bits(w2, 0, 0xffff),
    prevnode: word(bytes, 3),
    word4: word(bytes, 4),
    word5: w5,
    session: bits(w5, 16, 0xffff),
    bearer_id: bits(w5, 9, 0x7),
    priority: bits(w5, 4, 0x1f),
    net_plane: bits(w5, 1, 0x7),
    max_pkt: bits(w9, 16, 0xffff) * 4,
    tolerance: bits(w9, 0, 0xffff),
    media_type: bytes[MEDIA_INFO_BYTE + MEDIA_TYPE_OFFSET] ?? 0,
    media_mac: [...media].map((x) => x.toString(16).padStart(2, '0')).join(''),
    body_cstring: String.fromCharCode(...text),
    body_empty: body.length === 0,
    ...(inner ? { inner } : {}),
    ...(user === MSG_BUNDLER ? { bundle: { importance: bits(w9, 0, 0x7), msgcnt: bits(w9, 16, 0xffff), msgs: deeper ? bundled(body, depth + 1) : [] } } : {}),
  };
}

/**
 * TIPC wire codec, sans-IO: whole frames to and from `TipcMsg` (msg.ts), with the validation of
 * the Linux kernel's tipc_msg_validate() (net/tipc/msg.c), and the messages carried inside
 * others (tunnel inner messages, MSG_BUNDLER bundles of tipc_msg_extract()).
 *
 * Nothing here throws on wire input.
 */

import {
  HDR_WORDS,
  INT_H_SIZE,
  MAX_H_SIZE,
  MIN_H_SIZE,
  TIPC_MAX_USER_MSG_SIZE,
  TIPC_SYSTEM_IMPORTANCE,
  TIPC_VERSION,
  type TipcMsg,
  BundlerType,
  User,
  msgErrcode,
  msgHdrSz,
  msgInit,
  msgSetBits,
  msgSetBody,
  emptyHeader,
  NO_BODY,
  msgSetMsgcnt,
  msgUser,
  msgWord,
} from './msg';
import { readU32, writeU32 } from './msg-bytes';

export type DecodeErrorCode = 'TOO_SHORT' | 'BAD_HSIZE' | 'BAD_VERSION' | 'BAD_MSIZE' | 'TRUNCATED';

/** Why bytes are not a TIPC message; `message` says what was expected and what was seen. */
export interface DecodeError {
  code: DecodeErrorCode;
  message: string;
}

export type DecodeResult = { ok: true; msg: TipcMsg } | { ok: false; error: DecodeError };

// ---------------------------------------------------------------------------------------------
// Encoding, decoding
// ---------------------------------------------------------------------------------------------

/**
 * The wire bytes: header words 0..hsize/4-1 big-endian, then the body as it is. msize is not
 * recomputed (msgSetData keeps it right), so deliberately inconsistent frames can be built.
 */
export function encode(m: TipcMsg): Uint8Array {
  const hsz = msgHdrSz(m);
  const out = new Uint8Array(hsz + m.data.length);
  for (let w = 0; w < hsz / 4; w++) writeU32(out, w * 4, msgWord(m, w));
  out.set(m.data, hsz);
  return out;
}

/**
 * Parse and validate like tipc_msg_validate(): at least MIN_H_SIZE bytes; hsize in
 * [MIN_H_SIZE, MAX_H_SIZE] (always a multiple of 4: it is stored in 4-byte units) and present;
 * version TIPC_VERSION; hsize <= msize; body at most TIPC_MAX_USER_MSG_SIZE; msize bytes present.
 * Checks run in the kernel's order. Bytes beyond msize (e.g. Ethernet padding) are ignored.
 * The result does not share memory with `bytes`. Never throws.
 */
export function decode(bytes: Uint8Array): DecodeResult {
  return decodeFrame(bytes, false);
}

/**
 * decode() for a frame the stack has just received (TipcNode.receive, kernel tipc_rcv()): the body
 * of a link-level message, LINK_CONFIG or LINK_PROTOCOL, is a view of `bytes`, not a copy. These
 * are consumed at once (tipc_disc_rcv, tipc_link_proto_rcv) and nothing of them is kept but copies
 * (the media address the peer's node takes); the Gap ACK block body of every keepalive STATE is
 * not even read. The caller must not keep such a body, nor write into `bytes`. Every other
 * message's body is a copy, as decode() makes it: those are queued.
 */
export function decodeReceived(bytes: Uint8Array): DecodeResult {
  return decodeFrame(bytes, true);
}

function decodeFrame(bytes: Uint8Array, viewLinkLevel: boolean): DecodeResult {
  const len = bytes.length;
  if (len < MIN_H_SIZE) {
    return fail('TOO_SHORT', `expected at least ${MIN_H_SIZE} bytes (the smallest TIPC header), got ${len}`);
  }
  const w0 = readU32(bytes, 0);
  const hsz = ((w0 >>> 21) & 0xf) << 2;
  if (hsz < MIN_H_SIZE || hsz > MAX_H_SIZE) {
    return fail('BAD_HSIZE', `expected header size ${MIN_H_SIZE}..${MAX_H_SIZE} bytes, word 0 says ${hsz}`);
  }
  if (len < hsz) {
    return fail('TRUNCATED', `header size is ${hsz} bytes but only ${len} bytes are present`);
  }
  const version = (w0 >>> 29) & 0x7;
  if (version !== TIPC_VERSION) {
    return fail('BAD_VERSION', `expected version ${TIPC_VERSION}, got ${version}`);
  }
  const msz = w0 & 0x1ffff;
  if (msz < hsz) {
    return fail('BAD_MSIZE', `expected message size >= header size ${hsz}, got ${msz}`);
  }
  if (msz - hsz > TIPC_MAX_USER_MSG_SIZE) {
    return fail('BAD_MSIZE', `expected a body of at most ${TIPC_MAX_USER_MSG_SIZE} bytes, message size ${msz} gives ${msz - hsz}`);
  }
  if (len < msz) {
    return fail('TRUNCATED', `message size is ${msz} bytes but only ${len} bytes are present`);
  }
  const hdr = emptyHeader();
  for (let w = 0; w < hsz / 4; w++) hdr[w] = readU32(bytes, w * 4) | 0;
  // a body of nothing needs no buffer of its own
  if (msz === hsz) return { ok: true, msg: { hdr, data: NO_BODY } };
  const user = (w0 >>> 25) & 0xf; // msg_user()
  const view = viewLinkLevel && (user === User.LINK_PROTOCOL || user === User.LINK_CONFIG);
  return { ok: true, msg: { hdr, data: view ? bytes.subarray(hsz, msz) : bytes.slice(hsz, msz) } };
}

function fail(code: DecodeErrorCode, message: string): DecodeResult {
  return { ok: false, error: { code, message } };
}

/**
 * Ablation only (profile ablation-no-msg-validate): bytes read as a receiver without
 * tipc_msg_validate() reads them, msg.h's accessors at their fixed places: every header word
 * (0 past the end of the frame), the body from where word 0's header size says to where its
 * message size says, as far as bytes are present. Refuses nothing. Kept this small on purpose:
 * only that profile runs it, so the features cannot judge its mutants.
 */
export function decodeUnchecked(bytes: Uint8Array): DecodeResult {
  const w0 = readU32(bytes, 0);
  const hdr = Array.from({ length: HDR_WORDS }, (_, w) => readU32(bytes, 4 * w) | 0);
  return { ok: true, msg: { hdr, data: bytes.slice(((w0 >>> 21) & 0xf) << 2, w0 & 0x1ffff) } };
}

/** msg_inner_hdr() and decode: the message a TUNNEL_PROTOCOL (or fragment) body carries. */
export function msgInner(m: TipcMsg): DecodeResult {
  return decode(m.data);
}

/**
 * kernel: tipc_msg_extract() — the messages a MSG_BUNDLER bundle carries, in order: each starts
 * on a 4-byte boundary (align(msg_size)) and must validate; extraction stops at the first that
 * does not fit in the body or does not validate (the kernel drops the rest of the bundle).
 */
export function msgExtract(m: TipcMsg): TipcMsg[] {
  const out: TipcMsg[] = [];
  const body = m.data;
  let pos = 0;
  while (pos <= body.length - MIN_H_SIZE) {
    const imsz = readU32(body, pos) & 0x1ffff;
    if (pos + imsz > body.length) break;
    const d = decode(body.subarray(pos, pos + imsz));
    if (!d.ok) break;
    out.push(d.msg);
    pos += (imsz + 3) & ~3;
  }
  return out;
}

/**
 * kernel: tipc_msg_try_bundle() / tipc_msg_bundle() — one MSG_BUNDLER message (type 0, INT_H_SIZE
 * header, msgcnt the number of messages, the importance of the first) whose body holds `msgs` encoded as they are, each starting
 * on a 4-byte boundary (start = align(size so far); the last is not padded); the bundle takes one link sequence number, the inner
 * messages keep the headers they were built with.
 */
export function msgBundle(ownNode: number, dnode: number, msgs: readonly TipcMsg[]): TipcMsg {
  const b = msgInit(ownNode, User.MSG_BUNDLER, BundlerType.BUNDLE, INT_H_SIZE, dnode);
  let body = new Uint8Array(0);
  for (const p of msgs.map(encode)) {
    const start = (body.length + 3) & ~3;
    const next = new Uint8Array(start + p.length);
    next.set(body);
    next.set(p, start);
    body = next;
  }
  msgSetMsgcnt(b, msgs.length);
  // msg_set_importance(outer, msg_importance(inner)): word 9 bits 0-2; a user message's importance
  // is its user, any other message's TIPC_SYSTEM_IMPORTANCE (4)
  const u = msgUser(msgs[0]);
  msgSetBits(b, 9, 0, 0x7, u <= User.TIPC_CRITICAL_IMPORTANCE && msgErrcode(msgs[0]) === 0 ? u : TIPC_SYSTEM_IMPORTANCE);
  msgSetBody(b, body);
  return b;
}

/** Put `inner` (encoded) in the body of m and set msize accordingly. */
export function msgSetInner(m: TipcMsg, inner: TipcMsg): void {
  msgSetBody(m, encode(inner));
}

/**
 * The few message bodies the TIPC protocol itself defines, sans-IO: distr_item of
 * name_distr.h, gap ACK blocks (msg.h) and interface name of link.c, node id and media address
 * of discover.c / bearer.h. Header fields are read and written with msg.ts.
 *
 * No module state other than constants; nothing here throws on wire input.
 */

import {
  MediaType,
  TIPC_MEDIA_ADDR_OFFSET,
  TIPC_MEDIA_INFO_SIZE,
  TIPC_MEDIA_TYPE_OFFSET,
  type TipcMsg,
  msgSetBody,
} from './msg';
import { readU32, writeU32 } from './msg-bytes';

// ---------------------------------------------------------------------------------------------
// Constants (name_distr.h, uapi tipc.h, addr.h)
// ---------------------------------------------------------------------------------------------

/** name_distr.h ITEM_SIZE: one struct distr_item on the wire. */
export const ITEM_SIZE = 20;

/** uapi tipc.h TIPC_MAX_IF_NAME: RESET/ACTIVATE bodies carry the interface name in this many bytes. */
export const TIPC_MAX_IF_NAME = 16;
/** NODE_ID_LEN (addr.h): discovery bodies carry the 128-bit node identity. */
export const NODE_ID_LEN = 16;

// ---------------------------------------------------------------------------------------------
// Bodies
// ---------------------------------------------------------------------------------------------

/** struct distr_item (name_distr.h): one binding, five big-endian u32. */
export interface DistrItem {
  type: number;
  lower: number;
  upper: number;
  port: number;
  key: number;
}

/** The body of a NAME_DISTRIBUTOR message carrying these items. */
export function encodeItems(items: readonly DistrItem[]): Uint8Array {
  const out = new Uint8Array(items.length * ITEM_SIZE);
  items.forEach((it, i) => {
    const o = i * ITEM_SIZE;
    writeU32(out, o, it.type);
    writeU32(out, o + 4, it.lower);
    writeU32(out, o + 8, it.upper);
    writeU32(out, o + 12, it.port);
    writeU32(out, o + 16, it.key);
  });
  return out;
}

/** The items of a NAME_DISTRIBUTOR body: data length / ITEM_SIZE of them; a partial tail is ignored. */
export function decodeItems(data: Uint8Array): DistrItem[] {
  const items: DistrItem[] = [];
  for (let o = 0; o + ITEM_SIZE <= data.length; o += ITEM_SIZE) {
    items.push({
      type: readU32(data, o),
      lower: readU32(data, o + 4),
      upper: readU32(data, o + 8),
      port: readU32(data, o + 12),
      key: readU32(data, o + 16),
    });
  }
  return items;
}

/** A RESET/ACTIVATE body: the interface name, NUL-padded to TIPC_MAX_IF_NAME bytes. */
export function encodeIfName(name: string): Uint8Array {
  const out = new Uint8Array(TIPC_MAX_IF_NAME);
  const n = Math.min(name.length, TIPC_MAX_IF_NAME - 1);
  for (let i = 0; i < n; i++) out[i] = name.charCodeAt(i) & 0xff;
  return out;
}

/** The interface name of a RESET/ACTIVATE body (up to the first NUL, at most TIPC_MAX_IF_NAME bytes). */
export function decodeIfName(data: Uint8Array): string {
  return cString(data.subarray(0, TIPC_MAX_IF_NAME));
}

/**
 * decodeIfName(data) === s.slice(from), compared in place: a link set up hears the peer's interface
 * name in every RESET and ACTIVATE, nearly always the one it already has, and a million links must
 * not decode it each time.
 */
export function ifNameIs(data: Uint8Array, s: string, from: number): boolean {
  const end = Math.min(data.length, TIPC_MAX_IF_NAME);
  let i = 0;
  for (; i < end && data[i] !== 0; i++) if (data[i] !== s.charCodeAt(from + i)) return false;
  return from + i === s.length;
}

/** msg_node_id(): the 128-bit node identity at the start of a LINK_CONFIG body (a copy). */
export function msgNodeId(m: TipcMsg): Uint8Array {
  const out = new Uint8Array(NODE_ID_LEN);
  out.set(m.data.subarray(0, NODE_ID_LEN));
  return out;
}
/** msg_set_node_id(): write the node identity at the start of the body (growing it, and msize, if needed). */
export function msgSetNodeId(m: TipcMsg, id: Uint8Array): void {
  const body = new Uint8Array(Math.max(m.data.length, NODE_ID_LEN));
  body.set(m.data);
  body.set(id.subarray(0, NODE_ID_LEN));
  msgSetBody(m, body);
}

/** tipc_eth_addr2msg(): the media address field for an Ethernet MAC (6 bytes). */
export function ethMediaInfo(bytes: Uint8Array): Uint8Array {
  const out = new Uint8Array(TIPC_MEDIA_INFO_SIZE);
  out[TIPC_MEDIA_TYPE_OFFSET] = MediaType.TIPC_MEDIA_TYPE_ETH;
  out.set(bytes.subarray(0, 6), TIPC_MEDIA_ADDR_OFFSET);
  return out;
}

// ---------------------------------------------------------------------------------------------
// Helpers
// ---------------------------------------------------------------------------------------------

function cString(b: Uint8Array): string {
  // one flat string from the codes (a string grown a character at a time is a rope of that many pieces)
  const codes: number[] = [];
  for (let i = 0; i < b.length && b[i] !== 0; i++) codes.push(b[i] as number);
  return String.fromCharCode(...codes);
}

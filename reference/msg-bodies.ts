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
  msgSetData,
} from './msg';
import { readU16, readU32, writeU16, writeU32 } from './msg-bytes';

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

/** struct tipc_gap_ack (msg.h): `ack` = last packet of a received run, `gap` = packets missing after it. */
export interface GapAck {
  ack: number;
  gap: number;
}

/**
 * struct tipc_gap_ack_blks (msg.h), the start of a LINK_PROTOCOL STATE body when the peer has
 * TIPC_GAP_ACK_BLOCK: be16 len (of the whole record), u8 ugack_cnt, u8 bgack_cnt, then
 * bgack_cnt broadcast blocks followed by ugack_cnt unicast blocks, each be16 ack, be16 gap.
 * With nothing deferred the record is just the 4-byte head: 00 04 00 00.
 */
export interface GapAckBlks {
  bc: GapAck[];
  uc: GapAck[];
}

/** Size of the record for this many blocks (struct_size). */
export function gapAckBlksSize(blocks: number): number {
  return 4 + 4 * blocks;
}

/** The record as tipc_build_gap_ack_blks() writes it. */
export function encodeGapAckBlks(g: GapAckBlks): Uint8Array {
  const n = g.bc.length + g.uc.length;
  const out = new Uint8Array(gapAckBlksSize(n));
  writeU16(out, 0, out.length);
  out[2] = g.uc.length & 0xff;
  out[3] = g.bc.length & 0xff;
  [...g.bc, ...g.uc].forEach((b, i) => {
    writeU16(out, 4 + i * 4, b.ack);
    writeU16(out, 6 + i * 4, b.gap);
  });
  return out;
}

/**
 * Read a gap ACK record from the start of a STATE body. Undefined when the body is too short
 * or len disagrees with the counts (tipc_get_gap_ack_blks' sanity check; it also accepts a
 * unicast-only record from old peers, which is not modelled here).
 */
export function decodeGapAckBlks(data: Uint8Array): { blks: GapAckBlks; size: number } | undefined {
  if (data.length < 4) return undefined;
  const size = readU16(data, 0);
  const ugack = data[2];
  const bgack = data[3];
  if (size !== gapAckBlksSize(ugack + bgack) || size > data.length) return undefined;
  const all: GapAck[] = [];
  for (let i = 0; i < ugack + bgack; i++) {
    all.push({ ack: readU16(data, 4 + i * 4), gap: readU16(data, 6 + i * 4) });
  }
  return { blks: { bc: all.slice(0, bgack), uc: all.slice(bgack) }, size };
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
  msgSetData(m, body);
}

/** tipc_eth_addr2msg(): the media address field for an Ethernet MAC (6 bytes or "aa:bb:.."). */
export function ethMediaInfo(mac: Uint8Array | string): Uint8Array {
  const bytes = typeof mac === 'string' ? Uint8Array.from(mac.split(':').map((h) => parseInt(h, 16) & 0xff)) : mac;
  const out = new Uint8Array(TIPC_MEDIA_INFO_SIZE);
  out[TIPC_MEDIA_TYPE_OFFSET] = MediaType.TIPC_MEDIA_TYPE_ETH;
  out.set(bytes.subarray(0, 6), TIPC_MEDIA_ADDR_OFFSET);
  return out;
}

/** A media address field as text: "mac=52:54:00:0a:00:01" for Ethernet, "media=T:hex" otherwise. */
export function mediaInfoString(info: Uint8Array): string {
  const type = info[TIPC_MEDIA_TYPE_OFFSET];
  if (type === MediaType.TIPC_MEDIA_TYPE_ETH) {
    const mac = Array.from(info.subarray(TIPC_MEDIA_ADDR_OFFSET, TIPC_MEDIA_ADDR_OFFSET + 6), (b) => hex2(b));
    return `mac=${mac.join(':')}`;
  }
  let end = info.length;
  while (end > 0 && info[end - 1] === 0) end--;
  return `media=${type}:${Array.from(info.subarray(0, end), hex2).join('')}`;
}

// ---------------------------------------------------------------------------------------------
// Helpers
// ---------------------------------------------------------------------------------------------

function cString(b: Uint8Array): string {
  let s = '';
  for (const c of b) {
    if (c === 0) break;
    s += String.fromCharCode(c);
  }
  return s;
}

function hex2(b: number): string {
  return b.toString(16).padStart(2, '0');
}

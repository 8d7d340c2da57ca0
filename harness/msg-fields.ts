/**
 * The rest of net/tipc/msg.h: header fields and predicates the reference protocol never reads or
 * writes (connections, fragments, groups, importance, lookup scope, the multicast name fields, the
 * address helpers). The trace printer (msg-describe.ts) prints some of them and test/codec.test.ts
 * holds every one against msg.h and the captured frames. They live beside the printer rather than in
 * reference/, so that reference/ is what the protocol does, and a mutation run there measures the
 * scenarios against behaviour, not against fields no scenario can reach.
 *
 * Same conventions as reference/msg.ts: one accessor per msg.h function, camelCase, setters masked
 * to the field's width.
 */
import {
  DataType,
  MediaType,
  TIPC_MEDIA_ADDR_OFFSET,
  TIPC_MEDIA_TYPE_OFFSET,
  LinkProtoType,
  TIPC_SYSTEM_IMPORTANCE,
  type TipcMsg,
  User,
  msgBits,
  msgFlag,
  msgHdrSz,
  msgErrcode,
  msgInit,
  msgLastBcast,
  msgSetBits,
  msgSetWord,
  msgSetData,
  msgSetDestport,
  msgSetErrcode,
  msgSetOrigport,
  msgSetUser,
  msgSize,
  msgType,
  msgUser,
  msgWord,
} from '../reference/msg';
import { readU32 } from '../reference/msg-bytes';

/** The big-endian u16 at offset o (the Gap ACK blocks' fields; the reference never reads one). */
function readU16(b: Uint8Array, o: number): number {
  return ((b[o] << 8) | b[o + 1]) & 0xffff;
}

/** msg_reroute_cnt(): bits 21-24 (no routing in a cluster of direct links: the reference never reads it). */
export function msgRerouteCnt(m: TipcMsg): number {
  return msgBits(m, 1, 21, 0xf);
}
/** Setter for msg_reroute_cnt() (the kernel has only msg_incr_reroute_cnt). */
export function msgSetRerouteCnt(m: TipcMsg, n: number): void {
  msgSetBits(m, 1, 21, 0xf, n);
}

/** Word w of the message in the body (0 if the body is shorter), for MSG_FRAGMENTER reads. */
function msgBodyWord(m: TipcMsg, w: number): number {
  if (m.data.length < (w + 1) * 4) return 0;
  return readU32(m.data, w * 4);
}

/** msg_version(): bits 29-31. */
export function msgVersion(m: TipcMsg): number {
  return msgBits(m, 0, 29, 0x7);
}
/** msg_isdata(): a data message is one whose user is an importance (0-3). */
export function msgIsData(m: TipcMsg): boolean {
  return msgUser(m) <= User.TIPC_CRITICAL_IMPORTANCE;
}
/** msg_dest_droppable(): bit 19. */
export function msgDestDroppable(m: TipcMsg): boolean {
  return msgBits(m, 0, 19, 1) === 1;
}
/** msg_set_dest_droppable(). */
export function msgSetDestDroppable(m: TipcMsg, v: boolean | number): void {
  msgSetBits(m, 0, 19, 1, msgFlag(v));
}
/** msg_src_droppable(): bit 18. */
export function msgSrcDroppable(m: TipcMsg): boolean {
  return msgBits(m, 0, 18, 1) === 1;
}
/** msg_set_src_droppable(). */
export function msgSetSrcDroppable(m: TipcMsg, v: boolean | number): void {
  msgSetBits(m, 0, 18, 1, msgFlag(v));
}
/** msg_ack_required(): bit 18 again (group messages). */
export function msgAckRequired(m: TipcMsg): boolean {
  return msgBits(m, 0, 18, 1) === 1;
}
/** msg_set_ack_required(): the kernel only ever sets it. */
export function msgSetAckRequired(m: TipcMsg, v: boolean | number = true): void {
  msgSetBits(m, 0, 18, 1, msgFlag(v));
}
/** msg_nagle_ack(): bit 18 again (CONN_MANAGER). */
export function msgNagleAck(m: TipcMsg): boolean {
  return msgBits(m, 0, 18, 1) === 1;
}
/** msg_set_nagle_ack(). */
export function msgSetNagleAck(m: TipcMsg, v: boolean | number = true): void {
  msgSetBits(m, 0, 18, 1, msgFlag(v));
}
/** msg_is_rcast(): bit 18 again (broadcast sent as replicast). */
export function msgIsRcast(m: TipcMsg): boolean {
  return msgBits(m, 0, 18, 1) === 1;
}
/** msg_set_is_rcast(). */
export function msgSetIsRcast(m: TipcMsg, v: boolean | number): void {
  msgSetBits(m, 0, 18, 1, msgFlag(v));
}
/** msg_is_syn(): bit 17, first message of a connection. */
export function msgIsSyn(m: TipcMsg): boolean {
  return msgBits(m, 0, 17, 1) === 1;
}
/** msg_set_syn(). */
export function msgSetSyn(m: TipcMsg, v: boolean | number): void {
  msgSetBits(m, 0, 17, 1, msgFlag(v));
}
/** msg_blocks(): size in started kilobytes (flow control accounting). */
export function msgBlocks(m: TipcMsg): number {
  return Math.floor(msgSize(m) / 1024) + 1;
}
/** msg_data_sz(): body size according to the header. */
export function msgDataSz(m: TipcMsg): number {
  return msgSize(m) - msgHdrSz(m);
}
/** msg_incr_reroute_cnt(). */
export function msgIncrRerouteCnt(m: TipcMsg): void {
  msgSetRerouteCnt(m, msgRerouteCnt(m) + 1);
}
/** msg_lookup_scope(): bits 19-20. */
export function msgLookupScope(m: TipcMsg): number {
  return msgBits(m, 1, 19, 0x3);
}
/** msg_set_lookup_scope(). */
export function msgSetLookupScope(m: TipcMsg, n: number): void {
  msgSetBits(m, 1, 19, 0x3, n);
}
/** Reader for msg_set_bcgap_after(): bits 16-31, BCAST_PROTOCOL NACK (the ack field). */
export function msgBcgapAfter(m: TipcMsg): number {
  return msgBits(m, 2, 16, 0xffff);
}
/** msg_set_bcgap_after(). */
export function msgSetBcgapAfter(m: TipcMsg, n: number): void {
  msgSetBits(m, 2, 16, 0xffff, n);
}
/** msg_bcgap_to(): bits 0-15, BCAST_PROTOCOL NACK (the seqno field). */
export function msgBcgapTo(m: TipcMsg): number {
  return msgBits(m, 2, 0, 0xffff);
}
/** msg_set_bcgap_to(). */
export function msgSetBcgapTo(m: TipcMsg, n: number): void {
  msgSetBits(m, 2, 0, 0xffff, n);
}
/**
 * msg_origport(): the whole word. As in the kernel, for a MSG_FRAGMENTER message it is read
 * from the header of the fragmented message in the body (0 if the body is too short).
 */
export function msgOrigport(m: TipcMsg): number {
  if (msgUser(m) === User.MSG_FRAGMENTER) return msgBodyWord(m, 4);
  return msgWord(m, 4);
}
/** msg_bc_snd_nxt(): last_bcast + 1, as a 16-bit sequence number. */
export function msgBcSndNxt(m: TipcMsg): number {
  return (msgLastBcast(m) + 1) & 0xffff;
}
/** msg_nof_fragms(): bits 0-15 (tunnel fragments of tipc_msg_fragment). */
export function msgNofFragms(m: TipcMsg): number {
  return msgBits(m, 4, 0, 0xffff);
}
/** msg_set_nof_fragms(). */
export function msgSetNofFragms(m: TipcMsg, n: number): void {
  msgSetBits(m, 4, 0, 0xffff, n);
}
/** msg_fragm_no(): bits 16-31. */
export function msgFragmNo(m: TipcMsg): number {
  return msgBits(m, 4, 16, 0xffff);
}
/** msg_set_fragm_no(). */
export function msgSetFragmNo(m: TipcMsg, n: number): void {
  msgSetBits(m, 4, 16, 0xffff, n);
}
/** msg_link_selector(): bit 0 of word 4 (of the fragmented message for MSG_FRAGMENTER). */
export function msgLinkSelector(m: TipcMsg): number {
  if (msgUser(m) === User.MSG_FRAGMENTER) return msgBodyWord(m, 4) & 1;
  return msgBits(m, 4, 0, 1);
}
/** msg_nametype(): word 8. */
export function msgNametype(m: TipcMsg): number {
  return msgWord(m, 8);
}
/** msg_set_nametype(). */
export function msgSetNametype(m: TipcMsg, n: number): void {
  msgSetWord(m, 8, n);
}
/** msg_nameinst(): word 9. */
export function msgNameinst(m: TipcMsg): number {
  return msgWord(m, 9);
}
/** msg_set_nameinst(). */
export function msgSetNameinst(m: TipcMsg, n: number): void {
  msgSetWord(m, 9, n);
}
/** msg_namelower(): word 9, the same as nameinst. */
export function msgNamelower(m: TipcMsg): number {
  return msgWord(m, 9);
}
/** msg_set_namelower(). */
export function msgSetNamelower(m: TipcMsg, n: number): void {
  msgSetWord(m, 9, n);
}
/** msg_conn_ack(): word 9 bits 16-31 (CONN_MANAGER). */
export function msgConnAck(m: TipcMsg): number {
  return msgBits(m, 9, 16, 0xffff);
}
/** msg_set_conn_ack(). */
export function msgSetConnAck(m: TipcMsg, n: number): void {
  msgSetBits(m, 9, 16, 0xffff, n);
}
/** msg_adv_win(): word 9 bits 0-15 (CONN_MANAGER). */
export function msgAdvWin(m: TipcMsg): number {
  return msgBits(m, 9, 0, 0xffff);
}
/** msg_set_adv_win(). */
export function msgSetAdvWin(m: TipcMsg, n: number): void {
  msgSetBits(m, 9, 0, 0xffff, n);
}
/** msg_grp_bc_syncpt(): word 9 bits 16-31 (group messages). */
export function msgGrpBcSyncpt(m: TipcMsg): number {
  return msgBits(m, 9, 16, 0xffff);
}
/** msg_set_grp_bc_syncpt(). */
export function msgSetGrpBcSyncpt(m: TipcMsg, n: number): void {
  msgSetBits(m, 9, 16, 0xffff, n);
}
/** msg_grp_bc_acked(): word 9 bits 16-31. */
export function msgGrpBcAcked(m: TipcMsg): number {
  return msgBits(m, 9, 16, 0xffff);
}
/** msg_set_grp_bc_acked(). */
export function msgSetGrpBcAcked(m: TipcMsg, n: number): void {
  msgSetBits(m, 9, 16, 0xffff, n);
}
/** msg_grp_remitted(): word 9 bits 16-31. */
export function msgGrpRemitted(m: TipcMsg): number {
  return msgBits(m, 9, 16, 0xffff);
}
/** msg_set_grp_remitted(). */
export function msgSetGrpRemitted(m: TipcMsg, n: number): void {
  msgSetBits(m, 9, 16, 0xffff, n);
}
/**
 * msg_importance(): the user of a data message without error; word 9 bits 0-2 of a
 * MSG_FRAGMENTER or MSG_BUNDLER; TIPC_SYSTEM_IMPORTANCE otherwise.
 */
export function msgImportance(m: TipcMsg): number {
  const u = msgUser(m);
  if (u <= User.TIPC_CRITICAL_IMPORTANCE && msgErrcode(m) === 0) return u;
  if (u === User.MSG_FRAGMENTER || u === User.MSG_BUNDLER) return msgBits(m, 9, 0, 0x7);
  return TIPC_SYSTEM_IMPORTANCE;
}
/** msg_set_importance(): ignores an importance that cannot be stored (the kernel warns). */
export function msgSetImportance(m: TipcMsg, i: number): void {
  const u = msgUser(m);
  if (u === User.MSG_FRAGMENTER || u === User.MSG_BUNDLER) msgSetBits(m, 9, 0, 0x7, i);
  else if (i < TIPC_SYSTEM_IMPORTANCE) msgSetUser(m, i);
}
/** msg_nameupper(): word 10. */
export function msgNameupper(m: TipcMsg): number {
  return msgWord(m, 10);
}
/** msg_set_nameupper(). */
export function msgSetNameupper(m: TipcMsg, n: number): void {
  msgSetWord(m, 10, n);
}
/** msg_grp_evt(): word 10 bits 0-1. */
export function msgGrpEvt(m: TipcMsg): number {
  return msgBits(m, 10, 0, 0x3);
}
/** msg_set_grp_evt(). */
export function msgSetGrpEvt(m: TipcMsg, n: number): void {
  msgSetBits(m, 10, 0, 0x3, n);
}
/** msg_grp_bc_ack_req(): word 10 bit 0. */
export function msgGrpBcAckReq(m: TipcMsg): boolean {
  return msgBits(m, 10, 0, 1) === 1;
}
/** msg_set_grp_bc_ack_req(). */
export function msgSetGrpBcAckReq(m: TipcMsg, v: boolean | number): void {
  msgSetBits(m, 10, 0, 1, msgFlag(v));
}
/** msg_grp_bc_seqno(): word 10 bits 16-31. */
export function msgGrpBcSeqno(m: TipcMsg): number {
  return msgBits(m, 10, 16, 0xffff);
}
/** msg_set_grp_bc_seqno(). */
export function msgSetGrpBcSeqno(m: TipcMsg, n: number): void {
  msgSetBits(m, 10, 16, 0xffff, n);
}
/** msg_sugg_node_addr(): word 14, LINK_CONFIG (DSC_TRIAL). */
export function msgSuggNodeAddr(m: TipcMsg): number {
  return msgWord(m, 14);
}
/** msg_in_group(). */
export function msgInGroup(m: TipcMsg): boolean {
  const t = msgType(m);
  return t >= DataType.TIPC_GRP_MEMBER_EVT && t <= DataType.TIPC_GRP_UCAST_MSG;
}
/** msg_is_grp_evt(). */
export function msgIsGrpEvt(m: TipcMsg): boolean {
  return msgType(m) === DataType.TIPC_GRP_MEMBER_EVT;
}
/** msg_named(). */
export function msgNamed(m: TipcMsg): boolean {
  return msgType(m) === DataType.TIPC_NAMED_MSG;
}
/** msg_mcast(). */
export function msgMcast(m: TipcMsg): boolean {
  const t = msgType(m);
  return t === DataType.TIPC_MCAST_MSG || t === DataType.TIPC_GRP_BCAST_MSG || t === DataType.TIPC_GRP_MCAST_MSG;
}
/** msg_connected(). */
export function msgConnected(m: TipcMsg): boolean {
  return msgType(m) === DataType.TIPC_CONN_MSG;
}
/** msg_direct(). */
export function msgDirect(m: TipcMsg): boolean {
  return msgType(m) === DataType.TIPC_DIRECT_MSG;
}
/** msg_is_reset(). */
export function msgIsReset(m: TipcMsg): boolean {
  return msgUser(m) === User.LINK_PROTOCOL && msgType(m) === LinkProtoType.RESET_MSG;
}
/**
 * tipc_msg_create() without the buffer: msgInit, then msize = hsize + dataSize (body of zeros),
 * origport, destport and errcode.
 */
export function msgCreate(
  user: number,
  type: number,
  hsize: number,
  dataSize: number,
  dnode: number,
  onode: number,
  dport: number,
  oport: number,
  errcode: number,
): TipcMsg {
  const m = msgInit(onode, user, type, hsize, dnode);
  msgSetData(m, new Uint8Array(dataSize));
  msgSetOrigport(m, oport);
  msgSetDestport(m, dport);
  msgSetErrcode(m, errcode);
  return m;
}
/** uapi tipc.h tipc_addr(): zone.cluster.node packed as 8.12.12 bits. */
export function tipcAddr(zone: number, cluster: number, node: number): number {
  return (((zone & 0xff) << 24) | ((cluster & 0xfff) << 12) | (node & 0xfff)) >>> 0;
}
/** An address as "Z.C.N" (e.g. 0x01001002 -> "1.1.2"). */
export function addrString(a: number): string {
  return `${a >>> 24}.${(a >>> 12) & 0xfff}.${a & 0xfff}`;
}
/** "Z.C.N" back to an address; undefined if malformed. */
export function parseAddr(s: string): number | undefined {
  const p = /^(\d+)\.(\d+)\.(\d+)$/.exec(s);
  if (!p) return undefined;
  return tipcAddr(Number(p[1]), Number(p[2]), Number(p[3]));
}

// The gap ACK record of a STATE body and the media address as text: the reference sends neither
// (its STATE bodies carry no gap ACK record) and the trace printer reads both.

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

/** Store v as a big-endian u16 at offset o (the reference itself never writes a u16 alone). */
function writeU16(b: Uint8Array, o: number, v: number): void {
  b[o] = (v >>> 8) & 0xff;
  b[o + 1] = v & 0xff;
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

/** A media address field as text: "mac=52:54:00:0a:00:01" for Ethernet, "media=T:hex" otherwise. */
export function mediaInfoString(info: Uint8Array): string {
  const type = info[TIPC_MEDIA_TYPE_OFFSET];
  // every discovery message of a run is described with it: a table, not an array and a toString per byte
  if (type === MediaType.TIPC_MEDIA_TYPE_ETH) {
    let mac = 'mac=';
    const end = Math.min(info.length, TIPC_MEDIA_ADDR_OFFSET + 6);
    for (let i = TIPC_MEDIA_ADDR_OFFSET; i < end; i++) mac += `${i > TIPC_MEDIA_ADDR_OFFSET ? ':' : ''}${HEX2[info[i] ?? 0]}`;
    return mac;
  }
  let end = info.length;
  while (end > 0 && info[end - 1] === 0) end--;
  let media = `media=${type}:`;
  for (let i = 0; i < end; i++) media += HEX2[info[i] ?? 0];
  return media;
}

/** Two lowercase hex digits of each byte value. */
const HEX2: readonly string[] = Array.from({ length: 256 }, (_, b) => b.toString(16).padStart(2, '0'));

/**
 * TIPC message header, sans-IO: the constants and the header accessors of the Linux kernel's
 * net/tipc/msg.h. The wire codec (tipc_msg_validate() of msg.c, encode, bundles, tunnel inner
 * messages) is in msg-codec.ts, the bodies the protocol itself defines in msg-bodies.ts. The
 * one-line pretty-printer of the traces is the harness's (harness/msg-describe.ts): the protocol
 * never reads it. So are the msg.h fields the protocol never reads or writes (connections,
 * fragments, groups, importance: harness/msg-fields.ts).
 *
 * A message is a header of up to 15 big-endian u32 words followed by a body. Here it is a
 * `TipcMsg`: `hdr` always holds 15 words as unsigned numbers (words at or beyond hsize are 0
 * and are not sent), `data` holds the body. Accessors follow msg.h one for one, in camelCase
 * (msg_seqno -> msgSeqno, msg_set_seqno -> msgSetSeqno); each names its kernel function.
 * Like the kernel's, setters mask the value to the field's width and never touch other bits.
 *
 * No module state other than constants; nothing here throws on wire input.
 */

import { readU32, writeU32 } from './msg-bytes';

// ---------------------------------------------------------------------------------------------
// Constants (msg.h, node.h, bearer.h, include/uapi/linux/tipc.h)
// ---------------------------------------------------------------------------------------------

/**
 * A frozen table of named numbers typed as plain `number` (not literal types), so that
 * `let t = LinkProtoType.STATE_MSG; t = LinkProtoType.RESET_MSG;` type-checks.
 */
function consts<T extends Record<string, number>>(o: T): { readonly [K in keyof T]: number } {
  return Object.freeze(o);
}

/** msg.h TIPC_VERSION: the only version tipc_msg_validate() accepts. */
export const TIPC_VERSION = 2;

/** msg.h header sizes, in bytes. */
export const SHORT_H_SIZE = 24; // in-cluster data message without orignode/destnode
export const BASIC_H_SIZE = 32; // data message with orignode/destnode
export const NAMED_H_SIZE = 40; // named data message (nametype, nameinst)
export const MCAST_H_SIZE = 44; // multicast data message (nametype, lower, upper)
export const GROUP_H_SIZE = 44; // group communication data message
export const INT_H_SIZE = 40; // every internal (protocol) message
export const MIN_H_SIZE = 24; // smallest header tipc_msg_validate() accepts
export const MAX_H_SIZE = 60; // largest header (hsize is 4 bits of 4-byte units)

/** Number of u32 words in `TipcMsg.hdr` (struct tipc_msg { __be32 hdr[15]; }). */
export const HDR_WORDS = MAX_H_SIZE / 4;

/** uapi tipc.h TIPC_MAX_USER_MSG_SIZE: the largest body tipc_msg_validate() accepts. */
export const TIPC_MAX_USER_MSG_SIZE = 66000;

/** msg.h TIPC_MEDIA_INFO_OFFSET: the discovery media address starts at header word 5. */
export const TIPC_MEDIA_INFO_OFFSET = 5;
/** bearer.h TIPC_MEDIA_INFO_SIZE: the media address field is 32 bytes (words 5..12). */
export const TIPC_MEDIA_INFO_SIZE = 32;
/** bearer.h TIPC_MEDIA_TYPE_OFFSET / TIPC_MEDIA_ADDR_OFFSET, within the media address field. */
export const TIPC_MEDIA_TYPE_OFFSET = 3;
export const TIPC_MEDIA_ADDR_OFFSET = 4;
/** bearer.h media type ids. */
export const MediaType = consts({ TIPC_MEDIA_TYPE_ETH: 1, TIPC_MEDIA_TYPE_IB: 2, TIPC_MEDIA_TYPE_UDP: 3 });

/** Message users, word 0 bits 25-28 (uapi tipc.h importances 0-3, msg.h internal users 5-14). */
export const User = consts({
  TIPC_LOW_IMPORTANCE: 0,
  TIPC_MEDIUM_IMPORTANCE: 1,
  TIPC_HIGH_IMPORTANCE: 2,
  TIPC_CRITICAL_IMPORTANCE: 3,
  BCAST_PROTOCOL: 5,
  MSG_BUNDLER: 6,
  LINK_PROTOCOL: 7,
  CONN_MANAGER: 8,
  GROUP_PROTOCOL: 9,
  TUNNEL_PROTOCOL: 10,
  NAME_DISTRIBUTOR: 11,
  MSG_FRAGMENTER: 12,
  LINK_CONFIG: 13,
  MSG_CRYPTO: 14,
});

/** msg.h TIPC_SYSTEM_IMPORTANCE: an importance (bundler/fragmenter word 9), never a user on the wire. */
export const TIPC_SYSTEM_IMPORTANCE = 4;

/** Data message types (users 0-3), word 1 bits 29-31. */
export const DataType = consts({
  TIPC_CONN_MSG: 0,
  TIPC_MCAST_MSG: 1,
  TIPC_NAMED_MSG: 2,
  TIPC_DIRECT_MSG: 3,
  TIPC_GRP_MEMBER_EVT: 4,
  TIPC_GRP_BCAST_MSG: 5,
  TIPC_GRP_MCAST_MSG: 6,
  TIPC_GRP_UCAST_MSG: 7,
});
/** CONN_MANAGER types. */
export const ConnMgrType = consts({ CONN_PROBE: 0, CONN_PROBE_REPLY: 1, CONN_ACK: 2 });
/** NAME_DISTRIBUTOR types. */
export const NameDistrType = consts({ PUBLICATION: 0, WITHDRAWAL: 1 });
/** MSG_FRAGMENTER types. */
export const FragType = consts({ FIRST_FRAGMENT: 0, FRAGMENT: 1, LAST_FRAGMENT: 2 });
/** LINK_PROTOCOL types (BCAST_PROTOCOL uses STATE_MSG too). */
export const LinkProtoType = consts({ STATE_MSG: 0, RESET_MSG: 1, ACTIVATE_MSG: 2 });
/** TUNNEL_PROTOCOL types. */
export const TunnelType = consts({ SYNCH_MSG: 0, FAILOVER_MSG: 1 });
/** LINK_CONFIG (discovery) types. */
export const DscType = consts({ DSC_REQ_MSG: 0, DSC_RESP_MSG: 1, DSC_TRIAL_MSG: 2, DSC_TRIAL_FAIL_MSG: 3 });
/** GROUP_PROTOCOL types. */
export const GroupType = consts({
  GRP_JOIN_MSG: 0,
  GRP_LEAVE_MSG: 1,
  GRP_ADV_MSG: 2,
  GRP_ACK_MSG: 3,
  GRP_RECLAIM_MSG: 4,
  GRP_REMIT_MSG: 5,
});
/** MSG_CRYPTO types. */
export const CryptoType = consts({ KEY_DISTR_MSG: 0 });
/** MSG_BUNDLER: the kernel builds bundles with type 0 (tipc_msg_try_bundle). */
export const BundlerType = consts({ BUNDLE: 0 });

/** Error codes, word 1 bits 25-28 of data messages (uapi tipc.h). */
export const ErrCode = consts({
  TIPC_OK: 0,
  TIPC_ERR_NO_NAME: 1,
  TIPC_ERR_NO_PORT: 2,
  TIPC_ERR_NO_NODE: 3,
  TIPC_ERR_OVERLOAD: 4,
  TIPC_CONN_SHUTDOWN: 5,
});

/** Node capability bits (node.h), advertised in LINK_CONFIG word 1 bits 15-27. */
export const Capability = consts({
  TIPC_SYN_BIT: 1 << 0,
  TIPC_BCAST_SYNCH: 1 << 1,
  TIPC_BCAST_STATE_NACK: 1 << 2,
  TIPC_BLOCK_FLOWCTL: 1 << 3,
  TIPC_BCAST_RCAST: 1 << 4,
  TIPC_NODE_ID128: 1 << 5,
  TIPC_LINK_PROTO_SEQNO: 1 << 6,
  TIPC_MCAST_RBCTL: 1 << 7,
  TIPC_GAP_ACK_BLOCK: 1 << 8,
  TIPC_TUNNEL_ENHANCED: 1 << 9,
  TIPC_NAGLE: 1 << 10,
  TIPC_NAMED_BCAST: 1 << 11,
});
/** node.h TIPC_NODE_CAPABILITIES: all of the above, what a current kernel advertises (0xfff). */
export const TIPC_NODE_CAPABILITIES = Object.values(Capability).reduce((a, b) => a | b, 0);

// ---------------------------------------------------------------------------------------------
// The message
// ---------------------------------------------------------------------------------------------

/**
 * A TIPC message: 15 header words and the body after the header. The words are kept as signed
 * 32-bit numbers (the same 32 bits; msgWord() reads one unsigned): V8 keeps every int32 as a small
 * integer, so a header stays a plain array of them, where an unsigned word from 2^31 up would turn
 * the array into one of doubles, a new array per message on the hot path.
 */
export interface TipcMsg {
  hdr: number[];
  data: Uint8Array;
}

// ---------------------------------------------------------------------------------------------
// Generic word and bit access (msg.h msg_word, msg_set_word, msg_bits, msg_set_bits)
// ---------------------------------------------------------------------------------------------

/** msg_word(): header word w as an unsigned 32-bit number. */
export function msgWord(m: TipcMsg, w: number): number {
  return m.hdr[w] >>> 0;
}

/** msg_set_word(): replace header word w. */
export function msgSetWord(m: TipcMsg, w: number, val: number): void {
  m.hdr[w] = val | 0;
}

/** msg_bits(): the field of word w that starts at bit pos and is `mask` wide. */
export function msgBits(m: TipcMsg, w: number, pos: number, mask: number): number {
  return ((m.hdr[w] >>> pos) & mask) >>> 0;
}

/** msg_set_bits(): store val (masked) in that field, leaving the word's other bits alone. */
export function msgSetBits(m: TipcMsg, w: number, pos: number, mask: number, val: number): void {
  const field = mask << pos;
  const bits = (val & mask) << pos;
  m.hdr[w] = (m.hdr[w] & ~field) | bits;
}

/** A flag argument as the bit it sets. */
export function msgFlag(v: boolean | number): number {
  return v ? 1 : 0;
}

// ---------------------------------------------------------------------------------------------
// Word 0
// ---------------------------------------------------------------------------------------------

/** msg_set_version(): the kernel always writes TIPC_VERSION; other values are for tests. */
export function msgSetVersion(m: TipcMsg, v: number = TIPC_VERSION): void {
  msgSetBits(m, 0, 29, 0x7, v);
}

/** msg_user(): bits 25-28. */
export function msgUser(m: TipcMsg): number {
  return msgBits(m, 0, 25, 0xf);
}
/** msg_set_user(). */
export function msgSetUser(m: TipcMsg, n: number): void {
  msgSetBits(m, 0, 25, 0xf, n);
}

/** msg_hdr_sz(): bits 21-24 hold the header size in 4-byte units; returned in bytes. */
export function msgHdrSz(m: TipcMsg): number {
  return msgBits(m, 0, 21, 0xf) << 2;
}
/** msg_set_hdr_sz(): n in bytes; n >> 2 is stored in 4 bits, so 64 would read back as 0. */
export function msgSetHdrSz(m: TipcMsg, n: number): void {
  msgSetBits(m, 0, 21, 0xf, n >>> 2);
}

/** msg_non_seq(): bit 20, sent outside the link sequence (discovery, broadcast NACKs). */
export function msgNonSeq(m: TipcMsg): boolean {
  return msgBits(m, 0, 20, 1) === 1;
}
/** msg_set_non_seq(). */
export function msgSetNonSeq(m: TipcMsg, v: boolean | number): void {
  msgSetBits(m, 0, 20, 1, msgFlag(v));
}

/** msg_is_keepalive(): bit 19 again, in LINK_PROTOCOL STATE (probe or probe reply). */
export function msgIsKeepalive(m: TipcMsg): boolean {
  return msgBits(m, 0, 19, 1) === 1;
}
/** msg_set_is_keepalive(). */
export function msgSetIsKeepalive(m: TipcMsg, v: boolean | number): void {
  msgSetBits(m, 0, 19, 1, msgFlag(v));
}



/** msg_size(): bits 0-16, header plus body in bytes. */
export function msgSize(m: TipcMsg): number {
  return msgBits(m, 0, 0, 0x1ffff);
}
/** msg_set_size(). The kernel ORs sz in unmasked; here it is masked to 17 bits. */
export function msgSetSize(m: TipcMsg, sz: number): void {
  msgSetBits(m, 0, 0, 0x1ffff, sz);
}
/** msg_data(): the body (the array itself, not a copy). */
export function msgData(m: TipcMsg): Uint8Array {
  return m.data;
}

// ---------------------------------------------------------------------------------------------
// Word 1
// ---------------------------------------------------------------------------------------------

/** msg_type(): bits 29-31. */
export function msgType(m: TipcMsg): number {
  return msgBits(m, 1, 29, 0x7);
}
/** msg_set_type(). */
export function msgSetType(m: TipcMsg, n: number): void {
  msgSetBits(m, 1, 29, 0x7, n);
}

/** msg_errcode(): bits 25-28 (data messages). */
export function msgErrcode(m: TipcMsg): number {
  return msgBits(m, 1, 25, 0xf);
}
/** msg_set_errcode(). */
export function msgSetErrcode(m: TipcMsg, err: number): void {
  msgSetBits(m, 1, 25, 0xf, err);
}

/** msg_is_bulk(): bit 28, NAME_DISTRIBUTOR bulk message (reuses an errcode bit). */
export function msgIsBulk(m: TipcMsg): boolean {
  return msgBits(m, 1, 28, 1) === 1;
}
/** msg_set_bulk(): the kernel only ever sets it. */
export function msgSetBulk(m: TipcMsg, v: boolean | number = true): void {
  msgSetBits(m, 1, 28, 1, msgFlag(v));
}
/** msg_is_last_bulk(): bit 27, last message of the NAME_DISTRIBUTOR bulk. */
export function msgIsLastBulk(m: TipcMsg): boolean {
  return msgBits(m, 1, 27, 1) === 1;
}
/** msg_set_last_bulk(). */
export function msgSetLastBulk(m: TipcMsg, v: boolean | number = true): void {
  msgSetBits(m, 1, 27, 1, msgFlag(v));
}
/** Alias of msgSetBulk (msg_set_bulk), named after its getter. */
export const msgSetIsBulk = msgSetBulk;
/** Alias of msgSetLastBulk (msg_set_last_bulk), named after its getter. */
export const msgSetIsLastBulk = msgSetLastBulk;
/** Bit 26, set by a node that carries named_seqno (the kernel has only msg_is_legacy). */
export function msgNotLegacy(m: TipcMsg): boolean {
  return msgBits(m, 1, 26, 1) === 1;
}
/** msg_set_non_legacy(). */
export function msgSetNotLegacy(m: TipcMsg, v: boolean | number = true): void {
  msgSetBits(m, 1, 26, 1, msgFlag(v));
}
/** msg_is_legacy(): bit 26 clear, a sender from before "update a binding service via broadcast". */
export function msgIsLegacy(m: TipcMsg): boolean {
  return !msgNotLegacy(m);
}



/** msg_bcast_ack(): bits 0-15. */
export function msgBcastAck(m: TipcMsg): number {
  return msgBits(m, 1, 0, 0xffff);
}
/** msg_set_bcast_ack(). */
export function msgSetBcastAck(m: TipcMsg, n: number): void {
  msgSetBits(m, 1, 0, 0xffff, n);
}

/** msg_dest_session_valid(): bit 16, ACTIVATE_MSG only. */
export function msgDestSessionValid(m: TipcMsg): boolean {
  return msgBits(m, 1, 16, 1) === 1;
}
/** msg_set_dest_session_valid(). */
export function msgSetDestSessionValid(m: TipcMsg, v: boolean | number): void {
  msgSetBits(m, 1, 16, 1, msgFlag(v));
}
/** msg_dest_session(): bits 0-15, ACTIVATE_MSG only (the peer's session being answered). */
export function msgDestSession(m: TipcMsg): number {
  return msgBits(m, 1, 0, 0xffff);
}
/** msg_set_dest_session(). */
export function msgSetDestSession(m: TipcMsg, n: number): void {
  msgSetBits(m, 1, 0, 0xffff, n);
}

/** msg_seq_gap(): bits 16-28, LINK_PROTOCOL STATE (NACK: packets missing after ack). */
export function msgSeqGap(m: TipcMsg): number {
  return msgBits(m, 1, 16, 0x1fff);
}
/** msg_set_seq_gap(). */
export function msgSetSeqGap(m: TipcMsg, n: number): void {
  msgSetBits(m, 1, 16, 0x1fff, n);
}

/** msg_node_sig(): bits 0-15, LINK_CONFIG. */
export function msgNodeSig(m: TipcMsg): number {
  return msgBits(m, 1, 0, 0xffff);
}
/** msg_set_node_sig(). */
export function msgSetNodeSig(m: TipcMsg, n: number): void {
  msgSetBits(m, 1, 0, 0xffff, n);
}

/** msg_node_capabilities(): bits 15-27, LINK_CONFIG. */
export function msgNodeCapabilities(m: TipcMsg): number {
  return msgBits(m, 1, 15, 0x1fff);
}
/** msg_set_node_capabilities(). */
export function msgSetNodeCapabilities(m: TipcMsg, n: number): void {
  msgSetBits(m, 1, 15, 0x1fff, n);
}

// ---------------------------------------------------------------------------------------------
// Word 2
// ---------------------------------------------------------------------------------------------

/** msg_ack(): bits 16-31, last packet received in sequence on the link. */
export function msgAck(m: TipcMsg): number {
  return msgBits(m, 2, 16, 0xffff);
}
/** msg_set_ack(). */
export function msgSetAck(m: TipcMsg, n: number): void {
  msgSetBits(m, 2, 16, 0xffff, n);
}

/** msg_seqno(): bits 0-15, link sequence number. */
export function msgSeqno(m: TipcMsg): number {
  return msgBits(m, 2, 0, 0xffff);
}
/** msg_set_seqno(). */
export function msgSetSeqno(m: TipcMsg, n: number): void {
  msgSetBits(m, 2, 0, 0xffff, n);
}

/** msg_dest_domain(): the whole word, LINK_CONFIG. */
export function msgDestDomain(m: TipcMsg): number {
  return msgWord(m, 2);
}
/** msg_set_dest_domain(). */
export function msgSetDestDomain(m: TipcMsg, n: number): void {
  msgSetWord(m, 2, n);
}


// ---------------------------------------------------------------------------------------------
// Word 3
// ---------------------------------------------------------------------------------------------

/** msg_prevnode(): address of the node that sent this hop. */
export function msgPrevnode(m: TipcMsg): number {
  return msgWord(m, 3);
}
/** msg_set_prevnode(). */
export function msgSetPrevnode(m: TipcMsg, a: number): void {
  msgSetWord(m, 3, a);
}

// ---------------------------------------------------------------------------------------------
// Word 4
// ---------------------------------------------------------------------------------------------

/** msg_set_origport(). */
export function msgSetOrigport(m: TipcMsg, p: number): void {
  msgSetWord(m, 4, p);
}

/** msg_named_seqno(): bits 0-15, NAME_DISTRIBUTOR sequence number (0 in legacy messages). */
export function msgNamedSeqno(m: TipcMsg): number {
  return msgBits(m, 4, 0, 0xffff);
}
/** msg_set_named_seqno(). */
export function msgSetNamedSeqno(m: TipcMsg, n: number): void {
  msgSetBits(m, 4, 0, 0xffff, n);
}

/** msg_last_bcast(): bits 16-31, LINK_PROTOCOL / BCAST_PROTOCOL: sender's broadcast snd_nxt - 1. */
export function msgLastBcast(m: TipcMsg): number {
  return msgBits(m, 4, 16, 0xffff);
}
/** msg_set_last_bcast(). */
export function msgSetLastBcast(m: TipcMsg, n: number): void {
  msgSetBits(m, 4, 16, 0xffff, n);
}


/** msg_next_sent(): bits 0-15, LINK_PROTOCOL: sender's link snd_nxt. */
export function msgNextSent(m: TipcMsg): number {
  return msgBits(m, 4, 0, 0xffff);
}
/** msg_set_next_sent(). */
export function msgSetNextSent(m: TipcMsg, n: number): void {
  msgSetBits(m, 4, 0, 0xffff, n);
}

/** msg_bc_netid(): the whole word, LINK_CONFIG network id. */
export function msgBcNetid(m: TipcMsg): number {
  return msgWord(m, 4);
}
/** msg_set_bc_netid(). */
export function msgSetBcNetid(m: TipcMsg, id: number): void {
  msgSetWord(m, 4, id);
}


// ---------------------------------------------------------------------------------------------
// Word 5
// ---------------------------------------------------------------------------------------------

/** msg_destport(): the whole word. */
export function msgDestport(m: TipcMsg): number {
  return msgWord(m, 5);
}
/** msg_set_destport(). */
export function msgSetDestport(m: TipcMsg, p: number): void {
  msgSetWord(m, 5, p);
}
/** msg_mc_netid(): the whole word. */
export function msgMcNetid(m: TipcMsg): number {
  return msgWord(m, 5);
}
/** msg_set_mc_netid(). */
export function msgSetMcNetid(m: TipcMsg, p: number): void {
  msgSetWord(m, 5, p);
}

/** msg_session(): bits 16-31, LINK_PROTOCOL link session number. */
export function msgSession(m: TipcMsg): number {
  return msgBits(m, 5, 16, 0xffff);
}
/** msg_set_session(). */
export function msgSetSession(m: TipcMsg, n: number): void {
  msgSetBits(m, 5, 16, 0xffff, n);
}

/**
 * msg_bc_ack_invalid(): bit 14. As in the kernel, read only for LINK_PROTOCOL, BCAST_PROTOCOL
 * and NAME_DISTRIBUTOR; false for every other user (the bit is destport there).
 */
export function msgBcAckInvalid(m: TipcMsg): boolean {
  const u = msgUser(m);
  if (u === User.LINK_PROTOCOL || u === User.BCAST_PROTOCOL || u === User.NAME_DISTRIBUTOR) {
    return msgBits(m, 5, 14, 1) === 1;
  }
  return false;
}
/** msg_set_bc_ack_invalid(). */
export function msgSetBcAckInvalid(m: TipcMsg, v: boolean | number): void {
  msgSetBits(m, 5, 14, 1, msgFlag(v));
}

/** msg_peer_stopping(): bit 13, RESET from an endpoint going down. */
export function msgPeerStopping(m: TipcMsg): boolean {
  return msgBits(m, 5, 13, 1) === 1;
}
/** msg_set_peer_stopping(). */
export function msgSetPeerStopping(m: TipcMsg, v: boolean | number): void {
  msgSetBits(m, 5, 13, 1, msgFlag(v));
}

/** msg_redundant_link(): bit 12, the sender's node is up (its broadcast receive link is up). */
export function msgRedundantLink(m: TipcMsg): boolean {
  return msgBits(m, 5, 12, 1) === 1;
}
/** msg_set_redundant_link(). */
export function msgSetRedundantLink(m: TipcMsg, v: boolean | number): void {
  msgSetBits(m, 5, 12, 1, msgFlag(v));
}

/** msg_bearer_id(): bits 9-11 (in TUNNEL_PROTOCOL: the peer's bearer id of the tunnelled link). */
export function msgBearerId(m: TipcMsg): number {
  return msgBits(m, 5, 9, 0x7);
}
/** msg_set_bearer_id(). */
export function msgSetBearerId(m: TipcMsg, n: number): void {
  msgSetBits(m, 5, 9, 0x7, n);
}

/** msg_linkprio(): bits 4-8, link priority (0 = unchanged). */
export function msgLinkprio(m: TipcMsg): number {
  return msgBits(m, 5, 4, 0x1f);
}
/** msg_set_linkprio(). */
export function msgSetLinkprio(m: TipcMsg, n: number): void {
  msgSetBits(m, 5, 4, 0x1f, n);
}
/** Alias of msgLinkprio (msg_linkprio). */
export const msgLinkPriority = msgLinkprio;
/** Alias of msgSetLinkprio (msg_set_linkprio). */
export const msgSetLinkPriority = msgSetLinkprio;

/**
 * msg_net_plane(): bits 1-3 as a number 0..7. The kernel returns the letter 'A' + bits (and a
 * bearer's plane is 'A' + bearer_id, so bearer 0 sends 0); harness/msg-describe.ts prints the letter.
 */
export function msgNetPlane(m: TipcMsg): number {
  return msgBits(m, 5, 1, 0x7);
}
/** msg_set_net_plane(): the plane as a number 0..7 (the kernel's char less 'A'). */
export function msgSetNetPlane(m: TipcMsg, plane: number): void {
  msgSetBits(m, 5, 1, 0x7, plane);
}

/** msg_probe(): bit 0, STATE that asks for an answer. */
export function msgProbe(m: TipcMsg): boolean {
  return msgBits(m, 5, 0, 1) === 1;
}
/** msg_set_probe(). */
export function msgSetProbe(m: TipcMsg, v: boolean | number): void {
  msgSetBits(m, 5, 0, 1, msgFlag(v));
}

/**
 * msg_media_addr(): LINK_CONFIG carries the sender's media address in words 5..12
 * (TIPC_MEDIA_INFO_SIZE bytes, overlaying destport, orignode and destnode). Returns a copy.
 */
export function msgMediaAddr(m: TipcMsg): Uint8Array {
  return msgMediaAddrInto(m, new Uint8Array(TIPC_MEDIA_INFO_SIZE));
}
/** msgMediaAddr() written into `out` (TIPC_MEDIA_INFO_SIZE bytes), which it returns. */
export function msgMediaAddrInto(m: TipcMsg, out: Uint8Array): Uint8Array {
  for (let i = 0; i < TIPC_MEDIA_INFO_SIZE / 4; i++) {
    writeU32(out, i * 4, msgWord(m, TIPC_MEDIA_INFO_OFFSET + i));
  }
  return out;
}
/** Byte k of the media address field, read in place (msgMediaAddr(m)[k]). */
export function msgMediaByte(m: TipcMsg, k: number): number {
  return msgBits(m, TIPC_MEDIA_INFO_OFFSET + (k >> 2), (3 - (k & 3)) * 8, 0xff);
}

/** The media address field equals `info` (TIPC_MEDIA_INFO_SIZE bytes), compared in place, with no copy. */
export function msgMediaAddrIs(m: TipcMsg, info: Uint8Array | undefined): boolean {
  if (info === undefined || info.length !== TIPC_MEDIA_INFO_SIZE) return false;
  for (let i = 0; i < TIPC_MEDIA_INFO_SIZE / 4; i++) if (readU32(info, i * 4) !== msgWord(m, TIPC_MEDIA_INFO_OFFSET + i)) return false;
  return true;
}

/** Write the media address field (up to 32 bytes; the rest of the field is zeroed). */
export function msgSetMediaAddr(m: TipcMsg, info: Uint8Array): void {
  const buf = new Uint8Array(TIPC_MEDIA_INFO_SIZE);
  buf.set(info.subarray(0, TIPC_MEDIA_INFO_SIZE));
  for (let i = 0; i < TIPC_MEDIA_INFO_SIZE / 4; i++) {
    msgSetWord(m, TIPC_MEDIA_INFO_OFFSET + i, readU32(buf, i * 4));
  }
}

// ---------------------------------------------------------------------------------------------
// Words 6-14
// ---------------------------------------------------------------------------------------------

/** msg_short(): a SHORT_H_SIZE header has no orignode/destnode words. */
export function msgShort(m: TipcMsg): boolean {
  return msgHdrSz(m) === SHORT_H_SIZE;
}

/** msg_orignode(): word 6; for a short header, prevnode. */
export function msgOrignode(m: TipcMsg): number {
  if (msgShort(m)) return msgPrevnode(m);
  return msgWord(m, 6);
}
/** msg_set_orignode(). */
export function msgSetOrignode(m: TipcMsg, a: number): void {
  msgSetWord(m, 6, a);
}

/** msg_destnode(): word 7. */
export function msgDestnode(m: TipcMsg): number {
  return msgWord(m, 7);
}
/** msg_set_destnode(). */
export function msgSetDestnode(m: TipcMsg, a: number): void {
  msgSetWord(m, 7, a);
}


/** msg_bc_gap(): word 8 bits 0-9, LINK_PROTOCOL STATE: broadcast packets missing. */
export function msgBcGap(m: TipcMsg): number {
  return msgBits(m, 8, 0, 0x3ff);
}
/** msg_set_bc_gap(). */
export function msgSetBcGap(m: TipcMsg, n: number): void {
  msgSetBits(m, 8, 0, 0x3ff, n);
}


/** msg_msgcnt(): word 9 bits 16-31 (bundles, FAILOVER tunnel messages). */
export function msgMsgcnt(m: TipcMsg): number {
  return msgBits(m, 9, 16, 0xffff);
}
/** msg_set_msgcnt(). */
export function msgSetMsgcnt(m: TipcMsg, n: number): void {
  msgSetBits(m, 9, 16, 0xffff, n);
}
/** msg_syncpt(): word 9 bits 16-31 (SYNCH tunnel messages). */
export function msgSyncpt(m: TipcMsg): number {
  return msgBits(m, 9, 16, 0xffff);
}
/** msg_set_syncpt(). */
export function msgSetSyncpt(m: TipcMsg, n: number): void {
  msgSetBits(m, 9, 16, 0xffff, n);
}
/** msg_max_pkt(): word 9 bits 16-31 hold the MTU divided by 4; returned in bytes. */
export function msgMaxPkt(m: TipcMsg): number {
  return msgBits(m, 9, 16, 0xffff) * 4;
}
/** msg_set_max_pkt(): n in bytes, stored as n / 4 (rounded down). */
export function msgSetMaxPkt(m: TipcMsg, n: number): void {
  msgSetBits(m, 9, 16, 0xffff, Math.floor(n / 4));
}
/** msg_link_tolerance(): word 9 bits 0-15, ms (0 = unchanged). */
export function msgLinkTolerance(m: TipcMsg): number {
  return msgBits(m, 9, 0, 0xffff);
}
/** msg_set_link_tolerance(). */
export function msgSetLinkTolerance(m: TipcMsg, n: number): void {
  msgSetBits(m, 9, 0, 0xffff, n);
}



/** msg_peer_net_hash(): word 13, LINK_CONFIG. */
export function msgPeerNetHash(m: TipcMsg): number {
  return msgWord(m, 13);
}
/** msg_set_peer_net_hash(). */
export function msgSetPeerNetHash(m: TipcMsg, n: number): void {
  msgSetWord(m, 13, n);
}

/** msg_set_sugg_node_addr(). */
export function msgSetSuggNodeAddr(m: TipcMsg, n: number): void {
  msgSetWord(m, 14, n);
}

// ---------------------------------------------------------------------------------------------
// Predicates (msg.h)
// ---------------------------------------------------------------------------------------------

/** msg_peer_link_is_up(): anything but a LINK_PROTOCOL RESET/ACTIVATE implies the peer's link is up. */
export function msgPeerLinkIsUp(m: TipcMsg): boolean {
  if (msgUser(m) !== User.LINK_PROTOCOL) return true;
  return msgType(m) === LinkProtoType.STATE_MSG;
}
/** msg_peer_node_is_up(). */
export function msgPeerNodeIsUp(m: TipcMsg): boolean {
  return msgPeerLinkIsUp(m) || msgRedundantLink(m);
}

// ---------------------------------------------------------------------------------------------
// Building
// ---------------------------------------------------------------------------------------------

/**
 * tipc_msg_init(): a zeroed header with version, user, hsize, msize = hsize, prevnode and type;
 * orignode = ownNode and destnode = dnode when the header is longer than SHORT_H_SIZE. Empty body.
 */
/**
 * The body of a message that has none, shared by every such message: a body is never written in
 * place (msgSetData and msgSetBody replace it), and nothing can be written into zero bytes anyway.
 */
export const NO_BODY: Uint8Array = new Uint8Array(0);

/** HDR_WORDS words of 0, as TipcMsg.hdr keeps them (small integers). */
export function emptyHeader(): number[] {
  return [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0];
}

export function msgInit(ownNode: number, user: number, type: number, hsize: number, dnode: number): TipcMsg {
  const m: TipcMsg = { hdr: emptyHeader(), data: NO_BODY };
  msgSetVersion(m);
  msgSetUser(m, user);
  msgSetHdrSz(m, hsize);
  msgSetSize(m, hsize);
  msgSetPrevnode(m, ownNode);
  msgSetType(m, type);
  if (hsize > SHORT_H_SIZE) {
    msgSetOrignode(m, ownNode);
    msgSetDestnode(m, dnode);
  }
  return m;
}


/** Replace the body (copied) and set msize = hsize + body length. */
export function msgSetData(m: TipcMsg, bytes: Uint8Array): void {
  // a plain Uint8Array copy (the constructor copies in one go; Uint8Array.from walks an iterator
  // byte by byte, and a Buffer's slice() would share memory)
  m.data = bytes.length === 0 ? NO_BODY : new Uint8Array(bytes);
  msgSetSize(m, msgHdrSz(m) + bytes.length);
}

/**
 * msgSetData() for a body the caller hands over and never writes again (one it just built, or a
 * constant): the message keeps the array itself, with no copy.
 */
export function msgSetBody(m: TipcMsg, bytes: Uint8Array): void {
  m.data = bytes;
  msgSetSize(m, msgHdrSz(m) + bytes.length);
}

/** A deep copy. */
export function msgClone(m: TipcMsg): TipcMsg {
  const hdr = emptyHeader();
  for (let i = 0; i < HDR_WORDS; i++) hdr[i] = m.hdr[i] | 0;
  return { hdr, data: m.data.length === 0 ? NO_BODY : new Uint8Array(m.data) };
}

// ---------------------------------------------------------------------------------------------
// Addresses
// ---------------------------------------------------------------------------------------------




// ---------------------------------------------------------------------------------------------
// Helpers
// ---------------------------------------------------------------------------------------------


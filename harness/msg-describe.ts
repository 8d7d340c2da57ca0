/**
 * The one-line pretty-printer of TIPC messages, in the format of the captures' frames.log (the
 * relay's decoding of real Linux kernel traffic), the short names of users and types it uses,
 * and the shorter label a sequence chart shows for a message.
 *
 * Nothing here throws on wire input.
 */

import {
  DataType,
  LinkProtoType,
  MCAST_H_SIZE,
  NAMED_H_SIZE,
  TunnelType,
  User,
  type TipcMsg,
  msgAck,
  msgBcAckInvalid,
  msgBcastAck,
  msgBcGap,
  msgBcNetid,
  msgBearerId,
  msgDestDomain,
  msgDestnode,
  msgDestport,
  msgDestSession,
  msgDestSessionValid,
  msgErrcode,
  msgHdrSz,
  msgIsBulk,
  msgIsKeepalive,
  msgIsLastBulk,
  msgLastBcast,
  msgLinkprio,
  msgLinkTolerance,
  msgMaxPkt,
  msgMediaAddr,
  msgMsgcnt,
  msgNamedSeqno,
  msgNetPlane,
  msgNextSent,
  msgNodeCapabilities,
  msgNodeSig,
  msgNonSeq,
  msgNotLegacy,
  msgOrignode,
  msgPeerStopping,
  msgPrevnode,
  msgProbe,
  msgRedundantLink,
  msgSeqGap,
  msgSeqno,
  msgSession,
  msgShort,
  msgSize,
  msgSyncpt,
  msgType,
  msgUser,
  msgWord,
} from '../reference/msg';
import {
  addrString,
  msgAdvWin,
  msgConnAck,
  msgFragmNo,
  msgNameinst,
  msgNametype,
  msgNameupper,
  msgNofFragms,
  msgSuggNodeAddr,
  type GapAck,
  decodeGapAckBlks,
  mediaInfoString,
} from './msg-fields';
import { type DistrItem, decodeIfName, decodeItems } from '../reference/msg-bodies';
import { msgInner } from '../reference/msg-codec';

/** The kernel's letter for a network plane number: 0 -> 'A' (a label only: 6.1 routes nothing by it). */
export function netPlaneName(plane: number): string {
  return String.fromCharCode(0x41 + (plane & 0x7));
}

// ---------------------------------------------------------------------------------------------
// Names
// ---------------------------------------------------------------------------------------------

const USER_NAMES: Readonly<Record<number, string>> = {
  0: 'LOW',
  1: 'MEDIUM',
  2: 'HIGH',
  3: 'CRITICAL',
  5: 'BCAST_PROTOCOL',
  6: 'MSG_BUNDLER',
  7: 'LINK_PROTOCOL',
  8: 'CONN_MANAGER',
  9: 'GROUP_PROTOCOL',
  10: 'TUNNEL_PROTOCOL',
  11: 'NAME_DISTRIBUTOR',
  12: 'MSG_FRAGMENTER',
  13: 'LINK_CONFIG',
  14: 'MSG_CRYPTO',
};

const TYPE_NAMES: Readonly<Record<number, readonly string[]>> = {
  5: ['STATE'],
  6: ['BUNDLE'],
  7: ['STATE', 'RESET', 'ACTIVATE'],
  8: ['CONN_PROBE', 'CONN_PROBE_REPLY', 'CONN_ACK'],
  9: ['GRP_JOIN', 'GRP_LEAVE', 'GRP_ADV', 'GRP_ACK', 'GRP_RECLAIM', 'GRP_REMIT'],
  10: ['SYNCH', 'FAILOVER'],
  11: ['PUBL', 'WITHDRAW'],
  12: ['FIRST_FRAGMENT', 'FRAGMENT', 'LAST_FRAGMENT'],
  13: ['DSC_REQ', 'DSC_RESP', 'DSC_TRIAL', 'DSC_TRIAL_FAIL'],
  14: ['KEY_DISTR'],
};
const DATA_TYPE_NAMES: readonly string[] = [
  'CONN',
  'MCAST',
  'NAMED',
  'DIRECT',
  'GRP_MEMBER_EVT',
  'GRP_BCAST',
  'GRP_MCAST',
  'GRP_UCAST',
];

/** Short name of a user, as frames.log prints it: "LOW", "LINK_PROTOCOL", ...; "USER4" if unknown. */
export function userName(u: number): string {
  return USER_NAMES[u] ?? `USER${u}`;
}

/** Short name of a type for a user: "STATE", "DSC_REQ", "PUBL", "DIRECT", ...; "TYPE5" if unknown. */
export function typeName(user: number, type: number): string {
  const names = user <= User.TIPC_CRITICAL_IMPORTANCE ? DATA_TYPE_NAMES : TYPE_NAMES[user];
  return names?.[type] ?? `TYPE${type}`;
}

// ---------------------------------------------------------------------------------------------
// describe(): one line per message, in the format of the captures' frames.log
// ---------------------------------------------------------------------------------------------

/**
 * A one-line summary: "USER/TYPE hsz=.. msz=.." and then the fields that matter for that user,
 * in the order and spelling of frames.log (so a captured frame's description contains its
 * frames.log text). Flags appear only when set, rarely used fields only when non-zero. Tunnel
 * messages end with "|| INNER: " and the inner message's description, down to DESCRIBE_MAX_INNER
 * levels. At most DESCRIBE_MAX_CHARS characters and a short note of what was cut. Never throws.
 */
export function describe(m: TipcMsg): string {
  return cut(describeAt(m, 0));
}

/**
 * How many tunnelled messages deep describe() goes. The kernel tunnels a link's packets once
 * (tipc_link_tnl_prepare), and such a packet may be a bundle: two levels at most in real traffic.
 * A crafted frame can nest 2,750 TUNNEL_PROTOCOL headers in its 66,000-byte body; each level is
 * a decode that copies the rest of the body, so the work and the text grow with the depth.
 */
export const DESCRIBE_MAX_INNER = 4;

/**
 * The longest description, in characters, before the note of what was cut. A captured frame's is
 * under 400; the longest at DESCRIBE_MAX_INNER levels (gap ACK block lists) are a few thousand.
 * The trace holds one per frame, so a crafted frame must not cost more than a real one.
 */
export const DESCRIBE_MAX_CHARS = 2000;

/** The description cut to DESCRIBE_MAX_CHARS, with how much was left out. */
function cut(s: string): string {
  if (s.length <= DESCRIBE_MAX_CHARS) return s;
  // do not split a surrogate pair (an interface name may hold any character)
  const last = s.charCodeAt(DESCRIBE_MAX_CHARS - 1);
  const end = last >= 0xd800 && last <= 0xdbff ? DESCRIBE_MAX_CHARS - 1 : DESCRIBE_MAX_CHARS;
  return `${s.slice(0, end)} ... (cut, ${s.length - end} more chars)`;
}

/** describe() of a message `depth` tunnel levels down, not cut. */
function describeAt(m: TipcMsg, depth: number): string {
  const u = msgUser(m);
  const t = msgType(m);
  const out: string[] = [`${userName(u)}/${typeName(u, t)}`, `hsz=${msgHdrSz(m)}`, `msz=${msgSize(m)}`];
  const seqAck = (): void => {
    out.push(`seq=${msgSeqno(m)}`, `ack=${msgAck(m)}`, `prev=${addrString(msgPrevnode(m))}`);
  };
  if (msgNonSeq(m)) out.push('non_seq');
  switch (u) {
    case User.LINK_CONFIG:
      describeLinkConfig(m, out);
      break;
    case User.LINK_PROTOCOL:
      seqAck();
      describeLinkProto(m, t, out);
      break;
    case User.BCAST_PROTOCOL:
      seqAck();
      out.push(`last_bcast=${msgLastBcast(m)}`, `bcast_ack=${msgBcastAck(m)}`);
      if (msgBcAckInvalid(m)) out.push('bc_ack_invalid');
      out.push(`dest=${addrString(msgDestnode(m))}`);
      break;
    case User.NAME_DISTRIBUTOR:
      seqAck();
      describeNameDistr(m, out);
      break;
    case User.TUNNEL_PROTOCOL:
      seqAck();
      describeTunnel(m, t, out, depth);
      break;
    case User.MSG_BUNDLER:
      seqAck();
      out.push(`msgcnt=${msgMsgcnt(m)}`);
      break;
    case User.MSG_FRAGMENTER:
      seqAck();
      out.push(`fragm_no=${msgFragmNo(m)}`);
      if (msgNofFragms(m) !== 0) out.push(`nof_fragms=${msgNofFragms(m)}`);
      break;
    default:
      seqAck();
      describeUserMsg(m, u, t, out);
      break;
  }
  return out.join(' ');
}

function describeLinkConfig(m: TipcMsg, out: string[]): void {
  out.push(
    `caps=0x${msgNodeCapabilities(m).toString(16)}`,
    `sig=0x${msgNodeSig(m).toString(16)}`,
    `prev=${addrString(msgPrevnode(m))}`,
  );
  if (msgDestDomain(m) !== 0) out.push(`domain=${addrString(msgDestDomain(m))}`);
  out.push(`netid=${msgBcNetid(m)}`, mediaInfoString(msgMediaAddr(m)));
  if (msgSuggNodeAddr(m) !== 0) out.push(`sugg=${addrString(msgSuggNodeAddr(m))}`);
}

function describeLinkProto(m: TipcMsg, t: number, out: string[]): void {
  out.push(
    `session=${msgSession(m)}`,
    `bearer_id=${msgBearerId(m)}`,
    `next_sent=${msgNextSent(m)}`,
    `last_bcast=${msgLastBcast(m)}`,
  );
  if (t === LinkProtoType.STATE_MSG) out.push(`bcast_ack=${msgBcastAck(m)}`);
  out.push(`peer_node_up(redundant)=${flag(msgRedundantLink(m))}`);
  if (msgBcAckInvalid(m)) out.push('bc_ack_invalid');
  if (msgPeerStopping(m)) out.push('peer_stopping');
  if (t === LinkProtoType.STATE_MSG) {
    out.push(`gap=${msgSeqGap(m)}`);
    if (msgBcGap(m) !== 0) out.push(`bc_gap=${msgBcGap(m)}`);
    if (msgLinkTolerance(m) !== 0) out.push(`tol=${msgLinkTolerance(m)}`);
    if (msgLinkprio(m) !== 0) out.push(`prio=${msgLinkprio(m)}`);
    if (msgProbe(m)) out.push('PROBE');
    if (msgIsKeepalive(m)) out.push('keepalive');
    const ga = decodeGapAckBlks(m.data);
    if (ga && ga.blks.bc.length + ga.blks.uc.length > 0) {
      const s = (l: GapAck[]): string => l.map((b) => `${b.ack}+${b.gap}`).join(',');
      out.push(`gacks=bc[${s(ga.blks.bc)}]uc[${s(ga.blks.uc)}]`);
    }
    return;
  }
  if (t === LinkProtoType.ACTIVATE_MSG && msgDestSessionValid(m)) out.push(`dest_session=${msgDestSession(m)}`);
  if (msgLinkTolerance(m) !== 0) out.push(`tol=${msgLinkTolerance(m)}`);
  if (msgLinkprio(m) !== 0) out.push(`prio=${msgLinkprio(m)}`);
  out.push(`max_pkt=${msgMaxPkt(m)}`, `if=${decodeIfName(m.data)}`, `plane=${netPlaneName(msgNetPlane(m))}`);
}

function describeNameDistr(m: TipcMsg, out: string[]): void {
  out.push(`orig=${addrString(msgOrignode(m))}`, `dest=${addrString(msgDestnode(m))}`);
  if (msgBcAckInvalid(m)) out.push('bc_ack_invalid');
  out.push(
    `named_seqno=${msgNamedSeqno(m)}`,
    `is_bulk=${flag(msgIsBulk(m))}`,
    `is_last_bulk=${flag(msgIsLastBulk(m))}`,
    `not_legacy=${flag(msgNotLegacy(m))}`,
  );
  const items = decodeItems(m.data);
  const show = (it: DistrItem): string => `{${it.type},${it.lower},${it.upper}}`;
  const shown =
    items.length <= 5
      ? items.map(show)
      : [...items.slice(0, 3).map(show), '...', ...items.slice(items.length - 2).map(show)];
  out.push(`items=${items.length}`, `[${shown.join(' ')}]`);
}

function describeTunnel(m: TipcMsg, t: number, out: string[], depth: number): void {
  out.push(t === TunnelType.SYNCH_MSG ? `syncpt=${msgSyncpt(m)}` : `msgcnt=${msgMsgcnt(m)}`);
  out.push(`bearer_id(tunnelled link)=${msgBearerId(m)}`);
  if (msgNofFragms(m) !== 0) {
    out.push(`fragm_no=${msgFragmNo(m)}`, `nof_fragms=${msgNofFragms(m)}`);
    return;
  }
  if (m.data.length === 0) return;
  if (depth >= DESCRIBE_MAX_INNER) {
    // not decoded: the body may hold thousands more levels
    out.push('||', 'INNER:', `... (${m.data.length} bytes nested deeper than ${DESCRIBE_MAX_INNER} levels, not described)`);
    return;
  }
  const inner = msgInner(m);
  out.push('||', 'INNER:', inner.ok ? describeAt(inner.msg, depth + 1) : `(undecodable: ${inner.error.code})`);
}

function describeUserMsg(m: TipcMsg, u: number, t: number, out: string[]): void {
  if (u <= User.TIPC_CRITICAL_IMPORTANCE && msgErrcode(m) !== 0) out.push(`err=${msgErrcode(m)}`);
  if (u === User.CONN_MANAGER) out.push(`conn_ack=${msgConnAck(m)}`, `adv_win=${msgAdvWin(m)}`);
  out.push(`oport=${msgWord(m, 4)}`, `dport=${msgDestport(m)}`);
  if (msgShort(m)) return;
  out.push(`orig=${addrString(msgOrignode(m))}`, `dest=${addrString(msgDestnode(m))}`);
  const hsz = msgHdrSz(m);
  if (u <= User.TIPC_CRITICAL_IMPORTANCE && (t === DataType.TIPC_NAMED_MSG || t === DataType.TIPC_MCAST_MSG) && hsz >= NAMED_H_SIZE) {
    out.push(`nametype=${msgNametype(m)}`, `nameinst=${msgNameinst(m)}`);
    if (t === DataType.TIPC_MCAST_MSG && hsz >= MCAST_H_SIZE) out.push(`nameupper=${msgNameupper(m)}`);
  }
}

function flag(v: boolean): number {
  return v ? 1 : 0;
}

// ---------------------------------------------------------------------------------------------
// chartLabel(): the short label of a sequence chart
// ---------------------------------------------------------------------------------------------

/**
 * "USER/TYPE seq=N" (just "USER/TYPE" for LINK_CONFIG, which has no link sequence number): the
 * first word of describe() and its first seq= field, computed from the header, not the text.
 */
export function chartLabel(m: TipcMsg): string {
  const u = msgUser(m);
  const kind = `${userName(u)}/${typeName(u, msgType(m))}`;
  return u === User.LINK_CONFIG ? kind : `${kind} seq=${msgSeqno(m)}`;
}

/**
 * The kind of a frame that tells its receiver nothing new, for a chart to fold runs of them into
 * one row: a discovery message ("DSC_REQ", "DSC_RESP"), or a link STATE that only acknowledges,
 * probes or answers a probe ("STATE": no gap, no gap ack blocks, no tolerance or priority, not
 * stopping). Undefined for every other frame.
 */
export function chartRoutine(m: TipcMsg): string | undefined {
  const u = msgUser(m);
  if (u === User.LINK_CONFIG) return typeName(u, msgType(m));
  if (u !== User.LINK_PROTOCOL || msgType(m) !== LinkProtoType.STATE_MSG) return undefined;
  if (msgSeqGap(m) !== 0 || msgBcGap(m) !== 0 || msgLinkTolerance(m) !== 0 || msgLinkprio(m) !== 0 || msgPeerStopping(m)) return undefined;
  const ga = decodeGapAckBlks(m.data);
  return ga && ga.blks.bc.length + ga.blks.uc.length > 0 ? undefined : 'STATE';
}

/**
 * The kind of a frame that tells its receiver nothing new when it repeats one sent before: a
 * link's RESET or ACTIVATE, which the link timer sends again until the peer answers. Undefined for
 * every other frame.
 */
export function chartRepeat(m: TipcMsg): string | undefined {
  if (msgUser(m) !== User.LINK_PROTOCOL) return undefined;
  const t = msgType(m);
  return t === LinkProtoType.RESET_MSG || t === LinkProtoType.ACTIVATE_MSG ? typeName(User.LINK_PROTOCOL, t) : undefined;
}

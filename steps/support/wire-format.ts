/**
 * What makes a frame a TIPC message as Linux lays it out (wire-format.feature, MF-4..): the rules
 * the kernel's senders keep (msg.h, tipc_msg_init, tipc_disc_init_msg, tipc_link_build_proto_msg,
 * tipc_link_tnl_prepare), judged on the oracle's reading of the bytes (WireFrame.layout, read by
 * hand at msg.h's positions), and that reading against the fields the harness's codec decoded.
 * test/msg-layout.test.ts holds the frames of two real Linux 6.1 kernels to the same rules.
 */
import {
  ACTIVATE_MSG,
  type BearerIndex,
  LINK_CONFIG,
  LINK_PROTOCOL,
  type MsgLayout,
  type NodeId,
  RESET_MSG,
  TUNNEL_PROTOCOL,
  type WireFrame,
  ifName,
  macHex,
  nodeAddress,
} from '../../contract';

/** msg.h TIPC_VERSION. */
const TIPC_VERSION = 2;
/** msg.h header sizes (bytes). */
const INT_H_SIZE = 40;
const MAX_H_SIZE = 60;
/** What a user message's header may be: SHORT, BASIC, NAMED, MCAST (msg.h). */
const USER_H_SIZES: readonly number[] = [24, 32, 40, 44];
/** Internal users whose messages tipc_msg_init() builds with INT_H_SIZE: BCAST_PROTOCOL, MSG_BUNDLER, LINK_PROTOCOL, TUNNEL_PROTOCOL, NAME_DISTRIBUTOR, MSG_FRAGMENTER. */
const INT_USERS: ReadonlySet<number> = new Set([5, 6, 7, 10, 11, 12]);
/** The largest user importance (TIPC_CRITICAL_IMPORTANCE): users 0-3 are user messages. */
const CRITICAL_IMPORTANCE = 3;
/** msg.h TIPC_SYSTEM_IMPORTANCE: the importance of an internal message (msg_importance). */
const SYSTEM_IMPORTANCE = 4;
/** Ethernet's smallest payload: a shorter frame is padded up to it on the wire. */
const ETH_MIN_PAYLOAD = 46;
/** The MTU of the harness's Ethernet bearers (eth0, eth1): RESET/ACTIVATE's max_pkt (l->advertised_mtu = b->mtu). */
const ETH_MTU = 1500;
/** discovery.c NODE_ID_LEN: a LINK_CONFIG body is the 128-bit node identity. */
const NODE_ID_LEN = 16;
/** uapi tipc.h TIPC_MAX_IF_NAME: a RESET/ACTIVATE body. */
const TIPC_MAX_IF_NAME = 16;
/** bearer.h TIPC_MEDIA_TYPE_ETH. */
const MEDIA_TYPE_ETH = 1;
/** uapi tipc.h TIPC_ERR_NO_PORT. */
const TIPC_ERR_NO_PORT = 2;

/** Who sent a frame, and on which bearer. */
export interface FrameOrigin {
  readonly node: NodeId;
  readonly bearer: BearerIndex;
}

/** "expected X, saw Y" for each rule of msg.h and the kernel's senders the frame breaks. */
export function layoutProblems(l: MsgLayout, o: FrameOrigin): string[] {
  const out = headerProblems(l, l.length <= ETH_MIN_PAYLOAD ? [l.msize, ETH_MIN_PAYLOAD] : [l.msize]);
  const want = (what: string, expected: string | number, seen: string | number): void => {
    if (expected !== seen) out.push(`${what}: expected ${expected}, saw ${seen}`);
  };
  want('prevnode (word 3, tipc_msg_init: the own address)', nodeAddress(o.node), l.prevnode);
  if (l.user === LINK_CONFIG) {
    want('LINK_CONFIG message size (tipc_disc_init_msg: MAX_H_SIZE + NODE_ID_LEN)', MAX_H_SIZE + NODE_ID_LEN, l.msize);
    want('media type (byte 3 of the media address from word 5, tipc_eth_addr2msg)', MEDIA_TYPE_ETH, l.media_type);
    want("media address (the sender's MAC on the bearer, from byte 4 of the media address)", macHex(o.node, o.bearer), l.media_mac);
  }
  if (l.user === LINK_PROTOCOL) {
    want('bearer_id (word 5 bits 9-11, tipc_link_build_proto_msg: l->bearer_id)', o.bearer, l.bearer_id);
    want("net_plane (word 5 bits 1-3: l->net_plane = 'A' + bearer_id)", o.bearer, l.net_plane);
    if (l.mtype === RESET_MSG || l.mtype === ACTIVATE_MSG) {
      want('RESET/ACTIVATE message size (INT_H_SIZE + TIPC_MAX_IF_NAME)', INT_H_SIZE + TIPC_MAX_IF_NAME, l.msize);
      want('interface name in the body (strcpy(data, l->if_name))', ifName(o.bearer), l.body_cstring);
      want('max_pkt (word 9 bits 16-31 in 4-byte units: l->advertised_mtu)', ETH_MTU, l.max_pkt);
      want('dest_session_valid (word 1 bit 16: set in ACTIVATE only)', String(l.mtype === ACTIVATE_MSG), String(l.dest_session_valid));
    }
  }
  if (l.user === TUNNEL_PROTOCOL && l.inner) out.push(...headerProblems(l.inner, [l.inner.msize]).map((p) => `tunnelled message: ${p}`));
  if (l.bundle) out.push(...bundleProblems(l.bundle));
  return out;
}

/**
 * A MSG_BUNDLER bundle (tipc_msg_try_bundle, tipc_msg_bundle): msgcnt counts the messages of its
 * body, each a message by msg.h's rules, and the bundle takes the importance of its first
 * (msg_importance: a user message's user, TIPC_SYSTEM_IMPORTANCE for the others).
 */
function bundleProblems(b: NonNullable<MsgLayout['bundle']>): string[] {
  const out: string[] = [];
  if (b.msgcnt !== b.msgs.length) out.push(`msgcnt of a bundle (word 9 bits 16-31): expected the ${b.msgs.length} messages of its body, saw ${b.msgcnt}`);
  const first = b.msgs[0];
  if (first) {
    const imp = first.user <= CRITICAL_IMPORTANCE && first.errcode === 0 ? first.user : SYSTEM_IMPORTANCE;
    if (b.importance !== imp) out.push(`importance of a bundle (word 9 bits 0-2): expected its first message's, ${imp}, saw ${b.importance}`);
  }
  b.msgs.forEach((m, i) => out.push(...headerProblems(m, [m.msize]).map((p) => `bundled message ${i + 1}: ${p}`)));
  return out;
}

/** msg.h's rules for any message: version, header size for the user, sizes, a user message's ports. */
function headerProblems(l: MsgLayout, lengths: readonly number[]): string[] {
  const out: string[] = [];
  if (l.version !== TIPC_VERSION) out.push(`version (word 0 bits 29-31): expected ${TIPC_VERSION}, saw ${l.version}`);
  const hsizes = l.user === LINK_CONFIG ? [MAX_H_SIZE] : INT_USERS.has(l.user) ? [INT_H_SIZE] : l.user <= CRITICAL_IMPORTANCE ? USER_H_SIZES : [];
  if (hsizes.length > 0 && !hsizes.includes(l.hsize)) out.push(`header size of user ${l.user} (word 0 bits 21-24): expected ${hsizes.join(' or ')} bytes, saw ${l.hsize}`);
  if (l.msize < l.hsize) out.push(`message size (word 0 bits 0-16): expected at least the header size ${l.hsize}, saw ${l.msize}`);
  if (!lengths.includes(l.length)) out.push(`frame length: expected the message size ${lengths.join(' or ')} (Ethernet pads to ${ETH_MIN_PAYLOAD}), saw ${l.length}`);
  if (l.user <= CRITICAL_IMPORTANCE) {
    // tipc_link_tnl_prepare's dummy (tipc_msg_create(..., 0, 0, TIPC_ERR_NO_PORT)) is the one user
    // message without a socket: no port, no body, and an error code that makes the receiver drop it.
    const dummy = l.word4 === 0 && l.word5 === 0 && l.body_empty;
    if (dummy && l.errcode !== TIPC_ERR_NO_PORT) out.push(`error code of a message from no port with no body (the failover dummy, word 1 bits 25-28): expected ${TIPC_ERR_NO_PORT} (TIPC_ERR_NO_PORT), saw ${l.errcode}`);
    if (!dummy && l.word4 === 0) out.push('origport (word 4): expected the sending socket\'s port id (TIPC_MIN_PORT or more), saw 0');
  }
  return out;
}

/** Where the oracle's reading and the harness codec's fields of the same frame differ. */
export function decodedProblems(f: WireFrame, l: MsgLayout): string[] {
  const out: string[] = [];
  const same = (what: string, decoded: number | boolean | undefined, read: number | boolean): void => {
    if (decoded !== undefined && decoded !== read) out.push(`${what}: msg.h's place holds ${String(read)}, the harness decoded ${String(decoded)}`);
  };
  same('user', f.user, l.user);
  same('type', f.mtype, l.mtype);
  same('seqno', f.seqno, l.seqno);
  same('ack', f.ack, l.ack);
  same('origport', f.origport, l.word4);
  if (f.proto) {
    same('session', f.proto.session, l.session);
    same('link tolerance', f.proto.tolerance, l.tolerance);
    same('link priority', f.proto.priority, l.priority);
    same('dest_session given', f.proto.dest_session !== undefined, l.mtype === ACTIVATE_MSG && l.dest_session_valid);
  }
  if (f.disc) {
    same('LINK_CONFIG message size', f.disc.size, l.msize);
    same('network id', f.disc.net_id, l.word4);
  }
  if (f.tunnelled && l.inner) {
    same('tunnelled user', f.tunnelled.user, l.inner.user);
    same('tunnelled type', f.tunnelled.mtype, l.inner.mtype);
    same('tunnelled seqno', f.tunnelled.seqno, l.inner.seqno);
  }
  return out;
}

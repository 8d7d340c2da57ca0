/**
 * The structured values the features name, parsed once from a step's text (by the cucumber
 * parameter types, steps/support/parameter-types.ts) and written back only for messages. Pure: no
 * cucumber, no cluster.
 */
import { type BearerName, type ClusterAdapter, type EndpointRef, type FaultAction, type FrameAlteration, type LinkRef, type NodeId, type ServiceRange, nodeAddress, nodeIdOf } from '../../contract';

/** "<1A-2A>": the link between nodes 1 and 2 on bearer A; both ends name the same bearer. */
export function parseLink(text: string): LinkRef {
  const m = /^<?(\d+)([AB])-(\d+)([AB])>?$/.exec(text);
  if (!m || m[2] !== m[4]) throw new Error(`"${text}" is not a link like <1A-2A> (both ends on the same bearer)`);
  return { a: Number(m[1]), b: Number(m[3]), bearer: m[2] as BearerName };
}

/** A link as the features write it: <1A-2A>. */
export function linkText(l: LinkRef): string {
  return `<${l.a}${l.bearer}-${l.b}${l.bearer}>`;
}

/** "2A": node 2's end of its link on bearer A. */
export function parseEndpoint(text: string): EndpointRef {
  const m = /^(\d+)([AB])$/.exec(text);
  if (!m) throw new Error(`"${text}" is not a link endpoint like 2A (node 2, bearer A)`);
  return { node: Number(m[1]), bearer: m[2] as BearerName };
}

/** A link endpoint as the features write it: 2A. */
export function endpointText(e: EndpointRef): string {
  return `${e.node}${e.bearer}`;
}

/** "{7000, 0, 9}": service type 7000, instances 0 to 9. */
export function parseRange(text: string): ServiceRange {
  const m = /^\{(\d+), (\d+), (\d+)\}$/.exec(text);
  if (!m) throw new Error(`"${text}" is not a service range like {7000, 0, 9} (type, lower, upper)`);
  return { type: Number(m[1]), lower: Number(m[2]), upper: Number(m[3]) };
}

/** A service range as the features write it: {7000, 0, 9}. */
export function rangeText(r: ServiceRange): string {
  return `{${r.type}, ${r.lower}, ${r.upper}}`;
}

export function parseBearer(text: string): BearerName {
  if (text === 'A' || text === 'B') return text;
  throw new Error(`unknown bearer "${text}": the features use bearers A and B`);
}

/** How a binding table message travels: on the broadcast link, or by unicast to one node (bulk, replicast). */
export type DeliveryPath = 'broadcast' | 'unicast';

export function parseDeliveryPath(text: string): DeliveryPath {
  if (text === 'broadcast' || text === 'unicast') return text;
  throw new Error(`"${text}": binding table messages travel by broadcast or by unicast`);
}

/** TIPC_MAX_USER_MSG_SIZE (msg.h): the largest body tipc_msg_validate() lets through. */
const TIPC_MAX_USER_MSG_SIZE = 66000;

/**
 * How a frame is malformed, as the features write it; each breaks one check of tipc_msg_validate()
 * and leaves the rest of the frame as sent:
 *  - "header size N": word 0's header size field says N bytes (a multiple of 4 below 24);
 *  - "version N": its version field says N (0..6, not 2; 7 is TIPC_EVERSION, which marks an
 *    encryption header: a 6.1 kernel built with CONFIG_TIPC_CRYPTO hands such a frame to
 *    tipc_crypto_rcv, not to tipc_msg_validate);
 *  - "message size below the header size": its message size field says 4 bytes less than the header;
 *  - "cut after the header": the frame ends with its header, its message size field unchanged, so
 *    it says more bytes than are present (stays so for a frame of more than 46 bytes of TIPC, once
 *    Ethernet pads it to 60);
 *  - "message size for a 66001-byte body": the size field says a body one byte over
 *    TIPC_MAX_USER_MSG_SIZE (and so more bytes than are present).
 */
export function parseAlteration(text: string): FrameAlteration {
  let m = /^header size (\d+)$/.exec(text);
  if (m) {
    const bytes = Number(m[1]);
    if (bytes % 4 !== 0 || bytes >= 24) throw new Error(`"${text}": a malformed header size is a multiple of 4 below 24 (the field counts 4-byte words, at most 60)`);
    return { kind: 'hsize', bytes };
  }
  m = /^version (\d+)$/.exec(text);
  if (m) {
    const version = Number(m[1]);
    if (version > 6 || version === 2) {
      throw new Error(`"${text}": a malformed version is 0..6 but not 2 (a 3-bit field; TIPC_VERSION is 2, and 7, TIPC_EVERSION, marks an encrypted frame)`);
    }
    return { kind: 'version', version };
  }
  if (text === 'message size below the header size') return { kind: 'msize', body: -4 };
  if (text === 'cut after the header') return { kind: 'cut', body: 0 };
  m = /^max_pkt (\d+)$/.exec(text);
  if (m) {
    const bytes = Number(m[1]);
    if (bytes % 4 !== 0 || bytes > 0x3fffc) throw new Error(`"${text}": max_pkt is a multiple of 4 up to 262140 (the field counts 4-byte units)`);
    return { kind: 'maxpkt', bytes };
  }
  m = /^link priority (\d+)$/.exec(text);
  if (m) {
    const priority = Number(m[1]);
    if (priority > 31) throw new Error(`"${text}": a link priority is 0..31 (a 5-bit field)`);
    return { kind: 'linkprio', priority };
  }
  m = /^body of (\d+) bytes$/.exec(text);
  if (m) return { kind: 'shorten', body: Number(m[1]) };
  if (text === `message size for a ${TIPC_MAX_USER_MSG_SIZE + 1}-byte body`) return { kind: 'msize', body: TIPC_MAX_USER_MSG_SIZE + 1 };
  throw new Error(
    `"${text}" is not a malformation: header size N (below 24), version N (not 2), message size below the header size, cut after the header, message size for a ${TIPC_MAX_USER_MSG_SIZE + 1}-byte body, max_pkt N, body of N bytes, link priority N`,
  );
}

/** 12 hex digits as a MAC is written: 52:54:00:0a:00:02. */
export function colonMac(hex: string): string {
  return (hex.toLowerCase().match(/../g) ?? []).join(':');
}

/**
 * The node capabilities (node.h) a discovery message can be rewritten without, by name. Only the
 * one the features need: more bits mean more ways a scenario can misread a kernel it never saw.
 */
const CLEARABLE_CAPABILITIES: Readonly<Record<string, number>> = { TIPC_NAMED_BCAST: 1 << 11 };

/**
 * How a frame is rewritten, as the features write it: a valid TIPC message still (tipc_msg_validate
 * checks none of these), saying something its sender did not:
 *  - "user N": word 0's user field (0..3 the importance of user data, 8 CONN_MANAGER, ...);
 *  - "message type N": word 1's type field (of user data: 0 TIPC_CONN_MSG ... 3 TIPC_DIRECT_MSG);
 *  - "error code N": word 1's error code field (2 TIPC_ERR_NO_PORT ...);
 *  - "destination port N": word 5;
 *  - "originating node N", "destination node N": word 6 or 7 says node N's address (1.1.N);
 *  - "destination domain N", "previous node N": word 2 (a discovery message's msg_dest_domain) or
 *    word 3 (msg_prevnode) says node N's address (1.1.N); "destination domain 0" is every node;
 *  - "a 24-byte header": a 32-byte header cut to SHORT_H_SIZE, words 6 and 7 taken out;
 *  - "last_bcast N": a LINK_PROTOCOL message's last broadcast packet (word 4 bits 16-31);
 *  - "bc_ack_invalid N": a LINK_PROTOCOL message's bc_ack_invalid bit (word 5 bit 14), 0 or 1;
 *  - "capabilities without TIPC_NAMED_BCAST": a discovery message's node capabilities (word 1
 *    bits 15-27) without that bit.
 */
export function parseRewrite(text: string): FrameAlteration {
  if (text === 'a 24-byte header') return { kind: 'short' };
  const cap = /^capabilities without (\w+)$/.exec(text);
  if (cap) {
    const mask = CLEARABLE_CAPABILITIES[cap[1] ?? ''];
    if (mask === undefined) throw new Error(`"${text}": the capabilities a rewrite can take away are ${Object.keys(CLEARABLE_CAPABILITIES).join(', ')}`);
    return { kind: 'capabilities-cleared', mask };
  }
  const m = /^(user|message type|error code|destination port|originating node|destination node|destination domain|previous node|last_bcast|bc_ack_invalid) (\d+)$/.exec(text);
  if (m) {
    const n = Number(m[2]);
    const limits: Record<string, number> = { user: 15, 'message type': 7, 'error code': 15, 'destination port': 0xffffffff, 'originating node': 0xfff, 'destination node': 0xfff, 'destination domain': 0xfff, 'previous node': 0xfff, last_bcast: 0xffff, bc_ack_invalid: 1 };
    const what = m[1] ?? '';
    if (n > (limits[what] ?? 0)) throw new Error(`"${text}": ${what} is at most ${limits[what]}`);
    switch (what) {
      case 'user':
        return { kind: 'field', field: 'user', value: n };
      case 'message type':
        return { kind: 'field', field: 'mtype', value: n };
      case 'error code':
        return { kind: 'field', field: 'errcode', value: n };
      case 'destination port':
        return { kind: 'field', field: 'destport', value: n };
      case 'originating node':
        return { kind: 'field', field: 'orignode', value: nodeAddress(n) };
      case 'destination domain':
        return { kind: 'field', field: 'destdomain', value: n === 0 ? 0 : nodeAddress(n) };
      case 'previous node':
        return { kind: 'field', field: 'prevnode', value: nodeAddress(n) };
      case 'last_bcast':
        return { kind: 'field', field: 'last_bcast', value: n };
      case 'bc_ack_invalid':
        return { kind: 'field', field: 'bc_ack_invalid', value: n };
      default:
        return { kind: 'field', field: 'destnode', value: nodeAddress(n) };
    }
  }
  throw new Error(`"${text}" is not a rewrite: user N, message type N, error code N, destination port N, originating node N, destination node N, destination domain N, previous node N, last_bcast N, bc_ack_invalid N, a 24-byte header, capabilities without TIPC_NAMED_BCAST`);
}

/** A malformation as the features write it. */
export function alterationText(a: FrameAlteration): string {
  switch (a.kind) {
    case 'hsize':
      return `header size ${a.bytes}`;
    case 'version':
      return `version ${a.version}`;
    case 'msize':
      return a.body < 0 ? 'message size below the header size' : `message size for a ${a.body}-byte body`;
    case 'cut':
      return 'cut after the header';
    case 'maxpkt':
      return `max_pkt ${a.bytes}`;
    case 'shorten':
      return `body of ${a.body} bytes`;
    case 'linkprio':
      return `link priority ${a.priority}`;
    case 'bundled':
      return `bundled message ${a.message}: ${alterationText(a.alteration)}`;
    case 'media-address':
      return `media address ${colonMac(a.mac)}`;
    case 'short':
      return 'a 24-byte header';
    case 'capabilities-cleared': {
      const names = Object.entries(CLEARABLE_CAPABILITIES).filter(([, bit]) => (a.mask & bit) !== 0).map(([name]) => name);
      return `capabilities without ${names.length > 0 ? names.join(', ') : `0x${a.mask.toString(16)}`}`;
    }
    case 'field': {
      const names = { user: 'user', mtype: 'message type', errcode: 'error code', destport: 'destination port', orignode: 'originating node', destnode: 'destination node', destdomain: 'destination domain', prevnode: 'previous node', last_bcast: 'last_bcast', bc_ack_invalid: 'bc_ack_invalid' };
      const v = a.field === 'orignode' || a.field === 'destnode' || a.field === 'prevnode' || (a.field === 'destdomain' && a.value !== 0) ? nodeIdOf(a.value) : a.value;
      return `${names[a.field]} ${v}`;
    }
  }
}

/**
 * What a step does on the wire to each message it picks: drops, delays, duplicates or malforms its
 * first copy only ("once": the retransmission the gap triggers goes by) or every copy
 * ("retransmissions included").
 */
export interface MessageFault {
  readonly kind: 'drop' | 'delay' | 'duplicate' | 'malform';
  /** Added delay, ms (0 unless a delay). */
  readonly ms: number;
  /** Every retransmission of the message too, not only its first copy. */
  readonly retransmissions: boolean;
  /** How a malformed message is altered (kind 'malform' only). */
  readonly alteration?: FrameAlteration;
}

/**
 * "dropped once", "duplicated once", "delayed by 200 ms once", "malformed (version 3) once",
 * "delayed by 200 ms, retransmissions included", "duplicated, retransmissions included",
 * "malformed (version 3), retransmissions included".
 */
export function parseMessageFault(text: string): MessageFault {
  const m = /^(dropped|duplicated|delayed by (\d+) ms|malformed \((.+)\))( once|, retransmissions included)$/.exec(text);
  const retransmissions = m?.[4] === ', retransmissions included';
  if (!m || (m[1] === 'dropped' && retransmissions)) {
    throw new Error(
      `"${text}" is not a message fault: dropped once, duplicated once, delayed by N ms once, malformed (how) once, or duplicated / delayed by N ms / malformed (how), retransmissions included`,
    );
  }
  if (m[3] !== undefined) return { kind: 'malform', ms: 0, retransmissions, alteration: parseAlteration(m[3]) };
  const kind = m[1] === 'dropped' ? 'drop' : m[1] === 'duplicated' ? 'duplicate' : 'delay';
  return { kind, ms: m[2] === undefined ? 0 : Number(m[2]), retransmissions };
}

/** A message fault as the features write it. */
export function messageFaultText(f: MessageFault): string {
  const what =
    f.kind === 'drop'
      ? 'dropped'
      : f.kind === 'duplicate'
        ? 'duplicated'
        : f.kind === 'malform' && f.alteration
          ? `malformed (${alterationText(f.alteration)})`
          : `delayed by ${f.ms} ms`;
  return `${what}${f.retransmissions ? ', retransmissions included' : ' once'}`;
}

/**
 * What a message fault does to the frame, as a fault rule's action. A delay is the features'
 * delay plus the cluster's observation lag, so that it outlasts the steps after it on an IUT that
 * is observed late (a kernel in a VM).
 */
export function messageFaultAction(f: MessageFault, c: ClusterAdapter): FaultAction {
  switch (f.kind) {
    case 'drop':
      return { kind: 'drop' };
    case 'duplicate':
      return { kind: 'duplicate' };
    case 'delay':
      return { kind: 'delay', ms: f.ms + c.latency.observationMs };
    case 'malform':
      if (!f.alteration) throw new Error('a malformed message needs its alteration');
      return { kind: 'malform', alteration: f.alteration };
  }
}

/** "125, 250 and 500" → [125, 250, 500]; "8000" → [8000]: intervals in ms, in order. */
export function intervalList(list: string): number[] {
  return list.split(/, | and /).map(Number);
}

/** [125, 250, 500] → "125, 250 and 500", as the features write intervals. */
export function intervalListText(ms: readonly number[]): string {
  return nodeListText(ms);
}

/** "1, 2 and 3" → [1, 2, 3] */
export function nodeList(list: string): NodeId[] {
  return list.split(/, | and /).map(Number);
}

/** [1, 2, 3] → "1, 2 and 3", as the features write a node list. */
export function nodeListText(nodes: readonly NodeId[]): string {
  return nodes.length <= 1 ? nodes.join('') : `${nodes.slice(0, -1).join(', ')} and ${nodes[nodes.length - 1]}`;
}

/** 16 → [1, ..., 16] */
export function nodesUpTo(last: number): NodeId[] {
  return last >= 1 ? Array.from({ length: last }, (_, i) => i + 1) : [];
}

/** "bearers A and B" → [A, B]; "bearer A" → [A]: the bearers every node of a cluster has. */
export function parseBearerSet(text: string): BearerName[] {
  if (text === 'bearers A and B') return ['A', 'B'];
  if (text === 'bearer A') return ['A'];
  throw new Error(`"${text}": a cluster is joined by "bearers A and B" or by "bearer A"`);
}

/** One transition of an FSM path: the event the FSM took in a state, and the state it went to. */
export interface FsmStep {
  readonly from: string;
  readonly event: string;
  readonly to: string;
}

/** "SELF_UP_PEER_UP -FAILOVER_BEGIN_EVT-> FAILINGOVER -FAILOVER_END_EVT-> SELF_UP_PEER_UP": transitions one after another. */
export function parseFsmPath(text: string): readonly FsmStep[] {
  const parts = text.trim().split(/\s+/);
  const out: FsmStep[] = [];
  for (let i = 1; i + 1 < parts.length; i += 2) {
    const m = /^-([A-Z_]+)->$/.exec(parts[i]);
    if (!m) throw new Error(`"${text}" is not an FSM path like SELF_UP_PEER_UP -FAILOVER_BEGIN_EVT-> FAILINGOVER`);
    out.push({ from: parts[i - 1], event: m[1], to: parts[i + 1] });
  }
  if (out.length === 0 || parts.length % 2 === 0) throw new Error(`"${text}" is not an FSM path like SELF_UP_PEER_UP -FAILOVER_BEGIN_EVT-> FAILINGOVER`);
  return out;
}

/** An FSM path as the features write it. */
export function fsmPathText(path: readonly FsmStep[]): string {
  return [path[0]?.from ?? '', ...path.map((s) => `-${s.event}-> ${s.to}`)].join(' ');
}

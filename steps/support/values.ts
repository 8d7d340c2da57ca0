/**
 * The structured values the features name, parsed once from a step's text (by the cucumber
 * parameter types, steps/support/parameter-types.ts) and written back only for messages. Pure: no
 * cucumber, no cluster.
 */
import type { BearerName, ClusterAdapter, EndpointRef, FaultAction, LinkRef, NodeId, ServiceRange } from '../../contract';

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

/**
 * What a step does on the wire to each message it picks: drops, delays or duplicates its first
 * copy only ("once": the retransmission the gap triggers goes by) or every copy ("retransmissions
 * included").
 */
export interface MessageFault {
  readonly kind: 'drop' | 'delay' | 'duplicate';
  /** Added delay, ms (0 unless a delay). */
  readonly ms: number;
  /** Every retransmission of the message too, not only its first copy. */
  readonly retransmissions: boolean;
}

/** "dropped once", "duplicated once", "delayed by 200 ms once", "delayed by 200 ms, retransmissions included", "duplicated, retransmissions included". */
export function parseMessageFault(text: string): MessageFault {
  const m = /^(dropped|duplicated|delayed by (\d+) ms)( once|, retransmissions included)$/.exec(text);
  const retransmissions = m?.[3] === ', retransmissions included';
  if (!m || (m[1] === 'dropped' && retransmissions)) {
    throw new Error(
      `"${text}" is not a message fault: dropped once, duplicated once, delayed by N ms once, or duplicated / delayed by N ms, retransmissions included`,
    );
  }
  const kind = m[1] === 'dropped' ? 'drop' : m[1] === 'duplicated' ? 'duplicate' : 'delay';
  return { kind, ms: m[2] === undefined ? 0 : Number(m[2]), retransmissions };
}

/** A message fault as the features write it. */
export function messageFaultText(f: MessageFault): string {
  const what = f.kind === 'drop' ? 'dropped' : f.kind === 'duplicate' ? 'duplicated' : `delayed by ${f.ms} ms`;
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

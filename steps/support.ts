/**
 * Shared step vocabulary: Gherkin parameter types for links and link endpoints, and the small
 * helpers steps use to wait and to say what was expected and what was seen.
 */
import { defineParameterType } from '@cucumber/cucumber';
import type { BearerName, ClusterAdapter, NodeId } from '../adapters/adapter';

/** TIPC user and message type numbers the wire rules match on (msg.h). */
export { FAILOVER_MSG, LINK_CONFIG, LINK_PROTOCOL, NAME_DISTRIBUTOR, PUBLICATION, RESET_MSG, TUNNEL_PROTOCOL, WITHDRAWAL } from '../adapters/wire';

/** A link as the commit names it: <1A-2A> is the link between nodes 1 and 2 on bearer A. */
export interface LinkRef {
  readonly a: NodeId;
  readonly b: NodeId;
  readonly bearer: BearerName;
}

/** A link endpoint: 2A is node 2's end of the link on bearer A. */
export interface EndpointRef {
  readonly node: NodeId;
  readonly bearer: BearerName;
}

export function parseLink(s: string): LinkRef {
  const m = /^<?(\d+)([AB])-(\d+)([AB])>?$/.exec(s);
  if (!m || m[2] !== m[4]) throw new Error(`"${s}" is not a link like <1A-2A> (both ends on the same bearer)`);
  return { a: Number(m[1]), b: Number(m[3]), bearer: m[2] as BearerName };
}

export function parseEndpoint(s: string): EndpointRef {
  const m = /^(\d+)([AB])$/.exec(s);
  if (!m) throw new Error(`"${s}" is not a link endpoint like 2A (node 2, bearer A)`);
  return { node: Number(m[1]), bearer: m[2] as BearerName };
}

defineParameterType({ name: 'link', regexp: /<\d+[AB]-\d+[AB]>/, transformer: (s: string) => s });
defineParameterType({ name: 'endpoint', regexp: /\d+[AB]/, transformer: (s: string) => s });

/** A service range as the features write it: {type, lower, upper}, e.g. {7000, 0, 9}. */
export interface ServiceRangeRef {
  readonly type: number;
  readonly lower: number;
  readonly upper: number;
}

defineParameterType({
  name: 'range',
  regexp: /\{\d+, \d+, \d+\}/,
  transformer: (s: string): ServiceRangeRef => {
    const [type, lower, upper] = s.slice(1, -1).split(', ').map(Number);
    return { type, lower, upper };
  },
});

/** "1, 2 and 3" → [1, 2, 3] */
export function nodeList(list: string): number[] {
  return list.split(/, | and /).map(Number);
}

/** "16" → [1, ..., 16] */
export function nodesUpTo(last: string): number[] {
  const n = Number(last);
  return n >= 1 ? Array.from({ length: n }, (_, i) => i + 1) : [];
}

/** The other node of a two-node scenario; steps that use it name no peer. */
export function peerOf(nodes: readonly NodeId[], node: NodeId): NodeId {
  const others = nodes.filter((n) => n !== node);
  if (others.length !== 1 || !nodes.includes(node)) {
    throw new Error(`this step names no peer, so it needs a cluster of two nodes including node ${node}; the cluster is ${nodes.join(', ')}`);
  }
  return others[0];
}

export class ExpectationError extends Error {
  constructor(expected: string, seen: string, hint?: string) {
    super(`expected: ${expected}\n     seen: ${seen}${hint ? `\n     ${hint}` : ''}`);
    this.name = 'ExpectationError';
  }
}

/** Something that can let virtual time run until a condition holds (the World). */
export interface TimeRunner {
  cluster(): Promise<ClusterAdapter>;
  runUntil(pred: () => boolean, maxMs: number): Promise<boolean>;
}

/** Run the cluster until `pred` holds, or fail saying what was expected and what was seen. */
export async function eventually(
  w: TimeRunner,
  maxMs: number,
  pred: () => boolean,
  expected: string,
  seen: () => string,
): Promise<void> {
  const c = await w.cluster();
  const start = c.now();
  if (await w.runUntil(pred, maxMs)) return;
  throw new ExpectationError(`${expected} within ${maxMs} ms`, `after ${c.now() - start} ms: ${seen()}`);
}

export function isUp(state: string): boolean {
  return state === 'ESTABLISHED' || state === 'SYNCHING';
}

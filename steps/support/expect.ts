/**
 * How a step says what it expected and what it saw, and how it waits for something to happen.
 */
import type { Condition, LinkEndpointState, NodeId } from '../../contract';

export class ExpectationError extends Error {
  constructor(expected: string, seen: string, hint?: string) {
    super(`expected: ${expected}\n     seen: ${seen}${hint ? `\n     ${hint}` : ''}`);
    this.name = 'ExpectationError';
  }
}

/** What lets time run until a condition holds (the World). */
export interface TimeRunner {
  /** Current time of the cluster, ms; starts the cluster if it has not started. */
  now(): Promise<number>;
  runUntil(pred: Condition, maxMs: number): Promise<boolean>;
}

/**
 * The settling rule of the name-table observations: a check that finds a table incomplete lets
 * time run, up to its limit, before it fails, for updates still in flight (broadcast
 * retransmissions, a broadcast backlog, a tunnel) to arrive. A step with no limit of its own allows
 * this much, ms: more than two keepalive intervals at the default tolerance (375 ms), time for a
 * broadcast gap to show in a STATE and the missing updates to be retransmitted.
 */
export const NAME_TABLE_SETTLE_MS = 1000;

/** Let time run until `pred` holds, or fail saying what was expected and what was seen. */
export async function eventually(
  w: TimeRunner,
  maxMs: number,
  pred: Condition,
  expected: string,
  seen: () => string | Promise<string>,
): Promise<void> {
  const start = await w.now();
  if (await w.runUntil(pred, maxMs)) return;
  throw new ExpectationError(`${expected} within ${maxMs} ms`, `after ${(await w.now()) - start} ms: ${await seen()}`);
}

/** What `endpointHolds` reads: the time, and one link endpoint's state. */
export interface EndpointWatch extends TimeRunner {
  linkState(): Promise<LinkEndpointState>;
}

/**
 * Let `ms` run with a link endpoint up (ESTABLISHED or SYNCHING) throughout, or not up throughout,
 * failing at once if it is not so when the step starts, and at the first moment it changes, with
 * its state and when. `ep` names it in the messages (1A).
 */
export async function endpointHolds(w: EndpointWatch, ep: string, ms: number, up: boolean): Promise<void> {
  const holds = (s: LinkEndpointState): boolean => isUp(s) === up;
  const expected = `link endpoint ${ep} ${up ? 'up' : 'down (not ESTABLISHED or SYNCHING)'} for ${ms} ms`;
  const start = await w.now();
  const before = await w.linkState();
  if (!holds(before)) throw new ExpectationError(expected, `${ep} is ${before} already`);
  if (await w.runUntil(async () => !holds(await w.linkState()), ms)) {
    throw new ExpectationError(expected, `${ep} ${await w.linkState()} after ${(await w.now()) - start} ms`);
  }
}

/** A link endpoint that carries traffic: ESTABLISHED, or SYNCHING a parallel link (a state read, or one a transition names). */
export function isUp(state: string): boolean {
  return state === 'ESTABLISHED' || state === 'SYNCHING';
}

/** The other node of a two-node scenario; steps that use it name no peer. */
export function peerOf(nodes: readonly NodeId[], node: NodeId): NodeId {
  const others = nodes.filter((n) => n !== node);
  if (others.length !== 1 || !nodes.includes(node)) {
    throw new Error(`this step names no peer, so it needs a cluster of two nodes including node ${node}; the cluster is ${nodes.join(', ')}`);
  }
  return others[0];
}

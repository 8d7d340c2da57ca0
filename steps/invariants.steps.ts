/**
 * Whole-cluster observations that hold after any history of faults, whatever the scenario did: no
 * failover or synch left over, every numbered message delivered once and in order, every FSM
 * transition one the kernel's tables allow. The explorer's invariants (docs/explore.md) are these
 * steps, with "every live node sees every other up" and "the name tables of all live nodes agree".
 */
import { Then } from '@cucumber/cucumber';
import type { BearerName, ClusterAdapter, NodeId, PeerNodeState, StateChange } from '../contract';
import { ExpectationError, eventually } from './support/expect';
import { type Stream, numbersDelivered, sequenceProblems } from './support/streams';
import type { ConformanceWorld } from './support/world';
import { catalogue } from './vocabulary';

/** The peer node states in which a node is in contact with its peer (a link to it up). */
const IN_CONTACT: ReadonlySet<PeerNodeState> = new Set<PeerNodeState>(['SELF_UP_PEER_UP', 'FAILINGOVER', 'SYNCHING']);

/** What is in failover or synch among the live nodes now, one entry each. */
async function leftOver(c: ClusterAdapter, live: readonly NodeId[], bearers: readonly BearerName[]): Promise<string[]> {
  const out: string[] = [];
  for (const n of live) {
    for (const p of live) {
      if (p === n) continue;
      const s = await c.nodeState(n, p);
      if (s === 'FAILINGOVER' || s === 'SYNCHING') out.push(`node ${n} ${s} towards node ${p}`);
      for (const b of bearers) {
        const l = await c.linkState(n, p, b);
        if (l === 'FAILINGOVER' || l === 'SYNCHING') out.push(`link endpoint ${n}${b} to node ${p} ${l}`);
      }
    }
  }
  return out;
}

Then(
  'within {int} ms no live node or link endpoint is in failover or synch',
  catalogue({
    group: 'observation',
    means:
      "Lets time run until no live node's peer node FSM for another live node is FAILINGOVER or SYNCHING and none of their link endpoints on any bearer is FAILINGOVER or SYNCHING: every failover and synch that began has ended, on both sides. Fails listing what is left over.",
    params: [{ name: 'limit', meaning: 'time allowed, ms' }],
    needs: ['link'],
    example: 'within 5000 ms no live node or link endpoint is in failover or synch',
  }),
  async function (this: ConformanceWorld, ms: number) {
    const c = await this.cluster();
    const live = this.liveNodes();
    const bearers = this.setup.bearers();
    await eventually(
      this,
      ms,
      async () => (await leftOver(c, live, bearers)).length === 0,
      'no live node and no link endpoint in FAILINGOVER or SYNCHING',
      async () => (await leftOver(c, live, bearers)).join('; '),
    );
  },
);

/** The receiver's numbered deliveries from the stream's sender to its port, in order. */
function delivered(c: ClusterAdapter, s: Stream): number[] {
  return numbersDelivered(c, s.to, s.from, new Set([s.port]));
}

/**
 * Whether both nodes were in contact with each other when the stream started and stayed so: the
 * last peer node state each reported for the other before the start, and every one after it, is
 * one of IN_CONTACT.
 */
function stayedInContact(changes: readonly StateChange[], s: Stream): boolean {
  for (const [a, b] of [
    [s.from, s.to],
    [s.to, s.from],
  ]) {
    const mine = changes.filter((ch) => ch.what === 'node' && ch.node === a && ch.peer === b);
    const before = mine.filter((ch) => ch.at < s.startedAt);
    const atStart = before.length > 0 ? before[before.length - 1].to : 'ABSENT';
    if (!IN_CONTACT.has(atStart as PeerNodeState)) return false;
    if (mine.some((ch) => ch.at >= s.startedAt && !IN_CONTACT.has(ch.to as PeerNodeState))) return false;
  }
  return true;
}

Then(
  'every numbered message arrived at most once and in order, and none was lost between nodes that stayed in contact, within {int} ms',
  catalogue({
    group: 'observation',
    means:
      "For every numbered message stream the scenario started (one per sender and receiver): lets time run, up to the limit, until the receiver delivered every message sent, then fails on a duplicate or an out-of-order delivery, and on a missing message when both nodes were in contact (peer node FSM SELF_UP_PEER_UP, FAILINGOVER or SYNCHING, from their reported state changes) from the stream's start on: what failover (drop_point) and synch (sync point) guarantee. A message sent while the nodes had lost contact may be lost; a stream whose sender or receiver restarted is not one sequence any more (a new node, a new socket) and is not judged.",
    params: [{ name: 'limit', meaning: 'time allowed, ms' }],
    needs: ['data', 'fsm-events'],
    example: 'every numbered message arrived at most once and in order, and none was lost between nodes that stayed in contact, within 5000 ms',
  }),
  async function (this: ConformanceWorld, ms: number) {
    const c = await this.cluster();
    // a stream across a restart of its sender or receiver is two sequences: not judged
    const streams = this.streams.list().filter((s) => !s.crossedRestart);
    const pairs = new Set<string>();
    for (const s of streams) {
      const pair = `${s.from}>${s.to}`;
      if (pairs.has(pair)) throw new Error(`two numbered message streams from node ${s.from} to node ${s.to} count from 1 alike and cannot be told apart`);
      pairs.add(pair);
    }
    const sent = new Map(streams.map((s) => [s, s.sent]));
    const lossless = (s: Stream): boolean => stayedInContact(c.stateChanges(), s);
    await this.runUntil(() => streams.every((s) => !lossless(s) || new Set(delivered(c, s)).size >= (sent.get(s) ?? 0)), ms);
    const problems: string[] = [];
    for (const s of streams) {
      const p = sequenceProblems(delivered(c, s), sent.get(s) ?? 0, lossless(s));
      if (p.length) problems.push(`node ${s.to} from node ${s.from}: ${p.join(', ')}`);
    }
    if (problems.length) {
      throw new ExpectationError('every numbered message at most once and in order, none lost between nodes in contact', problems.join('; '));
    }
  },
);

Then(
  "every state change the nodes reported is one the kernel's FSM tables allow",
  catalogue({
    group: 'observation',
    means:
      "Now, without waiting: every link endpoint and peer node state change the nodes reported since the cluster started (fsm-events) is a row of the kernel's tables, tipc_link_fsm_evt and tipc_node_fsm_evt: the event leads from the old state to the new one, or the kernel leaves the state as it is (an event it ignores there, or one it calls illegal and refuses with an error, which happens in 6.1: FM-5, FM-6). Fails listing the first changes the tables do not allow: a wrong next state, or a state left on an event the kernel ignores or refuses there.",
    params: [],
    needs: ['fsm-events'],
    example: "every state change the nodes reported is one the kernel's FSM tables allow",
  }),
  async function (this: ConformanceWorld) {
    const c = await this.cluster();
    const bad = c.stateChanges().filter((ch) => !this.transitionAllowed(ch));
    if (bad.length > 0) {
      const text = (ch: StateChange): string =>
        `at ${ch.at} ms ${ch.what === 'link' ? `link endpoint ${ch.node}${ch.bearer ?? ''} to node ${ch.peer}` : `node ${ch.node}'s FSM for node ${ch.peer}`}: ${ch.from} -${ch.event}-> ${ch.to}`;
      throw new ExpectationError(
        "every state change a row of the kernel's FSM tables",
        `${bad.length} not: ${bad.slice(0, 5).map(text).join('; ')}${bad.length > 5 ? '; ...' : ''}`,
      );
    }
  },
);

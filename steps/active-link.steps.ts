/**
 * Which of two parallel links carries a node's user traffic (the active slots of
 * __tipc_node_link_up / __tipc_node_link_down, tipc_node_xmit's active_links[selector & 1]),
 * read off the bearer of the numbered messages' frames on the wire.
 */
import { Then } from '@cucumber/cucumber';
import { type BearerName, type ClusterAdapter, DIRECT_MSG, LOW_IMPORTANCE, type NodeId, type WireFrame } from '../contract';
import { ExpectationError } from './support/expect';
import { BEARER } from './support/parameter-types';
import type { ConformanceWorld } from './support/world';
import { catalogue } from './vocabulary';

const SENDER = { name: 'from', meaning: 'the sending node (node number)' };
const RECEIVER = { name: 'to', meaning: 'the receiving node (node number)' };
const TIME = { name: 'time', meaning: 'how long to watch, ms' };

/** Every frame the harness handled or still carries. */
function allFrames(c: ClusterAdapter): WireFrame[] {
  return [...c.wireFrames(), ...c.framesOnTheWay()];
}

/**
 * Lets time run for `ms` with the sender's stream going, and returns the frames of the numbered
 * messages (DIRECT_MSG at the default importance) `from` sent `to` in that time, copies and
 * retransmissions included: those sent after the start (numbered above every frame seen then),
 * delivered or still on their way. Fails if the sender has no stream to the receiver or sent nothing.
 */
async function watchNumbered(w: ConformanceWorld, from: NodeId, to: NodeId, ms: number): Promise<WireFrame[]> {
  if (!w.streams.between(from, to).some((s) => s.active)) throw new Error(`node ${from} is not sending numbered messages to node ${to}: start a stream first`);
  const c = await w.cluster();
  const before = allFrames(c).reduce((n, f) => Math.max(n, f.n), 0);
  await w.runUntil(() => false, ms);
  const frames = allFrames(c).filter((f) => f.n > before && f.from === from && f.to === to && f.user === LOW_IMPORTANCE && f.mtype === DIRECT_MSG);
  if (frames.length === 0) throw new ExpectationError(`numbered messages from node ${from} to node ${to} in ${ms} ms`, 'none was sent');
  return frames;
}

function wrongBearer(frames: readonly WireFrame[], bearer: (f: WireFrame) => BearerName): WireFrame | undefined {
  return frames.find((f) => f.bearer !== bearer(f));
}

function frameText(f: WireFrame): string {
  return `#${f.n} at ${f.at} ms on bearer ${f.bearer} (seqno ${f.seqno ?? '?'}, origport ${f.origport ?? '?'})`;
}

const SLOTS =
  'A node sends a user message on the active link of slot selector & 1 (tipc_node_xmit; a socket\'s selector is its port id). The first link up takes both slots; a second one that comes up takes both if its priority is higher, slot 1 only if it is equal, none if it is lower (__tipc_node_link_up); a link that goes down leaves both to the best other (__tipc_node_link_down).';

Then(
  "node {int}'s numbered messages to node {int} go by bearer {bearer} for the next {int} ms",
  catalogue({
    group: 'observation',
    means: `Lets time run for the given time with the sender's stream going, and checks on the wire that every frame of a numbered message (DIRECT_MSG at the default importance) the first node sent the second in it (sent, not delivered: a frame on its way when the time starts does not count) went on the bearer given: the link there holds both active slots. ${SLOTS} Fails on the first frame on another bearer, or if the stream sent nothing in that time.`,
    params: [SENDER, RECEIVER, { name: 'bearer', meaning: 'bearer letter: A (eth0) or B (eth1)', type: BEARER }, TIME],
    needs: ['data'],
    example: "node 1's numbered messages to node 2 go by bearer B for the next 100 ms",
  }),
  async function (this: ConformanceWorld, from: number, to: number, bearer: BearerName, ms: number) {
    const frames = await watchNumbered(this, from, to, ms);
    const wrong = wrongBearer(frames, () => bearer);
    if (wrong) throw new ExpectationError(`node ${from}'s numbered messages to node ${to} on bearer ${bearer} (${frames.length} frames)`, frameText(wrong));
  },
);

Then(
  "node {int}'s numbered messages to node {int} go by bearer {bearer} if their sender port is even, by bearer {bearer} if it is odd, for the next {int} ms",
  catalogue({
    group: 'observation',
    means: `Lets time run for the given time with the sender's stream going, and checks on the wire that every frame of a numbered message (DIRECT_MSG at the default importance) the first node sent the second in it (sent, not delivered: a frame on its way when the time starts does not count) went on the first bearer if its origin port (the sending socket's port id, the selector) is even, on the second if it is odd: the two links share the traffic, the first holding slot 0 and the second slot 1. ${SLOTS} Fails on the first frame on the other bearer, or if the stream sent nothing in that time.`,
    params: [
      SENDER,
      RECEIVER,
      { name: 'even', meaning: 'the bearer of slot 0: A (eth0) or B (eth1)', type: BEARER },
      { name: 'odd', meaning: 'the bearer of slot 1', type: BEARER },
      TIME,
    ],
    needs: ['data'],
    example: "node 1's numbered messages to node 2 go by bearer A if their sender port is even, by bearer B if it is odd, for the next 100 ms",
  }),
  async function (this: ConformanceWorld, from: number, to: number, even: BearerName, odd: BearerName, ms: number) {
    const frames = await watchNumbered(this, from, to, ms);
    const expected = (f: WireFrame): BearerName => ((f.origport ?? 0) % 2 === 0 ? even : odd);
    const wrong = wrongBearer(frames, expected);
    if (wrong) {
      throw new ExpectationError(
        `node ${from}'s numbered messages to node ${to} on bearer ${expected(wrong)}, the link of slot ${(wrong.origport ?? 0) % 2} (${frames.length} frames)`,
        frameText(wrong),
      );
    }
  },
);

/**
 * User traffic steps: a node sends numbered messages on a schedule while the scenario disturbs
 * the links; the receiver must get each exactly once and in order.
 */
import { Then, When } from '@cucumber/cucumber';
import { ExpectationError } from './support/expect';
import { numbersDelivered, sequenceProblems } from './support/streams';
import type { ConformanceWorld } from './support/world';
import { catalogue } from './vocabulary';

When(
  'node {int} starts sending numbered messages to node {int}, one every {int} ms',
  catalogue({
    group: 'action',
    means:
      "From now on, whenever time runs, the first node sends the second numbered user messages (DIRECT_MSG, a 4-byte counter from 1) to the port the receiver's implementation takes user messages on, one per period, until a step stops the stream.",
    params: [
      { name: 'from', meaning: 'the sending node (node number)' },
      { name: 'to', meaning: 'the receiving node (node number)' },
      { name: 'period', meaning: 'time between two messages, ms' },
    ],
    needs: ['data'],
    example: 'node 1 starts sending numbered messages to node 2, one every 1 ms',
  }),
  async function (this: ConformanceWorld, from: number, to: number, every: number) {
    const c = await this.cluster();
    const port = await c.dataPort(to);
    this.streams.start(from, to, port, every, c.now());
  },
);

When(
  '{int} ms pass',
  catalogue({
    group: 'action',
    means:
      'Virtual time runs that long: the nodes run their timers and exchange frames (LINK_PROTOCOL STATE, data), and active message streams keep sending.',
    params: [
      { name: 'time', meaning: 'ms' },
    ],
    needs: [],
    example: '300 ms pass',
  }),
  async function (this: ConformanceWorld, ms: number) {
    await this.runUntil(() => false, ms);
  },
);

When(
  'node {int} has sent {int} messages',
  catalogue({
    group: 'action',
    means:
      "Lets time run until the node's active message stream has sent that many messages in all, then stops it; fails if it has not by then.",
    params: [
      { name: 'from', meaning: 'the sending node (node number)' },
      { name: 'count', meaning: 'messages sent in all' },
    ],
    needs: ['data'],
    example: 'node 1 has sent 600 messages',
  }),
  async function (this: ConformanceWorld, from: number, count: number) {
    const s = this.streams.activeFrom(from);
    if (!s) throw new Error(`node ${from} is not sending: start a stream first`);
    s.stopAfter(count);
    const done = await this.runUntil(() => !s.active, (count - s.sent + 1) * s.everyMs + 1);
    if (!done) throw new ExpectationError(`node ${from} to have sent ${count} messages`, `${s.sent} sent`);
  },
);

Then(
  'node {int} receives every message node {int} sent, exactly once and in order, within {int} ms',
  catalogue({
    group: 'observation',
    means:
      "Lets time run, up to the limit, until the receiver delivered as many distinct numbered messages from the sender's streams as were sent, then fails on any duplicate, missing or out-of-order delivery of messages 1..N: what failover (drop_point) and synch (sync point) must guarantee.",
    params: [
      { name: 'to', meaning: 'the receiving node (node number)' },
      { name: 'from', meaning: 'the sending node (node number)' },
      { name: 'limit', meaning: 'time allowed, ms' },
    ],
    needs: ['data'],
    example: 'node 2 receives every message node 1 sent, exactly once and in order, within 5000 ms',
  }),
  async function (this: ConformanceWorld, to: number, from: number, ms: number) {
    const c = await this.cluster();
    const streams = this.streams.between(from, to);
    const sent = streams.reduce((n, s) => n + s.sent, 0);
    const ports = new Set(streams.map((s) => s.port));
    const got = (): number[] => numbersDelivered(c, to, from, ports);
    await this.runUntil(() => new Set(got()).size >= sent, ms);
    const seq = got();
    const problems = sequenceProblems(seq, sent);
    if (problems.length) {
      throw new ExpectationError(`node ${to} to receive messages 1..${sent} from node ${from} exactly once, in order`, `${seq.length} deliveries: ${problems.join('; ')}`);
    }
  },
);

/**
 * MSG_BUNDLER bundles (tipc_msg_try_bundle, tipc_msg_extract): a tester node bundles its next user
 * messages as a congested 6.1 link does, the harness can malform one message inside a bundle, and
 * the steps count the bundles on the wire. What the receiver delivers is for the traffic steps.
 */
import { Then, When } from '@cucumber/cucumber';
import type { BearerName, FrameAlteration } from '../contract';
import { ExpectationError } from './support/expect';
import { numbersDelivered } from './support/streams';
import { ALTERATION, BEARER } from './support/parameter-types';
import { alterationText } from './support/values';
import type { ConformanceWorld } from './support/world';
import { catalogue } from './vocabulary';

/** msg.h: the TIPC user of a bundle. */
const MSG_BUNDLER = 6;

When(
  'node {int} bundles its next {int} user messages to node {int}',
  catalogue({
    group: 'action',
    means:
      "Staging: the first node's next user messages to the second, as many as given, go out as one MSG_BUNDLER bundle, sent when the last of them is sent: the messages one after the other in the bundle's body, each from a 4-byte boundary, the bundle on one link sequence number (what 6.1 does with the messages that wait in a congested link's backlog, tipc_link_xmit → tipc_msg_try_bundle). The first node must be a tester that can stage bundles (the reference); fails otherwise. Nothing is sent yet, no time passes.",
    params: [
      { name: 'from', meaning: 'the sending node, a tester (node number)' },
      { name: 'count', meaning: 'messages in the bundle, at least 2' },
      { name: 'to', meaning: 'the receiving node (node number)' },
    ],
    needs: ['data'],
    example: 'node 2 bundles its next 3 user messages to node 1',
  }),
  async function (this: ConformanceWorld, from: number, count: number, to: number) {
    if (!(Number.isSafeInteger(count) && count >= 2)) throw new Error(`a bundle of ${count} messages: bundle at least 2`);
    const c = await this.cluster();
    if (!(await c.bundleNext(from, to, count))) throw new Error(`node ${from} cannot stage a bundle: only a tester node running the reference can`);
  },
);

When(
  'node {int} bundles its next {int} binding table updates by broadcast',
  catalogue({
    group: 'action',
    means:
      "Staging: the node's next binding table updates (NAME_DISTRIBUTOR PUBLICATION/WITHDRAWAL) sent on the broadcast link, as many as given, go out as one MSG_BUNDLER bundle, sent when the last of them is sent: one broadcast packet on one sequence number of the node's broadcast link (what 6.1's broadcast link does with the packets that wait in its backlog, tipc_bcast_xmit → tipc_link_xmit → tipc_msg_try_bundle). Updates sent by replicast (a legacy peer up) are not bundled. The node must be a tester that can stage bundles (the reference); fails otherwise. Nothing is sent yet, no time passes.",
    params: [
      { name: 'from', meaning: 'the sending node, a tester (node number)' },
      { name: 'count', meaning: 'updates in the bundle, at least 2' },
    ],
    needs: ['named-bcast'],
    example: 'node 2 bundles its next 3 binding table updates by broadcast',
  }),
  async function (this: ConformanceWorld, from: number, count: number) {
    if (!(Number.isSafeInteger(count) && count >= 2)) throw new Error(`a bundle of ${count} updates: bundle at least 2`);
    const c = await this.cluster();
    if (!(await c.bundleNext(from, 'broadcast', count))) throw new Error(`node ${from} cannot stage a bundle: only a tester node running the reference can`);
  },
);

When(
  "node {int}'s bundles to node {int} on bearer {bearer} carry message {int} malformed: {alteration}",
  catalogue({
    group: 'disturbance',
    means:
      "A fault rule of the bearer alters, in every MSG_BUNDLER bundle the first node sends the second on it from now on, word 0 of the bundled message of that position (from 1) as {alteration} says, the bundle's own header left as sent: the frame passes tipc_msg_validate and the receiver's tipc_msg_extract meets a message that does not fit in the body or does not validate, and drops it with the rest of the bundle (the messages before it are delivered). \"Bearer X carries all traffic again\" lifts it.",
    params: [
      { name: 'from', meaning: 'the node whose bundles are malformed (node number)' },
      { name: 'to', meaning: 'the node that receives them (node number)' },
      { name: 'bearer', meaning: 'bearer letter: A (eth0) or B (eth1)', type: BEARER },
      { name: 'message', meaning: 'which message of the bundle, from 1' },
      { name: 'alteration', meaning: 'how that message is malformed (not "cut after the header")', type: ALTERATION },
    ],
    needs: [],
    example: "node 2's bundles to node 1 on bearer A carry message 2 malformed: version 3",
  }),
  async function (this: ConformanceWorld, from: number, to: number, bearer: BearerName, message: number, inner: FrameAlteration) {
    if (inner.kind === 'cut') throw new Error('a message inside a bundle cannot be cut: malform its header size, version or message size');
    if (!(Number.isSafeInteger(message) && message >= 1)) throw new Error(`message ${message} of a bundle: they are numbered from 1`);
    const alteration: FrameAlteration = { kind: 'bundled', message, alteration: inner };
    await this.wire.addBearerRule(bearer, `node ${from}'s bundles to node ${to} malformed (${alterationText(alteration)})`, { from, to, user: MSG_BUNDLER }, { kind: 'malform', alteration });
  },
);

Then(
  'node {int} sent node {int} {int} bundle(s) of {int} messages',
  catalogue({
    group: 'observation',
    means:
      'On the wire, now, without waiting: counts the MSG_BUNDLER frames the first node sent the second (a retransmission counts again); fails unless there are exactly that many, each saying (msg_msgcnt) it holds that many messages. Shows that the bundles a scenario staged really went on the wire, so that what the receiver delivered came out of them.',
    params: [
      { name: 'from', meaning: 'the sending node (node number)' },
      { name: 'to', meaning: 'the receiving node (node number)' },
      { name: 'count', meaning: 'bundles expected' },
      { name: 'messages', meaning: 'messages each bundle holds' },
    ],
    needs: [],
    example: 'node 2 sent node 1 1 bundle of 4 messages',
  }),
  async function (this: ConformanceWorld, from: number, to: number, count: number, messages: number) {
    const c = await this.cluster();
    const got = c.wireFrames().filter((f) => f.from === from && f.to === to && f.user === MSG_BUNDLER);
    if (got.length !== count || got.some((f) => f.bundled !== messages)) {
      throw new ExpectationError(
        `${count} MSG_BUNDLER frame(s) of node ${from} to node ${to}, each of ${messages} messages`,
        `${got.length}${got.length ? ` (${got.map((f) => `#${f.n} ${f.fate}, msgcnt ${f.bundled ?? '?'}`).join(', ')})` : ''}`,
      );
    }
  },
);

Then(
  "node {int} delivered node {int}'s numbered messages {int} to {int} except {int} to {int}, once each and in order, within {int} ms",
  catalogue({
    group: 'observation',
    means:
      "Lets time run, up to the limit, until the receiver delivered every numbered message of the sender's streams in the first range but the second, then lets 50 ms more pass and fails on any duplicate, any message of the second range delivered, any of the rest missing, or one out of order. For a scenario where the messages of the second range were lost for good (a malformed bundle's tail, which tipc_msg_extract drops and the link does not send again).",
    params: [
      { name: 'to', meaning: 'the receiving node (node number)' },
      { name: 'from', meaning: 'the sending node (node number)' },
      { name: 'first', meaning: 'the first message of the range' },
      { name: 'last', meaning: 'the last message of the range' },
      { name: 'lostFirst', meaning: 'the first message not to be delivered' },
      { name: 'lostLast', meaning: 'the last message not to be delivered' },
      { name: 'limit', meaning: 'time allowed, ms' },
    ],
    needs: ['data'],
    example: "node 1 delivered node 2's numbered messages 1 to 6 except 2 to 3, once each and in order, within 500 ms",
  }),
  async function (this: ConformanceWorld, to: number, from: number, first: number, last: number, lostFirst: number, lostLast: number, ms: number) {
    const c = await this.cluster();
    const ports = new Set(this.streams.between(from, to).map((s) => s.port));
    const got = (): number[] => numbersDelivered(c, to, from, ports);
    const want: number[] = [];
    for (let i = first; i <= last; i++) if (i < lostFirst || i > lostLast) want.push(i);
    await this.runUntil(() => want.every((n) => got().includes(n)), ms);
    await this.runUntil(() => false, 50);
    const seq = got();
    if (seq.join(',') !== want.join(',')) {
      throw new ExpectationError(`node ${to} to deliver node ${from}'s numbered messages ${want.join(', ')}, each once, in this order`, seq.length ? seq.join(', ') : 'none');
    }
  },
);

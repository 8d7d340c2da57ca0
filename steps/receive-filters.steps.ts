/**
 * The receive filters between the wire and a socket: a user message rewritten on the wire in a
 * field tipc_msg_validate() does not check (its user, type, error code, destination port,
 * originating or destination node, or its header cut to SHORT_H_SIZE), so that it is still a valid
 * TIPC message but one tipc_rcv(), tipc_data_input() or tipc_sk_rcv() treats otherwise; and what
 * the receiver then delivered, to any port. Works for any implementation: the rewrite is on the
 * wire, the deliveries are what the node reports.
 */
import { Then, When } from '@cucumber/cucumber';
import { ACTIVATE_MSG, type BearerName, type FrameAlteration, LINK_PROTOCOL, NAME_DISTRIBUTOR, type NodeId, RESET_MSG, STATE_MSG } from '../contract';
import { ExpectationError } from './support/expect';
import { pickNumbered } from './support/pick-numbered';
import { BEARER, REWRITE } from './support/parameter-types';
import { alterationText } from './support/values';
import type { ConformanceWorld } from './support/world';
import { catalogue } from './vocabulary';

/** BCAST_PROTOCOL (msg.h): a node's broadcast-link init on a new link is one, numbered on the unicast link. */
const BCAST_PROTOCOL_USER = 5;

const SENDER = { name: 'from', meaning: 'the sending node (node number)' };
const RECEIVER = { name: 'to', meaning: 'the receiving node (node number)' };
const NUMBER = { name: 'k', meaning: "the message's number: 1 for the first numbered message the sender sends the receiver" };
const REWRITE_PARAM = { name: 'rewrite', meaning: 'what the harness rewrites in the frame', type: REWRITE };

const PICKS =
  'The message is known by its sequence number on its link. Must come before the sender\'s first numbered message to the receiver (before its stream starts), so that message k is the one carrying the number k. The trace names the rule in the fate of every frame it touched: malformed(<rule>).';

When(
  "node {int}'s numbered message {int} to node {int} is rewritten once: {rewrite}",
  catalogue({
    group: 'disturbance',
    means: `Picks the k-th numbered user message (DIRECT_MSG at the default importance) the first node sends the second and rewrites its first copy on the wire (see {rewrite}): still a valid TIPC message, which the receiver judges by what it now says; a retransmission of it, if the receiver asks for one, goes by as sent. ${PICKS}`,
    params: [SENDER, NUMBER, RECEIVER, REWRITE_PARAM],
    needs: ['data'],
    example: "node 2's numbered message 20 to node 1 is rewritten once: destination node 3",
  }),
  async function (this: ConformanceWorld, from: number, k: number, to: number, a: FrameAlteration) {
    await pickNumbered(this, from, k, to, () => ({ kind: 'malform', alteration: a }), 1, `rewritten once: ${alterationText(a)}`);
  },
);

When(
  "node {int}'s numbered message {int} to node {int} is rewritten in every copy: {rewrite}",
  catalogue({
    group: 'disturbance',
    means: `Picks the k-th numbered user message (DIRECT_MSG at the default importance) the first node sends the second and rewrites it on the wire (see {rewrite}), and every retransmission of it: the receiver never sees it as sent. ${PICKS}`,
    params: [SENDER, NUMBER, RECEIVER, REWRITE_PARAM],
    needs: ['data'],
    example: "node 2's numbered message 20 to node 1 is rewritten in every copy: a 24-byte header",
  }),
  async function (this: ConformanceWorld, from: number, k: number, to: number, a: FrameAlteration) {
    await pickNumbered(this, from, k, to, () => ({ kind: 'malform', alteration: a }), undefined, `rewritten in every copy: ${alterationText(a)}`);
  },
);

/** What a node delivered: every user message of 4 bytes (a stream's counter), to any port, in order. */
interface Got {
  readonly from: NodeId;
  readonly port: number;
  readonly n: number;
}

async function checkDelivered(w: ConformanceWorld, to: NodeId, want: readonly { from: NodeId; n: number }[], ms: number): Promise<void> {
  const c = await w.cluster();
  const got = (): Got[] =>
    c
      .deliveries(to)
      .filter((d) => d.payload.length === 4)
      .map((d) => ({ from: d.from, port: d.port, n: new DataView(d.payload.buffer, d.payload.byteOffset, 4).getUint32(0) }));
  const has = (g: Got[]): boolean => want.every((x) => g.some((y) => y.from === x.from && y.n === x.n));
  await w.runUntil(() => has(got()), ms);
  await w.runUntil(() => false, 50);
  const seen = got();
  const text = (l: readonly { from: NodeId; n: number; port?: number }[]): string =>
    l.length ? l.map((x) => `${x.n}${x.from === want[0]?.from ? '' : ` (from node ${x.from}${x.port === undefined ? '' : `, port ${x.port}`})`}`).join(', ') : 'none';
  if (seen.length !== want.length || seen.some((x, i) => x.from !== want[i]?.from || x.n !== want[i]?.n)) {
    throw new ExpectationError(`node ${to} to deliver, to any port, exactly: ${text(want)}`, text(seen));
  }
}

function range(from: NodeId, first: number, last: number, except?: number): { from: NodeId; n: number }[] {
  const out: { from: NodeId; n: number }[] = [];
  for (let i = first; i <= last; i++) if (i !== except) out.push({ from, n: i });
  return out;
}

const DELIVERED_PARAMS = [
  { name: 'to', meaning: 'the receiving node (node number)' },
  { name: 'from', meaning: 'the sending node (node number)' },
  { name: 'first', meaning: 'the first message of the range' },
  { name: 'last', meaning: 'the last message of the range' },
];
const NOTHING_ELSE =
  'Counts every user message of 4 bytes the receiver delivered, whatever its port and its originating node, so that a message delivered to another port (0) or as from another node counts too. Lets time run, up to the limit, until the expected messages are there, then 50 ms more; fails on any missing, duplicated, out of order, or other message delivered.';

Then(
  "node {int} delivered node {int}'s numbered messages {int} to {int} but message {int}, and nothing else, within {int} ms",
  catalogue({
    group: 'observation',
    means: `The receiver delivered the sender's numbered messages of the range, each once and in order, except one, which it never delivered (a message the wire rewrote into one no socket takes as user data). ${NOTHING_ELSE}`,
    params: [...DELIVERED_PARAMS, { name: 'k', meaning: 'the message not delivered' }, { name: 'limit', meaning: 'time allowed, ms' }],
    needs: ['data'],
    example: "node 1 delivered node 2's numbered messages 1 to 40 but message 20, and nothing else, within 1000 ms",
  }),
  async function (this: ConformanceWorld, to: number, from: number, first: number, last: number, k: number, ms: number) {
    await checkDelivered(this, to, range(from, first, last, k), ms);
  },
);

Then(
  "node {int} delivered node {int}'s numbered messages {int} to {int}, and nothing else, within {int} ms",
  catalogue({
    group: 'observation',
    means: `The receiver delivered the sender's numbered messages of the range, each once and in order, as from the sender. ${NOTHING_ELSE}`,
    params: [...DELIVERED_PARAMS, { name: 'limit', meaning: 'time allowed, ms' }],
    needs: ['data'],
    example: "node 1 delivered node 2's numbered messages 1 to 40, and nothing else, within 1000 ms",
  }),
  async function (this: ConformanceWorld, to: number, from: number, first: number, last: number, ms: number) {
    await checkDelivered(this, to, range(from, first, last), ms);
  },
);

Then(
  "node {int} delivered node {int}'s numbered messages {int} to {int}, message {int} as from node {int}, and nothing else, within {int} ms",
  catalogue({
    group: 'observation',
    means: `The receiver delivered the sender's numbered messages of the range, each once and in order, as from the sender, except one, which it delivered in its place as from the other node (the originating node the message names, not the neighbour that sent the frame). ${NOTHING_ELSE}`,
    params: [...DELIVERED_PARAMS, { name: 'k', meaning: 'the message delivered as from the other node' }, { name: 'origin', meaning: 'the node it is delivered as from (node number)' }, { name: 'limit', meaning: 'time allowed, ms' }],
    needs: ['data'],
    example: "node 1 delivered node 2's numbered messages 1 to 40, message 20 as from node 3, and nothing else, within 1000 ms",
  }),
  async function (this: ConformanceWorld, to: number, from: number, first: number, last: number, k: number, origin: number, ms: number) {
    await checkDelivered(this, to, range(from, first, last).map((x) => (x.n === k ? { from: origin, n: k } : x)), ms);
  },
);

When(
  "node {int}'s ACTIVATE and STATE messages to node {int} on bearer {bearer} are dropped",
  catalogue({
    group: 'disturbance',
    means:
      'Fault rules of the bearer drop every LINK_PROTOCOL ACTIVATE_MSG and STATE_MSG the first node sends the second on it from now on; its RESETs and everything else (discovery, its numbered packets) get through, and nothing the other way is touched. The second node\'s endpoint then takes the first\'s RESET (ESTABLISHING) but hears no ACTIVATE or STATE of it: only a numbered packet of the first node can bring it up (tipc_link_rcv on an ESTABLISHING endpoint). "Bearer X carries all traffic again" lifts them.',
    params: [
      { name: 'from', meaning: 'the node whose ACTIVATEs and STATEs are lost (node number)' },
      { name: 'to', meaning: 'the node that does not get them (node number)' },
      { name: 'bearer', meaning: 'bearer letter: A (eth0) or B (eth1)', type: BEARER },
    ],
    needs: [],
    example: "node 2's ACTIVATE and STATE messages to node 1 on bearer A are dropped",
  }),
  async function (this: ConformanceWorld, from: number, to: number, bearer: BearerName) {
    await this.wire.addBearerRule(bearer, `node ${from}'s ACTIVATEs to node ${to} lost`, { from, to, user: LINK_PROTOCOL, mtype: ACTIVATE_MSG }, { kind: 'drop' });
    await this.wire.addBearerRule(bearer, `node ${from}'s STATEs to node ${to} lost`, { from, to, user: LINK_PROTOCOL, mtype: STATE_MSG }, { kind: 'drop' });
  },
);

When(
  "node {int}'s RESETs to node {int} on bearer {bearer} are dropped",
  catalogue({
    group: 'disturbance',
    means:
      'Fault rules of the bearer drop every LINK_PROTOCOL RESET_MSG the first node sends the second on it from now on; its ACTIVATEs, STATEs and everything else get through, and nothing the other way is touched. When the link is reset, only the second node\'s RESETs can then start it again: the first node\'s endpoint takes one (LINK_PEER_RESET_EVT: ESTABLISHING) and answers it with ACTIVATEs, which name its session (tipc_link_proto_rcv, tipc_link_build_proto_msg); which side answers is no longer a race. "Bearer X carries all traffic again" lifts them.',
    params: [
      { name: 'from', meaning: 'the node whose RESETs are lost (node number)' },
      { name: 'to', meaning: 'the node that does not get them (node number)' },
      { name: 'bearer', meaning: 'bearer letter: A (eth0) or B (eth1)', type: BEARER },
    ],
    needs: [],
    example: "node 2's RESETs to node 1 on bearer A are dropped",
  }),
  async function (this: ConformanceWorld, from: number, to: number, bearer: BearerName) {
    await this.wire.addBearerRule(bearer, `node ${from}'s RESETs to node ${to} lost`, { from, to, user: LINK_PROTOCOL, mtype: RESET_MSG }, { kind: 'drop' });
  },
);

/** The users of the numbered packets of a unicast link (all but LINK_PROTOCOL 7 and LINK_CONFIG 13; msg.h). */
const NUMBERED_USERS = [0, 1, 2, 3, 5, 6, 8, 9, 10, 11, 12];

When(
  "node {int}'s numbered packets to node {int} on bearer {bearer} are dropped",
  catalogue({
    group: 'disturbance',
    means:
      'Fault rules of the bearer drop every frame the first node sends the second alone on it from now on that is not LINK_PROTOCOL or LINK_CONFIG: the numbered packets of its link (user data, its broadcast-link init BCAST_PROTOCOL, its name table bulk, bundles, tunnel and fragments), first copies and retransmissions; its RESETs, ACTIVATEs and STATEs, its discovery and its broadcast-link packets get through, and nothing the other way is touched. "Bearer X carries all traffic again" lifts them.',
    params: [
      { name: 'from', meaning: 'the node whose numbered packets are lost (node number)' },
      { name: 'to', meaning: 'the node that does not get them (node number)' },
      { name: 'bearer', meaning: 'bearer letter: A (eth0) or B (eth1)', type: BEARER },
    ],
    needs: [],
    example: "node 2's numbered packets to node 1 on bearer A are dropped",
  }),
  async function (this: ConformanceWorld, from: number, to: number, bearer: BearerName) {
    for (const user of NUMBERED_USERS) {
      await this.wire.addBearerRule(bearer, `node ${from}'s user ${user} packets to node ${to} lost`, { from, to, user, broadcast: false }, { kind: 'drop' });
    }
  },
);

When(
  "node {int}'s broadcast-link init and name table bulk to node {int} on bearer {bearer} are dropped",
  catalogue({
    group: 'disturbance',
    means:
      'Fault rules of the bearer drop every BCAST_PROTOCOL and NAME_DISTRIBUTOR frame the first node sends the second alone on it from now on, first copies and retransmissions: the numbered packets a node sends on a link as soon as it is up (tipc_link_build_bc_init_msg, tipc_named_node_up), both of message type 0. Its LINK_PROTOCOL frames and its user data get through. "Bearer X carries all traffic again" lifts them.',
    params: [
      { name: 'from', meaning: 'the node whose packets are lost (node number)' },
      { name: 'to', meaning: 'the node that does not get them (node number)' },
      { name: 'bearer', meaning: 'bearer letter: A (eth0) or B (eth1)', type: BEARER },
    ],
    needs: [],
    example: "node 2's broadcast-link init and name table bulk to node 1 on bearer A are dropped",
  }),
  async function (this: ConformanceWorld, from: number, to: number, bearer: BearerName) {
    for (const user of [BCAST_PROTOCOL_USER, NAME_DISTRIBUTOR]) {
      await this.wire.addBearerRule(bearer, `node ${from}'s user ${user} packets to node ${to} lost`, { from, to, user, broadcast: false }, { kind: 'drop' });
    }
  },
);

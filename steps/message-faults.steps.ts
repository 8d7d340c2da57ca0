/**
 * Faults on one chosen message of a kind: the k-th bulk message a node sends a peer, its bulk
 * messages after the first, its k-th binding table update. The harness picks a message as the
 * wire names it, by its sequence number on its link (FaultRule.pick), so a retransmission of the
 * message is the same message: "once" touches the first copy only, "retransmissions included"
 * every copy.
 */
import { When } from '@cucumber/cucumber';
import { FAILOVER_MSG, type FaultMatch, type MessagePick, NAME_DISTRIBUTOR, type NodeId, TUNNEL_PROTOCOL } from '../contract';
import { MESSAGE_FAULT } from './support/parameter-types';
import { type MessageFault, messageFaultAction } from './support/values';
import type { ConformanceWorld } from './support/world';
import { catalogue } from './vocabulary';

/** Puts a rule on the wire that affects the messages `pick` chooses of those `match` takes. */
async function pickMessages(w: ConformanceWorld, name: string, match: FaultMatch, pick: Omit<MessagePick, 'copies'>, f: MessageFault): Promise<void> {
  const c = await w.cluster();
  c.addRule({ name, match, action: messageFaultAction(f, c), pick: { ...pick, ...(f.retransmissions ? {} : { copies: 1 }) } });
}

/** The k of "bulk message k": 1 or more. */
function ordinal(k: number, what: string): number {
  if (!(Number.isSafeInteger(k) && k >= 1)) throw new Error(`${what} ${k}: messages are counted from 1 (the next one)`);
  return k;
}

function bulk(from: NodeId, to: NodeId): FaultMatch {
  return { from, to, user: NAME_DISTRIBUTOR, is_bulk: true };
}

const FAULT_PARAM = { name: 'fault', meaning: 'what happens to the message on the wire, and to which of its copies', type: MESSAGE_FAULT };
const SENDER = { name: 'from', meaning: 'the sending node (node number)' };
const RECEIVER = { name: 'to', meaning: 'the receiving node (node number)' };
const COPIES =
  'A message is known by its sequence number on its link, so its retransmissions are the same message: "once" touches its first copy only, and the retransmission the receiver\'s gap triggers recovers it; "retransmissions included" touches every copy. A delay is longer by the observation latency the implementation declares. The trace names the rule in the fate of every frame it touched, "; retransmission N" after it for a retransmission.';

When(
  "node {int}'s bulk message {int} to node {int} is {fault}",
  catalogue({
    group: 'disturbance',
    means: `Picks one message of the first node's NAME_DISTRIBUTOR bulk for the second (a message marked is_bulk; a legacy node marks none): the k-th it sends after this step, whichever contact's bulk it belongs to, and does that to it on the wire. ${COPIES}`,
    params: [SENDER, { name: 'k', meaning: 'which bulk message, counted from this step: 1 is the next' }, RECEIVER, FAULT_PARAM],
    needs: ['named-bcast'],
    example: "node 2's bulk message 2 to node 1 is dropped once",
  }),
  async function (this: ConformanceWorld, from: number, k: number, to: number, f: MessageFault) {
    const skip = ordinal(k, 'bulk message') - 1;
    await pickMessages(this, `node ${from}'s bulk message ${k} to node ${to}`, bulk(from, to), { skip, messages: 1 }, f);
  },
);

When(
  "node {int}'s bulk messages to node {int} after the first are {fault}",
  catalogue({
    group: 'disturbance',
    means: `Lets the first NAME_DISTRIBUTOR bulk message (marked is_bulk) the first node sends the second after this step by, its retransmissions too, and does that on the wire to every later one, of this bulk and of any later bulk. ${COPIES}`,
    params: [SENDER, RECEIVER, FAULT_PARAM],
    needs: ['named-bcast'],
    example: "node 2's bulk messages to node 1 after the first are delayed by 100 ms, retransmissions included",
  }),
  async function (this: ConformanceWorld, from: number, to: number, f: MessageFault) {
    await pickMessages(this, `node ${from}'s bulk messages to node ${to} after the first`, bulk(from, to), { skip: 1 }, f);
  },
);

When(
  "node {int}'s binding table update {int} to node {int} is {fault}",
  catalogue({
    group: 'disturbance',
    means: `Picks one of the first node's binding table updates for the second (a NAME_DISTRIBUTOR PUBLICATION or WITHDRAWAL not marked is_bulk, by broadcast or unicast): the k-th it sends the second after this step, and does that to it on the wire; the copies the update's send gives other nodes are not touched. ${COPIES}`,
    params: [SENDER, { name: 'k', meaning: 'which update, counted from this step: 1 is the next' }, RECEIVER, FAULT_PARAM],
    needs: ['named-bcast'],
    example: "node 1's binding table update 1 to node 2 is duplicated once",
  }),
  async function (this: ConformanceWorld, from: number, k: number, to: number, f: MessageFault) {
    const skip = ordinal(k, 'binding table update') - 1;
    await pickMessages(this, `node ${from}'s binding table update ${k} to node ${to}`, { from, to, user: NAME_DISTRIBUTOR, is_bulk: false }, { skip, messages: 1 }, f);
  },
);

When(
  "node {int}'s FAILOVER_MSGs to node {int} after the first are {fault}",
  catalogue({
    group: 'disturbance',
    means: `Lets the first TUNNEL_PROTOCOL FAILOVER_MSG the first node sends the second after this step by, its retransmissions too, and does that on the wire to every later one, on either bearer (a FAILOVER_MSG is a message of the tunnel link, numbered in its sequence). ${COPIES}`,
    params: [SENDER, RECEIVER, FAULT_PARAM],
    needs: ['failover'],
    example: "node 2's FAILOVER_MSGs to node 1 after the first are delayed by 300 ms, retransmissions included",
  }),
  async function (this: ConformanceWorld, from: number, to: number, f: MessageFault) {
    await pickMessages(this, `node ${from}'s FAILOVER_MSGs to node ${to} after the first`, { from, to, user: TUNNEL_PROTOCOL, mtype: FAILOVER_MSG }, { skip: 1 }, f);
  },
);

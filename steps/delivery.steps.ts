/**
 * The unicast link's data path, seen on the wire: faults on one numbered message (a user message
 * of a stream), a burst larger than the send window, and what the two ends of the link then send:
 * the receiver's gap report (the seq_gap of a STATE message), the sender's retransmissions, and
 * how many messages the sender lets out before the first acknowledgement. Works for any
 * implementation: everything is read off the frames the harness carries.
 */
import { Then, When } from '@cucumber/cucumber';
import { LINK_PROTOCOL, type NodeId, STATE_MSG, type WireFrame } from '../contract';
import { ExpectationError } from './support/expect';
import { type NumberedPick, allFrames, fateNames, isNumbered, messageKey } from './support/numbered-picks';
import { pickNumbered } from './support/pick-numbered';
import { MESSAGE_FAULT } from './support/parameter-types';
import { type MessageFault, messageFaultAction, messageFaultText } from './support/values';
import { lessEq } from './support/serial';
import type { ConformanceWorld } from './support/world';
import { catalogue } from './vocabulary';

const SENDER = { name: 'from', meaning: 'the sending node (node number)' };
const RECEIVER = { name: 'to', meaning: 'the receiving node (node number)' };
const NUMBER = { name: 'k', meaning: "the message's number: 1 for the first numbered message the sender sends the receiver" };

const PICKS =
  'The message is known by its sequence number on its link, so its retransmissions are the same message. Must come before the sender\'s first numbered message to the receiver (before its stream starts), so that message k is the one carrying the number k; several such steps may pick several messages. The trace names the rule in the fate of every frame it touched, "; retransmission N" after it for a retransmission.';

When(
  "node {int}'s numbered message {int} to node {int} is {fault}",
  catalogue({
    group: 'disturbance',
    means: `Picks one of the numbered user messages (DIRECT_MSG at the default importance) the first node sends the second, the k-th, and does that to it on the wire: "once" touches its first copy only, and the retransmission the receiver's gap report triggers recovers it; "retransmissions included" touches every copy. A delay is longer by the observation latency the implementation declares. ${PICKS}`,
    params: [SENDER, NUMBER, RECEIVER, { name: 'fault', meaning: 'what happens to the message on the wire, and to which of its copies', type: MESSAGE_FAULT }],
    needs: ['data'],
    example: "node 1's numbered message 20 to node 2 is delayed by 30 ms, retransmissions included",
  }),
  async function (this: ConformanceWorld, from: number, k: number, to: number, f: MessageFault) {
    await pickNumbered(this, from, k, to, (c) => messageFaultAction(f, c), f.retransmissions ? undefined : 1, messageFaultText(f));
  },
);

When(
  "node {int}'s numbered message {int} to node {int} is dropped every time it is sent",
  catalogue({
    group: 'disturbance',
    means: `Picks the k-th numbered user message (DIRECT_MSG at the default importance) the first node sends the second and drops it on the wire, and every retransmission of it: it never arrives, while the messages after it do. The sender retransmits it each time the receiver reports the gap, until its link gives up (link_retransmit_failure: retransmitted for longer than 10 x the sender's link tolerance) and fails. ${PICKS}`,
    params: [SENDER, NUMBER, RECEIVER],
    needs: ['data'],
    example: "node 1's numbered message 20 to node 2 is dropped every time it is sent",
  }),
  async function (this: ConformanceWorld, from: number, k: number, to: number) {
    await pickNumbered(this, from, k, to, () => ({ kind: 'drop' }), undefined, 'dropped every time it is sent');
  },
);

When(
  'node {int} sends node {int} {int} numbered messages at once',
  catalogue({
    group: 'action',
    means:
      "The first node sends the second that many numbered user messages (DIRECT_MSG, a 4-byte counter from 1) in one instant, to the port the receiver's implementation takes user messages on: a burst. More than the link's send window (TIPC_DEF_LINK_WIN, 50 packets on a new Ethernet link) cannot go out at once; the rest waits in the link's backlog (tipc_link_xmit) and goes out as acknowledgements free the window (tipc_link_advance_backlog). No time passes.",
    params: [SENDER, RECEIVER, { name: 'count', meaning: 'number of messages, at least 1' }],
    needs: ['data'],
    example: 'node 1 sends node 2 300 numbered messages at once',
  }),
  async function (this: ConformanceWorld, from: number, to: number, count: number) {
    if (!(Number.isSafeInteger(count) && count >= 1)) throw new Error(`a burst of ${count} messages: send at least 1`);
    const c = await this.cluster();
    const port = await c.dataPort(to);
    const s = this.streams.burst(from, to, port, count, c.now());
    await s.sendDue(c);
  },
);

/** The message the last pick step chose, checked to be one `from` sends `to`. */
function thatMessage(w: ConformanceWorld, from: NodeId, to: NodeId): NumberedPick {
  const p = w.numberedPicks.last();
  if (!p || p.from !== from || p.to !== to) throw new Error(`no numbered message of node ${from} to node ${to} was picked: "that message" names the last one a step picked`);
  return p;
}

/** Describes a STATE message for a failure: when it reached the sender, its ack and seq_gap. */
function stateText(f: WireFrame): string {
  return `#${f.n} at ${f.at} ms: ack ${f.ack ?? '?'}, seq_gap ${f.seq_gap ?? '?'}`;
}

Then(
  'node {int} reported the loss of that message to node {int} in a STATE message within {int} ms',
  catalogue({
    group: 'observation',
    means:
      "On the wire: the message the last numbered-message step picked was dropped on its way from the second node to the first, or malformed (the receiver's tipc_rcv discards a frame that fails tipc_msg_validate, so it is lost as well); within the limit of that loss (plus the reaction latency the implementation declares), a LINK_PROTOCOL STATE message from the first node must reach the second acknowledging every packet before it (ack = its sequence number − 1) with a non-zero seq_gap, the packets from it on the receiver lacks: the NACK with which the receiver asks for it again (tipc_link_build_nack_msg, once 3 packets wait in its deferred queue; a STATE it sends for another reason carries the gap too). Lets time run up to the limit.",
    params: [
      { name: 'to', meaning: 'the node that lost the message, the receiver (node number)' },
      { name: 'from', meaning: 'the node that sent it (node number)' },
      { name: 'limit', meaning: 'time allowed from the loss, ms' },
    ],
    needs: ['data'],
    example: 'node 2 reported the loss of that message to node 1 in a STATE message within 10 ms',
  }),
  async function (this: ConformanceWorld, to: number, from: number, limit: number) {
    const c = await this.cluster();
    const pick = thatMessage(this, from, to);
    const lost = (): WireFrame | undefined => allFrames(c).find((f) => fateNames(f.fate, pick.rule) && (f.fate.startsWith('drop(') || f.fate.startsWith('malformed(')));
    await this.runUntil(() => lost() !== undefined, 5000);
    const loss = lost();
    if (!loss || loss.seqno === undefined) throw new ExpectationError(`node ${from}'s numbered message ${pick.k} to node ${to} to be lost on the wire`, 'it was not (a pick that drops or malforms it comes first)');
    const seqno = loss.seqno;
    const deadline = loss.at + limit + c.latency.reactionMs;
    const states = (): WireFrame[] =>
      c.wireFrames().filter((f) => f.from === to && f.to === from && f.bearer === loss.bearer && f.user === LINK_PROTOCOL && f.mtype === STATE_MSG && f.at >= loss.at);
    const nack = (): WireFrame | undefined => states().find((f) => f.at <= deadline && f.ack === ((seqno - 1) & 0xffff) && (f.seq_gap ?? 0) > 0);
    await this.runUntil(() => nack() !== undefined || c.now() > deadline, Math.max(0, deadline - c.now()) + 1);
    if (!nack()) {
      const seen = states().filter((f) => f.at <= deadline);
      throw new ExpectationError(
        `a STATE message from node ${to} with ack ${(seqno - 1) & 0xffff} and a seq_gap to reach node ${from} by ${deadline} ms (the message, seqno ${seqno}, lost at ${loss.at} ms)`,
        seen.length ? `${seen.length} STATE message(s): ${seen.slice(0, 5).map(stateText).join('; ')}` : 'no STATE message',
      );
    }
  },
);

Then(
  'node {int} retransmitted to node {int} no numbered message but those the wire lost or delayed',
  catalogue({
    group: 'observation',
    means:
      "On the wire, now, without waiting: of the numbered user messages the first node sent the second, only those a numbered-message step picked (lost, delayed or duplicated by the wire) were sent more than once; a copy the harness duplicated is not a retransmission. A receiver reports exactly the packets it lacks (ack and seq_gap of its STATE messages, from the head of its deferred queue) and keeps those that arrive ahead of a gap (tipc_link_rcv), and the sender retransmits what is reported (tipc_link_advance_transmq), so nothing that arrived is sent again. For a link that stays up throughout. Fails listing the other messages sent again, by sequence number.",
    params: [SENDER, RECEIVER],
    needs: ['data'],
    example: 'node 1 retransmitted to node 2 no numbered message but those the wire lost or delayed',
  }),
  async function (this: ConformanceWorld, from: number, to: number) {
    const c = await this.cluster();
    const rules = this.numberedPicks.between(from, to).map((p) => p.rule);
    const frames = allFrames(c).filter((f) => isNumbered(f, from, to));
    const picked = new Set(frames.filter((f) => rules.some((r) => fateNames(f.fate, r))).map(messageKey));
    const copies = new Map<string, Set<number>>();
    for (const f of frames) copies.set(messageKey(f), (copies.get(messageKey(f)) ?? new Set()).add(f.n));
    const again = [...copies].filter(([k, ns]) => ns.size > 1 && !picked.has(k));
    if (again.length) {
      const list = again.slice(0, 10).map(([k, ns]) => `seqno ${k.split('/')[1]} (${ns.size} times)`);
      throw new ExpectationError(
        `node ${from} to send node ${to} again only the numbered messages the wire lost or delayed (${picked.size ? [...picked].map((k) => `seqno ${k.split('/')[1]}`).join(', ') : 'none'})`,
        `${again.length} other(s) sent again: ${list.join(', ')}${again.length > 10 ? ', ...' : ''}`,
      );
    }
  },
);

Then(
  'node {int} sent node {int} at most {int} numbered messages before the first of them was acknowledged',
  catalogue({
    group: 'observation',
    means:
      "On the wire, now, without waiting: counts the numbered user messages the first node sent the second before the second sent its first frame acknowledging the first of them (a STATE message or a data message whose ack reaches its sequence number, 16-bit serial arithmetic), in the order the frames were produced. The sender's send window bounds them: packets sent and not yet acknowledged (tipc_link_xmit sends while the transmit queue is shorter than the window, 50 packets on a new Ethernet link, TIPC_DEF_LINK_WIN; the rest waits in the backlog). Fails with the count, or if nothing was acknowledged.",
    params: [SENDER, RECEIVER, { name: 'limit', meaning: 'the most messages allowed out before the first acknowledgement' }],
    needs: ['data'],
    example: 'node 1 sent node 2 at most 50 numbered messages before the first of them was acknowledged',
  }),
  async function (this: ConformanceWorld, from: number, to: number, limit: number) {
    const c = await this.cluster();
    const frames = allFrames(c);
    const numbered = frames.filter((f) => isNumbered(f, from, to));
    const first = numbered[0];
    if (first?.seqno === undefined) throw new ExpectationError(`node ${from} to have sent node ${to} numbered messages`, 'none on the wire');
    const s0 = first.seqno;
    const ack = frames.find((f) => f.n > first.n && f.from === to && f.to === from && f.bearer === first.bearer && f.ack !== undefined && lessEq(s0, f.ack));
    if (!ack) throw new ExpectationError(`node ${to} to acknowledge node ${from}'s first numbered message (seqno ${s0})`, 'no frame acknowledges it');
    const before = new Set(numbered.filter((f) => f.n < ack.n && f.bearer === first.bearer).map(messageKey));
    if (before.size > limit) {
      throw new ExpectationError(
        `node ${from} to send node ${to} at most ${limit} numbered messages before node ${to} acknowledged seqno ${s0}`,
        `${before.size} sent before frame #${ack.n} (ack ${ack.ack}), the first that acknowledges it`,
      );
    }
  },
);

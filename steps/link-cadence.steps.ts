/**
 * The unicast link's cadence, counted on the wire: when a receiver acknowledges in a STATE
 * message (tipc_link_rcv: after TIPC_MIN_LINK_WIN, 16, packets received in sequence since it last
 * sent the peer anything), when it asks for a lost packet again (tipc_link_build_nack_msg: a NACK
 * when its deferred queue reaches 3 packets, then at every 16th after), and the gap its STATE
 * messages report while a packet is missing (seq_gap from the head of the deferred queue). Works
 * for any implementation: everything is read off the frames the harness carries; a count is exact
 * only under virtual time, which the scenarios using these steps declare.
 */
import { Then } from '@cucumber/cucumber';
import { type ClusterAdapter, LINK_PROTOCOL, type NodeId, STATE_MSG, type WireFrame } from '../contract';
import { ExpectationError } from './support/expect';
import { type NumberedPick, allFrames, fateNames, isNumbered } from './support/numbered-picks';
import type { ConformanceWorld } from './support/world';
import { catalogue } from './vocabulary';

const RECEIVER = { name: 'to', meaning: 'the node that receives the numbered messages and acknowledges them (node number)' };
const SENDER = { name: 'from', meaning: 'the node that sends the numbered messages (node number)' };

/** The STATE messages `from` sent `to`, in the order they were produced. */
function statesOf(frames: readonly WireFrame[], from: NodeId, to: NodeId): WireFrame[] {
  return frames.filter((f) => f.from === from && f.to === to && f.user === LINK_PROTOCOL && f.mtype === STATE_MSG && f.ack !== undefined);
}

/** Link sequence number → message number (1 for the first) of the numbered messages `from` sent `to`. */
function messageNumbers(frames: readonly WireFrame[], from: NodeId, to: NodeId): Map<number, number> {
  const bySeqno = new Map<number, number>();
  for (const f of frames) {
    if (!isNumbered(f, from, to) || f.seqno === undefined || bySeqno.has(f.seqno)) continue;
    bySeqno.set(f.seqno, bySeqno.size + 1);
  }
  return bySeqno;
}

/** The keepalive bit of a LINK_PROTOCOL message (msg.h: msg_is_keepalive, word 0 bit 19), as the link-timer steps read it. */
function keepalive(f: WireFrame): boolean {
  return f.proto?.keepalive === true;
}

function stateText(f: WireFrame, numbers?: Map<number, number>): string {
  const k = numbers?.get(f.ack ?? -1);
  return `#${f.n} at ${f.at} ms: ack ${f.ack ?? '?'}${k === undefined ? '' : ` (message ${k})`}, seq_gap ${f.seq_gap ?? '?'}${f.proto?.probe ? ', probe' : ''}${keepalive(f) ? ', keepalive' : ''}`;
}

/** The message the last pick step chose, checked to be one `from` sends `to`. */
function thatMessage(w: ConformanceWorld, from: NodeId, to: NodeId): NumberedPick {
  const p = w.numberedPicks.last();
  if (!p || p.from !== from || p.to !== to) throw new Error(`no numbered message of node ${from} to node ${to} was picked: "that message" names the last one a step picked`);
  return p;
}

/** The first frame of the picked message (the one the rule touched first) and its sequence number. */
function pickedFrame(c: ClusterAdapter, pick: NumberedPick): WireFrame & { seqno: number } {
  const f = allFrames(c).find((x) => fateNames(x.fate, pick.rule));
  if (f?.seqno === undefined) throw new ExpectationError(`node ${pick.from}'s numbered message ${pick.k} to node ${pick.to} to be on the wire`, 'it was not sent (or no rule touched it)');
  return f as WireFrame & { seqno: number };
}

/**
 * The STATE messages `to` sent `from` after the picked message's first frame that acknowledge
 * only the packets before it (ack = its seqno − 1): the ones that can ask for it again.
 */
async function statesWhileMissing(w: ConformanceWorld, to: NodeId, from: NodeId): Promise<{ pick: NumberedPick; first: WireFrame & { seqno: number }; before: number; frames: WireFrame[]; states: WireFrame[] }> {
  const c = await w.cluster();
  const pick = thatMessage(w, from, to);
  const first = pickedFrame(c, pick);
  const before = (first.seqno - 1) & 0xffff;
  const frames = allFrames(c);
  const states = statesOf(frames, to, from).filter((f) => f.n > first.n && f.ack === before);
  return { pick, first, before, frames, states };
}

Then(
  "node {int} acknowledged node {int}'s numbered messages {int} to {int} in STATE messages after every {int}th, counted from message {int}, no probe and no keepalive",
  catalogue({
    group: 'observation',
    means:
      "On the wire, now, without waiting: the LINK_PROTOCOL STATE messages the first node sent the second that acknowledge one of the second's numbered messages lo..hi and report no gap (seq_gap 0: acknowledgements, not NACKs) acknowledge exactly messages from+n-1, from+2n-1, ... up to hi, each neither a probe nor a keepalive (probe bit, msg.h word 5 bit 0, and keepalive bit, word 0 bit 19, clear: tipc_link_build_state_msg builds a plain STATE): a receiver sends an acknowledgement when n (TIPC_MIN_LINK_WIN, 16) packets have arrived in sequence since it last sent the peer anything (tipc_link_rcv: `++l->rcv_unacked >= TIPC_MIN_LINK_WIN`; every STATE it sends, a NACK too, and every data packet sets rcv_unacked back to 0). `from` is the first message after the last thing the receiver sent; the range must hold no timer tick of the receiver (a STATE at its tick acknowledges whatever is pending), which a burst that arrives in one instant ensures. Fails listing the acknowledgements seen.",
    params: [
      RECEIVER,
      SENDER,
      { name: 'lo', meaning: 'the first numbered message of the range looked at (1 for the first the sender sent)' },
      { name: 'hi', meaning: 'the last numbered message of the range looked at' },
      { name: 'n', meaning: 'packets per acknowledgement: 16 (TIPC_MIN_LINK_WIN)' },
      { name: 'start', meaning: 'the numbered message the count starts at (the first to arrive in sequence after the receiver last sent the peer anything)' },
    ],
    needs: ['data'],
    example: "node 2 acknowledged node 1's numbered messages 1 to 39 in STATE messages after every 16th, counted from message 5, no probe and no keepalive",
  }),
  async function (this: ConformanceWorld, to: number, from: number, lo: number, hi: number, n: number, start: number) {
    if (!(n >= 1 && lo >= 1 && hi >= lo && start >= lo && start <= hi)) throw new Error(`messages ${lo} to ${hi}, every ${n}th from ${start}: give 1 <= lo <= start <= hi and n >= 1`);
    const c = await this.cluster();
    const frames = allFrames(c);
    const numbers = messageNumbers(frames, from, to);
    if (numbers.size < hi) throw new ExpectationError(`node ${from} to have sent node ${to} at least ${hi} numbered messages`, `${numbers.size}`);
    const acks = statesOf(frames, to, from).filter((f) => (f.seq_gap ?? 0) === 0 && (numbers.get(f.ack as number) ?? 0) >= lo && (numbers.get(f.ack as number) ?? 0) <= hi);
    const seen = acks.map((f) => numbers.get(f.ack as number) as number);
    const expected: number[] = [];
    for (let k = start + n - 1; k <= hi; k += n) expected.push(k);
    if (seen.join(',') !== expected.join(',') || acks.some((f) => f.proto?.probe === true || keepalive(f))) {
      throw new ExpectationError(
        `acknowledgements (STATE messages with seq_gap 0, no probe and no keepalive) from node ${to} of node ${from}'s messages ${lo}..${hi} after messages ${expected.join(', ') || '(none)'}, one every ${n} packets from message ${start}`,
        acks.length ? `after messages ${seen.join(', ')}: ${acks.slice(0, 8).map((f) => stateText(f, numbers)).join('; ')}${acks.length > 8 ? '; ...' : ''}` : 'none',
      );
    }
  },
);

Then(
  "node {int} asked node {int} for that message again in {int} STATE messages, each with seq_gap {int}, no probe and no keepalive",
  catalogue({
    group: 'observation',
    means:
      "On the wire, now, without waiting: the LINK_PROTOCOL STATE messages the first node sent the second that acknowledge the packet before the message the last numbered-message step picked (ack = its sequence number − 1) and report a gap (seq_gap > 0), the NACKs asking for it again, number exactly that many and each reports that gap, its probe bit and its keepalive bit (msg.h word 5 bit 0, word 0 bit 19) clear. A receiver sends a NACK when its deferred queue reaches 3 packets and at every 16th packet deferred after that (tipc_link_build_nack_msg: `defq_len >= 3 && !((defq_len - 3) % 16)`), with seq_gap the packets missing before the head of the queue, neither a probe nor a probe's reply (so no keepalive); a probe it sends while packets wait there reports the same gap (tipc_link_build_proto_msg). The message must have arrived since (a step before lets time run). Fails listing the STATE messages seen.",
    params: [
      { name: 'to', meaning: 'the node that lost the message, the receiver (node number)' },
      { name: 'from', meaning: 'the node that sent it (node number)' },
      { name: 'count', meaning: 'how many NACKs' },
      { name: 'gap', meaning: 'the seq_gap each must report' },
    ],
    needs: ['data'],
    example: 'node 2 asked node 1 for that message again in 3 STATE messages, each with seq_gap 1, no probe and no keepalive',
  }),
  async function (this: ConformanceWorld, to: number, from: number, count: number, gap: number) {
    const { pick, first, before, frames, states } = await statesWhileMissing(this, to, from);
    const nacks = states.filter((f) => (f.seq_gap ?? 0) > 0);
    const wrong = nacks.filter((f) => f.seq_gap !== gap || f.proto?.probe === true || keepalive(f));
    if (nacks.length !== count || wrong.length) {
      const numbers = messageNumbers(frames, from, to);
      throw new ExpectationError(
        `${count} STATE message(s) from node ${to} to node ${from} with ack ${before} and seq_gap ${gap}, no probe and no keepalive, asking for message ${pick.k} (seqno ${first.seqno}) again`,
        nacks.length ? `${nacks.length}: ${nacks.slice(0, 8).map((f) => stateText(f, numbers)).join('; ')}${nacks.length > 8 ? '; ...' : ''}` : 'none',
      );
    }
  },
);

Then(
  "every STATE message node {int} sent node {int} while that message was missing asked for it with seq_gap {int}",
  catalogue({
    group: 'observation',
    means:
      "On the wire, now, without waiting: from the first NACK of the message the last numbered-message step picked (a STATE message from the first node to the second with ack = its sequence number − 1 and seq_gap > 0) on, every STATE message the first node sent the second that still acknowledges only the packets before it (ack = its sequence number − 1) reports that gap: the NACKs (tipc_link_build_nack_msg) and the probes of the receiver's timer alike (tipc_link_build_proto_msg: a probe, or a probe's reply, sent while packets wait in the deferred queue reports the packets missing before its head). The message must have arrived since (a step before lets time run). Fails listing the STATE messages that report another gap.",
    params: [
      { name: 'to', meaning: 'the node that lacks the message, the receiver (node number)' },
      { name: 'from', meaning: 'the node that sent it (node number)' },
      { name: 'gap', meaning: 'the seq_gap each must report' },
    ],
    needs: ['data'],
    example: 'every STATE message node 2 sent node 1 while that message was missing asked for it with seq_gap 1',
  }),
  async function (this: ConformanceWorld, to: number, from: number, gap: number) {
    const { pick, before, frames, states } = await statesWhileMissing(this, to, from);
    const from0 = states.findIndex((f) => (f.seq_gap ?? 0) > 0);
    const numbers = messageNumbers(frames, from, to);
    if (from0 < 0) throw new ExpectationError(`a STATE message from node ${to} with ack ${before} and seq_gap ${gap} asking for message ${pick.k} again`, `none: ${states.slice(0, 6).map((f) => stateText(f, numbers)).join('; ') || 'no STATE with that ack'}`);
    const wrong = states.slice(from0).filter((f) => f.seq_gap !== gap);
    if (wrong.length) {
      throw new ExpectationError(
        `every STATE message from node ${to} to node ${from} with ack ${before}, from its first NACK (#${states[from0].n}) on, to report seq_gap ${gap}`,
        `${wrong.length} of ${states.length - from0} report another: ${wrong.slice(0, 6).map((f) => stateText(f, numbers)).join('; ')}`,
      );
    }
  },
);

Then(
  'node {int} first asked node {int} for that message, with seq_gap {int}, in a reply to a probe',
  catalogue({
    group: 'observation',
    means:
      "On the wire, now, without waiting: the first LINK_PROTOCOL STATE message the first node sent the second after the message the last numbered-message step picked that asks for it again (ack = its sequence number − 1, seq_gap > 0) is the reply to a probe: its keepalive bit is set (msg.h word 0 bit 19) and its probe bit clear, and it reports that gap (seq_gap = the probe's next_sent − the receiver's rcv_nxt: the packets the sender sent that the receiver lacks). For a lost last message, which no later packet shows: the receiver takes a gap from the sender's next_sent only in a STATE that is a probe or a probe's reply (tipc_link_proto_rcv: `(reply || msg_is_keepalive(hdr)) && more(peers_snd_nxt, rcv_nxt)`), so the sender's acknowledgements, which show the same next_sent, make it ask for nothing; the sender's probe (tipc_link_timeout: nothing sent since its last tick) does, and the answer carries the gap. Fails describing the first NACK, or if there is none.",
    params: [
      { name: 'to', meaning: 'the node that lost the message, the receiver (node number)' },
      { name: 'from', meaning: 'the node that sent it (node number)' },
      { name: 'gap', meaning: 'the seq_gap the reply must report' },
    ],
    needs: ['data'],
    example: 'node 2 first asked node 1 for that message, with seq_gap 1, in a reply to a probe',
  }),
  async function (this: ConformanceWorld, to: number, from: number, gap: number) {
    const { pick, first, frames, states } = await statesWhileMissing(this, to, from);
    const nack = states.find((f) => (f.seq_gap ?? 0) > 0);
    if (!nack || !keepalive(nack) || nack.proto?.probe === true || nack.seq_gap !== gap) {
      throw new ExpectationError(
        `node ${to}'s first STATE message asking node ${from} for message ${pick.k} (seqno ${first.seqno}) again to be a probe's reply (keepalive, no probe) with seq_gap ${gap}`,
        nack ? stateText(nack, messageNumbers(frames, from, to)) : 'no STATE message asked for it',
      );
    }
  },
);

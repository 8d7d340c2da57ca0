/**
 * When a broadcast receiver acknowledges, or reports a gap, by a STATE on its unicast link: the
 * cadence of tipc_link_rcv on a broadcast receive link (link.c: tipc_link_build_state_msg after
 * 16 packets, at a point staggered by the receiver's address; tipc_link_build_nack_msg on every
 * 16th deferral, staggered the same way), read off the wire to the frame.
 */
import { Then } from '@cucumber/cucumber';
import { LINK_PROTOCOL, STATE_MSG } from '../contract';
import { isBcPacket, wireFramesInOrder } from './support/bcast-frames';
import { ExpectationError } from './support/expect';
import { SEQNOS } from './support/parameter-types';
import { nodeListText } from './support/values';
import type { ConformanceWorld } from './support/world';
import { catalogue } from './vocabulary';


Then(
  "node {int}'s STATE messages to node {int} within {int} ms of node {int}'s first broadcast packet carried bcast_ack {seqnos}",
  catalogue({
    group: 'observation',
    means:
      "On the wire, now, without waiting: the LINK_PROTOCOL STATE messages the first node sent the second whose fate the harness decided no later than that many ms after the first frame of the third node's broadcast link (non_seq, to the media broadcast address) carried exactly these broadcast acknowledgements (bcast_ack), in the order they were sent, no more and no fewer. A broadcast receive link asks its unicast link for a STATE (tipc_node_bc_rcv: TIPC_LINK_SND_STATE) only once 16 packets are unacknowledged (TIPC_MIN_LINK_WIN) and the next expected seqno, xor the receiver's address, ends in 0xf (tipc_link_build_state_msg), and, for a packet that arrives ahead of a gap, on every 16th deferral whose count matches the receiver's address in its last 4 bits (tipc_link_build_nack_msg); a NACK carries the last packet received in order. Exact cadence: a scenario with this step needs virtual time, and a time window no link timer falls in. Fails listing the acknowledgements seen.",
    params: [
      { name: 'receiver', meaning: 'the node whose STATE messages are counted (node number)' },
      { name: 'peer', meaning: 'the node they go to (node number)' },
      { name: 'window', meaning: 'ms after the first broadcast frame' },
      { name: 'sender', meaning: 'the node whose broadcast link starts the window (node number)' },
      { name: 'acks', meaning: 'the bcast_ack of each STATE, in order ("none" for no STATE)', type: SEQNOS },
    ],
    needs: ['named-bcast', 'virtual-time'],
    example: "node 2's STATE messages to node 1 within 5 ms of node 1's first broadcast packet carried bcast_ack 28 and 44",
  }),
  async function (this: ConformanceWorld, receiver: number, peer: number, window: number, sender: number, acks: number[]) {
    const c = await this.cluster();
    const frames = wireFramesInOrder(c);
    const bc = frames.filter((f) => isBcPacket(f, sender));
    if (bc.length === 0) throw new ExpectationError(`node ${sender} to have sent a broadcast packet`, 'none on the wire');
    const t0 = Math.min(...bc.map((f) => f.at));
    const states = frames.filter(
      (f) => f.from === receiver && f.to === peer && f.user === LINK_PROTOCOL && f.mtype === STATE_MSG && f.at >= t0 && f.at <= t0 + window,
    );
    const seen = states.map((f) => f.bcast_ack ?? -1);
    if (seen.length !== acks.length || seen.some((a, i) => a !== acks[i])) {
      const text = (l: readonly number[]): string =>
        l.length === 0 ? 'none' : nodeListText(l.slice(0, 12).map((a) => (a < 0 ? Number.NaN : a))) + (l.length > 12 ? ` ... (${l.length} in all)` : '');
      throw new ExpectationError(
        `node ${receiver}'s STATE messages to node ${peer} within ${window} ms of node ${sender}'s first broadcast packet (at ${t0} ms) to carry bcast_ack ${text(acks)}`,
        `${states.length} STATE message(s), bcast_ack ${text(seen)}${states.length ? ` (at ${[...new Set(states.map((f) => f.at))].join(', ')} ms)` : ''}`,
      );
    }
  },
);

Then(
  "node {int} sent its broadcast packet {int} again within {int} ms of its first STATE message to node {int} after the packet",
  catalogue({
    group: 'observation',
    means:
      "On the wire, now, without waiting: the node's first LINK_PROTOCOL STATE message to the peer produced after the first send of that packet of its broadcast link, and the packet's second send (the first retransmission), were both decided on by the harness, the second no later than that many ms after the first (times as the trace stamps them: a frame's arrival). A STATE announces the sender's last broadcast packet (last_bcast); a peer that lacks it (tipc_link_bc_sync_rcv: link_bc_rcv_gap) answers a STATE that is no probe with a STATE of its own at once (tipc_node_bc_sync_rcv: TIPC_LINK_SND_STATE), and a probe with its probe reply, either carrying the gap in bc_gap, and the sender retransmits what is due (tipc_link_bc_ack_rcv). Exact timing: a scenario with this step needs virtual time. Fails with the times, or saying which frame is missing.",
    params: [
      { name: 'from', meaning: 'the node whose broadcast link is judged (node number)' },
      { name: 'seqno', meaning: 'the broadcast packet (its sequence number)' },
      { name: 'limit', meaning: 'ms allowed from the STATE to the retransmission' },
      { name: 'peer', meaning: 'the node the STATE goes to (node number)' },
    ],
    needs: ['named-bcast', 'virtual-time'],
    example: 'node 1 sent its broadcast packet 3 again within 2 ms of its first STATE message to node 2 after the packet',
  }),
  async function (this: ConformanceWorld, from: number, seqno: number, limit: number, peer: number) {
    const c = await this.cluster();
    const frames = wireFramesInOrder(c);
    const copies = frames.filter((f) => isBcPacket(f, from) && f.seqno === seqno);
    if (copies.length === 0) throw new ExpectationError(`node ${from} to have sent broadcast packet ${seqno}`, 'it is not on the wire');
    const first = copies[0];
    const state = frames.find((f) => f.n > first.n && f.from === from && f.to === peer && f.user === LINK_PROTOCOL && f.mtype === STATE_MSG);
    if (!state) throw new ExpectationError(`node ${from} to have sent node ${peer} a STATE message after broadcast packet ${seqno}`, 'none on the wire');
    const again = copies.find((f) => f.send !== first.send);
    if (!again) throw new ExpectationError(`node ${from} to send broadcast packet ${seqno} again within ${limit} ms of its STATE to node ${peer} (at ${state.at} ms)`, 'it was sent once');
    const at = Math.min(...copies.filter((f) => f.send === again.send).map((f) => f.at));
    if (at - state.at > limit || at < state.at) {
      throw new ExpectationError(
        `node ${from} to send broadcast packet ${seqno} again within ${limit} ms of its STATE to node ${peer} (at ${state.at} ms)`,
        `sent again at ${at} ms`,
      );
    }
  },
);

Then(
  'node {int} first sent its broadcast packets {int} to {int} in one instant',
  catalogue({
    group: 'observation',
    means:
      "On the wire, now, without waiting: the first sends of those packets of the node's broadcast link (non_seq, to the media broadcast address) were all decided on by the harness at the same time, so none of them waited in the broadcast link's backlog for an acknowledgement. The broadcast link sends at once what fits in its window of BCLINK_WIN_DEFAULT (50) beyond the oldest packet some peer still owes (tipc_link_xmit), and a peer's acknowledgement (bcast_ack, in its STATEs and on every data message it sends: tipc_bcast_ack_rcv) releases what every peer has. Exact timing: a scenario with this step needs virtual time. Fails with the packets and the times of their first sends.",
    params: [
      { name: 'from', meaning: 'the node whose broadcast link is judged (node number)' },
      { name: 'first', meaning: 'the first packet (sequence number)' },
      { name: 'last', meaning: 'the last packet (sequence number)' },
    ],
    needs: ['named-bcast', 'virtual-time'],
    example: 'node 1 first sent its broadcast packets 16 to 60 in one instant',
  }),
  async function (this: ConformanceWorld, from: number, first: number, last: number) {
    const c = await this.cluster();
    const firstAt = new Map<number, number>();
    for (const f of wireFramesInOrder(c)) {
      if (!isBcPacket(f, from) || firstAt.has(f.seqno as number)) continue;
      firstAt.set(f.seqno as number, f.at);
    }
    const missing: number[] = [];
    const times = new Map<number, number[]>();
    for (let q = first; q <= last; q++) {
      const at = firstAt.get(q);
      if (at === undefined) missing.push(q);
      else times.set(at, [...(times.get(at) ?? []), q]);
    }
    if (missing.length || times.size > 1) {
      const spread = [...times].map(([at, qs]) => `${qs[0]}-${qs[qs.length - 1]} at ${at} ms`).join(', ');
      throw new ExpectationError(
        `node ${from} to send broadcast packets ${first} to ${last} first in one instant`,
        missing.length ? `${missing.length} never sent (from ${missing[0]})${spread ? `; ${spread}` : ''}` : spread,
      );
    }
  },
);

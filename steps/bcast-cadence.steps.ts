/**
 * When a broadcast receiver acknowledges, or reports a gap, by a STATE on its unicast link: the
 * cadence of tipc_link_rcv on a broadcast receive link (link.c: tipc_link_build_state_msg after
 * 16 packets, at a point staggered by the receiver's address; tipc_link_build_nack_msg on every
 * 16th deferral, staggered the same way), read off the wire to the frame.
 */
import { Then } from '@cucumber/cucumber';
import { LINK_CONFIG, LINK_PROTOCOL, STATE_MSG, type WireFrame } from '../contract';
import { ExpectationError } from './support/expect';
import { SEQNOS } from './support/parameter-types';
import { nodeListText } from './support/values';
import type { ConformanceWorld } from './support/world';
import { catalogue } from './vocabulary';

/** The node's broadcast-link packets (non_seq, to the media broadcast address, not LINK_CONFIG). */
function isBcPacket(f: WireFrame, from: number): boolean {
  return f.from === from && f.broadcast && f.user !== LINK_CONFIG && f.seqno !== undefined && f.ack === undefined;
}

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
    const frames = [...c.wireFrames()].sort((a, b) => a.n - b.n);
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

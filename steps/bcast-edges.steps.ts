/**
 * Edges of the broadcast link: what number the next peer's broadcast packets start from after
 * the last peer is lost (link.c tipc_link_remove_bc_peer → tipc_link_reset of the send link at
 * zero ackers), read off the wire; data messages to a port of the step's choosing, whose word 5
 * (destport) has bits a LINK_PROTOCOL message would use for broadcast fields (msg_bc_ack_invalid).
 */
import { Then, When } from '@cucumber/cucumber';
import { type BearerName, LINK_PROTOCOL, STATE_MSG, type WireFrame } from '../contract';
import { isBcPacket, wireFramesInOrder } from './support/bcast-frames';
import { ExpectationError } from './support/expect';
import { BEARER } from './support/parameter-types';
import { lastUpdateText, updateFrames } from './support/updates';
import type { ConformanceWorld } from './support/world';
import { catalogue } from './vocabulary';

When(
  'node {int} sends node {int} {int} numbered messages at once to port {int}',
  catalogue({
    group: 'action',
    means:
      'As "node N sends node M K numbered messages at once", but to the given destination port, not the one the receiver\'s implementation takes user messages on: the receiver may have no socket there, and then rejects them (tipc_sk_rcv: TIPC_ERR_NO_PORT, the message goes back to the sender), after its tipc_rcv has read what every message carries for the link (ack, bcast_ack). For a port whose bits mean something in word 5 of other users\' messages (bit 14 is bc_ack_invalid on LINK_PROTOCOL, BCAST_PROTOCOL and NAME_DISTRIBUTOR messages). No time passes.',
    params: [
      { name: 'from', meaning: 'the sending node (node number)' },
      { name: 'to', meaning: 'the receiving node (node number)' },
      { name: 'count', meaning: 'number of messages, at least 1' },
      { name: 'port', meaning: 'destination port (destport, word 5), 1 to 4294967295' },
    ],
    needs: ['data'],
    example: 'node 2 sends node 1 1 numbered messages at once to port 20626',
  }),
  async function (this: ConformanceWorld, from: number, to: number, count: number, port: number) {
    if (!(Number.isSafeInteger(count) && count >= 1)) throw new Error(`a burst of ${count} messages: send at least 1`);
    if (!(Number.isSafeInteger(port) && port >= 1 && port <= 0xffffffff)) throw new Error(`port ${port}: a port is 1 to 4294967295`);
    const c = await this.cluster();
    const s = this.streams.burst(from, to, port, count, c.now());
    await s.sendDue(c);
  },
);

Then(
  'node {int} sent that update as broadcast packet {int}',
  catalogue({
    group: 'observation',
    means:
      "On the wire, now, without waiting: every broadcast-link copy of the node's last binding table update (the NAME_DISTRIBUTOR PUBLICATION or WITHDRAWAL of its last bind or unbind step, no bulk; a retransmission included) carried that sequence number of the node's broadcast link, and there was at least one. The broadcast link numbers its packets from 1 when created and again after it has lost its last peer (tipc_link_remove_bc_peer resets it at zero ackers); the next peer learns where the numbering stands from the init message (last_bcast). Fails with the sequence numbers seen, or with the count of unicast copies when the update went by replicast alone.",
    params: [
      { name: 'node', meaning: 'node number (address 1.1.N)' },
      { name: 'seqno', meaning: "the broadcast link's sequence number of the update" },
    ],
    needs: ['named-bcast'],
    example: 'node 1 sent that update as broadcast packet 1',
  }),
  async function (this: ConformanceWorld, node: number, seqno: number) {
    const c = await this.cluster();
    const frames = updateFrames(c, this, node);
    const seen = [...new Set(frames.filter((f) => f.broadcast).map((f) => f.seqno))];
    if (seen.length !== 1 || seen[0] !== seqno) {
      throw new ExpectationError(
        `node ${node}'s ${lastUpdateText(this)} to go out on its broadcast link as packet ${seqno}`,
        seen.length
          ? `broadcast packet(s) ${seen.join(', ')}`
          : `no broadcast copy (${frames.filter((f) => !f.broadcast).length} unicast copies)`,
      );
    }
  },
);


Then(
  "node {int} sent no broadcast packet again within {int} ms of node {int}'s late STATE on bearer {bearer}, whose bcast_ack went back",
  catalogue({
    group: 'observation',
    means:
      "On the wire, now, without waiting: the STATE that \"node N's next STATE to node M on bearer X arrives ... late\" delayed (the peer's, to the node) was delivered after a STATE of the peer that acknowledged more of the node's broadcast packets (bcast_ack) had been, and the packet after its bcast_ack was still held for some peer when it came (the node sent it again later): a reordered acknowledgement that goes back. The node's broadcast link takes a peer's acknowledgement and gap report only if it does not go back (tipc_link_bc_ack_rcv: less(acked, r->acked) returns; tipc_rcv hands a STATE's broadcast fields to tipc_bcast_sync_rcv before the link's own check of the STATE's sequence number), so the gap the late STATE reports, of packets the peer has since received, is not retransmitted: no frame of the node's broadcast link repeats a sequence number between the late STATE's arrival and that many ms later. Fails as a staging failure when the STATE was not late or did not go back, else with the packets sent again.",
    params: [
      { name: 'node', meaning: 'the broadcast sender, which got the late STATE (node number)' },
      { name: 'window', meaning: 'ms after the late STATE arrived' },
      { name: 'peer', meaning: 'the node whose STATE was late (node number)' },
      { name: 'bearer', meaning: 'bearer letter: A (eth0) or B (eth1)', type: BEARER },
    ],
    needs: ['named-bcast', 'virtual-time'],
    example: "node 1 sent no broadcast packet again within 5 ms of node 2's late STATE on bearer A, whose bcast_ack went back",
  }),
  async function (this: ConformanceWorld, node: number, window: number, peer: number, bearer: BearerName) {
    const c = await this.cluster();
    // wireFrames() is in the order frames met their fate (delivery); `at` is that time
    const frames = c.wireFrames();
    const rule = `bearer ${bearer}: node ${peer}'s next STATE to node ${node} late`;
    const isState = (f: WireFrame): boolean => f.from === peer && f.to === node && f.bearer === bearer && f.user === LINK_PROTOCOL && f.mtype === STATE_MSG;
    const at = frames.findIndex((f) => isState(f) && f.fate.startsWith(`delay(${rule}`));
    if (at < 0) throw new ExpectationError(`node ${peer}'s late STATE to node ${node} on bearer ${bearer} delivered`, 'none was (a step must make it late first)');
    const late = frames[at];
    const lateAck = late.bcast_ack ?? -1;
    const before = frames.slice(0, at).filter((f) => isState(f) && f.fate === 'deliver' && f.bcast_ack !== undefined);
    const best = Math.max(-1, ...before.map((f) => f.bcast_ack as number));
    if (lateAck < 0 || best <= lateAck) {
      throw new ExpectationError(
        `node ${peer}'s late STATE (#${late.n}, bcast_ack ${late.bcast_ack ?? 'none'}) to come after one of its STATEs acknowledging more`,
        best < 0 ? 'no STATE with a bcast_ack before it' : `the most its STATEs before it acknowledged: ${best}`,
      );
    }
    const held = lateAck + 1;
    const sentBefore = new Set(frames.slice(0, at).filter((f) => isBcPacket(f, node)).map((f) => f.seqno));
    const after = frames.slice(at + 1).filter((f) => isBcPacket(f, node));
    if (!after.some((f) => f.seqno === held)) {
      throw new ExpectationError(
        `node ${node}'s broadcast packet ${held} still held for some peer when node ${peer}'s late STATE came (sent again after it)`,
        'never sent again after it: every peer had it, and a retransmission would show nothing',
      );
    }
    const again = after.filter((f) => f.at <= late.at + window && sentBefore.has(f.seqno));
    if (again.length > 0) {
      throw new ExpectationError(
        `node ${node} to send no broadcast packet again within ${window} ms of node ${peer}'s late STATE (#${late.n} at ${late.at} ms, bcast_ack ${lateAck}, below the ${best} acknowledged before)`,
        again.map((f) => `packet ${f.seqno} at ${f.at} ms`).join(', '),
      );
    }
  },
);

Then(
  'node {int} first sent its broadcast packet {int} later than its packet {int}',
  catalogue({
    group: 'observation',
    means:
      "On the wire, now, without waiting: the harness decided on the first send of the first packet of the node's broadcast link (non_seq, to the media broadcast address) later than on the first send of the second, so the first waited in the broadcast link's backlog for an acknowledgement (tipc_link_xmit: a window of BCLINK_WIN_DEFAULT, 50, beyond the oldest packet some peer still owes). Exact timing: a scenario with this step needs virtual time. Fails with the times of both first sends, or when either was never sent.",
    params: [
      { name: 'from', meaning: 'the node whose broadcast link is judged (node number)' },
      { name: 'later', meaning: 'the packet that waited (sequence number)' },
      { name: 'earlier', meaning: 'the packet before it (sequence number)' },
    ],
    needs: ['named-bcast', 'virtual-time'],
    example: 'node 1 first sent its broadcast packet 51 later than its packet 50',
  }),
  async function (this: ConformanceWorld, from: number, later: number, earlier: number) {
    const c = await this.cluster();
    const first = (q: number): number | undefined =>
      wireFramesInOrder(c).find((f) => isBcPacket(f, from) && f.seqno === q)?.at;
    const a = first(later);
    const b = first(earlier);
    if (a === undefined || b === undefined || a <= b) {
      throw new ExpectationError(
        `node ${from} to send broadcast packet ${later} first later than packet ${earlier}`,
        `packet ${later} ${a === undefined ? 'never sent' : `first at ${a} ms`}, packet ${earlier} ${b === undefined ? 'never sent' : `first at ${b} ms`}`,
      );
    }
  },
);

Then(
  'node {int} sent its broadcast packet {int} again within {int} ms of its first send',
  catalogue({
    group: 'observation',
    means:
      "On the wire, now, without waiting: the packet of the node's broadcast link (non_seq, to the media broadcast address) was sent a second time no later than that many ms after its first send (the harness's decisions on the two sends). A broadcast packet is sent again on a peer's gap report (bc_gap), at most once per 10 ms (TIPC_BC_RETR_LIM); a peer that lost the last packet learns of it from the last_bcast of the node's next STATE, which the node's link timer sends while a peer has not acknowledged every broadcast packet (tipc_link_timeout). Exact timing: a scenario with this step needs virtual time. Fails with the times of the sends.",
    params: [
      { name: 'from', meaning: 'the node whose broadcast link is judged (node number)' },
      { name: 'seqno', meaning: 'the packet (sequence number)' },
      { name: 'limit', meaning: 'ms after its first send' },
    ],
    needs: ['named-bcast', 'virtual-time'],
    example: 'node 1 sent its broadcast packet 1 again within 380 ms of its first send',
  }),
  async function (this: ConformanceWorld, from: number, seqno: number, limit: number) {
    const c = await this.cluster();
    const sends = [...new Set(wireFramesInOrder(c).filter((f) => isBcPacket(f, from) && f.seqno === seqno).map((f) => f.send))];
    const at = sends.map((s) => Math.min(...c.wireFrames().filter((f) => f.send === s).map((f) => f.at)));
    if (at.length < 2 || at[1] - at[0] > limit) {
      throw new ExpectationError(
        `node ${from} to send broadcast packet ${seqno} again within ${limit} ms of its first send`,
        at.length === 0 ? 'never sent' : `sent at ${at.map((t) => `${t} ms`).join(', ')}`,
      );
    }
  },
);

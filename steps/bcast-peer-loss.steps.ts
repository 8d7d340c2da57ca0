/**
 * Edges of the broadcast link: what number the next peer's broadcast packets start from after
 * the last peer is lost (link.c tipc_link_remove_bc_peer → tipc_link_reset of the send link at
 * zero ackers), read off the wire; data messages to a port of the step's choosing, whose word 5
 * (destport) has bits a LINK_PROTOCOL message would use for broadcast fields (msg_bc_ack_invalid).
 */
import { Then, When } from '@cucumber/cucumber';
import { ExpectationError } from './support/expect';
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

/**
 * The broadcast link across the loss of the last broadcast peer: what number the next peer's
 * broadcast packets start from (link.c tipc_link_remove_bc_peer → tipc_link_reset of the send
 * link at zero ackers), read off the wire.
 */
import { Then } from '@cucumber/cucumber';
import { ExpectationError } from './support/expect';
import { lastUpdateText, updateFrames } from './support/updates';
import type { ConformanceWorld } from './support/world';
import { catalogue } from './vocabulary';

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

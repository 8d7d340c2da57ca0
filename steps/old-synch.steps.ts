/**
 * A tester node from before v5.5 ("tipc: optimize link synching mechanism"): it announces no
 * TIPC_TUNNEL_ENHANCED, so a second link comes up the old way, every packet of the first link
 * tunnelled as a SYNCH_MSG, in both directions.
 */
import { Given } from '@cucumber/cucumber';
import type { ConformanceWorld } from './support/world';
import { catalogue } from './vocabulary';

Given(
  'node {int} is a node from before Linux 5.5, without TIPC_TUNNEL_ENHANCED',
  catalogue({
    group: 'set-up',
    means:
      'The tester node runs a TIPC from before "tipc: optimize link synching mechanism" (v5.5): it announces no TIPC_TUNNEL_ENHANCED in its LINK_CONFIG messages, and when a second link comes up it tunnels every packet of the first as a SYNCH_MSG (tipc_link_tnl_prepare), the first carrying the synch point in its inner message; a peer with the capability must do the same towards it (no header-only SYNCH_MSG) and take the synch point from the inner message of the first SYNCH_MSG (tipc_node_check_state). A tester node only, before the cluster starts; not applicable where the testers are Linux 6.1 kernels.',
    params: [{ name: 'node', meaning: 'a tester node, not under test (node number)' }],
    needs: ['synch'],
    example: 'node 1 is a node from before Linux 5.5, without TIPC_TUNNEL_ENHANCED',
  }),
  function (this: ConformanceWorld, node: number) {
    const why = this.applicability.cluster(this.setup.nodes(), this.setup.iut(), 'pre-tunnel-enhanced');
    if (why !== undefined) {
      this.attach(`not applicable: ${why}`);
      return 'skipped';
    }
    this.setup.makePreTunnelEnhanced(node);
    return undefined;
  },
);

@area:link @needs:link @needs:failover @severity:normal
Feature: Losing contact with a peer, during a failover and while the peer still has the node up
  A node that loses its last link to a peer ends any failover in progress (node_lost_contact
  fires FAILOVER_END on every link endpoint) and then, in SELF_DOWN_PEER_LEAVING, takes nothing
  from the peer that shows the peer still has it up, until the peer has lost contact too: both
  must start over from scratch, with a fresh node up and a fresh name table bulk each way
  (tipc_node_check_state, net/tipc/node.c).

  Background:
    Given a cluster of nodes 1 and 2 joined by bearers A and B

  @req:FO-7 @iut:1 @needs:fsm-events @catches:ablation-failover-not-aborted
  Scenario: The tunnel link fails in the middle of a failover: the failed link still comes back
    Node 2's FAILOVER_MSGs never reach node 1, so node 1's failover cannot end at a synch point;
    when link <1B-2B> fails too, losing contact must end it, or link endpoint 1A stays
    FAILINGOVER and never comes up again.
    Given link <1A-2A> comes up first and then link <1B-2B>
    When node 2's FAILOVER_MSGs to node 1 are held back on bearer B
    And bearer A is cut in both directions
    Then link endpoint 1A goes down within 3000 ms
    And node 1 fails over onto link <1B-2B>
    When bearer B is cut in both directions
    Then node 1 loses contact with node 2 within 5000 ms
    And within 10 ms neither node is in failover
    When bearer A carries all traffic again
    And bearer B carries all traffic again
    Then link <1A-2A> is up on both nodes within 10000 ms
    And link <1B-2B> is up on both nodes within 10000 ms

  @req:ND-1 @iut:1 @needs:naming @catches:ablation-check-state-unfiltered @catches:ablation-session-reuse
  Scenario: Node 1 lost contact while node 2 still has it up: no link until node 2 has lost contact too
    Node 2 supervises link <1B-2B> with a tolerance of 10 s, node 1 with the default 1.5 s, so once
    both bearers are cut node 1 loses contact long before node 2 does. Bearer A back, node 2's
    RESETs and ACTIVATEs on it say it still has node 1 up (redundant_link): node 1 must drop
    them. Had it let link <1A-2A> come up, node 2 would take it for a second link and send no
    bulk, and node 1, which dropped node 2's bindings when it lost contact, would never get them back.
    Given node 2 has link tolerance 10000 ms on bearer B
    And node 2 binds 20 cluster-scope service ranges {1000+i, 100i, 100i+9}
    And node 1 binds 3 cluster-scope service ranges {2000+i, 100i, 100i+9}
    And link <1A-2A> comes up first and then link <1B-2B>
    And node 1's name table holds every cluster-scope binding of node 2 within 1000 ms
    When bearer A is cut in both directions
    Then link endpoint 1A goes down within 3000 ms
    And within 2000 ms neither node is in failover
    When bearer B is cut in both directions
    Then node 1 loses contact with node 2 within 3000 ms
    And node 2 still has contact with node 1
    When bearer A carries all traffic again
    Then link endpoint 1A stays down until node 2 loses contact with node 1 too, within 15000 ms
    And link <1A-2A> is up on both nodes within 5000 ms
    And node 1's name table holds every cluster-scope binding of node 2
    And node 2's name table holds every cluster-scope binding of node 1

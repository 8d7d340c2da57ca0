@area:link @needs:failover @needs:naming @needs:link @severity:critical
Feature: Half-failover: a link endpoint that came up on one side only must not cost name table entries
  Tuong Lien, "tipc: fix missing Name entries due to half-failover" (net-next, 2019):
    1. Both links <1A-2A>, <1B-2B> down
    2. Link endpoint 2A up, but 1A still down
    3. Link <1B-2B> up
    4. Link endpoint 2A down (link tolerance timeout)
    5. Node 2 starts failover onto link <1B-2B>
    ==> Node 1 does never start link failover.
  Consequences before the fix: (a) a peer link or node stuck in FAILINGOVER, (b) messages that
  node 2 tunnels onto <1B-2B>, typically its name table bulk, dropped by node 1 for good.
  The fix: node 1 starts its own failover when node 2's FAILOVER_MSG arrives.

  Background:
    Given a cluster of nodes 1 and 2 joined by bearers A and B
    And node 2 has link tolerance 30000 ms on bearer A
    And node 2 binds 100 cluster-scope service ranges {1000+i, 100i, 100i+9}
    And node 1 binds 3 cluster-scope service ranges {2000+i, 100i, 100i+9}

  @req:FO-1 @iut:1 @catches:pre-half-failover-fix @catches:pre-c140eb166d @catches:bulk-seq-controlled @needs:fsm-events
  Scenario: Node 1 fails over too when node 2's FAILOVER_MSG arrives first
    Given both links <1A-2A> and <1B-2B> are down
    When link endpoint 2A comes up while 1A stays down
    And link <1B-2B> comes up
    And bearer A is cut in both directions
    And node 2 sets the tolerance of link endpoint 2A to 1000 ms
    Then link endpoint 2A goes down within 3000 ms
    And node 2 fails over onto link <1B-2B>
    And node 1 answers node 2's first FAILOVER_MSG with a FAILOVER_MSG of its own within 10 ms
    And within 2000 ms neither node is in failover
    And node 1's name table holds every cluster-scope binding of node 2
    And node 1 dropped nothing that node 2 tunnelled in this failover
    When bearer A carries all traffic again
    Then link <1A-2A> is up on both nodes within 10000 ms

  @req:FO-2 @iut:1 @catches:pre-half-failover-fix @catches:pre-half-failover-fix-v4.19 @catches:pre-c140eb166d @catches:bulk-seq-controlled @needs:fsm-events @catches:ablation-peer-up-on-state-only
  Scenario: A drop point left by an earlier failover does not swallow the next half-failover's tunnel
    Given link <1A-2A> comes up first and then link <1B-2B>
    And node 2 binds 30 cluster-scope service ranges {3000+i, 100i, 100i+9}
    And node 1's name table holds every cluster-scope binding of node 2 within 1000 ms
    When bearer A is cut in both directions
    Then link endpoint 1A goes down within 5000 ms
    And within 2000 ms neither node is in failover
    When bearer B is cut in both directions
    Then node 1 loses contact with node 2 within 5000 ms
    When link endpoint 2A comes up while 1A stays down
    And link <1B-2B> comes up
    And bearer A is cut in both directions
    And node 2 sets the tolerance of link endpoint 2A to 1000 ms
    Then link endpoint 2A goes down within 3000 ms
    And node 2 fails over onto link <1B-2B>
    And within 2000 ms neither node is in failover
    And node 1's name table holds every cluster-scope binding of node 2
    And node 1 dropped nothing that node 2 tunnelled in this failover

  @req:FO-4 @iut:1 @needs:virtual-time @catches:pre-early-failover-msg-fix @catches:pre-half-failover-fix @catches:pre-half-failover-fix-v4.19 @catches:pre-c140eb166d @catches:bulk-seq-controlled
  Scenario: A FAILOVER_MSG that arrives while the parallel link is still RESETTING
    "tipc: fix issues with early FAILOVER_MSG from peer" (June 2019): node 1 must take the
    RESETTING link down itself and fail over, not start a second failover on top of it.
    Given link <1A-2A> comes up first and then link <1B-2B>
    And node 2 binds 20 cluster-scope service ranges {3000+i, 100i, 100i+9}
    And node 1's name table holds every cluster-scope binding of node 2 within 1000 ms
    When node 2's FAILOVER_MSGs to node 1 are held back on bearer B
    And bearer A is cut in both directions
    And node 2 sets the tolerance of link endpoint 2A to 1000 ms
    Then link endpoint 2A goes down within 3000 ms
    When the held FAILOVER_MSGs arrive in the instant link endpoint 1A becomes RESETTING
    Then within 2000 ms neither node is in failover
    And node 1's name table holds every cluster-scope binding of node 2
    When bearer A carries all traffic again
    Then link <1A-2A> is up on both nodes within 10000 ms

  @req:FO-6 @iut:1 @needs:fsm-events @catches:pre-half-failover-fix @catches:pre-half-failover-fix-v4.19 @catches:pre-c140eb166d
  Scenario: Node 1's failover ends only after the last message node 2 tunnelled has arrived
    Node 1's synch point is where node 2's last FAILOVER_MSG sits on link <1B-2B> (the first
    one's sequence number + msgcnt - 1). Node 2's FAILOVER_MSGs after the first come 300 ms late,
    so node 1 must stay in failover, its endpoint 1A FAILINGOVER and unable to come up, until they
    are all in; then the next packet on <1B-2B> ends it.
    Given both links <1A-2A> and <1B-2B> are down
    When link endpoint 2A comes up while 1A stays down
    And link <1B-2B> comes up
    And node 2's FAILOVER_MSGs to node 1 after the first are delayed by 300 ms, retransmissions included
    And bearer A is cut in both directions
    And node 2 sets the tolerance of link endpoint 2A to 1000 ms
    Then link endpoint 2A goes down within 3000 ms
    And node 1 stays in failover, with link endpoint 1A FAILINGOVER, until node 2's last FAILOVER_MSG has reached it
    And within 2000 ms neither node is in failover

  @req:FO-8 @iut:1 @needs:fsm-events @catches:ablation-check-state-unfiltered @catches:pre-half-failover-fix @catches:pre-half-failover-fix-v4.19 @catches:pre-c140eb166d @catches:bulk-seq-controlled
  Scenario: Duplicated FAILOVER_MSGs start no second failover
    Every FAILOVER_MSG of node 2's after the first arrives twice, the copy 1 ms later. A copy is
    below link <1B-2B>'s rcv_nxt: node 1 hands it to the link, which discards it. Taken for a new
    FAILOVER_MSG, a copy that came after node 1's failover ended would start another one.
    Given both links <1A-2A> and <1B-2B> are down
    When link endpoint 2A comes up while 1A stays down
    And link <1B-2B> comes up
    And node 2's FAILOVER_MSGs to node 1 after the first are duplicated once
    And bearer A is cut in both directions
    And node 2 sets the tolerance of link endpoint 2A to 1000 ms
    Then link endpoint 2A goes down within 3000 ms
    And within 2000 ms neither node is in failover
    And node 1 began failover towards node 2 only once
    And node 1's name table holds every cluster-scope binding of node 2

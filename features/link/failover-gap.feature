@area:link @needs:failover @needs:data @needs:link @severity:normal
Feature: A failover right after losses on the failed link: what waited behind the gaps is delivered in order
  When a link fails, the tunnel link of the receiver takes over the failed link's receive position
  as its drop_point and the packets waiting in the failed link's deferred queue as its failover
  deferred queue (tipc_link_tnl_prepare). The tunnelled copies fill the gaps: each one at the
  drop_point is delivered, and then whatever waits in the failover deferred queue at the new
  drop_point, one after the other, stopping at the next gap (tipc_link_tnl_rcv,
  __tipc_skb_dequeue); copies below the drop_point were delivered already and are dropped.

  Background:
    Given a cluster of nodes 1 and 2 joined by bearers A and B

  # Messages 296 and 298 are lost on link A in the last milliseconds before node 1's interface of
  # bearer A goes down: node 2's link A holds 297 and 299-300 behind two gaps when the failover
  # starts. The tunnelled 296 releases 297 from the failover deferred queue and stops at the gap
  # of 298; the tunnelled 298 releases 299 and 300.
  @req:FO-10 @iut:2 @catches:ablation-no-drop-point
  Scenario: Packets that waited behind two gaps on the failed link are delivered once and in order after the failover
    Given node 1 has link priority 20 on bearer A
    And node 2 has link priority 20 on bearer A
    And link <1A-2A> comes up first and then link <1B-2B>
    And node 1's numbered message 296 to node 2 is dropped once
    And node 1's numbered message 298 to node 2 is dropped once
    When node 1 starts sending numbered messages to node 2, one every 1 ms
    And 300 ms pass
    And the interface of bearer A on node 1 goes down
    And node 1 has sent 600 messages
    Then node 2 receives every message node 1 sent, exactly once and in order, within 5000 ms
    And within 5000 ms neither node is in failover

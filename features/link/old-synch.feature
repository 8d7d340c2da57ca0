@area:link @needs:link @needs:data @needs:synch @severity:normal
Feature: A second link comes up under traffic with a peer from before Linux 5.5
  Since "tipc: optimize link synching mechanism" (v5.5) a node whose peer announces
  TIPC_TUNNEL_ENHANCED sends one header-only SYNCH_MSG with the synch point in its header
  (msg_syncpt). Towards a peer without it, 6.1 still synchs the old way: tipc_link_tnl_prepare
  tunnels every packet of the first link's send queue as a SYNCH_MSG on the new link, and
  tipc_node_check_state takes the synch point of such a peer's synch from the inner message of
  its first SYNCH_MSG (the inner sequence number plus the count of packets, less one).

  Background:
    Given a cluster of nodes 1 and 2 joined by bearers A and B

  @req:LN-6 @iut:2 @catches:ablation-no-synch
  Scenario: A second link comes up under traffic from a peer without TIPC_TUNNEL_ENHANCED: the order of delivery is kept
    As SY-1, with node 1 from before v5.5: its SYNCH_MSGs to node 2 carry every packet still
    unacknowledged on link A, and node 2 must hold back what comes on link B until link A has
    delivered up to the synch point of the first one.
    Given node 1 is a node from before Linux 5.5, without TIPC_TUNNEL_ENHANCED
    And node 1 has link priority 20 on bearer B
    And node 2 has link priority 20 on bearer B
    And both links <1A-2A> and <1B-2B> are down
    And link <1A-2A> comes up
    And every frame on bearer A is delayed by 20 ms
    When node 1 starts sending numbered messages to node 2, one every 2 ms
    And 200 ms pass
    And link <1B-2B> comes up
    And node 1 has sent 500 messages
    Then node 2 receives every message node 1 sent, exactly once and in order, within 5000 ms
    And node 1 sent node 2 each SYNCH_MSG once

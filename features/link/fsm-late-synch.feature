@area:link @needs:link @needs:fsm-events @needs:synch @needs:failover @needs:virtual-time @severity:normal
Feature: A SYNCH_MSG that arrives after its link failed
  tipc_node_check_state (net/tipc/node.c) raises a link with the peer's first SYNCH_MSG (sequence
  number 1) if it is not up yet (__tipc_node_link_up: LINK_ESTABLISH_EVT) and, if the node is
  SELF_UP_PEER_UP, starts the synch (LINK_SYNCH_BEGIN_EVT, NODE_SYNCH_BEGIN_EVT) whether the link
  came up or not. A SYNCH_MSG that arrives late, after its link failed and the failover ended,
  meets an endpoint in RESET: LINK_ESTABLISH_EVT leaves it RESET, LINK_SYNCH_BEGIN_EVT is illegal
  there, and the node goes NODE_SYNCHING with its synching link down. It stays so until the link
  is up again: the synch point is then passed on the next packet, and the node SELF_UP_PEER_UP.

  Background:
    Given a cluster of nodes 1 and 2 joined by bearers A and B

  @req:FM-7 @iut:1 @catches:ablation-no-synch @catches:pre-tunnel-enhanced @catches:ablation-ack-every-packet
  Scenario: The first SYNCH_MSG of a link arrives after the link failed and its failover ended
    Link B comes up next to link A; node 2's SYNCH_MSG is on its way for 500 ms. Node 2 announces
    a new priority on link B, and node 1's endpoint fails on it (LINK_FAILURE_EVT) and fails over
    onto link A; node 2 follows (its endpoint is forced down by node 1's FAILOVER_MSG), and node
    1's failover ends at the synch point, 1B back in RESET. Then the SYNCH_MSG arrives.
    Given both links <1A-2A> and <1B-2B> are down
    And link <1A-2A> comes up
    And node 2's first SYNCH_MSG to node 1 on bearer B arrives 500 ms late
    And link <1B-2B> comes up
    When node 2 sets the priority of link endpoint 2B to 20
    And 1000 ms pass
    Then link endpoint 1B went RESET -FAILOVER_BEGIN_EVT-> FAILINGOVER -FAILOVER_END_EVT-> RESET -ESTABLISH_EVT-> RESET -SYNCH_BEGIN_EVT-> RESET
    And node 1's peer node FSM for node 2 went FAILINGOVER -FAILOVER_END_EVT-> SELF_UP_PEER_UP -SYNCH_BEGIN_EVT-> SYNCHING
    And link <1B-2B> is up on both nodes within 5000 ms
    When 1000 ms pass
    Then node 1's peer node FSM for node 2 went SELF_UP_PEER_UP -SYNCH_BEGIN_EVT-> SYNCHING -SYNCH_END_EVT-> SELF_UP_PEER_UP

  @req:FM-8 @iut:1 @catches:ablation-no-synch
  Scenario: The first SYNCH_MSG of a link arrives while the link is failing over
    As FM-7, but the SYNCH_MSG is late by 100 ms only and meets 1B while node 1 is still
    NODE_FAILINGOVER: LINK_ESTABLISH_EVT leaves the endpoint FAILINGOVER, and no synch starts
    (the node is not SELF_UP_PEER_UP); the failover ends as if the SYNCH_MSG had not come.
    Given both links <1A-2A> and <1B-2B> are down
    And link <1A-2A> comes up
    And node 2's first SYNCH_MSG to node 1 on bearer B arrives 100 ms late
    And link <1B-2B> comes up
    When node 2 sets the priority of link endpoint 2B to 20
    And 1000 ms pass
    Then link endpoint 1B went RESET -FAILOVER_BEGIN_EVT-> FAILINGOVER -ESTABLISH_EVT-> FAILINGOVER -FAILOVER_END_EVT-> RESET
    And node 1's peer node FSM for node 2 went SELF_UP_PEER_UP -FAILOVER_BEGIN_EVT-> FAILINGOVER -FAILOVER_END_EVT-> SELF_UP_PEER_UP
    And link <1B-2B> is up on both nodes within 5000 ms

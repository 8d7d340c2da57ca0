@area:link @needs:link @needs:fsm-events @needs:synch @needs:data @needs:virtual-time @severity:normal
Feature: Both links of a peer going down in one instant, in the middle of a synch
  tipc_rcv (net/tipc/node.c) takes a link down (tipc_node_link_down) only after it has dropped
  the link lock, and on another CPU a frame for the peer's other link can be handled in between.
  Two frames that take both links of a peer down, handled in one instant, leave both endpoints
  down before either tipc_node_link_down runs: the first then finds no other link up and loses
  contact with the peer from the state the node is in, here NODE_SYNCHING (a second link came up
  and the first has not yet delivered up to the synch point), and its node_lost_contact ends
  failover on every endpoint, the other one, still down, included; the second tipc_node_link_down
  meets a node that has already lost contact. The harness stages the instant (virtual time): on
  a kernel the two frames are mostly handled one after the other, and the first link down then
  starts a failover instead.

  Background:
    Given a cluster of nodes 1 and 2 joined by bearers A and B
    And both links <1A-2A> and <1B-2B> are down
    And link <1A-2A> comes up
    And node 2's numbered packets to node 1 on bearer A are dropped
    When node 2 sends node 1 5 numbered messages at once to port 4242
    And link <1B-2B> comes up
    And 10 ms pass
    Then node 1's peer node FSM for node 2 went SELF_UP_PEER_UP -SYNCH_BEGIN_EVT-> SYNCHING

  @req:FM-5 @iut:1 @catches:ablation-failover-not-aborted @catches:ablation-no-synch @catches:ablation-session-reuse @catches:ablation-peer-stopping-ignored
  Scenario: The peer announces a new priority on both links in one instant: SELF_LOST_CONTACT_EVT in SYNCHING
    Node 1 synchs link B (node 2's messages on link A, below the synch point, are lost). Node 2
    changes the priority of both its endpoints at once; each announces it in a STATE
    (tipc_link_set_prio), and node 1's endpoints, taking a priority other than their own, both
    fail (LINK_FAILURE_EVT: ESTABLISHED or SYNCHING -> RESETTING) in the same instant. The first
    tipc_node_link_down finds no link up, and the peer not known down: NODE_SYNCHING takes
    SELF_LOST_CONTACT_EVT to SELF_DOWN_PEER_LEAVING, and node_lost_contact's LINK_FAILOVER_END_EVT
    is illegal on 1B, still RESETTING. The second one's SELF_LOST_CONTACT_EVT leaves
    SELF_DOWN_PEER_LEAVING as it is. Node 2, told by node 1's RESET that node 1 is stopping, loses
    contact too, and its own RESET, marked peer_stopping, fails 1B once more, now RESET, where
    LINK_FAILURE_EVT changes nothing.
    When node 2 sets the priority of link endpoint 2A to 20
    And node 2 sets the priority of link endpoint 2B to 20
    And 10 ms pass
    Then node 1's peer node FSM for node 2 went SYNCHING -SELF_LOST_CONTACT_EVT-> SELF_DOWN_PEER_LEAVING -SELF_LOST_CONTACT_EVT-> SELF_DOWN_PEER_LEAVING -PEER_LOST_CONTACT_EVT-> SELF_DOWN_PEER_DOWN
    And link endpoint 1A went ESTABLISHED -FAILURE_EVT-> RESETTING -RESET_EVT-> RESET
    And link endpoint 1B went SYNCHING -FAILURE_EVT-> RESETTING -FAILOVER_END_EVT-> RESETTING -RESET_EVT-> RESET -FAILOVER_END_EVT-> RESET -FAILURE_EVT-> RESET

  @req:FM-6 @iut:1 @needs:failover @catches:ablation-failover-not-aborted @catches:ablation-no-synch
  Scenario: The peer's plain RESETs reach both links in one instant: PEER_LOST_CONTACT_EVT in SYNCHING
    Node 1 synchs link B. Node 2 no longer hears node 1 on either bearer, and its endpoints time
    out; the RESET it sends when it loses contact, marked peer_stopping, is late, and the plain
    RESETs of its link timers, of newer sessions (its endpoints were reset), reach node 1 on both
    bearers in one instant (its FAILOVER_MSGs are held back). Both of node 1's endpoints go
    PEER_RESET (LINK_PEER_RESET_EVT) before either tipc_node_link_down runs. The first finds no
    link up and the peer known down (tipc_link_peer_is_down): NODE_SYNCHING takes
    PEER_LOST_CONTACT_EVT to SELF_LEAVING_PEER_DOWN and SELF_LOST_CONTACT_EVT to
    SELF_DOWN_PEER_DOWN, and node_lost_contact's LINK_FAILOVER_END_EVT is illegal on 1B, still
    PEER_RESET. The second one's PEER_LOST_CONTACT_EVT and SELF_LOST_CONTACT_EVT leave
    SELF_DOWN_PEER_DOWN as it is.
    When node 2's FAILOVER_MSGs to node 1 are held back on bearer B
    And node 2's next RESET to node 1 on bearer B arrives 5000 ms late
    And node 2's RESETs to node 1 are held back on bearers A and B
    And bearer A is cut from node 1 to node 2
    And bearer B is cut from node 1 to node 2
    And node 2's held RESETs reach node 1 on bearers A and B in one instant
    And 10 ms pass
    Then node 1's peer node FSM for node 2 went SYNCHING -PEER_LOST_CONTACT_EVT-> SELF_LEAVING_PEER_DOWN -SELF_LOST_CONTACT_EVT-> SELF_DOWN_PEER_DOWN -PEER_LOST_CONTACT_EVT-> SELF_DOWN_PEER_DOWN -SELF_LOST_CONTACT_EVT-> SELF_DOWN_PEER_DOWN
    And link endpoint 1A went ESTABLISHED -PEER_RESET_EVT-> PEER_RESET -RESET_EVT-> ESTABLISHING
    And link endpoint 1B went SYNCHING -PEER_RESET_EVT-> PEER_RESET -FAILOVER_END_EVT-> PEER_RESET -RESET_EVT-> ESTABLISHING -FAILOVER_END_EVT-> ESTABLISHING

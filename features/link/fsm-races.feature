@area:link @needs:link @needs:failover @needs:fsm-events @severity:normal
Feature: Races the link and node FSM tables must take as the kernel does
  Every event a link endpoint or peer node FSM meets is an entry of the tables of
  tipc_link_fsm_evt (net/tipc/link.c) and tipc_node_fsm_evt (net/tipc/node.c). These races bring
  events into states the ordinary link set-up, failover and synch never take them to.

  Background:
    Given a cluster of nodes 1 and 2 joined by bearers A and B

  @req:FM-1 @iut:2 @catches:pre-half-failover-fix @catches:pre-half-failover-fix-v4.19 @catches:pre-c140eb166d @catches:ablation-keepalive-uncapped
  Scenario: A link fails before the peer has shown it has the node up: failover starts, the node stays SELF_UP_PEER_COMING
    Both links came up on node 2's side only, so node 2 has node 1 up (SELF_UP_PEER_COMING) but
    has had no STATE or data from it (a long tolerance keeps both half-up endpoints alive). When link A fails, __tipc_node_link_down starts failover
    onto link B, and node 2's node FSM takes NODE_SYNCH_END_EVT and NODE_FAILOVER_BEGIN_EVT
    without moving: it is not SELF_UP_PEER_UP, so it does not become FAILINGOVER, and nothing on
    node 2 will end the failover of 2A. Only node 1's FAILOVER_MSG, once the wire is whole, does:
    node 1 fails over too (the half-failover fix) and answers, and node 2, now SELF_UP_PEER_UP,
    takes it through tipc_node_link_failover, whose LINK_FAILOVER_BEGIN_EVT meets 2A already
    FAILINGOVER (an illegal event: the kernel logs it and leaves the state), then ends it.
    Given node 2 has link tolerance 10000 ms on bearer A
    And node 2 has link tolerance 10000 ms on bearer B
    And both links <1A-2A> and <1B-2B> are down
    When link endpoint 2A comes up while 1A stays down
    And link endpoint 2B comes up while 1B stays down
    Then node 2's peer node FSM for node 1 went SELF_DOWN_PEER_DOWN -SELF_ESTABL_CONTACT_EVT-> SELF_UP_PEER_COMING
    When bearer A is cut in both directions
    And node 2 sets the tolerance of link endpoint 2A to 1000 ms
    Then link endpoint 2A goes down within 3000 ms
    And node 2's peer node FSM for node 1 went SELF_UP_PEER_COMING -SYNCH_END_EVT-> SELF_UP_PEER_COMING -FAILOVER_BEGIN_EVT-> SELF_UP_PEER_COMING
    And link endpoint 2A went ESTABLISHED -FAILURE_EVT-> RESETTING -RESET_EVT-> RESET -FAILOVER_BEGIN_EVT-> FAILINGOVER
    When bearer A carries all traffic again
    And bearer B carries all traffic again
    Then link <1A-2A> is up on both nodes within 10000 ms
    And link <1B-2B> is up on both nodes within 10000 ms
    And link endpoint 2A went FAILINGOVER -FAILOVER_BEGIN_EVT-> FAILINGOVER -FAILOVER_END_EVT-> RESET

  @req:FM-2 @iut:1 @catches:ablation-failover-not-aborted
  Scenario: The peer resets the tunnel link in the middle of a failover: PEER_LOST_CONTACT in FAILINGOVER
    Node 1 fails over onto link B and, with node 2's FAILOVER_MSGs held back, cannot end it. Node
    2's endpoint 2B times out (node 1's 1B has a long tolerance and stays up); its first RESET,
    marked peer_stopping, is lost with the cut, and the next one, of a newer session, reaches 1B
    as a plain RESET: LINK_PEER_RESET_EVT, and the peer is known down (tipc_link_peer_is_down), so
    node 1 goes FAILINGOVER -> SELF_LEAVING_PEER_DOWN -> SELF_DOWN_PEER_DOWN at once. Meanwhile
    node 2's RESETs on the mended bearer A reach 1A, FAILINGOVER, which is blocked
    (tipc_link_is_blocked: tipc_link_proto_rcv drops them before its FSM sees them): it stays
    FAILINGOVER, with no event, until the loss of contact ends the failover.
    Given node 1 has link tolerance 10000 ms on bearer B
    And link <1A-2A> comes up first and then link <1B-2B>
    When node 2's FAILOVER_MSGs to node 1 are held back on bearer B
    And bearer A is cut in both directions
    Then link endpoint 1A goes down within 3000 ms
    And node 1 fails over onto link <1B-2B>
    When bearer A carries all traffic again
    And 1000 ms pass
    And bearer B is cut in both directions
    Then node 2 loses contact with node 1 within 5000 ms
    And node 1 still has contact with node 2
    When bearer B carries all traffic again
    Then node 1 loses contact with node 2 within 2000 ms
    And link endpoint 1A went RESET -FAILOVER_BEGIN_EVT-> FAILINGOVER -FAILOVER_END_EVT-> RESET
    And node 1's peer node FSM for node 2 went FAILINGOVER -PEER_LOST_CONTACT_EVT-> SELF_LEAVING_PEER_DOWN -SELF_LOST_CONTACT_EVT-> SELF_DOWN_PEER_DOWN
    And link endpoint 1B went ESTABLISHED -PEER_RESET_EVT-> PEER_RESET -RESET_EVT-> ESTABLISHING -FAILOVER_END_EVT-> ESTABLISHING
    And link <1A-2A> is up on both nodes within 10000 ms
    And link <1B-2B> is up on both nodes within 10000 ms

  @req:FM-3 @iut:1 @catches:ablation-establishing-not-defused
  Scenario: The interface goes down under a link endpoint still ESTABLISHING: it is reset, not left establishing
    1A has taken node 2's RESET (ESTABLISHING) but none of node 2's STATEs. Its interface going
    down deletes the link (tipc_reset_bearer -> tipc_node_delete_links); tipc_node_link_down finds
    it establishing and defuses it with LINK_RESET_EVT: ESTABLISHING -> RESET. With the interface
    back, a new endpoint meets node 2's once that has timed out.
    Given node 2 has link tolerance 30000 ms on bearer A
    And both links <1A-2A> and <1B-2B> are down
    When link endpoint 2A comes up while 1A stays down
    And the interface of bearer A on node 1 goes down
    Then link endpoint 1A went RESET -PEER_RESET_EVT-> ESTABLISHING -RESET_EVT-> RESET
    When node 2 sets the tolerance of link endpoint 2A to 1000 ms
    Then link endpoint 2A goes down within 3000 ms
    When the interface of bearer A on node 1 comes back
    And bearer A carries all traffic again
    Then link <1A-2A> is up on both nodes within 5000 ms

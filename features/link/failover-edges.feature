@area:link @needs:link @needs:failover @severity:normal
Feature: Edges of failover: a priority-0 survivor, the first synch point, a flap during failover
  The corners of __tipc_node_link_down, tipc_node_link_failover and tipc_node_check_state
  (net/tipc/node.c) that the ordinary failover scenarios do not reach.

  Background:
    Given a cluster of nodes 1 and 2 joined by bearers A and B

  @req:FO-14 @iut:1 @catches:ablation-prio0-failover
  Scenario: The only link left has priority 0: the node loses contact with that link still up
    __tipc_node_link_down hands the active slots to the best other link up, but starts its search
    at priority 0 (highest = 0): a survivor of priority 0 is not above it, so it gets slot 1 only,
    slot 0 stays empty, node_is_up() is false and the node loses contact as if no link were left.
    Link <1B-2B> itself is not touched and stays up.
    Given node 1 has link priority 0 on bearer B
    And node 2 has link priority 0 on bearer B
    And link <1A-2A> comes up first and then link <1B-2B>
    When bearer A is cut in both directions
    Then node 1 loses contact with node 2 within 3000 ms
    And link endpoint 1B stays up for 1000 ms

  @req:FM-4 @iut:2 @needs:fsm-events @catches:ablation-peer-stopping-ignored
  Scenario: A peer that lost contact first marks its RESET peer_stopping: the node passes through SELF_DOWN_PEER_LEAVING
    Node 1 hears nothing from node 2, so its link endpoint fails after its tolerance; being its last
    link, node 1 loses contact and sends a RESET marked peer_stopping, which reaches node 2.
    tipc_link_proto_rcv takes that as a failure of endpoint 2A (LINK_FAILURE_EVT: RESETTING, not
    PEER_RESET), so node 2 loses contact on its own account (SELF_DOWN_PEER_LEAVING) and learns
    that node 1 is down from node 1's next message (PEER_LOST_CONTACT_EVT).
    Given link <1A-2A> comes up first and then link <1B-2B>
    When bearer B is cut in both directions
    Then link endpoint 1B goes down within 3000 ms
    And within 2000 ms neither node is in failover
    When bearer A is cut from node 2 to node 1
    Then node 2 loses contact with node 1 within 5000 ms
    When 1000 ms pass
    Then link endpoint 2A went ESTABLISHED -FAILURE_EVT-> RESETTING
    And node 2's peer node FSM for node 1 went SELF_UP_PEER_UP -SELF_LOST_CONTACT_EVT-> SELF_DOWN_PEER_LEAVING -PEER_LOST_CONTACT_EVT-> SELF_DOWN_PEER_DOWN

  @req:FO-11 @iut:1 @needs:fsm-events @catches:pre-half-failover-fix @catches:pre-half-failover-fix-v4.19 @catches:pre-c140eb166d
  Scenario: A failover of two tunnelled packets, the second late: node 1 stays in failover until it is in
    Link <1B-2B> comes up first; endpoint 2A comes up second while 1A stays down, so all node 2 has
    sent on it is its one SYNCH_MSG, never acknowledged. When 2A fails, node 2 tunnels that packet
    and the dummy: two FAILOVER_MSGs, msgcnt 2. Node 1, its endpoint 1A never up, starts its own
    failover on the first (tipc_node_link_failover), with a synch point half the sequence space
    ahead, which the first FAILOVER_MSG's sequence number + msgcnt - 1 replaces: node 1 must stay
    in failover until the second, 300 ms late, is in.
    Given both links <1A-2A> and <1B-2B> are down
    When link <1B-2B> comes up
    And link endpoint 2A comes up while 1A stays down
    And node 2's FAILOVER_MSGs to node 1 after the first are delayed by 300 ms, retransmissions included
    And bearer A is cut in both directions
    And node 2 sets the tolerance of link endpoint 2A to 1000 ms
    Then link endpoint 2A goes down within 3000 ms
    And node 2's FAILOVER_MSGs to node 1 in this failover carried 2 messages
    And node 1 stays in failover, with link endpoint 1A FAILINGOVER, until node 2's last FAILOVER_MSG has reached it
    And within 2000 ms neither node is in failover

  @req:FO-12 @iut:2 @needs:data @catches:ablation-state-taken-for-duplicate
  Scenario: After heavy traffic on the tunnel link, a failover with only STATEs after the synch point still ends
    Link <1B-2B> carries 600 messages to node 2 before bearer A is cut, so its rcv_nxt at node 2 is
    far above the sequence numbers node 1's STATEs carry (TIPC_LINK_PROTO_SEQNO: a STATE counter of
    its own). Nothing but STATEs follows node 1's FAILOVER_MSGs on it. tipc_node_check_state skips
    its duplicate test for LINK_PROTOCOL, so the first STATE after the synch point ends the failover.
    Given node 1 has link priority 20 on bearer B
    And node 2 has link priority 20 on bearer B
    And link <1A-2A> comes up first and then link <1B-2B>
    When node 1 sends node 2 600 numbered messages at once
    Then node 2 receives every message node 1 sent, exactly once and in order, within 3000 ms
    When bearer A is cut in both directions
    Then link endpoint 2A goes down within 3000 ms
    And within 3000 ms neither node is in failover

  @req:FO-13 @iut:2 @needs:fsm-events @needs:data @catches:ablation-synch-test-unguarded
  Scenario: A RESET on the failed link in the middle of a failover raises no synch event
    Node 2 detects the loss of link <1A-2A> first and fails over; node 1's FAILOVER_MSGs are held
    back, so node 2 stays in failover, its synch point still half the sequence space ahead. Node 1,
    whose own failover ends, resets 1A and sends RESETs on bearer A, which is whole again: they
    reach endpoint 2A, FAILINGOVER. tipc_node_check_state tests the synch point of a synch only in
    NODE_SYNCHING: a packet on the failed link raises no NODE_SYNCH_END_EVT, which NODE_FAILINGOVER
    does not take (tipc_node_fsm_evt: "Illegal node fsm evt"). Link <1B-2B> has carried 20 messages
    first, so the stale synch point lies behind 2A's rcv_nxt in sequence arithmetic.
    Given node 1 has link priority 20 on bearer B
    And node 2 has link priority 20 on bearer B
    And link <1A-2A> comes up first and then link <1B-2B>
    When node 1 sends node 2 20 numbered messages at once
    Then node 2 receives every message node 1 sent, exactly once and in order, within 3000 ms
    When node 1's FAILOVER_MSGs to node 2 are held back on bearer B
    And bearer A is cut in both directions
    And node 2 sets the tolerance of link endpoint 2A to 1000 ms
    Then link endpoint 2A goes down within 3000 ms
    When bearer A carries all traffic again
    And 1000 ms pass
    Then node 2's peer node FSM for node 1 took no SYNCH_END_EVT in FAILINGOVER

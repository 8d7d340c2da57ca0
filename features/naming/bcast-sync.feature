@area:link @needs:naming @needs:named-bcast @needs:link @severity:minor
Feature: What a node takes from a peer's STATE for its broadcast receive link
  Every LINK_PROTOCOL STATE carries its sender's last broadcast packet (last_bcast), and the
  receiver compares it with what its broadcast receive link for that peer holds
  (tipc_link_bc_sync_rcv): a gap is answered at once with a STATE asking for the missing packets
  (bc_gap). It takes nothing from a STATE while that receive link is down, that is until the
  peer's broadcast init message (BCAST_PROTOCOL, the first packet of the peer's first unicast link
  to come up, tipc_link_bc_init_rcv) has told it where the peer's broadcast numbering stands; and
  nothing from a last_bcast beyond its receive window (more than rcv_nxt + 50, the window of the
  broadcast link, BCLINK_WIN_DEFAULT), which no peer that keeps to its window can announce; nor
  anything from a STATE marked bc_ack_invalid (tipc_bcast_sync_rcv), as 6.1 marks one built
  before its sender's own broadcast receive link is up (tipc_link_build_proto_msg).

  # Node 2's init message (last_bcast 0) reaches node 1 800 ms late, every copy. Meanwhile node 2
  # binds: its broadcast packet 1 finds node 1's receive link down and is dropped, and node 2's
  # STATEs announce last_bcast 1. Node 1 asks for nothing until the init message arrives; then it
  # is at rcv_nxt 1, asks for packet 1 on node 2's next STATE and gets the binding.
  @req:BC-23 @iut:1 @catches:ablation-bc-sync-while-down @catches:legacy @catches:bulk-seq-controlled
  Scenario: A node takes no broadcast gap from a peer's STATE before the peer's broadcast init message
    Given a cluster of nodes 1 and 2 joined by bearer A
    And node 2's broadcast init message to node 1 is delayed by 800 ms, retransmissions included
    And every live node sees every other up within 5000 ms
    When node 2 binds the service range {7000, 0, 9} at cluster scope
    Then node 1's name table holds every cluster-scope binding of node 2 within 3000 ms
    And node 1's STATEs to node 2 carried bc_gap 0 until the peer's broadcast init message arrived, though the peer's STATEs announced broadcast packets before it

  # Node 2's acknowledgement of node 1's 16 messages is rewritten to announce last_bcast 60, where
  # node 1's receive link for node 2 is at rcv_nxt 1: 60 packets ahead, beyond the window of 50.
  # Node 1 ignores it and does not answer with a STATE asking for 60 packets.
  @req:BC-24 @needs:virtual-time @needs:data @iut:1 @catches:ablation-bc-sync-unbounded
  Scenario: A node ignores a peer's last_bcast beyond its broadcast receive window
    Given a cluster of nodes 1 and 2 joined by bearer A
    And every live node sees every other up within 5000 ms
    And 1000 ms pass
    And node 2's next STATE to node 1 on bearer A is rewritten: last_bcast 60
    When node 1 sends node 2 16 numbered messages at once
    And 100 ms pass
    Then node 1 answered node 2's rewritten STATE on bearer A with no STATE within 5 ms

  # Node 2's binding table update, its broadcast packet 1, is lost on its way to node 1. Node 2's
  # acknowledgement of node 1's 16 messages announces last_bcast 1 and is rewritten with
  # bc_ack_invalid set, as 6.1 marks a STATE built before its sender's broadcast receive link is
  # up: node 1 takes nothing from it for the broadcast link (tipc_bcast_sync_rcv) and asks for
  # packet 1 only on a later STATE of node 2.
  @req:BC-25 @needs:virtual-time @needs:data @iut:1 @catches:ablation-bc-ack-invalid-ignored @catches:bulk-seq-controlled
  Scenario: A node takes no broadcast gap from a peer's STATE marked bc_ack_invalid
    Given a cluster of nodes 1 and 2 joined by bearer A
    And every live node sees every other up within 5000 ms
    And 1200 ms pass
    And node 2's binding table update 1 to node 1 is dropped once
    And node 2's next STATE to node 1 on bearer A is rewritten: bc_ack_invalid 1
    When node 2 binds the service range {7000, 0, 9} at cluster scope
    And node 1 sends node 2 16 numbered messages at once
    Then node 1's name table holds every cluster-scope binding of node 2 within 2000 ms
    And node 1 answered node 2's rewritten STATE on bearer A with no STATE within 5 ms

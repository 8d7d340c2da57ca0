@area:link @needs:naming @needs:named-bcast @needs:link @severity:minor
Feature: When a broadcast receiver acknowledges and reports a gap, and which bearer carries the broadcasts
  A node that receives a peer's broadcast packets acknowledges them in a STATE on its unicast link
  to the peer (bcast_ack), but not after every packet: its broadcast receive link asks for one only
  once 16 packets are unacknowledged (TIPC_MIN_LINK_WIN), and then only at the packet after which
  the next expected seqno, xor the receiver's address, ends in 0xf (tipc_link_build_state_msg), so
  that the receivers of one burst spread their acknowledgements. A packet that arrives ahead of a
  gap makes it report the gap at once only on every 16th such deferral whose count matches its
  address in the last 4 bits (tipc_link_build_nack_msg), so that not every receiver NACKs the same
  packet at the same instant. The addresses are 1.1.N, so node 2 acknowledges at rcv_nxt 13
  (mod 16), node 3 at rcv_nxt 12, and node 2 NACKs on its 2nd, 18th, 34th deferral. The sender
  puts each broadcast packet on the bearer that reaches every peer, counting per bearer the peers
  it has a link to there (tipc_bcast_inc/dec_bearer_dst_cnt, tipc_bcbase_select_primary).

  # 49 updates at once, all received in order: node 2's first acknowledgement comes after packet
  # 28 (29 ^ 2 = 0x1f, 28 unacknowledged), the next 16 later, after 44; node 3's after 27 and 43.
  @req:BC-11 @needs:virtual-time @iut:2,3 @catches:ablation-bc-unstaggered @catches:legacy
  Scenario: A broadcast receiver acknowledges a burst every 16 packets, at a point set by its address
    Given a cluster of nodes 1, 2 and 3 joined by bearer A
    And every live node sees every other up within 5000 ms
    When node 1 binds and unbinds the service range {6100, 0, 9} 24 times at once
    And node 1 binds the service range {7000, 0, 9} at cluster scope
    Then the name tables of all live nodes agree within 1000 ms
    And node 2's STATE messages to node 1 within 5 ms of node 1's first broadcast packet carried bcast_ack 28 and 44
    And node 3's STATE messages to node 1 within 5 ms of node 1's first broadcast packet carried bcast_ack 27 and 43

  # 41 updates at once, the first lost on its way to node 2: it defers 2-41 and reports the gap at
  # once on its 2nd, 18th and 34th deferral (packets 3, 19 and 35), three STATEs acknowledging
  # nothing (bcast_ack 0); node 3, which lost nothing, acknowledges after 27 alone.
  @req:BC-12 @needs:virtual-time @iut:2 @catches:ablation-bc-unstaggered @catches:ablation-probe-always @catches:legacy
  Scenario: A broadcast receiver reports a gap at once only on every 16th deferral, at a point set by its address
    Given a cluster of nodes 1, 2 and 3 joined by bearer A
    And every live node sees every other up within 5000 ms
    When node 1's binding table update 1 to node 2 is dropped once
    And node 1 binds and unbinds the service range {6100, 0, 9} 20 times at once
    And node 1 binds the service range {7000, 0, 9} at cluster scope
    Then the name tables of all live nodes agree within 1000 ms
    And node 2's STATE messages to node 1 within 5 ms of node 1's first broadcast packet carried bcast_ack 0, 0 and 0
    And node 3's STATE messages to node 1 within 5 ms of node 1's first broadcast packet carried bcast_ack 27

  # Three updates, the last lost on its way to node 2: no later packet shows node 2 the gap; node
  # 1's next STATE does (last_bcast 3), and node 2 answers it at once with bc_gap 1, not at its own
  # next timer tick: packet 3 goes out again 2 ms after the STATE reached node 2 (1 ms each way).
  @req:BC-13 @needs:virtual-time @iut:2 @catches:ablation-bc-late-nack @catches:bulk-seq-controlled @catches:legacy
  Scenario: A broadcast receiver that learns of a lost packet from the sender's STATE asks for it at once
    Given a cluster of nodes 1, 2 and 3 joined by bearer A
    And every live node sees every other up within 5000 ms
    When node 1's binding table update 3 to node 2 is dropped once
    And node 1 binds the service range {7000, 0, 9} at cluster scope
    And node 1 binds the service range {7001, 0, 9} at cluster scope
    And node 1 unbinds the service range {7000, 0, 9}
    Then the name tables of all live nodes agree within 1000 ms
    And node 1 sent its broadcast packet 3 again within 2 ms of its first STATE message to node 2 after the packet

  # Node 1 reaches nodes 2 and 3 on both bearers until node 3's interface of bearer A goes down:
  # when its link on A goes down, bearer A reaches node 2 alone (tipc_bcast_dec_bearer_dst_cnt),
  # so B, which still reaches both peers, becomes the primary and carries every broadcast packet
  # (tipc_bcbase_select_primary); A, counted as still reaching both, would take it (node 1's
  # address is odd: A is preferred) and node 3 would never get it, however often it asked.
  @req:BC-14 @iut:1 @catches:ablation-bc-first-bearer
  Scenario: A node that loses a broadcast peer on one bearer broadcasts on the bearer that still reaches every peer
    Given a cluster of nodes 1, 2 and 3 joined by bearers A and B
    And every live node sees every other up within 5000 ms
    When the interface of bearer A on node 3 goes down
    And 3000 ms pass
    And node 1 binds the service range {7000, 0, 9} at cluster scope
    And node 1 binds the service range {7001, 0, 9} at cluster scope
    Then node 2's name table holds every cluster-scope binding of node 1 within 1000 ms
    And node 3's name table holds every cluster-scope binding of node 1 within 1000 ms
    And node 1 retransmitted by broadcast no packet but those the wire lost or delayed

  # 39 updates at once; node 2 gets 5 1 ms late and 10 2 ms late. In the first instant it takes
  # 1-4 and defers 6-9 and 11-39 (33 deferrals: it reports the gap at the 2nd and the 18th, packets
  # 7 and 24, acknowledging 4); when 5 comes it delivers 5-9 and stops at 10, its deferred queue
  # left as it was (11 is no deferral again: no report at a 34th); when 10 comes it delivers the
  # rest and acknowledges once, having passed 28 with 16 unacknowledged.
  @req:BC-15 @needs:virtual-time @iut:2 @catches:ablation-bc-unstaggered @catches:legacy
  Scenario: A broadcast receiver counts each packet it defers once, however often a gap closes before it
    Given a cluster of nodes 1, 2 and 3 joined by bearer A
    And every live node sees every other up within 5000 ms
    When node 1's binding table update 10 to node 2 is delayed by 2 ms once
    And node 1's binding table update 5 to node 2 is delayed by 1 ms once
    And node 1 binds and unbinds the service range {6100, 0, 9} 19 times at once
    And node 1 binds the service range {7000, 0, 9} at cluster scope
    Then the name tables of all live nodes agree within 1000 ms
    And node 2's STATE messages to node 1 within 5 ms of node 1's first broadcast packet carried bcast_ack 4, 4 and 39

  # 15 updates: too few for a receiver's STATE (16 unacknowledged), so nodes 2 and 3 acknowledge
  # them only in the bcast_ack of what they send next: a message each to node 1, which releases
  # the 15 (tipc_rcv → tipc_bcast_ack_rcv). The next 45 updates then fit in the window at once.
  # The first 1200 ms let each peer's STATE acknowledge node 1's init message: only then does
  # node 1 take the peer's broadcast acknowledgements at all (tipc_link_bc_sync_rcv: bc_peer_is_up);
  # the first messages only open the ports, so that the later ones go out in the instant.
  @req:BC-16 @needs:virtual-time @needs:data @iut:1 @catches:ablation-bc-no-data-ack @catches:legacy
  Scenario: A node takes a peer's broadcast acknowledgement from its data messages, not only from its STATEs
    Given a cluster of nodes 1, 2 and 3 joined by bearer A
    And every live node sees every other up within 5000 ms
    And node 2 sends node 1 1 numbered messages at once
    And node 3 sends node 1 1 numbered messages at once
    And 1200 ms pass
    When node 1 binds and unbinds the service range {6100, 0, 9} 7 times at once
    And node 1 binds the service range {7000, 0, 9} at cluster scope
    And 2 ms pass
    And node 2 sends node 1 1 numbered messages at once
    And node 3 sends node 1 1 numbered messages at once
    And 2 ms pass
    And node 1 binds and unbinds the service range {6200, 0, 9} 22 times at once
    And node 1 binds the service range {7001, 0, 9} at cluster scope
    Then the name tables of all live nodes agree within 1000 ms
    And node 1 first sent its broadcast packets 16 to 60 in one instant

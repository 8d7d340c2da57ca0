@area:link @needs:naming @needs:named-bcast @needs:link @severity:minor
Feature: Edges of the broadcast link: a lost peer, the destination port of a data message, an acknowledgement that goes back
  When a node loses a peer, the peer stops counting among those its broadcast packets wait for
  (tipc_bcast_remove_peer → tipc_link_remove_bc_peer); when it was the last, the broadcast send
  link is reset (tipc_link_reset: snd_nxt 1, queues purged), so a peer met later gets the node's
  broadcast packets numbered from 1 again, after an init message saying last_bcast 0. The name
  distribution counts the peers that cannot take binding table updates by broadcast (rc_dests:
  raised in tipc_named_node_up for a peer without TIPC_NAMED_BCAST, lowered in tipc_publ_notify
  when such a peer is lost); losing a peer that has the capability leaves the count as it was, so
  the next update still goes out once, on the broadcast link. A peer acknowledges the node's
  broadcast packets on every message it sends (bcast_ack): on a data message whatever its
  destination port, whose bit 14 is bc_ack_invalid only on other users' messages; and an
  acknowledgement that goes back, in a STATE reordered behind a later one, is ignored with the
  gap it reports (tipc_link_bc_ack_rcv).

  # Node 1's two updates are its broadcast packets 1 and 2; node 2, its only peer, is lost, and
  # when it is back node 1's next update is its broadcast packet 1 again, which node 2 takes as
  # the next after the init message (last_bcast 0).
  @req:BC-17 @iut:1 @catches:ablation-bc-no-restart @catches:legacy @catches:ablation-rc-dests-every-loss
  Scenario: A node that lost its last broadcast peer numbers its broadcast packets from 1 again
    Given a cluster of nodes 1 and 2 joined by bearer A
    And every live node sees every other up within 5000 ms
    And node 1 binds the service range {7000, 0, 9} at cluster scope
    And node 1 binds the service range {7001, 0, 9} at cluster scope
    And node 2's name table holds every cluster-scope binding of node 1 within 1000 ms
    When the interface of bearer A on node 2 goes down
    And node 1 loses contact with node 2 within 5000 ms
    And the interface of bearer A on node 2 comes back
    And every live node sees every other up within 5000 ms
    And node 1 binds the service range {7002, 0, 9} at cluster scope
    Then node 2's name table holds every cluster-scope binding of node 1 within 1000 ms
    And node 1 sent that update as broadcast packet 1
    When 1000 ms pass
    And node 1 binds the service range {7003, 0, 9} at cluster scope
    Then node 2's name table holds every cluster-scope binding of node 1 within 1000 ms
    And node 1 sent that update as broadcast packet 2

  # Nodes 2 and 3 take updates by broadcast (TIPC_NAMED_BCAST): losing node 3 leaves node 1's
  # count of replicast peers at 0, and its next update goes out once, by broadcast, not as a
  # unicast copy to node 2.
  @req:NB-13 @iut:1 @catches:ablation-rc-dests-every-loss @catches:legacy
  Scenario: A node that loses a peer able to take broadcast updates still sends its next update by broadcast
    Given a cluster of nodes 1, 2 and 3 joined by bearer A
    And every live node sees every other up within 5000 ms
    When the interface of bearer A on node 3 goes down
    And node 1 loses contact with node 3 within 5000 ms
    And node 1 binds the service range {7000, 0, 9} at cluster scope
    Then node 2's name table holds every cluster-scope binding of node 1 within 1000 ms
    And node 1 sent that update as 1 broadcast send and 0 unicast sends

  # As BC-16, but the messages of nodes 2 and 3 that acknowledge the first 15 updates go to port
  # 20626 (0x5092), which has bit 14 set: on a data message word 5 is destport, and bit 14 of it
  # is bc_ack_invalid only on LINK_PROTOCOL, BCAST_PROTOCOL and NAME_DISTRIBUTOR messages
  # (msg_bc_ack_invalid), so node 1 still takes their bcast_ack (tipc_bcast_ack_rcv) and the
  # next 45 updates fit in its window at once. Node 1 may have no socket there: it rejects the
  # messages after tipc_rcv has read their bcast_ack.
  @req:BC-18 @needs:virtual-time @needs:data @iut:1 @catches:ablation-bc-no-data-ack @catches:legacy
  Scenario: A node takes a peer's broadcast acknowledgement from a data message whatever its destination port
    Given a cluster of nodes 1, 2 and 3 joined by bearer A
    And every live node sees every other up within 5000 ms
    And node 2 sends node 1 1 numbered messages at once
    And node 3 sends node 1 1 numbered messages at once
    And 1200 ms pass
    When node 1 binds and unbinds the service range {6100, 0, 9} 7 times at once
    And node 1 binds the service range {7000, 0, 9} at cluster scope
    And 2 ms pass
    And node 2 sends node 1 1 numbered messages at once to port 20626
    And node 3 sends node 1 1 numbered messages at once to port 20626
    And 2 ms pass
    And node 1 binds and unbinds the service range {6200, 0, 9} 22 times at once
    And node 1 binds the service range {7001, 0, 9} at cluster scope
    Then the name tables of all live nodes agree within 1000 ms
    And node 1 first sent its broadcast packets 16 to 60 in one instant

  # Node 1's broadcast packet 2 is lost on its way to node 2 and reaches node 3 only 1500 ms late.
  # Node 2's first STATE after the three updates (bcast_ack 1, bc_gap 1: it holds 3 but not 2)
  # arrives 1000 ms late; by then node 1 has resent 2 on node 3's NACKs, node 2 has it and has
  # acknowledged 3. The late STATE's acknowledgement goes back, and node 1 ignores it, gap and
  # all (tipc_link_bc_ack_rcv), though packet 2 is still held for node 3: it resends 2 on node
  # 3's next NACK, not on the late STATE.
  @req:BC-19 @needs:virtual-time @iut:1 @catches:ablation-bc-ack-goes-back @catches:legacy @catches:ablation-no-bc-retransmit
  Scenario: A node ignores a peer's broadcast gap report that comes after the peer acknowledged more
    Given a cluster of nodes 1, 2 and 3 joined by bearer A
    And every live node sees every other up within 5000 ms
    And node 1's binding table update 2 to node 2 is dropped once
    And node 1's binding table update 2 to node 3 is delayed by 1500 ms, retransmissions included
    And node 2's next STATE to node 1 on bearer A arrives 1000 ms late
    When node 1 binds the service range {7000, 0, 9} at cluster scope
    And node 1 binds the service range {7001, 0, 9} at cluster scope
    And node 1 binds the service range {7002, 0, 9} at cluster scope
    Then the name tables of all live nodes agree within 3000 ms
    And node 1 sent no broadcast packet again within 5 ms of node 2's late STATE on bearer A, whose bcast_ack went back

  # As BC-16 without its 1200 ms pause: the updates go out in the instant the links are up, and
  # the messages of nodes 2 and 3 that acknowledge the first 15 come before either has sent node
  # 1 a STATE acknowledging its init message (node 1's unicast packet 1). Until one does, node 1
  # does not trust that peer's broadcast acknowledgements (tipc_link_bc_ack_rcv: bc_peer_is_up,
  # set in tipc_link_bc_sync_rcv by a STATE with a non-zero ack), so the 15 stay in its window and
  # packet 51 waits for the STATEs that come later. The same again when node 2 comes back after
  # node 1 lost it (its receive link for node 2 reset, tipc_link_reset: bc_peer_is_up false),
  # node 3 trusted all along: the next 15 updates are 61-75, and packet 111 waits for node 2.
  @req:BC-20 @needs:virtual-time @needs:data @iut:1 @catches:ablation-bc-peer-trusted @catches:legacy @catches:ablation-rc-dests-every-loss
  Scenario: A node takes no broadcast acknowledgement from a peer that has not acknowledged its init message
    Given a cluster of nodes 1, 2 and 3 joined by bearer A
    And every live node sees every other up within 5000 ms
    When node 1 binds and unbinds the service range {6100, 0, 9} 7 times at once
    And node 1 binds the service range {7000, 0, 9} at cluster scope
    And 2 ms pass
    And node 2 sends node 1 1 numbered messages at once
    And node 3 sends node 1 1 numbered messages at once
    And 2 ms pass
    And node 1 binds and unbinds the service range {6200, 0, 9} 22 times at once
    And node 1 binds the service range {7001, 0, 9} at cluster scope
    Then the name tables of all live nodes agree within 1000 ms
    And node 1 first sent its broadcast packet 51 later than its packet 50
    When the interface of bearer A on node 2 goes down
    And node 1 loses contact with node 2 within 5000 ms
    And the interface of bearer A on node 2 comes back
    And every live node sees every other up within 5000 ms
    And node 1 binds and unbinds the service range {6300, 0, 9} 7 times at once
    And node 1 binds the service range {7002, 0, 9} at cluster scope
    And 2 ms pass
    And node 2 sends node 1 1 numbered messages at once
    And node 3 sends node 1 1 numbered messages at once
    And 2 ms pass
    And node 1 binds and unbinds the service range {6400, 0, 9} 22 times at once
    And node 1 binds the service range {7003, 0, 9} at cluster scope
    Then the name tables of all live nodes agree within 1000 ms
    And node 1 first sent its broadcast packet 111 later than its packet 110

  # Nodes 1 and 2 each send the other 16 messages, each acknowledged at once (16 unacknowledged),
  # and node 1's broadcast packet 1 is lost on its way to node 2; node 2 asks for it at once, on
  # node 1's STATE, but within the 10 ms in which a broadcast packet is not sent again. At node
  # 1's next link timer tick its unicast link has nothing to say (nothing unacknowledged either
  # way, no probe due: it sent since the last tick and has heard from node 2), but node 2 still
  # owes packet 1 (tipc_link_timeout: bc_acked != bc_snt), so a STATE goes out, node 2 asks again,
  # and packet 1 goes out again within a link timer interval (375 ms) of its first send.
  @req:BC-21 @needs:virtual-time @needs:data @iut:1 @catches:ablation-bc-no-timer-state @catches:legacy @catches:ablation-no-bc-retransmit
  Scenario: A link's timer sends a STATE while the peer has not acknowledged every broadcast packet
    Given a cluster of nodes 1 and 2 joined by bearer A
    And every live node sees every other up within 5000 ms
    And node 1's binding table update 1 to node 2 is dropped once
    When node 1 sends node 2 16 numbered messages at once
    And node 2 sends node 1 16 numbered messages at once
    And node 1 binds the service range {7000, 0, 9} at cluster scope
    Then the name tables of all live nodes agree within 1000 ms
    And node 1 sent its broadcast packet 1 again within 380 ms of its first send

  # The other half of the same rule: node 2's broadcast packet 1 reaches node 1 after the 16
  # messages each way were acknowledged, and one packet is too few for node 1's broadcast receive
  # link to ask for an acknowledgement at once (16). At node 1's next link timer tick its unicast
  # link has nothing to say, but it owes node 2 that acknowledgement (tipc_link_timeout:
  # bc_rcvlink->rcv_unacked), so a STATE carrying bcast_ack 1 goes out then, not a timer interval
  # later with the next probe.
  @req:BC-22 @needs:virtual-time @needs:data @iut:1 @catches:ablation-bc-no-timer-state @catches:legacy @catches:bulk-seq-controlled @catches:ablation-ack-every-packet
  Scenario: A link's timer sends a STATE while the node owes the peer a broadcast acknowledgement
    Given a cluster of nodes 1 and 2 joined by bearer A
    And every live node sees every other up within 5000 ms
    When node 1 sends node 2 16 numbered messages at once
    And node 2 sends node 1 16 numbered messages at once
    And node 2 binds the service range {7000, 0, 9} at cluster scope
    Then the name tables of all live nodes agree within 1000 ms
    When 500 ms pass
    Then node 1's STATE messages to node 2 within 400 ms of node 2's first broadcast packet carried bcast_ack 0 and 1

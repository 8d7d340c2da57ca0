@area:link @needs:naming @needs:named-bcast @needs:link @severity:normal
Feature: The broadcast link: a lost packet is retransmitted, and a lost peer releases what it owed
  A node sends each binding table update once on its broadcast link (bcast.c, tipc_bcast_xmit) and
  keeps every packet until each peer counted when it was sent has acknowledged it (bcast_ack in
  the peer's messages), at most 50 unacknowledged (BCLINK_WIN_DEFAULT), the rest waiting in the
  backlog. A peer that misses a packet learns of the gap from a later packet or from the sender's
  STATE (last_bcast), and reports it in bc_gap; the sender retransmits by broadcast
  (tipc_link_bc_ack_rcv → tipc_link_advance_transmq). A peer the node loses contact with is taken
  off the broadcast link as if it had acknowledged everything (tipc_link_remove_bc_peer), so the
  packets it owed are released and the backlog moves on for the others.

  @req:BC-1 @iut:1 @catches:ablation-no-bc-retransmit
  Scenario: A broadcast update lost on its way to one peer is retransmitted, and applied in order
    Given a cluster of nodes 1, 2 and 3 joined by bearer A
    And every live node sees every other up within 5000 ms
    When node 1's binding table update 1 to node 2 is dropped once
    And node 1 binds the service range {7000, 0, 9} at cluster scope
    And node 1 binds the service range {7001, 0, 9} at cluster scope
    And node 1 unbinds the service range {7000, 0, 9}
    Then the name tables of all live nodes agree within 1000 ms

  # 61 updates at once: 50 fill the window, 11 wait in the backlog until node 3, which never
  # acknowledges them (its copies are held back), is taken off the broadcast link. A kernel
  # bundles the 11 into one packet (tipc_msg_try_bundle), which node 2 must take apart.
  @req:BC-2 @iut:1 @catches:ablation-no-bc-retransmit
  Scenario: A peer lost while it owes acknowledgements releases the broadcast window for the others
    Given a cluster of nodes 1, 2 and 3 joined by bearer A
    And every live node sees every other up within 5000 ms
    When node 1's binding table messages to node 3 by broadcast are held back
    And node 1's binding table update 1 to node 2 is dropped once
    And node 1 binds and unbinds the service range {6100, 0, 9} 30 times at once
    And node 1 binds the service range {7000, 0, 9} at cluster scope
    And the interface of bearer A on node 3 goes down
    And node 1 loses contact with node 3 within 5000 ms
    Then the name tables of all live nodes agree within 1000 ms

  # Node 1 has sent broadcast packets 1-3 before node 3 comes up: node 3's receive link must start
  # at 4, where node 1's init message puts it (last_bcast = 3), not wait for 1-3, which node 2 has
  # long acknowledged and node 1 released.
  @req:BC-3 @iut:3 @catches:ablation-bc-unsynced @catches:bulk-seq-controlled
  Scenario: A node that joins after broadcasts were sent receives the next ones from where the sender is
    Given a cluster of nodes 1, 2 and 3 joined by bearer A
    And node 3 starts with the interface of bearer A down
    And nodes 1 and 2 see each other up within 5000 ms
    When node 1 binds the service range {7000, 0, 9} at cluster scope
    And node 1 binds the service range {7001, 0, 9} at cluster scope
    And node 1 unbinds the service range {7000, 0, 9}
    And the interface of bearer A on node 3 comes back
    And every live node sees every other up within 5000 ms
    And node 1 binds the service range {7002, 0, 9} at cluster scope
    Then the name tables of all live nodes agree within 1000 ms

  # Node 3 is lost owing packet 1 (its copy lost, its interface down before it can ask again),
  # misses packet 2, and comes back: node 1 counts it as having acknowledged everything, both reset
  # their receive links for each other, and node 1's new init message puts node 3's at 3.
  @req:BC-4 @iut:3 @catches:ablation-bc-unsynced @catches:bulk-seq-controlled
  Scenario: A node lost while it owed broadcast acknowledgements is synchronised afresh when it comes back
    Given a cluster of nodes 1, 2 and 3 joined by bearer A
    And every live node sees every other up within 5000 ms
    When node 1's binding table update 1 to node 3 is dropped once
    And node 1 binds the service range {7000, 0, 9} at cluster scope
    And the interface of bearer A on node 3 goes down
    And node 1 loses contact with node 3 within 5000 ms
    And node 1 binds the service range {7001, 0, 9} at cluster scope
    And the interface of bearer A on node 3 comes back
    And every live node sees every other up within 5000 ms
    And node 1 binds the service range {7002, 0, 9} at cluster scope
    Then the name tables of all live nodes agree within 1000 ms

  # Seven updates at once. Node 2 gets 2-4 ahead of 1 (delayed), 3 twice, and loses 5: it keeps
  # 2-4 until 1 comes, drops the second 3, and asks for 5 alone. The rules are given last pick
  # first, as a pick counts only the updates the rules before it left alone.
  @req:BC-5 @iut:1 @catches:ablation-no-bc-retransmit
  Scenario: Broadcast packets that arrive out of order, twice or not at all are each applied once, in order
    Given a cluster of nodes 1, 2 and 3 joined by bearer A
    And every live node sees every other up within 5000 ms
    When node 1's binding table update 5 to node 2 is dropped once
    And node 1's binding table update 3 to node 2 is duplicated once
    And node 1's binding table update 1 to node 2 is delayed by 30 ms, retransmissions included
    And node 1 binds and unbinds the service range {6100, 0, 9} 3 times at once
    And node 1 binds the service range {7000, 0, 9} at cluster scope
    Then the name tables of all live nodes agree within 1000 ms
    And node 1 retransmitted by broadcast no packet but those the wire lost or delayed

  # 40 updates at once, the first lost on its way to nodes 2 and 3: both report it missing in the
  # same instant, several times (a NACK on every 16th deferral, spread by address), and later in
  # their STATEs; node 1 sends it again only once 10 ms have passed since the last send.
  @req:BC-6 @iut:1 @needs:virtual-time @catches:ablation-no-bc-retransmit @catches:legacy
  Scenario: A broadcast packet many peers report missing is retransmitted at most once per 10 ms
    Given a cluster of nodes 1, 2 and 3 joined by bearer A
    And every live node sees every other up within 5000 ms
    When node 1's binding table update 1 to node 2 is dropped once
    And node 1's binding table update 1 to node 3 is dropped once
    And node 1 binds and unbinds the service range {6100, 0, 9} 20 times at once
    And node 1 binds the service range {7000, 0, 9} at cluster scope
    Then the name tables of all live nodes agree within 1000 ms
    And node 1 sent no broadcast packet again within 10 ms of its previous send
    And node 1 retransmitted by broadcast no packet but those the wire lost or delayed

  # 101 updates at once, the first lost on its way to node 3: node 1 sends 50 and keeps the other
  # 51 in its backlog; node 3 acknowledges nothing until the retransmission fills its gap, so node
  # 2's acknowledgements release nothing (a packet is kept until every peer has acked it) and node
  # 1 sends the next only as node 3's acknowledgement releases room, never more than 50 ahead.
  @req:BC-7 @iut:1 @catches:ablation-no-bc-retransmit @catches:legacy
  Scenario: A node never has more than 50 broadcast packets out that a peer has not acknowledged
    Given a cluster of nodes 1, 2 and 3 joined by bearer A
    And every live node sees every other up within 5000 ms
    When node 1's binding table update 1 to node 3 is dropped once
    And node 1 binds and unbinds the service range {6100, 0, 9} 50 times at once
    And node 1 binds the service range {7000, 0, 9} at cluster scope
    Then the name tables of all live nodes agree within 1000 ms
    And node 1 never had more than 50 broadcast packets out that a peer had not acknowledged
    And node 1 retransmitted by broadcast no packet but those the wire lost or delayed

  # Three updates, the last lost on its way to node 2: no later packet shows node 2 the gap, so it
  # learns of it only from node 1's next STATE (last_bcast 3, tipc_link_bc_sync_rcv), answers with
  # bc_gap 1, and node 1 sends packet 3 again, and nothing else.
  @req:BC-8 @iut:1 @catches:ablation-no-bc-retransmit
  Scenario: The last broadcast packet of a burst, lost, is asked for again once the sender's STATE shows it
    Given a cluster of nodes 1, 2 and 3 joined by bearer A
    And every live node sees every other up within 5000 ms
    When node 1's binding table update 3 to node 2 is dropped once
    And node 1 binds the service range {7000, 0, 9} at cluster scope
    And node 1 binds the service range {7001, 0, 9} at cluster scope
    And node 1 unbinds the service range {7000, 0, 9}
    Then the name tables of all live nodes agree within 1000 ms
    And node 1 retransmitted by broadcast no packet but those the wire lost or delayed

  # Node 1 reaches node 2 only on bearer A and node 3 only on bearer B: no bearer reaches every
  # broadcast peer, so there is no primary bearer and each packet goes out on both
  # (tipc_bcbase_select_primary, tipc_bcbase_xmit); on either bearer alone one peer would never
  # get it, however often it asked.
  @req:BC-9 @iut:1 @catches:ablation-bc-first-bearer
  Scenario: A node whose bearers each reach only some peers broadcasts on every bearer that reaches one
    Given a cluster of nodes 1, 2 and 3 joined by bearers A and B
    And node 2 starts with the interface of bearer B down
    And node 3 starts with the interface of bearer A down
    And nodes 1 and 2 see each other up within 5000 ms
    And nodes 1 and 3 see each other up within 5000 ms
    When node 1 binds the service range {7000, 0, 9} at cluster scope
    And node 1 binds the service range {7001, 0, 9} at cluster scope
    Then node 2's name table holds every cluster-scope binding of node 1 within 1000 ms
    And node 3's name table holds every cluster-scope binding of node 1 within 1000 ms
    And node 1 retransmitted by broadcast no packet but those the wire lost or delayed

  # Five updates at once; node 2 gets 1, 4 and 5 on time, 3 20 ms late and 2 40 ms late: it keeps
  # 4 and 5, puts 3 before them, and when 2 comes delivers 2-5 in order; it never lacked 3 once 3
  # had come, so nobody asks for it, and node 1 sends nothing again after both peers had it.
  @req:BC-10 @iut:2 @catches:ablation-bc-deferdq-unsorted
  Scenario: Broadcast packets delayed by different amounts are put in order and not asked for again
    Given a cluster of nodes 1, 2 and 3 joined by bearer A
    And every live node sees every other up within 5000 ms
    When node 1's binding table update 3 to node 2 is delayed by 20 ms once
    And node 1's binding table update 2 to node 2 is delayed by 40 ms once
    And node 1 binds and unbinds the service range {6100, 0, 9} 2 times at once
    And node 1 binds the service range {7000, 0, 9} at cluster scope
    Then the name tables of all live nodes agree within 1000 ms
    And node 1 retransmitted by broadcast no packet after every peer had received it

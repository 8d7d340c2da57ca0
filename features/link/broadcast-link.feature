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

@area:naming @needs:naming @needs:named-bcast @needs:link @severity:critical @commit:cad2929dc432
Feature: The synch point of a peer's bulk, when the peer comes back or counts high
  cad2929dc432 keeps a peer's broadcast updates in order with the 16-bit sequence number of its
  last bulk message: updates that overtake the bulk wait for it (problem 1), and an update below
  the synch point is stale (the v2 rule). The receive state that holds the synch point,
  named_rcv_nxt and named_open of the peer's node object, must start afresh for every bulk it
  synchronises: when a peer comes back with a new incarnation, and before the first bulk, whatever
  number the peer's counter has reached. Whatever the peer's history, every live node's name
  table must end up holding exactly the live nodes' cluster-scope bindings.
  Linux 6.1 and mainline do neither (docs/kernel-findings.md, KF-1 and KF-2); the reference's
  `fixed` profile models 6.1 and fails these as known kernel bugs, `proposed-named-fix` passes.

  @req:NB-7 @iut:1 @known-bug:KF-1
  Scenario: A peer that restarts is synchronised afresh: its updates that overtake its new bulk wait for it
    Given a cluster of nodes 1 and 2 joined by bearer A
    And nodes 1 and 2 see each other up within 5000 ms
    And node 2 binds 5 cluster-scope service ranges {6000+i, 10i, 10i+9}
    And node 2 binds and unbinds the service range {6100, 0, 9} 50 times at once
    And the name tables of all live nodes agree within 1000 ms
    When node 2's binding table messages to node 1 by unicast are held back
    And node 2 restarts, keeping its address, with a new signature
    And nodes 1 and 2 see each other up within 5000 ms
    And node 2 binds 3 cluster-scope service ranges {7000+i, 10i, 10i+9}
    And 200 ms pass
    And node 2's held binding table messages to node 1 by unicast arrive
    And node 2 binds 2 cluster-scope service ranges {7100+i, 10i, 10i+9}
    Then the name tables of all live nodes agree within 1000 ms

  # The same hole without a restart: the peer's counter goes on where it was, so the overtaking
  # withdrawal carries exactly the stale named_rcv_nxt and is applied before the bulk re-adds
  # its binding (problem 1 of cad2929dc432 back).
  @req:NB-7 @iut:1 @known-bug:KF-1
  Scenario: A peer whose link flaps is synchronised afresh: its withdrawal that overtakes its new bulk waits for it
    Given a cluster of nodes 1 and 2 joined by bearer A
    And nodes 1 and 2 see each other up within 5000 ms
    And node 2 binds 5 cluster-scope service ranges {6000+i, 10i, 10i+9}
    And the name tables of all live nodes agree within 1000 ms
    When the interface of bearer A on node 2 goes down
    And node 1 loses contact with node 2 within 5000 ms
    And node 2's binding table messages to node 1 by unicast are held back
    And the interface of bearer A on node 2 comes back
    And nodes 1 and 2 see each other up within 5000 ms
    And node 2 unbinds the service range {6000, 0, 9}
    And 200 ms pass
    And node 2's held binding table messages to node 1 by unicast arrive
    Then the name tables of all live nodes agree within 1000 ms

  # A restart after node 1's node timeout: node 1 has freed its node object for node 2, so it
  # meets node 2 as a new node, its receive state from 0, and the new bulk synchronises it; Linux
  # 6.1 does this right (KF-1 is a restart within the 300 s). The withdrawal overtakes a bulk that
  # holds its binding, as in NB-1.
  @req:NB-7 @iut:1 @needs:virtual-time @catches:no-last-bulk-sync @catches:bulk-seq-controlled
  Scenario: A peer that restarts after the node timeout is met afresh: its withdrawal that overtakes its new bulk waits for it
    Given a cluster of nodes 1 and 2 joined by bearer A
    And nodes 1 and 2 see each other up within 5000 ms
    And node 2 binds 5 cluster-scope service ranges {6000+i, 10i, 10i+9}
    And node 2 binds and unbinds the service range {6100, 0, 9} 50 times at once
    And the name tables of all live nodes agree within 1000 ms
    When node 2's binding table messages to node 1 by unicast are held back
    And node 2 is down for longer than node 1's node timeout and then restarts, keeping its address, with a new signature
    And node 2 binds 3 cluster-scope service ranges {7000+i, 10i, 10i+9}
    And nodes 1 and 2 see each other up within 5000 ms
    And node 2 unbinds the service range {7000, 0, 9}
    And 200 ms pass
    And node 2's held binding table messages to node 1 by unicast arrive
    And node 2 binds 2 cluster-scope service ranges {7100+i, 10i, 10i+9}
    Then the name tables of all live nodes agree within 1000 ms

  @req:NB-8 @iut:1 @known-bug:KF-2
  Scenario: A peer whose sequence numbers are in the upper half of the 16-bit range when a node joins
    Given a cluster of nodes 1 and 2 joined by bearer A
    And node 1 starts with the interface of bearer A down
    And node 2 binds and unbinds the service range {6100, 0, 9} 20000 times at once
    And node 2 binds 3 cluster-scope service ranges {6000+i, 10i, 10i+9}
    And node 2's binding table messages to node 1 by unicast are held back
    When the interface of bearer A on node 1 comes back
    And nodes 1 and 2 see each other up within 5000 ms
    And node 2 binds 3 cluster-scope service ranges {7000+i, 10i, 10i+9}
    And node 2 unbinds the service range {7000, 0, 9}
    And 200 ms pass
    And node 2's held binding table messages to node 1 by unicast arrive
    And node 2 binds 2 cluster-scope service ranges {7100+i, 10i, 10i+9}
    Then the name tables of all live nodes agree within 1000 ms

@area:naming @needs:naming @needs:link @severity:normal @commit:cad2929dc432
Feature: Binding table updates under sequence control, and the exemptions that keep old peers working
  Hoang Huu Le, cad2929dc432 "tipc: update a binding service via broadcast" (2020): bindings now
  carry a sequence number, and the bulk a node sends a new peer is marked so that the peer can
  synchronise on its last message. Two kinds of message stay outside sequence control: the bulk
  itself (problem 3 of the patch), and everything from a legacy peer that sends no sequence numbers
  at all (problem 4). The bulk goes by unicast; later updates go on the broadcast link while
  every peer has TIPC_NAMED_BCAST, and by unicast to a legacy peer (features/naming/broadcast.feature
  has the races between the two paths).

  Background:
    Given a cluster of nodes 1 and 2 joined by bearers A and B

  @req:NB-0 @iut:1 @catches:legacy @needs:named-bcast
  Scenario: Node 1 marks its bulk and its updates for sequence control
    Given node 1 binds 100 cluster-scope service ranges {1000+i, 100i, 100i+9}
    And link <1A-2A> comes up first and then link <1B-2B>
    When node 1 binds the service range {5000, 0, 99} at cluster scope
    Then node 1's bindings reach node 2 marked for sequence control
    And node 2's name table holds every cluster-scope binding of node 1 within 1000 ms

  @req:NB-3 @iut:1 @catches:bulk-seq-controlled
  Scenario: A bulk of several messages is applied whole
    Given node 2 binds 100 cluster-scope service ranges {1000+i, 100i, 100i+9}
    When link <1A-2A> comes up first and then link <1B-2B>
    Then node 1's name table holds every cluster-scope binding of node 2 within 1000 ms

  @req:NB-3b @iut:1 @catches:bulk-seq-controlled @needs:named-events
  Scenario: No message of a bulk of several is dropped as stale
    Given node 2 binds 100 cluster-scope service ranges {1000+i, 100i, 100i+9}
    When link <1A-2A> comes up first and then link <1B-2B>
    And 200 ms pass
    Then node 1 dropped no update as stale
    And node 1's name table holds every cluster-scope binding of node 2 within 1000 ms

  @req:NB-4 @iut:1 @catches:legacy-seq-controlled @needs:named-bcast
  Scenario: Bindings from a legacy node are applied as they arrive
    Given node 2 is a legacy node, from before cad2929dc432
    And node 2 binds 10 cluster-scope service ranges {1000+i, 100i, 100i+9}
    When link <1A-2A> comes up first and then link <1B-2B>
    And node 2 binds the service range {5000, 0, 99} at cluster scope
    Then node 1's name table holds every cluster-scope binding of node 2 within 1000 ms
    And node 2's name table holds every cluster-scope binding of node 1 within 1000 ms

@area:naming @needs:naming @needs:named-bcast @needs:link @severity:critical @commit:cad2929dc432
Feature: Binding table over broadcast: the races of cad2929dc432 and the rules that close them
  Hoang Huu Le, cad2929dc432 "tipc: update a binding service via broadcast" (2020). A node sends
  each binding and unbinding once on the broadcast link while every peer has TIPC_NAMED_BCAST, and
  one unicast copy per peer (replicast) while any legacy peer is up; a new peer gets the binding
  table as a unicast bulk. Broadcast and unicast are separate paths, so an update can overtake the
  bulk or an earlier update. The synch point at the last bulk message (problem 1), the sequence
  numbers (problem 2) and the stale-message rule (v2 of the patch) put them back in order. After
  every race, each live node's name table must hold exactly the cluster-scope bindings of the
  live nodes: nothing lost, nothing stale.

  @req:NB-1 @iut:2 @catches:no-last-bulk-sync @catches:bulk-seq-controlled @catches:legacy
  Scenario: Broadcast updates that overtake the bulk of a new peer wait for it
    Given a cluster of nodes 1 and 2 joined by bearer A
    And node 1 binds 10 cluster-scope service ranges {6000+i, 10i, 10i+9}
    And node 1's binding table messages to node 2 by unicast are delayed by 200 ms
    When nodes 1 and 2 see each other up within 5000 ms
    And node 1 binds the service range {7000, 0, 9} at cluster scope
    And node 1 unbinds the service range {6000, 0, 9}
    Then node 1's update reached node 2 by broadcast ahead of the last message of its bulk
    And the name tables of all live nodes agree within 1000 ms

  @req:NB-2a @iut:2 @catches:no-named-seqno @catches:legacy-seq-controlled @catches:legacy
  Scenario: The first legacy node joins while a broadcast update is on its way
    Given a cluster of nodes 1, 2 and 3 joined by bearer A
    And node 3 is a legacy node, from before cad2929dc432
    And node 3 starts with the interface of bearer A down
    And nodes 1 and 2 see each other up within 5000 ms
    And node 1's binding table messages to node 2 by broadcast are held back
    When node 1 binds the service range {7000, 0, 9} at cluster scope
    And the interface of bearer A on node 3 comes back
    And nodes 1 and 3 see each other up within 5000 ms
    And node 1 unbinds the service range {7000, 0, 9}
    Then node 1 sent that update as 0 broadcast sends and 2 unicast sends
    When node 1's held binding table messages to node 2 by broadcast arrive
    Then the name tables of all live nodes agree within 1000 ms

  @req:NB-2b @iut:2 @catches:no-named-seqno @catches:legacy
  Scenario: The last legacy node leaves while a replicast update is on its way
    Given a cluster of nodes 1, 2 and 3 joined by bearer A
    And node 3 is a legacy node, from before cad2929dc432
    And every live node sees every other up within 5000 ms
    And node 1's binding table messages to node 2 by unicast are held back
    When node 1 binds the service range {7000, 0, 9} at cluster scope
    And the interface of bearer A on node 3 goes down
    And node 1 loses contact with node 3 within 5000 ms
    And node 1 unbinds the service range {7000, 0, 9}
    Then node 1 sent that update as 1 broadcast send and 0 unicast sends
    When node 1's held binding table messages to node 2 by unicast arrive
    Then the name tables of all live nodes agree within 1000 ms

  # 65,536 updates after the stale one, the 16-bit named_seqno comes round to its number again.
  @req:NB-5 @iut:2 @needs:virtual-time @catches:no-stale-drop @long
  Scenario: An update the bulk already covered is dropped, not kept for the next round of sequence numbers
    Given a cluster of nodes 1 and 2 joined by bearer A
    And node 1's next binding table message to node 2 by broadcast is delayed by 50 ms
    When node 1 binds the service range {6000, 0, 9} in the instant node 2 comes up on it, before its bulk goes out
    Then node 1's update reached node 2 after its bulk, numbered below the bulk's synch point
    And the name tables of all live nodes agree within 1000 ms
    When node 1 binds and unbinds the service range {6100, 0, 9} 32767 times, an update per ms
    And node 1 binds the service range {6101, 0, 9} at cluster scope
    And node 1 binds the service range {6102, 0, 9} at cluster scope
    Then the name tables of all live nodes agree within 1000 ms

  @req:NB-6 @iut:1 @catches:legacy @catches:legacy-seq-controlled
  Scenario Outline: A binding costs one broadcast send, and a send per peer once a legacy node is up (<n> nodes)
    Given a cluster of nodes 1 to <n> joined by bearer A
    And node <n> is a legacy node, from before cad2929dc432
    And node <n> starts with the interface of bearer A down
    And every live node sees every other up within 10000 ms
    When node 1 binds the service range {7000, 0, 9} at cluster scope
    Then node 1 sent that update as 1 broadcast send and 0 unicast sends
    When the interface of bearer A on node <n> comes back
    And every live node sees every other up within 10000 ms
    And node 1 binds the service range {7001, 0, 9} at cluster scope
    Then node 1 sent that update as 0 broadcast sends and <peers> unicast sends
    And the name tables of all live nodes agree within 2000 ms

    Examples:
      | n   | peers |
      | 3   | 2     |
      | 16  | 15    |

    @long
    Examples: the scale the commit argues for
      | n   | peers |
      | 128 | 127   |

    # Left out unless asked for (run --scale, or --tags naming @scale): minutes and gigabytes.
    @scale
    Examples: a cluster as large as the field's
      | n   | peers |
      | 512 | 511   |

  # NB-1's race, as the node reports it (named-events): the withdrawal is handed to the binding
  # table once, after the bulk, and removes the binding; applied before the bulk it would fail.
  @req:NB-1 @iut:2 @needs:named-events @catches:no-last-bulk-sync @catches:bulk-seq-controlled @catches:legacy
  Scenario: A withdrawal that overtakes the bulk holding its binding is applied once, after it, and removes the binding
    Given a cluster of nodes 1 and 2 joined by bearer A
    And node 1 binds 10 cluster-scope service ranges {6000+i, 10i, 10i+9}
    And node 1's binding table messages to node 2 by unicast are delayed by 200 ms
    When nodes 1 and 2 see each other up within 5000 ms
    And node 1 unbinds the service range {6000, 0, 9}
    Then node 1's update reached node 2 by broadcast ahead of the last message of its bulk
    And the name tables of all live nodes agree within 1000 ms
    And node 2 applied that update exactly once, and its binding table took it

  # NB-5's stale update, as the node reports it (named-events): dropped by receive rule 4 in the
  # instant it arrives, not kept.
  @req:NB-5 @iut:2 @needs:virtual-time @needs:named-events @catches:no-stale-drop @catches:no-last-bulk-sync @catches:no-named-seqno @catches:legacy
  Scenario: An update the bulk already covered is dropped as stale when it arrives
    Given a cluster of nodes 1 and 2 joined by bearer A
    And node 1's next binding table message to node 2 by broadcast is delayed by 50 ms
    When node 1 binds the service range {6000, 0, 9} in the instant node 2 comes up on it, before its bulk goes out
    Then node 1's update reached node 2 after its bulk, numbered below the bulk's synch point
    And node 2 dropped that update as stale, below the synch point of its bulk
    And the name tables of all live nodes agree within 1000 ms

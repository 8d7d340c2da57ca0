@area:naming @needs:naming @needs:link @severity:normal
Feature: What the bulk for a new peer holds, and what no binding table message may carry
  When a peer comes up, a node sends it its binding table as a unicast bulk (tipc_named_node_up →
  named_distribute): every binding of cluster scope, packed into as few NAME_DISTRIBUTOR messages
  as the link MTU allows, each marked bc_ack_invalid. A binding of node scope is for the node's own
  sockets: tipc_named_publish and tipc_named_withdraw send nothing for it, and it is not on the
  cluster_scope list the bulk is made of, so no peer ever learns it. A node from before
  cad2929dc432 packs its bulk the same way but marks none of it for sequence control.

  @req:NB-9 @iut:1 @catches:ablation-node-scope-distributed
  Scenario: Node-scope bindings stay on their node: neither the bulk nor an update carries them
    Given a cluster of nodes 1 and 2 joined by bearer A
    And node 1 starts with the interface of bearer A down
    And node 1 binds the service range {6000, 0, 9} at node scope
    And node 1 binds the service range {6001, 0, 9} at cluster scope
    When the interface of bearer A on node 1 comes back
    And nodes 1 and 2 see each other up within 5000 ms
    And node 1 binds the service range {7000, 0, 9} at node scope
    And node 1 binds the service range {7001, 0, 9} at cluster scope
    And node 1 unbinds the service range {6000, 0, 9}
    Then no binding table message of node 1 carried the service range {6000, 0, 9}
    And no binding table message of node 1 carried the service range {7000, 0, 9}
    And the name tables of all live nodes agree within 1000 ms

  @req:NB-10 @iut:1 @catches:legacy @needs:named-bcast
  # 137 ranges and the node-state binding {0, addr, addr}: 138, exactly two full messages, and no
  # third (named_distribute queues a full message at once and has nothing left over).
  Scenario: A bulk of several messages is packed at the link MTU, 69 bindings to a message
    Given a cluster of nodes 1 and 2 joined by bearers A and B
    And node 1 binds 137 cluster-scope service ranges {1000+i, 100i, 100i+9}
    When link <1A-2A> comes up first and then link <1B-2B>
    Then node 1's bulk to node 2 held 138 bindings, 69 to a message, every message bc_ack_invalid
    And node 2's name table holds every cluster-scope binding of node 1 within 1000 ms

  @req:NB-4 @iut:1 @catches:legacy-seq-controlled @needs:named-bcast
  Scenario: A legacy node's bulk of several messages, marked for nothing, is applied whole
    Given a cluster of nodes 1 and 2 joined by bearers A and B
    And node 2 is a legacy node, from before cad2929dc432
    And node 2 binds 150 cluster-scope service ranges {1000+i, 100i, 100i+9}
    When link <1A-2A> comes up first and then link <1B-2B>
    And node 2 binds the service range {5000, 0, 99} at cluster scope
    Then node 2's binding table messages to node 1 carry none of the sequence-control marks
    And node 1's name table holds every cluster-scope binding of node 2 within 1000 ms

@area:link @needs:link @severity:normal
Feature: A known peer that comes back with other capabilities
  The capabilities a peer announces in its discovery messages (TIPC_NODE_CAPABILITIES) say what
  it can do, and its peers act on them: a peer without TIPC_NAMED_BCAST (from before
  cad2929dc432) gets binding updates by replicast. A node that still knows a peer takes the
  capabilities of its next incarnation from its first discovery message (tipc_node_create: "Same
  node may come back with new capabilities"). Node 1 is under test; node 2 is the reference.

  @req:DS-11 @iut:1 @needs:naming @needs:named-bcast @catches:ablation-peer-caps-kept @catches:ablation-peer-session-kept @catches:ablation-rc-dests-every-loss
  Scenario: A peer that comes back with other capabilities is met with them: a legacy one gets its bindings by replicast
    Node 2's interface goes down and node 1 loses contact; node 2 comes back as a node from
    before cad2929dc432, without TIPC_NAMED_BCAST. Node 1 still knows node 2 and takes the new
    capabilities from its first discovery message (tipc_node_create), so once node 2 is up again
    node 1 counts it as a legacy peer and sends its next binding to it alone, by unicast, and
    none by broadcast.
    Given a cluster of nodes 1 and 2 joined by bearer A
    And link <1A-2A> comes up
    When the interface of bearer A on node 2 goes down
    Then node 1 loses contact with node 2 within 3000 ms
    When node 2 restarts, keeping its address, with a new signature, as a legacy node from before cad2929dc432
    And nodes 1 and 2 see each other up within 5000 ms
    And node 1 binds the service range {7000, 0, 9} at cluster scope
    Then node 1 sent that update as 0 broadcast sends and 1 unicast send

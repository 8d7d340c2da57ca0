@area:link @needs:link @needs:link-tolerance @severity:minor
Feature: Control calls for a link the node does not have
  `tipc link set` names a link; a node told to set the tolerance or priority of a link it does not
  have (a peer it never heard of, or a bearer where it has no link to that peer) finds no link of
  that name and answers -EINVAL (tipc_nl_node_set_link), whatever the value, and `tipc link get`
  shows nothing for it. Its real links are left as they were. Node 1 is under test.

  Background:
    Given a cluster of nodes 1 and 2 joined by bearer A

  @req:LK-3 @iut:1 @catches:ablation-nothing-to-do-accepted
  Scenario: A tolerance or priority for a link the node does not have is refused and changes nothing
    Node 3 is in no cluster with node 1, and node 1 has no bearer B: no link of either exists.
    Given link <1A-2A> comes up
    When node 1 is refused the tolerance 1000 ms for a link to node 3 on bearer A, which it does not have
    And node 1 is refused the tolerance 49 ms for a link to node 3 on bearer A, which it does not have
    And node 1 is refused the priority 20 for a link to node 3 on bearer A, which it does not have
    And node 1 is refused the tolerance 1000 ms for a link to node 2 on bearer B, which it does not have
    And node 1 is refused the priority 20 for a link to node 2 on bearer B, which it does not have
    Then node 1 shows no link tolerance towards node 3 on bearer A
    And node 1 shows no link tolerance towards node 2 on bearer B
    And link endpoint 1A has tolerance 1500 ms

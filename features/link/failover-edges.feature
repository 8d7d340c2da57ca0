@area:link @needs:link @needs:failover @severity:normal
Feature: Edges of failover: a priority-0 survivor, the first synch point, a flap during failover
  The corners of __tipc_node_link_down, tipc_node_link_failover and tipc_node_check_state
  (net/tipc/node.c) that the ordinary failover scenarios do not reach.

  Background:
    Given a cluster of nodes 1 and 2 joined by bearers A and B

  @req:FO-10 @iut:1 @catches:ablation-prio0-failover
  Scenario: The only link left has priority 0: the node loses contact with that link still up
    __tipc_node_link_down hands the active slots to the best other link up, but starts its search
    at priority 0 (highest = 0): a survivor of priority 0 is not above it, so it gets slot 1 only,
    slot 0 stays empty, node_is_up() is false and the node loses contact as if no link were left.
    Link <1B-2B> itself is not touched and stays up.
    Given node 1 has link priority 0 on bearer B
    And node 2 has link priority 0 on bearer B
    And link <1A-2A> comes up first and then link <1B-2B>
    When bearer A is cut in both directions
    Then node 1 loses contact with node 2 within 3000 ms
    And link endpoint 1B stays up for 1000 ms

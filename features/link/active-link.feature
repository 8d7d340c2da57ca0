@area:link @needs:link @needs:data @severity:normal
Feature: Which of two parallel links carries the traffic: the active slots by priority
  A node sends a user message on the active link of slot selector & 1 (tipc_node_xmit; a socket's
  selector is its port id). The first link to a peer takes both slots. A second one that comes up
  beside it takes both if its priority is higher, slot 1 only if it is equal (the two then share
  the traffic by the senders' ports), and none if it is lower: it stands by (__tipc_node_link_up).
  When a link goes down, the best link left takes both (__tipc_node_link_down). Node 1, the
  sender, is under test; node 2 is the reference.

  Background:
    Given a cluster of nodes 1 and 2 joined by bearers A and B

  @req:LS-10 @iut:1 @catches:ablation-new-link-takes-slots
  Scenario: A second link of lower priority stands by; one of higher priority takes all the traffic
    Link B has priority 20, link A the default 10. A comes up beside B and stands by; when B goes
    down, A takes the traffic; when B comes back, it takes it all again.
    Given node 1 has link priority 20 on bearer B
    And node 2 has link priority 20 on bearer B
    And both links <1A-2A> and <1B-2B> are down
    And link <1B-2B> comes up
    And node 1 starts sending numbered messages to node 2, one every 2 ms
    When link <1A-2A> comes up
    Then node 1's numbered messages to node 2 go by bearer B for the next 200 ms
    When the interface of bearer B on node 1 goes down
    Then node 1's numbered messages to node 2 go by bearer A for the next 200 ms
    When the interface of bearer B on node 1 comes back
    And link <1B-2B> comes up
    Then node 1's numbered messages to node 2 go by bearer B for the next 200 ms
    And node 2 receives every message node 1 sent, exactly once and in order, within 2000 ms

  @req:LS-11 @iut:1 @catches:ablation-new-link-takes-slots
  Scenario: A second link of equal priority shares the traffic: it takes slot 1 only
    Link A came up first and keeps slot 0; link B, of the same priority, takes slot 1. A sender
    whose port id is even keeps sending on A, one whose port id is odd moves to B.
    Given both links <1A-2A> and <1B-2B> are down
    And link <1A-2A> comes up
    And node 1 starts sending numbered messages to node 2, one every 2 ms
    When link <1B-2B> comes up
    Then node 1's numbered messages to node 2 go by bearer A if their sender port is even, by bearer B if it is odd, for the next 200 ms
    And node 2 receives every message node 1 sent, exactly once and in order, within 2000 ms

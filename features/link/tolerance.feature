@area:link @needs:link @needs:link-tolerance @severity:normal
Feature: Link tolerance within the range Linux takes
  A link endpoint's tolerance is how long it goes without hearing from its peer before it resets
  the link. Linux takes 50 to 30000 ms (TIPC_MIN_LINK_TOL, TIPC_MAX_LINK_TOL): told to set one
  outside, it refuses with EINVAL (tipc_nl_parse_link_prop), and a link endpoint ignores one
  outside that its peer announces (tipc_link_proto_rcv).

  Background:
    Given a cluster of nodes 1 and 2 joined by bearer A

  @req:LK-1 @iut:1 @catches:ablation-tolerance-unchecked
  Scenario: A tolerance below 50 ms or above 30000 ms is refused; 50 and 30000 are taken and announced
    Node 1 is left with 30000 ms, not 50: a real kernel under emulation would not keep a link
    with a 50 ms tolerance up for long on a busy machine.
    Given link <1A-2A> comes up
    When node 1 refuses to set the tolerance of link endpoint 1A to 49 ms
    And node 1 refuses to set the tolerance of link endpoint 1A to 30001 ms
    Then link endpoint 1A has tolerance 1500 ms
    When node 1 sets the tolerance of link endpoint 1A to 50 ms
    Then link endpoint 1A has tolerance 50 ms
    When node 1 sets the tolerance of link endpoint 1A to 30000 ms
    And 100 ms pass
    Then link endpoint 1A has tolerance 30000 ms
    And link endpoint 2A has tolerance 30000 ms

  @req:LK-2 @iut:1 @catches:ablation-tolerance-unchecked
  Scenario: A tolerance out of range that the peer announces is ignored
    Node 2 is not Linux: it takes 30001 ms, then 49 ms, and announces each in a STATE message.
    Node 1 keeps its 1500 ms, so when the link goes silent its endpoint stays up far longer than
    49 ms (node 2's own gives up after about 60 ms).
    Given node 2 takes any link tolerance and announces it, in range or not
    And link <1A-2A> comes up
    When node 2 sets the tolerance of link endpoint 2A to 30001 ms
    And 100 ms pass
    Then link endpoint 1A has tolerance 1500 ms
    When node 2 sets the tolerance of link endpoint 2A to 49 ms
    And 100 ms pass
    Then link endpoint 1A has tolerance 1500 ms
    When bearer A is cut in both directions
    Then link endpoint 1A stays up for 1000 ms

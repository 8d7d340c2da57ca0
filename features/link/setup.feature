@area:link @needs:link @severity:critical
Feature: Link set-up and supervision
  A link endpoint comes up by the LINK_PROTOCOL exchange of tipc_link_proto_rcv: an endpoint in
  RESET sends RESET in its own session; the peer takes it, goes ESTABLISHING and answers ACTIVATE
  naming that session (dest_session); once up, both send STATE in their sessions. Every reset of
  an endpoint takes it to a new session (tipc_link_reset), and tipc_link_validate_msg accepts from
  a peer it is in session with only a RESET of a newer session, so a late copy of an old one
  cannot take an up link down. An idle link is probed every keepalive interval, min(tolerance / 4,
  500) ms (tipc_node_calculate_timer, tipc_link_timeout), and an endpoint that hears nothing for
  its tolerance resets. Node 1 is under test; node 2 is the reference.

  Background:
    Given a cluster of nodes 1 and 2 joined by bearer A

  @req:LS-1 @iut:1 @catches:ablation-session-reuse
  Scenario: A link comes up by RESET and ACTIVATE, and after a failure in new sessions
    Node 2's frames to node 1 are lost, so only 1A goes silent and resets. Its first RESET is of
    a new session, and node 2, still in the old one, takes it and takes 2A down at once rather
    than after its own tolerance (with the session kept, it would drop the RESET as stale).
    Given link <1A-2A> comes up
    Then every ACTIVATE on bearer A named the session of the RESETs it answered
    When bearer A is cut from node 2 to node 1
    Then link endpoint 1A goes down within 3000 ms
    And node 1's RESETs to node 2 on bearer A after its last STATE carry a newer session, the first marked peer_stopping
    And link endpoint 2A goes down within 500 ms
    When bearer A carries all traffic again
    Then link <1A-2A> is up on both nodes within 2000 ms

  @req:LS-2 @iut:1 @catches:ablation-stale-reset-accepted
  Scenario: A late RESET of the session the link came up in is dropped
    Node 2's first RESET reaches node 1 two seconds late, when the link is up in node 2's
    session: a RESET not newer than the session node 1 knows, which it must drop.
    Given node 2's next RESET to node 1 on bearer A arrives 2000 ms late
    When link <1A-2A> comes up
    Then link endpoint 1A stays up for 2000 ms
    And node 2's late RESET reached node 1 on bearer A in the session the link was up in

  @req:LS-3 @iut:1 @catches:ablation-keepalive-uncapped @catches:ablation-probe-always
  Scenario: An idle link is probed every min(tolerance / 4, 500) ms and reset after its tolerance of silence
    At 1000 ms node 1's timer runs every 250 ms; at 4000 ms every 500 ms, the cap, not 1000 ms,
    and its endpoint gives up after more than 4000 / 500 = 8 silent intervals.
    Given node 1 has link tolerance 1000 ms on bearer A
    And link <1A-2A> comes up
    Then node 1 probes node 2 on bearer A every 250 ms for 2000 ms
    When node 1 sets the tolerance of link endpoint 1A to 4000 ms
    And 1000 ms pass
    Then node 1 probes node 2 on bearer A every 500 ms for 3000 ms
    When bearer A is cut in both directions
    Then link endpoint 1A stays up for 4000 ms
    And link endpoint 1A goes down within 1500 ms

  @req:LS-4 @iut:1 @catches:ablation-session-reuse
  Scenario: A priority the peer announces is taken, and the link is reset for it at once
    Node 2 changes the priority of its end to 31, the highest; its STATE announces it, and node
    1's endpoint takes the new priority with a reset of the link (LINK_FAILURE_EVT in
    tipc_link_proto_rcv), which its RESET in a new session tells node 2 at once: the link is back
    within a few keepalive intervals. Priority 0 announces none, and changes nothing.
    Given link <1A-2A> comes up
    When node 2 sets the priority of link endpoint 2A to 31
    Then link endpoint 1A goes down within 500 ms
    And node 1's RESETs to node 2 on bearer A after its last STATE carry a newer session, the first marked peer_stopping
    And link endpoint 2A goes down within 500 ms
    And link <1A-2A> is up on both nodes within 1500 ms
    When node 2 sets the priority of link endpoint 2A to 0
    Then link endpoint 1A stays up for 1000 ms

  @req:LS-12 @iut:1 @catches:ablation-state-not-establishing
  Scenario: An endpoint whose peer's ACTIVATE was lost comes up on the peer's next STATE
    Node 2's end comes up on node 1's ACTIVATE, but node 2's own ACTIVATE and everything it sends
    after it are lost on the way to node 1, whose end stays ESTABLISHING. Once the wire carries
    node 2's frames again, its next STATE, sent at its next keepalive (375 ms), is of the session
    node 1 knows and acknowledges nothing: it brings node 1's end up (tipc_link_proto_rcv), with
    no ACTIVATE and no data from node 2.
    Given link endpoint 2A comes up while 1A stays down
    When bearer A carries all traffic again
    Then link <1A-2A> is up on both nodes within 500 ms

  @req:LS-13 @iut:1 @catches:ablation-session-reuse
  Scenario: A STATE of an earlier session that arrives late is dropped
    After ten seconds of probes, node 2's STATE sequence number is high. Node 2 sets its
    priority to 20, and the STATE announcing it is held back on the wire; it sets 30 at once,
    and node 1 resets the link for that (LS-4), which comes back in new sessions. The late STATE
    then arrives: of the session before, it must be dropped, not taken as a priority change that
    would reset the link again.
    Given link <1A-2A> comes up
    And 10000 ms pass
    When node 2's next STATE to node 1 on bearer A arrives 2000 ms late
    And node 2 sets the priority of link endpoint 2A to 20
    And node 2 sets the priority of link endpoint 2A to 30
    Then link endpoint 1A goes down within 500 ms
    And link <1A-2A> is up on both nodes within 1500 ms
    And node 2's late STATE reached node 1 on bearer A after a STATE of a newer session
    And link endpoint 1A stays up for 1000 ms

  @req:LS-14 @iut:1 @catches:ablation-proto-order-unchecked @catches:pre-link-proto-seqno @needs:link-tolerance
  Scenario: A STATE that arrives after a newer one of the same session is dropped
    Node 2 announces tolerance 1000 ms and then, at once, 2000 ms, each in a STATE of its own; the
    first is held back on the wire and arrives after the second. Its STATE sequence number is below
    the one node 1 expects next, so node 1 drops it and keeps 2000 ms.
    Given link <1A-2A> comes up
    When node 2's next STATE to node 1 on bearer A arrives 300 ms late
    And node 2 sets the tolerance of link endpoint 2A to 1000 ms
    And node 2 sets the tolerance of link endpoint 2A to 2000 ms
    And 500 ms pass
    Then link endpoint 1A has tolerance 2000 ms

  @req:LS-15 @iut:1 @catches:ablation-proto-order-unchecked @catches:ablation-session-reuse
  Scenario: An ACTIVATE that answers a session the endpoint has left does not bring it up
    Node 2's priority change resets the link (LS-4). Node 2's RESETs are lost, so node 1's
    RESET restarts the link and node 2 answers it (whose RESET arrives first is otherwise a race
    that a kernel may win either way); node 2's ACTIVATE answering node 1's RESET is held back on
    the wire, and the link comes up on the ACTIVATE that follows. Then node 1 hears nothing from
    node 2, resets its end after its tolerance into a new session and sends RESETs. The late
    ACTIVATE arrives then: it names node 1's session before, so node 1 ignores it and stays down,
    where taking it would bring its end up on a link node 2 has reset.
    Given link <1A-2A> comes up
    When node 2's RESETs to node 1 on bearer A are dropped
    And node 2's next ACTIVATE to node 1 on bearer A arrives 4000 ms late
    And node 2 sets the priority of link endpoint 2A to 20
    Then link endpoint 1A goes down within 500 ms
    And link <1A-2A> is up on both nodes within 1500 ms
    When bearer A is cut from node 2 to node 1
    Then link endpoint 1A goes down within 2500 ms
    And link endpoint 1A stays down for 3000 ms
    And node 2's late ACTIVATE reached node 1 on bearer A naming a session it had left

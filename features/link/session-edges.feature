@area:link @needs:link @severity:normal
Feature: Link sessions across a re-created endpoint
  Every link endpoint draws a random session when it is created (tipc_link_create), and a peer
  ESTABLISHING takes a RESET only of a session newer than the one it has (tipc_link_validate_msg).
  An endpoint re-created while its peer was ESTABLISHING must learn the session its predecessor
  had from the peer's ACTIVATE (tipc_link_proto_rcv, "Force re-synch"), or the peer never takes
  its RESETs.

  Background:
    Given a cluster of nodes 1 and 2 joined by bearer A

  @req:LS-16 @iut:1 @catches:ablation-no-session-resynch
  Scenario: An endpoint re-created while the peer was ESTABLISHING moves its session past the one the peer's ACTIVATE names
    Endpoint 2A takes 1A's RESET and answers with ACTIVATEs naming 1A's session; then node 1's
    interface goes down and comes back, and its new endpoint 1A starts in a new random session.
    Endpoint 2A, still ESTABLISHING in the old session, takes only a RESET of a newer one. The
    new 1A, given an ACTIVATE whose dest_session is not its session, must move its session past
    it when it is behind (l->session = dest_session + 1) and go on sending RESETs: the link comes
    up. (Whether the new session is behind depends on the draw: with seed 1 it is.)
    Given link endpoint 1A comes up while 2A stays down
    When the interface of bearer A on node 1 goes down
    And the interface of bearer A on node 1 comes back
    And 2000 ms pass
    And bearer A carries all traffic again
    Then link <1A-2A> is up on both nodes within 5000 ms

  @req:LS-18 @iut:1 @needs:link-tolerance @catches:ablation-links-kept-on-bearer-down
  Scenario: A bearer that goes down and comes back brings a new link endpoint, with the bearer's tolerance
    A link endpoint lives as long as its bearer is up: the interface going down deletes it
    (tipc_node_delete_links), and discovery creates a new one when it is back (tipc_link_create),
    with the bearer's tolerance, 1500 ms, not the 5000 ms that was set on the old endpoint (which
    endpoint 2A took from the STATE that announced it, and keeps: a RESET or ACTIVATE built by the
    link timer announces no tolerance).
    Given link <1A-2A> comes up
    When node 1 sets the tolerance of link endpoint 1A to 5000 ms
    And 100 ms pass
    Then link endpoint 2A has tolerance 5000 ms
    When the interface of bearer A on node 1 goes down
    And the interface of bearer A on node 1 comes back
    Then link <1A-2A> is up on both nodes within 10000 ms
    And link endpoint 1A has tolerance 1500 ms

  @req:LS-19 @iut:1 @catches:ablation-old-activate-accepted
  Scenario: A late ACTIVATE of the peer's endpoint before it was re-created is ignored, though it names the current session
    Endpoint 2A takes 1A's RESET and answers with an ACTIVATE, which comes 8000 ms late; no other
    LINK_PROTOCOL frame of node 2's reaches node 1, so 1A stays in its session, RESET. Then node
    2's interface goes down and comes back, as often as it takes for its new endpoint 2A to draw a
    session newer than the old one (the draw is random, tipc_link_create); 2A takes 1A's RESET and
    its ACTIVATE brings the link up. When the late ACTIVATE arrives it names 1A's session (1A never
    left it), but its own session is older than the one 1A took (tipc_link_validate_msg:
    `less(session, l->peer_session)`): taken, it would put 1A back in the old session, and 1A would
    drop every STATE of the new one.
    When node 2's next ACTIVATE to node 1 on bearer A arrives 8000 ms late
    And node 2's LINK_PROTOCOL frames to node 1 on bearer A are dropped
    And 1000 ms pass
    And the interface of bearer A on node 2 goes down and comes back until its endpoint to node 1 is in a newer session
    And bearer A carries all traffic again
    Then link <1A-2A> is up on both nodes within 3000 ms
    And link endpoint 1A stays up for 12000 ms

@area:link @needs:link @severity:normal
Feature: A numbered packet of the peer brings an ESTABLISHING link endpoint up
  An endpoint that took the peer's RESET is ESTABLISHING: it waits for the peer's ACTIVATE or
  STATE. When the peer's endpoint came up first (on this side's ACTIVATE) and its first numbered
  packet arrives before either, tipc_link_rcv takes that packet as the sign that the peer is up:
  it reports the link up (TIPC_LINK_UP_EVT, and tipc_node_link_up establishes the endpoint) and
  drops the packet, which the peer sends again when the gap is reported. The receiver is under
  test; the harness loses the peer's ACTIVATEs and STATEs.

  Background:
    Given a cluster of nodes 1 and 2 joined by bearer A

  # Node 2's first numbered packets after its endpoint comes up are its broadcast-link init
  # (BCAST_PROTOCOL) and its name table bulk; the first is dropped by 1A and sent again on 1A's NACK,
  # which a receiver without the deferred queue never sends (ablation-no-deferdq).
  @req:RF-6 @iut:1 @needs:data @catches:ablation-establishing-ignores-data @catches:ablation-no-deferdq
  Scenario: The peer's first numbered packet, arriving before any ACTIVATE or STATE of its own, brings the endpoint up
    Given node 2's ACTIVATE and STATE messages to node 1 on bearer A are dropped
    Then link <1A-2A> is up on both nodes within 3000 ms
    When node 2 starts sending numbered messages to node 1, one every 1 ms
    And node 2 has sent 100 messages
    Then node 1 receives every message node 2 sent, exactly once and in order, within 1000 ms

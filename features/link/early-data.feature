@area:link @needs:link @severity:normal
Feature: What of the peer's first packets brings this side's link and node up
  An endpoint that took the peer's RESET is ESTABLISHING: it waits for the peer's ACTIVATE or
  STATE. When the peer's endpoint came up first (on this side's ACTIVATE) and its first numbered
  packet arrives before either, tipc_link_rcv takes that packet as the sign that the peer is up:
  it reports the link up (TIPC_LINK_UP_EVT, and tipc_node_link_up establishes the endpoint) and
  drops the packet, which the peer sends again when the gap is reported. Once the node's first
  link is up, its peer node FSM waits in SELF_UP_PEER_COMING for a sign that the peer has its link
  up too: any packet but a RESET or ACTIVATE on the up link, a STATE as well as a numbered packet
  (tipc_node_check_state, msg_peer_link_is_up). The receiver is under test; the harness loses some
  of the peer's frames.

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

  # The peer's endpoint came up first and sends its STATE at once; its numbered packets
  # (broadcast-link init, name table bulk) are lost, so the STATE alone must move the node on.
  @req:RF-7 @iut:1 @needs:fsm-events @catches:ablation-peer-up-on-data-only
  Scenario: A STATE of the peer on an up link, with no numbered packet yet, shows that the peer has the node up
    Given node 2's numbered packets to node 1 on bearer A are dropped
    Then link <1A-2A> is up on both nodes within 3000 ms
    When 1000 ms pass
    Then node 1's peer node FSM for node 2 went SELF_DOWN_PEER_DOWN -SELF_ESTABL_CONTACT_EVT-> SELF_UP_PEER_COMING -PEER_ESTABL_CONTACT_EVT-> SELF_UP_PEER_UP

  # The peer's ACTIVATEs and STATEs are lost, and its first numbered packets (broadcast-link init,
  # name table bulk, both of message type 0) too: the endpoint comes up on the peer's first user
  # message (a receiver that does not take it, ablation-establishing-ignores-data, never comes up),
  # and only the next one can move the node on.
  @req:RF-8 @iut:1 @needs:data @needs:fsm-events @catches:ablation-peer-up-on-state-only @catches:ablation-establishing-ignores-data
  Scenario: A user message of the peer on an up link, with no STATE yet, shows that the peer has the node up
    Given node 2's ACTIVATE and STATE messages to node 1 on bearer A are dropped
    And node 2's broadcast-link init and name table bulk to node 1 on bearer A are dropped
    When 1000 ms pass
    And node 2 starts sending numbered messages to node 1, one every 10 ms
    And node 2 has sent 20 messages
    Then link endpoint 1A stays up for 100 ms
    And node 1's peer node FSM for node 2 went SELF_DOWN_PEER_DOWN -SELF_ESTABL_CONTACT_EVT-> SELF_UP_PEER_COMING -PEER_ESTABL_CONTACT_EVT-> SELF_UP_PEER_UP

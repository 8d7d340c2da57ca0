@area:link @needs:link @severity:normal
Feature: A peer that comes back as a node from before Linux 4.18, without TIPC_LINK_PROTO_SEQNO
  Since 9012de508956 "tipc: add sequence number check for link STATE messages" (v4.18) a node
  whose peer announces TIPC_LINK_PROTO_SEQNO numbers its STATEs with a counter of their own
  (l->snd_nxt_state) and drops a peer's STATE whose number is below the next one it expects
  (tipc_link_validate_msg). Towards a peer without the capability 6.1 does neither: its STATEs
  carry next_sent + 32767 (tipc_link_build_proto_msg: l->snd_nxt + U16_MAX / 2), and the peer's
  STATEs, which carry the same number while the peer sends no data, are taken whatever their
  number. Such a peer lacks the later TIPC_GAP_ACK_BLOCK (v5.2) too, so 6.1's STATEs to it carry
  no Gap ACK blocks. (The tester plays the link protocol of such a node; its other capabilities
  stay those of today, as the legacy tester plays only the naming part of an old node.) A node takes the capabilities of a known peer's next incarnation from its first
  discovery message (tipc_node_create: "Same node may come back with new capabilities",
  tipc_link_update_caps), so a peer downgraded to an older kernel is met the old way at once.
  Node 1 is under test; node 2 is the reference, first of today, then from before v4.18.

  Background:
    Given a cluster of nodes 1 and 2 joined by bearer A
    And link <1A-2A> comes up

  @req:LN-7 @iut:1 @catches:ablation-peer-caps-kept @catches:ablation-peer-session-kept
  Scenario: A peer that comes back from before Linux 4.18 gets STATEs numbered the old way
    Node 2 restarts as a node without TIPC_LINK_PROTO_SEQNO; once the link is up again, node 1's
    STATEs to it carry node 1's next_sent + 32767, not the STATE counter it used before, and no
    Gap ACK block header (a cluster of two keeps no monitor domain record in them either).
    When node 2 restarts, keeping its address, with a new signature, as a node from before Linux 4.18, without TIPC_LINK_PROTO_SEQNO
    And nodes 1 and 2 see each other up within 5000 ms
    And 3000 ms pass
    Then node 1's last 3 STATE messages to node 2 each carried its next_sent + 32767 as sequence number and no Gap ACK blocks

  @req:LN-8 @iut:1 @catches:ablation-peer-caps-kept @catches:ablation-peer-session-kept
  Scenario: The link to a peer that comes back from before Linux 4.18 stays up while nothing but STATEs cross it
    Node 2 restarts as a node without TIPC_LINK_PROTO_SEQNO. Nothing but STATEs crosses the link
    after it is up again, and all of node 2's carry the same sequence number: node 1 must take them
    all (no order check for such a peer), or its link endpoint hears nothing from node 2 and goes
    down when its tolerance runs out (1500 ms).
    When node 2 restarts, keeping its address, with a new signature, as a node from before Linux 4.18, without TIPC_LINK_PROTO_SEQNO
    And nodes 1 and 2 see each other up within 5000 ms
    Then link endpoint 1A stays up for 6000 ms

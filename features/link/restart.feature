@area:link @needs:link @severity:critical
Feature: A peer that restarts
  A node that reboots (or reloads TIPC) comes back with its address and a new node signature, and
  knows nothing of its peers: it draws a new random session for each link it creates
  (tipc_link_create) and creates one only on a discovery message from the peer. The peer still has
  its link up in the old incarnation's session. tipc_node_check_dest takes the new signature of a
  known peer on an up link without touching the link and without answering (the peer "cannot have
  a working link endpoint", so the link fails by itself); once the link is down it answers every
  discovery request. The link then comes back in new sessions: tipc_link_reset takes the endpoint
  out of session with the peer, so the new incarnation's RESET and ACTIVATE are taken whatever
  their session. Node 1 is under test; node 2, the reference, restarts.

  Background:
    Given a cluster of nodes 1 and 2 joined by bearer A

  @req:LS-5 @iut:1 @catches:ablation-peer-session-kept @catches:ablation-session-reuse
  Scenario: A peer that restarts with a new signature is met again in new sessions
    Node 1's endpoint hears nothing it accepts from the new incarnation (STATE of its old session,
    or a RESET whose session happens not to be newer) and goes down after its tolerance, or sooner
    on a RESET that is newer; either way once, and the link comes back with both ends in other
    sessions: node 1's one newer by its reset, node 2's a new random one.
    Given link <1A-2A> comes up
    When node 2 restarts, keeping its address, with a new signature
    Then node 1 loses contact with node 2 within 3000 ms
    And link <1A-2A> is up on both nodes within 3000 ms
    And link endpoint 1A stays up for 2000 ms
    And both endpoints of link <1A-2A> now run in other sessions than the link first came up in

  @req:LS-5 @iut:1 @needs:naming @catches:ablation-peer-session-kept
  Scenario: A restarted peer's old bindings are withdrawn and its new ones published
    Node 1 purges the old incarnation's bindings when it loses contact (node_lost_contact) and
    learns the new incarnation's, bound before the link is back, from its bulk.
    Given node 2 binds the service range {6000, 0, 9} at cluster scope
    And link <1A-2A> comes up
    And the name tables of all live nodes agree within 1000 ms
    When node 2 restarts, keeping its address, with a new signature
    And node 2 binds the service range {6001, 0, 9} at cluster scope
    Then node 1 loses contact with node 2 within 3000 ms
    And the name tables of all live nodes agree within 3000 ms

  @req:LS-6 @iut:1 @catches:ablation-peer-session-kept
  Scenario: A node answers a restarted peer's discovery requests only once its link to it is down
    Node 1's frames to node 2 are lost, so the new incarnation never learns of node 1 and node 1's
    endpoint stays up until its tolerance runs out: meanwhile node 1 answers none of node 2's
    requests (new signature, then the same, link up); once down it answers each (its answers are
    lost too, but go out). With the wire whole again the link comes back.
    Given link <1A-2A> comes up
    When bearer A is cut from node 1 to node 2
    And node 2 restarts, keeping its address, with a new signature
    Then link endpoint 1A stays up for 800 ms, its node answering none of the peer's discovery requests
    And link endpoint 1A goes down within 2000 ms
    And link endpoint 1A stays down for 2000 ms, its node answering every discovery request of the peer
    When bearer A carries all traffic again
    Then link <1A-2A> is up on both nodes within 3000 ms

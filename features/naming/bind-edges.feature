@area:naming @needs:naming @needs:link @severity:minor
Feature: Binding table edges: an unbinding of nothing, the node-state binding
  A socket unbinds only what it bound: told to unbind a range it does not hold, 6.1 finds no
  publication (tipc_sk_withdraw) and sends no WITHDRAWAL. And before any peer is up,
  tipc_net_finalize binds the node-state service {0, own address} at cluster scope, which takes the
  node's first named sequence number (tipc_named_publish: nt->snd_nxt++) though it is sent to
  nobody; the bulk a peer gets later holds it and carries the next number. Node 1 is under test.

  Background:
    Given a cluster of nodes 1 and 2 joined by bearer A

  @req:NB-11 @iut:1 @catches:ablation-nothing-to-do-accepted
  Scenario: Unbinding a range the node does not hold is refused and sends no withdrawal
    Given link <1A-2A> comes up
    When node 1 binds the service range {7000, 0, 9} at cluster scope
    And node 1 unbinds the service range {7000, 0, 9}
    And node 1 is refused unbinding the service range {7000, 0, 9}, which it does not hold
    And node 1 is refused unbinding the service range {7001, 0, 9}, which it does not hold
    Then no binding table message of node 1 carried the service range {7001, 0, 9}
    And the name tables of all live nodes agree within 1000 ms

  @req:NB-12 @iut:1 @catches:ablation-node-state-unnumbered @needs:named-bcast @catches:legacy
  Scenario: The node-state binding takes the first named sequence number
    Given link <1A-2A> comes up
    Then node 1's bulk to node 2 held 1 bindings, 69 to a message, every message bc_ack_invalid
    And the last message of node 1's bulk to node 2 carried named_seqno 1

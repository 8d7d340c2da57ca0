@area:link @needs:link @severity:normal
Feature: What tipc_link_proto_rcv takes from a RESET or ACTIVATE
  Beyond its session, a RESET or ACTIVATE carries the sender's largest packet (max_pkt, word 9)
  and, in its body, the sender's interface name (TIPC_MAX_IF_NAME bytes). tipc_link_proto_rcv
  ignores one whose max_pkt is below the bearer's minimum MTU (tipc_bearer_min_mtu: 100 bytes on
  Ethernet; "tipc: do not update mtu if msg_max is too small in mtu negotiation", in 6.1 stable)
  or whose body is shorter than an interface name: nothing of it is taken, not even the reset it
  asks for. The harness alters the RESETs on the wire as a broken or hostile sender would; the
  alterations pass tipc_msg_validate, so the frames reach the link.

  Background:
    Given a cluster of nodes 1 and 2 joined by bearer A

  # As MF-1: node 1's short tolerance makes it reset soon and send its RESETs every 100 ms; node
  # 2's long one keeps 2A up meanwhile, so only a RESET node 2 takes can take 2A down.
  @req:LN-2 @iut:2 @catches:ablation-proto-body-unchecked
  Scenario Outline: A RESET with <what> does not take an up link down
    Node 2's frames to node 1 are lost, so 1A goes silent, resets and sends RESETs in a new
    session, each of which would take 2A down at once. With <what> they are ignored, and 2A stays
    up; the first whole RESET takes it down, and the link comes back.
    Given node 1 has link tolerance 400 ms on bearer A
    And node 2 has link tolerance 4000 ms on bearer A
    And link <1A-2A> comes up
    And node 1's RESETs to node 2 on bearer A are malformed: <alteration>
    When bearer A is cut from node 2 to node 1
    Then link endpoint 1A goes down within 1000 ms
    And link endpoint 2A stays up for 1000 ms
    And at least 2 of node 1's frames reached node 2 malformed
    When bearer A carries all traffic again
    Then link endpoint 2A goes down within 2000 ms
    And link <1A-2A> is up on both nodes within 4000 ms

    Examples:
      | what                                         | alteration      |
      | a body shorter than an interface name        | body of 8 bytes |
      | a max_pkt below the bearer's minimum MTU     | max_pkt 96      |

  # named_distribute packs (mss - 40) / 20 binding items to a message, mss = MTU - 40 - 32: 69 at
  # the bearer's 1500 bytes, 24 at 600. The node's own node-state binding is one of the items.
  @req:LN-3 @iut:2 @needs:naming @needs:named-bcast @catches:ablation-peer-max-pkt-ignored @catches:legacy @catches:ablation-peer-session-kept
  Scenario: A peer's max_pkt below the link's MTU becomes the link's MTU
    Node 2 holds its bindings before the link comes up. Node 1's interface goes down and comes
    back, and the new endpoint's RESETs and ACTIVATEs announce a max_pkt of 600 bytes: node 2's
    endpoint takes it as its link MTU (tipc_link_reset gave it back its own 1500 when the new
    session's RESET took it down), below its own, and node 2 packs the bulk for node 1's new
    contact at that MTU: 24 bindings to a message.
    Given node 2 binds 49 cluster-scope service ranges {1000+i, 100i, 100i+9}
    And link <1A-2A> is up on both nodes within 4000 ms
    When the interface of bearer A on node 1 goes down
    And node 1's RESETs and ACTIVATEs to node 2 on bearer A are malformed: max_pkt 600
    And the interface of bearer A on node 1 comes back
    Then link <1A-2A> is up on both nodes within 4000 ms
    And node 2's bulk to node 1 held 50 bindings, 24 to a message, every message bc_ack_invalid
    And node 1's name table holds every cluster-scope binding of node 2

  @req:LN-4 @iut:2 @needs:naming @needs:named-bcast @catches:ablation-peer-max-pkt-raises @catches:legacy @catches:ablation-peer-session-kept
  Scenario: A peer's max_pkt above the link's MTU leaves it as it is
    As LN-3, with a max_pkt of 9000 bytes: node 2 keeps its own 1500 as the link MTU and packs
    the bulk for node 1's new contact at it: 69 bindings to a message, not all 80 in one.
    Given node 2 binds 79 cluster-scope service ranges {1000+i, 100i, 100i+9}
    And link <1A-2A> is up on both nodes within 4000 ms
    When the interface of bearer A on node 1 goes down
    And node 1's RESETs and ACTIVATEs to node 2 on bearer A are malformed: max_pkt 9000
    And the interface of bearer A on node 1 comes back
    Then link <1A-2A> is up on both nodes within 4000 ms
    And node 2's bulk to node 1 held 80 bindings, 69 to a message, every message bc_ack_invalid
    And node 1's name table holds every cluster-scope binding of node 2

  # 6.1 puts no priority in its RESETs and ACTIVATEs (tipc_link_build_reset_msg passes 0); TIPC
  # before it did, and tipc_link_proto_rcv still takes one above the endpoint's own (10 here).
  @req:LN-5 @iut:2 @catches:ablation-reset-prio-ignored
  Scenario: A priority the peer's RESET announces is taken, so its later STATE announcing the same changes nothing
    Node 1's RESETs and ACTIVATEs announce link priority 31, the highest, and node 2's endpoint
    takes it as it comes up. When node 1 then sets its own end to 31, its STATE announces 31: for
    node 2 no change, so no reset (a STATE announcing a priority the endpoint does not have resets
    the link, as LS-4 shows).
    Given node 1's RESETs and ACTIVATEs to node 2 on bearer A are malformed: link priority 31
    And link <1A-2A> is up on both nodes within 4000 ms
    And at least 1 of node 1's frames reached node 2 malformed
    When node 1 sets the priority of link endpoint 1A to 31
    Then link endpoint 2A stays up for 1000 ms
    And link endpoint 1A stays up for 1000 ms

@area:link @needs:link @severity:normal
Feature: Malformed frames are discarded before anything reads them
  tipc_rcv (node.c) runs every frame through tipc_msg_validate (msg.c) before it touches a header
  field, and discards one that fails: a header size below MIN_H_SIZE (24 bytes) or not present, a
  version other than TIPC_VERSION (2), a message size below the header size, a body over
  TIPC_MAX_USER_MSG_SIZE (66000 bytes), or fewer bytes than the message size says. Nothing else
  happens: no link state changes, nothing is delivered or applied, no counter moves, and the link
  recovers what it lost like any lost packet. The harness malforms frames on the wire as a broken
  or hostile sender would; the receiver is under test.

  Background:
    Given a cluster of nodes 1 and 2 joined by bearer A

  # Node 1's short tolerance makes it reset soon and send its RESETs every 100 ms (the first five,
  # then every 16th tick: tipc_link_timeout, rst_cnt); node 2's long one keeps 2A up meanwhile.
  @req:MF-1 @iut:2 @catches:ablation-no-msg-validate
  Scenario Outline: A malformed RESET of a new session does not take an up link down (<alteration>)
    Node 2's frames to node 1 are lost, so 1A goes silent, resets and sends RESETs in a new
    session, each of which would take 2A down at once. Malformed, they are discarded, and 2A stays
    up; the first RESET that gets through whole takes it down, and the link comes back.
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

    # A RESET that lost its body would be ignored even if it were read: tipc_link_proto_rcv takes
    # none with less than TIPC_MAX_IF_NAME bytes of body (the peer's interface name). MF-3 has those.
    Examples:
      | alteration                         |
      | header size 20                     |
      | version 3                          |
      | message size for a 66001-byte body |

  # A numbered message is 44 bytes, which Ethernet would pad to 46: "cut after the header" could
  # then pass the size check, so MF-3 cuts the longer binding table update instead.
  # Without the deferred queue the receiver sends no NACK (ablation-no-deferdq), as in LD-2.
  @req:MF-2 @iut:2 @needs:data @catches:ablation-no-msg-validate @catches:ablation-no-deferdq
  Scenario Outline: A malformed data message is discarded, asked for again and delivered from its retransmission (<alteration>)
    Given link <1A-2A> comes up
    And node 1's numbered message 20 to node 2 is malformed (<alteration>) once
    When node 1 starts sending numbered messages to node 2, one every 1 ms
    And node 1 has sent 100 messages
    Then node 2 reported the loss of that message to node 1 in a STATE message within 10 ms
    And node 2 receives every message node 1 sent, exactly once and in order, within 1000 ms
    And node 1 retransmitted to node 2 no numbered message but those the wire lost or delayed

    Examples:
      | alteration                         |
      | header size 20                     |
      | version 3                          |
      | message size below the header size |
      | message size for a 66001-byte body |

  # The update is the first after the peer's bulk, numbered at the bulk's synch point: a bulk
  # under sequence control (bulk-seq-controlled) moves named_rcv_nxt past it, and it is dropped as stale.
  @req:MF-3 @iut:2 @needs:naming @needs:named-bcast @catches:ablation-no-msg-validate @catches:bulk-seq-controlled
  Scenario Outline: A binding table update that lost its body is discarded and applied from its retransmission (<alteration>)
    The update travels on the broadcast link; node 2 learns of the gap from the next update and
    asks for it again.
    Given every live node sees every other up within 5000 ms
    And node 1's binding table update 1 to node 2 is malformed (<alteration>) once
    When node 1 binds the service range {7000, 0, 9} at cluster scope
    And node 1 binds the service range {7001, 0, 9} at cluster scope
    Then the name tables of all live nodes agree within 1000 ms
    And at least 1 of node 1's frames reached node 2 malformed

    Examples:
      | alteration                         |
      | cut after the header               |
      | message size below the header size |

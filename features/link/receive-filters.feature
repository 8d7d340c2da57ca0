@area:link @needs:link @needs:data @severity:normal
Feature: What the receiver takes as user data, and from whom
  A frame that passes tipc_msg_validate still goes through the receive path's own filters before
  a socket sees it. tipc_rcv (node.c) discards a unicast frame addressed to another node (destnode,
  word 7), but a 24-byte (SHORT_H_SIZE) header has no destnode and is not filtered (msg_short).
  tipc_data_input (link.c) hands a socket only the messages of a data user (importance LOW to
  CRITICAL) and CONN_MANAGER, and drops a message of an unknown user; tipc_sk_rcv and the socket
  (socket.c) take at a connectionless socket a TIPC_DIRECT_MSG to a port that exists, reject a
  TIPC_CONN_MSG or a message to port 0 back to its sender, and give a message carrying an error
  code to the reader as a returned message, not as data. The socket reports as the sender the
  originating node (msg_orignode: word 6, or prevnode, word 3, in a 24-byte header), not the
  neighbour that sent the frame. The harness rewrites one message of a stream on the wire, as a
  broken or hostile sender would write it, in a field tipc_msg_validate does not check; the
  receiver is under test.

  Background:
    Given a cluster of nodes 1 and 2 joined by bearer A

  # The link takes the rewritten message's sequence number like any other (it passes every link
  # check), so it is not sent again: it is lost for good to the socket.
  @req:RF-1 @iut:1 @catches:ablation-no-data-filter
  Scenario Outline: A message that is not user data for a connectionless socket is not delivered, and the link goes on (<rewrite>)
    Given link <1A-2A> comes up
    And node 2's numbered message 20 to node 1 is rewritten once: <rewrite>
    When node 2 starts sending numbered messages to node 1, one every 1 ms
    And node 2 has sent 40 messages
    Then node 1 delivered node 2's numbered messages 1 to 40 but message 20, and nothing else, within 1000 ms
    And at least 1 of node 2's frames reached node 1 malformed
    And link endpoint 1A stays up for 500 ms

    # user 4: no user (tipc_data_input: "Dropping received illegal msg type"); user 8: CONN_MANAGER,
    # which a socket not connected to the sender drops (tipc_sk_conn_proto_rcv); message type 0:
    # TIPC_CONN_MSG, rejected by a connectionless socket; error code 2: TIPC_ERR_NO_PORT, a
    # returned message, read as 0 bytes of data; destination port 0: no socket has it.
    Examples:
      | rewrite              |
      | user 4               |
      | user 8               |
      | message type 0       |
      | error code 2         |
      | destination port 0   |

  @req:RF-2 @iut:1 @catches:ablation-critical-not-data
  Scenario: A message of CRITICAL importance is user data like the others
    Given link <1A-2A> comes up
    And node 2's numbered message 20 to node 1 is rewritten in every copy: user 3
    When node 2 starts sending numbered messages to node 1, one every 1 ms
    And node 2 has sent 40 messages
    Then node 1 delivered node 2's numbered messages 1 to 40, and nothing else, within 1000 ms
    And at least 1 of node 2's frames reached node 1 malformed

  # Discarded by tipc_rcv before the link sees it, the message is a gap to the link, which asks
  # for it again like a lost one; the retransmission, addressed right, is delivered. Without the
  # deferred queue the receiver sends no NACK (ablation-no-deferdq), as in LD-2.
  @req:RF-3 @iut:1 @catches:ablation-no-destnode-filter @catches:ablation-no-deferdq
  Scenario: A frame addressed to another node is discarded, asked for again and delivered from its retransmission
    Given link <1A-2A> comes up
    And node 2's numbered message 20 to node 1 is rewritten once: destination node 3
    When node 2 starts sending numbered messages to node 1, one every 1 ms
    And node 2 has sent 100 messages
    Then node 1 reported the loss of that message to node 2 in a STATE message within 10 ms
    And node 1 receives every message node 2 sent, exactly once and in order, within 1000 ms
    And at least 1 of node 2's frames reached node 1 malformed

  # Every copy has the short header, so a receiver that discarded it would never deliver it.
  @req:RF-4 @iut:1 @catches:ablation-short-header-destnode
  Scenario: A message with a 24-byte header, which has no destination node, is taken and delivered as from its sender
    Given link <1A-2A> comes up
    And node 2's numbered message 20 to node 1 is rewritten in every copy: a 24-byte header
    When node 2 starts sending numbered messages to node 1, one every 1 ms
    And node 2 has sent 40 messages
    Then node 1 delivered node 2's numbered messages 1 to 40, and nothing else, within 1000 ms
    And at least 1 of node 2's frames reached node 1 malformed

  @req:RF-5 @iut:1 @catches:ablation-data-from-prevnode
  Scenario: A message is delivered as from the originating node it names, not from the neighbour that sent it
    Given link <1A-2A> comes up
    And node 2's numbered message 20 to node 1 is rewritten in every copy: originating node 3
    When node 2 starts sending numbered messages to node 1, one every 1 ms
    And node 2 has sent 40 messages
    Then node 1 delivered node 2's numbered messages 1 to 40, message 20 as from node 3, and nothing else, within 1000 ms
    And at least 1 of node 2's frames reached node 1 malformed

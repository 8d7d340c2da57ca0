@area:link @needs:link @needs:data @severity:normal
Feature: Bundles are taken apart, every message in them delivered once and in order
  A 6.1 link whose send window is full puts the messages that wait in its backlog together into
  MSG_BUNDLER bundles (tipc_link_xmit → tipc_msg_try_bundle): one message with an INT_H_SIZE header
  on one link sequence number, its body the messages one after the other, each from a 4-byte
  boundary. The receiver takes each bundle apart (tipc_link_input → tipc_msg_extract) and delivers
  its messages in order, as if they had come one by one; a message that runs past the end of the
  body or fails tipc_msg_validate ends the bundle: it and the rest are dropped, the messages before
  it delivered, and the link goes on (the bundle's sequence number was received). A tester node
  stages the bundles; the receiver is under test.

  Background:
    Given a cluster of nodes 1 and 2 joined by bearer A

  @req:MF-5 @iut:1 @catches:ablation-no-unbundle
  Scenario: The messages of a bundle are delivered once each, in order, among those sent alone
    Given link <1A-2A> comes up
    When node 2 bundles its next 4 user messages to node 1
    And node 2 sends node 1 7 numbered messages at once
    Then node 1 receives every message node 2 sent, exactly once and in order, within 500 ms
    And node 2 sent node 1 1 bundle of 4 messages
    And every frame node 2 sent is a TIPC message as msg.h lays it out

  @req:MF-6 @iut:1 @catches:ablation-no-unbundle
  Scenario Outline: A bundle with a broken message delivers the messages before it and drops the rest (<alteration>)
    Given link <1A-2A> comes up
    And node 2's bundles to node 1 on bearer A carry message 2 malformed: <alteration>
    When node 2 bundles its next 3 user messages to node 1
    And node 2 sends node 1 5 numbered messages at once
    Then node 1 delivered node 2's numbered messages 1 to 5 except 2 to 3, once each and in order, within 500 ms
    And at least 1 of node 2's frames reached node 1 malformed
    And node 2 sent node 1 1 bundle of 3 messages
    And every frame node 2 sent is a TIPC message as msg.h lays it out
    And link endpoint 1A stays up for 500 ms

    Examples:
      | alteration                         |
      | version 3                          |
      | message size for a 66001-byte body |
      | message size below the header size |

  # The broadcast link takes bundles apart as the unicast links do (tipc_link_input on the bcl's
  # receive link); 6.1 bundles binding table updates there when they queue up (BC-2's kernel run
  # saw 11 updates in one bundle).
  @req:MF-7 @iut:1 @needs:naming @needs:named-bcast @catches:ablation-no-unbundle @catches:bulk-seq-controlled @catches:legacy
  Scenario: Binding table updates bundled on the broadcast link are all applied
    Given link <1A-2A> comes up
    When node 2 bundles its next 3 binding table updates by broadcast
    And node 2 binds the service range {7000, 0, 9} at cluster scope
    And node 2 binds the service range {7001, 0, 9} at cluster scope
    And node 2 binds the service range {7002, 0, 9} at cluster scope
    Then the name tables of all live nodes agree within 1000 ms
    And node 2 sent node 1 1 bundle of 3 messages
    And every frame node 2 sent is a TIPC message as msg.h lays it out

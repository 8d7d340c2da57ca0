@area:link @needs:link @severity:normal
Feature: Every frame is a TIPC message as msg.h lays it out
  A Linux peer reads each field of a frame at the word and bit net/tipc/msg.h gives it: a field a
  sender writes elsewhere, or not at all, is misread however consistently the sender's own code
  reads it back. The harness reads the frames of the node under test by hand at msg.h's places,
  apart from the codec that decodes them for the other steps, and holds them to what the kernel's
  senders write (tipc_msg_init, tipc_disc_init_msg, tipc_link_build_proto_msg,
  tipc_link_tnl_prepare). The frames of two real Linux 6.1 kernels pass the same checks
  (test/msg-layout.test.ts).

  # Node 2 discovers on both bearers, sets up both links, sends data on 2A and, when eth0 goes
  # down, fails over: FAILOVER_MSGs on 2B tunnel what 2A had not got acknowledged, after the
  # dummy LOW/DIRECT message tipc_link_tnl_prepare adds (no port, no body, TIPC_ERR_NO_PORT).
  @req:MF-4 @iut:2 @needs:data @needs:failover @catches:ablation-no-net-plane
  Scenario: Discovery, link set-up, data and a failover on two bearers: every frame is laid out as msg.h says
    Given a cluster of nodes 1 and 2 joined by bearers A and B
    And node 1 has link priority 20 on bearer A
    And node 2 has link priority 20 on bearer A
    And link <1A-2A> comes up first and then link <1B-2B>
    When node 2 starts sending numbered messages to node 1, one every 1 ms
    And 300 ms pass
    And the interface of bearer A on node 2 goes down
    And node 2 has sent 600 messages
    Then node 1 receives every message node 2 sent, exactly once and in order, within 5000 ms
    And every frame node 2 sent is a TIPC message as msg.h lays it out

@area:link @needs:link @needs:data @severity:normal
Feature: The cadence of a unicast link's acknowledgements and NACKs, counted on the wire
  A receiver acknowledges in a STATE message once 16 packets (TIPC_MIN_LINK_WIN) have arrived in
  sequence since it last sent the peer anything (tipc_link_rcv); every STATE it sends, a NACK too,
  starts the count again. A packet that arrives ahead of a gap waits in the deferred queue, and
  the receiver asks for the missing ones in a NACK when the queue reaches 3 packets and at every
  16th packet deferred after that (tipc_link_build_nack_msg), with seq_gap the packets missing
  before the head of the queue; a probe of its timer, sent while packets wait there, reports the
  same gap (tipc_link_build_proto_msg). A STATE of the sender that is no probe and no probe's
  reply shows its next_sent, but only a keepalive one (probe or reply) with the receiver's
  deferred queue empty makes the receiver ask for what it lacks (tipc_link_proto_rcv). Counting
  frames needs virtual time: the kernel's timers run in real time.

  Background:
    Given a cluster of nodes 1 and 2 joined by bearer A

  # 40 messages at once, message 5 lost: messages 6-40 wait in node 2's deferred queue, a NACK at
  # the 3rd (message 8), the 19th (24) and the 35th (40). The retransmitted message 5 then
  # releases 5-40 in sequence: 36 packets since node 2's last NACK, acknowledged after the 16th
  # (message 20) and the 32nd (36); the 4 after them wait for node 2's timer.
  @req:LD-9 @iut:2 @needs:virtual-time @catches:ablation-ack-every-packet @catches:ablation-no-deferdq @catches:ablation-probe-always
  Scenario: A receiver acknowledges after every 16 packets it receives in sequence, not more often, not less
    Given link <1A-2A> comes up
    And 1000 ms pass
    And node 1's numbered message 5 to node 2 is dropped once
    When node 1 sends node 2 40 numbered messages at once
    Then node 2 receives every message node 1 sent, exactly once and in order, within 1000 ms
    And node 2 acknowledged node 1's numbered messages 1 to 39 in STATE messages after every 16th, counted from message 5, no probe and no keepalive

  @req:LD-10 @iut:2 @needs:virtual-time @catches:ablation-nack-every-deferral @catches:ablation-no-deferdq @catches:ablation-probe-always
  Scenario: A receiver asks for a lost packet when 3 packets wait behind it, and again at every 16th after
    Given link <1A-2A> comes up
    And 1000 ms pass
    And node 1's numbered message 5 to node 2 is dropped once
    When node 1 sends node 2 40 numbered messages at once
    Then node 2 receives every message node 1 sent, exactly once and in order, within 1000 ms
    And node 2 asked node 1 for that message again in 3 STATE messages, each with seq_gap 1, no probe and no keepalive
    And node 1 retransmitted to node 2 no numbered message but those the wire lost or delayed

  # Message 20 arrives 400 ms late, every copy of it: node 2 keeps what follows in its deferred
  # queue, asks for message 20 in NACKs and in the probes of its timer (every 375 ms: tolerance
  # 1500 ms), each with seq_gap 1. Node 1's own STATEs (its timer: packets unacknowledged) and its
  # replies to node 2's probes show a next_sent far ahead of node 2's rcv_nxt; node 2 must not
  # take that for a gap while packets wait in its deferred queue, nor from a STATE that is no
  # keepalive, or node 1 sends again what node 2 already holds.
  @req:LD-11 @iut:2 @needs:virtual-time @catches:ablation-no-deferdq
  Scenario: While a late packet is missing, the receiver's NACKs and probes ask for it alone
    Given link <1A-2A> comes up
    And node 1's numbered message 20 to node 2 is delayed by 400 ms, retransmissions included
    When node 1 starts sending numbered messages to node 2, one every 10 ms
    And node 1 has sent 60 messages
    Then node 2 receives every message node 1 sent, exactly once and in order, within 1000 ms
    And every STATE message node 2 sent node 1 while that message was missing asked for it with seq_gap 1
    And node 1 retransmitted to node 2 no numbered message but those the wire lost or delayed

  # A second copy of message 60 arrives after message 60 was delivered. 600 messages, one every
  # ms, so node 2's timer ticks (every 375 ms) while they flow: a copy kept by mistake would sit at
  # the head of the deferred queue, make each tick a probe, and report a gap from it that makes
  # node 1 send again what node 2 has.
  @req:LD-12 @iut:2 @needs:virtual-time @catches:ablation-stale-copy-deferred
  Scenario: A copy of a packet delivered already is dropped, and nothing is asked for because of it
    Given link <1A-2A> comes up
    And node 1's numbered message 60 to node 2 is duplicated once
    When node 1 starts sending numbered messages to node 2, one every 1 ms
    And node 1 has sent 600 messages
    Then node 2 receives every message node 1 sent, exactly once and in order, within 1000 ms
    And node 1 retransmitted to node 2 no numbered message but those the wire lost or delayed

  # Both nodes stream, one message every ms. Node 1's message 20 is lost: node 2 asks for it, and
  # node 1 sends it again about 5 ms later, its acknowledgement brought up to date. Node 2's
  # message 22 is lost too, at that very moment: the retransmitted copy must acknowledge only
  # what node 1 has received in sequence, the packets before 22, or node 2 would take 22 as
  # received, release it, and have nothing to send again when node 1 asks for it.
  @req:LD-13 @iut:1 @catches:ablation-no-deferdq
  Scenario: A retransmitted packet acknowledges what its sender has received by then, no more
    Given link <1A-2A> comes up
    And node 1's numbered message 20 to node 2 is dropped once
    And node 2's numbered message 22 to node 1 is dropped once
    When node 1 starts sending numbered messages to node 2, one every 1 ms
    And node 2 starts sending numbered messages to node 1, one every 1 ms
    And node 1 has sent 100 messages
    Then node 2 receives every message node 1 sent, exactly once and in order, within 1000 ms
    And node 1 receives every message node 2 sent, exactly once and in order, within 1000 ms
    And node 1 retransmitted to node 2 no numbered message but those the wire lost or delayed
    And node 2 retransmitted to node 1 no numbered message but those the wire lost or delayed

  # Node 1's last message, 30, is lost; node 2 streams on, and node 1 acknowledges its packets in
  # STATE messages every 16, each showing node 1's next_sent past what node 2 has. Those are no
  # keepalive: node 2 must not ask for message 30 from them, only from the probe node 1 sends
  # at its first tick with nothing sent since the one before.
  @req:LD-14 @iut:2 @needs:virtual-time @catches:ablation-plain-state-gap @catches:ablation-probe-always @catches:ablation-timer-naive
  Scenario: A lost last message is asked for in answer to the sender's probe, not to its acknowledgements
    Given link <1A-2A> comes up
    And node 1's numbered message 30 to node 2 is dropped once
    When node 2 starts sending numbered messages to node 1, one every 2 ms
    And node 1 starts sending numbered messages to node 2, one every 10 ms
    And node 1 has sent 30 messages
    Then node 2 receives every message node 1 sent, exactly once and in order, within 1500 ms
    And node 2 first asked node 1 for that message, with seq_gap 1, in a reply to a probe

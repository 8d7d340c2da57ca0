@area:link @needs:link @needs:data @severity:normal
Feature: Delivery on a unicast link: once and in order, whatever the wire does
  A link numbers every packet it sends. The receiver delivers packets in sequence: one that
  arrives ahead of a gap waits in its deferred queue, a copy of one it already has is dropped,
  and the gap is reported to the sender in a STATE message (ack and seq_gap), which sends the
  missing packets again. The sender keeps what it sent until it is acknowledged, lets no more
  than its send window out unacknowledged (the rest waits in its backlog), and gives the link up
  when a packet cannot get through for ten times the link tolerance.

  Background:
    Given a cluster of nodes 1 and 2 joined by bearer A

  @req:LD-1 @iut:2 @catches:ablation-no-deferdq
  Scenario: Messages that overtake a late one wait for it and are delivered after it, in order
    Message 20 arrives 30 ms late, and message 25, 10 ms late, lands in the middle of the
    messages already waiting behind the gap. Only message 20 is asked for again, and its
    retransmissions, late too, arrive after it and are dropped as duplicates.
    Given link <1A-2A> comes up
    And node 1's numbered message 20 to node 2 is delayed by 30 ms, retransmissions included
    And node 1's numbered message 25 to node 2 is delayed by 10 ms, retransmissions included
    When node 1 starts sending numbered messages to node 2, one every 1 ms
    And node 1 has sent 200 messages
    Then node 2 receives every message node 1 sent, exactly once and in order, within 1000 ms
    And node 1 retransmitted to node 2 no numbered message but those the wire lost or delayed

  @req:LD-2 @iut:2 @catches:ablation-no-deferdq
  Scenario: A lost message is reported in the receiver's next STATE message and sent again alone
    Given link <1A-2A> comes up
    And node 1's numbered message 20 to node 2 is dropped once
    When node 1 starts sending numbered messages to node 2, one every 1 ms
    And node 1 has sent 100 messages
    Then node 2 reported the loss of that message to node 1 in a STATE message within 10 ms
    And node 2 receives every message node 1 sent, exactly once and in order, within 1000 ms
    And node 1 retransmitted to node 2 no numbered message but those the wire lost or delayed

  @req:LD-3 @iut:2 @catches:ablation-no-deferdq
  Scenario: A duplicated message is delivered once, whether it is waiting behind a gap or delivered already
    The copies of message 25 arrive while it waits behind the late message 20; the copy of
    message 60 arrives after it was delivered.
    Given link <1A-2A> comes up
    And node 1's numbered message 20 to node 2 is delayed by 30 ms, retransmissions included
    And node 1's numbered message 25 to node 2 is duplicated, retransmissions included
    And node 1's numbered message 60 to node 2 is duplicated once
    When node 1 starts sending numbered messages to node 2, one every 1 ms
    And node 1 has sent 100 messages
    Then node 2 receives every message node 1 sent, exactly once and in order, within 1000 ms
    And node 1 retransmitted to node 2 no numbered message but those the wire lost or delayed

  @req:LD-4 @iut:1 @catches:ablation-no-backlog
  Scenario: A burst larger than the send window waits in the backlog and is all delivered, in order
    Given link <1A-2A> comes up
    When node 1 sends node 2 300 numbered messages at once
    Then node 2 receives every message node 1 sent, exactly once and in order, within 2000 ms
    And node 1 sent node 2 at most 50 numbered messages before the first of them was acknowledged

  @req:LD-8 @iut:1 @catches:ablation-no-backlog
  Scenario: With traffic both ways, the acknowledgements on the peer's messages release the backlog
    Node 2 streams to node 1 while node 1 sends a burst larger than its send window; node 2's
    messages carry acknowledgements of node 1's packets, and each such ack frees room in node 1's
    window for what waits in its backlog.
    Given link <1A-2A> comes up
    When node 2 starts sending numbered messages to node 1, one every 1 ms
    And node 1 sends node 2 300 numbered messages at once
    And node 2 has sent 300 messages
    Then node 2 receives every message node 1 sent, exactly once and in order, within 2000 ms
    And node 1 receives every message node 2 sent, exactly once and in order, within 2000 ms
    And node 1 sent node 2 at most 50 numbered messages before the first of them was acknowledged

  @req:LD-5 @iut:1 @catches:ablation-no-retransmit-limit
  Scenario: A message that never gets through: the sender gives the link up after 10 x tolerance
    Node 1's link tolerance is 200 ms, so it retransmits message 20 for 2 s before the link fails;
    node 2 keeps its own 1500 ms (a tolerance set before the link is up is not announced).
    Given node 1 has link tolerance 200 ms on bearer A
    And link <1A-2A> comes up
    And node 1's numbered message 20 to node 2 is dropped every time it is sent
    When node 1 starts sending numbered messages to node 2, one every 10 ms
    Then link endpoint 1A stays up for 2000 ms
    And link endpoint 1A goes down within 1000 ms
    And node 1 loses contact with node 2 within 1000 ms

  @req:LD-7 @iut:2 @catches:ablation-no-deferdq
  Scenario: A first loss long after the link came up is sent again, and the link stays up
    The retransmission limit counts from a packet's first retransmission. Node 1's tolerance is
    200 ms, and its first loss comes 3 s after the link came up, past 10 x tolerance: message 20
    must be sent again and delivered, not taken for a packet retransmitted for too long.
    Given node 1 has link tolerance 200 ms on bearer A
    And link <1A-2A> comes up
    And 3000 ms pass
    And node 1's numbered message 20 to node 2 is dropped once
    When node 1 starts sending numbered messages to node 2, one every 1 ms
    And node 1 has sent 100 messages
    Then node 2 receives every message node 1 sent, exactly once and in order, within 1000 ms
    And node 1 retransmitted to node 2 no numbered message but those the wire lost or delayed
    And link endpoint 1A stays up for 500 ms

  @req:LD-6 @iut:2 @catches:ablation-keepalive-uncapped
  Scenario: The lost last message of a stream is asked for again at the receiver's next probe
    Nothing follows message 52 to show the gap. Node 2, which sends nothing, probes node 1 at its
    next tick (every 500 ms: tolerance 4000 ms, capped); node 1's reply is marked keepalive and
    carries its next_sent, from which node 2 sees what it lacks and asks for it again.
    Given node 1 has link tolerance 4000 ms on bearer A
    And node 2 has link tolerance 4000 ms on bearer A
    And link <1A-2A> comes up
    And 1500 ms pass
    And node 1's numbered message 52 to node 2 is dropped once
    When node 1 starts sending numbered messages to node 2, one every 10 ms
    And node 1 has sent 52 messages
    Then node 2 receives every message node 1 sent, exactly once and in order, within 600 ms
    And node 1 retransmitted to node 2 no numbered message but those the wire lost or delayed

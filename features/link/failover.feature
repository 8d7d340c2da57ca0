@area:link @needs:failover @needs:synch @needs:data @needs:link @severity:normal
Feature: Failover and synchronisation between two parallel links
  With two links between a pair of nodes, losing one must neither lose nor duplicate user
  messages (failover: the survivor tunnels what the failed link had not delivered, and the
  receiver drops what it already had below drop_point), and a second link coming up must not
  let new traffic overtake what the first link still carries (synch: SYNCH_MSG and sync_point).

  Background:
    Given a cluster of nodes 1 and 2 joined by bearers A and B

  @req:FO-3 @iut:2 @catches:ablation-no-drop-point
  Scenario: One bearer goes down under traffic: no message lost, none duplicated
    Link A has the higher priority, so it carries the traffic whatever link the sender's socket
    would pick among equals.
    Given node 1 has link priority 20 on bearer A
    And node 2 has link priority 20 on bearer A
    And link <1A-2A> comes up first and then link <1B-2B>
    When node 1 starts sending numbered messages to node 2, one every 1 ms
    And 300 ms pass
    And the interface of bearer A on node 1 goes down
    And node 1 has sent 600 messages
    Then node 2 receives every message node 1 sent, exactly once and in order, within 5000 ms
    And within 5000 ms neither node is in failover

  @req:FO-3 @iut:2 @catches:ablation-no-drop-point
  Scenario: One bearer is cut under traffic: what it lost arrives through the tunnel, once and in order
    With the interface down, the sender learns at once and the receiver already has nearly all of
    it; with the bearer cut, frames are lost for a whole tolerance before link A is declared down,
    so nearly two thousand messages reach node 2 only inside FAILOVER_MSGs, and the few it had
    from link A but not yet acknowledged must be dropped below the tunnel link's drop_point.
    Given node 1 has link priority 20 on bearer A
    And node 2 has link priority 20 on bearer A
    And link <1A-2A> comes up first and then link <1B-2B>
    When node 1 starts sending numbered messages to node 2, one every 1 ms
    And 300 ms pass
    And bearer A is cut in both directions
    And node 1 has sent 2500 messages
    Then node 2 receives every message node 1 sent, exactly once and in order, within 5000 ms
    And within 5000 ms neither node is in failover

  @req:SY-1 @iut:2 @catches:ablation-no-synch
  Scenario: A second link comes up under traffic: the order of delivery is kept
    Given node 1 has link priority 20 on bearer B
    And node 2 has link priority 20 on bearer B
    And both links <1A-2A> and <1B-2B> are down
    And link <1A-2A> comes up
    And every frame on bearer A is delayed by 20 ms
    When node 1 starts sending numbered messages to node 2, one every 2 ms
    And 200 ms pass
    And link <1B-2B> comes up
    And node 1 has sent 500 messages
    Then node 2 receives every message node 1 sent, exactly once and in order, within 5000 ms
    And node 1 sent node 2 each SYNCH_MSG once

  @req:SY-2 @iut:2 @catches:ablation-no-synch @catches:ablation-keepalive-uncapped @needs:link-tolerance
  Scenario: A synch that lasts longer than the new link's tolerance: its STATE messages keep it up
    Frames on bearer A take 700 ms, so node 2 reaches the synch point long after link B came up.
    Until then node 2 holds back the user data node 1 sends on link B, but its endpoint 2B, with a
    tolerance of 400 ms, takes node 1's STATE messages (tipc_node_check_state lets LINK_PROTOCOL
    through to the synching link), and they tell it the link is alive. Link A's tolerance is 10 s so
    that the 700 ms delay never takes it down: with 3 s, a kernel guest starved of CPU for a second
    (a busy CI machine) let link A fail and the messages on it were lost.
    Given node 1 has link priority 20 on bearer B
    And node 2 has link priority 20 on bearer B
    And node 1 has link tolerance 10000 ms on bearer A
    And node 2 has link tolerance 10000 ms on bearer A
    And node 2 has link tolerance 400 ms on bearer B
    And both links <1A-2A> and <1B-2B> are down
    And link <1A-2A> comes up
    And every frame on bearer A is delayed by 700 ms
    When node 1 starts sending numbered messages to node 2, one every 5 ms
    And 200 ms pass
    And link <1B-2B> comes up
    Then link endpoint 2B stays up for 1500 ms
    When node 1 has sent 1000 messages
    Then node 2 receives every message node 1 sent, exactly once and in order, within 5000 ms
    And node 1 sent node 2 each SYNCH_MSG once

  @req:FO-9 @iut:2 @catches:ablation-no-drop-point @needs:tunnel-drops
  Scenario: The receiver of a failover drops exactly the tunnelled copies of what it already had
    At the cut, node 2 has received from link A packets node 1 has not seen acknowledged yet;
    node 1 tunnels them with the rest of link A's queue. Node 2's tunnel endpoint sets its
    drop_point to link A's rcv_nxt, and throws away as duplicates those copies, no others.
    Given node 1 has link priority 20 on bearer A
    And node 2 has link priority 20 on bearer A
    And link <1A-2A> comes up first and then link <1B-2B>
    When node 1 starts sending numbered messages to node 2, one every 1 ms
    And 300 ms pass
    And bearer A is cut in both directions
    And node 1 has sent 2500 messages
    Then within 5000 ms neither node is in failover
    And node 2 dropped, of what node 1 tunnelled in this failover, exactly what it had already received on the failed link

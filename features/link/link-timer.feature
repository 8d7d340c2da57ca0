@area:link @needs:link @needs:virtual-time @severity:normal
Feature: The link timer: what a link endpoint sends at each tick of its node's timer
  At every tick of its node's timer (tipc_node_timeout, every keepalive interval: min(tolerance / 4,
  500) ms of the node's lowest-tolerance link, 375 ms at the default 1500 ms) each link endpoint
  runs tipc_link_timeout. An up endpoint sends a STATE only if one is due: it owes the peer an
  acknowledgement (rcv_unacked) or has packets the peer has not acknowledged (transmq); and makes
  it a probe, which the peer answers at once, if it heard nothing since the last tick
  (silent_intv_cnt), holds packets out of order (deferdq), or sent nothing since the last tick
  (the checkpoint). It gives up at the tick it finds it has heard nothing for more than the abort
  limit, tolerance / keepalive interval (4), of intervals. An endpoint in RESET sends a RESET at its
  first five ticks, then at every sixteenth (rst_cnt). The STATEs sent for other reasons, an
  acknowledgement every 16 packets received, a NACK, a tolerance or priority announcement, are
  plain: neither the probe bit nor the keepalive bit that marks a probe and its reply.
  Counted per tick on the wire, so virtual time only; node 1 is under test, node 2 the reference.
  With the default tolerance and both timers started by the same discovery, node 2's ticks follow
  node 1's within a millisecond; the link comes up at 752 ms, and node 1 ticks at 1127, 1502,
  1877 ms and so on, so a step 1000 ms after that falls between two ticks.

  @req:LT-1 @iut:1 @needs:data @catches:ablation-timer-naive
  Scenario: An idle endpoint probes at every tick; one that sent since the last tick and is acknowledged sends nothing
    Idle, each endpoint has sent nothing since its last tick: it probes at every one, and answers
    every probe of the other. Then node 1 sends 16 messages at once, between two ticks; node 2
    acknowledges them at once with a plain STATE (the 16th packet received), so at its next tick
    node 1 owes nothing, waits for nothing, has heard node 2 and has sent since the tick before:
    it sends no STATE of its own, only its reply to node 2's probe. Node 2 sent nothing, so it
    probes, its probe acknowledging nothing new.
    Given a cluster of nodes 1 and 2 joined by bearer A
    And link <1A-2A> comes up
    When 1000 ms pass
    And 3000 ms pass
    Then node 1 sent node 2 on bearer A 8 probes, 8 probe replies and 0 plain STATEs in the last 3000 ms
    And node 2 sent node 1 on bearer A 8 probes, 8 probe replies and 0 plain STATEs in the last 3000 ms
    When 100 ms pass
    And node 1 sends node 2 16 numbered messages at once
    And 375 ms pass
    Then node 1 sent node 2 on bearer A 0 probes, 1 probe reply and 0 plain STATEs in the last 375 ms
    And node 2 sent node 1 on bearer A 1 probe, 0 probe replies and 1 plain STATE in the last 375 ms
    And node 2 receives every message node 1 sent, exactly once and in order, within 1000 ms

  @req:LT-2 @iut:1 @needs:data @catches:ablation-timer-naive @catches:ablation-probe-always @catches:ablation-ack-every-packet
  Scenario: An endpoint that sent since the last tick and owes an acknowledgement or waits for one sends a plain STATE, not a probe
    Node 2 sends node 1 a message, then node 1 sends node 2 one, which acknowledges node 2's in
    passing. At the next tick node 1 waits for the acknowledgement of its own, node 2 owes one for
    node 1's: each sends one plain STATE. Neither probes: each heard the other and sent since its
    last tick.
    Given a cluster of nodes 1 and 2 joined by bearer A
    And link <1A-2A> comes up
    When 1000 ms pass
    And node 2 sends node 1 1 numbered messages at once
    And 10 ms pass
    And node 1 sends node 2 1 numbered messages at once
    And 375 ms pass
    Then node 1 sent node 2 on bearer A 0 probes, 0 probe replies and 1 plain STATE in the last 385 ms
    And node 2 sent node 1 on bearer A 0 probes, 0 probe replies and 1 plain STATE in the last 385 ms

  @req:LT-3 @iut:1 @needs:data @catches:ablation-timer-naive @catches:ablation-probe-always
  Scenario: An endpoint that hears nothing probes at each tick and resets the link at the tick after the abort limit
    Node 1 streams messages to node 2, so the checkpoint never makes it probe; then it hears
    nothing more of node 2. At its first tick after that it has heard node 2 since the tick before
    (no probe; a plain STATE for its unacknowledged messages); then it has been silent 1, 2, 3, 4
    intervals and probes at each of these ticks; at the next it finds 5 > 4 and resets.
    Given a cluster of nodes 1 and 2 joined by bearer A
    And link <1A-2A> comes up
    When node 1 starts sending numbered messages to node 2, one every 100 ms
    And 1000 ms pass
    And bearer A is cut from node 2 to node 1
    Then node 1, hearing nothing from node 2 on bearer A, sends it 1 plain STATE, then probes it at 4 ticks 375 ms apart and resets the link at the next, within 5000 ms

  @req:LT-4 @iut:1 @catches:ablation-timer-naive
  Scenario: An endpoint in RESET that hears nothing sends RESET at its first five ticks, then at every sixteenth
    Every LINK_PROTOCOL frame is dropped from the start: node 1's endpoint, created in RESET with
    rst_cnt 0, never hears node 2's RESET. Its timer sends one at its first five ticks (rst_cnt
    0..4), then at the ticks where rst_cnt reaches 16 and 32.
    Given a cluster of nodes 1 and 2 joined by bearer A
    And every LINK_PROTOCOL frame on bearer A is dropped
    Then node 1's RESETs to node 2 on bearer A come 375, 375, 375, 375, 4125 and 6000 ms apart from its first, within 15000 ms

  @req:LT-5 @iut:1 @needs:data @catches:ablation-probe-always @catches:ablation-no-deferdq @catches:ablation-ack-every-packet @catches:ablation-nack-every-deferral
  Scenario: A NACK and an acknowledgement are plain STATEs
    Node 2's fifth message of 32 is lost once. Node 1 asks for it in a NACK once 3 packets wait in
    its deferred queue and again at 19 (tipc_link_build_nack_msg: 3, then every 16), and
    acknowledges at the sixteenth packet delivered after the last STATE it sent (any STATE clears
    rcv_unacked): three plain STATEs, and node 2 answers none.
    Given a cluster of nodes 1 and 2 joined by bearer A
    And node 2's numbered message 5 to node 1 is dropped once
    And link <1A-2A> comes up
    When 1000 ms pass
    And node 2 sends node 1 32 numbered messages at once
    And 20 ms pass
    Then node 1 sent node 2 on bearer A 0 probes, 0 probe replies and 3 plain STATEs in the last 20 ms
    And node 2 sent node 1 on bearer A 0 probes, 0 probe replies and 0 plain STATEs in the last 20 ms
    And node 1 receives every message node 2 sent, exactly once and in order, within 1000 ms

  @req:LT-6 @iut:1 @catches:ablation-probe-always
  Scenario: A tolerance or priority announcement is a plain STATE
    Node 1 announces a new tolerance, then a new priority, each in one plain STATE between two
    ticks; node 2 answers neither with a STATE (the priority makes it reset the link).
    Given a cluster of nodes 1 and 2 joined by bearer A
    And link <1A-2A> comes up
    When 1000 ms pass
    And node 1 sets the tolerance of link endpoint 1A to 3000 ms
    And 10 ms pass
    Then node 1 sent node 2 on bearer A 0 probes, 0 probe replies and 1 plain STATE in the last 10 ms
    And node 2 sent node 1 on bearer A 0 probes, 0 probe replies and 0 plain STATEs in the last 10 ms
    When node 1 sets the priority of link endpoint 1A to 20
    And 10 ms pass
    Then node 1 sent node 2 on bearer A 0 probes, 0 probe replies and 1 plain STATE in the last 10 ms
    And node 2 sent node 1 on bearer A 0 probes, 0 probe replies and 0 plain STATEs in the last 10 ms

  @req:LT-7 @iut:1 @needs:data @catches:ablation-no-deferdq @catches:ablation-nack-every-deferral
  Scenario: An endpoint holding packets out of order probes at every tick, though it sends and hears
    Both nodes stream, and node 2's third message is lost every time it is sent, so node 1 keeps
    the ones after it in its deferred queue. Node 1 sends and hears between any two ticks, yet
    probes at each (asking for the gap); node 2, which waits for the acknowledgement of its lost
    message, sends a plain STATE at each tick and answers each probe.
    Given a cluster of nodes 1 and 2 joined by bearer A
    And node 2's numbered message 3 to node 1 is dropped every time it is sent
    And link <1A-2A> comes up
    When node 1 starts sending numbered messages to node 2, one every 100 ms
    And node 2 starts sending numbered messages to node 1, one every 100 ms
    And 1000 ms pass
    And 1000 ms pass
    Then node 1 sent node 2 on bearer A 3 probes, 0 probe replies and 0 plain STATEs in the last 1000 ms
    And node 2 sent node 1 on bearer A 0 probes, 3 probe replies and 3 plain STATEs in the last 1000 ms

  @req:LT-8 @iut:2 @needs:data @needs:failover @needs:link-tolerance @catches:ablation-timer-naive @catches:ablation-probe-always @catches:ablation-no-synch @catches:ablation-keepalive-uncapped @catches:ablation-ack-every-packet @catches:pre-tunnel-enhanced
  Scenario: A synching endpoint keeps its timer: it probes at every tick while the synch lasts
    Link B comes up at 2377 ms while every frame on link A takes 1500 ms, so node 2's endpoint 2B
    stays SYNCHING until after 3877 ms, when the last packet link A sent before the synch point
    arrives; meanwhile it holds back node 1's data on link B, whose send window fills. Node 2's
    timer runs on 2B as on an ESTABLISHED endpoint (tipc_link_timeout takes LINK_SYNCHING with
    LINK_ESTABLISHED): it sends a plain STATE as it comes up, a plain STATE at its first tick (it
    owes the acknowledgement of node 1's SYNCH_MSG), then, having sent nothing since, a probe at
    each of its next two ticks, and it answers node 1's probe (node 1, its window full, has sent
    nothing either).
    Given a cluster of nodes 1 and 2 joined by bearers A and B
    And node 1 has link priority 20 on bearer B
    And node 2 has link priority 20 on bearer B
    And node 1 has link tolerance 10000 ms on bearer A
    And node 2 has link tolerance 10000 ms on bearer A
    And both links <1A-2A> and <1B-2B> are down
    And link <1A-2A> comes up
    And every frame on bearer A is delayed by 1500 ms
    When node 1 starts sending numbered messages to node 2, one every 5 ms
    And 200 ms pass
    And link <1B-2B> comes up
    And 1400 ms pass
    Then node 2 sent node 1 on bearer B 2 probes, 1 probe reply and 2 plain STATEs in the last 1400 ms

@area:link @needs:link @needs:link-tolerance @severity:normal
Feature: The node timer runs at the pace of the link with the lowest tolerance
  One timer per peer node runs the timers of all its links (tipc_node_timeout). Each run starts
  from 10 s and takes, link by link, the smallest keepalive interval (tolerance / 4, at most
  500 ms), and sets each link's abort limit to its tolerance over that interval
  (tipc_node_calculate_timer).

  Background:
    Given a cluster of nodes 1 and 2 joined by bearers A and B

  @req:LS-17 @iut:1 @catches:ablation-timer-last-link
  Scenario: Beside a link of 1500 ms, a link of 400 ms still fails within about its tolerance
    Link <1A-2A> has a tolerance of 400 ms, link <1B-2B> the default 1500 ms. The node timer ticks
    every 100 ms (400 / 4); endpoint 1A fails after 4 silent ticks. Timed by link <1B-2B>'s
    375 ms, endpoint 1A would take nearly 2 s. Only node 2's frames are lost on bearer A, so node 2
    hears node 1's probes, keeps its endpoint up and starts no failover that would tell node 1.
    Given node 1 has link tolerance 400 ms on bearer A
    And node 2 has link tolerance 400 ms on bearer A
    And link <1A-2A> comes up first and then link <1B-2B>
    When bearer A is cut from node 2 to node 1
    Then link endpoint 1A goes down within 1000 ms
    And link endpoint 1B stays up for 1000 ms

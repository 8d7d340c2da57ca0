@area:link @needs:link @severity:minor
Feature: The discovery pace when a bearer loses its last link within a second of its start
  A discoverer's interval doubles at every request from TIPC_DISC_INIT, 125 ms: 250, 500, then
  1000 ms (tipc_disc_timeout). When the last link on the bearer goes down, tipc_disc_remove_dest
  brings the next request forward to 125 ms later only if the interval had grown beyond
  TIPC_DISC_FAST, 1 s (DS-2); at 1 s or less the request already scheduled keeps its time. Node 1
  is under test; node 2 is the reference.

  @req:DS-10 @iut:1 @needs:virtual-time @catches:ablation-disc-reinit-always
  Scenario: A link lost while the discovery interval is 1 s leaves the next request where it was
    Short tolerances bring the link up, and down once the wire is cut, within the second after
    node 1's fourth request, while its interval is 1000 ms: its next request comes at the time
    already set, about 1 s after the fourth, not 125 ms after the loss.
    Given a cluster of nodes 1 and 2 joined by bearer A
    And node 1 has link tolerance 100 ms on bearer A
    And node 2 has link tolerance 100 ms on bearer A
    Then link <1A-2A> is up on both nodes within 800 ms
    And node 1's discovery requests on bearer A come 125, 250 and 500 ms apart within 1000 ms
    When bearer A is cut in both directions
    Then link endpoint 1A goes down within 500 ms
    And node 1 sends its next discovery request on bearer A no sooner than 500 ms from now

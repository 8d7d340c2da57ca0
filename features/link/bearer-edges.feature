@area:link @needs:link @severity:minor
Feature: An interface brought up while it is up
  TIPC follows its interfaces through netdevice events (tipc_l2_device_event): NETDEV_UP starts a
  bearer's discovery over (tipc_reset_bearer → tipc_disc_reset: a request at once, the next 125 ms
  later). `ip link set ethN up` on an interface that is up raises no event, so nothing changes: the
  discoverer of a bearer with a working link keeps asking ever less often (tipc_disc_timeout: the
  interval doubles up to 60 s). Node 1 is under test.

  Background:
    Given a cluster of nodes 1 and 2 joined by bearer A

  @req:DS-8 @iut:1 @catches:ablation-bearer-up-restarts @catches:ablation-disc-naive
  Scenario: Bringing up an interface that is up leaves discovery at its slow pace
    Four seconds after the link came up node 1 asks every 2 s or less often, so at most one
    request falls in any 1.5 s; a discovery started over would ask at once, 125, 375 and 875 ms later.
    Given link <1A-2A> comes up
    And 4000 ms pass
    When the interface of bearer A on node 1, already up, is brought up again
    Then node 1 sends at most 1 discovery request on bearer A in 1500 ms
    And link <1A-2A> is up on both nodes within 1000 ms

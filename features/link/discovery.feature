@area:link @needs:link @severity:normal
Feature: Neighbour discovery
  Each bearer has a discoverer (discover.c) that broadcasts LINK_CONFIG DSC_REQ messages on a
  timer: one at once when the bearer is enabled, the next TIPC_DISC_INIT (125 ms) later, and from
  then on the interval doubles at every request, up to TIPC_DISC_FAST (1 s) while the node has no
  working link on the bearer and up to TIPC_DISC_SLOW (60 s) while it has one (tipc_disc_timeout);
  losing the last link starts it again at 125 ms (tipc_disc_remove_dest). A request from a node of
  the same network is answered with a DSC_RESP to the requester alone while the link to it is not
  up; a response is never answered, and a message of another network is ignored (tipc_disc_rcv).
  Node 1 is under test; the others are the reference.

  @req:DS-1 @iut:1 @catches:ablation-disc-naive
  Scenario: A node asks every second while alone, ever less often while it has a neighbour, and every second again once it has lost the last
    Node 1 is alone on bearer A until nodes 2 and 3 come; with them it slows down, 2, 4, 8 s. It
    loses node 3 and keeps its pace, for node 2 is still there; it loses node 2 and is back at one
    request a second; with its interface down, it sends none at all. Real time: on a kernel about
    40 s, the gaps judged within a tenth and the relay's delay.
    Given a cluster of nodes 1, 2 and 3 joined by bearer A
    And node 2 starts with the interface of bearer A down
    And node 3 starts with the interface of bearer A down
    When 2000 ms pass
    Then node 1 sends discovery requests on bearer A every 1000 ms for 4000 ms
    When the interface of bearer A on node 2 comes back
    And the interface of bearer A on node 3 comes back
    And every live node sees every other up within 3000 ms
    Then node 1's discovery requests on bearer A come 2000 and 4000 ms apart within 8000 ms
    When the interface of bearer A on node 3 goes down
    Then node 1 loses contact with node 3 within 3000 ms
    And node 1's discovery requests on bearer A come 8000 ms apart within 12000 ms
    When the interface of bearer A on node 2 goes down
    Then node 1 loses contact with node 2 within 3000 ms
    When 2000 ms pass
    Then node 1 sends discovery requests on bearer A every 1000 ms for 3000 ms
    When the interface of bearer A on node 1 goes down
    Then node 1 sends nothing on bearer A for 2000 ms

  @req:DS-2 @iut:1 @needs:virtual-time @catches:ablation-disc-naive
  Scenario: The discovery timer to the millisecond: from 125 ms up to 1 s alone, up to 60 s with a neighbour, from 125 ms again after the loss
    The first request goes out as the bearer is enabled, when the cluster starts: the gaps that
    follow are exact from the first. Two of them need the harness's clock: a kernel enables its
    bearers as it boots, before the cluster starts, and the instant its link goes down is its own;
    and 60 s gaps take minutes in real time.
    Given a cluster of nodes 1 and 2 joined by bearer A
    And node 2 starts with the interface of bearer A down
    Then node 1's discovery requests on bearer A come 125, 250, 500, 1000 and 1000 ms apart within 3000 ms
    When the interface of bearer A on node 2 comes back
    Then link <1A-2A> is up on both nodes within 1000 ms
    And node 1's discovery requests on bearer A come 2000, 4000, 8000, 16000, 32000, 60000 and 60000 ms apart within 190000 ms
    When bearer A is cut in both directions
    Then link endpoint 1A goes down within 3000 ms
    And node 1 sends its next discovery request on bearer A 125 ms from now
    And node 1's discovery requests on bearer A come 250, 500, 1000 and 1000 ms apart within 3000 ms

  @req:DS-3 @iut:1 @catches:ablation-disc-naive
  Scenario: A node ignores the nodes of another network and links up with those of its own, even one it hears only through its responses
    Nodes 1 and 3 join network 4712, node 2 stays in the default 4711. Node 3's requests are lost,
    so node 1 hears of node 3 only from its responses to node 1's own requests: enough to set up
    the link, for tipc_disc_rcv takes a response like a request, only does not answer it. Node 1
    must carry network id 4712 in its messages, or node 3 would ignore it, and drop node 2's.
    Given a cluster of nodes 1, 2 and 3 joined by bearer A
    And node 1 has network id 4712
    And node 3 has network id 4712
    And node 3's discovery requests on bearer A are dropped
    Then link <1A-3A> is up on both nodes within 3000 ms
    When 3000 ms pass
    Then node 1 has ignored node 2: it knows no such node and sent it nothing but its discovery broadcasts
    And node 1's discovery messages carry its node identity, its address in hex, and network id 4712, and each response the requester's address

  @req:DS-4 @iut:1 @catches:ablation-disc-naive
  Scenario: A discovery request is answered with a response to its sender alone, a response is not answered
    With every LINK_PROTOCOL frame lost, the link cannot come up, so each node answers each of the
    other's requests, and gets the other's answers to its own, which it must leave unanswered. Once
    the link is up, the requests go unanswered. (An endpoint in RESET sends RESET at its first
    five timer ticks, then at every sixteenth, tipc_link_timeout: the link comes up at the 16th.)
    Given a cluster of nodes 1 and 2 joined by bearer A
    And every LINK_PROTOCOL frame on bearer A is dropped
    When 3000 ms pass
    Then node 1 answered each of node 2's discovery requests on bearer A with a discovery response to it alone, and sent it no other
    And node 1's discovery messages carry its node identity, its address in hex, and network id 4711, and each response the requester's address
    When bearer A carries all traffic again
    Then link <1A-2A> is up on both nodes within 5000 ms
    And node 1 answers none of node 2's discovery requests on bearer A for 5000 ms

@area:link @needs:link @severity:normal
Feature: What a discovery message from a known peer means (tipc_node_check_dest)
  A node reads every discovery message from a peer it knows by three things: whether it carries
  the signature it holds for the peer, whether it comes from the media address it holds for the
  peer on that bearer, and whether its link there is up (tipc_node_check_dest, node.c). Whatever
  the signature, it answers (tipc_disc_rcv sends the DSC_RESP) exactly while the link is not up;
  a new signature is taken in every case but that of a link up with another media address. Node
  1 is under test; node 2, the reference, restarts.

  @req:DS-5 @iut:1 @catches:ablation-disc-naive @catches:ablation-peer-session-kept
  Scenario: A peer that restarts while the link to it is already down is answered at once
    Node 2's interface goes down, and node 1 loses contact; node 2 restarts, and its first
    request carries a new signature while node 1's link endpoint is down with the media address
    it had: case 6 of tipc_node_check_dest, the signature taken and the request answered. Node 1's
    frames to node 2 are lost, so the new incarnation never learns of node 1, the link stays
    down and node 1 goes on answering each request (case 2 from the second on).
    Given a cluster of nodes 1 and 2 joined by bearer A
    And link <1A-2A> comes up
    When the interface of bearer A on node 2 goes down
    Then node 1 loses contact with node 2 within 3000 ms
    When bearer A is cut from node 1 to node 2
    And node 2 restarts, keeping its address, with a new signature
    Then link endpoint 1A stays down for 2000 ms, its node answering every discovery request of the peer
    When bearer A carries all traffic again
    Then link <1A-2A> is up on both nodes within 3000 ms

  @req:DS-6 @iut:1 @needs:failover @catches:ablation-disc-naive
  Scenario: A node with two bearers sends nothing on the one whose interface went down while its link on the other is up
    Node 1's interface of bearer B goes down: its link there is deleted, its link on bearer A stays
    up and its timers run, and so does the timer of bearer B's discoverer, but its requests go
    nowhere (tipc_bearer_xmit_skb drops what a bearer that is not up is given). With the
    interface back, the link there comes up again. It needs failover: node 2's endpoint 2B, failing
    while 2A is up, stays FAILINGOVER until node 1's FAILOVER_MSG on link A gives it a synch point,
    and only then can link B come back.
    Given a cluster of nodes 1 and 2 joined by bearers A and B
    And link <1A-2A> comes up
    And link <1B-2B> is up on both nodes within 3000 ms
    When 1000 ms pass
    And the interface of bearer B on node 1 goes down
    Then link endpoint 1B goes down within 1000 ms
    And node 1 sends nothing on bearer B for 3000 ms
    And link endpoint 1A stays up for 1000 ms
    When the interface of bearer B on node 1 comes back
    Then link <1B-2B> is up on both nodes within 3000 ms

  @req:DS-7 @iut:1 @catches:ablation-disc-naive
  Scenario: Each bearer's discoverer keeps its own pace: slowing down on a bearer with a link, every second on one without
    Node 2's interface of bearer A is down: node 1 has a link on bearer B and none on bearer A.
    Its discoverer on bearer B counts the neighbour and slows down, 2 and 4 s; the one on bearer
    A has nobody and asks every second (tipc_disc_timeout, per bearer: tipc_bearer_add_dest counts
    a link on its own bearer only). Then node 2's interface of bearer A comes back: node 1 knows
    its signature from bearer B but has no link on A, so it creates one and answers each request
    until the link is up (case 4 of tipc_node_check_dest), and the pace there slows down too; node 2's interface of bearer B goes down, and node 1, its link there
    lost, asks on bearer B every second again while bearer A stays slow.
    Given a cluster of nodes 1 and 2 joined by bearers A and B
    And node 2 starts with the interface of bearer A down
    Then link <1B-2B> is up on both nodes within 3000 ms
    And node 1's discovery requests on bearer B come 2000 and 4000 ms apart within 8000 ms
    And node 1 sends discovery requests on bearer A every 1000 ms for 4000 ms
    When the interface of bearer A on node 2 comes back
    Then link <1A-2A> is up on both nodes within 3000 ms
    And node 1 answered each of node 2's discovery requests on bearer A with a discovery response to it alone, and sent it no other
    And node 1's discovery requests on bearer A come 2000 and 4000 ms apart within 8000 ms
    When the interface of bearer B on node 2 goes down
    Then link endpoint 1B goes down within 3000 ms
    When 2000 ms pass
    Then node 1 sends discovery requests on bearer B every 1000 ms for 4000 ms

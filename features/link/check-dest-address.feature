@area:link @needs:link @severity:normal
Feature: A discovery message from another media address than the one a node holds for the peer
  A node holds, for each link, the media address its peer announced in the discovery message the
  link was created on (tipc_node_check_dest: memcpy to le->maddr), and sends the link's frames
  there. A discovery message of that peer from another address, while the link is up, is either
  the peer having changed its interface's address or another station using its node address: the
  node ignores it (tipc_node_check_dest sets dupl_addr, tipc_disc_rcv warns of a duplicate),
  whatever the signature: it takes neither the address nor a new signature, answers nothing and
  leaves the link as it is, until the link goes down, if ever; then it takes the address (cases
  4 and 8). The harness rewrites the MAC node 2's discovery messages announce to 02:00:00:00:00:02,
  a MAC no node has: a frame sent there reaches nobody. Node 1 is under test; node 2 is the
  reference.

  Background:
    Given a cluster of nodes 1 and 2 joined by bearer A

  @req:DS-12 @iut:1 @catches:ablation-dupl-addr-taken
  Scenario: A peer announcing another media address while the link to it is up is ignored, and the link keeps its address
    Node 2's discovery requests (every 2, then 4 s, as it has a link) carry its signature and
    another MAC while node 1's link is up: case 3 of tipc_node_check_dest. Node 1 answers none,
    and its link stays up with node 2's own MAC: had it taken the announced one, its frames would
    reach nobody and node 2's endpoint would time out and reset the link.
    Given link <1A-2A> comes up
    When node 2's discovery messages on bearer A announce media address 02:00:00:00:00:02
    Then link endpoint 1A stays up for 6000 ms, its node answering none of the peer's discovery requests
    And link endpoint 2A stays up for 1000 ms

  @req:DS-9 @iut:1 @catches:ablation-dupl-addr-taken @catches:ablation-peer-session-kept
  Scenario: A peer that restarts with another media address while the link to it is up is ignored until the link fails
    Node 1's frames to node 2 are lost, so node 2's new incarnation never learns of node 1; its
    requests come fast, with a new signature and another MAC, while node 1's endpoint is up: case
    7 of tipc_node_check_dest, ignored, so the endpoint goes down only when its tolerance runs out.
    With the wire whole again, node 2 announcing its own MAC, the link comes back.
    Given link <1A-2A> comes up
    When bearer A is cut from node 1 to node 2
    And node 2's discovery messages on bearer A announce media address 02:00:00:00:00:02
    And node 2 restarts, keeping its address, with a new signature
    Then link endpoint 1A stays up for 800 ms, its node answering none of the peer's discovery requests
    And node 1 loses contact with node 2 within 3000 ms
    When bearer A carries all traffic again
    Then link <1A-2A> is up on both nodes within 3000 ms

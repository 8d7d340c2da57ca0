@area:link @needs:link @needs:link-name @severity:minor
Feature: A link endpoint is named after both ends' interfaces
  tipc_link_create names a new link endpoint "<own address>:<own interface>-<peer address>:unknown"
  (a node with an address and no identity of its own prints its address in hex: 1.1.1 is
  1001001). The peer's interface name comes in the body of its RESET and ACTIVATE messages
  (TIPC_MAX_IF_NAME bytes, NUL-padded), and tipc_link_proto_rcv puts it in place of "unknown":
  what `tipc link list` prints, and what `tipc link set` and `tipc link get` take.

  @req:LN-1 @iut:1 @catches:ablation-link-name-unknown
  Scenario: Each link endpoint carries the interface name from the peer's RESET or ACTIVATE
    Node 2's interfaces are eth0 on bearer A and eth1 on bearer B; node 1 learns each from the
    first RESET or ACTIVATE node 2 sends on that bearer, and names its endpoint with it.
    Given a cluster of nodes 1 and 2 joined by bearers A and B
    When link <1A-2A> comes up
    And link <1B-2B> comes up
    Then link endpoint 1A is named 1001001:eth0-1001002:eth0
    And link endpoint 1B is named 1001001:eth1-1001002:eth1

@area:naming @needs:naming @needs:named-bcast @needs:link @needs:link-name @severity:minor
Feature: Broadcast packets a node must not take: from a node it does not know, or of another network
  Several TIPC networks can share one LAN: discovery keeps them apart (tipc_disc_rcv drops a
  LINK_CONFIG of another network id), but every node still hears the others' broadcast packets,
  which go to the media broadcast address. tipc_rcv hands a non-sequenced frame that is not
  LINK_CONFIG to tipc_node_bc_rcv, which drops one whose sender (prevnode) it does not know; and
  tipc_bcast_rcv drops one whose word 5 (msg_mc_netid) is not the node's network id, or that comes
  before its broadcast receive link for the sender is up. Only what passes goes to that link and on
  to the binding table. Node 1 is under test.

  # Nodes 2 and 3 form network 4712 and link up; node 1, in 4711, knows neither. Node 3's update
  # goes out once, on its broadcast link, and reaches node 1 too.
  @req:BC-28 @iut:1 @catches:ablation-disc-naive
  Scenario: A node ignores the broadcast binding table updates of another network on its LAN
    Given a cluster of nodes 1, 2 and 3 joined by bearer A
    And node 2 has network id 4712
    And node 3 has network id 4712
    And link <2A-3A> is up on both nodes within 3000 ms
    When node 3 binds the service range {7000, 0, 9} at cluster scope
    Then node 2's name table holds every cluster-scope binding of node 3 within 1000 ms
    And node 3 sent that update as 1 broadcast send and 0 unicast sends
    And node 1's name table holds no binding of the service range {7000, 0, 9} for 500 ms
    And node 1 has ignored node 3: it knows no such node and sent it nothing but its discovery broadcasts
    And node 1 lists no link to node 3 on bearer A

  # Word 5 of node 2's broadcast updates to node 1 is rewritten on the wire to 4712, as a node of
  # network 4712 with node 2's address would send them: node 1 knows the sender (prevnode), and
  # its broadcast receive link for it is up (the first update came through), yet the packet and
  # every retransmission of it are dropped.
  @req:BC-29 @iut:1 @catches:ablation-bc-any-netid @catches:bulk-seq-controlled @catches:legacy
  Scenario: A broadcast binding table update carrying another network id is dropped, from a node the receiver knows
    Given a cluster of nodes 1 and 2 joined by bearer A
    And link <1A-2A> comes up
    When node 2 binds the service range {7000, 0, 9} at cluster scope
    Then node 1's name table holds every cluster-scope binding of node 2 within 1000 ms
    When node 2's binding table updates by broadcast reach node 1 with network id 4712
    And node 2 binds the service range {7001, 0, 9} at cluster scope
    Then node 1's name table holds no binding of the service range {7001, 0, 9} for 500 ms
    And at least 1 of node 2's frames reached node 1 malformed

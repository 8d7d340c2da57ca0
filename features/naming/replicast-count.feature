@area:naming @needs:naming @needs:named-bcast @needs:link @severity:normal
Feature: The count of peers that force replicast, when a peer's capabilities change while it is up
  A node sends its binding table updates once, on the broadcast link, while every peer it is in
  contact with has TIPC_NAMED_BCAST; it counts the peers without it (nt->rc_dests, a u32) and
  replicasts while the count is not 0 (tipc_node_broadcast). The count is raised when such a peer
  comes up (tipc_named_node_up) and lowered when such a peer is lost (tipc_publ_notify). A peer's
  capabilities are those of its latest discovery message: tipc_node_create takes new ones from a
  known peer at once, its link up or not ("Same node may come back with new capabilities"). So a
  peer can come up with one set and be lost with another. Whatever it announced in between, a
  lost peer must leave the count as it found it: with every remaining peer able to take them,
  the node's next update goes out once, by broadcast. Linux 6.1 judges the lost peer by its
  capabilities at the time: a peer that dropped the bit takes the count to 0xffffffff, one that
  gained it leaves it at 1, and every later update is replicast, for good (KF-4 in
  docs/kernel-findings.md). The harness rewrites node 2's discovery messages on the wire: node 2
  itself does not change. Node 1 is under test; nodes 2 and 3 are the reference.

  # Node 2 comes up with TIPC_NAMED_BCAST (not counted). Its next discovery request says it has
  # not (node 1 updates its capabilities; the link stays up); then node 2 is lost. Linux 6.1
  # lowers the count for it: 0 - 1 is 0xffffffff, and node 1 replicasts its update to node 3.
  @req:NB-14 @iut:1 @known-bug:KF-4
  Scenario: A peer that dropped TIPC_NAMED_BCAST while up is lost: the next update still goes out by broadcast
    Given a cluster of nodes 1, 2 and 3 joined by bearer A
    And every live node sees every other up within 5000 ms
    When node 2's discovery messages on bearer A are rewritten: capabilities without TIPC_NAMED_BCAST
    And node 2's next discovery request reaches node 1 on bearer A within 20000 ms
    And the interface of bearer A on node 2 goes down
    And node 1 loses contact with node 2 within 5000 ms
    And node 1 binds the service range {7000, 0, 9} at cluster scope
    Then node 3's name table holds every cluster-scope binding of node 1 within 1000 ms
    And node 1 sent that update as 1 broadcast send and 0 unicast sends

  # Node 2 comes up without TIPC_NAMED_BCAST, as far as node 1 can tell (counted: node 1's first
  # update goes to nodes 2 and 3 by unicast). Its next discovery request, as sent, says it has it;
  # then node 2 is lost. Linux 6.1 does not lower the count for it: it stays 1, and node 1
  # replicasts its update to node 3. A count held at 0 or above (ablation-rc-dests-floor) mends the
  # first scenario, not this one.
  @req:NB-14 @iut:1 @known-bug:KF-4 @catches:ablation-rc-dests-floor
  Scenario: A peer that gained TIPC_NAMED_BCAST while up is lost: the next update goes out by broadcast again
    Given a cluster of nodes 1, 2 and 3 joined by bearer A
    And node 2's discovery messages on bearer A are rewritten: capabilities without TIPC_NAMED_BCAST
    And every live node sees every other up within 5000 ms
    And node 1 binds the service range {7000, 0, 9} at cluster scope
    And node 1 sent that update as 0 broadcast sends and 2 unicast sends
    When bearer A carries all traffic again
    And node 2's next discovery request reaches node 1 on bearer A within 20000 ms
    And the interface of bearer A on node 2 goes down
    And node 1 loses contact with node 2 within 5000 ms
    And node 1 binds the service range {7001, 0, 9} at cluster scope
    Then node 3's name table holds every cluster-scope binding of node 1 within 1000 ms
    And node 1 sent that update as 1 broadcast send and 0 unicast sends

  # The same without any rewriting: node 2 restarts as a TIPC from before cad2929dc432, and its
  # first discovery request (a new signature, no TIPC_NAMED_BCAST) reaches node 1 before node 1's
  # link to the old incarnation fails. Node 1 takes the new capabilities while the link is up
  # (tipc_node_create, then tipc_node_check_dest: "Peer node rebooted"), then loses contact: Linux
  # 6.1 lowers the count for a peer it never counted (0xffffffff), and raises it when node 2 is
  # back as a legacy peer (0): node 1 broadcasts its update as if every peer could take it. A node
  # that kept node 2's first capabilities (ablation-peer-caps-kept) broadcasts it too.
  @req:NB-14 @iut:1 @known-bug:KF-4 @catches:ablation-peer-caps-kept
  Scenario: A peer that restarts as a legacy node and is heard from before it is lost gets updates by replicast when back
    Given a cluster of nodes 1, 2 and 3 joined by bearer A
    And every live node sees every other up within 5000 ms
    When node 2 restarts, keeping its address, with a new signature, as a legacy node from before cad2929dc432
    And node 1 loses contact with node 2 within 5000 ms
    And nodes 1 and 2 see each other up within 10000 ms
    And node 1 binds the service range {7000, 0, 9} at cluster scope
    Then node 1 sent that update as 0 broadcast sends and 2 unicast sends
    And the name tables of all live nodes agree within 3000 ms

@area:naming @needs:naming @needs:failover @needs:link @needs:named-events @severity:normal
Feature: A binding table update tunnelled in a failover is applied once
  A legacy node (before cad2929dc432) sends each binding by unicast, on the link to each peer. When
  that link fails before the peer acknowledged an update it already delivered, the sender tunnels
  the update again in a FAILOVER_MSG on the surviving link (tipc_link_tnl_prepare), and the
  receiver must throw that copy away below drop_point (tipc_link_tnl_rcv). A second application
  leaves no trace in the binding table, which refuses it as a duplicate: only what the node
  reports applying (capability named-events) tells.

  @req:FO-5 @iut:1 @needs:named-bcast @catches:ablation-no-drop-point @catches:legacy-seq-controlled @catches:ablation-ack-every-packet
  Scenario: A binding update the failed link delivered comes again tunnelled, and is applied once
    Given a cluster of nodes 1 and 2 joined by bearers A and B
    And node 2 is a legacy node, from before cad2929dc432
    And node 1 has link priority 20 on bearer A
    And node 2 has link priority 20 on bearer A
    And link <1A-2A> comes up first and then link <1B-2B>
    And node 2 binds 3 cluster-scope service ranges {6000+i, 10i, 10i+9}
    And node 1's name table holds every cluster-scope binding of node 2 within 1000 ms
    When node 2 binds the service range {7000, 0, 9} at cluster scope
    And bearer A is cut in both directions
    Then link endpoint 2A goes down within 5000 ms
    And within 2000 ms neither node is in failover
    And node 2's FAILOVER_MSGs to node 1 in this failover carried that update
    And node 1's name table holds every cluster-scope binding of node 2 within 1000 ms
    And node 1 applied that update exactly once

@area:link @needs:link @severity:normal
Feature: Discovery messages a node drops before it looks at the sender
  tipc_disc_rcv (discover.c) drops a discovery message that carries the receiving bearer's own
  media address ("Ignore discovery messages from own node": its own broadcast, looped back), one
  from a node using the receiver's own address (in_own_node: a duplicate address, disc_dupl_alert
  warns of it) and one whose destination domain does not hold the receiver (tipc_in_scope: a
  domain of 0 is every node, otherwise the receiver's own address): it never reaches
  tipc_node_check_dest, so the receiver creates no node and no link for the sender and answers
  nothing. The harness rewrites the field in every discovery message of node 2, from the start;
  node 2's link frames go as sent, so node 2, which hears node 1's requests, sets up its end of a
  link that node 1, knowing no node 2, never answers. Node 1 is under test; node 2 is the
  reference.

  Background:
    Given a cluster of nodes 1 and 2 joined by bearer A

  @req:DS-13 @iut:1 @catches:ablation-disc-naive
  Scenario: A discovery message that announces the receiver's own media address is taken for its own and dropped
    Node 2's discovery messages announce node 1's own MAC on bearer A, 52:54:00:0a:00:01, with
    node 2's address and signature: node 1 takes them for its own, looped back.
    Given node 2's discovery messages on bearer A announce media address 52:54:00:0a:00:01
    When 3000 ms pass
    Then node 1 has ignored node 2: it knows no such node and sent it nothing but its discovery broadcasts

  @req:DS-14 @iut:1 @catches:ablation-disc-naive
  Scenario: A discovery message whose destination domain names another node is dropped
    Node 2's requests say they are for node 3 (destination domain 1.1.3), not every node (0): out
    of node 1's scope, in the legacy address format (a node, cluster or zone) as in the new.
    Given node 2's discovery messages on bearer A are rewritten: destination domain 3
    When 3000 ms pass
    Then node 1 has ignored node 2: it knows no such node and sent it nothing but its discovery broadcasts

  @req:DS-15 @iut:1 @catches:ablation-disc-naive
  Scenario: A discovery message from a node using the receiver's own address is dropped
    Node 2's discovery messages say they come from 1.1.1, node 1's own address, from node 2's MAC:
    another station with node 1's address. Node 1 warns of the duplicate and drops them; had it
    taken one, it would have answered it, to node 2's MAC, and set up a link to "itself" there.
    Given node 2's discovery messages on bearer A are rewritten: previous node 1
    When 3000 ms pass
    Then node 1 has ignored node 2: it knows no such node and sent it nothing but its discovery broadcasts

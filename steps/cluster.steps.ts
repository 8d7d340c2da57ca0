/**
 * Set-up and disturbance steps: which nodes exist, bearer settings, and the fault rules the
 * harness applies on the wire.
 */
import { Given, When } from '@cucumber/cucumber';
import { type BearerName, type LinkRef, MAX_LINK_TOLERANCE, MIN_LINK_TOLERANCE, type NodeId } from '../contract';
import { ExpectationError } from './support/expect';
import { BEARER, BEARERS, LINK, NODES } from './support/parameter-types';
import { restartNode } from './support/restart';
import { nodeList, nodeListText, nodesUpTo } from './support/values';
import type { ConformanceWorld } from './support/world';
import { catalogue } from './vocabulary';

/** Declares the cluster; 'skipped' (not applicable) when it cannot run here with the run's implementations. */
function declareNodes(w: ConformanceWorld, nodes: readonly NodeId[], bearers: readonly BearerName[], said: string): 'skipped' | undefined {
  if (new Set(nodes).size !== nodes.length) throw new Error(`node numbers repeat in "${said}"`);
  if (nodes.some((n) => !(n >= 1 && n <= 4095))) throw new Error(`node numbers must be 1..4095 (the node part of a TIPC address): "${said}"`);
  w.setup.declare(nodes, bearers);
  const why = w.applicability.cluster(w.setup.nodes(), w.setup.iut());
  if (why === undefined) return undefined;
  w.attach(`not applicable: ${why}`);
  return 'skipped';
}

/** "a cluster of nodes 1 and 2", "a cluster of nodes 1, 2 and 3 ..." */
Given(
  /^a cluster of nodes ((?:\d+, )*\d+ and \d+) joined by (bearers A and B|bearer A)$/,
  catalogue({
    group: 'set-up',
    means:
      'Declares the nodes of the cluster (addresses 1.1.N) and the bearers every node has. Nothing starts yet: the cluster starts, and the nodes discover each other (LINK_CONFIG) and set up links, on the first step that uses it.',
    params: [
      { name: 'nodes', meaning: 'the node numbers, as "1 and 2" or "1, 2 and 3" (each 1..4095, none repeated)', type: NODES },
      { name: 'bearers', meaning: '"bearers A and B" (two parallel links between every pair of nodes) or "bearer A" (one link per pair)', type: BEARERS },
    ],
    needs: [],
    example: 'a cluster of nodes 1 and 2 joined by bearers A and B',
    declaresNodes: ([list]) => nodeList(list ?? ''),
  }),
  function (this: ConformanceWorld, nodes: NodeId[], bearers: BearerName[]) {
    return declareNodes(this, nodes, bearers, nodeListText(nodes));
  },
);

/** "a cluster of nodes 1 to 16 joined by bearer A" */
Given(
  /^a cluster of nodes 1 to (\d+) joined by (bearers A and B|bearer A)$/,
  catalogue({
    group: 'set-up',
    means:
      'Declares a cluster of nodes 1 to N (addresses 1.1.1 to 1.1.N) and the bearers every node has. Nothing starts yet: the cluster starts on the first step that uses it.',
    params: [
      { name: 'last', meaning: 'the highest node number N (at least 2)' },
      { name: 'bearers', meaning: '"bearers A and B" (two parallel links between every pair of nodes) or "bearer A" (one link per pair)', type: BEARERS },
    ],
    needs: [],
    example: 'a cluster of nodes 1 to 16 joined by bearer A',
    declaresNodes: ([last]) => nodesUpTo(Number(last ?? '')),
  }),
  function (this: ConformanceWorld, last: number, bearers: BearerName[]) {
    if (!(last >= 2)) throw new Error(`a cluster needs at least nodes 1 to 2, got 1 to ${last}`);
    return declareNodes(this, nodesUpTo(last), bearers, `1 to ${last}`);
  },
);

Given(
  'node {int} starts with the interface of bearer {bearer} down',
  catalogue({
    group: 'set-up',
    means:
      "The node's interface under the bearer is down when the cluster starts: the node sends and receives nothing on it (no discovery, no link there) until a step brings it back. Must come before the cluster starts; the node does not count as live while all its interfaces are down.",
    params: [
      { name: 'node', meaning: 'node number (address 1.1.N)' },
      { name: 'bearer', meaning: 'bearer letter: A (eth0) or B (eth1)', type: BEARER },
    ],
    needs: [],
    example: 'node 3 starts with the interface of bearer A down',
  }),
  function (this: ConformanceWorld, node: number, bearer: BearerName) {
    if (this.lifecycle.started()) throw new Error('"starts with the interface down" must come before the cluster starts');
    this.interfaces.wentDown(node, bearer);
  },
);

Given(
  'node {int} has link tolerance {int} ms on bearer {bearer}',
  catalogue({
    group: 'set-up',
    means:
      "Configures the node's link tolerance on the bearer before the cluster starts: how long its link endpoints there go without hearing from the peer before they reset the link. Its endpoints are created with it, and it is not announced: RESET and ACTIVATE carry tolerance 0, as in the kernel, so the peer's endpoints keep their own (their bearer's, 1500 ms by default) until a tolerance is set on the running link. The kernel takes 50..30000 ms (tipc_nl_parse_link_prop); the step refuses any other, as a mistake of the scenario.",
    params: [
      { name: 'node', meaning: 'node number (address 1.1.N)' },
      { name: 'tolerance', meaning: 'link tolerance, ms: 50 to 30000' },
      { name: 'bearer', meaning: 'bearer letter: A (eth0) or B (eth1)', type: BEARER },
    ],
    needs: [],
    example: 'node 2 has link tolerance 30000 ms on bearer A',
  }),
  function (this: ConformanceWorld, node: number, tol: number, bearer: BearerName) {
    if (tol < MIN_LINK_TOLERANCE || tol > MAX_LINK_TOLERANCE) {
      throw new Error(
        `a link tolerance of ${tol} ms: the kernel takes ${MIN_LINK_TOLERANCE}..${MAX_LINK_TOLERANCE} ms and refuses any other when the bearer is enabled; to check a refusal, set it on a running link ("node N refuses to set the tolerance of link endpoint ...")`,
      );
    }
    this.setup.setBearer(node, bearer, { tolerance: tol });
  },
);

Given(
  'node {int} has link priority {int} on bearer {bearer}',
  catalogue({
    group: 'set-up',
    means:
      "Configures the node's link priority on the bearer before the cluster starts: of two parallel links, the one with the higher priority carries the traffic; with equal priorities they share it.",
    params: [
      { name: 'node', meaning: 'node number (address 1.1.N)' },
      { name: 'priority', meaning: 'link priority' },
      { name: 'bearer', meaning: 'bearer letter: A (eth0) or B (eth1)', type: BEARER },
    ],
    needs: [],
    example: 'node 1 has link priority 20 on bearer B',
  }),
  function (this: ConformanceWorld, node: number, prio: number, bearer: BearerName) {
    this.setup.setBearer(node, bearer, { priority: prio });
  },
);

When(
  'both links {link} and {link} are down',
  catalogue({
    group: 'disturbance',
    means:
      'Starts the cluster with every frame on the bearers of both links dropped (fault rules of those bearers), so neither link can come up: no LINK_CONFIG, no LINK_PROTOCOL RESET/ACTIVATE gets through until a step lifts the rules.',
    params: [
      { name: 'link', meaning: 'a link as <1A-2A>: nodes 1 and 2 on bearer A', type: LINK },
      { name: 'link', meaning: 'the other link, e.g. <1B-2B>', type: LINK },
    ],
    needs: [],
    example: 'both links <1A-2A> and <1B-2B> are down',
  }),
  async function (this: ConformanceWorld, l1: LinkRef, l2: LinkRef) {
    for (const { bearer } of [l1, l2]) await this.wire.addBearerRule(bearer, 'everything lost', {}, { kind: 'drop' });
  },
);

When(
  'bearer {bearer} is cut in both directions',
  catalogue({
    group: 'disturbance',
    means:
      'Replaces the fault rules of the bearer by one that drops every frame on it, both ways. The interfaces stay up, so the link endpoints there only notice by their tolerance (no LINK_PROTOCOL STATE replies) and reset. "This failover" in later steps means since this cut.',
    params: [
      { name: 'bearer', meaning: 'bearer letter: A (eth0) or B (eth1)', type: BEARER },
    ],
    needs: [],
    example: 'bearer A is cut in both directions',
  }),
  async function (this: ConformanceWorld, bearer: BearerName) {
    this.wire.liftBearerRules(bearer);
    await this.wire.addBearerRule(bearer, 'cut', {}, { kind: 'drop' });
    this.wire.cut(await this.now());
  },
);

When(
  'bearer {bearer} carries all traffic again',
  catalogue({
    group: 'disturbance',
    means: 'Lifts every fault rule the steps put on the bearer (cuts, drops, delays, holds), so from now on its frames are delivered.',
    params: [
      { name: 'bearer', meaning: 'bearer letter: A (eth0) or B (eth1)', type: BEARER },
    ],
    needs: [],
    example: 'bearer A carries all traffic again',
  }),
  function (this: ConformanceWorld, bearer: BearerName) {
    this.wire.liftBearerRules(bearer);
  },
);

When(
  'the interface of bearer {bearer} on node {int} goes down',
  catalogue({
    group: 'disturbance',
    means:
      "The node's interface under the bearer goes down and the node's stack is told, so it takes its link endpoints on that bearer down at once instead of waiting for the tolerance. A node with every interface down no longer counts as live.",
    params: [
      { name: 'bearer', meaning: 'bearer letter: A (eth0) or B (eth1)', type: BEARER },
      { name: 'node', meaning: 'node number (address 1.1.N)' },
    ],
    needs: [],
    example: 'the interface of bearer A on node 1 goes down',
  }),
  async function (this: ConformanceWorld, bearer: BearerName, node: number) {
    await this.setInterface(node, bearer, false);
  },
);

When(
  'the interface of bearer {bearer} on node {int} comes back',
  catalogue({
    group: 'disturbance',
    means:
      "The node's interface under the bearer comes up again and the node's stack is told, so it discovers its peers there again (LINK_CONFIG) and can set up links on that bearer.",
    params: [
      { name: 'bearer', meaning: 'bearer letter: A (eth0) or B (eth1)', type: BEARER },
      { name: 'node', meaning: 'node number (address 1.1.N)' },
    ],
    needs: [],
    example: 'the interface of bearer A on node 3 comes back',
  }),
  async function (this: ConformanceWorld, bearer: BearerName, node: number) {
    await this.setInterface(node, bearer, true);
  },
);

When(
  'every frame on bearer {bearer} is delayed by {int} ms',
  catalogue({
    group: 'disturbance',
    means:
      'Every frame on the bearer, both ways, is delivered that much later than it was sent (a fault rule of the bearer: "carries all traffic again" lifts it).',
    params: [
      { name: 'bearer', meaning: 'bearer letter: A (eth0) or B (eth1)', type: BEARER },
      { name: 'delay', meaning: 'added delay, ms' },
    ],
    needs: [],
    example: 'every frame on bearer A is delayed by 20 ms',
  }),
  async function (this: ConformanceWorld, bearer: BearerName, ms: number) {
    await this.wire.addBearerRule(bearer, `delay ${ms} ms`, {}, { kind: 'delay', ms });
  },
);

When(
  'node {int} restarts, keeping its address, with a new signature',
  catalogue({
    group: 'disturbance',
    means:
      "The node reboots: its implementation is stopped and started again (a new node object, a new guest, a new process) with the same address and bearers, every interface up, and a new node signature; it holds no bindings and counts its name distribution updates from 0 again (a background stream of bindings it ran ends). Its peers learn of it as they would of a real reboot, from the new signature in its discovery messages and its links' resets, well within the 300 s their node object for it lives.",
    params: [{ name: 'node', meaning: 'node number (address 1.1.N)' }],
    needs: [],
    example: 'node 2 restarts, keeping its address, with a new signature',
  }),
  async function (this: ConformanceWorld, node: number) {
    await restartNode(this, node);
  },
);


/**
 * node.c NODE_CLEANUP_AFTER: a peer node object that is not up is freed this long after it was
 * created or lost contact, ms, at a tick of its node timer (tipc_node_timeout -> tipc_node_cleanup).
 */
const NODE_CLEANUP_AFTER_MS = 300000;

When(
  "node {int} is down for longer than node {int}'s node timeout and then restarts, keeping its address, with a new signature",
  catalogue({
    group: 'disturbance',
    means:
      `The first node goes silent: every interface of it goes down (its stack is told; nothing it sends reaches the wire). Time runs until the second node has lost contact with it and then, its node timeout later (node.c NODE_CLEANUP_AFTER: ${NODE_CLEANUP_AFTER_MS / 1000} s after lost contact, at a tick of its node timer), freed its node object for it, so it no longer knows the node at all; then the first node restarts as in "node N restarts, keeping its address, with a new signature". The second node meets it as a new node: a new node object, its name distribution receive state (named_rcv_nxt, named_open) from 0. Fails if the second node still knows the first ${(NODE_CLEANUP_AFTER_MS + MAX_LINK_TOLERANCE) / 1000 + 1} s after its interfaces went down. Needs virtual time: in real time the node timeout alone is 5 minutes, the default limit of a whole scenario.`,
    params: [
      { name: 'node', meaning: 'the node that goes down and restarts (node number)' },
      { name: 'peer', meaning: 'the node whose node timeout it outlasts (node number)' },
    ],
    needs: ['link', 'virtual-time'],
    example: "node 2 is down for longer than node 1's node timeout and then restarts, keeping its address, with a new signature",
  }),
  async function (this: ConformanceWorld, node: number, peer: number) {
    if (node === peer) throw new Error(`node ${node} cannot outlast its own node timeout: name another node`);
    const c = await this.cluster();
    for (const b of this.setup.bearers()) {
      if (this.interfaces.isDown(node, b)) continue;
      await this.setInterface(node, b, false);
    }
    // Lost contact comes within a link tolerance (at most 30 s), the node object goes 300 s later.
    const limit = NODE_CLEANUP_AFTER_MS + MAX_LINK_TOLERANCE + 1000;
    const start = c.now();
    const forgotten = await this.runUntil(async () => (await c.nodeState(peer, node)) === 'ABSENT', limit);
    if (!forgotten) {
      throw new ExpectationError(
        `node ${peer} to free its node object for node ${node} (its node timeout, ${NODE_CLEANUP_AFTER_MS / 1000} s after lost contact) within ${limit} ms of node ${node} going down`,
        `after ${c.now() - start} ms node ${peer} still has node ${node} in ${await c.nodeState(peer, node)}`,
      );
    }
    this.attach(`node ${peer} freed its node object for node ${node} ${c.now() - start} ms after node ${node} went down`);
    await restartNode(this, node);
  },
);

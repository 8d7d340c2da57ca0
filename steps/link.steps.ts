/**
 * Link and node steps: bringing links up (whole or half), timing them out, and what link
 * endpoints and peer nodes must show.
 */
import { Given, Then, When } from '@cucumber/cucumber';
import {
  type BearerName,
  type EndpointRef,
  FAILOVER_MSG,
  LINK_CONFIG,
  LINK_PROTOCOL,
  type LinkRef,
  RESET_MSG,
  TUNNEL_PROTOCOL,
  type WireFrame,
  isLinkState,
} from '../contract';
import { endpointStays } from './support/endpoint-watch';
import { ExpectationError, eventually, isUp, peerOf } from './support/expect';
import { BEARER, ENDPOINT, LINK } from './support/parameter-types';
import { endpointText, linkText } from './support/values';
import type { ConformanceWorld } from './support/world';
import { catalogue } from './vocabulary';

const BRING_UP_MS = 5000;

/** The bearers a two-node failover can involve. */
const BOTH_BEARERS: readonly BearerName[] = ['A', 'B'];

/** Run until both ends of `link` are up, or fail with both ends' states. */
async function expectLinkUp(w: ConformanceWorld, link: LinkRef, ms: number): Promise<void> {
  const { a, b, bearer } = link;
  const c = await w.cluster();
  await eventually(
    w,
    ms,
    async () => isUp(await c.linkState(a, b, bearer)) && isUp(await c.linkState(b, a, bearer)),
    `link ${linkText(link)} up on both nodes`,
    async () => `${a}${bearer} ${await c.linkState(a, b, bearer)}, ${b}${bearer} ${await c.linkState(b, a, bearer)}`,
  );
}

async function linkComesUp(w: ConformanceWorld, link: LinkRef): Promise<void> {
  w.wire.liftBearerRules(link.bearer);
  await expectLinkUp(w, link, BRING_UP_MS);
}

When(
  'link {link} comes up',
  catalogue({
    group: 'action',
    means:
      "Lifts every fault rule on the link's bearer and lets time run until both endpoints of the link are up (ESTABLISHED or SYNCHING), after the LINK_PROTOCOL RESET/ACTIVATE exchange; fails with both endpoint states if not within 5000 ms.",
    params: [
      { name: 'link', meaning: 'a link as <1A-2A>: nodes 1 and 2 on bearer A', type: LINK },
    ],
    needs: ['link'],
    example: 'link <1A-2A> comes up',
  }),
  async function (this: ConformanceWorld, link: LinkRef) {
    await linkComesUp(this, link);
  },
);

Given(
  'link {link} comes up first and then link {link}',
  catalogue({
    group: 'set-up',
    means:
      "Drops every frame on the second link's bearer while the first link comes up, then lifts that and lets the second come up as a parallel link next to the established one (each: both endpoints up (ESTABLISHED or SYNCHING) within 5000 ms, or the step fails).",
    params: [
      { name: 'first', meaning: 'the link that comes up first, e.g. <1A-2A>', type: LINK },
      { name: 'second', meaning: 'the link that comes up next to it, e.g. <1B-2B>', type: LINK },
    ],
    needs: ['link'],
    example: 'link <1A-2A> comes up first and then link <1B-2B>',
  }),
  async function (this: ConformanceWorld, first: LinkRef, second: LinkRef) {
    await this.wire.addBearerRule(second.bearer, 'held back', {}, { kind: 'drop' });
    await linkComesUp(this, first);
    await linkComesUp(this, second);
  },
);

/**
 * The half-established link of the commit, by wire faults alone (as staged between two real
 * kernels in shared/captures/half-failover): the down side's RESET never reaches the up side, and
 * of the up side's traffic only its discovery messages and its RESET get through. The up side goes
 * RESET → ESTABLISHING on that exchange and ESTABLISHED on the ACTIVATE it receives; the down side
 * stays ESTABLISHING.
 */
When(
  'link endpoint {endpoint} comes up while {endpoint} stays down',
  catalogue({
    group: 'action',
    means:
      'Stages the half-established link of "tipc: fix missing Name entries due to half-failover" with wire faults on the bearer (its other rules lifted): the down side\'s LINK_PROTOCOL RESET never reaches the up side, and of the up side\'s frames only LINK_CONFIG and its RESET get through. Lets time run until the first endpoint is up (ESTABLISHED or SYNCHING) (within 5000 ms); fails if not, or if the second came up too.',
    params: [
      { name: 'up', meaning: 'the endpoint that comes up, e.g. 2A', type: ENDPOINT },
      { name: 'down', meaning: 'the other end of the same link, which stays down, e.g. 1A', type: ENDPOINT },
    ],
    needs: ['link'],
    example: 'link endpoint 2A comes up while 1A stays down',
  }),
  async function (this: ConformanceWorld, up: EndpointRef, down: EndpointRef) {
    if (up.bearer !== down.bearer) throw new Error(`${endpointText(up)} and ${endpointText(down)} are not the two ends of one link`);
    const bearer = up.bearer;
    this.wire.liftBearerRules(bearer);
    await this.wire.addBearerRule(
      bearer,
      `RESET of node ${down.node} never reaches node ${up.node}`,
      { from: down.node, to: up.node, user: LINK_PROTOCOL, mtype: RESET_MSG },
      { kind: 'drop' },
    );
    await this.wire.addBearerRule(bearer, `discovery of node ${up.node} passes`, { from: up.node, to: down.node, user: LINK_CONFIG }, { kind: 'pass' });
    await this.wire.addBearerRule(
      bearer,
      `RESET of node ${up.node} passes`,
      { from: up.node, to: down.node, user: LINK_PROTOCOL, mtype: RESET_MSG },
      { kind: 'pass' },
    );
    await this.wire.addBearerRule(bearer, `everything else of node ${up.node} is lost`, { from: up.node, to: down.node }, { kind: 'drop' });
    const c = await this.cluster();
    await eventually(
      this,
      BRING_UP_MS,
      async () => isUp(await c.linkState(up.node, down.node, bearer)),
      `link endpoint ${endpointText(up)} up`,
      async () => `${endpointText(up)} ${await c.linkState(up.node, down.node, bearer)}`,
    );
    const other = await c.linkState(down.node, up.node, bearer);
    if (isUp(other)) throw new ExpectationError(`link endpoint ${endpointText(down)} not up`, `${endpointText(down)} ${other}`);
  },
);

/** What the tolerance steps say of when a new tolerance counts (tipc_link_set_tolerance, tipc_node_timeout). */
const TOLERANCE_TIMING =
  'The endpoint holds a new tolerance at once (its retransmission limit, 10 × tolerance, with it) and, if the link is up, announces it to the peer in a LINK_PROTOCOL STATE message, whose endpoint takes it over when it arrives. Supervision follows only at the node\'s next timer tick: the keepalive interval, min(tolerance/4, 500) ms of its lowest-tolerance link, and the abort limit are recomputed there (tipc_node_timeout → tipc_node_calculate_timer; setting a tolerance does not reschedule the timer), up to one keepalive interval later: 375 ms at the default 1500 ms. Set while the link is not up, a tolerance is not announced: RESET and ACTIVATE carry tolerance 0, as in the kernel, and the peer\'s endpoint keeps its own.';

/** The node's link endpoint `e` and its peer; fails (as a mistake of the scenario) when `e` is on another node. */
function ownEndpoint(w: ConformanceWorld, node: number, e: EndpointRef): number {
  if (e.node !== node) throw new Error(`link endpoint ${endpointText(e)} is not on node ${node}`);
  return peerOf(w.setup.nodes(), node);
}

When(
  'node {int} sets the tolerance of link endpoint {endpoint} to {int} ms',
  catalogue({
    group: 'action',
    means: `The node is told to change the link tolerance of its endpoint on the link to its only peer (two-node clusters), as \`tipc link set tolerance\` does; fails if the node refuses (the kernel refuses a tolerance outside 50..30000 ms). ${TOLERANCE_TIMING}`,
    params: [
      { name: 'node', meaning: 'node number (address 1.1.N)' },
      { name: 'endpoint', meaning: 'the link endpoint on that node, e.g. 2A', type: ENDPOINT },
      { name: 'tolerance', meaning: 'new link tolerance, ms' },
    ],
    needs: ['link'],
    example: 'node 2 sets the tolerance of link endpoint 2A to 1000 ms',
  }),
  async function (this: ConformanceWorld, node: number, e: EndpointRef, ms: number) {
    const peer = ownEndpoint(this, node, e);
    const c = await this.cluster();
    const ok = await c.setLinkTolerance(node, peer, e.bearer, ms);
    if (!ok) throw new ExpectationError(`node ${node} to accept tolerance ${ms} ms on ${endpointText(e)}`, 'refused');
  },
);

When(
  'node {int} refuses to set the tolerance of link endpoint {endpoint} to {int} ms',
  catalogue({
    group: 'action',
    means:
      'The node is told to change the link tolerance of its endpoint on the link to its only peer (two-node clusters), as `tipc link set tolerance` does, and must refuse: fails if it accepts. The kernel refuses a tolerance outside TIPC_MIN_LINK_TOL..TIPC_MAX_LINK_TOL, 50..30000 ms, with EINVAL (tipc_nl_parse_link_prop), and leaves the link as it was. The endpoint must exist (a node refuses a tolerance for a link it does not have whatever the value): the step fails if the node has none there.',
    params: [
      { name: 'node', meaning: 'node number (address 1.1.N)' },
      { name: 'endpoint', meaning: 'the link endpoint on that node, e.g. 1A', type: ENDPOINT },
      { name: 'tolerance', meaning: 'the link tolerance it must refuse, ms' },
    ],
    needs: ['link'],
    example: 'node 1 refuses to set the tolerance of link endpoint 1A to 49 ms',
  }),
  async function (this: ConformanceWorld, node: number, e: EndpointRef, ms: number) {
    const peer = ownEndpoint(this, node, e);
    const c = await this.cluster();
    const state = await c.linkState(node, peer, e.bearer);
    if (state === 'ABSENT') throw new ExpectationError(`a link endpoint ${endpointText(e)} to set a tolerance on`, `node ${node} has no link to node ${peer} on bearer ${e.bearer}`);
    const ok = await c.setLinkTolerance(node, peer, e.bearer, ms);
    if (ok) throw new ExpectationError(`node ${node} to refuse tolerance ${ms} ms on ${endpointText(e)} (the kernel takes 50..30000 ms)`, 'accepted');
  },
);

Given(
  'node {int} takes any link tolerance and announces it, in range or not',
  catalogue({
    group: 'set-up',
    means:
      'The tester node checks no range, as no Linux does: told to set a link tolerance outside 50..30000 ms it takes it and, on a running link, announces it to the peer in a STATE message; it also takes any non-zero tolerance a peer announces. A peer that is not Linux, to stage what a node under test must ignore (the reference with profile ablation-tolerance-unchecked). A tester node only, before the cluster starts; not applicable with kernel testers.',
    params: [
      { name: 'node', meaning: 'a tester node, not under test (node number)' },
    ],
    needs: ['link'],
    example: 'node 2 takes any link tolerance and announces it, in range or not',
  }),
  function (this: ConformanceWorld, node: number) {
    const why = this.applicability.cluster(this.setup.nodes(), this.setup.iut(), 'tolerance-unchecked');
    if (why !== undefined) {
      this.attach(`not applicable: ${why}`);
      return 'skipped';
    }
    this.setup.makeToleranceUnchecked(node);
    return undefined;
  },
);

Then(
  'link endpoint {endpoint} has tolerance {int} ms',
  catalogue({
    group: 'observation',
    means: `Reads the link tolerance the endpoint (towards the only peer of a two-node cluster) uses now, as \`tipc link get tolerance\` shows it: the one its bearer gave it, set on it since, or taken over from the peer's STATE. Fails with the tolerance seen unless it is the one given. Waits no longer than the observation latency the implementation declares (0 for the reference): let time pass first for a STATE on its way. ${TOLERANCE_TIMING}`,
    params: [
      { name: 'endpoint', meaning: "a link endpoint as 1A: node 1's end of its link on bearer A", type: ENDPOINT },
      { name: 'tolerance', meaning: 'the link tolerance it must have, ms' },
    ],
    needs: ['link', 'link-tolerance'],
    example: 'link endpoint 1A has tolerance 1500 ms',
  }),
  async function (this: ConformanceWorld, e: EndpointRef, ms: number) {
    const c = await this.cluster();
    const peer = peerOf(this.setup.nodes(), e.node);
    const ep = endpointText(e);
    const seen = async (): Promise<string> => {
      const tol = await c.linkTolerance(e.node, peer, e.bearer);
      return tol === undefined ? `no tolerance: link endpoint ${ep} is ${await c.linkState(e.node, peer, e.bearer)}` : `${ep} has tolerance ${tol} ms`;
    };
    const limit = c.latency.observationMs;
    if (await this.runUntil(async () => (await c.linkTolerance(e.node, peer, e.bearer)) === ms, limit)) return;
    throw new ExpectationError(`link endpoint ${ep} to have tolerance ${ms} ms${limit > 0 ? ` (within ${limit} ms, the observation latency the implementation declares)` : ''}`, await seen());
  },
);

Then(
  'link endpoint {endpoint} stays up for {int} ms',
  catalogue({
    group: 'observation',
    means:
      'Lets time run for the given time, failing at the first moment the link endpoint (towards the only peer of a two-node cluster) is not up (ESTABLISHED or SYNCHING), with its state and when; fails at once if it is not up when the step starts. With the link silent, an endpoint stays up for about its tolerance: it resets at the first timer tick after more than tolerance / keepalive interval silent intervals (1875..2250 ms at the default 1500 ms).',
    params: [
      { name: 'endpoint', meaning: "a link endpoint as 1A: node 1's end of its link on bearer A", type: ENDPOINT },
      { name: 'time', meaning: 'how long it must stay up, ms' },
    ],
    needs: ['link'],
    example: 'link endpoint 1A stays up for 1000 ms',
  }),
  async function (this: ConformanceWorld, e: EndpointRef, ms: number) {
    await endpointStays(this, e, ms, true);
  },
);

Then(
  'link endpoint {endpoint} stays down for {int} ms',
  catalogue({
    group: 'observation',
    means:
      'Lets time run for the given time, failing at the first moment the link endpoint (towards the only peer of a two-node cluster) is up (ESTABLISHED or SYNCHING), with its state and when; fails at once if it is up when the step starts.',
    params: [
      { name: 'endpoint', meaning: "a link endpoint as 1A: node 1's end of its link on bearer A", type: ENDPOINT },
      { name: 'time', meaning: 'how long it must stay down, ms' },
    ],
    needs: ['link'],
    example: 'link endpoint 1A stays down for 1000 ms',
  }),
  async function (this: ConformanceWorld, e: EndpointRef, ms: number) {
    await endpointStays(this, e, ms, false);
  },
);

Then(
  'link endpoint {endpoint} goes down within {int} ms',
  catalogue({
    group: 'observation',
    means:
      "Lets time run until the link endpoint (towards the only peer of a two-node cluster) is no longer up (ESTABLISHED or SYNCHING), e.g. RESETTING or RESET after its tolerance ran out; fails with its state if it is still up after the limit. A transition out of up that the endpoint's node reported since the last When step began counts too, though the endpoint may be up again by the time this step looks: a node read from outside (a kernel's state read every 150 ms) can be seen down late, after its peer went down and came back.",
    params: [
      { name: 'endpoint', meaning: "a link endpoint as 2A: node 2's end of its link on bearer A", type: ENDPOINT },
      { name: 'limit', meaning: 'time allowed, ms' },
    ],
    needs: ['link'],
    example: 'link endpoint 2A goes down within 3000 ms',
  }),
  async function (this: ConformanceWorld, e: EndpointRef, ms: number) {
    const c = await this.cluster();
    const peer = peerOf(this.setup.nodes(), e.node);
    const ep = endpointText(e);
    const since = this.stepLog.lastActionAt();
    const wentDown = (): boolean =>
      c.stateChanges().some((s) => s.what === 'link' && s.node === e.node && s.peer === peer && s.bearer === e.bearer && s.at >= since && isUp(s.from) && !isUp(s.to));
    await eventually(
      this,
      ms,
      async () => wentDown() || !isUp(await c.linkState(e.node, peer, e.bearer)),
      `link endpoint ${ep} down`,
      async () => `${ep} ${await c.linkState(e.node, peer, e.bearer)}`,
    );
  },
);

Then(
  'link {link} is up on both nodes within {int} ms',
  catalogue({
    group: 'observation',
    means:
      'Lets time run until both endpoints of the link are up (ESTABLISHED or SYNCHING); fails with both endpoint states if not within the limit.',
    params: [
      { name: 'link', meaning: 'a link as <1A-2A>: nodes 1 and 2 on bearer A', type: LINK },
      { name: 'limit', meaning: 'time allowed, ms' },
    ],
    needs: ['link'],
    example: 'link <1A-2A> is up on both nodes within 10000 ms',
  }),
  async function (this: ConformanceWorld, link: LinkRef, ms: number) {
    await expectLinkUp(this, link, ms);
  },
);

Then(
  'node {int} fails over onto link {link}',
  catalogue({
    group: 'observation',
    means:
      "Checks the FSM transitions the IUT reported: the node's peer node FSM towards its only peer must have gone to FAILINGOVER on FAILOVER_BEGIN_EVT (it began failover, tunnelling onto the surviving link) at some point of the scenario. Does not wait.",
    params: [
      { name: 'node', meaning: 'node number (address 1.1.N)' },
      { name: 'link', meaning: 'the surviving link it tunnels onto, e.g. <1B-2B> (named in the failure message only)', type: LINK },
    ],
    needs: ['link', 'failover', 'fsm-events'],
    example: 'node 2 fails over onto link <1B-2B>',
  }),
  async function (this: ConformanceWorld, node: number, { bearer }: LinkRef) {
    const c = await this.cluster();
    const peer = peerOf(this.setup.nodes(), node);
    const began = c.stateChanges().some((s) => s.node === node && s.what === 'node' && s.peer === peer && s.event === 'FAILOVER_BEGIN_EVT' && s.to === 'FAILINGOVER');
    if (!began) {
      throw new ExpectationError(
        `node ${node} to enter FAILINGOVER towards node ${peer}, tunnelling onto bearer ${bearer}`,
        `node ${node} is ${await c.nodeState(node, peer)} and never entered FAILINGOVER`,
      );
    }
  },
);

Then(
  'within {int} ms neither node is in failover',
  catalogue({
    group: 'observation',
    means:
      'Lets time run until neither node of a two-node cluster has its peer node FSM in FAILINGOVER and no link endpoint on bearer A or B is FAILINGOVER: failover finished on both sides. Fails listing what is stuck.',
    params: [
      { name: 'limit', meaning: 'time allowed, ms' },
    ],
    needs: ['link', 'failover'],
    example: 'within 2000 ms neither node is in failover',
  }),
  async function (this: ConformanceWorld, ms: number) {
    const c = await this.cluster();
    const nodes = this.setup.nodes();
    const stuck = async (): Promise<string[]> => {
      const out: string[] = [];
      for (const n of nodes) {
        const p = peerOf(nodes, n);
        if ((await c.nodeState(n, p)) === 'FAILINGOVER') out.push(`node ${n} FAILINGOVER towards node ${p}`);
        for (const b of BOTH_BEARERS) if ((await c.linkState(n, p, b)) === 'FAILINGOVER') out.push(`link endpoint ${n}${b} FAILINGOVER`);
      }
      return out;
    };
    await eventually(
      this,
      ms,
      async () => (await stuck()).length === 0,
      'no node and no link endpoint in FAILINGOVER',
      async () => (await stuck()).join('; '),
    );
  },
);

Then(
  'node {int} loses contact with node {int} within {int} ms',
  catalogue({
    group: 'observation',
    means:
      "Lets time run until the first node's peer node FSM for the second is in a SELF_DOWN_* state (SELF_DOWN_PEER_DOWN or SELF_DOWN_PEER_LEAVING: all its links to the peer are down); fails with the node state if not within the limit.",
    params: [
      { name: 'node', meaning: 'node number (address 1.1.N)' },
      { name: 'peer', meaning: 'the other node (node number)' },
      { name: 'limit', meaning: 'time allowed, ms' },
    ],
    needs: ['link'],
    example: 'node 1 loses contact with node 2 within 5000 ms',
  }),
  async function (this: ConformanceWorld, node: number, peer: number, ms: number) {
    const c = await this.cluster();
    const down = async (): Promise<boolean> => (await c.nodeState(node, peer)).startsWith('SELF_DOWN');
    await eventually(this, ms, down, `node ${node} to see node ${peer} down (SELF_DOWN_*)`, async () => `node ${node}: ${await c.nodeState(node, peer)}`);
  },
);

Then(
  "node {int} answers node {int}'s first FAILOVER_MSG with a FAILOVER_MSG of its own within {int} ms",
  catalogue({
    group: 'observation',
    means:
      "On the wire, since the last bearer cut: waits up to 1000 ms for the peer's first TUNNEL_PROTOCOL FAILOVER_MSG to arrive at the node, then fails unless the node sends the peer a FAILOVER_MSG of its own within the limit of that arrival, plus the reaction latency the implementation declares, i.e. starts its own failover (the half-failover fix).",
    params: [
      { name: 'node', meaning: 'node number (address 1.1.N)' },
      { name: 'peer', meaning: 'the node that failed over first (node number)' },
      { name: 'limit', meaning: 'time allowed, ms' },
    ],
    needs: ['failover'],
    example: "node 1 answers node 2's first FAILOVER_MSG with a FAILOVER_MSG of its own within 10 ms",
  }),
  async function (this: ConformanceWorld, node: number, peer: number, ms: number) {
    const c = await this.cluster();
    const cutAt = this.wire.lastCutAt();
    const failover = (f: WireFrame): boolean => f.user === TUNNEL_PROTOCOL && f.mtype === FAILOVER_MSG && f.at >= cutAt;
    const first = (): WireFrame | undefined =>
      c.wireFrames().find((f) => failover(f) && f.from === peer && f.to === node && f.fate !== 'bearer-down' && !f.fate.startsWith('drop'));
    // The frame may still be on its way: it is traced when it arrives.
    await this.runUntil(() => first() !== undefined, 1000);
    const theirs = first();
    if (!theirs) throw new ExpectationError(`a FAILOVER_MSG from node ${peer} to node ${node}`, 'none arrived since the last cut');
    const answered = (): WireFrame | undefined => c.wireFrames().find((f) => failover(f) && f.from === node && f.to === peer && f.at >= theirs.at);
    // An implementation that reacts later than in the cluster's time is allowed the latency it declares.
    const limit = ms + c.latency.reactionMs;
    await this.runUntil(() => answered() !== undefined, Math.max(0, theirs.at + limit - c.now()));
    const a = answered();
    if (!a || a.at - theirs.at > limit) {
      throw new ExpectationError(
        `node ${node} to send a FAILOVER_MSG within ${ms} ms${c.latency.reactionMs ? ` (+${c.latency.reactionMs} ms, the reaction latency the implementation declares)` : ''} of node ${peer}'s (frame #${theirs.n} at ${theirs.at} ms)`,
        a ? `node ${node}'s first FAILOVER_MSG is frame #${a.n}, ${a.at - theirs.at} ms later` : `no FAILOVER_MSG from node ${node}`,
      );
    }
  },
);

When(
  "node {int}'s FAILOVER_MSGs to node {int} are held back on bearer {bearer}",
  catalogue({
    group: 'disturbance',
    means:
      'A fault rule of the bearer holds back, undelivered, every TUNNEL_PROTOCOL FAILOVER_MSG the first node sends the second on it, until the step that lets the held FAILOVER_MSGs arrive.',
    params: [
      { name: 'from', meaning: 'the sending node (node number)' },
      { name: 'to', meaning: 'the receiving node (node number)' },
      { name: 'bearer', meaning: 'bearer letter: A (eth0) or B (eth1)', type: BEARER },
    ],
    needs: ['failover'],
    example: "node 2's FAILOVER_MSGs to node 1 are held back on bearer B",
  }),
  async function (this: ConformanceWorld, from: number, to: number, bearer: BearerName) {
    const name = await this.wire.addBearerRule(
      bearer,
      `FAILOVER_MSGs of node ${from} held`,
      { from, to, user: TUNNEL_PROTOCOL, mtype: FAILOVER_MSG },
      { kind: 'hold' },
    );
    this.wire.holding(name);
  },
);

/**
 * The race of "tipc: fix issues with early FAILOVER_MSG from peer" (June 2019): the kernel takes a
 * failed link down (tipc_node_link_down) only after dropping the link lock, so a FAILOVER_MSG that
 * arrives on the other bearer in that instant finds the link RESETTING. The held messages are let
 * through in exactly that instant.
 */
When(
  'the held FAILOVER_MSGs arrive in the instant link endpoint {endpoint} becomes {word}',
  catalogue({
    group: 'disturbance',
    means:
      'Lets time run, up to 10000 ms, until the link endpoint enters the given link FSM state and, in that same instant, before anything else due then is processed, delivers the held FAILOVER_MSGs: the race of "tipc: fix issues with early FAILOVER_MSG from peer". Fails if the state is not reached or nothing was held.',
    params: [
      { name: 'endpoint', meaning: "a link endpoint as 2A: node 2's end of its link on bearer A", type: ENDPOINT },
      { name: 'state', meaning: 'link endpoint state as link.c names it, e.g. RESETTING' },
    ],
    needs: ['link', 'failover', 'virtual-time'],
    example: 'the held FAILOVER_MSGs arrive in the instant link endpoint 1A becomes RESETTING',
  }),
  async function (this: ConformanceWorld, e: EndpointRef, state: string) {
    if (!isLinkState(state)) throw new Error(`"${state}" is no link endpoint state (link.c): RESETTING, ESTABLISHED, ...`);
    const ep = endpointText(e);
    const rule = this.wire.holdRule();
    if (!rule) throw new Error('no FAILOVER_MSGs are held: hold them back first');
    const c = await this.cluster();
    const peer = peerOf(this.setup.nodes(), e.node);
    const reached = await this.runUntil(async () => (await c.linkState(e.node, peer, e.bearer)) === state, 10000, { settle: false });
    if (!reached) {
      // The state is read after each reply (frame, tick, control): a node that takes its failed link
      // down in the same request never shows RESETTING, unlike the kernel, which does it afterwards.
      throw new ExpectationError(
        `link endpoint ${ep} to become ${state} within 10000 ms`,
        `${ep} ${await c.linkState(e.node, peer, e.bearer)}`,
        `(states are read after each reply; work the kernel defers, such as taking a failed link down, must be a timer due at the same instant: docs/wire-format.md, "How the harness observes state")`,
      );
    }
    c.removeRule(rule);
    const n = c.releaseHeld(rule);
    if (n === 0) throw new ExpectationError(`FAILOVER_MSGs of node ${peer} held back`, 'none were sent');
    this.wire.released();
    await c.advance(0);
  },
);

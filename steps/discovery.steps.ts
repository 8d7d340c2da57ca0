/**
 * Neighbour discovery as the wire shows it (net/tipc/discover.c): the LINK_CONFIG DSC_REQ a node
 * broadcasts on each bearer on the timer of tipc_disc_timeout, the DSC_RESP it sends a requester
 * alone (tipc_disc_rcv), and the network id that keeps networks apart.
 */
import { Given, Then, When } from '@cucumber/cucumber';
import { ACTIVATE_MSG, type BearerName, type Latency, DSC_REQ_MSG, DSC_RESP_MSG, LINK_CONFIG, LINK_PROTOCOL, RESET_MSG, STATE_MSG, type WireFrame, nodeAddress, nodeIdOf } from '../contract';
import { ExpectationError } from './support/expect';
import { BEARER, INTERVALS } from './support/parameter-types';
import { intervalListText } from './support/values';
import type { ConformanceWorld } from './support/world';
import { catalogue } from './vocabulary';

const NODE = { name: 'node', meaning: 'node number (address 1.1.N)' };
const BEARER_PARAM = { name: 'bearer', meaning: 'bearer letter: A (eth0) or B (eth1)', type: BEARER };

/** tn->net_id: what `tipc node set netid` takes (tipc_nl_net_set), and the kernel's default. */
const MIN_NET_ID = 1;
const MAX_NET_ID = 9999;
const DEFAULT_NET_ID = 4711;
/** How long a frame is on the wire (sim/simulator.ts linkDelayMs, the harness's default). */
const WIRE_TRANSIT_MS = 1;
/** A LINK_CONFIG message: the largest header (MAX_H_SIZE) and the 16-byte node identity (NODE_ID_LEN). */
const DISC_MSG_SIZE = 60 + 16;

/** A discovery request as the wire showed it: one bearer broadcast, however many copies it made. */
interface Request {
  readonly at: number;
  readonly n: number;
}

/** The DSC_REQ broadcasts a node sent on a bearer, one per send (the first copy's time), in order. */
function requests(frames: readonly WireFrame[], node: number, bearer: BearerName): Request[] {
  const seen = new Set<number>();
  const out: Request[] = [];
  for (const f of frames) {
    if (f.from !== node || f.bearer !== bearer || f.user !== LINK_CONFIG || f.mtype !== DSC_REQ_MSG || !f.broadcast) continue;
    if (seen.has(f.send)) continue;
    seen.add(f.send);
    out.push({ at: f.at, n: f.n });
  }
  return out.sort((a, b) => a.at - b.at);
}

/**
 * How far a gap between two requests may be from the interval: a tenth of it (at least 10 ms) and
 * the reaction latency the implementation declares either way, and later also by how late it
 * declares its timers may fire.
 */
function slackOf(intv: number, latency: Latency): { readonly early: number; readonly late: number } {
  const slack = Math.max(Math.round(intv / 10), 10) + latency.reactionMs;
  return { early: slack, late: slack + Math.round(intv * latency.timerLate) };
}

function withinSlack(gap: number, intv: number, latency: Latency): boolean {
  const { early, late } = slackOf(intv, latency);
  return gap >= intv - early && gap <= intv + late;
}

function slackText(intv: number, latency: Latency): string {
  const { early, late } = slackOf(intv, latency);
  return early === late ? `±${early}` : `-${early}/+${late}`;
}

/** Most requests a failure lists: the last ones. */
const SHOWN = 12;

function gapsText(all: readonly Request[]): string {
  if (all.length < 2) return `${all.length} request${all.length === 1 ? ` at ${all[0]?.at} ms` : 's'}`;
  const rs = all.slice(-SHOWN);
  const more = all.length > rs.length ? `${all.length} requests, the last ${rs.length} ` : 'requests ';
  return `${more}at ${rs.map((r) => r.at).join(', ')} ms: gaps ${rs.slice(1).map((r, i) => r.at - (rs[i]?.at ?? 0)).join(', ')} ms`;
}

/** Where in `rs` consecutive requests are `intervals` apart (each within its slack), or -1. */
function findGaps(rs: readonly Request[], intervals: readonly number[], latency: Latency): number {
  for (let i = 0; i + intervals.length < rs.length; i++) {
    if (intervals.every((intv, k) => withinSlack(rs[i + k + 1].at - rs[i + k].at, intv, latency))) return i;
  }
  return -1;
}

function delivered(f: WireFrame): boolean {
  return f.fate === 'deliver' || ['delay(', 'reorder(', 'dup(', 'released('].some((p) => f.fate.startsWith(p));
}

Given(
  'node {int} has network id {int}',
  catalogue({
    group: 'set-up',
    means: `The node joins the network of the given id instead of the default ${DEFAULT_NET_ID} (tn->net_id, \`tipc node set netid\`), before the cluster starts: it carries the id in every discovery message (LINK_CONFIG word 4, msg_bc_netid) and ignores those of any other network (tipc_disc_rcv), so it neither answers a node of another network nor sets up a link with it. The kernel takes ${MIN_NET_ID}..${MAX_NET_ID} (tipc_nl_net_set); the step refuses any other, as a mistake of the scenario.`,
    params: [NODE, { name: 'id', meaning: `network id, ${MIN_NET_ID} to ${MAX_NET_ID}` }],
    needs: [],
    example: 'node 3 has network id 4712',
  }),
  function (this: ConformanceWorld, node: number, id: number) {
    if (!(id >= MIN_NET_ID && id <= MAX_NET_ID)) throw new Error(`a network id of ${id}: the kernel takes ${MIN_NET_ID}..${MAX_NET_ID} (tipc_nl_net_set)`);
    if (!this.setup.nodes().includes(node)) throw new Error(`node ${node} is not in the cluster (${this.setup.nodes().join(', ')})`);
    this.setup.setNetId(node, id);
  },
);

When(
  'every LINK_PROTOCOL frame on bearer {bearer} is dropped',
  catalogue({
    group: 'disturbance',
    means:
      'A fault rule of the bearer drops every LINK_PROTOCOL frame (RESET, ACTIVATE, STATE), both ways, and lets everything else by: the nodes still discover each other (LINK_CONFIG), but no link there can come up. "Bearer X carries all traffic again" lifts it.',
    params: [BEARER_PARAM],
    needs: [],
    example: 'every LINK_PROTOCOL frame on bearer A is dropped',
  }),
  async function (this: ConformanceWorld, bearer: BearerName) {
    await this.wire.addBearerRule(bearer, 'LINK_PROTOCOL lost', { user: LINK_PROTOCOL }, { kind: 'drop' });
  },
);

Then(
  'node {int} sends discovery requests on bearer {bearer} every {int} ms for {int} ms',
  catalogue({
    group: 'observation',
    means:
      "Lets time run for the given time and checks the LINK_CONFIG DSC_REQ broadcasts the node sends on the bearer in it (one per broadcast, whatever its copies' fates): each gap between two must be the interval given, give or take a tenth of it (at least 10 ms) and the reaction latency the implementation declares; fails on the first that is not, or with fewer requests than the time holds. A node with no working link on the bearer asks every TIPC_DISC_FAST, 1000 ms, once its first requests (125, 250, 500 ms apart) are behind it (tipc_disc_timeout).",
    params: [NODE, BEARER_PARAM, { name: 'interval', meaning: 'the interval between requests, ms' }, { name: 'time', meaning: 'how long to watch, ms' }],
    needs: ['link'],
    example: 'node 1 sends discovery requests on bearer A every 1000 ms for 4000 ms',
  }),
  async function (this: ConformanceWorld, node: number, bearer: BearerName, intv: number, ms: number) {
    const c = await this.cluster();
    const start = c.now();
    await this.runUntil(() => false, ms);
    const rs = requests(c.wireFrames(), node, bearer).filter((r) => r.at >= start);
    const expected = `node ${node} to send a discovery request on bearer ${bearer} every ${intv} ms (${slackText(intv, c.latency)} ms) for ${ms} ms`;
    const needed = Math.floor(ms / intv) - 1;
    if (rs.length < needed) throw new ExpectationError(`${expected}: at least ${needed} requests`, gapsText(rs));
    for (let i = 1; i < rs.length; i++) {
      const gap = rs[i].at - rs[i - 1].at;
      if (!withinSlack(gap, intv, c.latency)) throw new ExpectationError(expected, `${gap} ms between requests #${rs[i - 1].n} at ${rs[i - 1].at} ms and #${rs[i].n} at ${rs[i].at} ms; ${gapsText(rs)}`);
    }
  },
);

Then(
  "node {int}'s discovery requests on bearer {bearer} come {intervals} ms apart within {int} ms",
  catalogue({
    group: 'observation',
    means:
      "Lets time run until the node's LINK_CONFIG DSC_REQ broadcasts on the bearer, counted from the last one it sent before this step, include consecutive ones the given intervals apart, in that order (each give or take a tenth of it, at least 10 ms, and the reaction latency the implementation declares); fails with the gaps seen if they do not within the time given. The interval of tipc_disc_timeout doubles at every request: from TIPC_DISC_INIT (125 ms) up to TIPC_DISC_FAST (1000 ms) while the node has no working link on the bearer, up to TIPC_DISC_SLOW (60000 ms) while it has one (tipc_disc_add_dest); losing the last link starts it again at 125 ms (tipc_disc_remove_dest).",
    params: [NODE, BEARER_PARAM, { name: 'intervals', meaning: 'the gaps between successive requests, ms, in order', type: INTERVALS }, { name: 'limit', meaning: 'time allowed, ms' }],
    needs: ['link'],
    example: "node 1's discovery requests on bearer A come 2000, 4000 and 8000 ms apart within 16000 ms",
  }),
  async function (this: ConformanceWorld, node: number, bearer: BearerName, intervals: number[], ms: number) {
    const c = await this.cluster();
    const start = c.now();
    const since = (): Request[] => {
      const rs = requests(c.wireFrames(), node, bearer);
      const before = rs.filter((r) => r.at < start).length;
      return rs.slice(Math.max(0, before - 1));
    };
    const found = await this.runUntil(() => findGaps(since(), intervals, c.latency) >= 0, ms);
    if (!found) {
      throw new ExpectationError(
        `node ${node}'s discovery requests on bearer ${bearer} to come ${intervalListText(intervals)} ms apart within ${ms} ms (each ${intervals.map((i) => slackText(i, c.latency)).join(', ')} ms)`,
        `from the last one before ${start} ms, ${gapsText(since())}`,
      );
    }
  },
);

Then(
  'node {int} sends its next discovery request on bearer {bearer} {int} ms from now',
  catalogue({
    group: 'observation',
    means:
      'Lets time run until the node sends its next LINK_CONFIG DSC_REQ broadcast on the bearer, and checks that it went out the given time after this step began, give or take 1 ms: the instant a step begins is an event of the node itself (a link endpoint going down), which only the harness\'s own clock shows exactly. A node that loses its last working link on the bearer asks again TIPC_DISC_INIT, 125 ms, later (tipc_disc_remove_dest).',
    params: [NODE, BEARER_PARAM, { name: 'delay', meaning: 'ms after this step began' }],
    needs: ['link', 'virtual-time'],
    example: 'node 1 sends its next discovery request on bearer A 125 ms from now',
  }),
  async function (this: ConformanceWorld, node: number, bearer: BearerName, delay: number) {
    const c = await this.cluster();
    const start = c.now();
    const next = (): Request | undefined => requests(c.wireFrames(), node, bearer).find((r) => r.at > start);
    // the wire stamps a delivered frame at its arrival, the link delay (1 ms) after it was sent
    const slack = 2;
    await this.runUntil(() => next() !== undefined, delay + 2 * slack);
    const r = next();
    const expected = `node ${node}'s next discovery request on bearer ${bearer} ${delay} ms after ${start} ms (±${slack} ms)`;
    if (!r) throw new ExpectationError(expected, `none within ${c.now() - start} ms`);
    if (Math.abs(r.at - start - delay) > slack) throw new ExpectationError(expected, `#${r.n} ${r.at - start} ms after ${start} ms`);
  },
);

Then(
  "node {int} answered each of node {int}'s discovery requests on bearer {bearer} with a discovery response to it alone, and sent it no other",
  catalogue({
    group: 'observation',
    means:
      "Holds the node's LINK_CONFIG DSC_RESP frames to the peer on the bearer so far against the peer's DSC_REQ broadcasts that reached the node: each response must answer its own request, sent to the peer alone (not broadcast) within 20 ms and the reaction latency the implementation declares after the request arrived, and every request that arrived while the node's endpoint towards the requester was not up (but one just now, whose answer may be on its way) must have its response. The wire dates the endpoint's coming up: after the node sent an ACTIVATE, the first ACTIVATE or STATE of the peer that reached it, and no RESET of the node since; a request that arrived after that needs no answer (the implementation's state reports may come later than the frames). A node answers a request while its link endpoint towards the requester is not up (tipc_node_check_dest: respond) and never answers a response (tipc_disc_rcv: only a DSC_REQ_MSG is answered), so a response of the peer gets none. Fails naming the response that answers nothing or the request left unanswered, or if no request arrived at all.",
    params: [NODE, { name: 'peer', meaning: 'the node whose requests it answers (node number)' }, BEARER_PARAM],
    needs: ['link'],
    example: "node 1 answered each of node 2's discovery requests on bearer A with a discovery response to it alone, and sent it no other",
  }),
  async function (this: ConformanceWorld, node: number, peer: number, bearer: BearerName) {
    const c = await this.cluster();
    const now = c.now();
    const window = 20 + c.latency.reactionMs;
    const frames = c.wireFrames();
    const reqs = frames.filter((f) => f.from === peer && f.to === node && f.bearer === bearer && f.user === LINK_CONFIG && f.mtype === DSC_REQ_MSG && delivered(f));
    const resps = frames.filter((f) => f.from === node && f.bearer === bearer && f.user === LINK_CONFIG && f.mtype === DSC_RESP_MSG && (f.to === peer || f.broadcast));
    const expected = `each of node ${peer}'s discovery requests that reached node ${node} on bearer ${bearer} answered by one DSC_RESP to node ${peer} alone within ${window} ms, and no other DSC_RESP`;
    const seen = `${reqs.length} requests (at ${reqs.map((f) => f.at).join(', ')} ms), ${resps.length} responses (at ${resps.map((f) => f.at).join(', ')} ms)`;
    if (reqs.length === 0) throw new ExpectationError(expected, `no discovery request of node ${peer} reached node ${node} on bearer ${bearer}`);
    const answered = new Set<WireFrame>();
    for (const r of resps) {
      if (r.broadcast) throw new ExpectationError(expected, `#${r.n} at ${r.at} ms: a DSC_RESP broadcast; ${seen}`);
      const req = reqs.find((q) => !answered.has(q) && q.at <= r.at && r.at - q.at <= window);
      if (!req) throw new ExpectationError(expected, `#${r.n} at ${r.at} ms answers no request of node ${peer}; ${seen}`);
      answered.add(req);
    }
    const unanswered = reqs.find((q) => !answered.has(q) && q.at < now - window && !endpointUpAt(frames, node, peer, bearer, q.at));
    if (unanswered) throw new ExpectationError(expected, `request #${unanswered.n} at ${unanswered.at} ms unanswered; ${seen}`);
  },
);

Then(
  'node {int} has ignored node {int}: it knows no such node and sent it nothing but its discovery broadcasts',
  catalogue({
    group: 'observation',
    means:
      "Checks that the node has no peer node for the other (its node FSM for it ABSENT: tipc_node_check_dest never ran for it) and that of all the frames the node sent so far, none went to the other alone: no DSC_RESP, no LINK_PROTOCOL RESET, nothing; only the copies of its own bearer broadcasts reached it. What a node does with a discovery message of another network (tipc_disc_rcv: msg_bc_netid != tn->net_id).",
    params: [NODE, { name: 'other', meaning: 'the node it must ignore (node number)' }],
    needs: ['link'],
    example: 'node 1 has ignored node 2: it knows no such node and sent it nothing but its discovery broadcasts',
  }),
  async function (this: ConformanceWorld, node: number, other: number) {
    const c = await this.cluster();
    await c.observeNow();
    const state = await c.nodeState(node, other);
    const sent = c.wireFrames().filter((f) => f.from === node && f.to === other && !f.broadcast);
    const expected = `node ${node} to know nothing of node ${other} and to have sent it nothing of its own`;
    if (state !== 'ABSENT') throw new ExpectationError(expected, `node ${node} has node ${other} in ${state}`);
    const first = sent[0];
    if (first) throw new ExpectationError(expected, `${sent.length} frames to node ${other}, the first #${first.n} at ${first.at} ms (user ${first.user}, type ${first.mtype})`);
  },
);

Then(
  "node {int} answers none of node {int}'s discovery requests on bearer {bearer} for {int} ms",
  catalogue({
    group: 'observation',
    means:
      "Lets time run for the given time and checks that the node sent the peer no LINK_CONFIG DSC_RESP on the bearer in it, while at least one DSC_REQ broadcast of the peer reached it there: a node whose link endpoint towards the requester is up, with the signature and media address it knows, ignores its requests (tipc_node_check_dest: \"All is fine. Ignore requests.\"). Fails with the first response, or if no request arrived to be ignored.",
    params: [NODE, { name: 'peer', meaning: 'the node whose requests it must leave unanswered (node number)' }, BEARER_PARAM, { name: 'time', meaning: 'how long to watch, ms' }],
    needs: ['link'],
    example: "node 1 answers none of node 2's discovery requests on bearer A for 5000 ms",
  }),
  async function (this: ConformanceWorld, node: number, peer: number, bearer: BearerName, ms: number) {
    const c = await this.cluster();
    const start = c.now();
    await this.runUntil(() => false, ms);
    const frames = c.wireFrames().filter((f) => f.at >= start && f.bearer === bearer && f.user === LINK_CONFIG);
    const reqs = frames.filter((f) => f.from === peer && f.to === node && f.mtype === DSC_REQ_MSG && delivered(f));
    const resp = frames.find((f) => f.from === node && (f.to === peer || f.broadcast) && f.mtype === DSC_RESP_MSG);
    const expected = `node ${node} to answer none of node ${peer}'s discovery requests on bearer ${bearer} for ${ms} ms`;
    if (reqs.length === 0) throw new ExpectationError(expected, `no discovery request of node ${peer} reached node ${node} in ${ms} ms`);
    if (resp) throw new ExpectationError(expected, `DSC_RESP #${resp.n} at ${resp.at} ms; requests at ${reqs.map((f) => f.at).join(', ')} ms`);
  },
);

Then(
  "node {int}'s next discovery request reaches node {int} on bearer {bearer} within {int} ms",
  catalogue({
    group: 'observation',
    means:
      "Lets time run until a LINK_CONFIG DSC_REQ broadcast the first node sends on the bearer after this step began (one already on its way, sent under the wire rules of before, is let land first: the wire's 1 ms) reaches the second, as sent or as a rule rewrote it, then for the reaction latency the implementation declares, so the receiver has taken it; fails if none does within the time given. A node with a working link on the bearer asks ever less often (tipc_disc_timeout: the interval doubles up to 60 s), but a receiver that knows the sender still takes each request's capabilities (tipc_disc_rcv → tipc_node_check_dest → tipc_node_create), link up or not.",
    params: [NODE, { name: 'peer', meaning: 'the node the request must reach (node number)' }, BEARER_PARAM, { name: 'limit', meaning: 'time allowed, ms' }],
    needs: ['link'],
    example: "node 2's next discovery request reaches node 1 on bearer A within 10000 ms",
  }),
  async function (this: ConformanceWorld, from: number, node: number, bearer: BearerName, ms: number) {
    const c = await this.cluster();
    // A request sent before this step began, under the wire rules of then, may still be on its
    // way: let it land first, and take the next one.
    await this.runUntil(() => false, WIRE_TRANSIT_MS);
    const seen = c.wireFrames().length;
    // a rewritten request is delivered with the fate 'malformed(<rule>)': it still reaches the node
    const reached = (f: WireFrame): boolean => delivered(f) || f.fate.startsWith('malformed(');
    const arrived = (): boolean =>
      c.wireFrames().slice(seen).some((f) => f.from === from && f.to === node && f.bearer === bearer && f.user === LINK_CONFIG && f.mtype === DSC_REQ_MSG && f.broadcast && reached(f));
    if (!(await this.runUntil(arrived, ms))) {
      const last = requests(c.wireFrames(), from, bearer).at(-1);
      throw new ExpectationError(
        `a discovery request of node ${from} to reach node ${node} on bearer ${bearer} within ${ms} ms`,
        `none did; node ${from}'s last request on bearer ${bearer} ${last ? `went out at ${last.at} ms` : 'was never sent'}`,
      );
    }
    if (c.latency.reactionMs > 0) await this.runUntil(() => false, c.latency.reactionMs);
  },
);

When(
  'node {int}\'s discovery requests on bearer {bearer} are dropped',
  catalogue({
    group: 'disturbance',
    means:
      'A fault rule of the bearer drops every LINK_CONFIG DSC_REQ broadcast the node sends there, every copy; its responses and everything else go by. The other nodes then hear of it only through its responses to their own requests. "Bearer X carries all traffic again" lifts it.',
    params: [NODE, BEARER_PARAM],
    needs: [],
    example: "node 2's discovery requests on bearer A are dropped",
  }),
  async function (this: ConformanceWorld, node: number, bearer: BearerName) {
    await this.wire.addBearerRule(bearer, `node ${node}'s DSC_REQ lost`, { from: node, user: LINK_CONFIG, mtype: DSC_REQ_MSG, broadcast: true }, { kind: 'drop' });
  },
);

Then(
  "node {int}'s discovery messages carry its node identity, its address in hex, and network id {int}, and each response the requester's address",
  catalogue({
    group: 'observation',
    means: `Checks every LINK_CONFIG frame the node sent so far (at least one): its size is ${DISC_MSG_SIZE} bytes (the ${DISC_MSG_SIZE - 16}-byte header and the 16-byte node identity), its node identity is the node's address in hex (a node given an address gets that identity, tipc_set_node_addr), its network id (msg_bc_netid) the one given, and its destination domain 0 in a request (every node, b->domain) and the address of the node it goes to in a response (tipc_disc_msg_xmit). Fails on the first frame that differs.`,
    params: [NODE, { name: 'id', meaning: 'the network id it must carry' }],
    needs: ['link'],
    example: "node 1's discovery messages carry its node identity, its address in hex, and network id 4711, and each response the requester's address",
  }),
  async function (this: ConformanceWorld, node: number, id: number) {
    const c = await this.cluster();
    const own = nodeAddress(node).toString(16);
    const sent = c.wireFrames().filter((f) => f.from === node && f.user === LINK_CONFIG);
    const expected = `node ${node}'s LINK_CONFIG messages of ${DISC_MSG_SIZE} bytes, node identity "${own}", network id ${id}, destination domain 0 in a request and the requester's in a response`;
    if (sent.length === 0) throw new ExpectationError(expected, 'none sent');
    for (const f of sent) {
      const d = f.disc;
      const domain = f.mtype === DSC_RESP_MSG ? nodeAddress(f.to) : 0;
      if (!d || d.size !== DISC_MSG_SIZE || d.node_id !== own || d.net_id !== id || d.dest_domain !== domain) {
        const seen = d ? `size ${d.size}, node identity "${d.node_id}", network id ${d.net_id}, destination domain ${d.dest_domain === 0 ? 0 : `1.1.${nodeIdOf(d.dest_domain)}`}` : 'undecodable';
        throw new ExpectationError(expected, `#${f.n} at ${f.at} ms (${f.mtype === DSC_RESP_MSG ? `DSC_RESP to node ${f.to}` : 'DSC_REQ'}): ${seen}`);
      }
    }
  },
);

Then(
  'node {int} sends nothing on bearer {bearer} for {int} ms',
  catalogue({
    group: 'observation',
    means:
      "Lets time run for the given time and checks that no frame of the node on the bearer reached the wire in it, whatever its fate: with its interface down a node sends nothing there, not even the discovery requests whose timer runs on (tipc_bearer_xmit_skb drops what a bearer that is not up is given).",
    params: [NODE, BEARER_PARAM, { name: 'time', meaning: 'how long to watch, ms' }],
    needs: ['link'],
    example: 'node 1 sends nothing on bearer A for 2000 ms',
  }),
  async function (this: ConformanceWorld, node: number, bearer: BearerName, ms: number) {
    const c = await this.cluster();
    const start = c.now();
    await this.runUntil(() => false, ms);
    const sent = c.wireFrames().filter((f) => f.from === node && f.bearer === bearer && f.at >= start);
    const first = sent[0];
    if (first) throw new ExpectationError(`node ${node} to send nothing on bearer ${bearer} for ${ms} ms`, `${sent.length} frames, the first #${first.n} at ${first.at} ms (user ${first.user}, type ${first.mtype}, ${first.fate})`);
  },
);

/**
 * Whether the node's link endpoint towards the peer on the bearer was up at `at`, as the wire shows
 * it, since the node's last RESET: an ACTIVATE of the peer reached it, or it had sent an ACTIVATE
 * (it was ESTABLISHING) and a STATE of the peer reached it after that (tipc_link_proto_rcv). A
 * kernel's FSM reports reach the harness later than its frames, so the wire dates it.
 */
function endpointUpAt(frames: readonly WireFrame[], node: number, peer: number, bearer: BearerName, at: number): boolean {
  const proto = (f: WireFrame, from: number, to: number): boolean => f.from === from && f.to === to && f.bearer === bearer && f.user === LINK_PROTOCOL && f.at <= at;
  const lastReset = Math.max(-1, ...frames.filter((f) => proto(f, node, peer) && f.mtype === RESET_MSG).map((f) => f.at));
  // a peer's ACTIVATE brings it up from RESET or ESTABLISHING alike (LINK_PEER_RESET_EVT, then TIPC_LINK_UP_EVT)
  if (frames.some((f) => proto(f, peer, node) && f.mtype === ACTIVATE_MSG && f.at > lastReset && delivered(f))) return true;
  const activate = frames.find((f) => proto(f, node, peer) && f.mtype === ACTIVATE_MSG && f.at > lastReset);
  if (!activate) return false;
  return frames.some((f) => proto(f, peer, node) && f.mtype === STATE_MSG && f.at > activate.at && delivered(f));
}

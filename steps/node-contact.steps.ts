/**
 * When a node's failover ends, and the handshake of a node that lost contact with a peer which
 * still has it up: what tipc_node_check_state (net/tipc/node.c) decides, seen through the peer
 * node FSM, the link endpoint states and the frames on the wire.
 */
import { Then } from '@cucumber/cucumber';
import { type ClusterAdapter, type EndpointRef, FAILOVER_MSG, type NodeId, type StateChange, TUNNEL_PROTOCOL, type WireFrame } from '../contract';
import { delivered } from './support/bulks';
import { ExpectationError, isUp, peerOf } from './support/expect';
import { ENDPOINT } from './support/parameter-types';
import { endpointText } from './support/values';
import type { ConformanceWorld } from './support/world';
import { catalogue } from './vocabulary';

/** How long the peer's FAILOVER_MSGs may take to arrive, and the node's failover to end after them. */
const ARRIVAL_MS = 5000;
const END_MS = 2000;

/**
 * The peer's FAILOVER_MSGs to the node since `since`, one per tunnel message (a retransmission or
 * duplicate of one, on the same bearer with the same sequence number, is the same message), with
 * the time its first delivered copy arrived, if one did.
 */
function tunnelArrivals(c: ClusterAdapter, from: NodeId, to: NodeId, since: number): { readonly key: string; readonly first: WireFrame; readonly arrived?: number }[] {
  const out = new Map<string, { first: WireFrame; arrived?: number }>();
  const frames = [...c.wireFrames(), ...c.framesOnTheWay()].filter(
    (f) => f.from === from && f.to === to && f.user === TUNNEL_PROTOCOL && f.mtype === FAILOVER_MSG && f.at >= since,
  );
  for (const f of frames) {
    const key = `${f.bearer}/${f.seqno ?? f.n}`;
    const e = out.get(key) ?? { first: f };
    const here = f.fate !== 'on-the-wire' && !f.fate.startsWith('held') && delivered(f);
    if (here && (e.arrived === undefined || f.at < e.arrived)) e.arrived = f.at;
    out.set(key, e);
  }
  return [...out].map(([key, e]) => ({ key, ...e }));
}

function changeText(s: StateChange): string {
  return `${s.from}--(${s.event})->${s.to} at ${s.at} ms`;
}

Then(
  "node {int} stays in failover, with link endpoint {endpoint} FAILINGOVER, until node {int}'s last FAILOVER_MSG has reached it",
  catalogue({
    group: 'observation',
    means: `Checks when the node's failover ends (tipc_node_check_state: once the tunnel link's rcv_nxt has passed the synch point, the lowest of the peer's FAILOVER_MSG sequence number + msgcnt − 1, so at the first packet after the peer's last tunnelled one). Lets time run until every FAILOVER_MSG the peer sent the node since a bearer was last cut has arrived (up to ${ARRIVAL_MS} ms; a retransmission counts as its message, and a message arrives with its first delivered copy), then until the node's peer node FSM leaves FAILINGOVER (up to ${END_MS} ms). Fails unless, by the FSM transitions the node reported, its peer node FSM and the link endpoint (the failed one) entered FAILINGOVER and left it (FAILOVER_END_EVT) no earlier than the last of those FAILOVER_MSGs arrived, less the reaction latency the implementation declares.`,
    params: [
      { name: 'node', meaning: 'the node failing over (node number)' },
      { name: 'endpoint', meaning: "the node's failed link endpoint, e.g. 1A", type: ENDPOINT },
      { name: 'peer', meaning: 'the node whose FAILOVER_MSGs it receives (node number)' },
    ],
    needs: ['link', 'failover', 'fsm-events'],
    example: "node 1 stays in failover, with link endpoint 1A FAILINGOVER, until node 2's last FAILOVER_MSG has reached it",
  }),
  async function (this: ConformanceWorld, node: number, e: EndpointRef, peer: number) {
    if (e.node !== node) throw new Error(`link endpoint ${endpointText(e)} is not on node ${node}`);
    const c = await this.cluster();
    const since = this.wire.lastCutAt();
    const ep = endpointText(e);
    await this.runUntil(() => {
      const t = tunnelArrivals(c, peer, node, since);
      return t.length > 0 && t.every((m) => m.arrived !== undefined);
    }, ARRIVAL_MS);
    const tunnel = tunnelArrivals(c, peer, node, since);
    if (tunnel.length === 0) throw new ExpectationError(`FAILOVER_MSGs from node ${peer} to node ${node} since ${since} ms`, 'none was sent');
    const missing = tunnel.filter((m) => m.arrived === undefined);
    if (missing.length > 0) {
      throw new ExpectationError(
        `every FAILOVER_MSG node ${peer} sent node ${node} since ${since} ms to arrive within ${ARRIVAL_MS} ms`,
        `${missing.length} of ${tunnel.length} did not: ${missing.slice(0, 5).map((m) => `#${m.first.n} (seqno ${m.first.seqno ?? '?'})`).join(', ')}`,
      );
    }
    const last = Math.max(...tunnel.map((m) => m.arrived ?? 0));
    const mine = (s: StateChange): boolean => s.node === node && s.peer === peer && s.at >= since;
    const nodeFsm = (s: StateChange): boolean => mine(s) && s.what === 'node';
    const linkFsm = (s: StateChange): boolean => mine(s) && s.what === 'link' && s.bearer === e.bearer;
    await this.runUntil(() => c.stateChanges().some((s) => nodeFsm(s) && s.from === 'FAILINGOVER' && s.to !== 'FAILINGOVER'), END_MS);
    const changes = c.stateChanges();
    const slack = c.latency.reactionMs;
    const judge = (what: string, fsm: (s: StateChange) => boolean): void => {
      const began = changes.find((s) => fsm(s) && s.to === 'FAILINGOVER' && s.from !== 'FAILINGOVER');
      const ended = began && changes.find((s) => fsm(s) && s.at >= began.at && s.from === 'FAILINGOVER' && s.to !== 'FAILINGOVER');
      const expected = `${what} in FAILINGOVER until node ${peer}'s last FAILOVER_MSG arrived (at ${last} ms), and out of it by ${last + END_MS} ms`;
      if (!began) throw new ExpectationError(expected, `${what} never entered FAILINGOVER since ${since} ms`);
      if (!ended) throw new ExpectationError(expected, `${what} entered FAILINGOVER (${changeText(began)}) and is still in it`);
      if (ended.at < last - slack) throw new ExpectationError(expected, `${what} left FAILINGOVER ${last - ended.at} ms before: ${changeText(ended)}`);
    };
    judge(`node ${node}'s peer node FSM for node ${peer}`, nodeFsm);
    judge(`link endpoint ${ep}`, linkFsm);
  },
);

/** A peer node FSM state in which the node has contact with the peer (node_is_up, or coming up). */
function hasContact(state: string): boolean {
  return state === 'SELF_UP_PEER_UP' || state === 'SELF_UP_PEER_COMING' || state === 'FAILINGOVER' || state === 'SYNCHING';
}

Then(
  'node {int} still has contact with node {int}',
  catalogue({
    group: 'observation',
    means:
      "Checks that a race was staged: fails unless the first node's peer node FSM for the second is in a state with a working link to it (SELF_UP_PEER_UP, SELF_UP_PEER_COMING, FAILINGOVER or SYNCHING), i.e. it has not noticed that the other lost contact. Does not wait.",
    params: [
      { name: 'node', meaning: 'node number (address 1.1.N)' },
      { name: 'peer', meaning: 'the other node (node number)' },
    ],
    needs: ['link'],
    example: 'node 2 still has contact with node 1',
  }),
  async function (this: ConformanceWorld, node: number, peer: number) {
    const c = await this.cluster();
    const state = await c.nodeState(node, peer);
    if (!hasContact(state)) throw new ExpectationError(`node ${node} to have contact with node ${peer} still`, `node ${node}: ${state}`);
  },
);

Then(
  'link endpoint {endpoint} stays down until node {int} loses contact with node {int} too, within {int} ms',
  catalogue({
    group: 'observation',
    means:
      "The handshake of a node that lost contact with a peer which still has it up (tipc_node_check_state in SELF_DOWN_PEER_LEAVING: a packet showing that the peer has this node up, any user message or STATE, or a RESET or ACTIVATE with redundant_link set, is dropped; the first that does not show it moves the node on to SELF_DOWN_PEER_DOWN): lets time run until the second node's peer node FSM for the third is in a SELF_DOWN_* state, failing if the link endpoint (of the second node's peer, towards it) comes up (ESTABLISHED or SYNCHING) before, or if that does not happen within the limit.",
    params: [
      { name: 'endpoint', meaning: 'the link endpoint of the node that lost contact first, e.g. 1A', type: ENDPOINT },
      { name: 'node', meaning: 'the node that still has contact (node number)' },
      { name: 'peer', meaning: 'the node that lost contact first, whose endpoint it is (node number)' },
      { name: 'limit', meaning: 'time allowed, ms' },
    ],
    needs: ['link'],
    example: 'link endpoint 1A stays down until node 2 loses contact with node 1 too, within 15000 ms',
  }),
  async function (this: ConformanceWorld, e: EndpointRef, node: number, peer: number, ms: number) {
    if (e.node !== peer) throw new Error(`link endpoint ${endpointText(e)} is not on node ${peer}`);
    const c = await this.cluster();
    const ep = endpointText(e);
    const other = peerOf(this.setup.nodes(), peer);
    const start = c.now();
    const lost = async (): Promise<boolean> => (await c.nodeState(node, peer)).startsWith('SELF_DOWN');
    const up = async (): Promise<boolean> => isUp(await c.linkState(peer, other, e.bearer));
    const done = await this.runUntil(async () => (await lost()) || (await up()), ms);
    const seen = `after ${c.now() - start} ms: ${ep} ${await c.linkState(peer, other, e.bearer)}, node ${node} ${await c.nodeState(node, peer)}`;
    const expected = `link endpoint ${ep} down until node ${node} loses contact with node ${peer} (SELF_DOWN_*) within ${ms} ms`;
    if (!done || !(await lost())) throw new ExpectationError(expected, seen);
  },
);

Then(
  'node {int} began failover towards node {int} only once',
  catalogue({
    group: 'observation',
    means:
      "Checks the FSM transitions the node reported since a bearer was last cut: its peer node FSM for the other node must have entered FAILINGOVER (on FAILOVER_BEGIN_EVT) exactly once. A FAILOVER_MSG that is a duplicate (below the tunnel link's rcv_nxt) must not start a failover again: tipc_node_check_state hands it to the link, which discards it, before the failover rules. Does not wait.",
    params: [
      { name: 'node', meaning: 'node number (address 1.1.N)' },
      { name: 'peer', meaning: 'the other node (node number)' },
    ],
    needs: ['link', 'failover', 'fsm-events'],
    example: 'node 1 began failover towards node 2 only once',
  }),
  async function (this: ConformanceWorld, node: number, peer: number) {
    const c = await this.cluster();
    const since = this.wire.lastCutAt();
    const began = c.stateChanges().filter((s) => s.node === node && s.what === 'node' && s.peer === peer && s.at >= since && s.event === 'FAILOVER_BEGIN_EVT' && s.to === 'FAILINGOVER' && s.from !== 'FAILINGOVER');
    if (began.length !== 1) {
      throw new ExpectationError(`node ${node} to enter FAILINGOVER towards node ${peer} once since ${since} ms`, began.length === 0 ? 'never' : `${began.length} times: ${began.map(changeText).join('; ')}`);
    }
  },
);

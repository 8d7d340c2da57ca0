/**
 * Link set-up and supervision as the wire shows it: the sessions of RESET, ACTIVATE and STATE
 * (tipc_link_build_proto_msg, tipc_link_validate_msg), the probes of an idle link
 * (tipc_link_timeout), and the faults that stage a one-sided failure or a late RESET.
 */
import { Then, When } from '@cucumber/cucumber';
import {
  ACTIVATE_MSG,
  type BearerName,
  type EndpointRef,
  LINK_PROTOCOL,
  RESET_MSG,
  STATE_MSG,
  type WireFrame,
  bearerIndex,
} from '../contract';
import { ExpectationError, peerOf } from './support/expect';
import { BEARER, ENDPOINT } from './support/parameter-types';
import { endpointText } from './support/values';
import { more } from './support/serial';
import type { ConformanceWorld } from './support/world';
import { catalogue } from './vocabulary';

/** Frames a node sent another on the bearer, of LINK_PROTOCOL type `mtype`, in trace order. */
function protoFrames(frames: readonly WireFrame[], from: number, to: number, bearer: BearerName, mtype: number): WireFrame[] {
  return frames.filter((f) => f.from === from && f.to === to && f.bearer === bearer && f.user === LINK_PROTOCOL && f.mtype === mtype && f.proto !== undefined);
}

function delivered(f: WireFrame): boolean {
  return f.fate === 'deliver' || ['delay(', 'reorder(', 'dup(', 'released('].some((p) => f.fate.startsWith(p));
}

function frameText(f: WireFrame): string {
  const p = f.proto;
  const dest = p?.dest_session === undefined ? '' : ` dest_session=${p.dest_session}`;
  return `#${f.n} at ${f.at} ms session=${p?.session}${dest}${p?.peer_stopping ? ' peer_stopping' : ''} (${f.fate})`;
}

/** How long the session check waits for the RESET of an endpoint that just went down. */
const RESET_WAIT_MS = 1000;

const NODE = { name: 'node', meaning: 'node number (address 1.1.N)' };
const PEER = { name: 'peer', meaning: 'the other node of the link (node number)' };
const BEARER_PARAM = { name: 'bearer', meaning: 'bearer letter: A (eth0) or B (eth1)', type: BEARER };

/** The name of the rule that makes a node's next RESET late, so the observation finds the frame. */
function lateResetRule(from: number, to: number, bearer: BearerName): string {
  return `bearer ${bearer}: node ${from}'s next RESET to node ${to} late`;
}

When(
  'bearer {bearer} is cut from node {int} to node {int}',
  catalogue({
    group: 'disturbance',
    means:
      'A fault rule of the bearer drops every frame the first node sends the second on it, one way only: the second node hears nothing there, while the first still hears the second. So only the second node\'s link endpoint goes silent and, after its tolerance, down; the first learns of it from the LINK_PROTOCOL RESET that follows. "Bearer X carries all traffic again" lifts it.',
    params: [BEARER_PARAM, { name: 'from', meaning: 'the node whose frames are lost (node number)' }, { name: 'to', meaning: 'the node that no longer hears it (node number)' }],
    needs: [],
    example: 'bearer A is cut from node 2 to node 1',
  }),
  async function (this: ConformanceWorld, bearer: BearerName, from: number, to: number) {
    await this.wire.addBearerRule(bearer, `node ${from} to node ${to} cut`, { from, to }, { kind: 'drop' });
  },
);

When(
  "node {int}'s next RESET to node {int} on bearer {bearer} arrives {int} ms late",
  catalogue({
    group: 'disturbance',
    means:
      'The next LINK_PROTOCOL RESET_MSG the first node sends the second on the bearer (the first from now) is delivered that much later than sent, longer by the observation latency the implementation declares; the RESETs after it are not touched, and lifting the bearer\'s rules ("link comes up", "carries all traffic again") does not lift this one. A RESET carries its sender\'s session, and the sender keeps that session until its endpoint is reset again, so the late copy arrives with the session the link came up in.',
    params: [NODE, PEER, BEARER_PARAM, { name: 'delay', meaning: 'how late, ms' }],
    needs: [],
    example: "node 2's next RESET to node 1 on bearer A arrives 1000 ms late",
  }),
  async function (this: ConformanceWorld, from: number, to: number, bearer: BearerName, ms: number) {
    const c = await this.cluster();
    c.addRule({
      name: lateResetRule(from, to, bearer),
      match: { bearer: bearerIndex(bearer), from, to, user: LINK_PROTOCOL, mtype: RESET_MSG },
      action: { kind: 'delay', ms: ms + c.latency.observationMs },
      count: 1,
    });
  },
);

Then(
  "node {int}'s late RESET reached node {int} on bearer {bearer} in the session the link was up in",
  catalogue({
    group: 'observation',
    means:
      "On the wire: the RESET that \"node N's next RESET ... arrives late\" delayed was delivered, after a LINK_PROTOCOL STATE of the same sender in the same session (STATE is sent only while the link is up), so it came as a stale copy of the current session: one that tipc_link_validate_msg drops, since it accepts a RESET from a peer it is in session with only if its session is newer. Waits up to 3000 ms for the late frame to arrive.",
    params: [NODE, PEER, BEARER_PARAM],
    needs: ['link'],
    example: "node 2's late RESET reached node 1 on bearer A in the session the link was up in",
  }),
  async function (this: ConformanceWorld, from: number, to: number, bearer: BearerName) {
    const c = await this.cluster();
    const rule = lateResetRule(from, to, bearer);
    const late = (): WireFrame | undefined => protoFrames(c.wireFrames(), from, to, bearer, RESET_MSG).find((f) => f.fate.startsWith(`delay(${rule}`));
    await this.runUntil(() => late() !== undefined, 3000);
    const reset = late();
    if (!reset?.proto) throw new ExpectationError(`node ${from}'s late RESET to node ${to} on bearer ${bearer} delivered`, 'none arrived (was it ever sent?)');
    // wireFrames() is in the order frames met their fate (delivery), `n` in the order they were sent
    const arrived = c.wireFrames().indexOf(reset);
    const states = protoFrames(c.wireFrames().slice(0, arrived), from, to, bearer, STATE_MSG).filter(delivered);
    const last = states[states.length - 1];
    if (!last?.proto || last.proto.session !== reset.proto.session) {
      throw new ExpectationError(
        `a STATE of node ${from} in session ${reset.proto.session} delivered before the late RESET ${frameText(reset)}`,
        last ? `its last STATE before it: ${frameText(last)}` : 'no STATE before it: the link was not up when it arrived',
      );
    }
  },
);

Then(
  'every ACTIVATE on bearer {bearer} named the session of the RESETs it answered',
  catalogue({
    group: 'observation',
    means:
      "On the wire, since the cluster started: every LINK_PROTOCOL ACTIVATE_MSG either node sent the other on the bearer carries dest_session_valid and, as dest_session, the session of a RESET the other node had sent it and it had received before (tipc_link_build_proto_msg writes the peer session the endpoint took from that RESET; a peer ignores an ACTIVATE naming another session than its own, tipc_link_proto_rcv). Fails if there was no ACTIVATE at all. Meant for a link's first set-up: an ACTIVATE sent after the peer's RESET took an up link down names the session before it (tipc_link_reset decrements the peer session).",
    params: [BEARER_PARAM],
    needs: ['link'],
    example: 'every ACTIVATE on bearer A named the session of the RESETs it answered',
  }),
  async function (this: ConformanceWorld, bearer: BearerName) {
    const c = await this.cluster();
    const frames = c.wireFrames();
    const nodes = this.setup.nodes();
    let seen = 0;
    for (const a of nodes) {
      for (const b of nodes) {
        if (a === b) continue;
        // in the order frames met their fate: a RESET that came before the ACTIVATE did
        const order = new Map(frames.map((f, i) => [f, i]));
        const resets = protoFrames(frames, b, a, bearer, RESET_MSG).filter(delivered);
        for (const act of protoFrames(frames, a, b, bearer, ACTIVATE_MSG)) {
          seen++;
          const answered = resets.filter((r) => (order.get(r) ?? 0) < (order.get(act) ?? 0)).map((r) => r.proto?.session);
          if (act.proto?.dest_session === undefined || !answered.includes(act.proto.dest_session)) {
            throw new ExpectationError(
              `node ${a}'s ACTIVATE to node ${b} to name the session of node ${b}'s RESETs (${[...new Set(answered)].join(', ') || 'none received yet'})`,
              frameText(act),
            );
          }
        }
      }
    }
    if (seen === 0) throw new ExpectationError(`an ACTIVATE on bearer ${bearer}`, 'none was sent');
  },
);

Then(
  "node {int}'s RESETs to node {int} on bearer {bearer} after its last STATE carry a newer session, the first marked peer_stopping",
  catalogue({
    group: 'observation',
    means:
      "On the wire: the node's first LINK_PROTOCOL RESET to the peer on the bearer since the last When step began, and every RESET up to its next STATE (the link up again), carry a session newer (16-bit serial arithmetic) than its last STATE before them (sent while its endpoint was up): tipc_link_reset advances the endpoint's session at every reset, so the peer, still in the old session, accepts the RESET (tipc_link_validate_msg). The first is marked peer_stopping, as tipc_link_build_reset_msg marks the RESET an endpoint sends when it goes down, and the peer takes its own end down at once (LINK_FAILURE_EVT in tipc_link_proto_rcv). Waits up to 1000 ms for a first RESET. Judged from the wire whenever the step runs: the link may be up again by then.",
    params: [NODE, PEER, BEARER_PARAM],
    needs: ['link'],
    example: "node 1's RESETs to node 2 on bearer A after its last STATE carry a newer session, the first marked peer_stopping",
  }),
  async function (this: ConformanceWorld, node: number, peer: number, bearer: BearerName) {
    const c = await this.cluster();
    const since = this.stepLog.lastActionAt();
    const firstReset = (): WireFrame | undefined => protoFrames(c.wireFrames(), node, peer, bearer, RESET_MSG).find((f) => f.at >= since);
    // The RESET goes out as the endpoint goes down; it may still be on its way.
    await this.runUntil(() => firstReset() !== undefined, RESET_WAIT_MS);
    const frames = c.wireFrames();
    const allResets = protoFrames(frames, node, peer, bearer, RESET_MSG);
    const first = allResets.find((f) => f.at >= since);
    const states = protoFrames(frames, node, peer, bearer, STATE_MSG);
    if (!first) {
      const last = states.pop();
      if (!last?.proto) throw new ExpectationError(`a STATE from node ${node} to node ${peer} on bearer ${bearer}`, 'none was sent: the link never came up');
      throw new ExpectationError(`a RESET from node ${node} after its last STATE (${frameText(last)})`, 'none was sent');
    }
    const last = states.filter((f) => f.n < first.n).pop();
    if (!last?.proto) throw new ExpectationError(`a STATE from node ${node} to node ${peer} on bearer ${bearer} before its RESET (${frameText(first)})`, 'none was sent: the link never came up');
    const old = last.proto.session;
    const upAgain = states.find((f) => f.n > first.n)?.n ?? Infinity;
    const resets = allResets.filter((f) => f.n > last.n && f.n < upAgain);
    const stale = resets.find((r) => r.proto === undefined || !more(r.proto.session, old));
    if (stale) throw new ExpectationError(`node ${node}'s RESETs after its last STATE (session ${old}) in a newer session`, frameText(stale));
    if (!resets[0]?.proto?.peer_stopping) throw new ExpectationError(`node ${node}'s first RESET after its last STATE marked peer_stopping`, frameText(resets[0] ?? first));
  },
);

Then(
  'node {int} probes node {int} on bearer {bearer} every {int} ms for {int} ms',
  catalogue({
    group: 'observation',
    means:
      "Lets time run for the given time and checks the LINK_PROTOCOL STATE messages with the probe bit the node sends the peer on the bearer in it: on an idle link an endpoint probes at every tick of its node's timer (tipc_link_timeout: nothing sent since the last tick), and the timer runs every keepalive interval, min(tolerance / 4, 500) ms of the node's lowest-tolerance link (tipc_node_calculate_timer). Each gap between two probes must be the interval given, give or take a tenth of it (at least 10 ms) and the reaction latency the implementation declares; fails on the first that is not, or with fewer probes than the time holds. The link must be idle: no user traffic.",
    params: [NODE, PEER, BEARER_PARAM, { name: 'interval', meaning: 'the keepalive interval, ms' }, { name: 'time', meaning: 'how long to watch, ms' }],
    needs: ['link'],
    example: 'node 1 probes node 2 on bearer A every 375 ms for 3000 ms',
  }),
  async function (this: ConformanceWorld, node: number, peer: number, bearer: BearerName, intv: number, ms: number) {
    const c = await this.cluster();
    const start = c.now();
    await this.runUntil(() => false, ms);
    const probes = protoFrames(c.wireFrames(), node, peer, bearer, STATE_MSG).filter((f) => f.at >= start && f.proto?.probe === true);
    const slack = Math.max(Math.round(intv / 10), 10) + c.latency.reactionMs;
    const expected = `node ${node} to probe node ${peer} on bearer ${bearer} every ${intv} ms (±${slack} ms)`;
    const needed = Math.floor(ms / intv) - 1;
    if (probes.length < needed) throw new ExpectationError(`${expected}: at least ${needed} probes in ${ms} ms`, `${probes.length} probes${probes.length ? ` at ${probes.map((p) => p.at).join(', ')} ms` : ''}`);
    for (let i = 1; i < probes.length; i++) {
      const gap = probes[i].at - probes[i - 1].at;
      if (Math.abs(gap - intv) > slack) throw new ExpectationError(expected, `${gap} ms between probes #${probes[i - 1].n} at ${probes[i - 1].at} ms and #${probes[i].n} at ${probes[i].at} ms`);
    }
  },
);

When(
  'node {int} sets the priority of link endpoint {endpoint} to {int}',
  catalogue({
    group: 'action',
    means:
      "The node is told to change the link priority of its endpoint on the link to its only peer (two-node clusters), as `tipc link set priority` does; fails if the node refuses. The endpoint takes it at once and, if the link is up, announces it in a LINK_PROTOCOL STATE message (tipc_link_set_prio). A peer endpoint that receives a priority 1..31 other than its own takes it and resets the link for it (LINK_FAILURE_EVT in tipc_link_proto_rcv); RESET and ACTIVATE carry no priority.",
    params: [NODE, { name: 'endpoint', meaning: 'the link endpoint on that node, e.g. 2A', type: ENDPOINT }, { name: 'priority', meaning: 'new link priority, 0..31' }],
    needs: ['link'],
    example: 'node 2 sets the priority of link endpoint 2A to 20',
  }),
  async function (this: ConformanceWorld, node: number, e: EndpointRef, prio: number) {
    if (e.node !== node) throw new Error(`link endpoint ${endpointText(e)} is not on node ${node}`);
    const peer = peerOf(this.setup.nodes(), node);
    const c = await this.cluster();
    const ok = await c.setLinkPriority(node, peer, e.bearer, prio);
    if (!ok) throw new ExpectationError(`node ${node} to accept priority ${prio} on ${endpointText(e)}`, 'refused');
  },
);

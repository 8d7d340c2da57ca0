/**
 * The link timer as the wire shows it (tipc_link_timeout): which STATE an up endpoint sends at a
 * tick of its node's timer (a probe, a plain STATE or none), when a silent peer's endpoint gives
 * up, and when an endpoint in RESET sends its RESETs. Counts per tick: virtual time only.
 */
import { Then } from '@cucumber/cucumber';
import { type BearerName, LINK_CONFIG, LINK_PROTOCOL, RESET_MSG, STATE_MSG, type WireFrame } from '../contract';
import { ExpectationError } from './support/expect';
import { BEARER, INTERVALS } from './support/parameter-types';
import { intervalListText } from './support/values';
import type { ConformanceWorld } from './support/world';
import { catalogue } from './vocabulary';

const NODE = { name: 'node', meaning: 'node number (address 1.1.N)' };
const PEER = { name: 'peer', meaning: 'the other node of the link (node number)' };
const BEARER_PARAM = { name: 'bearer', meaning: 'bearer letter: A (eth0) or B (eth1)', type: BEARER };

/** What a STATE is, by its probe and keepalive bits (tipc_link_build_proto_msg). */
type StateKind = 'probe' | 'probe reply' | 'plain STATE';

function stateKind(f: WireFrame): StateKind {
  if (f.proto?.probe) return 'probe';
  return f.proto?.keepalive ? 'probe reply' : 'plain STATE';
}

function protoFrames(frames: readonly WireFrame[], from: number, to: number, bearer: BearerName, mtype: number): WireFrame[] {
  return frames.filter((f) => f.from === from && f.to === to && f.bearer === bearer && f.user === LINK_PROTOCOL && f.mtype === mtype && f.proto !== undefined);
}

function delivered(f: WireFrame): boolean {
  return f.fate === 'deliver' || ['delay(', 'reorder(', 'dup(', 'released('].some((p) => f.fate.startsWith(p));
}

function stateText(f: WireFrame): string {
  const gap = f.seq_gap ? ` gap ${f.seq_gap}` : '';
  const tol = f.proto?.tolerance ? ` tolerance ${f.proto.tolerance}` : '';
  const prio = f.proto?.priority ? ` priority ${f.proto.priority}` : '';
  return `#${f.n} at ${f.at} ms ${stateKind(f)} (ack ${f.ack}${gap}${tol}${prio})`;
}

function statesText(fs: readonly WireFrame[]): string {
  return fs.length === 0 ? 'none' : fs.map(stateText).join('; ');
}

/** The slack of a tick: a tenth of the interval, at least 10 ms, and the reaction latency. */
function tickSlack(intv: number, reactionMs: number): number {
  return Math.max(Math.round(intv / 10), 10) + reactionMs;
}

Then(
  'node {int} sent node {int} on bearer {bearer} {int} probe(s), {int} probe reply/replies and {int} plain STATE(s) in the last {int} ms',
  catalogue({
    group: 'observation',
    means:
      "On the wire, now, without waiting: counts the LINK_PROTOCOL STATE messages the node sent the peer on the bearer in the given time up to now (both ends included), by kind: a probe has the probe bit (the peer answers it at once), a probe reply the keepalive bit alone (tipc_link_build_proto_msg sets is_keepalive on a probe and on a probe's reply), a plain STATE neither: an acknowledgement (tipc_link_build_state_msg, every 16 packets received), a NACK (tipc_link_build_nack_msg), a tolerance or priority announcement, or a timer STATE that is no probe. At a tick an up endpoint sends a STATE only if it owes an acknowledgement or has packets unacknowledged, and makes it a probe only if it heard nothing since the last tick, holds packets out of order, or sent nothing since the last tick (tipc_link_timeout, the checkpoint); an idle link thus carries a probe and a reply each way per keepalive interval. Fails with the counts expected and every STATE seen (time, kind, ack, gap). Exact counts per tick: a scenario with this step needs virtual time.",
    params: [
      NODE,
      PEER,
      BEARER_PARAM,
      { name: 'probes', meaning: 'STATEs with the probe bit' },
      { name: 'replies', meaning: 'STATEs with the keepalive bit and no probe bit' },
      { name: 'plain', meaning: 'STATEs with neither bit' },
      { name: 'time', meaning: 'how far back from now to count, ms' },
    ],
    needs: ['link', 'virtual-time'],
    example: 'node 1 sent node 2 on bearer A 8 probes, 8 probe replies and 0 plain STATEs in the last 3000 ms',
  }),
  async function (this: ConformanceWorld, node: number, peer: number, bearer: BearerName, probes: number, replies: number, plain: number, ms: number) {
    const c = await this.cluster();
    const now = c.now();
    const states = protoFrames(c.wireFrames(), node, peer, bearer, STATE_MSG).filter((f) => f.at >= now - ms && f.at <= now);
    const count = (k: StateKind): number => states.filter((f) => stateKind(f) === k).length;
    const seen = [count('probe'), count('probe reply'), count('plain STATE')];
    if (seen[0] !== probes || seen[1] !== replies || seen[2] !== plain) {
      throw new ExpectationError(
        `node ${node} to send node ${peer} on bearer ${bearer} ${probes} probe(s), ${replies} probe reply(s) and ${plain} plain STATE(s) from ${now - ms} to ${now} ms`,
        `${seen[0]} probes, ${seen[1]} probe replies and ${seen[2]} plain STATEs: ${statesText(states)}`,
      );
    }
  },
);

Then(
  'node {int}, hearing nothing from node {int} on bearer {bearer}, sends it {int} plain STATE(s), then probes it at {int} ticks {int} ms apart and resets the link at the next, within {int} ms',
  catalogue({
    group: 'observation',
    means:
      "Lets time run until the node sends the peer a LINK_PROTOCOL RESET on the bearer after this step began (the link endpoint went down), then checks on the wire the STATEs it sent the peer there since the last frame of the peer's link that reached it (after which it heard nothing): first that many plain STATEs (neither probe nor keepalive bit), then exactly that many probes and nothing else (a probe reply, which answers the last frame heard, aside), consecutive probes the keepalive interval apart, and the RESET must follow the last probe one interval later (each give or take a tenth of it, at least 10 ms, and the reaction latency the implementation declares). At every tick an up endpoint counts the intervals it has heard nothing (silent_intv_cnt), probes once that count is above 0, and goes down at the tick it finds the count above the abort limit, tolerance / keepalive interval (tipc_link_timeout, tipc_node_calculate_timer): 4 at the default 1500 ms and 375 ms, so it probes at 4 ticks and resets at the 5th after its first silent one, sending a RESET marked peer_stopping (tipc_link_build_reset_msg). The first tick after the last reception is no probe on account of silence: a node that sent since the tick before and has packets unacknowledged sends a plain STATE there, one that sent nothing probes (the checkpoint), so an idle node sends no plain STATE and probes once more. Fails with the STATEs seen (time, kind) and the RESET, or if no RESET came within the time.",
    params: [NODE, PEER, BEARER_PARAM, { name: 'plain', meaning: 'how many plain STATEs come first' }, { name: 'probes', meaning: 'how many probes the node sends before it resets' }, { name: 'interval', meaning: 'the keepalive interval, ms' }, { name: 'limit', meaning: 'time allowed for the RESET, ms' }],
    needs: ['link', 'virtual-time'],
    example: 'node 1, hearing nothing from node 2 on bearer A, sends it 1 plain STATE, then probes it at 4 ticks 375 ms apart and resets the link at the next, within 5000 ms',
  }),
  async function (this: ConformanceWorld, node: number, peer: number, bearer: BearerName, plain: number, n: number, intv: number, ms: number) {
    const c = await this.cluster();
    const start = c.now();
    const reset = (): WireFrame | undefined => protoFrames(c.wireFrames(), node, peer, bearer, RESET_MSG).find((f) => f.at >= start);
    await this.runUntil(() => reset() !== undefined, ms);
    const r = reset();
    const expected = `node ${node} to send node ${peer} on bearer ${bearer}, after it last heard from it, ${plain} plain STATE(s), then probes at ${n} ticks ${intv} ms apart, and to send a RESET one tick after the last probe (±${tickSlack(intv, c.latency.reactionMs)} ms)`;
    if (r === undefined) throw new ExpectationError(expected, `no RESET within ${ms} ms`);
    const frames = c.wireFrames();
    const heard = frames.filter((f) => f.from === peer && f.to === node && f.bearer === bearer && f.user !== undefined && f.user !== LINK_CONFIG && f.n < r.n && delivered(f));
    const t0 = heard.length ? heard[heard.length - 1].at : 0;
    // a reply answers what the node heard, not a tick: the last frame heard may still draw one
    const states = protoFrames(frames, node, peer, bearer, STATE_MSG).filter((f) => f.at > t0 && f.n < r.n && stateKind(f) !== 'probe reply');
    const probes = states.slice(plain);
    const seen = `after the last frame it heard (at ${t0} ms): ${statesText(states)}; RESET #${r.n} at ${r.at} ms`;
    const shape = states.length === plain + n && states.slice(0, plain).every((f) => stateKind(f) === 'plain STATE') && probes.every((f) => stateKind(f) === 'probe');
    if (!shape) throw new ExpectationError(expected, seen);
    const slack = tickSlack(intv, c.latency.reactionMs);
    const times = [...probes.map((p) => p.at), r.at];
    for (let i = 1; i < times.length; i++) {
      if (Math.abs(times[i] - times[i - 1] - intv) > slack) throw new ExpectationError(expected, `${times[i] - times[i - 1]} ms between ${times[i - 1]} and ${times[i]} ms; ${seen}`);
    }
  },
);

Then(
  "node {int}'s RESETs to node {int} on bearer {bearer} come {intervals} ms apart from its first, within {int} ms",
  catalogue({
    group: 'observation',
    means:
      "Lets time run until the node has sent the peer on the bearer, since the cluster started, one LINK_PROTOCOL RESET more than the intervals given, then checks that consecutive ones came those intervals apart, in that order, from its first (each give or take a tenth of the keepalive interval, at least 10 ms, and the reaction latency the implementation declares; the keepalive interval is taken as the smallest interval given). An endpoint in RESET that hears nothing of its peer sends a RESET at the first five ticks of its node's timer, then at every sixteenth (tipc_link_timeout: rst_cnt++ <= 4, rst_cnt % 16 == 0), so at the default keepalive interval of 375 ms its RESETs come 375, 375, 375, 375, 4125 and 6000 ms apart. Fails with the times of the RESETs seen.",
    params: [NODE, PEER, BEARER_PARAM, { name: 'intervals', meaning: 'the gaps between successive RESETs, ms, in order', type: INTERVALS }, { name: 'limit', meaning: 'time allowed, ms' }],
    needs: ['link', 'virtual-time'],
    example: "node 1's RESETs to node 2 on bearer A come 375, 375, 375, 375, 4125 and 6000 ms apart from its first, within 15000 ms",
  }),
  async function (this: ConformanceWorld, node: number, peer: number, bearer: BearerName, intervals: number[], ms: number) {
    const c = await this.cluster();
    const resets = (): WireFrame[] => protoFrames(c.wireFrames(), node, peer, bearer, RESET_MSG);
    await this.runUntil(() => resets().length > intervals.length, ms);
    const rs = resets();
    const slack = tickSlack(Math.min(...intervals), c.latency.reactionMs);
    const expected = `node ${node}'s RESETs to node ${peer} on bearer ${bearer} ${intervalListText(intervals)} ms apart from its first (each ±${slack} ms)`;
    const seen = (): string => `RESETs at ${rs.map((f) => f.at).join(', ') || 'none'} ms`;
    if (rs.length <= intervals.length) throw new ExpectationError(`${expected} within ${ms} ms`, `${rs.length} RESETs: ${seen()}`);
    for (let i = 0; i < intervals.length; i++) {
      const gap = rs[i + 1].at - rs[i].at;
      if (Math.abs(gap - intervals[i]) > slack) throw new ExpectationError(expected, `${gap} ms between RESETs ${i + 1} and ${i + 2} (${rs[i].at} and ${rs[i + 1].at} ms); ${seen()}`);
    }
  },
);

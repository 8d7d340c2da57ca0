/**
 * What a node takes from a peer's STATE for its broadcast receive link (link.c
 * tipc_link_bc_sync_rcv): nothing before the peer's broadcast init message has opened the link
 * (link_is_up), nothing from a last_bcast beyond the receive window (rcv_nxt + window), and
 * nothing from a STATE marked bc_ack_invalid (bcast.c tipc_bcast_sync_rcv).
 * The init message is delayed on the wire, or a STATE's last_bcast rewritten; the node's STATEs
 * back (bc_gap) show what it made of them.
 */
import { Then, When } from '@cucumber/cucumber';
import { BCAST_PROTOCOL, type BearerName, type FrameAlteration, LINK_PROTOCOL, STATE_MSG, type WireFrame, bearerIndex } from '../contract';
import { wireFramesInOrder } from './support/bcast-frames';
import { delivered } from './support/bulks';
import { ExpectationError } from './support/expect';
import { BEARER, REWRITE } from './support/parameter-types';
import { alterationText } from './support/values';
import type { ConformanceWorld } from './support/world';
import { catalogue } from './vocabulary';

const NODE = { name: 'node', meaning: 'node number (address 1.1.N)' };
const PEER = { name: 'peer', meaning: 'the other node of the link (node number)' };
const BEARER_PARAM = { name: 'bearer', meaning: 'bearer letter: A (eth0) or B (eth1)', type: BEARER };

/** The name of the rule that rewrites a node's next STATE, so the observation finds the frame. */
function rewrittenStateRule(from: number, to: number, bearer: BearerName, a: FrameAlteration): string {
  return `bearer ${bearer}: node ${from}'s next STATE to node ${to} rewritten (${alterationText(a)})`;
}

const isState = (f: WireFrame, from: number, to: number): boolean => f.from === from && f.to === to && f.user === LINK_PROTOCOL && f.mtype === STATE_MSG && f.proto !== undefined;
/** A STATE as the failure messages show it: its fields as its sender sent them (a rewritten one says so in its fate). */
const stateText = (f: WireFrame): string => `#${f.n} at ${f.at} ms last_bcast=${f.proto?.last_bcast} bc_gap=${f.proto?.bc_gap}${f.proto?.probe ? ' probe' : ''} (${f.fate}${f.fate.startsWith('malformed(') ? ', fields as sent' : ''})`;

When(
  "node {int}'s broadcast init message to node {int} is delayed by {int} ms, retransmissions included",
  catalogue({
    group: 'disturbance',
    means:
      "Every copy of the BCAST_PROTOCOL message the first node sends the second on a unicast link (its broadcast init message, tipc_link_build_bc_init_msg: the first packet on the first link to come up, saying last_bcast, where the node's broadcast numbering stands) is delivered that much later than sent, longer by the observation latency the implementation declares; retransmissions included, so the second node's broadcast receive link for the first stays down (tipc_link_bc_init_rcv opens it) that long after the link came up. Must come before the link comes up. Keep it under the link tolerance (1500 ms): the sender retransmits the packet meanwhile.",
    params: [
      { name: 'from', meaning: 'the node whose init message is delayed (node number)' },
      { name: 'to', meaning: 'the node that receives it (node number)' },
      { name: 'delay', meaning: 'how late, ms' },
    ],
    needs: [],
    example: "node 2's broadcast init message to node 1 is delayed by 800 ms, retransmissions included",
  }),
  async function (this: ConformanceWorld, from: number, to: number, ms: number) {
    const c = await this.cluster();
    c.addRule({
      name: `node ${from}'s broadcast init message to node ${to} late`,
      match: { from, to, user: BCAST_PROTOCOL, broadcast: false },
      action: { kind: 'delay', ms: ms + c.latency.observationMs },
    });
  },
);

When(
  "node {int}'s next STATE to node {int} on bearer {bearer} is rewritten: {rewrite}",
  catalogue({
    group: 'disturbance',
    means:
      "The next LINK_PROTOCOL STATE_MSG the first node sends the second on the bearer (the first from now: an acknowledgement, a probe or its reply) is rewritten on the wire (see {rewrite}): still a valid TIPC message, which the receiver judges by what it now says; the STATEs after it go by as sent. The trace names the rule in the frame's fate: malformed(<rule>).",
    params: [NODE, PEER, BEARER_PARAM, { name: 'rewrite', meaning: 'what the STATE says instead', type: REWRITE }],
    needs: [],
    example: "node 2's next STATE to node 1 on bearer A is rewritten: last_bcast 60",
  }),
  async function (this: ConformanceWorld, from: number, to: number, bearer: BearerName, a: FrameAlteration) {
    const c = await this.cluster();
    c.addRule({
      name: rewrittenStateRule(from, to, bearer, a),
      match: { bearer: bearerIndex(bearer), from, to, user: LINK_PROTOCOL, mtype: STATE_MSG },
      action: { kind: 'malform', alteration: a },
      count: 1,
    });
  },
);

Then(
  "node {int}'s STATEs to node {int} carried bc_gap 0 until the peer's broadcast init message arrived, though the peer's STATEs announced broadcast packets before it",
  catalogue({
    group: 'observation',
    means:
      "On the wire, now, without waiting: the second node's broadcast init message (BCAST_PROTOCOL on a unicast link) reached the first; before its first copy arrived, at least one STATE of the second node that announced a broadcast packet (last_bcast above 0) reached the first node, and every STATE of the first node to the second that arrived carried bc_gap 0. A node's broadcast receive link for a peer is down until the peer's init message opens it (tipc_link_bc_init_rcv), and tipc_link_bc_sync_rcv takes nothing from a STATE while it is down: the node asks for no broadcast packet on a last_bcast it cannot yet place (its rcv_nxt comes from the init message). Fails with the STATEs seen.",
    params: [NODE, PEER],
    needs: [],
    example: "node 1's STATEs to node 2 carried bc_gap 0 until the peer's broadcast init message arrived, though the peer's STATEs announced broadcast packets before it",
  }),
  async function (this: ConformanceWorld, node: number, peer: number) {
    const c = await this.cluster();
    const frames = wireFramesInOrder(c);
    const inits = frames.filter((f) => f.from === peer && f.to === node && !f.broadcast && f.user === BCAST_PROTOCOL && delivered(f));
    if (inits.length === 0) throw new ExpectationError(`node ${peer}'s broadcast init message to reach node ${node}`, 'no BCAST_PROTOCOL frame of it arrived');
    const t = Math.min(...inits.map((f) => f.at));
    const announced = frames.filter((f) => isState(f, peer, node) && delivered(f) && f.at < t && (f.proto?.last_bcast ?? 0) > 0);
    if (announced.length === 0) {
      throw new ExpectationError(`a STATE of node ${peer} announcing a broadcast packet (last_bcast above 0) to reach node ${node} before node ${peer}'s init message (at ${t} ms)`, 'none');
    }
    const gaps = frames.filter((f) => isState(f, node, peer) && delivered(f) && f.at < t && (f.proto?.bc_gap ?? 0) !== 0);
    if (gaps.length > 0) {
      throw new ExpectationError(
        `node ${node}'s STATEs to node ${peer} to carry bc_gap 0 before node ${peer}'s init message arrived (at ${t} ms; its receive link is down until then)`,
        gaps.map(stateText).join('; '),
      );
    }
  },
);

Then(
  "node {int} answered node {int}'s rewritten STATE on bearer {bearer} with no STATE within {int} ms",
  catalogue({
    group: 'observation',
    means:
      "On the wire, now, without waiting: the STATE that \"node N's next STATE ... is rewritten\" altered reached the first node, it was no probe (a probe is answered at once), and no STATE of the first node to the second arrived within that many ms after it (on any bearer). A STATE the node takes nothing from for its broadcast link is not answered with a STATE asking for the packets its last_bcast announces: one whose last_bcast lies beyond the receive window of the node's broadcast receive link (more than rcv_nxt + 50, BCLINK_WIN_DEFAULT; tipc_link_bc_sync_rcv), one marked bc_ack_invalid (tipc_bcast_sync_rcv). Exact timing: a scenario with this step needs virtual time. Fails with the STATEs seen.",
    params: [NODE, PEER, BEARER_PARAM, { name: 'within', meaning: 'ms after the rewritten STATE arrived' }],
    needs: [],
    example: "node 1 answered node 2's rewritten STATE on bearer A with no STATE within 5 ms",
  }),
  async function (this: ConformanceWorld, node: number, peer: number, bearer: BearerName, ms: number) {
    const c = await this.cluster();
    const frames = wireFramesInOrder(c);
    const rewritten = frames.find((f) => isState(f, peer, node) && f.bearer === bearer && f.fate.startsWith(`malformed(bearer ${bearer}: node ${peer}'s next STATE to node ${node} rewritten`));
    if (!rewritten) throw new ExpectationError(`a rewritten STATE of node ${peer} to reach node ${node} on bearer ${bearer}`, 'none');
    if (rewritten.proto?.probe) throw new ExpectationError(`the rewritten STATE to be no probe (a probe is answered at once)`, stateText(rewritten));
    const answers = frames.filter((f) => isState(f, node, peer) && delivered(f) && f.at > rewritten.at && f.at <= rewritten.at + ms);
    if (answers.length > 0) {
      throw new ExpectationError(`no STATE of node ${node} to node ${peer} within ${ms} ms of node ${peer}'s rewritten STATE (${stateText(rewritten)})`, answers.map(stateText).join('; '));
    }
  },
);

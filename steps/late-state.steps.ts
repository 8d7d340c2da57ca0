/**
 * A LINK_PROTOCOL STATE that arrives late, after the link was reset and came up again in new
 * sessions: tipc_link_validate_msg drops a STATE whose session is not the one the endpoint took
 * from the peer's last RESET or ACTIVATE. An ACTIVATE that arrives late, after the endpoint it
 * answered was reset: tipc_link_proto_rcv ignores an ACTIVATE whose dest_session is not the
 * endpoint's session.
 */
import { Then, When } from '@cucumber/cucumber';
import { ACTIVATE_MSG, type BearerName, LINK_PROTOCOL, RESET_MSG, STATE_MSG, type WireFrame, bearerIndex } from '../contract';
import { ExpectationError } from './support/expect';
import { allFrames } from './support/numbered-picks';
import { BEARER } from './support/parameter-types';
import { more } from './support/serial';
import type { ConformanceWorld } from './support/world';
import { catalogue } from './vocabulary';

const NODE = { name: 'node', meaning: 'node number (address 1.1.N)' };
const PEER = { name: 'peer', meaning: 'the other node of the link (node number)' };
const BEARER_PARAM = { name: 'bearer', meaning: 'bearer letter: A (eth0) or B (eth1)', type: BEARER };

/** The name of the rule that makes a node's next STATE late, so the observation finds the frame. */
function lateStateRule(from: number, to: number, bearer: BearerName): string {
  return `bearer ${bearer}: node ${from}'s next STATE to node ${to} late`;
}

function states(frames: readonly WireFrame[], from: number, to: number, bearer: BearerName): WireFrame[] {
  return frames.filter((f) => f.from === from && f.to === to && f.bearer === bearer && f.user === LINK_PROTOCOL && f.mtype === STATE_MSG && f.proto !== undefined);
}

function stateText(f: WireFrame): string {
  return `#${f.n} at ${f.at} ms session=${f.proto?.session} priority=${f.proto?.priority} (${f.fate})`;
}

When(
  "node {int}'s next STATE to node {int} on bearer {bearer} arrives {int} ms late",
  catalogue({
    group: 'disturbance',
    means:
      "The next LINK_PROTOCOL STATE_MSG the first node sends the second on the bearer (the first from now: an acknowledgement, a probe or its reply) is delivered that much later than sent, longer by the observation latency the implementation declares; the STATEs after it are not touched, and lifting the bearer's rules does not lift this one. A STATE carries its sender's session, its link priority and tolerance, and a STATE sequence number (TIPC_LINK_PROTO_SEQNO), so a late copy arriving after the link was reset is of the session before.",
    params: [NODE, PEER, BEARER_PARAM, { name: 'delay', meaning: 'how late, ms' }],
    needs: [],
    example: "node 2's next STATE to node 1 on bearer A arrives 2000 ms late",
  }),
  async function (this: ConformanceWorld, from: number, to: number, bearer: BearerName, ms: number) {
    const c = await this.cluster();
    c.addRule({
      name: lateStateRule(from, to, bearer),
      match: { bearer: bearerIndex(bearer), from, to, user: LINK_PROTOCOL, mtype: STATE_MSG },
      action: { kind: 'delay', ms: ms + c.latency.observationMs },
      count: 1,
    });
  },
);

Then(
  "node {int}'s late STATE reached node {int} on bearer {bearer} after a STATE of a newer session",
  catalogue({
    group: 'observation',
    means:
      "On the wire: the STATE that \"node N's next STATE ... arrives late\" delayed was delivered, after a STATE of the same sender in another session had been delivered: the link had been reset and had come up again in new sessions while it was on its way, so it came as a copy of an earlier session, one that tipc_link_validate_msg drops (a STATE is taken only in the session the endpoint took from the peer's RESET or ACTIVATE). Waits up to 3000 ms for the late frame to arrive.",
    params: [NODE, PEER, BEARER_PARAM],
    needs: ['link'],
    example: "node 2's late STATE reached node 1 on bearer A after a STATE of a newer session",
  }),
  async function (this: ConformanceWorld, from: number, to: number, bearer: BearerName) {
    const c = await this.cluster();
    const rule = lateStateRule(from, to, bearer);
    const late = (): WireFrame | undefined => states(c.wireFrames(), from, to, bearer).find((f) => f.fate.startsWith(`delay(${rule}`));
    await this.runUntil(() => late() !== undefined, 3000);
    const state = late();
    if (!state?.proto) throw new ExpectationError(`node ${from}'s late STATE to node ${to} on bearer ${bearer} delivered`, 'none arrived (was it ever sent?)');
    // wireFrames() is in the order frames met their fate (delivery)
    const arrived = c.wireFrames().indexOf(state);
    const before = states(c.wireFrames().slice(0, arrived), from, to, bearer).filter((f) => f.fate === 'deliver');
    const last = before[before.length - 1];
    if (!last?.proto || last.proto.session === state.proto.session) {
      throw new ExpectationError(
        `a STATE of node ${from} in a session other than ${state.proto.session} delivered before the late STATE ${stateText(state)}`,
        last ? `its last STATE before it: ${stateText(last)}` : 'no STATE before it',
      );
    }
  },
);

function lateActivateRule(from: number, to: number, bearer: BearerName): string {
  return `bearer ${bearer}: node ${from}'s next ACTIVATE to node ${to} late`;
}

function protoText(f: WireFrame): string {
  const dest = f.proto?.dest_session === undefined ? '' : ` dest_session=${f.proto.dest_session}`;
  return `#${f.n} at ${f.at} ms session=${f.proto?.session}${dest} (${f.fate})`;
}

When(
  "node {int}'s next ACTIVATE to node {int} on bearer {bearer} arrives {int} ms late",
  catalogue({
    group: 'disturbance',
    means:
      "The next LINK_PROTOCOL ACTIVATE_MSG the first node sends the second on the bearer (the first from now, sent when its endpoint there is ESTABLISHING: it answers a RESET of the second node) is delivered that much later than sent, longer by the observation latency the implementation declares; the ACTIVATEs after it are not touched, and lifting the bearer's rules does not lift this one. An ACTIVATE carries its sender's session and, as dest_session, the session of the RESET it answers, so a late copy arriving after the second node's endpoint was reset again names a session that endpoint has left.",
    params: [NODE, PEER, BEARER_PARAM, { name: 'delay', meaning: 'how late, ms' }],
    needs: [],
    example: "node 2's next ACTIVATE to node 1 on bearer A arrives 3000 ms late",
  }),
  async function (this: ConformanceWorld, from: number, to: number, bearer: BearerName, ms: number) {
    const c = await this.cluster();
    c.addRule({
      name: lateActivateRule(from, to, bearer),
      match: { bearer: bearerIndex(bearer), from, to, user: LINK_PROTOCOL, mtype: ACTIVATE_MSG },
      action: { kind: 'delay', ms: ms + c.latency.observationMs },
      count: 1,
    });
  },
);

Then(
  "node {int}'s late ACTIVATE reached node {int} on bearer {bearer} naming a session it had left",
  catalogue({
    group: 'observation',
    means:
      "On the wire: the ACTIVATE that \"node N's next ACTIVATE ... arrives late\" delayed was delivered, and its dest_session is not the session of the last RESET the second node had sent the first on the bearer before it arrived: the second node's endpoint had been reset since, so the ACTIVATE answers a session it has left, one that tipc_link_proto_rcv ignores (an ACTIVATE whose dest_session is not the endpoint's session). Waits up to 5000 ms for the late frame to arrive.",
    params: [NODE, PEER, BEARER_PARAM],
    needs: ['link'],
    example: "node 2's late ACTIVATE reached node 1 on bearer A naming a session it had left",
  }),
  async function (this: ConformanceWorld, from: number, to: number, bearer: BearerName) {
    const c = await this.cluster();
    const rule = lateActivateRule(from, to, bearer);
    const proto = (frames: readonly WireFrame[], a: number, b: number, mtype: number): WireFrame[] =>
      frames.filter((f) => f.from === a && f.to === b && f.bearer === bearer && f.user === LINK_PROTOCOL && f.mtype === mtype && f.proto !== undefined);
    const late = (): WireFrame | undefined => proto(c.wireFrames(), from, to, ACTIVATE_MSG).find((f) => f.fate.startsWith(`delay(${rule}`));
    await this.runUntil(() => late() !== undefined, 5000);
    const activate = late();
    if (!activate?.proto) throw new ExpectationError(`node ${from}'s late ACTIVATE to node ${to} on bearer ${bearer} delivered`, 'none arrived (was it ever sent?)');
    // wireFrames() is in the order frames met their fate; a RESET is sent before it meets its fate
    const arrived = c.wireFrames().indexOf(activate);
    const resets = proto(c.wireFrames().slice(0, arrived), to, from, RESET_MSG);
    const last = resets[resets.length - 1];
    if (!last?.proto || activate.proto.dest_session === undefined || last.proto.session === activate.proto.dest_session) {
      throw new ExpectationError(
        `the late ACTIVATE ${protoText(activate)} to name a session other than that of node ${to}'s last RESET before it arrived`,
        last ? `node ${to}'s last RESET before it: ${protoText(last)}` : `no RESET of node ${to} before it`,
      );
    }
  },
);

/** How many times the re-creation step bounces the interface for a newer session (each try is a coin toss). */
const MAX_BOUNCES = 12;
/** How long the re-creation step waits for the new endpoint's first RESET or ACTIVATE after each bounce. */
const RESET_WAIT_MS = 3000;

When(
  "the interface of bearer {bearer} on node {int} goes down and comes back until its endpoint to node {int} is in a newer session",
  catalogue({
    group: 'disturbance',
    means:
      "Staging for a late frame of an endpoint's earlier life. The node's interface under the bearer goes down and comes back (as the two steps of that name), and the harness waits for the first RESET or ACTIVATE of the node's new endpoint to the peer (one that bearer rules may drop: the harness reads it on the wire); a new endpoint draws a random session (tipc_link_create), so this is repeated, up to 12 times, until that session is newer (core.h more()) than the session the node's last LINK_PROTOCOL frame to the peer had before the step. The draw is the stack's own, not the harness's: this holds for any seed and any implementation. Fails, as a staging failure, when neither comes within 3000 ms of a bounce, when 12 bounces draw no newer session, or when the ACTIVATE that \"node N's next ACTIVATE ... arrives late\" delays arrived while bouncing (it must still be on its way when the step ends).",
    params: [BEARER_PARAM, NODE, PEER],
    needs: ['link'],
    example: 'the interface of bearer A on node 2 goes down and comes back until its endpoint to node 1 is in a newer session',
  }),
  async function (this: ConformanceWorld, bearer: BearerName, node: number, peer: number) {
    const c = await this.cluster();
    const fromNode = (f: WireFrame): boolean => f.from === node && f.to === peer && f.bearer === bearer && f.user === LINK_PROTOCOL && f.proto !== undefined;
    const before = allFrames(c).filter(fromNode);
    const old = before[before.length - 1]?.proto?.session;
    if (old === undefined) throw new ExpectationError(`a LINK_PROTOCOL frame of node ${node} to node ${peer} on bearer ${bearer} before the bounces`, 'none: its endpoint never spoke');
    const drawn: number[] = [];
    for (let bounce = 1; bounce <= MAX_BOUNCES; bounce++) {
      const mark = Math.max(0, ...allFrames(c).map((f) => f.n));
      await this.setInterface(node, bearer, false);
      await this.setInterface(node, bearer, true);
      // its first RESET, or its first ACTIVATE when it took the peer's RESET before its own timer sent one
      const reset = (): WireFrame | undefined => allFrames(c).find((f) => f.n > mark && fromNode(f) && (f.mtype === RESET_MSG || f.mtype === ACTIVATE_MSG));
      await this.runUntil(() => reset() !== undefined, RESET_WAIT_MS);
      const r = reset();
      if (r?.proto === undefined) {
        throw new ExpectationError(`node ${node}'s new endpoint to node ${peer} on bearer ${bearer} to send a RESET or ACTIVATE within ${RESET_WAIT_MS} ms of bounce ${bounce}`, 'none sent');
      }
      drawn.push(r.proto.session);
      if (more(r.proto.session, old)) break;
    }
    const last = drawn[drawn.length - 1];
    if (last === undefined || !more(last, old)) {
      throw new ExpectationError(
        `a new session of node ${node}'s endpoint to node ${peer} newer than ${old} within ${MAX_BOUNCES} bounces`,
        `sessions drawn: ${drawn.join(', ')}`,
      );
    }
    const rule = lateActivateRule(node, peer, bearer);
    const arrived = c.wireFrames().find((f) => fromNode(f) && f.mtype === ACTIVATE_MSG && f.fate.startsWith(`delay(${rule}`));
    if (arrived) {
      throw new ExpectationError(
        `node ${node}'s late ACTIVATE to node ${peer} still on its way after ${drawn.length} bounce(s) (sessions drawn: ${drawn.join(', ')})`,
        `it arrived while bouncing: ${protoText(arrived)}`,
      );
    }
  },
);

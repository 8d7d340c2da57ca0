/**
 * A LINK_PROTOCOL STATE that arrives late, after the link was reset and came up again in new
 * sessions: tipc_link_validate_msg drops a STATE whose session is not the one the endpoint took
 * from the peer's last RESET or ACTIVATE.
 */
import { Then, When } from '@cucumber/cucumber';
import { type BearerName, LINK_PROTOCOL, STATE_MSG, type WireFrame, bearerIndex } from '../contract';
import { ExpectationError } from './support/expect';
import { BEARER } from './support/parameter-types';
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

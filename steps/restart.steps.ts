/**
 * What discovery does about a peer a node already has a link to, as the wire shows it: which
 * LINK_CONFIG requests the node answers (tipc_disc_rcv, on what tipc_node_check_dest decides), and
 * the sessions a link comes back in after a peer restarted.
 */
import { Then } from '@cucumber/cucumber';
import {
  type BearerName,
  DSC_REQ_MSG,
  DSC_RESP_MSG,
  type EndpointRef,
  LINK_CONFIG,
  LINK_PROTOCOL,
  type LinkRef,
  type NodeId,
  STATE_MSG,
  type WireFrame,
} from '../contract';
import { delivered } from './support/bulks';
import { endpointStays } from './support/endpoint-watch';
import { ExpectationError, peerOf } from './support/expect';
import { ENDPOINT, LINK } from './support/parameter-types';
import { endpointText, linkText } from './support/values';
import type { ConformanceWorld } from './support/world';
import { catalogue } from './vocabulary';

/** How soon after a discovery request arrives its answer goes out, ms (beyond the declared reaction latency). */
const ANSWER_MS = 50;

/** How long the session check waits for both endpoints' first STATE in a new session, ms. */
const NEW_SESSION_WAIT_MS = 1000;

function discovery(frames: readonly WireFrame[], from: NodeId, to: NodeId, bearer: BearerName, mtype: number): WireFrame[] {
  return frames.filter((f) => f.from === from && f.to === to && f.bearer === bearer && f.user === LINK_CONFIG && f.mtype === mtype);
}

function states(frames: readonly WireFrame[], from: NodeId, to: NodeId, bearer: BearerName): WireFrame[] {
  return frames.filter((f) => f.from === from && f.to === to && f.bearer === bearer && f.user === LINK_PROTOCOL && f.mtype === STATE_MSG && f.proto !== undefined);
}

/**
 * Lets `ms` run with the endpoint up (or not up) throughout, then holds every discovery request the
 * peer's node delivered to it meanwhile against `answer`: answered by a DSC_RESP or not.
 */
async function watchAnswers(w: ConformanceWorld, e: EndpointRef, ms: number, up: boolean): Promise<void> {
  const c = await w.cluster();
  const peer = peerOf(w.setup.nodes(), e.node);
  const ep = endpointText(e);
  const which = up ? 'up' : 'down (not ESTABLISHED or SYNCHING)';
  const start = c.now();
  await endpointStays(w, e, ms, up);
  const slack = ANSWER_MS + c.latency.reactionMs;
  const frames = c.wireFrames();
  const requests = discovery(frames, peer, e.node, e.bearer, DSC_REQ_MSG).filter((f) => delivered(f) && f.at >= start && f.at <= c.now() - slack);
  const answers = discovery(frames, e.node, peer, e.bearer, DSC_RESP_MSG);
  const what = `node ${e.node} to answer ${up ? 'none' : 'each'} of node ${peer}'s discovery requests on bearer ${e.bearer} while ${ep} is ${which}`;
  if (requests.length === 0) throw new ExpectationError(what, `no discovery request of node ${peer} reached node ${e.node} in those ${ms} ms`);
  for (const r of requests) {
    const answer = answers.find((a) => a.at >= r.at && a.at <= r.at + slack);
    if ((answer !== undefined) === up) {
      throw new ExpectationError(
        `${what} (a DSC_RESP within ${slack} ms of the request)`,
        answer ? `request #${r.n} at ${r.at} ms answered by #${answer.n} at ${answer.at} ms` : `request #${r.n} at ${r.at} ms not answered`,
      );
    }
  }
}

Then(
  "link endpoint {endpoint} stays up for {int} ms, its node answering none of the peer's discovery requests",
  catalogue({
    group: 'observation',
    means:
      "Lets time run for the given time, failing if the link endpoint (towards the only peer of a two-node cluster) is not up (ESTABLISHED or SYNCHING) at any moment; then, on the wire: at least one LINK_CONFIG DSC_REQ_MSG of the peer reached the node on the bearer in that time, and the node answered none of them with a DSC_RESP_MSG. tipc_node_check_dest asks for no answer while the link to the peer is up and its media address unchanged, whether the request's node signature is the one the node holds or a new one (a peer that restarted: the node takes the new signature and waits for the link to fail).",
    params: [
      { name: 'endpoint', meaning: "a link endpoint as 1A: node 1's end of its link on bearer A", type: ENDPOINT },
      { name: 'time', meaning: 'how long it must stay up, ms' },
    ],
    needs: ['link'],
    example: "link endpoint 1A stays up for 1000 ms, its node answering none of the peer's discovery requests",
  }),
  async function (this: ConformanceWorld, e: EndpointRef, ms: number) {
    await watchAnswers(this, e, ms, true);
  },
);

Then(
  'link endpoint {endpoint} stays down for {int} ms, its node answering every discovery request of the peer',
  catalogue({
    group: 'observation',
    means:
      `Lets time run for the given time, failing if the link endpoint (towards the only peer of a two-node cluster) is up (ESTABLISHED or SYNCHING) at any moment; then, on the wire: at least one LINK_CONFIG DSC_REQ_MSG of the peer reached the node on the bearer in that time, and the node answered each with a DSC_RESP_MSG to the peer within ${ANSWER_MS} ms and the reaction latency the implementation declares, whether or not the answer got through. tipc_node_check_dest asks for an answer whenever the link to the peer is not up (tipc_disc_rcv sends it): a DSC_RESP lets a peer that does not know the node yet (one that restarted) create its link at once rather than at the node's next request.`,
    params: [
      { name: 'endpoint', meaning: "a link endpoint as 1A: node 1's end of its link on bearer A", type: ENDPOINT },
      { name: 'time', meaning: 'how long it must stay down, ms' },
    ],
    needs: ['link'],
    example: 'link endpoint 1A stays down for 2000 ms, its node answering every discovery request of the peer',
  }),
  async function (this: ConformanceWorld, e: EndpointRef, ms: number) {
    await watchAnswers(this, e, ms, false);
  },
);

Then(
  'both endpoints of link {link} now run in other sessions than the link first came up in',
  catalogue({
    group: 'observation',
    means: `On the wire: each node's latest LINK_PROTOCOL STATE to the other on the link's bearer carries another session than its first STATE there since the cluster started (waits up to ${NEW_SESSION_WAIT_MS} ms for both to have sent one in another session). STATE goes out only while an endpoint is up, in the session it came up in; an endpoint that was reset comes up again in a newer one (tipc_link_reset: l->session++), and a node that restarted in a new random one (tipc_link_create).`,
    params: [{ name: 'link', meaning: 'a link as <1A-2A>: nodes 1 and 2 on bearer A', type: LINK }],
    needs: ['link'],
    example: 'both endpoints of link <1A-2A> now run in other sessions than the link first came up in',
  }),
  async function (this: ConformanceWorld, link: LinkRef) {
    const c = await this.cluster();
    const ends: [NodeId, NodeId][] = [
      [link.a, link.b],
      [link.b, link.a],
    ];
    const renewed = (from: NodeId, to: NodeId): boolean => {
      const s = states(c.wireFrames(), from, to, link.bearer);
      return s.length > 0 && s[s.length - 1].proto?.session !== s[0].proto?.session;
    };
    await this.runUntil(() => ends.every(([a, b]) => renewed(a, b)), NEW_SESSION_WAIT_MS);
    for (const [a, b] of ends) {
      const s = states(c.wireFrames(), a, b, link.bearer);
      if (s.length === 0) throw new ExpectationError(`STATEs of node ${a} to node ${b} on bearer ${link.bearer}`, `none: link ${linkText(link)} never came up`);
      const first = s[0];
      const last = s[s.length - 1];
      if (last.proto?.session === first.proto?.session) {
        throw new ExpectationError(
          `node ${a}'s STATEs to node ${b} on bearer ${link.bearer} in another session than its first (#${first.n} at ${first.at} ms, session ${first.proto?.session})`,
          `its latest, #${last.n} at ${last.at} ms, in session ${last.proto?.session}`,
        );
      }
    }
  },
);

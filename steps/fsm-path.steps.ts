/**
 * The path a peer node FSM or a link endpoint FSM took, event by event, as the node reported it
 * (net/tipc/node.c tipc_node_fsm_evt, net/tipc/link.c tipc_link_fsm_evt: their tracepoints fire
 * for every event, also one a state takes without moving): for the races where what matters is
 * which entry of the FSM table an event met, not only where the FSM ended.
 */
import { Then } from '@cucumber/cucumber';
import { type EndpointRef, LINK_EVENTS, LINK_STATES, NODE_EVENTS, NODE_STATES, type StateChange } from '../contract';
import { ExpectationError, peerOf } from './support/expect';
import { ENDPOINT, FSM_PATH } from './support/parameter-types';
import { endpointText, type FsmStep, fsmPathText } from './support/values';
import type { ConformanceWorld } from './support/world';
import { catalogue } from './vocabulary';

/** Fails unless every state and event of the path is one of the FSM's. */
function checkNames(path: readonly FsmStep[], states: readonly string[], events: readonly string[], fsm: string): void {
  for (const s of path) {
    for (const st of [s.from, s.to]) if (!states.includes(st)) throw new Error(`"${st}" is no state of the ${fsm}: ${states.join(', ')}`);
    if (!events.includes(s.event)) throw new Error(`"${s.event}" is no event of the ${fsm}: ${events.join(', ')}`);
  }
}

/** Where the path occurs as consecutive transitions of `seen`, or -1. */
function indexOfPath(seen: readonly StateChange[], path: readonly FsmStep[]): number {
  for (let i = 0; i + path.length <= seen.length; i++) {
    if (path.every((p, k) => seen[i + k].from === p.from && seen[i + k].event === p.event && seen[i + k].to === p.to)) return i;
  }
  return -1;
}

/** Lets time run up to the observation latency until the FSM's reported transitions hold the path. */
async function expectPath(w: ConformanceWorld, which: string, mine: (s: StateChange) => boolean, path: readonly FsmStep[]): Promise<void> {
  const c = await w.cluster();
  const seen = (): StateChange[] => c.stateChanges().filter(mine);
  const found = await w.runUntil(() => indexOfPath(seen(), path) >= 0, c.latency.observationMs);
  if (!found) {
    const all = seen();
    const shown = all.slice(-12).map((s) => `${s.from} -${s.event}-> ${s.to} at ${s.at} ms`);
    throw new ExpectationError(`${which} to go ${fsmPathText(path)}, one transition after another`, all.length === 0 ? 'no transition reported' : `${all.length > 12 ? '..., ' : ''}${shown.join('; ')}`);
  }
}

const PATH_DOC = 'transitions one after another, e.g. SELF_UP_PEER_UP -FAILOVER_BEGIN_EVT-> FAILINGOVER';

Then(
  "node {int}'s peer node FSM for node {int} went {fsmpath}",
  catalogue({
    group: 'observation',
    means:
      "Checks the transitions the node reported of its peer node FSM for the other node (tipc_node_fsm_evt, every event, also one a state takes without moving, and an illegal one, which leaves the state as it is): they must hold the path given as consecutive transitions, at some point of the scenario. Lets time run no longer than the observation latency the implementation declares (0 for the reference). Fails listing the last transitions reported.",
    params: [
      { name: 'node', meaning: 'node number (address 1.1.N)' },
      { name: 'peer', meaning: 'the other node (node number)' },
      { name: 'path', meaning: PATH_DOC, type: FSM_PATH },
    ],
    needs: ['link', 'fsm-events'],
    example: "node 1's peer node FSM for node 2 went FAILINGOVER -PEER_LOST_CONTACT_EVT-> SELF_LEAVING_PEER_DOWN -SELF_LOST_CONTACT_EVT-> SELF_DOWN_PEER_DOWN",
  }),
  async function (this: ConformanceWorld, node: number, peer: number, path: readonly FsmStep[]) {
    checkNames(path, NODE_STATES, NODE_EVENTS, 'peer node FSM (node.c)');
    const mine = (s: StateChange): boolean => s.node === node && s.what === 'node' && s.peer === peer;
    await expectPath(this, `node ${node}'s peer node FSM for node ${peer}`, mine, path);
  },
);

Then(
  'link endpoint {endpoint} went {fsmpath}',
  catalogue({
    group: 'observation',
    means:
      'Checks the transitions the node reported of the link endpoint (towards the only peer of a two-node cluster; tipc_link_fsm_evt, every event, also one a state takes without moving, and an illegal one, which leaves the state as it is): they must hold the path given as consecutive transitions, at some point of the scenario. Lets time run no longer than the observation latency the implementation declares (0 for the reference). Fails listing the last transitions reported.',
    params: [
      { name: 'endpoint', meaning: "a link endpoint as 2A: node 2's end of its link on bearer A", type: ENDPOINT },
      { name: 'path', meaning: PATH_DOC, type: FSM_PATH },
    ],
    needs: ['link', 'fsm-events'],
    example: 'link endpoint 1B went ESTABLISHED -PEER_RESET_EVT-> PEER_RESET -RESET_EVT-> ESTABLISHING',
  }),
  async function (this: ConformanceWorld, e: EndpointRef, path: readonly FsmStep[]) {
    checkNames(path, LINK_STATES, LINK_EVENTS, 'link endpoint FSM (link.c)');
    const peer = peerOf(this.setup.nodes(), e.node);
    const mine = (s: StateChange): boolean => s.node === e.node && s.what === 'link' && s.peer === peer && s.bearer === e.bearer;
    await expectPath(this, `link endpoint ${endpointText(e)}`, mine, path);
  },
);

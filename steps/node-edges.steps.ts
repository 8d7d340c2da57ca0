/**
 * Edges of the peer node FSM (net/tipc/node.c tipc_node_fsm_evt): an event the node must not
 * raise in a given state, one the kernel would reject as "Illegal node fsm evt"; and a one-way
 * loss of link protocol messages, for the races of link set-up across a re-created endpoint.
 */
import { Then, When } from '@cucumber/cucumber';
import { type BearerName, LINK_PROTOCOL, NODE_EVENTS, NODE_STATES, type StateChange } from '../contract';
import { ExpectationError } from './support/expect';
import { BEARER } from './support/parameter-types';
import type { ConformanceWorld } from './support/world';
import { catalogue } from './vocabulary';

When(
  "node {int}'s LINK_PROTOCOL frames to node {int} on bearer {bearer} are dropped",
  catalogue({
    group: 'disturbance',
    means:
      'A fault rule of the bearer drops every LINK_PROTOCOL frame (RESET, ACTIVATE, STATE) the first node sends the second on it, and lets everything else by, the other way too: the second node still discovers the first (LINK_CONFIG) and its RESETs reach the first, but its endpoint hears nothing of the first\'s. A rule put on a frame before this one (a late ACTIVATE) still takes it. "Bearer X carries all traffic again" lifts it.',
    params: [
      { name: 'node', meaning: 'the sending node (node number)' },
      { name: 'peer', meaning: 'the receiving node (node number)' },
      { name: 'bearer', meaning: 'bearer letter: A (eth0) or B (eth1)', type: BEARER },
    ],
    needs: [],
    example: "node 2's LINK_PROTOCOL frames to node 1 on bearer A are dropped",
  }),
  async function (this: ConformanceWorld, from: number, to: number, bearer: BearerName) {
    await this.wire.addBearerRule(bearer, `node ${from}'s LINK_PROTOCOL to node ${to} lost`, { from, to, user: LINK_PROTOCOL }, { kind: 'drop' });
  },
);

Then(
  "node {int}'s peer node FSM for node {int} took no {word} in {word}",
  catalogue({
    group: 'observation',
    means:
      'Checks the transitions the node reported of its peer node FSM for the other node (tipc_node_fsm_evt reports every event, also one a state takes without moving and an illegal one, which leaves the state as it is): none since the scenario began may be the event given raised in the state given. For an event the state does not take (tipc_node_fsm_evt: "Illegal node fsm evt"), raised only by a rule applied outside the state it belongs to. Lets time run no longer than the observation latency the implementation declares (0 for the reference). Fails listing the first such transition.',
    params: [
      { name: 'node', meaning: 'node number (address 1.1.N)' },
      { name: 'peer', meaning: 'the other node (node number)' },
      { name: 'event', meaning: 'a node FSM event, e.g. SYNCH_END_EVT' },
      { name: 'state', meaning: 'a node FSM state, e.g. FAILINGOVER' },
    ],
    needs: ['link', 'fsm-events'],
    example: "node 2's peer node FSM for node 1 took no SYNCH_END_EVT in FAILINGOVER",
  }),
  async function (this: ConformanceWorld, node: number, peer: number, event: string, state: string) {
    if (!(NODE_EVENTS as readonly string[]).includes(event)) throw new Error(`"${event}" is no event of the peer node FSM (node.c): ${NODE_EVENTS.join(', ')}`);
    if (!(NODE_STATES as readonly string[]).includes(state)) throw new Error(`"${state}" is no state of the peer node FSM (node.c): ${NODE_STATES.join(', ')}`);
    const c = await this.cluster();
    const bad = (s: StateChange): boolean => s.node === node && s.what === 'node' && s.peer === peer && s.from === state && s.event === event;
    await this.runUntil(() => c.stateChanges().some(bad), c.latency.observationMs);
    const seen = c.stateChanges().find(bad);
    if (seen) {
      throw new ExpectationError(
        `node ${node}'s peer node FSM for node ${peer} to take no ${event} in ${state}`,
        `${seen.from} -${seen.event}-> ${seen.to} at ${seen.at} ms`,
      );
    }
  },
);

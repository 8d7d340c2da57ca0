/**
 * General wire rules: any kind of a node's traffic to another on a bearer dropped, duplicated,
 * held back, delayed or reordered from now on, and the wire healed. The explorer writes its
 * disturbances in these steps (docs/explore.md); a scenario may use them like any other.
 */
import { When } from '@cucumber/cucumber';
import type { BearerName } from '../contract';
import { BEARER, TRAFFIC, WIRE_DELAY, WIRE_FAULT } from './support/parameter-types';
import { type Traffic, type WireDelay, type WireFault, wireAction } from './support/wire-rules';
import type { ConformanceWorld } from './support/world';
import { catalogue } from './vocabulary';

/** Whose traffic a rule takes: the parameters both rule steps share, in pattern order. */
const WHOSE = [
  { name: 'from', meaning: 'the sending node (node number)' },
  { name: 'traffic', meaning: 'which of its frames', type: TRAFFIC },
  { name: 'to', meaning: 'the receiving node (node number)' },
  { name: 'bearer', meaning: 'bearer letter: A (eth0) or B (eth1)', type: BEARER },
];

async function addRules(w: ConformanceWorld, what: string, from: number, to: number, bearer: BearerName, traffic: Traffic, f: Parameters<typeof wireAction>[0]): Promise<void> {
  if (from === to) throw new Error(`node ${from}'s traffic to itself never crosses the wire`);
  for (const m of traffic.matches) await w.wire.addBearerRule(bearer, `${what} node ${from}'s ${traffic.kind} to node ${to}`, { from, to, ...m }, wireAction(f));
}

When(
  "the wire {wirefault} node {int}'s {traffic} to node {int} on bearer {bearer} from now on",
  catalogue({
    group: 'disturbance',
    means:
      'A fault rule of the bearer takes, from now on, every frame of that kind the first node sends the second on it (a copy of a bearer broadcast included) and drops it, duplicates it, or holds it back until "the wire carries all traffic again" delivers it. "Bearer X carries all traffic again" lifts the rule too (leaving what it held back parked).',
    params: [
      { name: 'fault', meaning: 'drops, duplicates or holds back', type: WIRE_FAULT },
      ...WHOSE,
    ],
    needs: [],
    example: "the wire drops node 2's ACTIVATE and STATE messages to node 1 on bearer A from now on",
  }),
  async function (this: ConformanceWorld, fault: WireFault, from: number, traffic: Traffic, to: number, bearer: BearerName) {
    await addRules(this, fault, from, to, bearer, traffic, fault);
  },
);

When(
  "the wire {wiredelay} node {int}'s {traffic} to node {int} on bearer {bearer} by {int} ms from now on",
  catalogue({
    group: 'disturbance',
    means:
      'A fault rule of the bearer takes, from now on, every frame of that kind the first node sends the second on it and delivers it that much later than it would have arrived ("reorders" says the same timing and lets the trace say reorder: frames sent after it, by rules that do not take them, overtake it). "The wire carries all traffic again" lifts it.',
    params: [
      { name: 'how', meaning: 'delays or reorders', type: WIRE_DELAY },
      ...WHOSE,
      { name: 'delay', meaning: 'added delay, ms' },
    ],
    needs: [],
    example: "the wire delays node 1's binding table messages by unicast to node 2 on bearer A by 200 ms from now on",
  }),
  async function (this: ConformanceWorld, verb: WireDelay, from: number, traffic: Traffic, to: number, bearer: BearerName, ms: number) {
    await addRules(this, `${verb} by ${ms} ms`, from, to, bearer, traffic, { verb, ms });
  },
);

When(
  'the wire carries all traffic again',
  catalogue({
    group: 'disturbance',
    means:
      'Lifts every fault rule the steps put on any bearer (cuts, drops, delays, duplicates, holds) and delivers, in this instant, every frame a rule held back: the faults heal. Interfaces that are down stay down.',
    params: [],
    needs: [],
    example: 'the wire carries all traffic again',
  }),
  async function (this: ConformanceWorld) {
    const c = await this.cluster();
    if (this.wire.liftAllBearerRules() > 0) await c.advance(0);
  },
);

/**
 * Set-up and disturbance steps: which nodes exist, bearer settings, and the fault rules the
 * harness applies on the wire.
 */
import { Given, When } from '@cucumber/cucumber';
import { type BearerName, bearerIndex } from '../adapters/adapter';
import { parseLink } from './support';
import type { ConformanceWorld } from './world';

export function asBearer(s: string): BearerName {
  if (s === 'A' || s === 'B') return s;
  throw new Error(`unknown bearer "${s}": the features use bearers A and B`);
}

/** Rule names are per bearer, so that "carries all traffic again" can lift them all. */
export function ruleName(bearer: BearerName, what: string): string {
  return `bearer ${bearer}: ${what}`;
}

export function liftBearerRules(w: ConformanceWorld, bearer: BearerName): void {
  const c = w.started();
  if (!c) return;
  for (const r of w.rulesOn(bearer)) c.removeRule(r);
  w.forgetRules(bearer);
}

function declareNodes(w: ConformanceWorld, nodes: number[], bearers: string, said: string): void {
  if (new Set(nodes).size !== nodes.length) throw new Error(`node numbers repeat in "${said}"`);
  if (nodes.some((n) => !(n >= 1 && n <= 4095))) throw new Error(`node numbers must be 1..4095 (the node part of a TIPC address): "${said}"`);
  w.nodes = nodes;
  w.bearers = bearers === 'bearer A' ? ['A'] : ['A', 'B'];
}

/** "a cluster of nodes 1 and 2", "a cluster of nodes 1, 2 and 3 ..." */
Given(/^a cluster of nodes ((?:\d+, )*\d+ and \d+) joined by (bearers A and B|bearer A)$/, function (this: ConformanceWorld, list: string, bearers: string) {
  declareNodes(this, list.split(/, | and /).map(Number), bearers, list);
});

/** "a cluster of nodes 1 to 16 joined by bearer A" */
Given(/^a cluster of nodes 1 to (\d+) joined by (bearers A and B|bearer A)$/, function (this: ConformanceWorld, last: string, bearers: string) {
  const n = Number(last);
  if (!(n >= 2)) throw new Error(`a cluster needs at least nodes 1 to 2, got 1 to ${last}`);
  declareNodes(this, Array.from({ length: n }, (_, i) => i + 1), bearers, `1 to ${last}`);
});

Given('node {int} starts with the interface of bearer {word} down', function (this: ConformanceWorld, node: number, b: string) {
  if (this.started()) throw new Error('"starts with the interface down" must come before the cluster starts');
  this.downBearers.add(`${node}:${asBearer(b)}`);
});

Given('node {int} has link tolerance {int} ms on bearer {word}', function (this: ConformanceWorld, node: number, tol: number, b: string) {
  this.setBearer(node, asBearer(b), { tolerance: tol });
});

Given('node {int} has link priority {int} on bearer {word}', function (this: ConformanceWorld, node: number, prio: number, b: string) {
  this.setBearer(node, asBearer(b), { priority: prio });
});

Given('both links {link} and {link} are down', async function (this: ConformanceWorld, l1: string, l2: string) {
  for (const l of [l1, l2]) {
    const { bearer } = parseLink(l);
    await this.addBearerRule(bearer, { name: ruleName(bearer, 'everything lost'), match: { bearer: bearerIndex(bearer) }, action: { kind: 'drop' } });
  }
});

When('bearer {word} is cut in both directions', async function (this: ConformanceWorld, b: string) {
  const bearer = asBearer(b);
  liftBearerRules(this, bearer);
  await this.addBearerRule(bearer, { name: ruleName(bearer, 'cut'), match: { bearer: bearerIndex(bearer) }, action: { kind: 'drop' } });
  this.lastCutAt = (await this.cluster()).now();
});

When('bearer {word} carries all traffic again', function (this: ConformanceWorld, b: string) {
  liftBearerRules(this, asBearer(b));
});

When('the interface of bearer {word} on node {int} goes down', async function (this: ConformanceWorld, b: string, node: number) {
  const c = await this.cluster();
  await c.setBearerUp(node, asBearer(b), false);
  this.downBearers.add(`${node}:${asBearer(b)}`);
});

When('the interface of bearer {word} on node {int} comes back', async function (this: ConformanceWorld, b: string, node: number) {
  const c = await this.cluster();
  await c.setBearerUp(node, asBearer(b), true);
  this.downBearers.delete(`${node}:${asBearer(b)}`);
});

Given('every frame on bearer {word} is delayed by {int} ms', async function (this: ConformanceWorld, b: string, ms: number) {
  const bearer = asBearer(b);
  await this.addBearerRule(bearer, { name: ruleName(bearer, `delay ${ms} ms`), match: { bearer: bearerIndex(bearer) }, action: { kind: 'delay', ms } });
});

/**
 * Name table steps: binding service ranges and checking what peers learnt of them.
 */
import { Given, Then } from '@cucumber/cucumber';
import type { Binding } from '../adapters/adapter';
import { ExpectationError } from './support';
import type { ConformanceWorld } from './world';

/** Port (and key) of the i-th range a scenario binds on a node: unique and recognisable. */
function portFor(type: number, i: number): number {
  return ((type << 8) | (i & 0xff)) >>> 0;
}

Given(
  /^node (\d+) binds (\d+) cluster-scope service ranges \{(\d+)\+i, (\d+)i, (\d+)i\+(\d+)\}$/,
  async function (this: ConformanceWorld, node: string, count: string, type0: string, mul: string, mul2: string, span: string) {
    const c = await this.cluster();
    for (let i = 0; i < Number(count); i++) {
      const type = Number(type0) + i;
      const lower = Number(mul) * i;
      const upper = Number(mul2) * i + Number(span);
      const port = portFor(type, i);
      const ok = await c.publish(Number(node), { type, lower, upper, scope: 'cluster', port, key: port });
      if (!ok) throw new ExpectationError(`node ${node} to bind {${type}, ${lower}, ${upper}}`, 'the bind was refused');
    }
  },
);

function fmt(b: Binding): string {
  return `{${b.type}, ${b.lower}, ${b.upper}}`;
}

function sameBinding(a: Binding, b: Binding): boolean {
  return a.type === b.type && a.lower === b.lower && a.upper === b.upper && a.node === b.node && a.key === b.key;
}

async function missingBindings(w: ConformanceWorld, node: number, owner: number): Promise<{ wanted: Binding[]; missing: Binding[] }> {
  const c = await w.cluster();
  const wanted = c.nameTable(owner).filter((b) => b.node === owner && b.scope === 'cluster');
  const have = c.nameTable(node).filter((b) => b.node === owner);
  return { wanted, missing: wanted.filter((x) => !have.some((h) => sameBinding(h, x))) };
}

async function expectAllBindings(w: ConformanceWorld, node: number, owner: number, withinMs: number): Promise<void> {
  let last = await missingBindings(w, node, owner);
  if (last.missing.length > 0 && withinMs > 0) {
    await w.runUntil(() => false, 0);
    const c = await w.cluster();
    const owned = (): number => c.nameTable(owner).filter((b) => b.node === owner && b.scope === 'cluster').length;
    const held = (): number => c.nameTable(node).filter((b) => b.node === owner).length;
    await w.runUntil(() => held() >= owned(), withinMs);
    last = await missingBindings(w, node, owner);
  }
  const { wanted, missing } = last;
  if (missing.length > 0) {
    const shown = missing.slice(0, 12).map(fmt).join(' ');
    throw new ExpectationError(
      `node ${node}'s name table to hold all ${wanted.length} cluster-scope bindings of node ${owner}` + (withinMs > 0 ? ` within ${withinMs} ms` : ''),
      `${missing.length} missing: ${shown}${missing.length > 12 ? ` ... (+${missing.length - 12} more)` : ''}`,
    );
  }
}

Then("node {int}'s name table holds every cluster-scope binding of node {int}", async function (this: ConformanceWorld, node: number, owner: number) {
  await expectAllBindings(this, node, owner, 0);
});

Then("node {int}'s name table holds every cluster-scope binding of node {int} within {int} ms", async function (this: ConformanceWorld, node: number, owner: number, ms: number) {
  await expectAllBindings(this, node, owner, ms);
});

Then('node {int} dropped nothing that node {int} tunnelled in this failover', async function (this: ConformanceWorld, node: number, peer: number) {
  const c = await this.cluster();
  const drops = c.tunnelDrops().filter((d) => d.node === node && d.peer === peer && d.at >= this.lastCutAt);
  if (drops.length > 0) {
    throw new ExpectationError(
      `no tunnelled inner message from node ${peer} dropped by node ${node} since bearer A or B was last cut (${this.lastCutAt} ms)`,
      `${drops.length} dropped as duplicates: ` +
        drops.slice(0, 8).map((d) => `seqno ${d.seqno} (user ${d.user}) below drop_point ${d.drop_point} at ${d.at} ms`).join('; '),
    );
  }
});

/**
 * Name table steps: binding service ranges and checking what peers learnt of them.
 */
import { Given, Then, When } from '@cucumber/cucumber';
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

Given('node {int} is a legacy node, from before cad2929dc432', function (this: ConformanceWorld, node: number) {
  if (this.iut.includes(node)) throw new Error(`node ${node} is under test; only tester nodes can be made legacy`);
  if (this.started()) throw new Error('node kinds must be given before the cluster starts');
  this.testerProfiles.set(node, 'legacy');
});

/** Bind one range and remember where on the wire its update starts. */
async function bindOne(w: ConformanceWorld, node: number, type: number, lower: number, upper: number): Promise<void> {
  const c = await w.cluster();
  const port = portFor(type, 0);
  const fromFrame = c.wireFrames().length;
  const ok = await c.publish(node, { type, lower, upper, scope: 'cluster', port, key: port });
  if (!ok) throw new ExpectationError(`node ${node} to bind {${type}, ${lower}, ${upper}}`, 'the bind was refused');
  w.lastUpdate = { node, fromFrame, what: `binding of {${type}, ${lower}, ${upper}}` };
}

/** Unbind a range the node holds (whatever its key), and remember where its update starts. */
async function unbindOne(w: ConformanceWorld, node: number, type: number, lower: number, upper: number): Promise<void> {
  const c = await w.cluster();
  const b = c.nameTable(node).find((x) => x.node === node && x.type === type && x.lower === lower && x.upper === upper);
  if (!b) throw new ExpectationError(`node ${node} to hold the binding {${type}, ${lower}, ${upper}} it unbinds`, 'it holds no such binding');
  const fromFrame = c.wireFrames().length;
  const ok = await c.withdraw(node, { type, lower, upper, key: b.key });
  if (!ok) throw new ExpectationError(`node ${node} to unbind {${type}, ${lower}, ${upper}}`, 'the unbind was refused');
  w.lastUpdate = { node, fromFrame, what: `unbinding of {${type}, ${lower}, ${upper}}` };
}

When('node {int} binds the service range \\{{int}, {int}, {int}} at cluster scope', async function (this: ConformanceWorld, node: number, type: number, lower: number, upper: number) {
  await bindOne(this, node, type, lower, upper);
  await this.runUntil(() => false, 100);
});

When('node {int} unbinds the service range \\{{int}, {int}, {int}}', async function (this: ConformanceWorld, node: number, type: number, lower: number, upper: number) {
  await unbindOne(this, node, type, lower, upper);
  await this.runUntil(() => false, 100);
});

/**
 * The window of the stale-message rule (cad2929dc432 v2): the kernel sends the bulk for a new peer
 * from tipc_node_write_unlock(), after the peer has joined the broadcast link, so a binding made
 * on another CPU in between goes out by broadcast and is in the bulk too. The harness owns virtual
 * time, so it can stop in that instant for the in-process reference and for a process IUT alike:
 * the IUT must run its node-up work from a timer due now, not inside the frame that brought the
 * link up (the kernel does it after dropping the node lock).
 */
When(
  'node {int} binds the service range \\{{int}, {int}, {int}} in the instant node {int} comes up on it, before its bulk goes out',
  async function (this: ConformanceWorld, node: number, type: number, lower: number, upper: number, peer: number) {
    const c = await this.cluster();
    // The first link up makes the peer reachable (it joins the broadcast link there and then).
    const linkUp = (): boolean => this.bearers.some((b) => c.linkState(node, peer, b) === 'ESTABLISHED');
    const up = await this.runUntil(linkUp, 10000, { settle: false });
    if (!up) throw new ExpectationError(`a link of node ${node} to node ${peer} to come up within 10000 ms`, `node ${peer} is ${c.nodeState(node, peer)}`);
    const bulkOut = c.wireFrames().some((f) => f.from === node && f.to === peer && f.named?.is_bulk);
    if (bulkOut) throw new ExpectationError(`node ${node}'s bulk for node ${peer} still to come when node ${peer} is up`, 'the bulk was already on the wire');
    await bindOne(this, node, type, lower, upper);
    await this.runUntil(() => false, 100);
  },
);

/**
 * 2 × count updates, one per ms: enough to bring the 16-bit named_seqno round (65536 updates
 * after an update, the sequence reuses its number).
 */
When(
  'node {int} binds and unbinds the service range \\{{int}, {int}, {int}} {int} times, an update per ms',
  async function (this: ConformanceWorld, node: number, type: number, lower: number, upper: number, count: number) {
    const c = await this.cluster();
    const port = portFor(type, 0);
    for (let i = 0; i < count; i++) {
      if (!(await c.publish(node, { type, lower, upper, scope: 'cluster', port, key: port }))) {
        throw new ExpectationError(`node ${node} to bind {${type}, ${lower}, ${upper}} (round ${i + 1})`, 'the bind was refused');
      }
      await c.advance(1);
      if (!(await c.withdraw(node, { type, lower, upper, key: port }))) {
        throw new ExpectationError(`node ${node} to unbind {${type}, ${lower}, ${upper}} (round ${i + 1})`, 'the unbind was refused');
      }
      await c.advance(1);
    }
  },
);

/**
 * cad2929dc432 on the wire: every message of the bulk a node sends a new peer is marked is_bulk and
 * not_legacy; only the last is_last_bulk, carrying the sequence number the next update will have;
 * later updates carry not_legacy and consecutive sequence numbers from there.
 */
Then("node {int}'s bindings reach node {int} marked for sequence control", async function (this: ConformanceWorld, from: number, to: number) {
  const c = await this.cluster();
  const named = c
    .wireFrames()
    .filter((f) => f.from === from && f.to === to && f.named !== undefined && (f.fate === 'deliver' || f.fate.startsWith('delay')));
  const bulk = named.filter((f) => f.named?.is_bulk);
  const updates = named.filter((f) => !f.named?.is_bulk);
  const show = (f: (typeof named)[number]): string =>
    `#${f.n} is_bulk=${Number(f.named?.is_bulk)} is_last_bulk=${Number(f.named?.is_last_bulk)} not_legacy=${Number(f.named?.not_legacy)} named_seqno=${f.named?.named_seqno} items=${f.named?.items}`;
  const seen = named.map(show).join('; ') || 'no NAME_DISTRIBUTOR message';
  if (bulk.length === 0 || updates.length === 0) {
    throw new ExpectationError(`a bulk (is_bulk) and then an update from node ${from} to node ${to}`, seen);
  }
  const last = bulk[bulk.length - 1];
  const badBulk = bulk.filter((f, i) => !f.named?.not_legacy || (i < bulk.length - 1 ? f.named?.is_last_bulk || f.named?.named_seqno !== 0 : !f.named?.is_last_bulk));
  if (badBulk.length > 0) {
    throw new ExpectationError('every bulk message not_legacy, only the last one is_last_bulk, the others with named_seqno 0', seen);
  }
  const first = last.named?.named_seqno ?? 0;
  const badUpdates = updates.filter((f, i) => !f.named?.not_legacy || f.named?.named_seqno !== ((first + i) & 0xffff));
  if (badUpdates.length > 0) {
    throw new ExpectationError(`updates not_legacy with named_seqno ${first}, ${first + 1}, ... after the last bulk's ${first}`, seen);
  }
});

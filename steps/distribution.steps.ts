/**
 * Binding table distribution steps (cad2929dc432): how updates travel (broadcast or a unicast copy
 * per peer), the wire faults that stage the races between the two paths, what an update cost, and
 * whether the nodes' name tables agree.
 */
import { Given, Then, When } from '@cucumber/cucumber';
import type { Binding, ClusterAdapter, NodeId, WireFrame } from '../adapters/adapter';
import { ExpectationError, NAME_DISTRIBUTOR } from './support';
import type { ConformanceWorld } from './world';

type Path = 'broadcast' | 'unicast';

function asPath(s: string): Path {
  if (s === 'broadcast' || s === 'unicast') return s;
  throw new Error(`"${s}": binding table messages travel by broadcast or by unicast`);
}

function pathRule(from: NodeId, to: NodeId, path: Path): string {
  return `binding table ${from}>${to} by ${path}`;
}

Given(
  "node {int}'s binding table messages to node {int} by {word} are delayed by {int} ms",
  async function (this: ConformanceWorld, from: number, to: number, p: string, ms: number) {
    const c = await this.cluster();
    const path = asPath(p);
    c.addRule({ name: pathRule(from, to, path), match: { from, to, user: NAME_DISTRIBUTOR, broadcast: path === 'broadcast' }, action: { kind: 'delay', ms } });
  },
);

Given(
  "node {int}'s next binding table message to node {int} by {word} is delayed by {int} ms",
  async function (this: ConformanceWorld, from: number, to: number, p: string, ms: number) {
    const c = await this.cluster();
    const path = asPath(p);
    c.addRule({ name: pathRule(from, to, path), match: { from, to, user: NAME_DISTRIBUTOR, broadcast: path === 'broadcast' }, action: { kind: 'delay', ms }, count: 1 });
  },
);

Given(
  "node {int}'s binding table messages to node {int} by {word} are held back",
  async function (this: ConformanceWorld, from: number, to: number, p: string) {
    const c = await this.cluster();
    const path = asPath(p);
    c.addRule({ name: pathRule(from, to, path), match: { from, to, user: NAME_DISTRIBUTOR, broadcast: path === 'broadcast' }, action: { kind: 'hold' } });
  },
);

When(
  "node {int}'s held binding table messages to node {int} by {word} arrive",
  async function (this: ConformanceWorld, from: number, to: number, p: string) {
    const c = await this.cluster();
    const rule = pathRule(from, to, asPath(p));
    c.removeRule(rule);
    if (c.releaseHeld(rule) === 0) throw new ExpectationError(`binding table messages from node ${from} to node ${to} by ${p} held back`, 'none were sent');
    await c.advance(0);
  },
);

/** The binding table update frames node `from` sent since the last update step (no bulk). */
function updateFrames(c: ClusterAdapter, w: ConformanceWorld, from: NodeId): WireFrame[] {
  const u = w.lastUpdate;
  if (!u || u.node !== from) throw new Error(`no binding table update by node ${from} to look at: bind or unbind a range on node ${from} first`);
  return c
    .wireFrames()
    .slice(u.fromFrame)
    .filter((f) => f.from === from && f.user === NAME_DISTRIBUTOR && f.named !== undefined && !f.named.is_bulk);
}

/**
 * The cost claim of cad2929dc432: one send on the broadcast link reaches every peer, where
 * replicast sends one unicast copy per peer. A broadcast send is counted once however many nodes
 * its copies reach.
 */
Then(
  'node {int} sent that update as {int} broadcast send(s) and {int} unicast send(s)',
  async function (this: ConformanceWorld, node: number, bcasts: number, ucasts: number) {
    const c = await this.cluster();
    const frames = updateFrames(c, this, node);
    const sends = (broadcast: boolean): number => new Set(frames.filter((f) => f.broadcast === broadcast).map((f) => f.send)).size;
    const seenB = sends(true);
    const seenU = sends(false);
    if (seenB !== bcasts || seenU !== ucasts) {
      throw new ExpectationError(
        `node ${node}'s ${this.lastUpdate?.what} to go out as ${bcasts} broadcast and ${ucasts} unicast sends`,
        `${seenB} broadcast and ${seenU} unicast sends (${frames.length} frames on the wire)`,
      );
    }
  },
);

function lastBulkTo(c: ClusterAdapter, from: NodeId, to: NodeId): WireFrame | undefined {
  const all = c.wireFrames().filter((f) => f.from === from && f.to === to && f.named?.is_last_bulk && delivered(f));
  return all[all.length - 1];
}

function delivered(f: WireFrame): boolean {
  return !f.fate.startsWith('drop') && f.fate !== 'bearer-down' && f.fate !== 'no-route';
}

/** Checks that a scenario staged its race: the update really overtook the bulk on the wire. */
Then(
  "node {int}'s update reached node {int} by {word} ahead of the last message of its bulk",
  async function (this: ConformanceWorld, from: number, to: number, p: string) {
    const c = await this.cluster();
    const path = asPath(p);
    await this.runUntil(() => lastBulkTo(c, from, to) !== undefined, 5000);
    const upd = updateFrames(c, this, from).filter((f) => f.to === to && delivered(f));
    const bulk = lastBulkTo(c, from, to);
    const first = upd[0];
    if (!first || !bulk || first.broadcast !== (path === 'broadcast') || first.at >= bulk.at) {
      throw new ExpectationError(
        `node ${from}'s ${this.lastUpdate?.what} to reach node ${to} by ${path} before node ${from}'s last bulk message`,
        `update ${first ? `#${first.n} by ${first.broadcast ? 'broadcast' : 'unicast'} at ${first.at} ms` : 'never'}, last bulk ${bulk ? `#${bulk.n} at ${bulk.at} ms` : 'never'}`,
      );
    }
  },
);

/** Checks the staging of the stale-message scenario: the update arrived after a bulk that already covered it. */
Then(
  "node {int}'s update reached node {int} after its bulk, numbered below the bulk's synch point",
  async function (this: ConformanceWorld, from: number, to: number) {
    const c = await this.cluster();
    await this.runUntil(() => updateFrames(c, this, from).some((f) => f.to === to && delivered(f)), 5000);
    const upd = updateFrames(c, this, from).find((f) => f.to === to && delivered(f));
    const bulk = lastBulkTo(c, from, to);
    const below = (a: number, b: number): boolean => a !== b && ((b - a) & 0xffff) < 0x8000;
    if (!upd?.named || !bulk?.named || upd.at <= bulk.at || !below(upd.named.named_seqno, bulk.named.named_seqno)) {
      throw new ExpectationError(
        `node ${from}'s ${this.lastUpdate?.what} to reach node ${to} after its last bulk message, with a named_seqno below the bulk's`,
        `update ${upd ? `#${upd.n} at ${upd.at} ms named_seqno ${upd.named?.named_seqno}` : 'never'}, last bulk ${bulk ? `#${bulk.n} at ${bulk.at} ms named_seqno ${bulk.named?.named_seqno}` : 'never'}`,
      );
    }
  },
);

/** The same binding as seen on two nodes: the owner's port is not compared (a withdrawal ignores it too). */
function key(b: Binding): string {
  return `{${b.type}, ${b.lower}, ${b.upper}} of node ${b.node} key ${b.key}`;
}

/** Every live node's cluster-scope table against the union of the live nodes' own cluster-scope bindings. */
function disagreements(c: ClusterAdapter, live: readonly NodeId[]): string[] {
  const union = new Set<string>();
  for (const n of live) for (const b of c.nameTable(n)) if (b.node === n && b.scope === 'cluster') union.add(key(b));
  const out: string[] = [];
  for (const n of live) {
    const have = new Set(c.nameTable(n).filter((b) => b.scope === 'cluster').map(key));
    const missing = [...union].filter((k) => !have.has(k));
    const extra = [...have].filter((k) => !union.has(k));
    if (missing.length) out.push(`node ${n} lacks ${missing.slice(0, 4).join(', ')}${missing.length > 4 ? ` (+${missing.length - 4} more)` : ''}`);
    if (extra.length) out.push(`node ${n} still holds ${extra.slice(0, 4).join(', ')}${extra.length > 4 ? ` (+${extra.length - 4} more)` : ''}`);
  }
  return out;
}

/**
 * Convergence after a race: every live node's name table holds exactly the cluster-scope bindings
 * the live nodes hold of their own, no more (a stale binding) and no less (a lost one).
 */
Then('the name tables of all live nodes agree within {int} ms', async function (this: ConformanceWorld, ms: number) {
  const c = await this.cluster();
  const live = this.liveNodes();
  const ok = await this.poll(() => disagreements(c, live).length === 0, ms);
  if (!ok) {
    throw new ExpectationError(
      `the name tables of nodes ${live.join(', ')} to hold exactly their ${new Set(live.flatMap((n) => c.nameTable(n).filter((b) => b.node === n && b.scope === 'cluster').map(key))).size} cluster-scope bindings within ${ms} ms`,
      disagreements(c, live).join('; '),
    );
  }
});

function seesUp(c: ClusterAdapter, a: NodeId, b: NodeId): boolean {
  return c.nodeState(a, b) === 'SELF_UP_PEER_UP';
}

When('nodes {int} and {int} see each other up within {int} ms', async function (this: ConformanceWorld, a: number, b: number, ms: number) {
  const c = await this.cluster();
  const ok = await this.poll(() => seesUp(c, a, b) && seesUp(c, b, a), ms);
  if (!ok) throw new ExpectationError(`nodes ${a} and ${b} to see each other up within ${ms} ms`, `node ${a} sees node ${b} ${c.nodeState(a, b)}, node ${b} sees node ${a} ${c.nodeState(b, a)}`);
});

When('every live node sees every other up within {int} ms', async function (this: ConformanceWorld, ms: number) {
  const c = await this.cluster();
  const live = this.liveNodes();
  const notUp = (): string[] => {
    const out: string[] = [];
    for (const a of live) for (const b of live) if (a !== b && !seesUp(c, a, b)) out.push(`${a} sees ${b} ${c.nodeState(a, b)}`);
    return out;
  };
  const ok = await this.poll(() => notUp().length === 0, ms);
  if (!ok) {
    const bad = notUp();
    throw new ExpectationError(`each of nodes ${live.join(', ')} to see the others up within ${ms} ms`, `${bad.length} pairs not up: ${bad.slice(0, 6).join('; ')}`);
  }
});

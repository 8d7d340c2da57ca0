/**
 * Name table steps: binding service ranges and checking what peers learnt of them.
 */
import { Given, Then, When } from '@cucumber/cucumber';
import { type Binding, type NodeId, PUBLICATION, type ServiceRange, WITHDRAWAL } from '../contract';
import { ExpectationError, NAME_TABLE_SETTLE_MS } from './support/expect';
import { RANGE } from './support/parameter-types';
import { rangeText } from './support/values';
import type { ConformanceWorld } from './support/world';
import { catalogue } from './vocabulary';

/** Port (and key) of the i-th range a scenario binds on a node: unique and recognisable. */
function portFor(type: number, i: number): number {
  return ((type << 8) | (i & 0xff)) >>> 0;
}

Given(
  /^node (\d+) binds (\d+) cluster-scope service ranges \{(\d+)\+i, (\d+)i, (\d+)i\+(\d+)\}$/,
  catalogue({
    group: 'set-up',
    means:
      'The node binds (publishes) that many cluster-scope service ranges, range i (from 0) being {type0 + i, mul * i, mul2 * i + span}, each on its own port; fails if a bind is refused. Peers learn them from NAME_DISTRIBUTOR messages: the bulk when they come up, PUBLICATION updates if already up.',
    params: [
      { name: 'node', meaning: 'node number (address 1.1.N)' },
      { name: 'count', meaning: 'number of ranges' },
      { name: 'type0', meaning: 'service type of range 0 (range i has type0 + i)' },
      { name: 'mul', meaning: 'lower bound step: range i starts at mul * i' },
      { name: 'mul2', meaning: 'upper bound step: range i ends at mul2 * i + span' },
      { name: 'span', meaning: 'added to the upper bound' },
    ],
    needs: ['naming'],
    example: 'node 2 binds 100 cluster-scope service ranges {1000+i, 100i, 100i+9}',
  }),
  // Each (\d+) group is cucumber's {int}: the values arrive as numbers.
  async function (this: ConformanceWorld, node: number, count: number, type0: number, mul: number, mul2: number, span: number) {
    for (let i = 0; i < count; i++) {
      const type = type0 + i;
      const lower = mul * i;
      const upper = mul2 * i + span;
      const port = portFor(type, i);
      const ok = await this.bindings.publish(node, { type, lower, upper, scope: 'cluster', port, key: port });
      if (!ok) throw new ExpectationError(`node ${node} to bind {${type}, ${lower}, ${upper}}`, 'the bind was refused');
    }
  },
);


/**
 * The same binding: type, range, owner node and the port (socket) that holds it. Not the key: it
 * is the owner's internal handle (the kernel makes it from the port and a count), which
 * `tipc nametable show` does not print.
 */
function sameBinding(a: Binding, b: Binding): boolean {
  return a.type === b.type && a.lower === b.lower && a.upper === b.upper && a.node === b.node && a.port === b.port;
}

async function missingBindings(w: ConformanceWorld, node: NodeId, owner: NodeId): Promise<{ wanted: Binding[]; missing: Binding[] }> {
  const c = await w.cluster();
  const wanted = (await c.nameTable(owner)).filter((b) => b.node === owner && b.scope === 'cluster');
  // What the owner is compared with is its own table: it must hold at least what the scenario bound
  // on it, or the comparison would check nothing (an owner whose table reads empty).
  const lost = w.bindings.notIn(owner, wanted);
  if (lost.length > 0) {
    throw new ExpectationError(
      `node ${owner} to hold, in its own name table, the ${w.bindings.count(owner)} cluster-scope ranges the scenario bound on it`,
      `${lost.length} not there: ${lost.slice(0, 8).map(rangeText).join(' ')}${lost.length > 8 ? ' ...' : ''}`,
    );
  }
  const have = (await c.nameTable(node)).filter((b) => b.node === owner);
  return { wanted, missing: wanted.filter((x) => !have.some((h) => sameBinding(h, x))) };
}

/** The owner's cluster-scope bindings that the node's name table lacks; never throws (a condition to wait on). */
async function stillMissing(w: ConformanceWorld, node: NodeId, owner: NodeId): Promise<number> {
  const c = await w.cluster();
  const wanted = (await c.nameTable(owner)).filter((b) => b.node === owner && b.scope === 'cluster');
  const have = (await c.nameTable(node)).filter((b) => b.node === owner);
  return wanted.filter((x) => !have.some((h) => sameBinding(h, x))).length;
}

/**
 * The settling rule of every name-table observation (NAME_TABLE_SETTLE_MS): a table that lacks
 * bindings is looked at again as time runs, up to the limit, since updates still in flight
 * (broadcast retransmissions, a backlog, a tunnel) may complete it; the step fails only on the
 * table as it stands at the end. A table that holds everything at once passes at once, with no
 * time passing.
 */
async function expectAllBindings(w: ConformanceWorld, node: NodeId, owner: NodeId, limitMs: number): Promise<void> {
  let last = await missingBindings(w, node, owner);
  if (last.missing.length > 0) {
    await w.runUntil(() => false, 0);
    const deadline = (await w.now()) + limitMs;
    // The table may be complete for a moment inside an instant and not once the instant is over
    // (a bind and its unbind delivered together): what counts is the table between instants.
    do {
      await w.runUntil(async () => (await stillMissing(w, node, owner)) === 0, deadline - (await w.now()));
      last = await missingBindings(w, node, owner);
    } while (last.missing.length > 0 && (await w.now()) < deadline);
  }
  const { wanted, missing } = last;
  if (missing.length > 0) {
    const shown = missing.slice(0, 12).map(rangeText).join(' ');
    throw new ExpectationError(
      `node ${node}'s name table to hold all ${wanted.length} cluster-scope bindings of node ${owner} within ${limitMs} ms`,
      `${missing.length} missing: ${shown}${missing.length > 12 ? ` ... (+${missing.length - 12} more)` : ''}`,
    );
  }
}

Then(
  "node {int}'s name table holds every cluster-scope binding of node {int}",
  catalogue({
    group: 'observation',
    means:
      `Fails unless the first node's name table holds every cluster-scope binding the owner node holds of its own (same type, range, owner node and port): none lost in distribution (bulk, updates, or tunnelled in a failover). Like every name-table check, it lets the table settle: if bindings are missing it lets time run, up to ${NAME_TABLE_SETTLE_MS} ms, while updates still in flight (broadcast retransmissions, a backlog, a tunnel) arrive, and fails only on the table as it stands then; a table that is complete passes at once, with no time passing.`,
    params: [
      { name: 'node', meaning: 'node number (address 1.1.N)' },
      { name: 'owner', meaning: 'the node that made the bindings (node number)' },
    ],
    needs: ['naming'],
    example: "node 1's name table holds every cluster-scope binding of node 2",
  }),
  async function (this: ConformanceWorld, node: number, owner: number) {
    await expectAllBindings(this, node, owner, NAME_TABLE_SETTLE_MS);
  },
);

Then(
  "node {int}'s name table holds every cluster-scope binding of node {int} within {int} ms",
  catalogue({
    group: 'observation',
    means:
      "Lets time run, up to the limit, until the first node's name table holds every cluster-scope binding the owner node holds of its own (same type, range, owner node and port), and fails unless it does then. Like every name-table check it lets the table settle, here for the limit given rather than the settle time; a table that is complete passes at once, with no time passing.",
    params: [
      { name: 'node', meaning: 'node number (address 1.1.N)' },
      { name: 'owner', meaning: 'the node that made the bindings (node number)' },
      { name: 'limit', meaning: 'time allowed, ms' },
    ],
    needs: ['naming'],
    example: "node 1's name table holds every cluster-scope binding of node 2 within 1000 ms",
  }),
  async function (this: ConformanceWorld, node: number, owner: number, ms: number) {
    await expectAllBindings(this, node, owner, ms);
  },
);

Then(
  'node {int} dropped nothing that node {int} tunnelled in this failover',
  catalogue({
    group: 'observation',
    means:
      'Fails if the node reported throwing away, since the last bearer cut, a message the peer tunnelled to it (FAILOVER_MSG inner message) as a duplicate below its drop_point. Where the IUT does not declare tunnel-drops nothing is checked, and the step says so in the report.',
    params: [
      { name: 'node', meaning: 'node number (address 1.1.N)' },
      { name: 'peer', meaning: 'the node that tunnelled (node number)' },
    ],
    needs: [],
    example: 'node 1 dropped nothing that node 2 tunnelled in this failover',
  }),
  async function (this: ConformanceWorld, node: number, peer: number) {
    if (!this.parameters.capabilities.includes('tunnel-drops')) {
      this.attach('not checked: the implementation under test does not report tunnel drops (capability tunnel-drops); the name table check above is what tells');
      return;
    }
    const c = await this.cluster();
    const cutAt = this.wire.lastCutAt();
    const drops = c.tunnelDrops().filter((d) => d.node === node && d.peer === peer && d.at >= cutAt);
    if (drops.length > 0) {
      throw new ExpectationError(
        `no tunnelled inner message from node ${peer} dropped by node ${node} since bearer A or B was last cut (${cutAt} ms)`,
        `${drops.length} dropped as duplicates: ` +
          drops.slice(0, 8).map((d) => `seqno ${d.seqno} (user ${d.user}) below drop_point ${d.drop_point} at ${d.at} ms`).join('; '),
      );
    }
  },
);

Given(
  'node {int} is a legacy node, from before cad2929dc432',
  catalogue({
    group: 'set-up',
    means:
      'The tester node runs a TIPC from before cad2929dc432: no TIPC_NAMED_BCAST, NAME_DISTRIBUTOR messages without sequence control, so peers with the commit must send it binding updates by unicast (replicast). A tester node only, before the cluster starts.',
    params: [
      { name: 'node', meaning: 'a tester node, not under test (node number)' },
    ],
    needs: ['named-bcast'],
    example: 'node 3 is a legacy node, from before cad2929dc432',
  }),
  function (this: ConformanceWorld, node: number) {
    const why = this.applicability.cluster(this.setup.nodes(), this.setup.iut(), 'legacy');
    if (why !== undefined) {
      this.attach(`not applicable: ${why}`);
      return 'skipped';
    }
    this.setup.makeLegacy(node);
    return undefined;
  },
);

/** Bind one range and remember where on the wire its update starts. */
async function bindOne(w: ConformanceWorld, node: NodeId, range: ServiceRange): Promise<void> {
  const c = await w.cluster();
  const { type, lower, upper } = range;
  const port = portFor(type, 0);
  const fromFrame = c.wireFrameCount();
  const ok = await w.bindings.publish(node, { type, lower, upper, scope: 'cluster', port, key: port });
  if (!ok) throw new ExpectationError(`node ${node} to bind ${rangeText(range)}`, 'the bind was refused');
  w.wire.updated({ node, fromFrame, at: c.now(), kind: 'binding', range, mtype: PUBLICATION });
}

/** Unbind a range the node holds (whatever its key), and remember where its update starts. */
async function unbindOne(w: ConformanceWorld, node: NodeId, range: ServiceRange): Promise<void> {
  const c = await w.cluster();
  const { type, lower, upper } = range;
  const b = (await c.nameTable(node)).find((x) => x.node === node && x.type === type && x.lower === lower && x.upper === upper);
  if (!b) throw new ExpectationError(`node ${node} to hold the binding ${rangeText(range)} it unbinds`, 'it holds no such binding');
  const fromFrame = c.wireFrameCount();
  const ok = await w.bindings.withdraw(node, { type, lower, upper, key: b.key });
  if (!ok) throw new ExpectationError(`node ${node} to unbind ${rangeText(range)}`, 'the unbind was refused');
  w.wire.updated({ node, fromFrame, at: c.now(), kind: 'unbinding', range, mtype: WITHDRAWAL });
}

When(
  'node {int} binds the service range {range} at cluster scope',
  catalogue({
    group: 'action',
    means:
      'The node binds (publishes) the service range at cluster scope; its NAME_DISTRIBUTOR PUBLICATION becomes "that update" of later steps. Fails if the bind is refused; then lets 100 ms pass.',
    params: [
      { name: 'node', meaning: 'node number (address 1.1.N)' },
      { name: 'range', meaning: 'a service range as {type, lower, upper}, e.g. {7000, 0, 9}', type: RANGE },
    ],
    needs: ['naming'],
    example: 'node 1 binds the service range {7000, 0, 9} at cluster scope',
  }),
  async function (this: ConformanceWorld, node: number, range: ServiceRange) {
    await bindOne(this, node, range);
    await this.runUntil(() => false, 100);
  },
);

/**
 * Node scope (TIPC_NODE_SCOPE): a binding for the node's own sockets. tipc_named_publish() puts it
 * on nt->node_scope and returns no message, tipc_named_withdraw() likewise, and the bulk is made of
 * nt->cluster_scope only (named_distribute), so no peer ever learns it.
 */
When(
  'node {int} binds the service range {range} at node scope',
  catalogue({
    group: 'action',
    means:
      'The node binds (publishes) the service range at node scope (TIPC_NODE_SCOPE): a binding only its own node may see, which it never distributes (tipc_named_publish sends no message for it, and the bulk a new peer gets holds only cluster-scope bindings). It is not "that update" of later steps. Fails if the bind is refused; then lets 100 ms pass.',
    params: [
      { name: 'node', meaning: 'node number (address 1.1.N)' },
      { name: 'range', meaning: 'a service range as {type, lower, upper}, e.g. {7000, 0, 9}', type: RANGE },
    ],
    needs: ['naming'],
    example: 'node 1 binds the service range {7000, 0, 9} at node scope',
  }),
  async function (this: ConformanceWorld, node: number, range: ServiceRange) {
    const { type, lower, upper } = range;
    const port = portFor(type, 0);
    const ok = await this.bindings.publish(node, { type, lower, upper, scope: 'node', port, key: port });
    if (!ok) throw new ExpectationError(`node ${node} to bind ${rangeText(range)} at node scope`, 'the bind was refused');
    await this.runUntil(() => false, 100);
  },
);

When(
  'node {int} unbinds the service range {range}',
  catalogue({
    group: 'action',
    means:
      'The node unbinds (withdraws) the service range it holds, whatever its key; its NAME_DISTRIBUTOR WITHDRAWAL becomes "that update" of later steps. Fails if the node holds no such binding or refuses; then lets 100 ms pass.',
    params: [
      { name: 'node', meaning: 'node number (address 1.1.N)' },
      { name: 'range', meaning: 'a service range as {type, lower, upper}, e.g. {7000, 0, 9}', type: RANGE },
    ],
    needs: ['naming'],
    example: 'node 1 unbinds the service range {6000, 0, 9}',
  }),
  async function (this: ConformanceWorld, node: number, range: ServiceRange) {
    await unbindOne(this, node, range);
    await this.runUntil(() => false, 100);
  },
);

/**
 * The window of the stale-message rule (cad2929dc432 v2): the kernel sends the bulk for a new peer
 * from tipc_node_write_unlock(), after the peer has joined the broadcast link, so a binding made
 * on another CPU in between goes out by broadcast and is in the bulk too. The harness owns virtual
 * time, so it can stop in that instant for the in-process reference and for a process IUT alike:
 * the IUT must run its node-up work from a timer due now, not inside the frame that brought the
 * link up (the kernel does it after dropping the node lock).
 */
When(
  'node {int} binds the service range {range} in the instant node {int} comes up on it, before its bulk goes out',
  catalogue({
    group: 'action',
    means:
      "Lets time run until a link of the node to the peer is ESTABLISHED and, in that instant, before the node's NAME_DISTRIBUTOR bulk for the peer is on the wire, binds the range at cluster scope, so it goes out as an update and is in the bulk too (the window of the stale-message rule of cad2929dc432). Fails if no link comes up within 10000 ms or the bulk went out first; then lets 100 ms pass.",
    params: [
      { name: 'node', meaning: 'node number (address 1.1.N)' },
      { name: 'range', meaning: 'a service range as {type, lower, upper}, e.g. {7000, 0, 9}', type: RANGE },
      { name: 'peer', meaning: 'the node coming up (node number)' },
    ],
    needs: ['naming', 'link', 'virtual-time'],
    example: 'node 1 binds the service range {6000, 0, 9} in the instant node 2 comes up on it, before its bulk goes out',
  }),
  async function (this: ConformanceWorld, node: number, range: ServiceRange, peer: number) {
    const c = await this.cluster();
    const bearers = this.setup.bearers();
    // The first link up makes the peer reachable (it joins the broadcast link there and then).
    const linkUp = async (): Promise<boolean> => {
      for (const b of bearers) if ((await c.linkState(node, peer, b)) === 'ESTABLISHED') return true;
      return false;
    };
    const up = await this.runUntil(linkUp, 10000, { settle: false });
    if (!up) throw new ExpectationError(`a link of node ${node} to node ${peer} to come up within 10000 ms`, `node ${peer} is ${await c.nodeState(node, peer)}`);
    const bulkOut = c.wireFrames().some((f) => f.from === node && f.to === peer && f.named?.is_bulk);
    if (bulkOut) throw new ExpectationError(`node ${node}'s bulk for node ${peer} still to come when node ${peer} is up`, 'the bulk was already on the wire');
    await bindOne(this, node, range);
    await this.runUntil(() => false, 100);
  },
);

/**
 * 2 × count updates, one per ms: enough to bring the 16-bit named_seqno round (65536 updates
 * after an update, the sequence reuses its number).
 */
When(
  'node {int} binds and unbinds the service range {range} {int} times, an update per ms',
  catalogue({
    group: 'action',
    means:
      'The node binds and unbinds the range at cluster scope that many times, one update (PUBLICATION, then WITHDRAWAL) per ms: 32767 times brings the 16-bit named_seqno round. Fails if a bind or unbind is refused.',
    params: [
      { name: 'node', meaning: 'node number (address 1.1.N)' },
      { name: 'range', meaning: 'a service range as {type, lower, upper}, e.g. {7000, 0, 9}', type: RANGE },
      { name: 'count', meaning: 'number of bind-and-unbind rounds' },
    ],
    needs: ['naming'],
    example: 'node 1 binds and unbinds the service range {6100, 0, 9} 32767 times, an update per ms',
  }),
  async function (this: ConformanceWorld, node: number, range: ServiceRange, count: number) {
    const c = await this.cluster();
    const { type, lower, upper } = range;
    const port = portFor(type, 0);
    for (let i = 0; i < count; i++) {
      if (!(await this.bindings.publish(node, { type, lower, upper, scope: 'cluster', port, key: port }))) {
        throw new ExpectationError(`node ${node} to bind ${rangeText(range)} (round ${i + 1})`, 'the bind was refused');
      }
      await c.advance(1);
      if (!(await this.bindings.withdraw(node, { type, lower, upper, key: port }))) {
        throw new ExpectationError(`node ${node} to unbind ${rangeText(range)} (round ${i + 1})`, 'the unbind was refused');
      }
      await c.advance(1);
    }
  },
);

/**
 * A background stream of updates, as the numbered message streams of traffic.steps.ts are one of
 * data: it runs on the harness's time while later steps disturb the links, and stops on a step.
 */
When(
  'node {int} starts binding and unbinding the service range {range}, one update every {int} ms',
  catalogue({
    group: 'action',
    means:
      'From now on, whenever time runs, the node binds the range at cluster scope, unbinds it, binds it again, ..., one update (NAME_DISTRIBUTOR PUBLICATION, then WITHDRAWAL) per period, the first now, until "node N stops binding and unbinding" or the node restarts; meanwhile later steps act. Fails the step during which a bind or unbind is refused.',
    params: [
      { name: 'node', meaning: 'node number (address 1.1.N)' },
      { name: 'range', meaning: 'a service range as {type, lower, upper}, e.g. {7000, 0, 9}', type: RANGE },
      { name: 'period', meaning: 'time between two updates, ms' },
    ],
    needs: ['naming'],
    example: 'node 2 starts binding and unbinding the service range {7000, 0, 9}, one update every 5 ms',
  }),
  async function (this: ConformanceWorld, node: number, range: ServiceRange, every: number) {
    if (!(every >= 1)) throw new Error(`a binding stream needs a period of at least 1 ms, got ${every}`);
    const c = await this.cluster();
    this.bindingStreams.start(node, range, every, c.now());
    await this.bindingStreams.updateDue(() => c.now());
  },
);

When(
  'node {int} stops binding and unbinding',
  catalogue({
    group: 'action',
    means:
      "Stops the node's background stream of bindings and unbindings; no time passes. The range stays as the last update left it: bound if that was a bind. Fails if the node has no stream running.",
    params: [{ name: 'node', meaning: 'node number (address 1.1.N)' }],
    needs: ['naming'],
    example: 'node 2 stops binding and unbinding',
  }),
  function (this: ConformanceWorld, node: number) {
    const s = this.bindingStreams.activeOn(node);
    if (!s) throw new Error(`node ${node} is not binding and unbinding: start a stream first ("node ${node} starts binding and unbinding the service range ...")`);
    s.stop();
    this.attach(`node ${node} made ${s.updates} updates of ${rangeText(s.range)}, one every ${s.everyMs} ms`);
  },
);

When(
  'node {int} binds and unbinds the service range {range} {int} times at once',
  catalogue({
    group: 'action',
    means:
      "The node binds the range at cluster scope and unbinds it again that many times, as fast as it can, with no time passing in between: each bind and unbind is a name distribution update, so the node's 16-bit named sequence number moves twice the count forward (20000 times takes it into the upper half, 32769-65535). Peers up at the time receive the updates; with none, only the counter moves. Fails if a bind or unbind is refused.",
    params: [
      { name: 'node', meaning: 'node number (address 1.1.N)' },
      { name: 'range', meaning: 'a service range as {type, lower, upper}, e.g. {7000, 0, 9}', type: RANGE },
      { name: 'count', meaning: 'number of bind-and-unbind rounds' },
    ],
    needs: ['naming'],
    example: 'node 2 binds and unbinds the service range {6100, 0, 9} 20000 times at once',
  }),
  async function (this: ConformanceWorld, node: number, range: ServiceRange, count: number) {
    const c = await this.cluster();
    if (!(await c.churn(node, range, count))) {
      throw new ExpectationError(`node ${node} to bind and unbind ${rangeText(range)} ${count} times`, 'a bind or unbind was refused');
    }
  },
);

/**
 * cad2929dc432 on the wire: every message of the bulk a node sends a new peer is marked is_bulk and
 * not_legacy; only the last is_last_bulk, carrying the sequence number the next update will have;
 * later updates carry not_legacy and consecutive sequence numbers from there.
 */
Then(
  "node {int}'s bindings reach node {int} marked for sequence control",
  catalogue({
    group: 'observation',
    means:
      "On the wire, the NAME_DISTRIBUTOR messages delivered from the first node to the second: fails unless there are a bulk and then updates, every bulk message not_legacy, only the last one is_last_bulk and the others with named_seqno 0, and the updates not_legacy with consecutive named_seqno from the last bulk message's.",
    params: [
      { name: 'from', meaning: 'the node that bound (node number)' },
      { name: 'to', meaning: 'the peer (node number)' },
    ],
    needs: ['named-bcast'],
    example: "node 1's bindings reach node 2 marked for sequence control",
  }),
  async function (this: ConformanceWorld, from: number, to: number) {
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
  },
);

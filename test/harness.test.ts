/**
 * The harness cluster drives every node through the contract: a node that answers later (a child
 * process) is awaited, not blocked on, and the run is the same event for event. The clock is the
 * nodes' choice, and so is the latency the steps allow.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { ClusterAdapter, ClusterRecord, Latency, NodeStack } from '../contract';
import { referenceCluster } from './support/harness';

/** The same node, answering every call a turn of the event loop later, as a node in another process does. */
function later(n: NodeStack, latency?: Latency): NodeStack {
  const defer = <T>(v: T): Promise<T> => new Promise((resolve) => setImmediate(() => resolve(v)));
  return {
    get address() {
      return n.address;
    },
    get bearerCount() {
      return n.bearerCount;
    },
    clock: n.clock,
    latency: latency ?? n.latency,
    get onActivity() {
      return n.onActivity;
    },
    set onActivity(f) {
      n.onActivity = f;
    },
    prepare: () => n.prepare(),
    start: async (now) => defer(await n.start(now)),
    receive: async (now, b, bytes) => defer(await n.receive(now, b, bytes)),
    tick: async (now) => defer(await n.tick(now)),
    pollTimeout: () => n.pollTimeout(),
    pollTransmit: () => n.pollTransmit(),
    pollEvents: () => n.pollEvents(),
    pollNotes: () => n.pollNotes(),
    bearerUp: async (now, b) => defer(await n.bearerUp(now, b)),
    bearerDown: async (now, b) => defer(await n.bearerDown(now, b)),
    publish: async (now, b) => defer(await n.publish(now, b)),
    withdraw: async (now, t, l, u, k) => defer(await n.withdraw(now, t, l, u, k)),
    sendData: async (now, d, p, payload) => defer(await n.sendData(now, d, p, payload)),
    dataPort: async () => defer(await n.dataPort()),
    setLinkTolerance: async (now, p, b, t) => defer(await n.setLinkTolerance(now, p, b, t)),
    setLinkPriority: async (now, p, b, pr) => defer(await n.setLinkPriority(now, p, b, pr)),
    linkState: async (p, b) => defer(await n.linkState(p, b)),
    nodeState: async (p) => defer(await n.nodeState(p)),
    dropPoint: async (p, b) => defer(await n.dropPoint(p, b)),
    linkTolerance: async (p, b) => defer(await n.linkTolerance(p, b)),
    linkName: async (p, b) => defer(await n.linkName(p, b)),
    nameTable: async () => defer(await n.nameTable()),
    refresh: (fresh) => n.refresh(fresh),
    fault: () => n.fault(),
    close: () => n.close(),
    attachments: () => n.attachments(),
  };
}

/** A bearer failure under traffic and bindings: links, failover, tunnel, name distribution. */
async function scenario(c: ClusterAdapter & ClusterRecord): Promise<string> {
  await c.start();
  await c.publish(1, { type: 7000, lower: 0, upper: 9, scope: 'cluster', port: 5, key: 5 });
  const upOn = async (b: 'A' | 'B'): Promise<boolean> => (await c.linkState(1, 2, b)) === 'ESTABLISHED' && (await c.linkState(2, 1, b)) === 'ESTABLISHED';
  assert.equal(await c.waitUntil(async () => (await upOn('A')) && (await upOn('B')), 3000), true, 'both links up');
  c.addRule({ name: 'loss', match: { bearer: 0 }, action: { kind: 'drop' }, probability: 0.1 });
  const port = await c.dataPort(2);
  for (let i = 1; i <= 50; i++) {
    await c.sendData(1, 2, port, Uint8Array.of(0, 0, 0, i));
    await c.advance(3);
  }
  await c.setBearerUp(1, 'A', false);
  await c.publish(2, { type: 7001, lower: 1, upper: 1, scope: 'cluster', port: 6, key: 6 });
  assert.equal(await c.waitUntil(async () => (await c.nodeState(1, 2)) === 'SELF_UP_PEER_UP' && (await c.linkState(1, 2, 'A')) === 'ABSENT' || (await c.linkState(1, 2, 'A')) === 'RESET', 5000), true);
  await c.advance(2000);
  assert.ok((await c.nameTable(1)).some((b) => b.node === 2 && b.type === 7001), 'node 1 learnt node 2\'s binding after the failover');
  await c.stop();
  return c.traceText();
}

test('a node that answers later gives the same run, event for event, as one that answers at once', async () => {
  const spec = { nodes: [1, 2], iut: [1], seed: 11 };
  const atOnce = await scenario(referenceCluster(spec));
  const deferred = await scenario(referenceCluster(spec, 'fixed', (n) => (n.address === 0x1001001 ? later(n) : n)));
  const allDeferred = await scenario(referenceCluster(spec, 'fixed', (n) => later(n)));
  assert.ok(atOnce.split('\n').length > 200, `a real run: ${atOnce.split('\n').length} lines`);
  assert.ok(/TUNNEL_PROTOCOL\/FAILOVER/.test(atOnce), 'the run fails over');
  assert.equal(deferred, atOnce);
  assert.equal(allDeferred, atOnce);
});

test('the cluster allows the largest latency its nodes declare, and none on the harness clock', () => {
  const spec = { nodes: [1, 2, 3], iut: [2], seed: 1 };
  assert.deepEqual(referenceCluster(spec).latency, { reactionMs: 0, observationMs: 0, timerLate: 0 });
  const slow = referenceCluster(spec, 'fixed', (n) => (n.address === 0x1001002 ? later(n, { reactionMs: 40, observationMs: 7, timerLate: 0.1 }) : n.address === 0x1001003 ? later(n, { reactionMs: 5, observationMs: 300, timerLate: 0.3 }) : n));
  assert.deepEqual(slow.latency, { reactionMs: 40, observationMs: 300, timerLate: 0.3 });
});

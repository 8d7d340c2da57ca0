/**
 * The reference stack end to end on the simulated wire, below the Gherkin layer: link set-up as
 * the real kernels did it, delivery under loss (acknowledgement and retransmission), and the
 * determinism the traces promise.
 */
import { macBytes } from '../contract';
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { ClusterAdapter, ClusterRecord } from '../contract';
import { referenceCluster } from './support/harness';
import { ReferenceNode } from '../adapters/reference/reference-node';
import { HarnessCluster } from '../harness/cluster';
import { PROFILES } from '../reference/profiles';

function cluster(seed: number): ClusterAdapter & ClusterRecord {
  return referenceCluster({ nodes: [1, 2], iut: [1], seed });
}

async function up(c: ClusterAdapter): Promise<boolean> {
  for (const b of ['A', 'B'] as const) {
    if ((await c.linkState(1, 2, b)) !== 'ESTABLISHED' || (await c.linkState(2, 1, b)) !== 'ESTABLISHED') return false;
  }
  return true;
}

test('both links come up and the nodes exchange their name tables', async () => {
  const c = cluster(1);
  await c.start();
  await c.publish(2, { type: 1000, lower: 0, upper: 9, scope: 'cluster', port: 77, key: 77 });
  assert.equal(await c.waitUntil(() => up(c), 3000), true, 'links up within 3 s');
  await c.advance(100);
  assert.equal(await c.nodeState(1, 2), 'SELF_UP_PEER_UP');
  assert.ok((await c.nameTable(1)).some((b) => b.node === 2 && b.type === 1000), 'node 1 learnt {1000,0,9} from node 2');
  assert.ok((await c.nameTable(1)).some((b) => b.node === 2 && b.type === 0), 'node 1 learnt node 2\'s node-state binding');
  // Link set-up exchanges RESET, ACTIVATE and STATE as in shared/captures/link-setup
  const kinds = new Set(c.traceText().split('\n').map((l) => /(LINK_PROTOCOL\/[A-Z]+)/.exec(l)?.[1]).filter(Boolean));
  assert.deepEqual([...kinds].sort(), ['LINK_PROTOCOL/ACTIVATE', 'LINK_PROTOCOL/RESET', 'LINK_PROTOCOL/STATE']);
});

test('every message arrives once and in order across 20% loss on both bearers', async () => {
  const c = cluster(3);
  await c.start();
  assert.equal(await c.waitUntil(() => up(c), 3000), true);
  c.addRule({ name: 'loss', match: {}, action: { kind: 'drop' }, probability: 0.2 });
  for (let i = 1; i <= 400; i++) {
    const p = new Uint8Array(4);
    new DataView(p.buffer).setUint32(0, i);
    await c.sendData(1, 2, 99, p);
    await c.advance(2);
  }
  c.removeRule('loss');
  await c.waitUntil(() => c.deliveries(2).length >= 400, 10000);
  const got = c.deliveries(2).map((d) => new DataView(d.payload.buffer, d.payload.byteOffset, 4).getUint32(0));
  assert.deepEqual(got, Array.from({ length: 400 }, (_, i) => i + 1));
  assert.ok(/drop\(loss\)/.test(c.traceText()), 'the loss rule really dropped frames');
});

test('the same seed gives a byte-identical trace; another seed does not', async () => {
  const run = async (seed: number): Promise<string> => {
    const c = cluster(seed);
    await c.start();
    c.addRule({ name: 'loss', match: {}, action: { kind: 'drop' }, probability: 0.1 });
    await c.advance(3000);
    return c.traceText();
  };
  const a = await run(42);
  const b = await run(42);
  const other = await run(43);
  assert.ok(a.length > 1000, 'a real trace');
  assert.equal(a, b);
  assert.notEqual(a, other);
});

test('malformed frames are rejected with a typed error and change nothing', async () => {
  const { TipcNode } = await import('../reference/net');
  const { PROFILES } = await import('../reference/profiles');
  const n = new TipcNode({ address: 0x01001001, profile: PROFILES.fixed, seed: 1, bearers: [{ if_name: 'eth0', mac: macBytes(1, 0) }] });
  n.start(0);
  n.pollEvents();
  const bad = [new Uint8Array(0), Uint8Array.of(1, 2, 3), new Uint8Array(40).fill(0xff), Uint8Array.from({ length: 64 }, (_, i) => (i * 37) & 0xff)];
  for (const b of bad) assert.doesNotThrow(() => n.receive(10, 0, b));
  const ev = n.pollEvents();
  assert.equal(ev.length, bad.length);
  for (const e of ev) {
    assert.equal(e.kind, 'frame-rejected');
    if (e.kind === 'frame-rejected') assert.match(e.error.code, /^(TOO_SHORT|BAD_VERSION|BAD_HSIZE|BAD_MSIZE|TRUNCATED)$/);
  }
  assert.equal(n.nodeState(0x01001002), undefined, 'no peer learnt from garbage');
  assert.deepEqual(n.pollTransmit(), []);
});

test('supervision: a silent link fails after its tolerance, probing every keepalive interval', async () => {
  const c = cluster(5);
  await c.start();
  assert.equal(await c.waitUntil(() => up(c), 3000), true);
  const cutAt = c.now();
  c.addRule({ name: 'silence A', match: { bearer: 0 }, action: { kind: 'drop' } });
  assert.equal(await c.waitUntil(async () => (await c.linkState(1, 2, 'A')) !== 'ESTABLISHED', 5000), true);
  const failedAfter = c.now() - cutAt;
  // tolerance 1500 ms: keepalive min(1500/4, 500) = 375 ms, abort limit 1500/375 = 4, so the link
  // fails at the first tick with more than 4 silent intervals: after 1875..2250 ms
  assert.ok(failedAfter > 1500 && failedAfter <= 2250, `link A failed ${failedAfter} ms after it went silent`);
  const probes = c
    .traceText()
    .split('\n')
    .filter((l) => / 1>2 bearer A drop\(silence A\) LINK_PROTOCOL\/STATE .*PROBE/.test(l))
    .map((l) => Number(/^\[\s*([\d.]+)\]/.exec(l)?.[1]) * 1000);
  assert.ok(probes.length >= 4, `node 1 probed the silent link ${probes.length} times`);
  for (let i = 1; i < probes.length; i++) assert.equal(Math.round(probes[i] - probes[i - 1]), 375, 'one probe per keepalive interval');
  // the other link takes over: node 2 stays reachable
  assert.equal(['SELF_UP_PEER_UP', 'FAILINGOVER'].includes(await c.nodeState(1, 2)), true);
});

test('a stale RESET (not a newer session) is dropped while the link is up', async () => {
  const c = cluster(6);
  // Park node 2's first RESET on bearer A; later ones of the same session bring the link up.
  c.addRule({ name: 'park first RESET', match: { bearer: 0, from: 2, to: 1, user: 7, mtype: 1 }, action: { kind: 'hold' }, count: 1 });
  await c.start();
  assert.equal(await c.waitUntil(() => up(c), 5000), true);
  await c.advance(500);
  assert.equal(c.releaseHeld('park first RESET'), 1);
  await c.advance(2000);
  assert.equal(await c.linkState(1, 2, 'A'), 'ESTABLISHED', 'a RESET of the current session must not reset the link');
  assert.ok(!c.stateChanges().some((s) => s.node === 1 && s.what === 'link' && s.event === 'PEER_RESET_EVT' && s.from === 'ESTABLISHED'));
});

test('a node down for 300 s is deleted; rediscovered, it starts afresh (drop_point 0)', async () => {
  const c = cluster(8);
  await c.start();
  assert.equal(await c.waitUntil(() => up(c), 5000), true);
  await c.publish(2, { type: 5000, lower: 1, upper: 1, scope: 'cluster', port: 9, key: 9 });
  await c.advance(200);
  // bearer A fails: node 1's link B becomes the tunnel and inherits a drop_point
  c.addRule({ name: 'cut A', match: { bearer: 0 }, action: { kind: 'drop' } });
  await c.advance(4000);
  const inherited = await c.dropPoint(1, 2, 'B');
  assert.ok(inherited !== undefined && inherited > 1, `failover left drop_point ${inherited} on link 1B`);
  c.addRule({ name: 'cut B', match: { bearer: 1 }, action: { kind: 'drop' } });
  assert.equal(await c.waitUntil(async () => (await c.nodeState(1, 2)).startsWith('SELF_DOWN'), 5000), true);
  await c.advance(300_000);
  assert.equal(await c.nodeState(1, 2), 'ABSENT', 'deleted after NODE_CLEANUP_AFTER');
  c.clearRules();
  assert.equal(await c.waitUntil(() => up(c), 5000), true, 'rediscovered and up again');
  assert.equal(await c.dropPoint(1, 2, 'B'), 0, 'a new link: no stale drop_point');
  await c.advance(200);
  assert.ok((await c.nameTable(1)).some((b) => b.node === 2 && b.type === 5000), 'and the name table is refilled');
});

test('a tolerance outside 50..30000 ms is refused when set (tipc_nl_parse_link_prop); 50 and 30000 are taken and announced', async () => {
  // node 2's 30000 ms on bearer A is set before the cluster starts: RESET and ACTIVATE carry 0, so node 1 never learns it
  const c = referenceCluster({ nodes: [1, 2], iut: [1], seed: 9, bearerSettings: new Map([[2, new Map([['A', { tolerance: 30000 }]])]]) });
  await c.start();
  assert.equal(await c.waitUntil(() => up(c), 3000), true);
  assert.equal(await c.linkTolerance(1, 2, 'A'), 1500);
  assert.equal(await c.linkTolerance(2, 1, 'A'), 30000);
  assert.ok(!/LINK_PROTOCOL\/(RESET|ACTIVATE) .*tol=/.test(c.traceText()), 'no RESET or ACTIVATE carries a tolerance');
  for (const refused of [49, 30001, 0, 65535]) {
    assert.equal(await c.setLinkTolerance(1, 2, 'A', refused), false, `${refused} ms refused`);
    assert.equal(await c.linkTolerance(1, 2, 'A'), 1500, `${refused} ms left the link as it was`);
  }
  assert.match(c.traceText(), /node 1: link <1001001:eth0-1001002:eth0> tolerance 49 ms refused \(not within 50\.\.30000\): EINVAL/);
  for (const taken of [50, 30000]) {
    assert.equal(await c.setLinkTolerance(1, 2, 'A', taken), true, `${taken} ms taken`);
    assert.equal(await c.linkTolerance(1, 2, 'A'), taken);
    await c.advance(2);
    assert.equal(await c.linkTolerance(2, 1, 'A'), taken, `node 2 took ${taken} ms over from node 1's STATE`);
  }
  assert.match(c.traceText(), / 1>2 bearer A deliver LINK_PROTOCOL\/STATE .*tol=50$/m);
  assert.equal(await c.setLinkTolerance(1, 3, 'A', 1000), false, 'no link endpoint to node 3');
});

test('a tolerance out of range that the peer announces is ignored (tipc_link_proto_rcv)', async () => {
  // node 2 checks no range (as no Linux does): it takes 49 ms and announces it in a STATE
  const unchecked = { ...PROFILES.fixed, link_tolerance_range: false };
  // bearer A only: with a parallel link, node 2's failover after its 49 ms ran out would take node 1's link down too
  const c = new HarnessCluster({
    spec: { nodes: [1, 2], iut: [1], seed: 10, bearers: ['A'] },
    description: 'reference:fixed',
    makeNode: (setup) => new ReferenceNode(setup, setup.id === 2 ? unchecked : PROFILES.fixed),
  });
  await c.start();
  const upA = async (): Promise<boolean> => (await c.linkState(1, 2, 'A')) === 'ESTABLISHED' && (await c.linkState(2, 1, 'A')) === 'ESTABLISHED';
  assert.equal(await c.waitUntil(upA, 3000), true);
  assert.equal(await c.setLinkTolerance(2, 1, 'A', 49), true);
  await c.advance(2);
  assert.match(c.traceText(), / 2>1 bearer A deliver LINK_PROTOCOL\/STATE .*tol=49$/m);
  assert.equal(await c.linkTolerance(2, 1, 'A'), 49);
  assert.equal(await c.linkTolerance(1, 2, 'A'), 1500, 'node 1 keeps its own');
  assert.match(c.traceText(), /node 1: link <1001001:eth0-1001002:eth0> ignores the peer's tolerance 49 ms \(not within 50\.\.30000\)/);
  // node 1's supervision is still 1500 ms: silent, its link holds well past 49 ms
  c.addRule({ name: 'silence A', match: { bearer: 0 }, action: { kind: 'drop' } });
  await c.advance(1500);
  assert.equal(await c.linkState(1, 2, 'A'), 'ESTABLISHED');
  assert.notEqual(await c.linkState(2, 1, 'A'), 'ESTABLISHED', "node 2's 49 ms ran out");
});

test("a new tolerance takes effect at the node's next timer tick: the keepalive interval changes then, not at once", async () => {
  const c = cluster(12);
  await c.start();
  assert.equal(await c.waitUntil(() => up(c), 3000), true);
  await c.advance(1000);
  // node 1's probes on bearer A: one per node timer tick (375 ms at the default 1500 ms)
  const probes = (): number[] =>
    c
      .traceText()
      .split('\n')
      .filter((l) => / 1>2 bearer A deliver LINK_PROTOCOL\/STATE .*PROBE/.test(l))
      .map((l) => Math.round(Number(/^\[\s*([\d.]+)\]/.exec(l)?.[1]) * 1000));
  const before = probes();
  // 100 ms after the tick that follows the last probe so far
  const lastTick = (before[before.length - 1] ?? assert.fail('no probe yet')) + 375;
  await c.advance(lastTick + 100 - c.now());
  assert.equal(probes().pop(), lastTick);
  const setAt = c.now();
  assert.equal(await c.setLinkTolerance(1, 2, 'A', 200), true);
  assert.equal(await c.linkTolerance(1, 2, 'A'), 200, 'the link endpoint holds the new tolerance at once');
  await c.advance(400);
  const after = probes().filter((t) => t > setAt);
  // the tick already due (lastTick + 375) comes as planned; from then on min(200/4, 500) = 50 ms
  assert.ok(after.length >= 3, `probes after the change: ${after.join(', ')}`);
  assert.equal(after[0], lastTick + 375, `first probe after the change ${after[0]}, last tick before ${lastTick}`);
  for (let i = 1; i < after.length; i++) assert.equal(after[i] - (after[i - 1] as number), 50, `probes ${after.join(', ')}`);
});

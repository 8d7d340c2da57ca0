/**
 * What the harness reads off its wire for the staging and tunnel checks (issue 17, items 3 and
 * 5): frames still on the way (held back or in flight) with their fields, the link sequence
 * number, and the message a FAILOVER_MSG carries, decoded from the reference's real bytes.
 */
import { strict as assert } from 'node:assert';
import { test } from 'node:test';
import { FAILOVER_MSG, NAME_DISTRIBUTOR, PUBLICATION, TUNNEL_PROTOCOL } from '../contract';
import { referenceCluster } from './support/harness';

const RANGE = { type: 7000, lower: 0, upper: 9 };

test('a held bulk is on the way, not in the trace, until it is released', async () => {
  const c = referenceCluster({ nodes: [1, 2], iut: [1], seed: 1, bearers: ['A'] });
  await c.publish(1, { ...RANGE, scope: 'cluster', port: 1, key: 1 });
  c.addRule({ name: 'bulk', match: { from: 1, to: 2, user: NAME_DISTRIBUTOR, broadcast: false }, action: { kind: 'hold' } });
  await c.start();
  assert.equal(await c.waitUntil(async () => (await c.nodeState(1, 2)) === 'SELF_UP_PEER_UP', 5000), true);
  await c.advance(50);
  const bulk = (f: { from: number; user?: number; named?: { is_bulk: boolean } }): boolean => f.from === 1 && f.user === NAME_DISTRIBUTOR && f.named?.is_bulk === true;
  assert.equal(c.wireFrames().filter(bulk).length, 0, 'a held frame has no trace entry');
  const onTheWay = c.framesOnTheWay().filter(bulk);
  assert.equal(onTheWay.length, 1);
  assert.equal(onTheWay[0]?.fate, 'held(bulk)');
  assert.equal(onTheWay[0]?.named?.is_last_bulk, true);
  assert.deepEqual(onTheWay[0]?.named?.ranges.filter((r) => r.type === RANGE.type), [RANGE]);
  assert.equal(typeof onTheWay[0]?.seqno, 'number');
  assert.equal(c.releaseHeld('bulk'), 1);
  await c.advance(0);
  assert.equal(c.framesOnTheWay().filter(bulk).length, 0);
  const arrived = c.wireFrames().filter(bulk);
  assert.equal(arrived.length, 1);
  assert.equal(arrived[0]?.n, onTheWay[0]?.n, 'the same frame, by its number');
  await c.stop();
});

test("a FAILOVER_MSG's tunnelled update is decoded", async () => {
  // link A preferred on both sides, so node 2's unicast update goes on it
  const preferA = new Map([['A' as const, { priority: 20 }]]);
  // node 2 a legacy node (the profile of the nodes under test), which sends its update by unicast
  const c = referenceCluster({ nodes: [1, 2], iut: [2], seed: 1, bearerSettings: new Map([[1, preferA], [2, preferA]]) }, 'legacy');
  await c.start();
  assert.equal(await c.waitUntil(async () => (await c.linkState(1, 2, 'A')) === 'ESTABLISHED' && (await c.linkState(1, 2, 'B')) === 'ESTABLISHED', 5000), true);
  await c.advance(500);
  await c.publish(2, { ...RANGE, scope: 'cluster', port: 1, key: 1 });
  await c.advance(100);
  c.addRule({ name: 'cut', match: { bearer: 0 }, action: { kind: 'drop' } });
  await c.advance(5000);
  const failovers = c.wireFrames().filter((f) => f.user === TUNNEL_PROTOCOL && f.mtype === FAILOVER_MSG);
  assert.ok(failovers.length > 0, 'a failover happened');
  const carried = failovers.filter((f) => f.from === 2 && f.tunnelled?.user === NAME_DISTRIBUTOR && f.tunnelled.mtype === PUBLICATION);
  const ranges = carried.flatMap((f) => f.tunnelled?.named?.ranges ?? []);
  assert.ok(ranges.some((r) => r.type === RANGE.type && r.lower === RANGE.lower && r.upper === RANGE.upper), JSON.stringify(failovers.map((f) => f.tunnelled)));
  await c.stop();
});

test("a user message's origin port (the sender's selector) is read off the wire; other users carry none", async () => {
  const c = referenceCluster({ nodes: [1, 2], iut: [1], seed: 1, bearers: ['A'] });
  await c.start();
  assert.equal(await c.waitUntil(async () => (await c.nodeState(1, 2)) === 'SELF_UP_PEER_UP', 5000), true);
  const port = await c.dataPort(2);
  assert.equal(await c.sendData(1, 2, port, Uint8Array.of(0, 0, 0, 1)), true);
  await c.advance(10);
  const data = c.wireFrames().filter((f) => f.from === 1 && f.user === 0);
  assert.equal(data.length, 1);
  assert.equal(data[0]?.origport, port, 'the reference sends from a socket bound to its data port');
  assert.ok(c.wireFrames().filter((f) => f.user !== undefined && f.user > 3).every((f) => f.origport === undefined));
  await c.stop();
});

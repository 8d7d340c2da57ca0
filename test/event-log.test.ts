/**
 * A node's events as the harness keeps them (harness/event-log.ts): the FSM transitions as
 * numbered rows, the rest as they came. What is read back is what the node reported, in order,
 * with the time it was reported.
 */
import { strict as assert } from 'node:assert';
import { test } from 'node:test';
import type { NodeEventReport } from '../contract';
import { EventLog } from '../harness/event-log';

const LINK_UP: NodeEventReport = { kind: 'link-fsm', peer: 0x1001002, bearer: 1, from: 'ESTABLISHING', evt: 'ESTABLISH_EVT', to: 'ESTABLISHED' };
const NODE_UP: NodeEventReport = { kind: 'node-fsm', peer: 0x1001002, from: 'SELF_DOWN_PEER_LEAVING', evt: 'SELF_ESTABL_CONTACT_EVT', to: 'SELF_UP_PEER_COMING' };
const APPLIED: NodeEventReport = { kind: 'name-applied', peer: 0x1001003, op: 'publish', type: 7000, lower: 0, upper: 9, accepted: true };
const DATA: NodeEventReport = { kind: 'data', from: 0x1001002, port: 4711, payload: new Uint8Array([1, 2, 3]) };

test('the transitions read back as reported, in order, with their times; the other events as they came', () => {
  const log = new EventLog();
  const reported: [number, NodeEventReport][] = [
    [0.5, LINK_UP],
    [1, APPLIED],
    [1, NODE_UP],
    [2.25, DATA],
    [3, { ...LINK_UP, bearer: 0, from: 'ESTABLISHED', evt: 'PEER_RESET_EVT', to: 'RESET' }],
    [3, { ...NODE_UP, peer: -7, from: 'SELF_UP_PEER_COMING', to: 'SELF_UP_PEER_COMING' }],
  ];
  for (const [at, e] of reported) log.push(at, e);

  assert.equal(log.changes, 4);
  const changes = Array.from({ length: log.changes }, (_, i) => [log.changeAt(i), log.change(i)]);
  assert.deepEqual(
    changes,
    reported.filter(([, e]) => e.kind === 'link-fsm' || e.kind === 'node-fsm'),
  );
  const others: [number, NodeEventReport][] = [];
  log.forEachOther((at, e) => others.push([at, e]));
  assert.deepEqual(others, [
    [1, APPLIED],
    [2.25, DATA],
  ]);
  assert.equal(others[1]?.[1], DATA, 'an event that is not a transition is the object reported');
  assert.throws(() => log.change(4), RangeError);
});

test('a log grows past its first columns, and past pages of them, and keeps every transition', () => {
  const log = new EventLog();
  const n = 2500;
  for (let i = 0; i < n; i++) log.push(i * 1.5, { ...LINK_UP, peer: 0x1001000 + i, bearer: i % 2 });
  assert.equal(log.changes, n);
  for (const i of [0, 31, 32, 33, 511, 1023, 1024, 2048, 2499]) {
    assert.equal(log.changeAt(i), i * 1.5);
    assert.deepEqual(log.change(i), { ...LINK_UP, peer: 0x1001000 + i, bearer: i % 2 });
  }
});

test('a transition whose numbers do not fit the columns reads back as reported', () => {
  const log = new EventLog();
  const odd: NodeEventReport[] = [
    { ...LINK_UP, peer: 2 ** 32 + 1 },
    { ...LINK_UP, peer: -0 },
    { ...LINK_UP, peer: 1.5 },
    { ...LINK_UP, bearer: 256 },
    { ...LINK_UP, bearer: -1 },
    { ...NODE_UP, peer: Number.NaN },
  ];
  log.push(0, LINK_UP);
  for (const e of odd) log.push(1, e);
  log.push(2, LINK_UP);
  assert.deepStrictEqual(
    Array.from({ length: log.changes }, (_, i) => log.change(i)),
    [LINK_UP, ...odd, LINK_UP],
  );
  assert.ok(Object.is(log.change(2).peer, -0));
  assert.deepEqual(
    Array.from({ length: log.changes }, (_, i) => log.selfChange(i)),
    Array.from({ length: log.changes }, () => false),
  );
  log.push(3, { ...LINK_UP, peer: 2 ** 40, from: 'RESET', to: 'RESET' });
  log.push(3, { ...LINK_UP, from: 'RESET', to: 'RESET' });
  assert.deepEqual([log.selfChange(8), log.selfChange(9)], [true, true]);
});

test('binding table items read back as reported, among the other events in the order reported, past the first columns and pages of them', () => {
  const log = new EventLog();
  const reported: [number, NodeEventReport][] = [];
  for (let i = 0; i < 2100; i++) {
    const e: NodeEventReport = { kind: 'name-applied', peer: 0x1001000 + (i % 7), op: i % 3 === 0 ? 'withdraw' : 'publish', type: 0xffffffff - i, lower: i, upper: 2 * i, accepted: i % 2 === 0 };
    reported.push([i / 4, e]);
    if (i % 33 === 0) reported.push([i / 4, { ...DATA, port: i }]);
  }
  for (const [at, e] of reported) log.push(at, e);
  const others: [number, NodeEventReport][] = [];
  log.forEachOther((at, e) => others.push([at, e]));
  assert.deepStrictEqual(others, reported);
  assert.equal(log.changes, 0);
});

test('a binding table item whose values do not fit the columns reads back as reported', () => {
  const log = new EventLog();
  const odd = [
    { ...APPLIED, type: 2 ** 32 },
    { ...APPLIED, lower: -0 },
    { ...APPLIED, upper: 1.5 },
    { ...APPLIED, peer: Number.NaN },
    { ...APPLIED, op: 'bind' },
    { ...APPLIED, accepted: 1 },
  ] as unknown as NodeEventReport[];
  log.push(0, APPLIED);
  for (const e of odd) log.push(1, e);
  const others: NodeEventReport[] = [];
  log.forEachOther((_, e) => others.push(e));
  assert.deepStrictEqual(others, [APPLIED, ...odd]);
  for (let i = 0; i < odd.length; i++) assert.equal(others[i + 1], odd[i], 'kept as the object reported');
});

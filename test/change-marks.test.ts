/**
 * The chart's state-change marks (harness/change-marks.ts): the transitions to another state, by
 * time, then by the steps that began before each (its epoch), else in the order the nodes' logs
 * list them; each mark's text names the transition.
 */
import { strict as assert } from 'node:assert';
import { test } from 'node:test';
import type { NodeEventReport, NodeId } from '../contract';
import { ChangeMarks } from '../harness/change-marks';
import { EventLog } from '../harness/event-log';

const ADDR = (n: number): number => 0x1001000 + n;

function link(peer: number, from: 'RESET' | 'ESTABLISHING' | 'ESTABLISHED', to: 'RESET' | 'ESTABLISHING' | 'ESTABLISHED'): NodeEventReport {
  return { kind: 'link-fsm', peer: ADDR(peer), bearer: 0, from, evt: 'ESTABLISH_EVT', to };
}

test('marks go by time, then epoch, then the order of the logs; a change to the same state is no mark', () => {
  const one = new EventLog();
  one.push(10, link(2, 'RESET', 'ESTABLISHING'));
  one.push(10, link(2, 'ESTABLISHING', 'ESTABLISHING'));
  one.push(30, link(2, 'ESTABLISHING', 'ESTABLISHED'));
  const two = new EventLog();
  two.push(10, link(1, 'RESET', 'ESTABLISHING'));
  two.push(20, { kind: 'node-fsm', peer: ADDR(1), from: 'SELF_DOWN_PEER_DOWN', evt: 'SELF_ESTABL_CONTACT_EVT', to: 'SELF_UP_PEER_COMING' });
  two.push(30, link(1, 'ESTABLISHING', 'ESTABLISHED'));
  // one step, begun when node 1 had reported 1 change and node 2 none: node 2's first change came after it
  const steps: ReadonlyMap<NodeId, number>[] = [
    new Map([
      [1, 1],
      [2, 0],
    ]),
  ];
  const marks = new ChangeMarks(
    [
      { id: 1, log: one },
      { id: 2, log: two },
    ],
    steps,
  );
  assert.equal(marks.length, 5);
  const all = Array.from({ length: marks.length }, (_, i) => marks.at(i)).map((m) => `${m?.t} node ${m?.node}: ${m?.text}`);
  assert.deepEqual(all, [
    '10 node 1: <1A-2A> ESTABLISHING (ESTABLISH_EVT)',
    '10 node 2: <2A-1A> ESTABLISHING (ESTABLISH_EVT)',
    '20 node 2: node 1 SELF_UP_PEER_COMING (SELF_ESTABL_CONTACT_EVT)',
    '30 node 1: <1A-2A> ESTABLISHED (ESTABLISH_EVT)',
    '30 node 2: <2A-1A> ESTABLISHED (ESTABLISH_EVT)',
  ]);
  assert.equal(marks.at(5), undefined);
  assert.equal(marks.upToEpoch(0), 1, "node 1's first change came before the step");
  assert.equal(marks.upToEpoch(1), 5);
});

test('at one time, a change recorded before a step goes ahead of one after it, whichever node logged it first', () => {
  const one = new EventLog();
  one.push(10, link(2, 'RESET', 'ESTABLISHING'));
  const two = new EventLog();
  two.push(10, link(1, 'RESET', 'ESTABLISHING'));
  const marks = new ChangeMarks(
    [
      { id: 1, log: one },
      { id: 2, log: two },
    ],
    [
      new Map([
        [1, 0],
        [2, 1],
      ]),
    ],
  );
  assert.deepEqual([marks.at(0)?.node, marks.at(1)?.node], [2, 1]);
});

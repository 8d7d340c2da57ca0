/**
 * The trace lines of FSM transitions (adapters/fsm-notes.ts): which of a node's reported
 * transitions the harness writes itself, because the node's own notes do not say them.
 */
import { strict as assert } from 'node:assert';
import { test } from 'node:test';
import type { NodeEventReport } from '../contract';
import { unwrittenFsmNotes } from '../adapters/fsm-notes';

const PEER = 0x1001002;
const name = (peer: number, bearer: number): string => `harness-name-${peer.toString(16)}-${bearer}`;
const up: NodeEventReport = { kind: 'link-fsm', peer: PEER, bearer: 0, from: 'ESTABLISHING', evt: 'ESTABLISH_EVT', to: 'ESTABLISHED' };
const contact: NodeEventReport = { kind: 'node-fsm', peer: PEER, from: 'SELF_DOWN_PEER_DOWN', evt: 'SELF_ESTABL_CONTACT_EVT', to: 'SELF_UP_PEER_COMING' };

test('a node that writes no notes gets a line per transition, in order, other events left out', () => {
  const data: NodeEventReport = { kind: 'data', from: PEER, port: 1, payload: new Uint8Array() };
  assert.deepEqual(unwrittenFsmNotes([up, data, contact], [], name), [
    'link <harness-name-1001002-0> ESTABLISHING--(ESTABLISH_EVT)->ESTABLISHED',
    'node <1001002> SELF_DOWN_PEER_DOWN--(SELF_ESTABL_CONTACT_EVT)->SELF_UP_PEER_COMING',
  ]);
});

test("a node's own line of a transition covers it, whatever it names the link, and covers one event only", () => {
  const own = ['link <1.1.1:a-1.1.2:b> ESTABLISHING--(ESTABLISH_EVT)->ESTABLISHED', 'link-up <x>'];
  assert.deepEqual(unwrittenFsmNotes([up], own, name), []);
  assert.deepEqual(unwrittenFsmNotes([up, { ...up, bearer: 1 }], own, name), ['link <harness-name-1001002-1> ESTABLISHING--(ESTABLISH_EVT)->ESTABLISHED']);
  assert.deepEqual(unwrittenFsmNotes([up], ['link <x> ESTABLISHING--(ESTABLISH_EVT)->ESTABLISHED ILLEGAL'], name), [], 'an ILLEGAL mark is the node\'s to add');
});

test("a node FSM line covers only the transition toward the peer it names; a line of another transition covers nothing", () => {
  assert.deepEqual(unwrittenFsmNotes([contact], ['node <1001003> SELF_DOWN_PEER_DOWN--(SELF_ESTABL_CONTACT_EVT)->SELF_UP_PEER_COMING'], name), [
    'node <1001002> SELF_DOWN_PEER_DOWN--(SELF_ESTABL_CONTACT_EVT)->SELF_UP_PEER_COMING',
  ]);
  assert.deepEqual(unwrittenFsmNotes([up], ['link <x> RESET--(ESTABLISH_EVT)->ESTABLISHED'], name).length, 1);
});

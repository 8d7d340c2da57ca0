/**
 * The reference's edge (adapters/reference/): every kind of stack event becomes one trace note,
 * only the contract's kinds become reports, and an event of no known kind is a clear error.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { StackEvent } from '../reference/events';
import { reportsAndNotes } from '../adapters/reference/edge';

describe('reportsAndNotes', () => {
  test('one note per event; only the contract kinds are reported', () => {
    const events: StackEvent[] = [
      { kind: 'node-up', peer: 0x1001002 },
      { kind: 'node-fsm', peer: 0x1001002, from: 'SELF_DOWN_PEER_DOWN', evt: 'SELF_ESTABL_CONTACT_EVT', to: 'SELF_UP_PEER_COMING', illegal: false },
      { kind: 'tolerance-ignored', link: 'l', tolerance: 40, from: 'peer' },
    ];
    const { reports, notes } = reportsAndNotes(events);
    assert.equal(notes.length, 3);
    assert.equal(notes[0], 'node-up <1001002>');
    assert.match(notes[2], /ignores the peer's tolerance 40 ms/);
    assert.deepEqual(reports, [
      { kind: 'node-fsm', peer: 0x1001002, from: 'SELF_DOWN_PEER_DOWN', evt: 'SELF_ESTABL_CONTACT_EVT', to: 'SELF_UP_PEER_COMING' },
    ]);
  });

  test('an event of no known kind is refused with what it was, not written as "undefined"', () => {
    const odd = JSON.parse('{"kind":"","peer":7}') as StackEvent;
    assert.throws(() => reportsAndNotes([odd]), /event of no known kind: \{"kind":"","peer":7\}/);
    const shapeless = JSON.parse('{}') as StackEvent;
    assert.throws(() => reportsAndNotes([shapeless]), /no known kind: \{\}/);
  });
});

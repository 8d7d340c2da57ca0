/**
 * The reference's edge (adapters/reference/): every kind of stack event becomes one trace note,
 * only the contract's kinds become reports, and an event of no known kind is a clear error.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { StackEvent } from '../reference/events';
import { contractFrames, reportsAndNotes } from '../adapters/reference/edge';
import { ethMediaInfo } from '../reference/msg-bodies';
import fc from 'fast-check';
import { macBytes, nodeAddress, nodeOfMac, nodeOfMacBytes, nodeOnBearer } from '../contract';

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

describe('the MAC of a frame read without text (nodeOfMacBytes)', () => {
  test('names the node nodeOfMac names from the same six bytes as hex, for any bytes', () => {
    const hex = (b: Uint8Array): string => [...b].map((x) => x.toString(16).padStart(2, '0')).join('');
    // the scheme's own MACs, near misses of its prefix, and anything else
    const macs = fc.oneof(
      fc.tuple(fc.constantFrom(0x0a, 0x0b, 0x0c), fc.integer({ min: 0, max: 0xffff })).map(([b, id]) => Uint8Array.of(0x52, 0x54, 0x00, b, id >> 8, id & 0xff)),
      fc.uint8Array({ minLength: 6, maxLength: 6 }),
    );
    fc.assert(fc.property(macs, (b) => nodeOfMacBytes(b) === nodeOfMac(hex(b))), { seed: 1, numRuns: 2000 });
    assert.equal(nodeOfMacBytes(Uint8Array.of(0x52, 0x54, 0x00, 0x0b, 0x00, 0x07)), 7);
    assert.equal(nodeOfMacBytes(Uint8Array.of(0x52, 0x54, 0x00, 0x0a, 0x10, 0x00)), undefined, 'past node 4095');
    assert.equal(nodeOfMacBytes(Uint8Array.of(0x52, 0x54, 0x00, 0x0a, 0x00)), undefined, 'five bytes');
  });
});

describe('the node a MAC reaches on a bearer (nodeOnBearer, the reference edge and the kernel adapter)', () => {
  test("a node's MAC of that bearer names it; its MAC of the other bearer names nobody there", () => {
    for (const id of [1, 2, 0xfff]) {
      assert.equal(nodeOnBearer(macBytes(id, 0), 0), id);
      assert.equal(nodeOnBearer(macBytes(id, 1), 1), id);
      assert.equal(nodeOnBearer(macBytes(id, 0), 1), undefined);
      assert.equal(nodeOnBearer(macBytes(id, 1), 0), undefined);
    }
    assert.equal(nodeOnBearer(Uint8Array.of(0x02, 0, 0, 0, 0, 2), 0), undefined, 'no node of the scheme');
  });
});

describe("a reference frame to one neighbour goes where its media address says (contractFrames)", () => {
  const bytes = Uint8Array.of(1, 2, 3);
  const to = (bearer: number, mac: Uint8Array): { bearer: number; dest: number; bytes: Uint8Array; maddr: Uint8Array } => ({ bearer, dest: nodeAddress(1), bytes, maddr: ethMediaInfo(mac) });

  test("a MAC of the node on the frame's bearer reaches it; another node's MAC on that bearer reaches that node", () => {
    const notes: string[] = [];
    const out = contractFrames([to(1, macBytes(1, 1)), to(0, macBytes(3, 0))], notes, nodeAddress(2));
    assert.deepEqual(
      out.map((f) => [f.bearer, f.dest]),
      [
        [1, nodeAddress(1)],
        [0, nodeAddress(3)],
      ],
    );
    assert.deepEqual(notes, []);
  });

  test("a node's MAC of the other bearer reaches nobody: no interface on the frame's bearer has it (issue 22, storm seed 1)", () => {
    // Node 2 took node 1's bearer-A MAC from a forged discovery message on bearer B and sends its
    // link-B frames there: on bearer B's medium no interface answers to 52:54:00:0a:00:01.
    const notes: string[] = [];
    const out = contractFrames([to(1, macBytes(1, 0)), to(0, macBytes(1, 1))], notes, nodeAddress(2));
    assert.deepEqual(out, []);
    assert.deepEqual(notes, [
      'reference 1.1.2 sent a frame on bearer B to MAC 5254000a0001, which no interface on bearer B has; dropped',
      'reference 1.1.2 sent a frame on bearer A to MAC 5254000b0001, which no interface on bearer A has; dropped',
    ]);
  });
});

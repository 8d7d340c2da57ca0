import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { chase, chaseCycle, loadLatencyNs, memoryLine } from '../scripts/memory-latency';

test('the chase visits every slot once before it comes back to the first (one cycle)', () => {
  fc.assert(
    fc.property(fc.integer({ min: 1, max: 300 }), fc.integer({ min: 0, max: 0xffffffff }), (slots, seed) => {
      const next = chaseCycle(slots, seed);
      const seen = new Set<number>();
      let p = 0;
      do {
        assert.ok(!seen.has(p), `slot ${p} visited twice before the chase came back to 0`);
        seen.add(p);
        p = next[p] as number;
      } while (p !== 0);
      assert.equal(seen.size, slots);
    }),
  );
});

test('the same seed gives the same order, another seed another', () => {
  assert.deepEqual(chaseCycle(1000, 7), chaseCycle(1000, 7));
  assert.notDeepEqual(chaseCycle(1000, 7), chaseCycle(1000, 8));
});

test('the chase follows the pointers it is given', () => {
  // 0 → 3 → 1 → 2 → 0
  const memory = Uint32Array.from([3, 2, 0, 1]);
  assert.equal(chase(memory, 1), 3);
  assert.equal(chase(memory, 3), 2);
  assert.equal(chase(memory, 4), 0);
});

test("the bench's line gives a cost for each size, in nanoseconds", () => {
  assert.ok(loadLatencyNs(4096, 10_000) > 0);
  assert.match(memoryLine([32 << 10, 1 << 20]), /^memory: a dependent load \d+ ns in 32 KB, \d+ ns in 1 MB$/);
});

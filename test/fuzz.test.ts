/**
 * The hostile-input campaign of issue 22 at a size for npm test (a few seconds; scripts/fuzz.ts
 * runs it big): seeded mutants of real kernel frames (test/support/fuzz.ts) through the codec
 * and every reader of a frame, and as a storm on the wire between two live reference nodes.
 * Sizes are counts of frames, not time, and the seed is fixed: a failure replays.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { MSG_LAYOUT_MAX_DEPTH } from '../harness/msg-layout';
import { Prng } from '../sim/prng';
import { DESCRIPTION_LIMIT, MUTATIONS, captureFrames, codecCampaign, nextMutant, stormCampaign } from './support/fuzz';
import { CAPTURES_DIR } from './support/vectors';

const SEEDS = captureFrames(CAPTURES_DIR);
const SEED = 0x22;

test('the campaign mutates frames of the captures, the same ones for the same seed', () => {
  assert.ok(SEEDS.length > 100, `frames of the captures under ${CAPTURES_DIR}: ${SEEDS.length}`);
  const run = (): string[] => {
    const r = new Prng(SEED);
    return Array.from({ length: 200 }, () => {
      const m = nextMutant(r, SEEDS);
      return `${m.kind} ${Buffer.from(m.bytes).toString('hex')}`;
    });
  };
  const a = run();
  assert.deepEqual(run(), a);
  const kinds = new Set(a.map((x) => x.split(' ')[0]));
  assert.deepEqual([...kinds].sort(), [...MUTATIONS].sort(), 'every kind of mutation in 200 mutants');
});

test('codec: 6,000 mutants decode or are rejected, round-trip, and read within bounds', () => {
  const f = codecCampaign(SEED, 6000, SEEDS);
  assert.deepEqual(f.problems, {}, `no exception, no broken round trip, no unbounded reading:\n${f.examples.join('\n')}`);
  assert.equal(f.frames, 6000);
  // the campaign reaches both paths: most mutants still decode, and every check of tipc_msg_validate rejects some
  assert.ok(f.accepted > 3000, `accepted ${f.accepted} of 6000`);
  assert.deepEqual(Object.keys(f.rejected).sort(), ['BAD_HSIZE', 'BAD_MSIZE', 'BAD_VERSION', 'TOO_SHORT', 'TRUNCATED']);
  assert.ok(f.longestDescription <= DESCRIPTION_LIMIT, `longest description ${f.longestDescription}`);
  assert.ok(f.deepestLayout > 2 && f.deepestLayout <= MSG_LAYOUT_MAX_DEPTH + 1, `deepest layout ${f.deepestLayout}: nested mutants reached the bound, not past it`);
});

test('storm: 2,000 mutants on the wire from node 1 to node 2, then links, node states and name tables recover', async () => {
  const s = await stormCampaign({ seed: SEED, frames: 2000, extraSeeds: SEEDS });
  assert.deepEqual(s.exceptions, {}, 'no node threw');
  assert.deepEqual(s.broken, [], 'every invariant holds after the settle time');
  assert.equal(s.injected, 2000);
  assert.ok(s.healedMs !== undefined, 'healed');
  assert.ok(s.stateChanges > 0, `the storm disturbed the links (${s.stateChanges} state changes): it reached the link layer`);
  assert.ok(s.wireFrames > 2000, `the trace holds the storm: ${s.wireFrames} frames`);
  assert.ok(s.longestTraceLine <= DESCRIPTION_LIMIT + 200, `longest trace line ${s.longestTraceLine}`);
});

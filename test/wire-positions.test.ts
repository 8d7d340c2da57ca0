/**
 * Counting the wire's frames and reading those since a position (ClusterAdapter.wireFrameCount,
 * wireFramesFrom): the same frames as wireFrames() and its slice, in the same order, with no trace
 * entry made for a frame before the position (a long run's wire is 243,000 frames).
 */
import { strict as assert } from 'node:assert';
import { test } from 'node:test';
import type { WireFrame } from '../contract';
import type { TraceEntry } from '../sim/types';
import { referenceCluster } from './support/harness';

/** What a frame is, as a step compares it: where it went, when, and its decoded kind. */
function seen(f: WireFrame): string {
  return `${f.at} #${f.n} ${f.from}->${f.to} ${f.bearer} ${f.fate} user ${f.user ?? '-'} mtype ${f.mtype ?? '-'}`;
}

test('wireFrameCount and wireFramesFrom read the frames wireFrames() lists, making none before the position', async () => {
  const c = referenceCluster({ nodes: [1, 2, 3], iut: [1], seed: 3, bearers: ['A'] });
  const made: number[] = [];
  const entry = c.sim.traceEntry.bind(c.sim);
  c.sim.traceEntry = (i: number): TraceEntry => {
    made.push(i);
    return entry(i);
  };
  try {
    await c.start();
    await c.advance(1000);
    const position = c.wireFrameCount();
    assert.ok(position > 20, `${position} frames while the links come up`);
    assert.deepEqual(made, [], 'counting makes no entry');
    await c.advance(500);
    const since = c.wireFramesFrom(position);
    assert.ok(since.length > 0, 'the links keep on talking');
    const firstRead = Math.min(...made);
    assert.equal(made.length, since.length, 'one entry made per frame since the position');

    const whole = c.wireFrames();
    assert.equal(c.wireFrameCount(), whole.length);
    assert.deepEqual(since.map(seen), whole.slice(position).map(seen));
    assert.ok(firstRead > 0 && c.sim.traceEntry(firstRead).kind === 'frame', 'the first entry made is a frame past the start');
    assert.deepEqual(c.wireFramesFrom(0).map(seen), whole.map(seen));

    assert.equal(c.wireFramesFrom(whole.length).length, 0);
  } finally {
    await c.stop();
  }
});

test('wireFramesFrom asked again from the same position carries on, and gives the objects wireFrames() made', async () => {
  const c = referenceCluster({ nodes: [1, 2], iut: [1], seed: 4, bearers: ['A'] });
  try {
    await c.start();
    await c.advance(500);
    const position = c.wireFrameCount();
    await c.advance(300);
    const first = c.wireFramesFrom(position);
    const had = first.length;
    const kept = first[0];
    await c.advance(300);
    const again = c.wireFramesFrom(position);
    assert.ok(again.length > had, `${again.length} frames after ${had}`);
    assert.equal(again[0], kept, 'the frames read before are not made again');

    const whole = c.wireFrames();
    assert.equal(whole[position], kept, 'wireFrames() lists the frames wireFramesFrom made');
    const later = c.wireFrameCount();
    await c.advance(300);
    const other = c.wireFramesFrom(later - 1);
    assert.equal(other[0], whole[later - 1], 'and wireFramesFrom gives the frames wireFrames() made');
    assert.equal(other.length, c.wireFrames().length - later + 1);
    assert.throws(() => c.wireFramesFrom(-1), RangeError);
    assert.throws(() => c.wireFramesFrom(c.wireFrameCount() + 1), RangeError);
  } finally {
    await c.stop();
  }
});

test('wireFramesFrom finds a frame whatever position was read before it', async () => {
  const c = referenceCluster({ nodes: [1, 2, 3], iut: [1], seed: 5, bearers: ['A'] });
  try {
    await c.start();
    await c.advance(30_000);
    const whole = c.wireFrames().map(seen);
    assert.ok(whole.length > 600, `${whole.length} frames`);
    // out of order, about the frames whose trace entries are kept (every 256th)
    for (const p of [511, 255, 256, 257, 1, 512, 300, 299, 0, whole.length - 1]) {
      const from = c.wireFramesFrom(p);
      assert.equal(from.length, whole.length - p);
      assert.equal(seen(from[0] as WireFrame), whole[p], `frame ${p}`);
    }
  } finally {
    await c.stop();
  }
});

import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile, execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { change, compareLines, median } from '../scripts/bench-against';

const root = path.join(__dirname, '..');

function bench(args: readonly string[]): Promise<{ code: number; out: string; err: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, ['--require', 'ts-node/register', 'scripts/bench.ts', ...args], { cwd: root, timeout: 120_000 }, (e, out, err) =>
      resolve({ code: e === null ? 0 : typeof e.code === 'number' ? e.code : -1, out, err }),
    );
  });
}

/** The temporary trees of revision `label` that exist now. */
function treesOf(label: string): string[] {
  return fs.readdirSync(os.tmpdir()).filter((f) => f.startsWith(`bench-${label}-`));
}

describe('bench --against', () => {
  test('the median, and a change as a signed percentage', () => {
    assert.equal(median([3, 1, 2]), 2);
    assert.equal(median([4, 1, 3, 2]), 2.5);
    assert.ok(Number.isNaN(median([])));
    assert.equal(change(110, 100), '+10.0%');
    assert.equal(change(98, 100), '-2.0%');
  });

  test('the comparison says which side is faster by how much, and when the two runs differ', () => {
    const here = { deliveries: [100, 100, 100], warm: [10, 30, 20], cold: [5, 5, 6], failed: [] };
    const there = { deliveries: [100, 100, 90], warm: [10, 10, 16], cold: [5, 5, 5], failed: ['ended with exit 1 before its figures'] };
    const text = compareLines('mesh 8', here, there, 'abc1234');
    assert.match(text, /^mesh 8 +warm: here 20\/s \(best 30\/s\), at abc1234 10\/s \(best 16\/s\): \+100\.0% by the medians, \+87\.5% by the best, 3 and 3 runs/);
    assert.match(text, /cold: here 5\/s .* \+0\.0% by the medians, \+20\.0% by the best/);
    assert.match(text, /deliveries: 100 here, 100 or 90 at abc1234 \(the change alters the run\)/);
    assert.match(text, /a run at abc1234 gave no figures: ended with exit 1/);
    assert.match(compareLines('mesh 8', here, { ...here, failed: [] }, 'x'), /100 deliveries on both/);
  });

  test('runs a row here and at a revision by turns, and leaves no tree of the revision behind', async () => {
    const label = execFileSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: root, encoding: 'utf8' }).trim();
    const before = treesOf(label);
    const r = await bench(['--against', 'HEAD', '--runs', '1', '--mesh', '2', '--only-mesh']);
    assert.equal(r.code, 0, r.err);
    assert.match(r.out, new RegExp(`against ${label}: 1 runs of each row on each side`));
    assert.match(r.out, new RegExp(`mesh 2 +warm: here [\\d,]+/s .* at ${label} [\\d,]+/s`));
    assert.match(r.out, /\d+ deliveries on both/);
    assert.deepEqual(treesOf(label), before);
  });

  test('a revision git does not know is a usage error (exit 2) that names it', async () => {
    const r = await bench(['--against', 'no-such-revision', '--mesh', '2', '--only-mesh']);
    assert.equal(r.code, 2);
    assert.match(r.err, /--against: "no-such-revision" is not a commit/);
  });
});

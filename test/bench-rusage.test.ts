import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as path from 'node:path';

const RUSAGE = path.join(__dirname, '..', 'scripts', 'bench-rusage.cjs');

// a parent holding 400 MB starts a child that holds little: the child's peak is its own
const PARENT = `
const { spawnSync } = require('node:child_process');
const big = Buffer.alloc(400e6, 1);
const r = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(require(process.argv[1]).peakRssKb()))', ${JSON.stringify(RUSAGE)}], { encoding: 'utf8' });
process.stdout.write(JSON.stringify({ parentKb: process.memoryUsage().rss / 1024, childKb: Number(r.stdout), big: big[0] }));
`;

test("a bench row's peak is its own process's, not its parent's resident set at the fork", { skip: process.platform !== 'linux' && 'VmHWM is Linux\'s' }, () => {
  const r = spawnSync(process.execPath, ['-e', PARENT], { encoding: 'utf8' });
  assert.equal(r.status, 0, r.stderr);
  const { parentKb, childKb } = JSON.parse(r.stdout) as { parentKb: number; childKb: number };
  assert.ok(parentKb > 400_000, `the parent holds its 400 MB (${parentKb} kB)`);
  assert.ok(childKb > 0 && childKb < 200_000, `expected the child's own peak, well under the parent's ${Math.round(parentKb / 1024)} MB; got ${Math.round(childKb / 1024)} MB`);
});

/**
 * Same seed, same trace: the whole suite run twice through the CLI with one seed writes
 * byte-identical traces for every scenario; another seed changes them.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { runCli } from './support/cli';

async function runSuite(seed: number): Promise<Map<string, Buffer>> {
  const out = fs.mkdtempSync(path.join(os.tmpdir(), `tipc-det-${seed}-`));
  try {
    const r = await runCli(['run', '--no-report', '--seed', String(seed), '--out', out]);
    assert.equal(r.code, 0, `run with seed ${seed} failed:\n${r.stdout}\n${r.stderr}`);
    const dir = path.join(out, 'traces');
    const files = fs.readdirSync(dir).sort();
    return new Map(files.map((f) => [f, fs.readFileSync(path.join(dir, f))]));
  } finally {
    fs.rmSync(out, { recursive: true, force: true });
  }
}

test('the same seed twice gives byte-identical traces; another seed does not', async () => {
  const [a, b, c] = await Promise.all([runSuite(7), runSuite(7), runSuite(8)]);
  assert.ok(a.size >= 4, `a trace per scenario, found ${a.size}`);
  assert.deepEqual([...a.keys()], [...b.keys()]);
  for (const [name, bytes] of a) {
    assert.ok(bytes.length > 1000, `${name} is a real trace`);
    assert.ok(bytes.equals(b.get(name) as Buffer), `${name} differs between two runs with seed 7`);
  }
  const differing = [...a.keys()].filter((k) => !a.get(k)?.equals(c.get(k) ?? Buffer.alloc(0)));
  assert.ok(differing.length > 0, 'seed 8 should change at least one trace (session numbers come from the seed)');
});

/**
 * Same seed, same trace; another seed, another trace. The teeth test shows the first for every
 * scenario under every profile (each run at seed 1 equals, byte for byte, the digests recorded in
 * test/vectors/trace-digests.json); this shows the seed is what makes them: the suite run through
 * the CLI with seed 8 writes a trace for every scenario, and at least one of them differs from
 * seed 1's (session numbers and signatures come from the seed).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { runCli } from '../support/cli';
import { readTraces } from '../support/report-files';
import { checkedInDigests, differingTraces, digestTraces } from '../support/trace-digest';

test('another seed gives other traces than the recorded seed 1, for the same scenarios', async () => {
  const out = fs.mkdtempSync(path.join(os.tmpdir(), 'tipc-det-8-'));
  try {
    const r = await runCli(['run', '--no-report', '--seed', '8', '--out', out]);
    assert.equal(r.code, 0, `run with seed 8 failed:\n${r.stdout}\n${r.stderr}`);
    const seen = digestTraces(out);
    const recorded = checkedInDigests()['in-process:fixed'];
    assert.ok(recorded, 'digests recorded for in-process:fixed');
    assert.deepEqual(Object.keys(seen).sort(), Object.keys(recorded).sort(), 'a trace for every scenario, as at seed 1');
    const texts = readTraces(out);
    for (const f of Object.keys(seen)) assert.ok((texts.get(f)?.length ?? 0) > 1000, `${f} is a real trace`);
    assert.ok(differingTraces(seen, recorded).length > 0, 'seed 8 should change at least one trace');
  } finally {
    fs.rmSync(out, { recursive: true, force: true });
  }
});

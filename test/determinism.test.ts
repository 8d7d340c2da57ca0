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
import { runCli } from './support/cli';
import { checkedInDigests, differingTraces, digestTraces } from './support/trace-digest';

test('another seed gives other traces than the recorded seed 1, for the same scenarios', async () => {
  const out = fs.mkdtempSync(path.join(os.tmpdir(), 'tipc-det-8-'));
  try {
    // KNOWN DEFECT, not a pass: LS-19's premise (the re-created peer endpoint's random session is
    // newer than the old one) holds at seed 1's draw and not at seed 8's, where the late ACTIVATE is
    // rightly taken and the scenario fails on a correct stack; it is left out here until its
    // staging forces the draw (stop notes of 2026-12-05)
    const r = await runCli(['run', '--no-report', '--seed', '8', '--out', out, '--tags', 'not @req:LS-19']);
    assert.equal(r.code, 0, `run with seed 8 failed:\n${r.stdout}\n${r.stderr}`);
    const seen = digestTraces(out);
    const all = checkedInDigests()['in-process:fixed'];
    assert.ok(all, 'digests recorded for in-process:fixed');
    const recorded = Object.fromEntries(Object.entries(all).filter(([k]) => !k.startsWith('session-edges--a-late-activate-of-the-peer-s-endpoint')));
    assert.deepEqual(Object.keys(seen).sort(), Object.keys(recorded).sort(), 'a trace for every scenario, as at seed 1');
    for (const f of Object.keys(seen)) assert.ok(fs.statSync(path.join(out, 'traces', f)).size > 1000, `${f} is a real trace`);
    assert.ok(differingTraces(seen, recorded).length > 0, 'seed 8 should change at least one trace');
  } finally {
    fs.rmSync(out, { recursive: true, force: true });
  }
});

/**
 * A link-only implementation is really tested. An IUT that declares nothing but `link` (here the
 * reference stack served over the process protocol with `--capabilities link`) runs the link
 * set-up requirements, and the two session bugs issue 21 names each fail one of them: a RESET
 * after a failure that reuses the old session (ablation-session-reuse, LS-1), and a node that
 * takes a RESET whose session is not newer than the one it knows (ablation-stale-reset-accepted,
 * LS-2). A run of just those two requirements, so the leg costs seconds, not the whole suite.
 */
import { strict as assert } from 'node:assert';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { after, describe, test } from 'node:test';
import { PACKAGE_ROOT, runCli } from '../support/cli';
import { readMessages } from '../support/messages';

const scratch = mkdtempSync(path.join(tmpdir(), 'link-only-'));
after(() => rmSync(scratch, { recursive: true, force: true }));

interface Outcome {
  readonly code: number | null;
  /** requirement id -> 'passed' | 'failed' | 'n/a' for its scenarios, in run order. */
  readonly byReq: ReadonlyMap<string, readonly string[]>;
  readonly output: string;
}

async function linkOnly(profile: string): Promise<Outcome> {
  const out = path.join(scratch, profile);
  const iut = `process:node ${path.join(PACKAGE_ROOT, 'bin', 'tipc-reference-iut.js')} --profile ${profile} --capabilities link`;
  const r = await runCli(['run', '--no-report', '--iut', iut, '--tags', '@req:LS-1 or @req:LS-2', '--out', out]);
  const run = readMessages(readFileSync(path.join(out, 'messages.ndjson'), 'utf8'));
  const byReq = new Map<string, string[]>();
  for (const [id, sc] of run.scenarios) {
    const what = run.failed.has(id) ? 'failed' : run.notApplicable.has(id) ? 'n/a' : run.finished.has(id) ? 'passed' : 'unfinished';
    byReq.set(sc.req, [...(byReq.get(sc.req) ?? []), what]);
  }
  return { code: r.code, byReq, output: `exit ${r.code}\n${r.stdout}\n${r.stderr}` };
}

describe('a node that declares only the link capability', () => {
  test('runs LS-1 and LS-2 and passes them when it keeps the session rules (fixed)', async () => {
    const o = await linkOnly('fixed');
    assert.equal(o.code, 0, o.output);
    assert.deepEqual(o.byReq.get('LS-1'), ['passed'], o.output);
    assert.deepEqual(o.byReq.get('LS-2'), ['passed'], o.output);
  });

  test('fails LS-1 when its RESET after a failure reuses the old session', async () => {
    const o = await linkOnly('ablation-session-reuse');
    assert.equal(o.code, 1, o.output);
    assert.deepEqual(o.byReq.get('LS-1'), ['failed'], o.output);
  });

  test('fails LS-2 when it takes a RESET whose session is not newer than the one it knows', async () => {
    const o = await linkOnly('ablation-stale-reset-accepted');
    assert.equal(o.code, 1, o.output);
    assert.deepEqual(o.byReq.get('LS-2'), ['failed'], o.output);
  });
});

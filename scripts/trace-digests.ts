/**
 * Writes test/vectors/trace-digests.json: the SHA-256 of every scenario's trace under every
 * profile, in process and through the process protocol, at seed 1, as the teeth test runs them.
 * Run it only when a change is meant to change traces, and say why in the commit.
 *
 *   npm run trace-digests
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { PROFILE_NAMES } from '../reference/profiles';
import { runCli } from '../test/support/cli';
import { TRACE_DIGESTS_FILE, type TraceDigests, digestTraces } from '../test/support/trace-digest';
import { TEETH_RUNS, teethRunArgs } from '../test/support/teeth-runs';

async function main(): Promise<void> {
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'tipc-digests-'));
  const result: Record<string, TraceDigests> = {};
  const jobs = TEETH_RUNS(PROFILE_NAMES);
  let next = 0;
  const worker = async (): Promise<void> => {
    for (;;) {
      const job = jobs[next++];
      if (!job) return;
      const out = path.join(work, job.key);
      const r = await runCli(teethRunArgs(job, out));
      if (r.code === 2 || r.code === null) throw new Error(`${job.key}: exit ${r.code}\n${r.stderr}`);
      result[job.key] = digestTraces(out);
      process.stderr.write(`${job.key}: ${Object.keys(result[job.key]).length} traces\n`);
    }
  };
  await Promise.all([worker(), worker()]);
  const sorted = Object.fromEntries(Object.keys(result).sort().map((k) => [k, result[k]]));
  fs.writeFileSync(TRACE_DIGESTS_FILE, `${JSON.stringify(sorted, null, 1)}\n`);
  fs.rmSync(work, { recursive: true, force: true });
  process.stderr.write(`wrote ${TRACE_DIGESTS_FILE}\n`);
}

main().catch((e: unknown) => {
  process.stderr.write(`${e instanceof Error ? e.stack : String(e)}\n`);
  process.exit(2);
});

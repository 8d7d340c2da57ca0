/**
 * Writes test/vectors/trace-digests.json: the SHA-256 of every scenario's trace under every
 * profile, in process and through the process protocol, at seed 1, as the teeth test runs them.
 * Run it only when a change is meant to change traces, and say why in the commit.
 *
 *   npm run trace-digests                         every run, the file written anew (about 14 min)
 *   npm run trace-digests -- --tags '@req:LS-19'  only those scenarios: their digests replaced,
 *                                                 every other one kept as recorded
 *   npm run trace-digests -- --profiles a,b       only the runs of those profiles (new ones, say)
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { Command } from 'commander';
import { PROFILE_NAMES } from '../reference/profiles';
import { runCli } from '../test/support/cli';
import { TRACE_DIGESTS_FILE, type TraceDigests, digestTraces } from '../test/support/trace-digest';
import { TEETH_RUNS, teethRunArgs } from '../test/support/teeth-runs';

const program = new Command('trace-digests')
  .description('Records the SHA-256 of every scenario trace of the teeth runs (every profile, in process and through the process protocol, seed 1) in test/vectors/trace-digests.json.')
  .option('--tags <expr>', "only the scenarios this cucumber tag expression selects: their digests are replaced and every other one kept (for a change that keeps the scenarios' names)")
  .option('--profiles <names>', 'only the runs of these profiles (comma-separated): their digests are replaced and every other run kept', (v: string) => v.split(','))
  .parse();
const opts = program.opts<{ tags?: string; profiles?: string[] }>();
for (const p of opts.profiles ?? []) {
  if (!(PROFILE_NAMES as readonly string[]).includes(p)) program.error(`--profiles: no profile named ${p}`, { exitCode: 2 });
}
const partial = opts.tags !== undefined || opts.profiles !== undefined;

/** A teeth run's arguments, narrowed to --tags when given. */
function runArgs(args: string[]): string[] {
  if (opts.tags === undefined) return args;
  const at = args.indexOf('--tags');
  if (at < 0) return [...args, '--tags', opts.tags];
  return [...args.slice(0, at), '--tags', `(${args[at + 1]}) and (${opts.tags})`, ...args.slice(at + 2)];
}

async function main(): Promise<void> {
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'tipc-digests-'));
  const result: Record<string, TraceDigests> = {};
  const jobs = TEETH_RUNS(PROFILE_NAMES).filter((j) => opts.profiles === undefined || opts.profiles.includes(j.profile));
  let next = 0;
  const worker = async (): Promise<void> => {
    for (;;) {
      const job = jobs[next++];
      if (!job) return;
      const out = path.join(work, job.key);
      const r = await runCli(runArgs(teethRunArgs(job, out)));
      if (r.code === 2 || r.code === null) throw new Error(`${job.key}: exit ${r.code}\n${r.stderr}`);
      result[job.key] = digestTraces(out);
      process.stderr.write(`${job.key}: ${Object.keys(result[job.key]).length} traces\n`);
    }
  };
  // the teeth test's runs, one per core at a time as it makes them
  await Promise.all(Array.from({ length: os.availableParallelism() }, () => worker()));
  if (partial) {
    const recorded = JSON.parse(fs.readFileSync(TRACE_DIGESTS_FILE, 'utf8')) as Record<string, TraceDigests>;
    for (const k of Object.keys(result)) {
      const merged = { ...recorded[k], ...result[k] };
      result[k] = Object.fromEntries(Object.keys(merged).sort().map((f) => [f, merged[f]]));
    }
    for (const k of Object.keys(recorded)) if (!(k in result)) result[k] = recorded[k];
  }
  const sorted = Object.fromEntries(Object.keys(result).sort().map((k) => [k, result[k]]));
  fs.writeFileSync(TRACE_DIGESTS_FILE, `${JSON.stringify(sorted, null, 1)}\n`);
  fs.rmSync(work, { recursive: true, force: true });
  process.stderr.write(`wrote ${TRACE_DIGESTS_FILE}\n`);
}

main().catch((e: unknown) => {
  process.stderr.write(`${e instanceof Error ? e.stack : String(e)}\n`);
  process.exit(2);
});

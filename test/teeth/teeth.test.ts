/**
 * Teeth: every scenario must be able to fail. For every profile, the real features run against
 * `reference:<profile>`; the scenarios that fail must be exactly those tagged
 * `@catches:<profile>` (none for `fixed`). A scenario that passes under a profile it claims to
 * catch has no teeth; one that fails under a profile it does not name is flaky or mis-tagged.
 *
 * Failures are read from the cucumber messages the run writes (messages.ndjson), not from the
 * terminal output: a scenario failed if its last attempt has a step or hook whose status is not
 * PASSED or SKIPPED.
 */
import { strict as assert } from 'node:assert';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import * as path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { PROFILES, PROFILE_NAMES, type Profile, isProfileName, type ProfileName } from '../../reference/profiles';
import { runCli } from '../support/cli';
import { CATCHES, type RunScenarios, type Scenario, readMessages } from '../support/messages';
import { TEETH_RUNS, type TeethRun, type Via, runsLong, runsViaProcess, teethRunArgs } from '../support/teeth-runs';
import { type TraceDigests, checkedInDigests, differingTraces, digestTraces } from '../support/trace-digest';

/**
 * The runs are independent processes, each a whole suite on one core: one per core at a time
 * keeps every core busy and none oversubscribed (CI's machine has 2, a maintainer's may have 16).
 */
const MAX_PARALLEL_RUNS = availableParallelism();

interface ProfileRun extends RunScenarios {
  readonly profile: ProfileName;
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
  /** SHA-256 of each trace the run wrote. */
  readonly digests: TraceDigests;
  readonly readError?: string;
}


async function runProfile(job: TeethRun, out: string): Promise<ProfileRun> {
  const { profile } = job;
  const { code, stdout, stderr } = await runCli(teethRunArgs(job, out));
  try {
    return { profile, code, stdout, stderr, digests: digestTraces(out), ...readMessages(readFileSync(path.join(out, 'messages.ndjson'), 'utf8')) };
  } catch (error: unknown) {
    const readError = error instanceof Error ? error.message : String(error);
    return { profile, code, stdout, stderr, digests: {}, scenarios: new Map(), failed: new Set(), finished: new Set(), notApplicable: new Set(), readError };
  }
}

/** Run `task` over `items`, at most `limit` at a time; results keyed by item. */
/** The known kernel bugs a profile fixes (none for a model of a kernel). */
function profileFixes(name: ProfileName): readonly string[] {
  const profile: Profile = PROFILES[name];
  return profile.fixes ?? [];
}

function pool<T, R>(items: readonly T[], limit: number, task: (item: T) => Promise<R>): Map<T, Promise<R>> {
  const results = new Map<T, Promise<R>>();
  let running = 0;
  const waiting: (() => void)[] = [];
  const acquire = (): Promise<void> =>
    running < limit ? (running++, Promise.resolve()) : new Promise((resolve) => waiting.push(resolve));
  const release = (): void => {
    const next = waiting.shift();
    if (next) next();
    else running--;
  };
  for (const item of items) {
    results.set(
      item,
      acquire().then(async () => {
        try {
          return await task(item);
        } finally {
          release();
        }
      }),
    );
  }
  return results;
}

function tail(text: string, lines = 40): string {
  return text.trimEnd().split('\n').slice(-lines).join('\n');
}

function describeRun(run: ProfileRun): string {
  return `--- stdout (tail)\n${tail(run.stdout)}\n--- stderr (tail)\n${tail(run.stderr)}`;
}

function list(scenarios: readonly Scenario[]): string {
  return scenarios.length === 0 ? '    (none)' : scenarios.map((s) => `    - ${s.name} (${s.where})`).join('\n');
}

let workDir = '';
let runs = new Map<string, Promise<ProfileRun>>();

const key = (profile: ProfileName, via: Via): string => `${via}:${profile}`;

before(() => {
  workDir = mkdtempSync(path.join(tmpdir(), 'tipc-teeth-'));
  const started = pool(TEETH_RUNS(PROFILE_NAMES), MAX_PARALLEL_RUNS, (job) => runProfile(job, path.join(workDir, job.key.replace(':', '-'))));
  runs = new Map([...started].map(([job, run]) => [job.key, run]));
});

after(async () => {
  await Promise.allSettled(runs.values());
  if (workDir !== '') rmSync(workDir, { recursive: true, force: true });
});

/**
 * What a profile must do with a scenario: fail what it catches; a known kernel bug (@known-bug:ID)
 * fails on `fixed` (a model of Linux 6.1, which has it) and passes on a profile that fixes it; on
 * the other profiles, models of older kernels that have it too among their own bugs, it is not judged.
 */
function expected(profile: ProfileName, s: Scenario): 'fail' | 'pass' | 'not judged' {
  if (s.catches.includes(profile)) return 'fail';
  if (s.knownBugs.length === 0) return 'pass';
  const fixes = profileFixes(profile);
  if (s.knownBugs.every((id) => fixes.includes(id))) return 'pass';
  return profile === 'fixed' ? 'fail' : 'not judged';
}

function runOf(profile: ProfileName, via: Via = 'in-process'): Promise<ProfileRun> {
  const run = runs.get(key(profile, via));
  assert.ok(run, `no run started for ${profile}`);
  return run;
}

/**
 * A guard against a hung run, not a speed check: the runs take about 13 minutes on an idle 2-core
 * machine and more than 15 on a busy one (they timed out at 15 with five other jobs running).
 * CI's job has 90 minutes; speed is measured by `npm run bench`, never here.
 */
const TIMEOUT_MS = 60 * 60 * 1000;

describe('every scenario has teeth', { timeout: TIMEOUT_MS }, () => {
  for (const profile of PROFILE_NAMES) {
    test(`reference:${profile} fails exactly the scenarios tagged ${CATCHES}${profile}`, async () => {
      const run = await runOf(profile);
      assert.equal(run.readError, undefined, `reading messages.ndjson: ${run.readError}\n${describeRun(run)}`);
      assert.ok(run.scenarios.size > 0, `no scenarios ran under ${profile}\n${describeRun(run)}`);

      // the @long scenarios run only under LONG_CATCHERS (test/support/teeth-runs.ts)
      const all = [...run.scenarios.values()].filter((s) => runsLong(profile) || !s.long);
      const expectation = (s: Scenario): 'fail' | 'pass' | 'not judged' => expected(profile, s);
      const unexpectedFailures = all.filter((s) => run.failed.has(s.id) && expectation(s) === 'pass');
      const unexpectedPasses = all.filter((s) => !run.failed.has(s.id) && expectation(s) === 'fail');
      const notRun = all.filter((s) => !run.finished.has(s.id));
      assert.ok(
        unexpectedFailures.length === 0 && unexpectedPasses.length === 0 && notRun.length === 0,
        `under reference:${profile} the failing scenarios are not exactly those tagged ${CATCHES}${profile}\n` +
          `  unexpected failures (fail without ${CATCHES}${profile}, or a known bug that ${profile} fixes):\n${list(unexpectedFailures)}\n` +
          `  unexpected passes (tagged ${CATCHES}${profile}, or a known bug of fixed, but pass: no teeth):\n${list(unexpectedPasses)}\n` +
          (notRun.length > 0 ? `  not run:\n${list(notRun)}\n` : '') +
          describeRun(run),
      );

      if (profile !== 'fixed' && profileFixes(profile).length === 0) {
        assert.ok(
          all.some((s) => s.catches.includes(profile)),
          `no scenario is tagged ${CATCHES}${profile}: nothing shows that reference:${profile} is caught`,
        );
      }
      // a known bug does not make the run fail (only with --strict)
      const failedOtherwise = all.some((s) => run.failed.has(s.id) && s.knownBugs.length === 0);
      assert.equal(
        run.code,
        failedOtherwise ? 1 : 0,
        `exit code of run --iut reference:${profile} (0 passed, 1 failed, 2 usage/harness error)\n${describeRun(run)}`,
      );
    });
  }

  test(`every ${CATCHES} tag names a real profile, and every profile but fixed is caught`, async () => {
    const run = await runOf('fixed');
    assert.ok(run.scenarios.size > 0, `no scenarios read from the fixed run\n${describeRun(run)}`);
    const all = [...run.scenarios.values()];
    const unknown = all.flatMap((s) =>
      s.catches.filter((name) => !isProfileName(name)).map((name) => `    - ${CATCHES}${name} on ${s.name} (${s.where})`),
    );
    assert.ok(unknown.length === 0, `${CATCHES} tags naming no profile (valid: ${PROFILE_NAMES.join(', ')}):\n${unknown.join('\n')}`);
    // the @long scenarios run only under LONG_CATCHERS: a profile they catch outside it would go unjudged
    const longUnrun = all.filter((s) => s.long).flatMap((s) => s.catches.filter((p) => isProfileName(p) && !runsLong(p)).map((p) => `    - ${CATCHES}${p} on ${s.name} (${s.where})`));
    assert.ok(longUnrun.length === 0, `@long scenarios catch profiles that do not run them (add them to LONG_CATCHERS, test/support/teeth-runs.ts):\n${longUnrun.join('\n')}`);
    const onFixed = all.filter((s) => s.catches.includes('fixed'));
    assert.ok(onFixed.length === 0, `${CATCHES}fixed makes no sense (fixed must pass everything):\n${list(onFixed)}`);
    const uncaught = PROFILE_NAMES.filter((p) => p !== 'fixed' && profileFixes(p).length === 0 && !all.some((s) => s.catches.includes(p)));
    assert.ok(uncaught.length === 0, `profiles no scenario catches: ${uncaught.join(', ')}`);
    // every known bug a scenario shows is fixed by some profile, which proves the scenario can pass
    const unfixed = [...new Set(all.flatMap((s) => s.knownBugs))].filter((id) => !PROFILE_NAMES.some((p) => profileFixes(p).includes(id)));
    assert.deepEqual(unfixed, [], 'known bugs no profile fixes');
  });
});

/**
 * The process protocol loses nothing: the shipped reference IUT, one child process per node under
 * test, fails exactly the scenarios the in-process reference fails, profile by profile (fixed and
 * one kernel-history profile per kind of bug: PROCESS_PROFILES).
 */
describe('the reference served over the process protocol gives the in-process results', { timeout: TIMEOUT_MS }, () => {
  for (const profile of PROFILE_NAMES.filter(runsViaProcess)) {
    test(`process:tipc-reference-iut --profile ${profile} fails the same scenarios as reference:${profile}`, async () => {
      const inProcess = await runOf(profile, 'in-process');
      const viaProcess = await runOf(profile, 'process');
      assert.equal(viaProcess.readError, undefined, `reading messages.ndjson: ${viaProcess.readError}\n${describeRun(viaProcess)}`);
      // the scenarios both runs have: all of them, but @long ones for profiles that do not catch them
      const compared = (s: Scenario): boolean => runsLong(profile) || !s.long;
      const names = (r: ProfileRun): string[] => [...r.failed].map((id) => r.scenarios.get(id)).filter((s): s is Scenario => s !== undefined && compared(s)).map((s) => s.name).sort();
      const all = (r: ProfileRun): string[] => [...r.scenarios.values()].filter(compared).map((s) => s.name).sort();
      assert.deepEqual(all(viaProcess), all(inProcess), 'both runs must have the same scenarios');
      assert.deepEqual(names(viaProcess), names(inProcess), `failing scenarios differ\n${describeRun(viaProcess)}`);
      assert.equal(viaProcess.finished.size, all(viaProcess).length, `scenarios not run to the end\n${describeRun(viaProcess)}`);
      // a known kernel bug does not fail the run (only with --strict)
      const failedOtherwise = [...inProcess.failed].some((id) => {
        const s = inProcess.scenarios.get(id);
        return s !== undefined && compared(s) && s.knownBugs.length === 0;
      });
      assert.equal(viaProcess.code, failedOtherwise ? 1 : 0, `exit code of the process run\n${describeRun(viaProcess)}`);
    });
  }
});

/**
 * Behaviour does not change under a refactoring of the harness: every run writes, trace for
 * trace, the bytes recorded in test/vectors/trace-digests.json (scripts/trace-digests.ts).
 */
describe('same seed, same traces as recorded', { timeout: TIMEOUT_MS }, () => {
  const recorded = checkedInDigests();
  for (const job of TEETH_RUNS(PROFILE_NAMES)) {
    test(`${job.key}: every trace equals its recorded digest`, async () => {
      const run = await runOf(job.profile, job.via);
      const expected = recorded[job.key];
      assert.ok(expected, `no digests recorded for ${job.key}: run npm run trace-digests`);
      assert.ok(Object.keys(run.digests).length > 0, `the run wrote no traces\n${describeRun(run)}`);
      const differing = differingTraces(run.digests, expected);
      assert.deepEqual(differing, [], `traces that differ from the recorded ones under ${job.key} (seed 1)`);
    });
  }
});

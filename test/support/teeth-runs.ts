/**
 * The runs of the teeth test: every profile, in the harness's process and through the process
 * protocol, at seed 1. scripts/trace-digests.ts makes the same runs to record their traces.
 */
import * as path from 'node:path';
import type { ProfileName } from '../../reference/profiles';

export const TEETH_SEED = 1;

/** How a profile's nodes under test are reached: in the harness's process, or as child processes. */
export type Via = 'in-process' | 'process';

export interface TeethRun {
  readonly profile: ProfileName;
  readonly via: Via;
  /** "in-process:fixed", "process:legacy", ... */
  readonly key: string;
}

/** The shipped reference IUT, served over the process protocol. */
const REFERENCE_IUT = path.resolve(__dirname, '..', '..', 'bin', 'tipc-reference-iut.js');

/**
 * The scenarios tagged @long (NB-5: 65,536 updates, 66,000 requests through the protocol; NB-6
 * with 128 nodes) run only for `fixed` and the profiles that catch them, in the harness's process
 * and through the process protocol: that shows they pass, fail where they must, and that the
 * protocol carries them. Their short rows (NB-5 with few updates, NB-6 with 3 and 16 nodes) reach
 * the same code under every profile. The @long rows took 12-18 s of each profile's run in the
 * harness's process and 19 of every 27 s through the protocol, and .ci/run must fit 45 minutes on
 * two cores. The teeth test checks that every profile a @long scenario catches is listed here.
 */
export const LONG_CATCHERS: readonly ProfileName[] = ['fixed', 'no-stale-drop', 'legacy', 'legacy-seq-controlled'];
export const LONG = '@long';

export function runsLong(profile: ProfileName): boolean {
  return LONG_CATCHERS.includes(profile);
}

export function iutSpec(profile: ProfileName, via: Via): string {
  return via === 'in-process' ? `reference:${profile}` : `process:node ${REFERENCE_IUT} --profile ${profile}`;
}

/**
 * The profiles run through the process protocol as well: `fixed`, and one model of kernel history
 * for each kind of bug the protocol must carry: the half-failover (pre-half-failover-fix, the
 * failover path), a legacy peer (legacy: replicast and the bulk without sequence marks, @long NB-6)
 * and the stale-message rule (no-stale-drop, @long NB-5's 65,536 updates). That the protocol
 * carries a profile's verdicts, passing and failing, these show; every other profile is one more
 * switch of the same reference behind the same protocol, and each would add a full run through
 * child processes (about 55 s of CPU) to the teeth check, which .ci/run must fit with the kernel
 * leg into 45 minutes. All twelve models of kernel history ran through the protocol until
 * 2026-12-05, always with the in-process results.
 */
export const PROCESS_PROFILES: readonly ProfileName[] = ['fixed', 'pre-half-failover-fix', 'legacy', 'no-stale-drop'];

export function runsViaProcess(profile: ProfileName): boolean {
  return PROCESS_PROFILES.includes(profile);
}

export function TEETH_RUNS(profiles: readonly ProfileName[]): TeethRun[] {
  return (['in-process', 'process'] as const).flatMap((via) =>
    profiles.filter((profile) => via === 'in-process' || runsViaProcess(profile)).map((profile) => ({ profile, via, key: `${via}:${profile}` })),
  );
}

/** The CLI arguments of one teeth run writing into `out`. */
export function teethRunArgs(run: TeethRun, out: string): string[] {
  const tags = runsLong(run.profile) ? [] : ['--tags', `not ${LONG}`];
  return ['run', '--no-report', '--iut', iutSpec(run.profile, run.via), '--out', out, '--seed', String(TEETH_SEED), ...tags];
}

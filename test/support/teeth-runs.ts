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
 * The profiles run through the process protocol as well: `fixed` and the models of kernel history.
 * An ablation (`ablation-*`, a mutation, not kernel history) is one switch of the reference; that
 * the protocol carries a profile's verdicts, passing and failing, the dozen others show, and each
 * ablation would add a full run through child processes to the teeth check and to .ci/run, which
 * also runs the mutation leg within its 45 minutes.
 */
export function runsViaProcess(profile: ProfileName): boolean {
  return !profile.startsWith('ablation-');
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

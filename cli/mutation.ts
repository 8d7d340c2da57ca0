/**
 * What the mutation run (`npm run mutation`, StrykerJS with its cucumber runner) hands cucumber:
 * the configuration `tipc-conformance run --iut reference --seed 1 --no-report` builds, as a
 * cucumber profile. Stryker's runner loads cucumber's configuration file (cucumber.cjs, which calls
 * this); the CLI never reads that file (it passes `file: false`).
 */
import * as path from 'node:path';
import type { IConfiguration } from '@cucumber/cucumber/api';
import { iutStatement } from '../adapters/statement';
import { DEFAULT_SUPPORT_GLOB } from '../harness/package-info';
import { KNOWN_BUG_TAG } from '../steps/support/known-bug';
import { parseArgs, withoutScale } from './args';
import { readFindings } from './known-bugs';
import { runParameters } from './run';

/** The run the mutants are judged by: the reference, profile fixed, seed 1. */
export const MUTATION_RUN_ARGV: readonly string[] = ['run', '--iut', 'reference', '--seed', '1', '--no-report'];

/** Loaded as support code by the profile only: the CLI's default step timeout (cucumber's is 5 s). */
export const MUTATION_SUPPORT: string = path.join(__dirname, 'mutation-support.ts');

/**
 * Leaves out the scenarios of known kernel bugs (docs/kernel-findings.md): they fail on the
 * reference too, by design, and Stryker wants every scenario to pass before it plants a mutant.
 */
export function withoutKnownBugs(): string {
  return [...(readFindings()?.keys() ?? [])].map((id) => `not ${KNOWN_BUG_TAG}${id}`).join(' and ');
}

/**
 * The `mutation` profile: the run's features, step definitions through ts-node, world parameters
 * and selection (no @scale rows), without the known kernel bugs. The rest of the selection (tags)
 * and the formatter are Stryker's (stryker.config.mjs). Each
 * test-runner process writes its scenarios' traces into its own folder under `out` (default
 * reports/mutation/run, below the Stryker sandbox, which is the cwd).
 */
export async function mutationProfile(cwd: string, out = path.join(cwd, 'reports', 'mutation', 'run', String(process.pid))): Promise<Partial<IConfiguration>> {
  const command = parseArgs([...MUTATION_RUN_ARGV, '--out', out], cwd);
  if (command.kind !== 'run') throw new Error(`mutation profile: ${MUTATION_RUN_ARGV.join(' ')} did not parse as a run`);
  const { options } = command;
  const statement = await iutStatement(options.iut, options.iutTimeoutMs);
  return {
    paths: [...options.features],
    requireModule: ['ts-node/register'],
    require: [DEFAULT_SUPPORT_GLOB, MUTATION_SUPPORT],
    order: 'defined',
    strict: true,
    // the @scale rows left out, as the run leaves them out (MUTATION_RUN_ARGV names no --tags): the
    // 512-node row alone took 70 of the 74 s of a pass over the features, and every survivor it reached ran it
    tags: withoutScale(withoutKnownBugs(), options.scale),
    worldParameters: runParameters(options, statement),
  };
}

/**
 * What `run --shard K/N` adds to a run (cli/run.ts calls these three): the slice planned before
 * the run, checked after it, and recorded in shard.json for `tipc-conformance report`.
 */
import { type IRunConfiguration, type IRunEnvironment, loadSources } from '@cucumber/cucumber/api';
import type { RunOptions } from './args';
import type { IutStatement } from '../adapters/statement';
import { PROGRAM, VERSION } from '../harness/package-info';
import { shownPath } from '../steps/support/paths';
import { isPartial } from './selection';
import type { ScenarioOutcome } from './summary-formatter';
import {
  type PlannedScenario,
  type Selection,
  type Shard,
  SHARD_FORMAT,
  formatShard,
  readSourceFrom,
  scenarioKey,
  selectionOf,
  shardMismatch,
  shardSlice,
  writeShardRecord,
} from './shard';

export interface ShardPlan {
  readonly shard: Shard;
  /** What a full run with the same features and tags would run. */
  readonly selection: Selection;
  /** The keys of this shard's scenarios, in the selection's order. */
  readonly keys: readonly string[];
  /** The run's sources with cucumber's own shard option set. */
  readonly sources: IRunConfiguration['sources'];
}

/** The full selection (cucumber's plan, tags and FILE:LINE applied) and this shard's slice of it. */
export async function planShard(sources: IRunConfiguration['sources'], shard: Shard, environment: IRunEnvironment, cwd: string): Promise<ShardPlan> {
  const { plan } = await loadSources(sources, environment);
  const planned: PlannedScenario[] = plan.map((p) => ({ name: p.name, uri: shownPath(p.uri, cwd), line: p.location.line }));
  const selection = selectionOf(planned, readSourceFrom(cwd));
  return {
    shard,
    selection,
    keys: shardSlice(selection.scenarios, shard).map((s) => s.key),
    sources: { ...sources, shard: formatShard(shard) },
  };
}

/** The opening line's part: `shard 1/2: 85 of 169 scenarios`. */
export function shardText(plan: ShardPlan): string {
  return `shard ${formatShard(plan.shard)}: ${plan.keys.length} of ${plan.selection.scenarios.length} scenarios`;
}

/** A harness error if cucumber ran other scenarios than the slice. */
export function shardRunProblem(plan: ShardPlan, ran: readonly ScenarioOutcome[]): string | undefined {
  return shardMismatch(
    plan.keys,
    ran.map((o) => scenarioKey({ uri: o.uri, line: o.line ?? 0 })),
  );
}

/** shard.json: who ran what, with which result, for the merge. */
export function recordShard(
  options: RunOptions,
  plan: ShardPlan,
  statement: IutStatement,
  code: number,
  harnessErrors: readonly string[],
  cwd: string,
): void {
  writeShardRecord(options.out, {
    format: SHARD_FORMAT,
    suite: { name: PROGRAM, version: VERSION },
    shard: { index: plan.shard.index, total: plan.shard.total },
    iut: options.iutGiven,
    statement: {
      name: statement.name,
      version: statement.version,
      capabilities: [...statement.capabilities],
      ...(statement.kernelModule !== undefined ? { kernelModule: statement.kernelModule } : {}),
      ...(statement.fault !== undefined ? { fault: statement.fault } : {}),
    },
    testers: options.testersGiven,
    seed: options.seed,
    strict: options.strict,
    tags: options.tags,
    features: options.features.map((f) => shownPath(f, cwd)),
    partial: isPartial(options),
    selection: { id: plan.selection.id, size: plan.selection.scenarios.length, scenarios: [...plan.selection.scenarios] },
    scenarios: [...plan.keys],
    code,
    harnessErrors: [...harnessErrors],
  });
}

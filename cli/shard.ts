/**
 * `run --shard K/N`: one machine's slice of the scenarios, and the record (shard.json) that lets
 * `tipc-conformance report` put the slices back together.
 *
 * The slicing is cucumber's own (its `shard` source option, the sharding plugin of cucumber 12):
 * after the tag expression and the FILE:LINE filters have chosen the scenarios of a full run, the
 * i-th of them (0-based, in cucumber's defined order) runs in shard (i mod N) + 1. That order is
 * the feature files sorted by path (cucumber sorts what it expands from a folder or glob), then
 * the scenarios and Examples rows of each file from top to bottom: the same on every machine
 * for the same features and tags, whatever order the file system lists them in. Round-robin
 * balances by count (shards differ by one scenario at most) and spreads the scenarios of one
 * feature, which tend to cost alike, over the shards.
 *
 * We compute the same slice here from cucumber's plan (loadSources) to record it, and check after
 * the run that cucumber ran exactly it (shardMismatch), so a change of cucumber's algorithm is a
 * harness error, not a silent gap in a merged report.
 */
import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { z } from 'zod';

/** Shard `index` (1-based) of `total`. */
export interface Shard {
  readonly index: number;
  readonly total: number;
}

/** The file a shard run writes into its --out folder. */
export const SHARD_FILE = 'shard.json';

/** Version of shard.json's layout: a merge refuses a record it does not know. */
export const SHARD_FORMAT = 1;

const MAX_SHARDS = 10_000;

/** `K/N` → a shard, or why not (the caller makes it a usage error). */
export function parseShard(text: string): Shard | string {
  const m = /^([0-9]+)\/([0-9]+)$/.exec(text.trim());
  if (!m) return `--shard must be K/N, shard K of N (e.g. 1/4), got '${text}'`;
  const index = Number(m[1]);
  const total = Number(m[2]);
  if (total < 1 || total > MAX_SHARDS) return `--shard K/N: N must be from 1 to ${MAX_SHARDS}, got '${text}'`;
  if (index < 1 || index > total) return `--shard K/N: K must be from 1 to N (${total}), got '${text}'`;
  return { index, total };
}

export function formatShard(shard: Shard): string {
  return `${shard.index}/${shard.total}`;
}

/** A scenario as cucumber plans it: a Scenario, or one Examples row of a Scenario Outline. */
export interface PlannedScenario {
  readonly name: string;
  /** The feature file as cucumber names it (relative to the current folder). */
  readonly uri: string;
  /** The Scenario's line, or the Examples row's. */
  readonly line: number;
}

/** `features/link/setup.feature:12`: a scenario's identity across runs and machines. */
export function scenarioKey(s: Pick<PlannedScenario, 'uri' | 'line'>): string {
  return `${s.uri.split(path.sep).join('/')}:${s.line}`;
}

/** The scenarios of the whole selection that shard K/N runs: the same rule as cucumber's sharding plugin. */
export function shardSlice<T>(selection: readonly T[], shard: Shard): T[] {
  return selection.filter((_, i) => i % shard.total === shard.index - 1);
}

/** What a full run with the same features and tags would run. */
export interface Selection {
  /** SHA-256 over every scenario's key and name and the text of every feature file they come from. */
  readonly id: string;
  readonly scenarios: readonly { readonly key: string; readonly name: string }[];
}

/** The selection's identity; `readSource` reads a feature file by its uri (the current folder's). */
export function selectionOf(plan: readonly PlannedScenario[], readSource: (uri: string) => string): Selection {
  const hash = createHash('sha256');
  const scenarios = plan.map((p) => ({ key: scenarioKey(p), name: p.name }));
  for (const s of scenarios) hash.update(`${s.key}\t${s.name}\n`);
  // the same scenarios from a different text (another commit) are a different selection
  for (const uri of [...new Set(plan.map((p) => p.uri))]) hash.update(`${uri}\n${readSource(uri)}\n`);
  return { id: hash.digest('hex'), scenarios };
}

export function readSourceFrom(cwd: string): (uri: string) => string {
  return (uri: string) => readFileSync(path.resolve(cwd, uri), 'utf8');
}

/** Which of the slice's scenarios cucumber did not run, and which it ran that are not in the slice. */
export function shardMismatch(expected: readonly string[], ran: readonly string[]): string | undefined {
  const want = new Set(expected);
  const got = new Set(ran);
  const missing = expected.filter((k) => !got.has(k));
  const extra = ran.filter((k) => !want.has(k));
  if (missing.length === 0 && extra.length === 0 && ran.length === expected.length) return undefined;
  const list = (keys: readonly string[]): string => keys.slice(0, 5).join(', ') + (keys.length > 5 ? `, ... (${keys.length})` : '');
  return (
    `cucumber's shard is not the slice the harness computed (expected ${expected.length} scenarios, ran ${ran.length})` +
    `${missing.length > 0 ? `; not run: ${list(missing)}` : ''}${extra.length > 0 ? `; not expected: ${list(extra)}` : ''}`
  );
}

// ------------------------------------------------------------------------------ shard.json

const kernelModuleSchema = z.object({
  source: z.string(),
  origin: z.enum(['stock', 'built']),
  inputsHash: z.string().optional(),
  moduleSha256: z.string(),
  srcversion: z.string(),
  signed: z.boolean(),
  kernelRelease: z.string(),
  packageVersion: z.string(),
  initrdPath: z.string(),
});

const statementSchema = z.object({
  name: z.string(),
  version: z.string(),
  capabilities: z.array(z.string()),
  kernelModule: kernelModuleSchema.optional(),
  fault: z.object({ kind: z.string(), what: z.string(), stderrTail: z.string() }).optional(),
});

export const shardRecordSchema = z.object({
  format: z.literal(SHARD_FORMAT),
  suite: z.object({ name: z.string(), version: z.string() }),
  shard: z.object({ index: z.number().int().min(1), total: z.number().int().min(1) }),
  /** --iut as given, and who the IUT said it is. */
  iut: z.string(),
  statement: statementSchema,
  testers: z.string(),
  seed: z.number().int(),
  strict: z.boolean(),
  tags: z.string(),
  /** --features, as cucumber names them (relative to the current folder when under it). */
  features: z.array(z.string()),
  /** Less than the whole suite was selected (--tags, or --features without features/): the statement is partial (selection.ts). */
  partial: z.boolean().optional(),
  selection: z.object({
    id: z.string(),
    size: z.number().int(),
    scenarios: z.array(z.object({ key: z.string(), name: z.string() })),
  }),
  /** The keys of the scenarios this shard ran, in the selection's order. */
  scenarios: z.array(z.string()),
  /** The run's exit code and harness errors (the Allure HTML report's aside: the merge makes its own). */
  code: z.number().int(),
  harnessErrors: z.array(z.string()),
});

export type ShardRecord = z.infer<typeof shardRecordSchema>;

export function writeShardRecord(out: string, record: ShardRecord): void {
  writeFileSync(path.join(out, SHARD_FILE), `${JSON.stringify(record, null, 2)}\n`);
}

/** A shard's record, or why it cannot be read. */
export function readShardRecord(dir: string): ShardRecord | string {
  const file = path.join(dir, SHARD_FILE);
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    return `${dir} has no ${SHARD_FILE}: not the output folder of a finished 'run --shard K/N'`;
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error: unknown) {
    return `${file} is not JSON: ${error instanceof Error ? error.message : String(error)}`;
  }
  const parsed = shardRecordSchema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    return `${file} is not a shard record of format ${SHARD_FORMAT}: ${issue ? `${issue.path.join('.') || '(top)'}: ${issue.message}` : 'invalid'}`;
  }
  return parsed.data;
}

/**
 * `tipc-conformance report SHARD_DIR... --out DIR`: the output folders of `run --shard K/N` runs
 * merged into the reports of one run (see REPORT_DESCRIPTION in shard-help.ts).
 *
 * What each shard's shard.json says decides whether the folders belong together (the same IUT,
 * testers, seed, strictness, suite and selection) and whether they overlap or leave scenarios out.
 * The shards' cucumber messages, merged into one stream (merged-messages.ts), are then read the
 * way a run reads its own: our SummaryFormatter prints the scenarios and counts them, cucumber's
 * JUnit and HTML formatters write junit.xml and cucumber.html. Allure's results are files per
 * scenario with unique names: they are copied side by side and allure generate runs over them.
 */
import { copyFileSync, cpSync, existsSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import type { Writable } from 'node:stream';
import { JUnitXmlPrinter } from '@cucumber/junit-xml-formatter';
import { CucumberHtmlStream } from '@cucumber/html-formatter';
import { type Envelope, parseEnvelope } from '@cucumber/messages';
import { terminalSafe } from './terminal-safe';
import { makeFolder } from './out-folder';
import { type ReportOptions, UsageError } from './args';
import { HarnessError } from './errors';
import { ALLURE_REPORT_DIR, ALLURE_RESULTS_DIR, generateAllureReport, prepareAllureResults } from './allure';
import { conformanceStatement, statementExitCode, writeStatement } from './certify';
import { requirementStatements } from './requirement-catalogue';
import { findingLink, readFindings } from './known-bugs';
import { mergeMessages } from './merged-messages';
import { EXIT_ERROR, EXIT_FAILED, EXIT_PASSED, cleanReports } from './run';
import { type ShardRecord, formatShard, readShardRecord, scenarioKey } from './shard';
import { SummaryFormatter, closingLine } from './summary-formatter';
import { PROGRAM } from '../harness/package-info';

export interface MergeIo {
  readonly stdout: Writable;
  readonly stderr: Writable;
  readonly color: boolean;
}

interface Shard {
  readonly dir: string;
  readonly record: ShardRecord;
}

const MESSAGES_FILE = 'messages.ndjson';
/** Folders a run writes per scenario, copied as they are. */
const SCENARIO_DIRS = ['traces', 'pcaps', 'charts', 'iut-logs'] as const;
/** How many scenarios a problem names before it says how many more. */
const LISTED = 20;

function listed(lines: readonly string[]): string {
  const shown = lines.slice(0, LISTED).map((l) => `  ${l}`);
  if (lines.length > LISTED) shown.push(`  ... and ${lines.length - LISTED} more`);
  return shown.join('\n');
}

function shardName(s: Shard): string {
  return `${s.dir} (shard ${formatShard(s.record.shard)})`;
}

/** What must be the same in every shard, and how a difference is told. */
const SAME: readonly { readonly what: string; readonly of: (r: ShardRecord) => string }[] = [
  { what: 'suite version', of: (r) => `${r.suite.name} ${r.suite.version}` },
  { what: 'IUT (--iut)', of: (r) => r.iut },
  { what: 'testers (--testers)', of: (r) => r.testers },
  { what: 'seed (--seed)', of: (r) => String(r.seed) },
  { what: '--strict', of: (r) => (r.strict ? 'strict' : 'not strict') },
  { what: 'IUT (its hello)', of: (r) => `${r.statement.name} ${r.statement.version}` },
  { what: 'tags (--tags)', of: (r) => (r.tags === '' ? '(all)' : r.tags) },
  { what: 'selection (features, tags and feature text)', of: (r) => `${r.selection.size} scenarios, ${r.selection.id.slice(0, 16)}` },
];

/** Why these shards cannot be merged: they belong to different runs, or overlap. */
function mismatchProblem(shards: readonly Shard[]): string | undefined {
  const [first, ...rest] = shards;
  if (first === undefined) return 'no shards';
  for (const { what, of } of SAME) {
    const other = rest.find((s) => of(s.record) !== of(first.record));
    if (other) return `the shards are not of one run: ${what} differs:\n  ${shardName(first)}: ${of(first.record)}\n  ${shardName(other)}: ${of(other.record)}`;
  }
  const owner = new Map<string, Shard>();
  const twice: string[] = [];
  const names = new Map(first.record.selection.scenarios.map((s) => [s.key, s.name]));
  for (const shard of shards) {
    for (const key of shard.record.scenarios) {
      const before = owner.get(key);
      if (before !== undefined) twice.push(`${names.get(key) ?? key} (${key}): ${shardName(before)} and ${shardName(shard)}`);
      else owner.set(key, shard);
    }
  }
  if (twice.length > 0) return `the shards overlap: ${twice.length} scenario${twice.length === 1 ? ' is' : 's are'} in two of them:\n${listed(twice)}`;
  return undefined;
}

/** The selection's scenarios that no shard ran. */
function missingScenarios(shards: readonly Shard[]): string[] {
  const ran = new Set(shards.flatMap((s) => s.record.scenarios));
  const [first] = shards;
  return (first?.record.selection.scenarios ?? []).filter((s) => !ran.has(s.key)).map((s) => `${s.name} (${s.key})`);
}

function readMessages(dir: string): Envelope[] {
  const file = path.join(dir, MESSAGES_FILE);
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    throw new HarnessError(`${file} is missing: the shard's cucumber messages are what the merge reads`);
  }
  try {
    return text
      .split('\n')
      .filter((line) => line.trim() !== '')
      .map((line) => parseEnvelope(line));
  } catch (error: unknown) {
    throw new HarnessError(`${file} is not cucumber messages: ${error instanceof Error ? error.message : String(error)}`);
  }
}

function junitXml(envelopes: readonly Envelope[]): string {
  let xml = '';
  // the options the run gives cucumber's JUnit formatter (run.ts configure)
  const printer = new JUnitXmlPrinter({ suiteName: PROGRAM }, (text: string) => {
    xml += text;
  });
  for (const envelope of envelopes) printer.update(envelope);
  return xml;
}

async function cucumberHtml(envelopes: readonly Envelope[]): Promise<string> {
  const stream = new CucumberHtmlStream();
  const chunks: string[] = [];
  stream.on('data', (chunk: Buffer | string) => chunks.push(chunk.toString()));
  const done = new Promise<void>((resolve, reject) => {
    stream.on('end', resolve);
    stream.on('error', reject);
  });
  for (const envelope of envelopes) stream.write(envelope);
  stream.end();
  await done;
  return chunks.join('');
}

/** Every shard's Allure results side by side (their names are unique), under fresh categories. */
function mergeAllureResults(shards: readonly Shard[], out: string): number {
  prepareAllureResults(out);
  const target = path.join(out, ALLURE_RESULTS_DIR);
  let results = 0;
  for (const shard of shards) {
    const from = path.join(shard.dir, ALLURE_RESULTS_DIR);
    if (!existsSync(from)) throw new HarnessError(`${from} is missing: the shard wrote no Allure results`);
    for (const name of readdirSync(from)) {
      if (name === 'categories.json') continue; // prepareAllureResults wrote ours
      // the environment (IUT, seed, suite) is the same in every shard: the first one's stays
      if (name === 'environment.properties' && existsSync(path.join(target, name))) continue;
      copyFileSync(path.join(from, name), path.join(target, name));
      if (name.endsWith('-result.json')) results++;
    }
  }
  return results;
}

function copyScenarioFiles(shards: readonly Shard[], out: string): void {
  for (const shard of shards) {
    for (const dir of SCENARIO_DIRS) {
      const from = path.join(shard.dir, dir);
      if (existsSync(from)) cpSync(from, path.join(out, dir), { recursive: true, force: true });
    }
  }
}

export async function mergeShards(options: ReportOptions, io: MergeIo, now: () => Date = () => new Date()): Promise<number> {
  const out = (text: string): void => {
    io.stdout.write(text);
  };
  const shards: Shard[] = options.shards.map((dir) => {
    const record = readShardRecord(dir);
    if (typeof record === 'string') throw new UsageError(record, 'report');
    return { dir, record };
  });
  const mismatch = mismatchProblem(shards);
  if (mismatch !== undefined) throw new UsageError(mismatch, 'report');
  const merged = mergeMessages(shards.map((s) => readMessages(s.dir)));
  if (typeof merged === 'string') throw new UsageError(merged, 'report');
  const [first] = shards;
  if (first === undefined) throw new UsageError('report needs the output folders of the shard runs to merge', 'report');
  const record = first.record;
  const missing = missingScenarios(shards);
  const covered = record.selection.size - missing.length;

  makeFolder(options.out);
  cleanReports(options.out);
  out(
    `${PROGRAM} report: ${shards.length} shard${shards.length === 1 ? '' : 's'} of ${record.selection.size} scenarios, ` +
      `iut ${record.iut}, seed ${record.seed}${record.tags === '' ? '' : `, tags ${record.tags}`}${record.strict ? ', strict' : ''}\n` +
      shards.map((s) => `  ${shardName(s)}: ${s.record.scenarios.length} scenarios\n`).join('') +
      '\n',
  );

  const findings = readFindings();
  const formatter = new SummaryFormatter({
    write: out,
    color: io.color,
    total: covered,
    strict: record.strict,
    findingLink: (id: string) => findingLink(id, findings),
    iutHelloFault: record.statement.fault !== undefined,
    ...(record.statement.fault === undefined ? { iutCapabilities: record.statement.capabilities } : {}),
  });
  for (const envelope of merged) formatter.onEnvelope(envelope);
  const summary = formatter.summary();

  writeFileSync(path.join(options.out, MESSAGES_FILE), merged.map((e) => JSON.stringify(e)).join('\n') + '\n');
  writeFileSync(path.join(options.out, 'junit.xml'), junitXml(merged));
  writeFileSync(path.join(options.out, 'cucumber.html'), await cucumberHtml(merged));
  const allureResults = mergeAllureResults(shards, options.out);
  copyScenarioFiles(shards, options.out);

  const harnessErrors = [...summary.harnessErrors];
  for (const shard of shards) {
    for (const e of shard.record.harnessErrors) if (!harnessErrors.includes(e)) harnessErrors.push(`${shardName(shard)}: ${e}`);
  }
  const ranKeys = summary.scenarios.map((o) => scenarioKey({ uri: o.uri, line: o.line ?? 0 }));
  const recorded = new Set(shards.flatMap((s) => s.record.scenarios));
  const unrecorded = ranKeys.filter((k) => !recorded.has(k));
  if (unrecorded.length > 0 || ranKeys.length !== recorded.size) {
    harnessErrors.push(`the shards' messages hold ${ranKeys.length} scenarios, their shard.json ${recorded.size}${unrecorded.length > 0 ? `; not in shard.json: ${unrecorded.slice(0, 5).join(', ')}` : ''}`);
  }
  if (allureResults !== summary.scenarios.length) {
    harnessErrors.push(`the shards' allure-results hold ${allureResults} results for ${summary.scenarios.length} scenarios`);
  }
  if (missing.length > 0) {
    harnessErrors.push(`the shards do not cover the selection: ${missing.length} of its ${record.selection.size} scenarios are in none of them (a shard not given, or not run):\n${listed(missing)}`);
  }
  const reportProblem = options.report ? generateAllureReport(options.out) : undefined;
  if (reportProblem !== undefined) harnessErrors.push(`the Allure report was not generated: ${reportProblem}`);

  const code = harnessErrors.length > 0 ? EXIT_ERROR : summary.failed > 0 || record.statement.fault !== undefined ? EXIT_FAILED : EXIT_PASSED;
  const statement = conformanceStatement({
    spec: record.iut,
    iut: record.statement,
    seed: record.seed,
    strict: record.strict,
    date: now(),
    outcomes: summary.scenarios,
    runError: code === EXIT_ERROR,
    selection: { tags: record.tags, features: record.features },
    // a record from before `partial` was kept: a --tags run is partial at least
    partial: record.partial ?? record.tags !== '',
    // the shards' --requirements are not recorded: the package's catalogue gives the texts
    texts: requirementStatements(),
  });
  if (harnessErrors.length > 0) {
    io.stderr.write(`\nharness error${harnessErrors.length > 1 ? 's' : ''} (the merged run cannot be judged):\n`);
    for (const line of harnessErrors) io.stderr.write(`${terminalSafe(line).replace(/^/gm, '  ')}\n`);
  }
  out(`\n${closingLine(summary)}\n`);
  writeStatement(options.out, statement, out);
  const allureHtml = options.report && reportProblem === undefined ? `${ALLURE_REPORT_DIR}/, ` : '';
  out(`reports: ${options.out} (${allureHtml}${MESSAGES_FILE}, cucumber.html, junit.xml, ${ALLURE_RESULTS_DIR}/, ${SCENARIO_DIRS.join('/, ')}/)\n`);
  return statementExitCode(code, statement);
}

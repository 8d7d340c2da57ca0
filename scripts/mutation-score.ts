/**
 * The figures of a mutation run (reports/mutation/mutation.json, Stryker's JSON report): per file
 * and in total, Stryker's own score and the score that counts a runtime error as killed (a mutant
 * that makes a scenario fail by throwing: Stryker files it as invalid and leaves it out), and,
 * with --survivors, whether docs/mutation.md accounts for every surviving mutant of the files it
 * names. Run: npm run mutation:score [-- --min 80 --survivors docs/mutation.md]
 *
 * The metrics are Stryker's (mutation-testing-metrics, the package its reporters use), so the
 * figures match its HTML report.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { Command, InvalidArgumentError } from 'commander';
import { calculateMetrics, type Metrics } from 'mutation-testing-metrics';
import type { FileResultDictionary, MutantResult, MutationTestResult } from 'mutation-testing-report-schema';
import { z } from 'zod';
import {
  type AccountedSurvivor,
  type FileFigures,
  type FileReport,
  type SurvivorCheck,
  checkSurvivors,
  nonEquivalentScore,
  keyCell,
  parseSurvivorTable,
  rekeySurvivors,
  rowsAsReport,
  survivorKey,
} from './mutation-survivors';

const ReportShape = z.object({ files: z.record(z.string(), z.object({ mutants: z.array(z.object({ status: z.string() }).passthrough()) }).passthrough()) }).passthrough();

function percent(text: string): number {
  const n = Number(text);
  if (!Number.isFinite(n) || n < 0 || n > 100) throw new InvalidArgumentError(`a score is a percentage from 0 to 100, not "${text}"`);
  return n;
}

const program = new Command('mutation:score')
  .description("Per-file figures of a mutation run, and whether docs/mutation.md accounts for every survivor")
  .option('--report <file>', "Stryker's JSON report", 'reports/mutation/mutation.json')
  .option('--min <percent>', 'exit 1 when the total score (runtime errors counted as killed) is below this', percent)
  .option(
    '--min-non-equivalent <percent>',
    'with --survivors: exit 1 when the score over the mutants the file does not show equivalent is below this',
    percent,
  )
  .option('--survivors <file>', 'exit 1 unless this file lists every surviving mutant of the files it has a section for, and no other')
  .option(
    '--rekey-from <report>',
    "rewrite the --survivors file for this run: each row follows its mutant from the run it was written against (this older JSON report) to its new line; rows of mutants killed since go, new survivors come in with an empty reason",
  )
  .option(
    '--rekey-from-source <rev>',
    "--rekey-from without the older report: the --survivors file's rows were written against the source at this git revision (run in the repository), and each row follows the text of its line",
  )
  .exitOverride((e) => process.exit(e.exitCode === 0 ? 0 : 2))
  .parse();
const opts = program.opts<{ report: string; min?: number; minNonEquivalent?: number; survivors?: string; rekeyFrom?: string; rekeyFromSource?: string }>();
if (opts.minNonEquivalent !== undefined && opts.survivors === undefined) {
  console.error('mutation:score: --min-non-equivalent needs --survivors <file>, the document that shows which mutants are equivalent');
  process.exit(2);
}
if (opts.rekeyFrom !== undefined && opts.rekeyFromSource !== undefined) {
  console.error('mutation:score: --rekey-from and --rekey-from-source each name the run before: give one');
  process.exit(2);
}
if ((opts.rekeyFrom !== undefined || opts.rekeyFromSource !== undefined) && opts.survivors === undefined) {
  console.error(`mutation:score: ${opts.rekeyFrom !== undefined ? '--rekey-from' : '--rekey-from-source'} needs --survivors <file>, the document to rewrite`);
  process.exit(2);
}

function readJson(file: string): unknown {
  try {
    return JSON.parse(readFileSync(file, 'utf8'));
  } catch (e) {
    console.error(`mutation:score: cannot read ${file}: ${(e as Error).message} (run npm run mutation first)`);
    process.exit(2);
  }
}

const parsed = ReportShape.safeParse(readJson(opts.report));
if (!parsed.success) {
  console.error(`mutation:score: ${opts.report} is not a Stryker JSON report: ${parsed.error.issues[0]?.message ?? 'bad shape'}`);
  process.exit(2);
}
const report = parsed.data as unknown as MutationTestResult;

function figures(name: string, m: Metrics): FileFigures {
  const detected = m.totalDetected + m.runtimeErrors;
  const counted = detected + m.totalUndetected;
  return {
    name,
    mutants: m.totalMutants,
    killed: m.killed,
    timeout: m.timeout,
    runtimeErrors: m.runtimeErrors,
    survived: m.survived,
    noCoverage: m.noCoverage,
    stryker: m.mutationScore,
    withRuntimeErrors: counted === 0 ? NaN : (detected / counted) * 100,
  };
}

const files: FileResultDictionary = report.files;
const rows: FileFigures[] = Object.keys(files)
  .sort()
  .map((file) => figures(file, calculateMetrics({ [file]: files[file] }).metrics));
const total = figures('total', calculateMetrics(files).metrics);

const pct = (n: number): string => (Number.isNaN(n) ? '   n/a' : `${n.toFixed(1).padStart(5)}%`);
const width = Math.max(...rows.map((r) => r.name.length), 5);
console.log(`${'file'.padEnd(width)}  mutants  killed  timeout  runtime  survived  no-cov   score  score (runtime errors killed)`);
for (const r of [...rows, total]) {
  console.log(
    `${r.name.padEnd(width)}  ${String(r.mutants).padStart(7)}  ${String(r.killed).padStart(6)}  ${String(r.timeout).padStart(7)}  ` +
      `${String(r.runtimeErrors).padStart(7)}  ${String(r.survived).padStart(8)}  ${String(r.noCoverage).padStart(6)}  ${pct(r.stryker)}  ${pct(r.withRuntimeErrors)}`,
  );
}

let failed = false;
if (opts.min !== undefined && !(total.withRuntimeErrors >= opts.min)) {
  console.log(`\nFAIL: the score is ${pct(total.withRuntimeErrors).trim()}, below --min ${opts.min}%`);
  failed = true;
}

if (opts.survivors !== undefined) {
  let text: string;
  try {
    text = readFileSync(opts.survivors, 'utf8');
  } catch (e) {
    console.error(`mutation:score: cannot read ${opts.survivors}: ${(e as Error).message}`);
    process.exit(2);
  }
  const byBase = (r: MutationTestResult): Map<string, FileReport> =>
    new Map(Object.entries(r.files).map(([f, v]) => [path.basename(f), { source: v.source, mutants: v.mutants }]));
  let before: Map<string, FileReport> | undefined;
  if (opts.rekeyFrom !== undefined) {
    const old = ReportShape.safeParse(readJson(opts.rekeyFrom));
    if (!old.success) {
      console.error(`mutation:score: ${opts.rekeyFrom} is not a Stryker JSON report`);
      process.exit(2);
    }
    before = byBase(old.data as unknown as MutationTestResult);
  }
  if (opts.rekeyFromSource !== undefined) {
    before = new Map();
    const sections = new Set(parseSurvivorTable(text).map((a) => a.file));
    for (const f of Object.keys(files).filter((f) => sections.has(path.basename(f)))) {
      let source: string;
      try {
        source = execFileSync('git', ['show', `${opts.rekeyFromSource}:${f}`], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], maxBuffer: 64 << 20 });
      } catch (e) {
        console.error(`mutation:score: cannot read ${f} at ${opts.rekeyFromSource} from git: ${String((e as { stderr?: unknown }).stderr ?? (e as Error).message).trim()}`);
        process.exit(2);
      }
      before.set(path.basename(f), rowsAsReport(text, path.basename(f), source));
    }
  }
  if (before !== undefined) {
    const moved = rekeySurvivors(text, before, byBase(report));
    writeFileSync(opts.survivors, moved.text);
    text = moved.text;
    console.log(`\n${opts.survivors} rewritten: ${moved.carried} rows carried over, ${moved.dropped.length} dropped (no longer a survivor), ${moved.added.length} added with an empty reason`);
    for (const k of moved.dropped) console.log(`  dropped  ${k}`);
    for (const k of moved.added) console.log(`  added    ${k}`);
  }
  const accounted: AccountedSurvivor[] = parseSurvivorTable(text);
  const mutants = new Map<string, MutantResult[]>(Object.entries(files).map(([f, r]) => [path.basename(f), r.mutants]));
  const check: SurvivorCheck = checkSurvivors(mutants, accounted);
  console.log(`\n${opts.survivors}: ${check.accounted} survivors accounted for in ${check.files.join(', ') || 'no file of this run'}`);
  if (check.unaccounted.length > 0) console.log(`  not listed (${check.unaccounted.length}; rows to complete with a reason):`);
  for (const m of check.unaccounted) console.log(`  | ${keyCell(survivorKey(m.file, m.mutant))} | ${m.mutant.status === 'NoCoverage' ? 'no coverage: ' : ''} |`);
  if (check.stale.length > 0) console.log(`  listed, but not a survivor of this run (${check.stale.length}; killed since, or the code moved):`);
  for (const a of check.stale) console.log(`    ${a.key}`);
  if (check.unexplained.length > 0) console.log(`  listed without a reason in a category (${check.unexplained.length}; **equivalent**, **profile-only**, **not reached**, **not covered yet** or **not worth a scenario**):`);
  for (const a of check.unexplained) console.log(`    ${a.key}`);
  if (check.unaccounted.length > 0 || check.stale.length > 0 || check.unexplained.length > 0) failed = true;
  const detected = total.killed + total.timeout + total.runtimeErrors;
  const counted = detected + total.survived + total.noCoverage;
  const adjusted = nonEquivalentScore(detected, counted, check.equivalent.length);
  console.log(
    `\nscore over non-equivalent mutants: ${pct(adjusted).trim()} (${detected} detected of ${counted - check.equivalent.length}; ` +
      `${check.equivalent.length} survivors of ${check.files.join(', ') || 'no file'} shown **equivalent** in ${opts.survivors} left out)`,
  );
  for (const r of rows) {
    const base = path.basename(r.name);
    const eq = check.equivalent.filter((a) => a.file === base).length;
    if (!check.files.includes(base)) continue;
    const det = r.killed + r.timeout + r.runtimeErrors;
    console.log(`  ${r.name.padEnd(width)}  ${pct(nonEquivalentScore(det, det + r.survived + r.noCoverage, eq))}  (${eq} equivalent)`);
  }
  if (opts.minNonEquivalent !== undefined && !(adjusted >= opts.minNonEquivalent)) {
    console.log(`FAIL: the score over non-equivalent mutants is ${pct(adjusted).trim()}, below --min-non-equivalent ${opts.minNonEquivalent}%`);
    failed = true;
  }
}
process.exit(failed ? 1 : 0);

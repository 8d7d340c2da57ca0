/**
 * `tipc-conformance certify`: run every feature against the IUT and write its conformance
 * statement: who the IUT says it is (name, version, declared capabilities), every requirement
 * with pass / fail / known bug / not applicable / error and the scenarios behind it, the suite
 * version, seed and date. JSON for machines, HTML for people; both next to the cucumber reports
 * in --out.
 */
import { writeFileSync } from 'node:fs';
import * as path from 'node:path';
import type { RunOptions } from './args';
import { PROGRAM, VERSION } from '../harness/package-info';
import { EXIT_ERROR, type RunIo, runConformanceDetailed } from './run';
import { type ScenarioOutcome, countsAsKnownBug } from './summary-formatter';
import { moduleText } from './allure';
import type { IutHelloFault, KernelModule } from '../contract';
import { iutFaultOf } from '../adapters/process/channel';
import type { IutStatement } from '../adapters/statement';

/**
 * A requirement's verdict, and the statement's. `known bug`: every scenario of it that failed is
 * tagged @known-bug:ID, a bug Linux 6.1 is known to have (docs/kernel-findings.md); not with
 * --strict, where it is `fail`.
 */
export type Verdict = 'pass' | 'fail' | 'known bug' | 'not applicable' | 'error';

export interface ScenarioResult {
  readonly name: string;
  readonly where: string;
  /** The scenario's status as cucumber ended it: passed, failed, skipped, undefined, ... */
  readonly status: string;
  /** The ID of its @known-bug:ID tag when it failed (in a strict run too). */
  readonly knownBug?: string;
}

export interface RequirementResult {
  readonly id: string;
  readonly verdict: Verdict;
  readonly scenarios: readonly ScenarioResult[];
}

export interface ConformanceStatement {
  readonly suite: { readonly name: string; readonly version: string };
  readonly iut: {
    readonly spec: string;
    readonly name: string;
    readonly version: string;
    readonly capabilities: readonly string[];
    readonly kernelModule?: KernelModule;
    /** It failed its hello before the run: every scenario failed with this, and the verdict is fail. */
    readonly fault?: IutHelloFault;
  };
  readonly seed: number;
  readonly date: string;
  /** --strict: a known kernel bug is a failure. */
  readonly strict: boolean;
  readonly verdict: Verdict;
  readonly requirements: readonly RequirementResult[];
}

function verdictOf(outcomes: readonly ScenarioOutcome[], strict: boolean): Verdict {
  const statuses = outcomes.map((o) => o.status);
  if (statuses.some((s) => s !== 'passed' && s !== 'failed' && s !== 'skipped')) return 'error';
  if (outcomes.some((o) => o.status === 'failed' && !countsAsKnownBug(o, strict))) return 'fail';
  if (statuses.includes('failed')) return 'known bug';
  if (statuses.every((s) => s === 'skipped')) return 'not applicable';
  return 'pass';
}

/**
 * The statement's verdict, the worst of its requirements': error (the run cannot be judged, as
 * exit 2 says), then fail, then known bug (the IUT does as Linux 6.1 does, bugs and all), then
 * pass; not applicable only when every requirement is. An IUT that failed its hello before the
 * run (`iutFault`) fails, whatever its requirements say.
 */
export function overallVerdict(verdicts: readonly Verdict[], runError: boolean, iutFault = false): Verdict {
  if (runError || verdicts.includes('error')) return 'error';
  if (iutFault || verdicts.includes('fail')) return 'fail';
  if (verdicts.includes('known bug')) return 'known bug';
  if (verdicts.length > 0 && verdicts.every((v) => v === 'not applicable')) return 'not applicable';
  return 'pass';
}

function scenarioResult(o: ScenarioOutcome): ScenarioResult {
  return {
    name: o.name,
    where: o.line === undefined ? o.uri : `${o.uri}:${o.line}`,
    status: o.status,
    ...(o.knownBug !== undefined ? { knownBug: o.knownBug } : {}),
  };
}

/** Requirements in catalogue order (FO-1, FO-2, ..., NB-0, ...), each with its scenarios. */
export function requirementResults(outcomes: readonly ScenarioOutcome[], strict = false): RequirementResult[] {
  const byReq = new Map<string, ScenarioOutcome[]>();
  for (const o of outcomes) {
    for (const t of o.tags) {
      const m = /^@req:(.+)$/.exec(t);
      if (m) byReq.set(m[1], [...(byReq.get(m[1]) ?? []), o]);
    }
  }
  return [...byReq.entries()]
    .sort(([a], [b]) => a.localeCompare(b, 'en', { numeric: true }))
    .map(([id, list]) => ({ id, verdict: verdictOf(list, strict), scenarios: list.map(scenarioResult) }));
}

/** A scenario's status in the HTML statement: `failed, known bug KF-1` for a known bug. */
function statusText(sc: ScenarioResult): string {
  return sc.knownBug === undefined ? sc.status : `${sc.status}, known bug ${sc.knownBug}`;
}

function verdictClass(v: Verdict): string {
  return v.replace(' ', '-');
}

function esc(s: string): string {
  return s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] ?? c);
}

export function statementHtml(s: ConformanceStatement): string {
  const rows = s.requirements
    .map(
      (r) =>
        `<tr class="${verdictClass(r.verdict)}"><td>${esc(r.id)}</td><td>${esc(r.verdict)}</td><td>${r.scenarios
          .map((sc) => `${esc(sc.name)} <small>(${esc(statusText(sc))}, ${esc(sc.where)})</small>`)
          .join('<br>')}</td></tr>`,
    )
    .join('\n');
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>TIPC conformance statement: ${esc(s.iut.name)}</title>
<style>body{font-family:sans-serif;margin:2em}table{border-collapse:collapse}td,th{border:1px solid #ccc;padding:.3em .6em;text-align:left;vertical-align:top}
.pass td:nth-child(2){color:#070}.fail td:nth-child(2){color:#b00}.known-bug td:nth-child(2){color:#80a}.not-applicable td:nth-child(2){color:#777}.error td:nth-child(2){color:#b60}</style></head>
<body><h1>TIPC conformance statement</h1>
<table>
<tr><th>implementation</th><td>${esc(s.iut.fault !== undefined ? s.iut.name : `${s.iut.name} ${s.iut.version}`)}</td></tr>
<tr><th>run as</th><td><code>${esc(s.iut.spec)}</code></td></tr>${
    s.iut.fault !== undefined
      ? `\n<tr class="fail"><th>fault before the run</th><td><pre>${esc(iutFaultOf(s.iut.fault).message)}</pre>every scenario failed with it</td></tr>`
      : ''
  }
<tr><th>declared capabilities</th><td>${esc(s.iut.fault !== undefined ? 'unknown (no valid hello)' : s.iut.capabilities.join(', ') || 'none')}</td></tr>${s.iut.kernelModule ? `\n<tr><th>tipc.ko</th><td>${esc(moduleText(s.iut.kernelModule))}</td></tr>` : ''}
<tr><th>suite</th><td>${esc(s.suite.name)} ${esc(s.suite.version)}</td></tr>
<tr><th>seed</th><td>${s.seed}</td></tr>
<tr><th>date</th><td>${esc(s.date)}</td></tr>
<tr><th>strict</th><td>${s.strict ? 'yes: a known kernel bug is a failure' : 'no: a known kernel bug is a known bug, not a failure'}</td></tr>
<tr class="${verdictClass(s.verdict)}"><th>verdict</th><td>${esc(s.verdict)}</td></tr>
</table>
<h2>Requirements</h2>
<table><tr><th>requirement</th><th>verdict</th><th>scenarios</th></tr>
${rows}
</table>
<p>Requirements are described in docs/requirements.md of ${esc(s.suite.name)}; known kernel bugs in its docs/kernel-findings.md.</p>
</body></html>
`;
}

export const STATEMENT_FILES = ['conformance-statement.json', 'conformance-statement.html'] as const;

/** What a statement is made from: a run's, or shards' merged (cli/merge.ts). */
export interface StatementInput {
  /** --iut as given. */
  readonly spec: string;
  readonly iut: IutStatement;
  readonly seed: number;
  readonly strict: boolean;
  readonly date: Date;
  readonly outcomes: readonly ScenarioOutcome[];
  /** The run cannot be judged (exit 2): the verdict is error. */
  readonly runError: boolean;
}

export function conformanceStatement(input: StatementInput): ConformanceStatement {
  const requirements = requirementResults(input.outcomes, input.strict);
  return {
    suite: { name: PROGRAM, version: VERSION },
    iut: { spec: input.spec, ...input.iut },
    seed: input.seed,
    date: input.date.toISOString(),
    strict: input.strict,
    verdict: overallVerdict(
      requirements.map((r) => r.verdict),
      input.runError,
      input.iut.fault !== undefined,
    ),
    requirements,
  };
}

/** conformance-statement.json and .html into `out`; prints where they went. */
export function writeStatement(out: string, statement: ConformanceStatement, write: (text: string) => void): void {
  writeFileSync(path.join(out, STATEMENT_FILES[0]), `${JSON.stringify(statement, null, 2)}\n`);
  writeFileSync(path.join(out, STATEMENT_FILES[1]), statementHtml(statement));
  write(`statement: ${STATEMENT_FILES.map((f) => path.join(out, f)).join(', ')} (verdict: ${statement.verdict})\n`);
}

export async function certify(options: RunOptions, io: RunIo, now: () => Date = () => new Date()): Promise<number> {
  const result = await runConformanceDetailed(options, io);
  const statement = conformanceStatement({
    spec: options.iutGiven,
    iut: result.statement,
    seed: options.seed,
    strict: options.strict,
    date: now(),
    outcomes: result.scenarios,
    runError: result.code === EXIT_ERROR,
  });
  writeStatement(options.out, statement, (text) => io.stdout.write(text));
  return result.code;
}

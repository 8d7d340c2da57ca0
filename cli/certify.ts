/**
 * `tipc-conformance certify`: run every feature against the IUT and write its conformance
 * statement: who the IUT says it is (name, version, declared capabilities), every requirement
 * with its text, its verdict (pass / fail / known bug / not applicable / error), for one not
 * applicable the capabilities the IUT lacks, and the scenarios behind it; how many requirements
 * were tested; what was selected (a --tags or --features run is partial); the suite version, seed
 * and date. JSON for machines, HTML for people; both next to the cucumber reports in --out.
 */
import { writeFileSync } from 'node:fs';
import * as path from 'node:path';
import type { RunOptions } from './args';
import { PROGRAM, VERSION } from '../harness/package-info';
import { EXIT_ERROR, EXIT_FAILED, EXIT_PASSED, type RunIo, runConformanceDetailed } from './run';
import { type ScenarioOutcome, countsAsKnownBug } from './summary-formatter';
import { moduleText } from './allure';
import type { IutHelloFault, KernelModule } from '../contract';
import { iutFaultOf } from '../adapters/process/channel';
import type { IutStatement } from '../adapters/statement';
import { andList, inCatalogueOrder, missingCapabilities, notApplicableText } from './not-applicable';
import { requirementStatements } from './requirement-catalogue';
import { type Selection, isPartial, partialText, selectionOf } from './selection';

/**
 * A requirement's verdict. `known bug`: every scenario of it that failed is tagged @known-bug:ID,
 * a bug Linux 6.1 is known to have (docs/kernel-findings.md); not with --strict, where it is `fail`.
 */
export type Verdict = 'pass' | 'fail' | 'known bug' | 'not applicable' | 'error';

/**
 * The statement's verdict: a requirement's, but never `not applicable`: a statement in which no
 * requirement was tested is `not tested`, which is not a pass (certify exits 1).
 */
export type OverallVerdict = Exclude<Verdict, 'not applicable'> | 'not tested';

export interface ScenarioResult {
  readonly name: string;
  readonly where: string;
  /** The scenario's status as cucumber ended it: passed, failed, skipped, undefined, ... */
  readonly status: string;
  /** The ID of its @known-bug:ID tag when it failed (in a strict run too). */
  readonly knownBug?: string;
  /** Skipped: why (`needs fsm-events, which the IUT does not declare`, or the reason the steps gave). */
  readonly notApplicable?: string;
}

export interface RequirementResult {
  readonly id: string;
  /** Its statement in the requirement catalogue (docs/requirements.md); '' for an id no catalogue has. */
  readonly text: string;
  readonly verdict: Verdict;
  /** Not applicable: the capabilities its scenarios need that the IUT did not declare (none: another reason, in its scenarios). */
  readonly missing?: readonly string[];
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
  /** Only a part of the suite was run (--tags, or --features other than the package's features/): the verdict is of that part. */
  readonly partial: boolean;
  readonly selection: Selection;
  readonly verdict: OverallVerdict;
  /** Requirements with a verdict other than not applicable: at least one of their scenarios ran. */
  readonly tested: number;
  readonly notApplicable: number;
  readonly total: number;
  /** `pass: 8 of 13 tested, 5 not applicable`: the verdict and the counts, as the terminal and the HTML say them. */
  readonly summary: string;
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
 * pass; `not tested` when no requirement was (every one not applicable, or none selected): a
 * certification that tested nothing says nothing of the IUT. An IUT that failed its hello before
 * the run (`iutFault`) fails, whatever its requirements say.
 */
export function overallVerdict(verdicts: readonly Verdict[], runError: boolean, iutFault = false): OverallVerdict {
  if (runError || verdicts.includes('error')) return 'error';
  if (iutFault || verdicts.includes('fail')) return 'fail';
  if (verdicts.includes('known bug')) return 'known bug';
  if (verdicts.every((v) => v === 'not applicable')) return 'not tested';
  return 'pass';
}

/** `pass: 8 of 13 tested, 5 not applicable`; `not tested: 0 of 15 tested, 15 not applicable`. */
export function summaryText(verdict: OverallVerdict, tested: number, notApplicable: number): string {
  const total = tested + notApplicable;
  return `${verdict}: ${tested} of ${total} requirement${total === 1 ? '' : 's'} tested${notApplicable > 0 ? `, ${notApplicable} not applicable` : ''}`;
}

function scenarioResult(o: ScenarioOutcome, declared: readonly string[] | undefined): ScenarioResult {
  return {
    name: o.name,
    where: o.line === undefined ? o.uri : `${o.uri}:${o.line}`,
    status: o.status,
    ...(o.knownBug !== undefined ? { knownBug: o.knownBug } : {}),
    ...(o.status === 'skipped' ? { notApplicable: notApplicableText(missingCapabilities(o.tags, declared), o.notApplicable) } : {}),
  };
}

/** What the statement needs to know of the run beside its outcomes. */
export interface RequirementContext {
  /** --strict: a known kernel bug is a failure. */
  readonly strict?: boolean;
  /** The capabilities the IUT declared; undefined when unknown (it failed its hello). */
  readonly declared?: readonly string[];
  /** Each requirement's statement by id (requirement-catalogue.ts). */
  readonly texts?: ReadonlyMap<string, string>;
}

/** Not applicable: the capabilities its scenarios need that the IUT lacks, each once, in the catalogue's order. */
function missingOf(list: readonly ScenarioOutcome[], declared: readonly string[] | undefined): string[] {
  return inCatalogueOrder(list.flatMap((o) => missingCapabilities(o.tags, declared)));
}

/** Requirements in catalogue order (FO-1, FO-2, ..., NB-0, ...), each with its text and scenarios. */
export function requirementResults(outcomes: readonly ScenarioOutcome[], context: RequirementContext = {}): RequirementResult[] {
  const { strict = false, declared, texts } = context;
  const byReq = new Map<string, ScenarioOutcome[]>();
  for (const o of outcomes) {
    for (const t of o.tags) {
      const m = /^@req:(.+)$/.exec(t);
      if (m) byReq.set(m[1], [...(byReq.get(m[1]) ?? []), o]);
    }
  }
  return [...byReq.entries()]
    .sort(([a], [b]) => a.localeCompare(b, 'en', { numeric: true }))
    .map(([id, list]) => {
      const verdict = verdictOf(list, strict);
      const missing = verdict === 'not applicable' ? missingOf(list, declared) : [];
      return {
        id,
        text: texts?.get(id) ?? '',
        verdict,
        ...(missing.length > 0 ? { missing } : {}),
        scenarios: list.map((o) => scenarioResult(o, declared)),
      };
    });
}

/** A scenario's status in the HTML statement: `failed, known bug KF-1` for a known bug, `skipped: needs ...` for one not applicable. */
function statusText(sc: ScenarioResult): string {
  if (sc.knownBug !== undefined) return `${sc.status}, known bug ${sc.knownBug}`;
  return sc.notApplicable !== undefined ? `${sc.status}: ${sc.notApplicable}` : sc.status;
}

function verdictClass(v: OverallVerdict | Verdict): string {
  return v.replace(' ', '-');
}

function esc(s: string): string {
  return s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] ?? c);
}

/** A requirement's statement is markdown: its `code` spans become <code> (the text is escaped already). */
function markdownCode(escaped: string): string {
  return escaped.replace(/`([^`]+)`/g, '<code>$1</code>');
}

export function statementHtml(s: ConformanceStatement): string {
  const rows = s.requirements
    .map(
      (r) =>
        `<tr class="${verdictClass(r.verdict)}"><td>${esc(r.id)}</td><td>${esc(r.verdict)}${
          r.missing !== undefined ? `<br><small>needs ${esc(andList(r.missing))}, which the IUT does not declare</small>` : ''
        }</td><td>${markdownCode(esc(r.text))}</td><td>${r.scenarios
          .map((sc) => `${esc(sc.name)} <small>(${esc(statusText(sc))}, ${esc(sc.where)})</small>`)
          .join('<br>')}</td></tr>`,
    )
    .join('\n');
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>TIPC conformance statement: ${esc(s.iut.name)}</title>
<style>body{font-family:sans-serif;margin:2em}table{border-collapse:collapse}td,th{border:1px solid #ccc;padding:.3em .6em;text-align:left;vertical-align:top}
.pass td:nth-child(2){color:#070}.fail td:nth-child(2){color:#b00}.known-bug td:nth-child(2){color:#80a}.not-applicable td:nth-child(2){color:#777}.error td:nth-child(2){color:#b60}.not-tested td:nth-child(2){color:#b00}td:nth-child(3){max-width:45em}</style></head>
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
<tr><th>selection</th><td>${esc(s.partial ? partialText(s.selection) : `the whole suite (${s.selection.features.join(', ')})`)}</td></tr>
<tr class="${verdictClass(s.verdict)}"><th>verdict</th><td>${esc(s.summary)}${s.verdict === 'not tested' ? '<br>nothing was tested: this is not a pass' : ''}${
    s.partial ? '<br>of the part of the suite that was run, not of the implementation' : ''
  }</td></tr>
</table>
<h2>Requirements</h2>
<table><tr><th>requirement</th><th>verdict</th><th>statement</th><th>scenarios</th></tr>
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
  /** What was selected, and whether that is less than the whole suite (selection.ts). */
  readonly selection: Selection;
  readonly partial: boolean;
  /** Each requirement's statement by id (requirement-catalogue.ts). */
  readonly texts: ReadonlyMap<string, string>;
}

export function conformanceStatement(input: StatementInput): ConformanceStatement {
  const declared = input.iut.fault !== undefined ? undefined : input.iut.capabilities;
  const requirements = requirementResults(input.outcomes, { strict: input.strict, ...(declared !== undefined ? { declared } : {}), texts: input.texts });
  const verdict = overallVerdict(
    requirements.map((r) => r.verdict),
    input.runError,
    input.iut.fault !== undefined,
  );
  const notApplicable = requirements.filter((r) => r.verdict === 'not applicable').length;
  const tested = requirements.length - notApplicable;
  return {
    suite: { name: PROGRAM, version: VERSION },
    iut: { spec: input.spec, ...input.iut },
    seed: input.seed,
    date: input.date.toISOString(),
    strict: input.strict,
    partial: input.partial,
    selection: input.selection,
    verdict,
    tested,
    notApplicable,
    total: requirements.length,
    summary: summaryText(verdict, tested, notApplicable),
    requirements,
  };
}

/**
 * Why a statement that tested nothing is not a pass, one line; undefined when something was
 * tested. The capabilities its requirements need and the IUT lacks say what to declare (and
 * implement) for them to be tested.
 */
export function notTestedProblem(s: ConformanceStatement): string | undefined {
  if (s.verdict !== 'not tested') return undefined;
  const missing = inCatalogueOrder(s.requirements.flatMap((r) => r.missing ?? []));
  const what =
    s.total === 0 ? 'no requirement was selected' : s.total === 1 ? `the one requirement run does not apply to ${s.iut.name}` : `none of the ${s.total} requirements run applies to ${s.iut.name}`;
  const declared = s.iut.capabilities.length > 0 ? s.iut.capabilities.join(', ') : 'no capability';
  const needs = missing.length > 0 ? ` (it declares ${declared}; they need ${andList(missing)})` : '';
  return `nothing was tested: ${what}${needs}; a statement that tested nothing is not a pass`;
}

/** conformance-statement.json and .html into `out`; prints where they went, the verdict and what was tested. */
export function writeStatement(out: string, statement: ConformanceStatement, write: (text: string) => void): void {
  writeFileSync(path.join(out, STATEMENT_FILES[0]), `${JSON.stringify(statement, null, 2)}\n`);
  writeFileSync(path.join(out, STATEMENT_FILES[1]), statementHtml(statement));
  const counts = statement.summary.slice(statement.verdict.length + 2);
  const partial = statement.partial ? `; ${partialText(statement.selection)}` : '';
  write(`statement: ${STATEMENT_FILES.map((f) => path.join(out, f)).join(', ')} (verdict: ${statement.verdict}, ${counts}${partial})\n`);
  const problem = notTestedProblem(statement);
  if (problem !== undefined) write(`${problem}\n`);
}

/**
 * The exit code of a run that wrote a statement: the run's, but a statement in which nothing was
 * tested fails (1) a run that would have passed.
 */
export function statementExitCode(code: number, statement: ConformanceStatement): number {
  return code === EXIT_PASSED && statement.verdict === 'not tested' ? EXIT_FAILED : code;
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
    runError: result.code === EXIT_ERROR || result.interrupted !== undefined,
    selection: selectionOf(options, io.cwd),
    partial: isPartial(options),
    texts: requirementStatements(options.requirements),
  });
  writeStatement(options.out, statement, (text) => io.stdout.write(text));
  return statementExitCode(result.code, statement);
}

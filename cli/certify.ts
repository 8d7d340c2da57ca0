/**
 * `tipc-conformance certify`: run every feature against the IUT and write its conformance
 * statement: who the IUT says it is (name, version, declared capabilities), every requirement
 * with pass / fail / not applicable and the scenarios behind it, the suite version, seed and date.
 * JSON for machines, HTML for people; both next to the cucumber reports in --out.
 */
import { writeFileSync } from 'node:fs';
import * as path from 'node:path';
import type { RunOptions } from './args';
import { PROGRAM, VERSION } from '../harness/package-info';
import { EXIT_ERROR, type RunIo, runConformanceDetailed } from './run';
import type { ScenarioOutcome } from './summary-formatter';
import { moduleText } from './allure';
import type { KernelModule } from '../contract';

export type Verdict = 'pass' | 'fail' | 'not applicable' | 'error';

export interface RequirementResult {
  readonly id: string;
  readonly verdict: Verdict;
  readonly scenarios: readonly { readonly name: string; readonly where: string; readonly status: string }[];
}

export interface ConformanceStatement {
  readonly suite: { readonly name: string; readonly version: string };
  readonly iut: { readonly spec: string; readonly name: string; readonly version: string; readonly capabilities: readonly string[]; readonly kernelModule?: KernelModule };
  readonly seed: number;
  readonly date: string;
  readonly verdict: Verdict;
  readonly requirements: readonly RequirementResult[];
}

function verdictOf(statuses: readonly string[]): Verdict {
  if (statuses.some((s) => s !== 'passed' && s !== 'failed' && s !== 'skipped')) return 'error';
  if (statuses.includes('failed')) return 'fail';
  if (statuses.every((s) => s === 'skipped')) return 'not applicable';
  return 'pass';
}

/** Requirements in catalogue order (FO-1, FO-2, ..., NB-0, ...), each with its scenarios. */
export function requirementResults(outcomes: readonly ScenarioOutcome[]): RequirementResult[] {
  const byReq = new Map<string, ScenarioOutcome[]>();
  for (const o of outcomes) {
    for (const t of o.tags) {
      const m = /^@req:(.+)$/.exec(t);
      if (m) byReq.set(m[1], [...(byReq.get(m[1]) ?? []), o]);
    }
  }
  return [...byReq.entries()]
    .sort(([a], [b]) => a.localeCompare(b, 'en', { numeric: true }))
    .map(([id, list]) => ({
      id,
      verdict: verdictOf(list.map((o) => o.status)),
      scenarios: list.map((o) => ({ name: o.name, where: o.line === undefined ? o.uri : `${o.uri}:${o.line}`, status: o.status })),
    }));
}

function esc(s: string): string {
  return s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] ?? c);
}

export function statementHtml(s: ConformanceStatement): string {
  const rows = s.requirements
    .map(
      (r) =>
        `<tr class="${r.verdict.replace(' ', '-')}"><td>${esc(r.id)}</td><td>${esc(r.verdict)}</td><td>${r.scenarios
          .map((sc) => `${esc(sc.name)} <small>(${esc(sc.status)}, ${esc(sc.where)})</small>`)
          .join('<br>')}</td></tr>`,
    )
    .join('\n');
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>TIPC conformance statement: ${esc(s.iut.name)}</title>
<style>body{font-family:sans-serif;margin:2em}table{border-collapse:collapse}td,th{border:1px solid #ccc;padding:.3em .6em;text-align:left;vertical-align:top}
.pass td:nth-child(2){color:#070}.fail td:nth-child(2){color:#b00}.not-applicable td:nth-child(2){color:#777}.error td:nth-child(2){color:#b60}</style></head>
<body><h1>TIPC conformance statement</h1>
<table>
<tr><th>implementation</th><td>${esc(s.iut.name)} ${esc(s.iut.version)}</td></tr>
<tr><th>run as</th><td><code>${esc(s.iut.spec)}</code></td></tr>
<tr><th>declared capabilities</th><td>${esc(s.iut.capabilities.join(', ') || 'none')}</td></tr>${s.iut.kernelModule ? `\n<tr><th>tipc.ko</th><td>${esc(moduleText(s.iut.kernelModule))}</td></tr>` : ''}
<tr><th>suite</th><td>${esc(s.suite.name)} ${esc(s.suite.version)}</td></tr>
<tr><th>seed</th><td>${s.seed}</td></tr>
<tr><th>date</th><td>${esc(s.date)}</td></tr>
<tr><th>verdict</th><td>${esc(s.verdict)}</td></tr>
</table>
<h2>Requirements</h2>
<table><tr><th>requirement</th><th>verdict</th><th>scenarios</th></tr>
${rows}
</table>
<p>Requirements are described in docs/requirements.md of ${esc(s.suite.name)}.</p>
</body></html>
`;
}

export const STATEMENT_FILES = ['conformance-statement.json', 'conformance-statement.html'] as const;

export async function certify(options: RunOptions, io: RunIo, now: () => Date = () => new Date()): Promise<number> {
  const result = await runConformanceDetailed(options, io);
  const requirements = requirementResults(result.scenarios);
  const verdicts = requirements.map((r) => r.verdict);
  const statement: ConformanceStatement = {
    suite: { name: PROGRAM, version: VERSION },
    iut: { spec: options.iutGiven, ...result.statement },
    seed: options.seed,
    date: now().toISOString(),
    verdict:
      result.code === EXIT_ERROR || verdicts.includes('error')
        ? 'error'
        : verdicts.includes('fail')
          ? 'fail'
          : verdicts.length > 0 && verdicts.every((v) => v === 'not applicable')
            ? 'not applicable'
            : 'pass',
    requirements,
  };
  writeFileSync(path.join(options.out, STATEMENT_FILES[0]), `${JSON.stringify(statement, null, 2)}\n`);
  writeFileSync(path.join(options.out, STATEMENT_FILES[1]), statementHtml(statement));
  io.stdout.write(`statement: ${STATEMENT_FILES.map((f) => path.join(options.out, f)).join(', ')} (verdict: ${statement.verdict})\n`);
  return result.code;
}

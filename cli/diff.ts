/**
 * `tipc-conformance diff`: the differential check. Runs the selected scenarios once with the
 * reference (or the --iut given) and once with the Linux kernel as the implementation under test,
 * each as a `certify` child process with its own reports, and prints the scenarios whose outcomes
 * differ. Every difference must be explained in docs/kernel-differences.md (a row with the
 * scenario's requirement and the same two outcomes) or fixed in the reference; an unexplained one
 * makes the exit code 1.
 */
import { spawn } from 'node:child_process';
import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { terminalSafe } from './terminal-safe';
import { makeFolder } from './out-folder';
import type { RunOptions } from './args';
import { SIGNAL_EXIT_CODES, STOP_SIGNALS } from '../adapters/exit-hooks';
import type { ConformanceStatement } from './certify';
import { PACKAGE_ROOT, PROGRAM } from '../harness/package-info';
import { EXIT_ERROR, EXIT_FAILED, EXIT_PASSED, type RunIo } from './run';

export const DIFFERENCES_DOC = path.join(PACKAGE_ROOT, 'docs', 'kernel-differences.md');
const BIN = path.join(PACKAGE_ROOT, 'bin', 'tipc-conformance.js');

/** A scenario's outcome as the statement gives it, in the words of the table. */
export type Outcome = 'passed' | 'failed' | 'N/A' | 'error';

export interface Difference {
  readonly requirement: string;
  readonly scenario: string;
  readonly where: string;
  readonly reference: Outcome;
  readonly kernel: Outcome;
  /** The row of docs/kernel-differences.md that explains it, if one does. */
  readonly explanation: string | undefined;
}

function outcomeOf(status: string): Outcome {
  if (status === 'passed' || status === 'failed') return status;
  if (status === 'skipped') return 'N/A';
  return 'error';
}

/** Rows `| ID | reference | kernel | why |` of docs/kernel-differences.md. */
export function readExplanations(text: string): { readonly id: string; readonly reference: string; readonly kernel: string; readonly why: string }[] {
  const rows = [];
  for (const line of text.split('\n')) {
    const cells = line.split('|').map((c) => c.trim());
    if (cells.length < 6 || cells[0] !== '') continue;
    const [, id, reference, kernel, why] = cells;
    if (!/^[A-Z]+-\d+[a-z]?$/.test(id ?? '')) continue;
    rows.push({ id: id ?? '', reference: reference ?? '', kernel: kernel ?? '', why: why ?? '' });
  }
  return rows;
}

/** Scenarios whose outcomes differ between the two statements, with their explanations. */
export function differences(ref: ConformanceStatement, kernel: ConformanceStatement, explanationsText: string): Difference[] {
  const explanations = readExplanations(explanationsText);
  const kernelByScenario = new Map<string, Outcome>();
  for (const r of kernel.requirements) for (const s of r.scenarios) kernelByScenario.set(`${r.id} ${s.where} ${s.name}`, outcomeOf(s.status));
  const out: Difference[] = [];
  for (const r of ref.requirements) {
    for (const s of r.scenarios) {
      const a = outcomeOf(s.status);
      const b = kernelByScenario.get(`${r.id} ${s.where} ${s.name}`) ?? 'error';
      if (a === b) continue;
      const row = explanations.find((e) => e.id === r.id && e.reference === a && e.kernel === b);
      out.push({ requirement: r.id, scenario: s.name, where: s.where, reference: a, kernel: b, explanation: row?.why });
    }
  }
  return out;
}

function runCertify(args: readonly string[], io: RunIo): Promise<number | null> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [BIN, 'certify', ...args], { cwd: io.cwd, env: { ...process.env, ...io.env }, stdio: ['ignore', 'pipe', 'pipe'] });
    child.stdout.on('data', (b: Buffer) => io.stdout.write(b));
    child.stderr.on('data', (b: Buffer) => io.stderr.write(b));
    // Ctrl-C reaches the child through the terminal; a signal sent to this process alone must
    // reach it too: passed on, and once the child has stopped (its guests with it) we go as well.
    let signalled: (typeof STOP_SIGNALS)[number] | undefined;
    const handlers = STOP_SIGNALS.map((sig) => {
      const h = (): void => {
        signalled = sig;
        child.kill(sig);
      };
      process.on(sig, h);
      return [sig, h] as const;
    });
    child.on('error', () => resolve(null));
    child.on('close', (code) => {
      for (const [sig, h] of handlers) process.removeListener(sig, h);
      if (signalled) process.exit(SIGNAL_EXIT_CODES[signalled]);
      resolve(code);
    });
  });
}

/** The run's options as command-line words for a child, with the IUT and output folder replaced. */
function childArgs(o: RunOptions, iut: string, out: string): string[] {
  const args = ['--iut', iut, '--seed', String(o.seed), '--out', out];
  if (o.tags !== '') args.push('--tags', o.tags);
  args.push('--features', ...o.features);
  if (o.requirements.length > 1) args.push('--requirements', ...o.requirements.slice(1));
  if (!o.report) args.push('--no-report');
  args.push('--step-timeout', String(o.stepTimeoutMs));
  return args;
}

function pad(s: string, n: number): string {
  return s.length >= n ? s : s + ' '.repeat(n - s.length);
}

export async function diff(options: RunOptions, io: RunIo): Promise<number> {
  const sides = [
    { name: 'reference', iut: options.iutGiven, out: path.join(options.out, 'reference') },
    { name: 'kernel', iut: 'kernel', out: path.join(options.out, 'kernel') },
  ] as const;
  const statements: ConformanceStatement[] = [];
  for (const side of sides) {
    makeFolder(side.out);
    const file = path.join(side.out, 'conformance-statement.json');
    // a statement left by an earlier diff must not stand in for a run that did not finish
    rmSync(file, { force: true });
    io.stdout.write(`== ${side.name}: ${PROGRAM} certify --iut ${side.iut} --out ${side.out}\n`);
    const code = await runCertify(childArgs(options, side.iut, side.out), io);
    if ((code !== EXIT_PASSED && code !== EXIT_FAILED) || !existsSync(file)) {
      io.stderr.write(`${PROGRAM}: diff: the ${side.name} run did not finish (exit ${code ?? 'none'}); no comparison\n`);
      return EXIT_ERROR;
    }
    statements.push(JSON.parse(readFileSync(file, 'utf8')) as ConformanceStatement);
  }
  const [ref, kernel] = statements;
  const diffs = differences(ref, kernel, existsSync(DIFFERENCES_DOC) ? readFileSync(DIFFERENCES_DOC, 'utf8') : '');
  writeFileSync(path.join(options.out, 'differences.json'), `${JSON.stringify({ reference: ref.iut, kernel: kernel.iut, differences: diffs }, null, 2)}\n`);

  const scenarios = ref.requirements.reduce((n, r) => n + r.scenarios.length, 0);
  io.stdout.write(`\n${ref.iut.name} vs ${kernel.iut.name}: ${scenarios} scenarios, ${diffs.length} with different outcomes\n`);
  if (diffs.length > 0) {
    const w = Math.min(60, Math.max(...diffs.map((d) => d.requirement.length + 1 + d.scenario.length)));
    io.stdout.write(`${pad('scenario', w)}  ${pad('reference', 9)}  ${pad('kernel', 7)}  explained in docs/kernel-differences.md\n`);
    for (const d of diffs) {
      const name = terminalSafe(`${d.requirement} ${d.scenario}`);
      const cut = name.length > w ? `${name.slice(0, w - 1)}…` : name;
      io.stdout.write(`${pad(cut, w)}  ${pad(d.reference, 9)}  ${pad(d.kernel, 7)}  ${d.explanation ? `yes: ${d.explanation}` : 'NO: fix the reference or explain it'}\n`);
    }
  }
  io.stdout.write(`differences: ${path.join(options.out, 'differences.json')}\n`);
  return diffs.some((d) => d.explanation === undefined) ? EXIT_FAILED : EXIT_PASSED;
}

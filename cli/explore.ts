/**
 * `tipc-conformance explore`: random fault schedules against the invariants (explore/), each
 * counterexample shrunk, written as a .feature and replayed with `run` to show it fails the same
 * way; the reports of that replay (trace, chart, pcap) go beside it. Progress on stderr; Ctrl-C
 * stops after the run in hand and keeps what was found.
 */
import { spawn } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import type { Writable } from 'node:stream';
import type { Capability, RunParameters } from '../contract';
import { isCapability } from '../contract/capabilities';
import { iutStatement } from '../adapters/statement';
import { STOP_SIGNALS } from '../adapters/exit-hooks';
import { type Counterexample, type ExploreResult, explore } from '../explore/explorer';
import { featureText } from '../explore/feature-writer';
import { INVARIANTS } from '../explore/invariants';
import { StepRunner } from '../explore/step-runner';
import { PACKAGE_ROOT, PROGRAM, VERSION } from '../harness/package-info';
import { makeFolder } from './out-folder';
import { DEFAULT_SEED } from './help';
import type { ExploreOptions } from './args';
import { EXIT_ERROR, EXIT_FAILED, EXIT_PASSED } from './run';

export interface ExploreIo {
  readonly cwd: string;
  readonly env: Record<string, string | undefined>;
  readonly stdout: Writable & { readonly isTTY?: boolean };
  readonly stderr: Writable & { readonly isTTY?: boolean };
}

const BIN = path.join(PACKAGE_ROOT, 'bin', 'tipc-conformance.js');
/** How often progress is printed, ms: a line that rewrites itself on a terminal, a new line otherwise. */
const PROGRESS_TTY_MS = 1000;
const PROGRESS_LOG_MS = 15_000;

/** `run --features F --iut X --seed S --out DIR --no-report` in a child: its exit code (null if it could not run). */
function replay(feature: string, iut: string, seed: number, out: string, io: ExploreIo): Promise<number | null> {
  // run.log goes here whatever run did, even if it stopped before making the folder
  mkdirSync(out, { recursive: true });
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [BIN, 'run', '--features', feature, '--iut', iut, '--seed', String(seed), '--out', out, '--no-report'], {
      cwd: io.cwd,
      env: { ...process.env, ...io.env, NO_COLOR: '1' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const log: Buffer[] = [];
    child.stdout.on('data', (b: Buffer) => log.push(b));
    child.stderr.on('data', (b: Buffer) => log.push(b));
    child.on('error', () => resolve(null));
    child.on('close', (code) => {
      writeFileSync(path.join(out, 'run.log'), Buffer.concat(log));
      resolve(code);
    });
  });
}

function slug(c: Counterexample, n: number): string {
  const what = c.known !== undefined ? `known-${c.known.ids.join('-')}` : c.invariant;
  return `${String(n).padStart(2, '0')}-${what.toLowerCase()}`;
}

function seconds(ms: number): string {
  return `${(ms / 1000).toFixed(1)} s`;
}

/** What a counterexample's replays showed, for explore.json and the terminal. */
interface Written {
  readonly feature: string;
  /** Exit code of `run` with the IUT (1: it fails as found), and with reference:fixed when the IUT is another. */
  readonly replayIut: number | null;
  readonly replayFixed?: number | null;
}

export async function runExplore(o: ExploreOptions, io: ExploreIo): Promise<number> {
  const statement = await iutStatement(o.iut, o.iutTimeoutMs);
  if (statement.fault !== undefined) {
    io.stderr.write(`${PROGRAM} explore: the implementation under test failed its hello: ${statement.fault.what}\n`);
    return EXIT_FAILED;
  }
  const capabilities: Capability[] = statement.capabilities.filter((c): c is Capability => isCapability(c));
  if (!capabilities.includes('virtual-time')) {
    io.stderr.write(`${PROGRAM} explore: ${o.iutGiven} does not run on the harness's clock (capability virtual-time): the explorer needs it\n`);
    return EXIT_ERROR;
  }
  const runner = await StepRunner.load({ cwd: io.cwd, env: io.env });
  makeFolder(o.out);
  const parameters: RunParameters = {
    iut: o.iut,
    testers: 'reference',
    seed: DEFAULT_SEED,
    out: o.out,
    capabilities,
    iutTimeoutMs: o.iutTimeoutMs,
    replay: [],
  };
  const limit = o.runs !== undefined ? `${o.runs} runs` : `${seconds(o.timeMs ?? 0)}`;
  io.stdout.write(`${PROGRAM} ${VERSION} explore: iut ${o.iutGiven} (${statement.name}), seed ${o.seed}, for ${limit}\n`);
  io.stdout.write(`  invariants: ${INVARIANTS.map((i) => i.name).join(', ')}, IUT-HEALTHY (docs/explore.md)\n`);

  let interrupted = false;
  const onSignal = (): void => {
    if (interrupted) process.exit(130);
    interrupted = true;
    io.stderr.write(`\n${PROGRAM} explore: stopping after the run in hand (again to quit at once)\n`);
  };
  const signals = STOP_SIGNALS.filter((s) => s !== 'SIGHUP');
  for (const s of signals) process.on(s, onSignal);

  const tty = io.stderr.isTTY === true;
  let lastProgress = 0;
  let progressShown = false;
  const written: { c: Counterexample; w: Written }[] = [];
  let result: ExploreResult;
  try {
    result = await explore(
      { parameters, seed: o.seed, ...(o.runs !== undefined ? { runs: o.runs } : {}), ...(o.timeMs !== undefined ? { timeMs: o.timeMs } : {}), stopOnKnown: o.stopOnKnown, ownOnly: o.ownOnly, maxCommands: o.maxCommands, shrinkMs: o.shrinkMs },
      runner,
      { now: () => Date.now() },
      {
        progress: (p) => {
          const now = Date.now();
          if (now - lastProgress < (tty ? PROGRESS_TTY_MS : PROGRESS_LOG_MS)) return;
          lastProgress = now;
          const v = [...p.violations].map(([k, n]) => `${k} ${n}`).join(', ');
          const line = `explore: ${p.runs} runs, ${(p.runs / Math.max(p.elapsedMs / 1000, 0.001)).toFixed(1)} runs/s, ${seconds(p.elapsedMs)}; broken: ${v === '' ? 'none' : v}`;
          io.stderr.write(tty ? `\r${line}\x1b[K` : `${line}\n`);
          progressShown = tty;
        },
        shrinking: (inv, run) => {
          io.stderr.write(`${progressShown ? '\n' : ''}explore: run ${run + 1} broke ${inv}; shrinking it\n`);
          progressShown = false;
        },
        found: async (c) => {
          const n = written.length + 1;
          const folder = path.join(o.out, slug(c, n));
          mkdirSync(folder, { recursive: true });
          const feature = path.join(folder, 'counterexample.feature');
          const needs = [...new Set(c.lines.flatMap((l) => runner.needsOf(l.text)))];
          writeFileSync(feature, featureText(c, { iutGiven: o.iutGiven, seed: o.seed, clusterSeed: DEFAULT_SEED, needs, file: path.relative(io.cwd, feature) }));
          const replayIut = await replay(feature, o.iutGiven, DEFAULT_SEED, path.join(folder, 'run'), io);
          const fixedIsIut = o.iut.kind === 'reference' && o.iut.profile === 'fixed';
          const replayFixed = c.known === undefined && !fixedIsIut ? await replay(feature, 'reference', DEFAULT_SEED, path.join(folder, 'run-reference-fixed'), io) : undefined;
          const w: Written = { feature, replayIut, ...(replayFixed !== undefined ? { replayFixed } : {}) };
          written.push({ c, w });
          io.stdout.write(`${progressShown ? '\n' : ''}${describe(c, w, io.cwd)}\n`);
          progressShown = false;
        },
      },
      () => interrupted,
    );
  } finally {
    for (const s of signals) process.removeListener(s, onSignal);
  }
  if (progressShown) io.stderr.write('\n');
  const summary = {
    iut: o.iutGiven,
    seed: o.seed,
    runs: result.runs,
    elapsedMs: result.elapsedMs,
    stoppedBy: result.stoppedBy,
    known: Object.fromEntries(result.known),
    sharedRuns: result.sharedRuns,
    counterexamples: written.map(({ c, w }) => ({
      invariant: c.invariant,
      requirement: c.req,
      known: c.known ?? null,
      shared: c.shared,
      failedStep: c.failedStep,
      message: c.message,
      run: c.run + 1,
      fcSeed: c.fcSeed,
      foundAtMs: c.foundAtMs,
      shrunkAtMs: c.shrunkAtMs,
      commandsFound: c.commandsFound,
      commandsShrunk: c.commandsShrunk,
      steps: c.lines.length,
      feature: path.relative(o.out, w.feature),
      replayIutExit: w.replayIut,
      ...(w.replayFixed !== undefined ? { replayReferenceFixedExit: w.replayFixed } : {}),
    })),
  };
  writeFileSync(path.join(o.out, 'explore.json'), `${JSON.stringify(summary, null, 2)}\n`);
  // with --own-only a schedule the kernel's model breaks too is noted, not counted
  const own = written.filter(({ c }) => c.known === undefined && !(o.ownOnly && c.shared));
  io.stdout.write(
    `\nexplore: ${result.runs} runs in ${seconds(result.elapsedMs)} (${stopReason(result.stoppedBy)}); ` +
      `${own.length} counterexample${own.length === 1 ? '' : 's'}, known bugs met: ${result.known.size > 0 ? [...result.known].map(([k, n]) => `${k} (${n} runs)`).join(', ') : 'none'}` +
      `${o.ownOnly ? `, runs that broke an invariant reference:fixed breaks too: ${result.sharedRuns}` : ''}\n`,
  );
  io.stdout.write(`reports: ${path.relative(io.cwd, o.out) || '.'} (explore.json, one folder per counterexample)\n`);
  return own.length > 0 ? EXIT_FAILED : EXIT_PASSED;
}

function stopReason(s: ExploreResult['stoppedBy']): string {
  switch (s) {
    case 'runs':
      return 'all runs done';
    case 'time':
      return 'time up';
    case 'counterexample':
      return 'stopped at a counterexample';
    case 'known':
      return 'stopped at a known bug (--stop-on-known)';
    case 'interrupt':
      return 'interrupted';
  }
}

function describe(c: Counterexample, w: Written, cwd: string): string {
  const head =
    c.known !== undefined
      ? `KNOWN  ${c.invariant}: known kernel bug ${c.known.ids.join(' or ')} (holds on reference:${c.known.fixedBy}), run ${c.run + 1}`
      : `FOUND  ${c.invariant}${c.shared ? ' (reference:fixed breaks it too: a finding of the kernel model)' : ''}: run ${c.run + 1} after ${seconds(c.foundAtMs)}, shrunk to ${c.commandsShrunk} commands (${c.lines.length} steps) by ${seconds(c.shrunkAtMs)}`;
  const replayText = (code: number | null | undefined, what: string, expect: number): string =>
    code === undefined ? '' : `\n       replay with ${what}: ${code === null ? 'could not run' : code === expect ? (code === 1 ? 'fails the same way' : 'passes') : `exit ${code}, expected ${expect}`}`;
  return (
    `${head}\n       broken at: ${c.failedStep}\n       ${c.message.split('\n').join('\n       ')}\n       feature: ${path.relative(cwd, w.feature)}` +
    replayText(w.replayIut, 'the IUT', c.known !== undefined && c.known.ids.length === 1 ? 0 : 1) +
    replayText(w.replayFixed, 'reference:fixed', c.shared ? 1 : 0)
  );
}

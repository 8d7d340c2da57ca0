/**
 * `tipc-conformance run`: cucumber in-process through @cucumber/cucumber/api.
 *
 * Order matters for "nothing written on a usage error": arguments were validated by args.ts;
 * here the features are parsed (loadSources) and the step definitions loaded (loadSupport)
 * before the output folder is touched. Only then are the stale reports removed and the run
 * started.
 */
import { readdirSync, rmSync } from 'node:fs';
import * as path from 'node:path';
import { Writable } from 'node:stream';
import {
  loadConfiguration,
  loadSources,
  runCucumber,
  type IConfiguration,
  type IRunConfiguration,
  type IRunEnvironment,
  type ISupportCodeLibrary,
} from '@cucumber/cucumber/api';
import { terminalSafe } from './terminal-safe';
import { makeFolder } from './out-folder';
import { UsageError, type RunOptions, withoutScale } from './args';
import { HarnessError, errorText } from './errors';
import { REPORT_FILES } from './help';
import { IutFault, iutFaultOf } from '../adapters/process/channel';
import { type IutStatement, iutStatement } from '../adapters/statement';
import { type KernelImage, checkBootPrerequisites, kernelImage, setupKernelImage } from '../adapters/kernel/image';
import { ModuleBuildError, prepareKernelModule } from '../adapters/kernel/module-build';
import { KERNEL_CAPABILITIES } from '../adapters/kernel/statement';
import { formatProblems, lintFeatures } from './lint';
import { withDefaultTimeout } from './step-library';
import { ALLURE_REPORT_DIR, ALLURE_RESULTS_DIR, allureFormat, generateAllureReport, prepareAllureResults } from './allure';
import { formatIutSpec } from '../adapters/iut-spec';
import { type Capability, isCapability } from '../contract/capabilities';
import type { RunParameters } from '../contract/run';
import { DEFAULT_FEATURES_DIR, DEFAULT_SUPPORT_GLOB, PROGRAM, VERSION } from '../harness/package-info';
import { replayCommand } from '../harness/replay';
import { type ScenarioOutcome, SummaryFormatter, closingLine } from './summary-formatter';
import { findingLink, readFindings } from './known-bugs';
import { shownPath } from '../steps/support/paths';
import { planShard, recordShard, shardRunProblem, shardText } from './shard-run';
import { SHARD_FILE, formatShard } from './shard';
import { unfinishedProblem, withWorkers, workerCount, workerEnvironment } from './parallel';
import { RunReports } from './run-reports';
import { SIGNAL_EXIT_CODES, type StopSignal, stopSignalled, takeStopSignals } from '../adapters/exit-hooks';
import { haltingOnStop } from './stop-gate';

export interface RunIo {
  readonly cwd: string;
  readonly env: Record<string, string | undefined>;
  readonly stdout: Writable;
  readonly stderr: Writable;
  readonly color: boolean;
}

export const EXIT_PASSED = 0;
export const EXIT_FAILED = 1;
export const EXIT_ERROR = 2;

const TRACES_DIR = 'traces';
/**
 * The scenario files a run writes, by folder: plain, or gzipped for a passed scenario
 * (steps/support/report.ts), so that a scenario that failed before and passes now leaves no
 * stale plain file beside its new .gz, nor the other way round.
 */
const SCENARIO_FILES: readonly { readonly dir: string; readonly suffixes: readonly string[] }[] = [
  { dir: TRACES_DIR, suffixes: ['.trace.txt', '.trace.txt.gz'] },
  { dir: 'pcaps', suffixes: ['.pcap', '.pcap.gz'] },
];

/** Remove what a previous run wrote into `out`; nothing else. */
export function cleanReports(out: string): void {
  for (const file of REPORT_FILES) rmSync(path.join(out, file), { force: true });
  rmSync(path.join(out, SHARD_FILE), { force: true }); // a shard's record must not outlive its run
  for (const { dir, suffixes } of SCENARIO_FILES) {
    let names: string[];
    try {
      names = readdirSync(path.join(out, dir));
    } catch {
      continue;
    }
    for (const name of names) {
      if (suffixes.some((s) => name.endsWith(s))) rmSync(path.join(out, dir, name), { force: true });
    }
  }
}

/**
 * The command that replays one scenario of this run, without its --features (the per-scenario
 * hook adds `--features FILE:LINE`): the IUT as given, the testers, the seed.
 */
export function scenarioReplayArgv(options: RunOptions): string[] {
  const module = options.iut.kind === 'kernel' ? options.iut.module : undefined;
  return [
    PROGRAM,
    'run',
    '--iut',
    options.iutGiven,
    ...(module?.src !== undefined ? ['--tipc-src', module.src] : []),
    ...(module?.patches !== undefined && module.patches.length > 0 ? ['--tipc-patch', ...module.patches] : []),
    ...(options.testers !== 'reference' ? ['--testers', options.testersGiven] : []),
    '--seed',
    String(options.seed),
  ];
}

/** The command that replays the whole run: the scenario's, with the run's selection. */
function runReplayArgv(options: RunOptions): string[] {
  const argv = scenarioReplayArgv(options);
  if (options.tags !== '') argv.push('--tags', options.tags);
  if (options.scale) argv.push('--scale');
  const features = options.features.filter((f) => f !== DEFAULT_FEATURES_DIR);
  if (features.length > 0) argv.push('--features', ...features);
  if (features.length > 0 && features.length < options.features.length) argv.push('--bundled');
  const requirements = options.requirements.slice(1); // the first is always the package's own
  if (requirements.length > 0) argv.push('--requirements', ...requirements);
  if (options.shard !== undefined) argv.push('--shard', formatShard(options.shard));
  return argv;
}

/** An interface as a plain object type: what cucumber's JSON type for the world parameters accepts. */
type Plain<T> = { [K in keyof T]: T[K] };

/** What every scenario gets (cucumber's world parameters): structured, parsed once. */
export function runParameters(options: RunOptions, statement: IutStatement, kernelModules?: KernelModules): Plain<RunParameters> {
  return {
    iut: options.iut,
    testers: options.testers,
    seed: options.seed,
    out: options.out,
    // a process IUT may declare names the suite does not know: no scenario needs them
    capabilities: statement.capabilities.filter((c): c is Capability => isCapability(c)),
    // it failed its hello: every scenario fails with that fault
    ...(statement.fault !== undefined ? { iutHelloFault: statement.fault } : {}),
    // what the tester nodes can do, when they are not the reference (which can do everything)
    ...(options.testers === 'kernel' ? { testerCapabilities: KERNEL_CAPABILITIES } : {}),
    iutTimeoutMs: options.iutTimeoutMs,
    scenarioTimeoutMs: options.scenarioTimeoutMs,
    ...(kernelModules !== undefined ? { kernelModules } : {}),
    replay: scenarioReplayArgv(options),
  };
}

async function configure(options: RunOptions, environment: IRunEnvironment, statement: IutStatement, kernelModules: KernelModules | undefined): Promise<IRunConfiguration> {
  const allure = allureFormat(options.out, statement, options.iutGiven, options.seed, options.features, kernelModules);
  const worldParameters = runParameters(options, statement, kernelModules);
  const { runConfiguration } = await loadConfiguration(
    {
      file: false, // never pick up a cucumber.js / cucumber.yaml from the caller's cwd
      provided: {
        paths: [...options.features],
        require: options.support.length > 0 ? [...options.support] : [DEFAULT_SUPPORT_GLOB],
        tags: withoutScale(options.tags, options.scale),
        order: 'defined',
        parallel: 0, // in-process unless --parallel: the workers are counted with the scenarios (parallel.ts)
        strict: true,
        publish: false,
        worldParameters,
        // The terminal output is ours (SummaryFormatter); cucumber's stdout formatter writes
        // into a sink (see environment.stdout below). messages.ndjson, cucumber.html and
        // junit.xml are ours too (RunReports), to be ended well when a signal stops the run.
        format: [
          ['summary'],
          [allure.path], // writes its results into resultsDir itself
        ],
        formatOptions: allure.options as IConfiguration['formatOptions'], // RegExp label patterns: not JSON, which the type asks for
      },
    },
    environment,
  );
  return {
    ...runConfiguration,
    formats: { ...runConfiguration.formats, publish: false },
  };
}

/** Parse the features; a usage error if none match, a harness error on a parse error. */
async function plannedScenarioCount(config: IRunConfiguration, options: RunOptions, environment: IRunEnvironment): Promise<number> {
  const { plan, errors } = await loadSources(config.sources, environment);
  if (errors.length > 0) {
    const lines = errors.map((e) => `  ${shownPath(e.uri, environment.cwd ?? process.cwd())}:${e.location.line}: ${e.message}`);
    throw new HarnessError(`Gherkin parse error${errors.length > 1 ? 's' : ''}:\n${lines.join('\n')}`);
  }
  if (plan.length > 0) return plan.length;
  const where = options.features.join(' ');
  if (options.tags === '') throw new UsageError(`no scenarios found in ${where}`, 'run');
  const all = await loadSources({ ...config.sources, tagExpression: '' }, environment);
  if (all.plan.length === 0) throw new UsageError(`no scenarios found in ${where}`, 'run');
  throw new UsageError(
    `no scenario matches --tags '${options.tags}' (${all.plan.length} scenarios in ${where}; tags start with '@')`,
    'run',
  );
}

/** Lint every feature of the run first: a run that would fail halfway on a bad spec never starts. */
async function lint(options: RunOptions, io: RunIo): Promise<{ library: ISupportCodeLibrary }> {
  const result = await lintFeatures({ features: options.features, support: options.support, requirements: options.requirements, cwd: io.cwd }, io.env);
  if (result.problems.length > 0) {
    const n = result.problems.length;
    throw new HarnessError(
      `the features have ${n} problem${n === 1 ? '' : 's'} (${PROGRAM} lint); nothing was run:\n${formatProblems(result.problems).trimEnd()}`,
    );
  }
  return { library: result.library };
}

/** What a run found: its exit code, who the IUT said it is, and where the messages went. */
export interface RunResult {
  readonly code: number;
  readonly statement: IutStatement;
  readonly scenarios: readonly ScenarioOutcome[];
  /** The signal that stopped the run before its end (its exit code is SIGNAL_EXIT_CODES's). */
  readonly interrupted?: StopSignal;
}

export async function runConformance(options: RunOptions, io: RunIo): Promise<number> {
  return (await runConformanceDetailed(options, io)).code;
}

type KernelModules = NonNullable<RunParameters['kernelModules']>;

/** Kernel nodes boot from the guest image: build it first if the cache has none (a minute or less). */
async function ensureKernelImage(io: RunIo): Promise<KernelImage> {
  try {
    checkBootPrerequisites();
  } catch (error: unknown) {
    throw new HarnessError(error instanceof Error ? error.message : String(error));
  }
  const cached = kernelImage();
  if (cached) return cached;
  io.stdout.write('kernel guest image not built yet: building it (tipc-conformance kernel setup)\n');
  try {
    return await setupKernelImage({ log: (line: string) => io.stdout.write(`  ${line}\n`) });
  } catch (error: unknown) {
    throw new HarnessError(`cannot build the kernel guest image: ${error instanceof Error ? error.message : String(error)}`);
  }
}

/**
 * The guest image, and the tipc.ko of kernel nodes under test and of kernel testers: Debian's own,
 * or built (and loaded once) now, before any scenario; a cached build is reused. A patch that does
 * not apply, a build that fails, a module that does not load: a harness error, with the tool's words.
 */
async function prepareKernel(options: RunOptions, io: RunIo): Promise<KernelModules | undefined> {
  const iutKernel = options.iut.kind === 'kernel';
  const testersKernel = options.testers === 'kernel';
  if (!iutKernel && !testersKernel) return undefined;
  const image = await ensureKernelImage(io);
  const log = (line: string): void => {
    io.stdout.write(`  ${line}\n`);
  };
  try {
    return {
      ...(options.iut.kind === 'kernel' ? { iut: await prepareKernelModule(options.iut.module, { image, log }) } : {}),
      ...(testersKernel ? { testers: await prepareKernelModule(options.testersModule, { image, log }) } : {}),
    };
  } catch (error: unknown) {
    if (error instanceof ModuleBuildError) throw new HarnessError(error.message);
    throw error;
  }
}

/** Wall-clock limit for the IUT's hello before the run. */
const HELLO_TIMEOUT_MS = 10_000;

/**
 * Who the IUT is. A process IUT that cannot be started at all (its program is not found or not
 * executable) is a usage error: there is nothing to run. One that starts and then fails its hello
 * comes back with a statement that carries the fault: the run goes on, and every scenario fails
 * with it (RunParameters.iutHelloFault).
 */
async function introduce(options: RunOptions, kernelModules: KernelModules | undefined): Promise<IutStatement> {
  try {
    return await iutStatement(options.iut, Math.min(HELLO_TIMEOUT_MS, options.iutTimeoutMs), kernelModules?.iut);
  } catch (error: unknown) {
    if (error instanceof IutFault && error.kind === 'spawn') throw new UsageError(cannotStart(options, error.what), 'run');
    throw error;
  }
}

/** `cannot start the implementation under test ./my-iut: not executable (spawn ./my-iut EACCES)`. */
function cannotStart(options: RunOptions, what: string): string {
  const program = options.iut.kind === 'process' ? (options.iut.argv[0] ?? '') : formatIutSpec(options.iut);
  const spawnError = what.replace(/ \(while answering [^)]*\)$/, '');
  const code = /\b(E[A-Z]+)$/.exec(spawnError)?.[1];
  const problem =
    code === 'ENOENT'
      ? `not found${program.includes('/') ? '' : ' in PATH'}`
      : code === 'EACCES'
        ? 'not executable'
        : 'cannot be run';
  return `cannot start the implementation under test ${program}: ${problem} (${spawnError})`;
}

export async function runConformanceDetailed(options: RunOptions, io: RunIo): Promise<RunResult> {
  const sink = new Writable({
    write(_chunk: unknown, _encoding: BufferEncoding, callback: (error?: Error | null) => void): void {
      callback();
    },
  });
  const environment: IRunEnvironment = { cwd: io.cwd, env: io.env, stdout: sink, stderr: io.stderr };
  const out = (text: string): void => {
    io.stdout.write(text);
  };

  const linted = await lint(options, io);
  const kernelModules = await prepareKernel(options, io);
  const statement = await introduce(options, kernelModules);
  const fullConfig = await configure(options, environment, statement, kernelModules);
  const selected = await plannedScenarioCount(fullConfig, options, environment);
  // --shard: cucumber's own sharding, after the selection above (cli/shard.ts)
  const shard = options.shard === undefined ? undefined : await planShard(fullConfig.sources, options.shard, environment, io.cwd);
  const config = shard === undefined ? fullConfig : { ...fullConfig, sources: shard.sources };
  const total = shard === undefined ? selected : shard.keys.length;
  // --step-timeout limits every step and hook that sets no timeout of its own: in this process
  // through the library, in --parallel workers (which load the library again) through the environment.
  const support = haltingOnStop(withDefaultTimeout(linted.library, options.stepTimeoutMs), () => stopSignalled() !== undefined);
  const workers = workerCount(options.parallel, total);

  makeFolder(options.out);
  cleanReports(options.out);
  prepareAllureResults(options.out);

  out(
    `${PROGRAM} ${VERSION}: ${total} scenario${total === 1 ? '' : 's'}, ` +
      `iut ${formatIutSpec(options.iut)}, seed ${options.seed}` +
      `${options.tags === '' ? '' : `, tags ${terminalSafe(options.tags)}`}${options.strict ? ', strict' : ''}${shard === undefined ? '' : `, ${shardText(shard)}`}` +
      `${workers > 0 ? `, ${workers} worker${workers === 1 ? '' : 's'}` : ''}\n` +
      `  features: ${terminalSafe(options.features.map((f) => shownPath(f, io.cwd)).join(' '))}\n\n`,
  );

  if (statement.fault !== undefined) {
    out(
      'the implementation under test did not introduce itself: every scenario fails with this fault, and none starts it again\n' +
        '(an IUT fault, not a harness error; it declared no capabilities, so no scenario is N/A for want of one)\n' +
        `${terminalSafe(iutFaultOf(statement.fault).message).replace(/^/gm, '  ')}\n\n`,
    );
  }

  // the lint has checked that every @known-bug:ID names a section of it
  const findings = readFindings();
  const formatter = new SummaryFormatter({
    write: out,
    color: io.color,
    total,
    strict: options.strict,
    cwd: io.cwd,
    findingLink: (id: string) => findingLink(id, findings),
    iutHelloFault: statement.fault !== undefined,
    ...(statement.fault === undefined ? { iutCapabilities: statement.capabilities } : {}),
  });
  const reports = new RunReports(
    { messages: path.join(options.out, 'messages.ndjson'), html: path.join(options.out, 'cucumber.html'), junit: path.join(options.out, 'junit.xml') },
    PROGRAM,
  );
  // A stop signal ends the run where it is: the scenario in hand is abandoned (its IUT killed),
  // the reports are ended with the scenarios that finished, and the process exits 128 + the
  // signal's number once they are written. Cucumber has no way to stop a run: it is left behind.
  let interrupted: StopSignal | undefined;
  let stop: (signal: StopSignal) => void = () => {};
  const stopped = new Promise<StopSignal>((resolve) => (stop = resolve));
  const giveBack = takeStopSignals((signal) => {
    interrupted = signal;
    out(`\ninterrupted (${signal}): ending the reports with the ${formatter.summary().scenarios.length} scenarios that finished (${signal} again to stop at once)\n`);
    stop(signal);
  });
  const onMessage = (e: Parameters<typeof formatter.onEnvelope>[0]): void => {
    if (interrupted !== undefined) return;
    formatter.onEnvelope(e);
    reports.onEnvelope(e);
  };
  let success = false;
  try {
    const runEnvironment = workers > 0 ? { ...environment, env: workerEnvironment(io.env, options.stepTimeoutMs) } : environment;
    const ran = runCucumber({ ...config, support, ...withWorkers(config, workers) }, runEnvironment, onMessage);
    ran.catch(() => undefined); // once interrupted, nobody waits for it
    const first = await Promise.race([ran, stopped]);
    if (typeof first === 'object') success = first.success;
  } catch (error: unknown) {
    await reports.close('cucumber failed');
    throw new HarnessError(`cucumber failed: ${errorText(error)}`);
  } finally {
    giveBack();
  }
  const reportErrors = await reports.close(interrupted === undefined ? undefined : `interrupted by ${interrupted}`);

  const summary = formatter.summary();
  const harnessErrors = [...summary.harnessErrors, ...reportErrors];
  const shardProblem = shard === undefined || interrupted !== undefined ? undefined : shardRunProblem(shard, summary.scenarios);
  if (shardProblem !== undefined) harnessErrors.push(shardProblem);
  const unfinished = interrupted === undefined ? unfinishedProblem(total, summary.scenarios.length, workers) : undefined;
  if (unfinished) harnessErrors.push(unfinished);
  const reportProblem = options.report && interrupted === undefined ? generateAllureReport(options.out) : undefined;
  if (reportProblem) harnessErrors.push(`the Allure report was not generated: ${reportProblem}`);
  // a known kernel bug is a failed scenario to cucumber
  if (!success && interrupted === undefined && summary.failed + summary.knownBugs === 0 && harnessErrors.length === 0) {
    harnessErrors.push('cucumber reported an unsuccessful run without a failed scenario (see messages above)');
  }
  if (harnessErrors.length > 0) {
    io.stderr.write(`\nharness error${harnessErrors.length > 1 ? 's' : ''} (the run cannot be judged):\n`);
    for (const line of harnessErrors) io.stderr.write(`  ${terminalSafe(line)}\n`);
  }
  out(`\n${closingLine(summary)}\n`);
  if (interrupted !== undefined) {
    out(
      `interrupted by ${interrupted}: ${summary.scenarios.length} of ${total} scenarios finished; the reports hold those, none that was under way` +
        `${options.report ? ', and the Allure HTML report was not generated' : ''}\n`,
    );
  }
  const allureHtml = options.report && !reportProblem && interrupted === undefined ? `${ALLURE_REPORT_DIR}/, ` : '';
  out(`reports: ${options.out} (${allureHtml}${REPORT_FILES.join(', ')}, ${ALLURE_RESULTS_DIR}/, ${TRACES_DIR}/, pcaps/, charts/)\n`);
  if (summary.failed + summary.knownBugs > 0) out(`replay: ${terminalSafe(replayCommand(runReplayArgv(options)))}\n`);

  const scenarios = summary.scenarios;
  // known kernel bugs are in summary.failed only in a strict run; an IUT that failed its hello has
  // failed the run even if no scenario got as far as needing it
  const code =
    interrupted !== undefined
      ? SIGNAL_EXIT_CODES[interrupted]
      : harnessErrors.length > 0
        ? EXIT_ERROR
        : summary.failed > 0 || statement.fault !== undefined
          ? EXIT_FAILED
          : EXIT_PASSED;
  // the merge makes its own Allure HTML report: a shard's failure to make one is not the run's
  const runErrors = [
    ...harnessErrors.filter((e) => reportProblem === undefined || !e.endsWith(reportProblem)),
    ...(interrupted !== undefined ? [`interrupted by ${interrupted}`] : []),
  ];
  if (shard !== undefined) recordShard(options, shard, statement, code, runErrors, io.cwd);
  return { code, statement, scenarios, ...(interrupted !== undefined ? { interrupted } : {}) };
}

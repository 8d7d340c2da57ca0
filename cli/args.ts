/**
 * Command-line parsing, on commander. Pure apart from reading the file system to check --features,
 * --support, --requirements and --out: commander's help and version text is captured and
 * returned, never written here. Every problem is a UsageError (exit 2) naming the option at fault
 * and the help to read.
 *
 * --iut and --testers are parsed here, once, into the contract's IutSpec and TestersSpec.
 */
import { statSync } from 'node:fs';
import * as path from 'node:path';
import { Command as Program, type CommanderError, Option } from 'commander';
import type { IutSpec, KernelModuleSpec, TestersSpec } from '../contract/refs';
import { IutSpecError, parseIutSpec, parseTestersSpec } from '../adapters/iut-spec';
import { type KernelSetupOptions, kernelSetupCommand } from '../adapters/kernel/setup-cli';
import { DEFAULT_FEATURES_DIR, PACKAGE_ROOT, PROGRAM, VERSION } from '../harness/package-info';
import {
  CERTIFY_DESCRIPTION,
  DEFAULT_OUT,
  DEFAULT_SEED,
  DIFF_DESCRIPTION,
  EXPLORE_DESCRIPTION,
  HELP_WIDTH,
  LINT_DESCRIPTION,
  MAIN_DESCRIPTION,
  REQUIREMENTS_DESCRIPTION,
  RUN_DESCRIPTION,
  STEPS_DESCRIPTION,
  STRICT_HELP,
  certifyHelpAfter,
  diffHelpAfter,
  exploreHelpAfter,
  lintHelpAfter,
  mainHelpAfter,
  requirementsHelpAfter,
  runHelpAfter,
  stepsHelpAfter,
} from './help';
import { tagExpressionError } from './tag-expression';
import { type Shard, parseShard } from './shard';
import { REPORT_DESCRIPTION, SHARD_HELP, reportHelpAfter, shardHelpAfter } from './shard-help';
import { reportFolder } from './report-folder';
import { pseudoFileSystemProblem } from './out-folder';
import { REPORT_OPEN_DESCRIPTION, reportOpenHelpAfter } from './report-open-help';
import { PARALLEL_HELP, hasKernelNodes, parseParallel } from './parallel';

export class UsageError extends Error {
  override readonly name = 'UsageError';
  /** The help to point at: `tipc-conformance --help` or `tipc-conformance run --help`. */
  readonly seeAlso: string;

  /** `command` is the command's words after the program ('run', 'kernel setup'), '' for the program itself. */
  constructor(message: string, command: string) {
    super(message);
    this.seeAlso = command === '' ? `${PROGRAM} --help` : `${PROGRAM} ${command} --help`;
  }
}

export interface RunOptions {
  /** The implementation under test, parsed from --iut. */
  readonly iut: IutSpec;
  /** --iut as given: shown in the reports and put into replay commands and child command lines; never parsed again. */
  readonly iutGiven: string;
  /** What plays the tester nodes: the reference (default) or kernels in VMs. */
  readonly testers: TestersSpec;
  /** --testers as given, for replay commands. */
  readonly testersGiven: string;
  /** The tipc.ko of kernel testers when not Debian's own (--testers kernel:PROFILE). */
  readonly testersModule?: KernelModuleSpec;
  /** Cucumber tag expression; '' selects everything. */
  readonly tags: string;
  readonly seed: number;
  /** Absolute output folder. */
  readonly out: string;
  /** Absolute feature paths (globs and :LINE suffixes kept). */
  readonly features: readonly string[];
  /** Absolute support-code paths/globs; empty means the package's steps/**\/*.ts. */
  readonly support: readonly string[];
  /** Wall-clock limits, ms: one Gherkin step; one request to an IUT process; a whole scenario of a process IUT. */
  readonly stepTimeoutMs: number;
  readonly iutTimeoutMs: number;
  readonly scenarioTimeoutMs: number;
  /** Generate the Allure HTML report after the run (--no-report skips it). */
  readonly report: boolean;
  /** Requirement catalogues the lint checks @req: tags against (ours first). */
  readonly requirements: readonly string[];
  /** --strict (run, certify): a known kernel bug (@known-bug:ID) is a failure, not a known bug. */
  readonly strict: boolean;
  /** Run the @scale rows too (--scale); a --tags naming @scale selects them anyway (withoutScale). */
  readonly scale: boolean;
  /** --shard K/N (run only): run the K-th of N slices of the selection (cli/shard.ts). */
  readonly shard?: Shard;
  /** --parallel (run, certify): cucumber's worker processes; 0 runs the scenarios in this process. */
  readonly parallel: number;
}

/** `explore`: what to explore and for how long (docs/explore.md). */
export interface ExploreOptions {
  readonly iut: IutSpec;
  /** --iut as given, for the replay commands. */
  readonly iutGiven: string;
  readonly seed: number;
  readonly runs?: number;
  readonly timeMs?: number;
  readonly out: string;
  readonly stopOnKnown: boolean;
  readonly ownOnly: boolean;
  readonly maxCommands: number;
  readonly shrinkMs: number;
  readonly iutTimeoutMs: number;
}

/** `lint [PATH...]`: the features to check, the steps to check them against. */
export interface LintOptions {
  readonly features: readonly string[];
  readonly support: readonly string[];
  readonly requirements: readonly string[];
}

export type CatalogueFormat = 'text' | 'markdown';

/** Scenarios run in virtual time: a generous wall-clock limit per step only catches a harness that hangs. */
export const DEFAULT_STEP_TIMEOUT_MS = 60_000;
export const DEFAULT_IUT_TIMEOUT_MS = 10_000;
export const DEFAULT_SCENARIO_TIMEOUT_MS = 300_000;

/** What the command line asks for; nothing has run yet. */
export type CliCommand =
  /** Help or the version: the text to print, exit 0. */
  | { readonly kind: 'output'; readonly text: string }
  | { readonly kind: 'lint'; readonly options: LintOptions }
  | { readonly kind: 'steps'; readonly format: CatalogueFormat; readonly support: readonly string[] }
  | { readonly kind: 'kernel setup'; readonly options: KernelSetupOptions }
  | { readonly kind: 'run'; readonly options: RunOptions }
  | { readonly kind: 'certify'; readonly options: RunOptions }
  | { readonly kind: 'diff'; readonly options: RunOptions }
  | { readonly kind: 'explore'; readonly options: ExploreOptions }
  | { readonly kind: 'report'; readonly options: ReportOptions }
  | { readonly kind: 'report open'; readonly options: OpenReportOptions }
  | { readonly kind: 'requirements'; readonly options: RequirementsOptions };

/** `requirements`: what they are, and which an implementation gets tested for its capabilities (cli/capability-table.ts). */
export interface RequirementsOptions {
  /** Group by the capabilities an implementation declares (the quick start's table), not one line per requirement. */
  readonly byCapability: boolean;
  readonly format: 'text' | 'markdown';
  /** Absolute feature paths. */
  readonly features: readonly string[];
  /** Requirement catalogues, ours first. */
  readonly requirements: readonly string[];
}

/** `report open [DIR]`: serve a generated Allure report (cli/report-open.ts). */
export interface OpenReportOptions {
  /** The report folder (the one with index.html), absolute. */
  readonly folder: string;
  readonly host: string;
  /** 0: any free port. */
  readonly port: number;
  /** Let allure open try to open a browser (--no-browser: only serve). */
  readonly browser: boolean;
}

/** `report SHARD_DIR...`: merge the output folders of `run --shard` runs (cli/merge.ts). */
export interface ReportOptions {
  /** The shards' output folders, absolute. */
  readonly shards: readonly string[];
  /** Where the merged reports go, absolute. */
  readonly out: string;
  /** Generate the Allure HTML report (--no-report skips it). */
  readonly report: boolean;
}

const MAX_SEED = 0xffff_ffff;
const MAX_MS = 86_400_000;

/** The package's requirement catalogue, which every @req: tag is checked against. */
export const DEFAULT_REQUIREMENTS = path.join(PACKAGE_ROOT, 'docs', 'requirements.md');

export function parseSeed(text: string, command = 'run'): number {
  if (!/^[0-9]+$/.test(text) || Number(text) > MAX_SEED) {
    throw new UsageError(`--seed must be an unsigned 32-bit integer (0..${MAX_SEED}), got '${text}'`, command);
  }
  return Number(text);
}

function parseMs(name: string, text: string, command: string): number {
  if (!/^[0-9]+$/.test(text) || Number(text) < 1 || Number(text) > MAX_MS) {
    throw new UsageError(`${name} must be a number of milliseconds from 1 to ${MAX_MS}, got '${text}'`, command);
  }
  return Number(text);
}

/** A duration: 300 (seconds), 90s, 5m, 1h, 1500ms; in ms, from 1 ms to a day. */
export function parseDuration(name: string, text: string, command: string): number {
  const m = /^([0-9]+)(ms|s|m|h)?$/.exec(text);
  const unit = m?.[2] ?? 's';
  const ms = m ? Number(m[1]) * { ms: 1, s: 1000, m: 60_000, h: 3_600_000 }[unit as 'ms' | 's' | 'm' | 'h'] : NaN;
  if (!(ms >= 1 && ms <= MAX_MS)) throw new UsageError(`${name} must be a duration such as 90s, 5m or 1h (at most 24h), got '${text}'`, command);
  return ms;
}

function parseCount(name: string, text: string, command: string, min: number, max: number): number {
  if (!/^[0-9]+$/.test(text) || Number(text) < min || Number(text) > max) throw new UsageError(`${name} must be a whole number from ${min} to ${max}, got '${text}'`, command);
  return Number(text);
}

/**
 * `-x`, `--xyz`; not `-` nor a negative number (so `--seed -1` reports a bad seed). Commander
 * gives an option that needs a value the next word whatever it is: an option-like one means the
 * value is missing (--tags values may start with 'not', never with '-').
 */
function isOptionLike(arg: string): boolean {
  return arg.startsWith('-') && arg !== '-' && !/^-[0-9]/.test(arg);
}

function valueOf(name: string, text: string, command: string): string {
  if (isOptionLike(text)) throw new UsageError(`${name} needs a value`, command);
  return text;
}

function listOf(name: string, values: readonly string[] | undefined, command: string): string[] {
  if (values === undefined) return [];
  if (values.length === 0 || values.some((v) => v === '' || isOptionLike(v))) throw new UsageError(`${name} needs at least one path`, command);
  return [...values];
}

const GLOB_CHARS = /[*?[\]{}]/;

/**
 * The feature paths to run or lint, absolute: the given ones (relative to cwd; globs and
 * FILE:LINE kept), our own features/ before them with --bundled, and ours alone if none is given.
 */
function featurePaths(given: readonly string[], bundled: boolean, cwd: string, command: string, prefix: string): string[] {
  const own = given.map((g) => {
    const absolute = path.resolve(cwd, g);
    const withoutLines = absolute.replace(/(:\d+)*$/, '');
    if (GLOB_CHARS.test(withoutLines)) return absolute; // a glob: whether it matches is checked when loading
    try {
      statSync(withoutLines);
    } catch {
      throw new UsageError(`${prefix}no such file or folder '${g}'`, command);
    }
    return absolute;
  });
  return own.length === 0 || bundled ? [DEFAULT_FEATURES_DIR, ...own.filter((f) => f !== DEFAULT_FEATURES_DIR)] : own;
}

function checkOutDir(given: string, absolute: string, command: string): void {
  let isFolder = true;
  try {
    isFolder = statSync(absolute).isDirectory();
  } catch {
    // does not exist yet: created when the run starts
  }
  if (!isFolder) throw new UsageError(`--out: '${given}' exists and is not a folder`, command);
  const pseudo = pseudoFileSystemProblem(absolute);
  if (pseudo !== undefined) throw new UsageError(`--out: ${pseudo}`, command);
}

function supportPaths(given: readonly string[], cwd: string, command: string): string[] {
  return given.map((g) => {
    const absolute = path.resolve(cwd, g);
    if (!GLOB_CHARS.test(absolute)) {
      try {
        statSync(absolute);
      } catch {
        throw new UsageError(`--support: no such file or folder '${g}'`, command);
      }
    }
    return absolute;
  });
}

function requirementFiles(given: readonly string[], cwd: string, command: string): string[] {
  const extra = given.map((g) => {
    const absolute = path.resolve(cwd, g);
    let ok = false;
    try {
      ok = statSync(absolute).isFile();
    } catch {
      ok = false;
    }
    if (!ok) throw new UsageError(`--requirements: no such file '${g}'`, command);
    return absolute;
  });
  return [DEFAULT_REQUIREMENTS, ...extra];
}

/** The options of `run` (and of `certify` and `diff`) as commander hands them over: words. */
interface RawRunOptions {
  iut: string;
  testers: string;
  tags?: string;
  seed: string;
  out: string;
  features?: string[];
  bundled?: boolean;
  requirements?: string[];
  report: boolean;
  stepTimeout: string;
  iutTimeout: string;
  scenarioTimeout: string;
  support?: string[];
  tipcSrc?: string;
  tipcPatch?: string[];
  strict?: boolean;
  shard?: string;
  scale?: boolean;
  parallel?: string;
}

function addRunOptions(program: Program): Program {
  return program
    .addOption(
      new Option('--iut <SPEC>', 'implementation that plays the nodes under test: reference, reference:PROFILE, process:COMMAND, kernel or kernel:PROFILE (see IUT specs below)').default(
        'reference',
        'reference = reference:fixed',
      ),
    )
    .addOption(
      new Option(
        '--testers <WHAT>',
        'what plays the other nodes: reference, kernel or kernel:PROFILE (a QEMU guest each; with --iut reference:PROFILE this holds the reference and its pre-fix profiles against real kernels)',
      ).default('reference', 'reference'),
    )
    .option('--tipc-src <DIR>', "with --iut kernel: build the guests' tipc.ko from DIR, a net/tipc folder (e.g. your tree's), instead of Debian's source")
    .option('--tipc-patch <FILE...>', "with --iut kernel: apply these patches (patch -p1 at the source root, in order) to Debian's net/tipc source, or to --tipc-src, before building tipc.ko")
    .addOption(
      new Option(
        '--tags <EXPR>',
        "cucumber tag expression selecting scenarios, e.g. '@req:FO-1', '@iut:1 and not @area:naming', '(@req:FO-1 or @req:FO-2)'; checked before anything runs (default: all scenarios)",
      ),
    )
    .addOption(
      new Option(
        '--seed <N>',
        'seed of the simulation, an unsigned 32-bit integer (0..4294967295); printed at the start of a run, pass it again to replay the same run',
      ).default(String(DEFAULT_SEED), String(DEFAULT_SEED)),
    )
    .addOption(
      new Option('--out <DIR>', 'folder for the reports, relative to the current directory (see Reports below)').default(DEFAULT_OUT, DEFAULT_OUT),
    )
    .addOption(
      new Option(
        '--features <PATH...>',
        "feature files or folders (globs and FILE:LINE allowed), one or more values, or repeat the option: yours, ours, or both (default: the package's features/)",
      ),
    )
    .option('--bundled', "run the package's features/ too, beside the --features you give (wherever you run from)")
    .option('--no-report', 'skip generating the Allure HTML report (allure-report/, needs Java) for a quick run; the Allure results and every other report are still written')
    .addOption(
      new Option('--step-timeout <MS>', "wall-clock limit for one Gherkin step (the scenario fails with cucumber's timeout)").default(String(DEFAULT_STEP_TIMEOUT_MS), String(DEFAULT_STEP_TIMEOUT_MS)),
    )
    .addOption(
      new Option('--iut-timeout <MS>', "wall-clock limit for one request to an IUT process; past it the IUT is killed and the scenario fails as 'hung'").default(String(DEFAULT_IUT_TIMEOUT_MS), String(DEFAULT_IUT_TIMEOUT_MS)),
    )
    .addOption(
      new Option('--scenario-timeout <MS>', "wall-clock limit for one scenario's requests to its IUT processes").default(String(DEFAULT_SCENARIO_TIMEOUT_MS), String(DEFAULT_SCENARIO_TIMEOUT_MS)),
    )
    .option('--support <PATH...>', "step definitions and World to load instead of the package's steps/**/*.ts (for developing the harness itself); repeatable")
    .option('--requirements <FILE...>', `more requirement catalogues for the lint (see '${PROGRAM} lint --help')`)
    .allowExcessArguments();
}

function usageOf<T>(command: string, what: string, parse: (text: string) => T, text: string): T {
  try {
    return parse(text);
  } catch (error: unknown) {
    if (error instanceof IutSpecError) throw new UsageError(`${what}: ${error.message}`, command);
    throw error;
  }
}

/** --tipc-src and --tipc-patch, which build the kernel IUT's tipc.ko: checked to exist, made absolute. */
function withModuleOptions(iut: IutSpec, raw: RawRunOptions, cwd: string, command: string): IutSpec {
  const srcGiven = raw.tipcSrc === undefined ? undefined : valueOf('--tipc-src', raw.tipcSrc, command);
  const patchesGiven = listOf('--tipc-patch', raw.tipcPatch, command);
  if (srcGiven === undefined && patchesGiven.length === 0) return iut;
  if (iut.kind !== 'kernel') throw new UsageError(`--tipc-src and --tipc-patch build the kernel's tipc.ko: they need --iut kernel (or kernel:PROFILE), not --iut ${iut.kind}`, command);
  const existing = (option: string, given: string, folder: boolean): string => {
    const absolute = path.resolve(cwd, given);
    let ok: boolean;
    try {
      ok = statSync(absolute).isDirectory() === folder;
    } catch {
      ok = false;
    }
    if (!ok) throw new UsageError(`${option}: no such ${folder ? 'folder' : 'file'} '${given}'`, command);
    return absolute;
  };
  const src = srcGiven === undefined ? undefined : existing('--tipc-src', srcGiven, true);
  const patches = patchesGiven.map((p) => existing('--tipc-patch', p, false));
  return { kind: 'kernel', module: { ...iut.module, ...(src !== undefined ? { src } : {}), ...(patches.length > 0 ? { patches } : {}) } };
}

/**
 * The rows tagged @scale (hundreds of nodes: minutes and gigabytes) run only when asked for: with
 * --scale, or with a --tags expression that names @scale. Otherwise the selection leaves them out.
 */
export function withoutScale(tags: string, scale: boolean): string {
  if (scale || /@scale\b/.test(tags)) return tags;
  return tags === '' ? `not ${SCALE_TAG}` : `(${tags}) and not ${SCALE_TAG}`;
}

export const SCALE_TAG = '@scale';

/** The run's options from commander's words: each checked, in the order of the help. */
function runOptions(raw: RawRunOptions, operands: readonly string[], cwd: string, command: string): RunOptions {
  const iutGiven = valueOf('--iut', raw.iut, command);
  const iut = withModuleOptions(usageOf(command, '--iut', parseIutSpec, iutGiven), raw, cwd, command);
  const testersGiven = valueOf('--testers', raw.testers, command);
  const { testers, module: testersModule } = usageOf(command, '--testers', parseTestersSpec, testersGiven);
  const tags = valueOf('--tags', raw.tags ?? '', command).trim();
  if (tags !== '') {
    const problem = tagExpressionError(tags);
    if (problem !== undefined) throw new UsageError(`--tags: ${problem}`, command);
  }
  const seed = parseSeed(valueOf('--seed', raw.seed, command), command);
  const stepTimeoutMs = parseMs('--step-timeout', valueOf('--step-timeout', raw.stepTimeout, command), command);
  const iutTimeoutMs = parseMs('--iut-timeout', valueOf('--iut-timeout', raw.iutTimeout, command), command);
  const scenarioTimeoutMs = parseMs('--scenario-timeout', valueOf('--scenario-timeout', raw.scenarioTimeout, command), command);
  // a word left over: a path meant for --features, or the value of an option that had none
  const [stray] = operands;
  if (stray !== undefined) throw new UsageError(`unexpected argument '${stray}' (feature paths go after --features)`, command);
  const outGiven = valueOf('--out', raw.out, command);
  if (outGiven === '') throw new UsageError('--out needs a value', command);
  const out = path.resolve(cwd, outGiven);
  checkOutDir(outGiven, out, command);
  const features = featurePaths(listOf('--features', raw.features, command), raw.bundled === true, cwd, command, '--features: ');
  const support = supportPaths(listOf('--support', raw.support, command), cwd, command);
  const requirements = requirementFiles(listOf('--requirements', raw.requirements, command), cwd, command);
  const shard = raw.shard === undefined ? undefined : parseShard(valueOf('--shard', raw.shard, command));
  if (typeof shard === 'string') throw new UsageError(shard, command);
  return {
    iut,
    iutGiven,
    testers,
    testersGiven,
    ...(testersModule !== undefined ? { testersModule } : {}),
    tags,
    seed,
    out,
    features,
    support,
    stepTimeoutMs,
    iutTimeoutMs,
    scenarioTimeoutMs,
    report: raw.report,
    requirements,
    strict: raw.strict === true,
    scale: raw.scale === true,
    ...(shard !== undefined ? { shard } : {}),
    parallel: parallelOption(raw, iut, testers, command),
  };
}

/** --parallel N or auto; 0 (in process) when not given. */
function parallelOption(raw: RawRunOptions, iut: IutSpec, testers: TestersSpec, command: string): number {
  if (raw.parallel === undefined) return 0;
  const parsed = parseParallel(valueOf('--parallel', raw.parallel, command), hasKernelNodes(iut, testers));
  if (typeof parsed !== 'number') throw new UsageError(parsed.problem, command);
  return parsed;
}

interface RawExploreOptions {
  iut: string;
  seed: string;
  runs?: string;
  time?: string;
  out: string;
  stopOnKnown?: boolean;
  ownOnly?: boolean;
  maxCommands: string;
  shrinkTime: string;
  iutTimeout: string;
}

interface RawLintOptions {
  features?: string[];
  bundled?: boolean;
  support?: string[];
  requirements?: string[];
}

interface RawStepsOptions {
  format: string;
  support?: string[];
}

/** Thrown from commander's exit callback when it has printed help or the version (exit 0). */
class OutputDone extends Error {}

/** The words of a command after the program: 'run', 'kernel setup'; '' for the program. */
function commandPath(command: Program): string {
  const names: string[] = [];
  for (let c: Program | null = command; c?.parent; c = c.parent) names.unshift(c.name());
  return names.join(' ');
}

/** Commander's errors as UsageErrors, its output into `write`, its help `HELP_WIDTH` wide; on every command. */
function configure(command: Program, write: (text: string) => void): void {
  const where = commandPath(command);
  command
    .configureOutput({ writeOut: write, writeErr: () => undefined, outputError: () => undefined })
    .configureHelp({ helpWidth: HELP_WIDTH })
    .exitOverride((error: CommanderError): never => {
      if (error.exitCode === 0) throw new OutputDone();
      // one line: commander puts its "(Did you mean --x?)" on a line of its own
      const message = error.message.replace(/^error: /, '').replace(/\s*\n\s*/g, ' ');
      if (error.code === 'commander.help') {
        // a command that needs a subcommand was given none
        throw new UsageError(where === '' ? "missing command (did you mean 'run'?)" : `'${where}' needs a command`, where);
      }
      if (where === '' && error.code === 'commander.unknownOption') {
        const option = /'([^']*)'/.exec(message)?.[1] ?? '';
        throw new UsageError(`${message} (options go after the command: ${PROGRAM} run ${option} ...)`, where);
      }
      throw new UsageError(message, where);
    });
  for (const sub of command.commands) configure(sub, write);
}

/** The commands that run scenarios: the same options. */
const RUN_COMMANDS = ['run', 'certify', 'diff'] as const;

const RUN_TEXTS: Readonly<Record<(typeof RUN_COMMANDS)[number], { summary: string; description: string; after: () => string }>> = {
  run: { summary: 'run the conformance scenarios', description: RUN_DESCRIPTION, after: runHelpAfter },
  certify: { summary: "run them and write the IUT's conformance statement", description: CERTIFY_DESCRIPTION, after: certifyHelpAfter },
  diff: {
    summary: 'run with the reference and with the Linux kernel, print the scenarios whose outcomes differ',
    description: DIFF_DESCRIPTION,
    after: diffHelpAfter,
  },
};

/** The program: every command with its options, each action handing its validated options to `done`. */
function program(cwd: string, done: (command: CliCommand) => void): Program {
  const root = new Program(PROGRAM)
    .description(MAIN_DESCRIPTION)
    .version(VERSION, '-v, --version', 'print the version')
    .helpOption('-h, --help', 'show this help')
    .helpCommand(false)
    .enablePositionalOptions() // -v and -h before the command only: `run -v` is not the version
    .addHelpText('after', mainHelpAfter());

  for (const kind of RUN_COMMANDS) {
    const command: Program = root.command(kind);
    addRunOptions(command.summary(RUN_TEXTS[kind].summary).description(RUN_TEXTS[kind].description));
    // diff compares outcomes scenario by scenario: whether a known bug fails the run is not its question
    if (kind !== 'diff') command.option('--strict', STRICT_HELP);
    command.option('--scale', `also run the rows tagged ${SCALE_TAG} (hundreds of nodes: minutes and gigabytes); without it, or a --tags naming ${SCALE_TAG}, they are left out`);
    if (kind === 'run') command.option('--shard <K/N>', SHARD_HELP).addHelpText('after', shardHelpAfter());
    // diff's two runs are child processes of their own, one of them on kernels
    if (kind !== 'diff') command.option('--parallel <N>', PARALLEL_HELP);
    command
      .helpOption('-h, --help', 'show this help')
      .addHelpText('after', RUN_TEXTS[kind].after())
      .action(() => {
        const options = runOptions(command.opts<RawRunOptions>(), command.args, cwd, kind);
        if (kind === 'diff') {
          if (options.iut.kind === 'kernel') throw new UsageError("diff compares an implementation with the kernel: --iut must not be 'kernel'", kind);
          if (options.testers !== 'reference') throw new UsageError('diff runs with reference testers: --testers is not allowed', kind);
        }
        done({ kind, options });
      });
  }

  const explore: Program = root
    .command('explore')
    .summary('look for bugs nobody wrote down: random fault schedules, shrunk to a .feature')
    .description(EXPLORE_DESCRIPTION)
    .addOption(new Option('--iut <SPEC>', 'implementation under test: reference, reference:PROFILE or process:COMMAND (it must run on virtual time)').default('reference', 'reference = reference:fixed'))
    .addOption(new Option('--seed <N>', "the explorer's seed, an unsigned 32-bit integer: the same seed explores the same schedules").default(String(DEFAULT_SEED), String(DEFAULT_SEED)))
    .option('--runs <N>', 'stop after N runs (default: --time 5m)')
    .option('--time <DURATION>', 'stop after this long, e.g. 90s, 5m, 1h (default 5m)')
    .addOption(new Option('--out <DIR>', 'folder for explore.json and one folder per counterexample').default(path.join(DEFAULT_OUT, 'explore'), path.join(DEFAULT_OUT, 'explore')))
    .option('--stop-on-known', 'stop at the first known kernel bug too (by default it is reported and the search goes on)')
    .option('--own-only', "count only what reference:fixed does not share: a schedule that breaks an invariant Linux 6.1's model breaks too is noted and the search goes on")
    .addOption(new Option('--max-commands <N>', 'commands a schedule has at most').default('30', '30'))
    .addOption(new Option('--shrink-time <DURATION>', 'how long shrinking one counterexample may take').default('2m', '2m'))
    .addOption(new Option('--iut-timeout <MS>', 'wall-clock limit for one request to an IUT process').default(String(DEFAULT_IUT_TIMEOUT_MS), String(DEFAULT_IUT_TIMEOUT_MS)))
    .helpOption('-h, --help', 'show this help')
    .addHelpText('after', exploreHelpAfter())
    .action(() => {
      const raw = explore.opts<RawExploreOptions>();
      const command = 'explore';
      if (explore.args.length > 0) throw new UsageError(`unexpected argument '${explore.args[0]}'`, command);
      const iutGiven = valueOf('--iut', raw.iut, command);
      const iut = usageOf(command, '--iut', parseIutSpec, iutGiven);
      if (iut.kind === 'kernel') throw new UsageError('--iut kernel runs on its own clock; the explorer needs virtual time: reference, reference:PROFILE or process:COMMAND', command);
      if (raw.runs !== undefined && raw.time !== undefined) throw new UsageError('give --runs or --time, not both', command);
      const runs = raw.runs !== undefined ? parseCount('--runs', valueOf('--runs', raw.runs, command), command, 1, 1_000_000_000) : undefined;
      const timeMs = runs === undefined ? parseDuration('--time', valueOf('--time', raw.time ?? '5m', command), command) : undefined;
      const outGiven = valueOf('--out', raw.out, command);
      if (outGiven === '') throw new UsageError('--out needs a value', command);
      const out = path.resolve(cwd, outGiven);
      checkOutDir(outGiven, out, command);
      done({
        kind: 'explore',
        options: {
          iut,
          iutGiven,
          seed: parseSeed(valueOf('--seed', raw.seed, command), command),
          ...(runs !== undefined ? { runs } : {}),
          ...(timeMs !== undefined ? { timeMs } : {}),
          out,
          stopOnKnown: raw.stopOnKnown === true,
          ownOnly: raw.ownOnly === true,
          maxCommands: parseCount('--max-commands', valueOf('--max-commands', raw.maxCommands, command), command, 1, 200),
          shrinkMs: parseDuration('--shrink-time', valueOf('--shrink-time', raw.shrinkTime, command), command),
          iutTimeoutMs: parseMs('--iut-timeout', valueOf('--iut-timeout', raw.iutTimeout, command), command),
        },
      });
    });

  const report: Program = root
    .command('report')
    .summary("merge the output folders of run --shard K/N runs into one set of reports; 'report open' serves an Allure report")
    .description(REPORT_DESCRIPTION)
    .argument('[SHARD_DIR...]', "output folders of 'run --shard K/N' runs (each holds a shard.json)")
    .addOption(new Option('--out <DIR>', 'folder for the merged reports; must not be one of the SHARD_DIRs').default(path.join(DEFAULT_OUT, 'merged'), path.join(DEFAULT_OUT, 'merged')))
    .option('--no-report', 'skip generating the Allure HTML report (allure-report/, needs Java); the merged allure-results/ and every other report are still written')
    .helpOption('-h, --help', 'show this help')
    .addHelpText('after', reportHelpAfter())
    .action((dirs: string[]) => {
      const command = 'report';
      const raw = report.opts<{ out: string; report: boolean }>();
      if (dirs.length === 0) throw new UsageError('report needs the output folders of the shard runs to merge', command);
      const shards = dirs.map((d) => {
        const absolute = path.resolve(cwd, d);
        let ok = false;
        try {
          ok = statSync(absolute).isDirectory();
        } catch {
          ok = false;
        }
        if (!ok) throw new UsageError(`no such folder '${d}'`, command);
        return absolute;
      });
      const outGiven = valueOf('--out', raw.out, command);
      if (outGiven === '') throw new UsageError('--out needs a value', command);
      const out = path.resolve(cwd, outGiven);
      checkOutDir(outGiven, out, command);
      if (shards.includes(out)) throw new UsageError(`--out '${outGiven}' is one of the folders to merge: give the merged reports a folder of their own`, command);
      done({ kind: 'report', options: { shards, out, report: raw.report } });
    });

  // `report open` before a SHARD_DIR: commander dispatches a first word that names a subcommand to it
  const open: Program = report
    .command('open')
    .summary('serve a generated Allure report over HTTP (a browser will not load it from disk)')
    .description(REPORT_OPEN_DESCRIPTION)
    .argument('[DIR]', "a run's --out folder (its allure-report/ is served) or the report folder itself", DEFAULT_OUT)
    .addOption(new Option('--host <HOST>', 'address to listen on; 0.0.0.0 lets other machines in').default('127.0.0.1', '127.0.0.1, this machine only'))
    .addOption(new Option('--port <N>', 'TCP port to listen on; 0 takes a free one').default('0', '0'))
    .option('--no-browser', 'only serve the report: do not try to open a browser')
    .helpOption('-h, --help', 'show this help')
    .addHelpText('after', reportOpenHelpAfter())
    .action((dir: string) => {
      const command = 'report open';
      const raw = open.opts<{ host: string; port: string; browser: boolean }>();
      const folder = reportFolder(path.resolve(cwd, dir));
      if (typeof folder !== 'string') throw new UsageError(folder.problem, command);
      const host = valueOf('--host', raw.host, command);
      if (host === '') throw new UsageError('--host needs a value', command);
      const port = parseCount('--port', valueOf('--port', raw.port, command), command, 0, 65535);
      done({ kind: 'report open', options: { folder, host, port, browser: raw.browser } });
    });

  const lint: Program = root
    .command('lint')
    .summary('check feature files before running them')
    .description(LINT_DESCRIPTION)
    .argument('[PATH...]', "feature files or folders (default: the package's features/)")
    .option('--features <PATH...>', 'feature files or folders, like PATH')
    .option('--bundled', "lint the package's features/ too, beside the PATHs")
    .option('--support <PATH...>', "step definitions to check against (default: the package's steps)")
    .option('--requirements <FILE...>', 'more requirement catalogues (docs/requirements.md is always read)')
    .helpOption('-h, --help', 'show this help')
    .addHelpText('after', lintHelpAfter())
    .action((paths: string[]) => {
      const raw = lint.opts<RawLintOptions>();
      const features = [...paths, ...listOf('--features', raw.features, 'lint')];
      done({
        kind: 'lint',
        options: {
          features: featurePaths(features, raw.bundled === true, cwd, 'lint', ''),
          support: supportPaths(listOf('--support', raw.support, 'lint'), cwd, 'lint'),
          requirements: requirementFiles(listOf('--requirements', raw.requirements, 'lint'), cwd, 'lint'),
        },
      });
    });

  const steps: Program = root
    .command('steps')
    .summary('print the step vocabulary')
    .description(STEPS_DESCRIPTION)
    .addOption(new Option('--format <FORMAT>', 'text or markdown').default('text', 'text'))
    .option('--support <PATH...>', "step definitions to list instead of the package's steps/**/*.ts")
    .helpOption('-h, --help', 'show this help')
    .addHelpText('after', stepsHelpAfter())
    .action(() => {
      const raw = steps.opts<RawStepsOptions>();
      if (raw.format !== 'text' && raw.format !== 'markdown') throw new UsageError(`--format must be text or markdown, got '${raw.format}'`, 'steps');
      done({ kind: 'steps', format: raw.format, support: supportPaths(listOf('--support', raw.support, 'steps'), cwd, 'steps') });
    });

  const requirements: Program = root
    .command('requirements')
    .summary('list the requirements, or which ones an implementation gets tested for its capabilities')
    .description(REQUIREMENTS_DESCRIPTION)
    .option('--by-capability', 'group them by the capabilities an implementation must declare for them to be tested')
    .addOption(new Option('--format <FORMAT>', 'text or markdown').default('text', 'text'))
    .option('--features <PATH...>', "feature files or folders whose tags are read (default: the package's features/)")
    .option('--requirements <FILE...>', 'more requirement catalogues for the statements (docs/requirements.md is always read)')
    .helpOption('-h, --help', 'show this help')
    .addHelpText('after', requirementsHelpAfter())
    .action(() => {
      const command = 'requirements';
      const raw = requirements.opts<{ byCapability?: boolean; format: string; features?: string[]; requirements?: string[] }>();
      if (raw.format !== 'text' && raw.format !== 'markdown') throw new UsageError(`--format must be text or markdown, got '${raw.format}'`, command);
      done({
        kind: 'requirements',
        options: {
          byCapability: raw.byCapability === true,
          format: raw.format,
          features: featurePaths(listOf('--features', raw.features, command), false, cwd, command, '--features: '),
          requirements: requirementFiles(listOf('--requirements', raw.requirements, command), cwd, command),
        },
      });
    });

  const kernel: Program = root
    .command('kernel')
    .summary('the Linux kernel guest image: kernel setup builds it for --iut kernel')
    .description('The Linux kernel guest image that --iut kernel and --testers kernel boot in QEMU.')
    .helpOption('-h, --help', 'show this help')
    .allowExcessArguments()
    .action(() => {
      const [sub] = kernel.args;
      if (sub === undefined) {
        kernel.outputHelp();
        throw new OutputDone();
      }
      throw new UsageError(`unknown kernel command '${sub}'; expected 'kernel setup'`, 'kernel');
    });
  kernel.addCommand(kernelSetupCommand((options) => done({ kind: 'kernel setup', options })));

  const help: Program = root
    .command('help')
    .summary('show this help, or the help of a command')
    .argument('[COMMAND...]', 'the command, e.g. run or kernel setup')
    .action((words: string[]) => {
      let target: Program = root;
      for (const word of words) {
        const sub = target.commands.find((c) => c.name() === word && c !== help);
        if (sub === undefined) throw new UsageError(`no help for '${words.join(' ')}'`, '');
        target = sub;
      }
      target.outputHelp();
      throw new OutputDone();
    });

  return root;
}

/** Parse the arguments after `node bin/tipc-conformance.js`. */
export function parseArgs(argv: readonly string[], cwd: string): CliCommand {
  let text = '';
  const result: { command?: CliCommand } = {};
  const root = program(cwd, (command) => {
    result.command = command;
  });
  configure(root, (chunk) => {
    text += chunk;
  });
  try {
    root.parse([...argv], { from: 'user' });
  } catch (error: unknown) {
    if (error instanceof OutputDone) return { kind: 'output', text };
    throw error;
  }
  if (result.command === undefined) throw new UsageError("missing command (did you mean 'run'?)", '');
  return result.command;
}

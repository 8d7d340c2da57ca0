/**
 * Command-line parsing. Pure apart from reading the file system to check --features / --out;
 * never writes. Every problem is a UsageError (exit 2) naming the option at fault.
 */
import { statSync } from 'node:fs';
import * as path from 'node:path';
import { DEFAULT_OUT, DEFAULT_SEED } from './help';
import { IutSpecError, parseIutSpec, parseTestersSpec, type IutSpec, type TestersSpec } from '../adapters/iut-spec';
import { DEFAULT_FEATURES_DIR, PACKAGE_ROOT, PROGRAM } from '../harness/package-info';
import { tagExpressionError } from './tag-expression';

export class UsageError extends Error {
  override readonly name = 'UsageError';
  /** The help to point at: `tipc-conformance --help` or `tipc-conformance run --help`. */
  readonly seeAlso: string;

  constructor(message: string, command: 'main' | 'run' | 'lint' | 'steps' | 'diff' | 'kernel setup') {
    super(message);
    this.seeAlso = command === 'main' ? `${PROGRAM} --help` : `${PROGRAM} ${command} --help`;
  }
}

export interface RunOptions {
  /** The raw --iut spec, as given (passed on to the World). */
  readonly iut: string;
  readonly iutSpec: IutSpec;
  /** What plays the tester nodes: the reference (default) or kernels in VMs. */
  readonly testers: TestersSpec;
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
}

/** `lint [PATH...]`: the features to check, the steps to check them against. */
export interface LintOptions {
  readonly features: readonly string[];
  readonly support: readonly string[];
  readonly requirements: readonly string[];
}

export type CatalogueFormat = 'text' | 'markdown';

export const DEFAULT_STEP_TIMEOUT_MS = 60_000;
export const DEFAULT_IUT_TIMEOUT_MS = 10_000;
export const DEFAULT_SCENARIO_TIMEOUT_MS = 300_000;

function parseMs(name: string, text: string | undefined, dflt: number): number {
  if (text === undefined) return dflt;
  if (!/^[0-9]+$/.test(text) || Number(text) < 1 || Number(text) > 86_400_000) {
    throw new UsageError(`${name} must be a number of milliseconds from 1 to 86400000, got '${text}'`, 'run');
  }
  return Number(text);
}

export type HelpTopic = 'main' | 'run' | 'certify' | 'lint' | 'steps' | 'diff';

export type Command =
  | { readonly kind: 'help'; readonly topic: HelpTopic }
  | { readonly kind: 'lint'; readonly options: LintOptions }
  | { readonly kind: 'steps'; readonly format: CatalogueFormat; readonly support: readonly string[] }
  | { readonly kind: 'kernel'; readonly args: readonly string[] }
  | { readonly kind: 'version' }
  | { readonly kind: 'run'; readonly options: RunOptions }
  | { readonly kind: 'certify'; readonly options: RunOptions }
  | { readonly kind: 'diff'; readonly options: RunOptions };

const MAX_SEED = 0xffff_ffff;

/** The package's requirement catalogue, which every @req: tag is checked against. */
export const DEFAULT_REQUIREMENTS = path.join(PACKAGE_ROOT, 'docs', 'requirements.md');

export function parseSeed(text: string): number {
  if (!/^[0-9]+$/.test(text) || Number(text) > MAX_SEED) {
    throw new UsageError(`--seed must be an unsigned 32-bit integer (0..${MAX_SEED}), got '${text}'`, 'run');
  }
  return Number(text);
}

const GLOB_CHARS = /[*?[\]{}]/;

/**
 * The feature paths to run or lint, absolute: the given ones (relative to cwd; globs and
 * FILE:LINE kept), our own features/ before them with --bundled, and ours alone if none is given.
 */
function featurePaths(given: readonly string[], bundled: boolean, cwd: string, command: 'run' | 'lint'): string[] {
  const own = given.map((g) => {
    const absolute = path.resolve(cwd, g);
    const withoutLines = absolute.replace(/(:\d+)*$/, '');
    if (GLOB_CHARS.test(withoutLines)) return absolute; // a glob: whether it matches is checked when loading
    try {
      statSync(withoutLines);
    } catch {
      throw new UsageError(`${command === 'run' ? '--features: ' : ''}no such file or folder '${g}'`, command);
    }
    return absolute;
  });
  return own.length === 0 || bundled ? [DEFAULT_FEATURES_DIR, ...own.filter((f) => f !== DEFAULT_FEATURES_DIR)] : own;
}

function checkOutDir(given: string, absolute: string): void {
  try {
    if (!statSync(absolute).isDirectory()) {
      throw new UsageError(`--out: '${given}' exists and is not a folder`, 'run');
    }
  } catch (error: unknown) {
    if (error instanceof UsageError) throw error;
    // does not exist yet: created when the run starts
  }
}

interface RawRunOptions {
  iut?: string;
  testers?: string;
  tags?: string;
  seed?: string;
  out?: string;
  stepTimeout?: string;
  iutTimeout?: string;
  scenarioTimeout?: string;
  noReport?: boolean;
  bundled?: boolean;
  features: string[];
  support: string[];
  requirements: string[];
}

type ValueOption = '--iut' | '--testers' | '--tags' | '--seed' | '--out' | '--step-timeout' | '--iut-timeout' | '--scenario-timeout';
type ListOption = '--features' | '--support' | '--requirements';
const VALUE_OPTIONS: readonly string[] = ['--iut', '--testers', '--tags', '--seed', '--out', '--step-timeout', '--iut-timeout', '--scenario-timeout'];
const LIST_OPTIONS: readonly string[] = ['--features', '--support', '--requirements'];

/** `-x`, `--xyz`; not `-` nor a negative number (so `--seed -1` reports a bad seed). */
function isOptionLike(arg: string): boolean {
  return arg.startsWith('-') && arg !== '-' && !/^-[0-9]/.test(arg);
}

function parseRunArgs(args: readonly string[], cwd: string): Command {
  const raw: RawRunOptions = { features: [], support: [], requirements: [] };
  for (let i = 0; i < args.length; i++) {
    const arg = args[i];
    if (arg === '-h' || arg === '--help') return { kind: 'help', topic: 'run' };
    if (arg === '--no-report') {
      raw.noReport = true;
      continue;
    }
    if (arg === '--bundled') {
      raw.bundled = true;
      continue;
    }
    const eq = arg.startsWith('--') ? arg.indexOf('=') : -1;
    const name = eq > 0 ? arg.slice(0, eq) : arg;
    const inline = eq > 0 ? arg.slice(eq + 1) : undefined;
    if (VALUE_OPTIONS.includes(name)) {
      let value = inline;
      if (value === undefined) {
        const next = args[i + 1];
        // --tags values may legitimately start with 'not', never with '-'; a following
        // option means the value is missing.
        if (next === undefined || isOptionLike(next)) {
          throw new UsageError(`${name} needs a value`, 'run');
        }
        value = next;
        i++;
      }
      switch (name as ValueOption) {
        case '--iut':
          raw.iut = value;
          break;
        case '--testers':
          raw.testers = value;
          break;
        case '--tags':
          raw.tags = value;
          break;
        case '--seed':
          raw.seed = value;
          break;
        case '--out':
          raw.out = value;
          break;
        case '--step-timeout':
          raw.stepTimeout = value;
          break;
        case '--iut-timeout':
          raw.iutTimeout = value;
          break;
        case '--scenario-timeout':
          raw.scenarioTimeout = value;
          break;
      }
    } else if (LIST_OPTIONS.includes(name)) {
      const values: string[] = [];
      if (inline !== undefined) {
        values.push(inline);
      } else {
        while (i + 1 < args.length && !isOptionLike(args[i + 1])) {
          values.push(args[++i]);
        }
      }
      if (values.length === 0 || values.some((v) => v === '')) {
        throw new UsageError(`${name} needs at least one path`, 'run');
      }
      if ((name as ListOption) === '--features') {
        raw.features.push(...values);
      } else if ((name as ListOption) === '--requirements') {
        raw.requirements.push(...values);
      } else {
        raw.support.push(...values);
      }
    } else if (isOptionLike(arg)) {
      throw new UsageError(`unknown option '${name}' for 'run'`, 'run');
    } else {
      throw new UsageError(`unexpected argument '${arg}' (feature paths go after --features)`, 'run');
    }
  }
  return { kind: 'run', options: validateRunOptions(raw, cwd) };
}

function validateRunOptions(raw: RawRunOptions, cwd: string): RunOptions {
  const iut = raw.iut ?? 'reference';
  let iutSpec: IutSpec;
  try {
    iutSpec = parseIutSpec(iut);
  } catch (error: unknown) {
    if (error instanceof IutSpecError) throw new UsageError(`--iut: ${error.message}`, 'run');
    throw error;
  }
  let testers: TestersSpec = 'reference';
  try {
    testers = parseTestersSpec(raw.testers ?? 'reference');
  } catch (error: unknown) {
    if (error instanceof IutSpecError) throw new UsageError(`--testers: ${error.message}`, 'run');
    throw error;
  }
  const seed = raw.seed === undefined ? DEFAULT_SEED : parseSeed(raw.seed);
  const tags = (raw.tags ?? '').trim();
  if (tags !== '') {
    const problem = tagExpressionError(tags);
    if (problem !== undefined) throw new UsageError(`--tags: ${problem}`, 'run');
  }
  const outGiven = raw.out ?? DEFAULT_OUT;
  if (outGiven === '') throw new UsageError('--out needs a value', 'run');
  const out = path.resolve(cwd, outGiven);
  checkOutDir(outGiven, out);
  const features = featurePaths(raw.features, raw.bundled === true, cwd, 'run');
  const support = supportPaths(raw.support, cwd, 'run');
  const requirements = requirementFiles(raw.requirements, cwd, 'run');
  return {
    iut,
    iutSpec,
    testers,
    tags,
    seed,
    out,
    features,
    support,
    stepTimeoutMs: parseMs('--step-timeout', raw.stepTimeout, DEFAULT_STEP_TIMEOUT_MS),
    iutTimeoutMs: parseMs('--iut-timeout', raw.iutTimeout, DEFAULT_IUT_TIMEOUT_MS),
    scenarioTimeoutMs: parseMs('--scenario-timeout', raw.scenarioTimeout, DEFAULT_SCENARIO_TIMEOUT_MS),
    report: raw.noReport !== true,
    requirements,
  };
}

function supportPaths(given: readonly string[], cwd: string, command: 'run' | 'lint' | 'steps'): string[] {
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

function requirementFiles(given: readonly string[], cwd: string, command: 'run' | 'lint'): string[] {
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

/** Values after a list option: up to the next option. */
function listValues(args: readonly string[], i: number, inline: string | undefined): { values: string[]; next: number } {
  if (inline !== undefined) return { values: [inline], next: i };
  const values: string[] = [];
  let j = i;
  while (j + 1 < args.length && !isOptionLike(args[j + 1])) values.push(args[++j]);
  return { values, next: j };
}

function parseLintArgs(args: readonly string[], cwd: string): Command {
  const features: string[] = [];
  const support: string[] = [];
  const requirements: string[] = [];
  let bundled = false;
  for (let i = 0; i < args.length; i++) {
    const arg = args[i];
    if (arg === '-h' || arg === '--help') return { kind: 'help', topic: 'lint' };
    if (arg === '--bundled') {
      bundled = true;
      continue;
    }
    const eq = arg.startsWith('--') ? arg.indexOf('=') : -1;
    const name = eq > 0 ? arg.slice(0, eq) : arg;
    if (name === '--support' || name === '--requirements' || name === '--features') {
      const { values, next } = listValues(args, i, eq > 0 ? arg.slice(eq + 1) : undefined);
      if (values.length === 0 || values.some((v) => v === '')) throw new UsageError(`${name} needs at least one path`, 'lint');
      (name === '--support' ? support : name === '--requirements' ? requirements : features).push(...values);
      i = next;
    } else if (isOptionLike(arg)) {
      throw new UsageError(`unknown option '${name}' for 'lint'`, 'lint');
    } else {
      features.push(arg);
    }
  }
  return {
    kind: 'lint',
    options: {
      features: featurePaths(features, bundled, cwd, 'lint'),
      support: supportPaths(support, cwd, 'lint'),
      requirements: requirementFiles(requirements, cwd, 'lint'),
    },
  };
}

function parseStepsArgs(args: readonly string[], cwd: string): Command {
  let format: CatalogueFormat = 'text';
  const support: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const arg = args[i];
    if (arg === '-h' || arg === '--help') return { kind: 'help', topic: 'steps' };
    const eq = arg.startsWith('--') ? arg.indexOf('=') : -1;
    const name = eq > 0 ? arg.slice(0, eq) : arg;
    const inline = eq > 0 ? arg.slice(eq + 1) : undefined;
    if (name === '--format') {
      const value = inline ?? args[++i];
      if (value !== 'text' && value !== 'markdown') throw new UsageError(`--format must be text or markdown, got '${value ?? ''}'`, 'steps');
      format = value;
    } else if (name === '--support') {
      const { values, next } = listValues(args, i, inline);
      if (values.length === 0) throw new UsageError('--support needs at least one path', 'steps');
      support.push(...values);
      i = next;
    } else {
      throw new UsageError(`unknown ${isOptionLike(arg) ? 'option' : 'argument'} '${arg}' for 'steps'`, 'steps');
    }
  }
  return { kind: 'steps', format, support: supportPaths(support, cwd, 'steps') };
}

/** Parse the arguments after `node bin/tipc-conformance.js`. */
export function parseArgs(argv: readonly string[], cwd: string): Command {
  const [first, ...rest] = argv;
  if (first === undefined) {
    throw new UsageError('missing command (did you mean \'run\'?)', 'main');
  }
  switch (first) {
    case '-h':
    case '--help':
      return { kind: 'help', topic: 'main' };
    case '-v':
    case '--version':
      return { kind: 'version' };
    case 'help':
      if (rest.length === 0) return { kind: 'help', topic: 'main' };
      if (rest.length === 1 && rest[0] === 'run') return { kind: 'help', topic: 'run' };
      if (rest.length === 1 && rest[0] === 'certify') return { kind: 'help', topic: 'certify' };
      if (rest.length === 1 && rest[0] === 'lint') return { kind: 'help', topic: 'lint' };
      if (rest.length === 1 && rest[0] === 'steps') return { kind: 'help', topic: 'steps' };
      if (rest.length === 1 && rest[0] === 'diff') return { kind: 'help', topic: 'diff' };
      throw new UsageError(`no help for '${rest.join(' ')}'`, 'main');
    case 'run':
      return parseRunArgs(rest, cwd);
    case 'lint':
      return parseLintArgs(rest, cwd);
    case 'steps':
      return parseStepsArgs(rest, cwd);
    case 'kernel':
      return { kind: 'kernel', args: rest };
    case 'certify': {
      // The same options as run; the statement covers whatever the run selects.
      const c = parseRunArgs(rest, cwd);
      return c.kind === 'run' ? { kind: 'certify', options: c.options } : { kind: 'help', topic: 'certify' };
    }
    case 'diff': {
      // The options of run; --iut is the side the kernel is compared with (default: reference).
      const c = parseRunArgs(rest, cwd);
      if (c.kind !== 'run') return { kind: 'help', topic: 'diff' };
      if (c.options.iutSpec.kind === 'kernel') throw new UsageError("diff compares an implementation with the kernel: --iut must not be 'kernel'", 'diff');
      if (c.options.testers !== 'reference') throw new UsageError('diff runs with reference testers: --testers is not allowed', 'diff');
      return { kind: 'diff', options: c.options };
    }
    default:
      if (isOptionLike(first)) {
        // `tipc-conformance --iut x` without the command: point at run.
        throw new UsageError(`unknown option '${first}' (options go after the command: ${PROGRAM} run ${first} ...)`, 'main');
      }
      throw new UsageError(`unknown command '${first}'`, 'main');
  }
}

/**
 * The step definitions as cucumber loads them (loadSupport), seen through the few fields the step
 * catalogue and the feature lint read: pattern, where it is defined, its catalogue entry, and
 * how it matches a step line.
 */
import { loadConfiguration, loadSupport, type IRunConfiguration, type IRunEnvironment, type ISupportCodeLibrary } from '@cucumber/cucumber/api';
import { type StepDoc, stepDocOf } from '../steps/vocabulary';
import { DEFAULT_SUPPORT_GLOB } from '../harness/package-info';
import { shownPath } from '../steps/support/paths';

/** What of cucumber's StepDefinition we use (the api types the library as opaque). */
interface CucumberArgument {
  readonly parameterType: { readonly name?: string };
}
interface CucumberStepDefinition {
  readonly id: string;
  readonly keyword: string;
  readonly pattern: string | RegExp;
  readonly uri: string;
  readonly line: number;
  readonly options: { readonly wrapperOptions?: unknown };
  readonly expression: { match(text: string): readonly CucumberArgument[] | null };
  matchesStepName(text: string): boolean;
}

export interface LoadedStep {
  readonly id: string;
  readonly keyword: string;
  /** The pattern as written: a cucumber expression, or /a regular expression/. */
  readonly pattern: string;
  /** File (relative to the package or cwd) and line of the definition. */
  readonly uri: string;
  readonly line: number;
  readonly doc: StepDoc | undefined;
  /** The parameter types of a matching line (cucumber expression names, '' for a regexp group), or null. */
  match(text: string): string[] | null;
}

function isStepDefinition(x: unknown): x is CucumberStepDefinition {
  if (typeof x !== 'object' || x === null) return false;
  const d = x as Partial<CucumberStepDefinition>;
  return typeof d.uri === 'string' && typeof d.line === 'number' && typeof d.matchesStepName === 'function' && typeof d.expression === 'object';
}

export function patternText(pattern: string | RegExp): string {
  return typeof pattern === 'string' ? pattern : `/${pattern.source}/`;
}

export function stepsOf(library: ISupportCodeLibrary): LoadedStep[] {
  const defs: unknown = (library as unknown as { stepDefinitions?: unknown }).stepDefinitions;
  if (!Array.isArray(defs) || !defs.every(isStepDefinition)) throw new Error('cucumber returned step definitions of an unexpected shape');
  return defs.map((d: CucumberStepDefinition) => ({
    id: d.id,
    keyword: d.keyword,
    pattern: patternText(d.pattern),
    uri: d.uri,
    line: d.line,
    doc: stepDocOf(d.options),
    match(text: string): string[] | null {
      const args = d.expression.match(text);
      return args === null ? null : args.map((a) => a.parameterType.name ?? '');
    },
  }));
}

/** A run configuration for the given features and support code (no formatters, no config file). */
export async function lintConfiguration(features: readonly string[], support: readonly string[], environment: IRunEnvironment): Promise<IRunConfiguration> {
  const { runConfiguration } = await loadConfiguration(
    {
      file: false,
      provided: {
        paths: [...features],
        require: support.length > 0 ? [...support] : [DEFAULT_SUPPORT_GLOB],
        order: 'defined',
        parallel: 0,
        strict: true,
        publish: false,
        format: [],
      },
    },
    environment,
  );
  return { ...runConfiguration, formats: { ...runConfiguration.formats, publish: false } };
}

export async function loadLibrary(config: IRunConfiguration, environment: IRunEnvironment): Promise<ISupportCodeLibrary> {
  return loadSupport({ sources: config.sources, support: config.support }, environment);
}

/**
 * The library with every step and hook that sets no timeout of its own limited to `ms`. Cucumber's
 * public type hides the field (ISupportCodeLibrary is a marker interface), but its runtime reads
 * the library's defaultTimeout for each step and hook (runtime/test_case_runner.js, worker.js);
 * setDefaultTimeout in support code sets the same field while the code loads. In process only:
 * parallel workers load the support code again.
 */
export function withDefaultTimeout(library: ISupportCodeLibrary, ms: number): ISupportCodeLibrary {
  const timed: ISupportCodeLibrary & { readonly defaultTimeout: number } = { ...library, defaultTimeout: ms };
  return timed;
}

/** A definition's place: relative to `cwd` when inside it, else absolute (`uri` absolute or relative to `cwd`). */
export function where(uri: string, line: number, cwd: string): string {
  return `${shownPath(uri, cwd)}:${line}`;
}

/**
 * The step definitions as cucumber loads them (loadSupport), seen through the few fields the step
 * catalogue and the feature lint read: pattern, where it is defined, its catalogue entry, how it
 * matches a step line, and its template (literal text and parameters) for the lint's nearest steps.
 */
import { loadConfiguration, loadSupport, type IRunConfiguration, type IRunEnvironment, type ISupportCodeLibrary } from '@cucumber/cucumber/api';
import { type ParameterTypeDoc, type StepDoc, stepDocOf } from '../steps/vocabulary';
import { DEFAULT_SUPPORT_GLOB } from '../harness/package-info';
import { shownPath } from '../steps/support/paths';
import { WORKER_SUPPORT_MODULE } from './parallel';

/** What of cucumber's StepDefinition we use (the api types the library as opaque). */
interface CucumberParameterType {
  readonly name?: string;
  readonly regexpStrings?: readonly string[];
}
interface CucumberArgument {
  readonly parameterType: CucumberParameterType;
  readonly group: { readonly start?: number; readonly end?: number; readonly value?: string };
}
/** A node of a cucumber expression's syntax tree (cucumber-expressions' Ast.ts). */
interface CucumberExpressionNode {
  readonly type: string;
  readonly nodes?: readonly CucumberExpressionNode[];
  text(): string;
}
interface CucumberStepDefinition {
  readonly id: string;
  readonly keyword: string;
  readonly pattern: string | RegExp;
  readonly uri: string;
  readonly line: number;
  readonly options: { readonly wrapperOptions?: unknown };
  readonly expression: { match(text: string): readonly CucumberArgument[] | null; readonly ast?: CucumberExpressionNode };
  matchesStepName(text: string): boolean;
}
interface CucumberParameterTypeRegistry {
  lookupByTypeName(name: string): CucumberParameterType | undefined;
}

/** A parameter of a step's template: where a step line writes a value. */
export interface TemplateParameter {
  /** The parameter type's name, as a pattern writes it in braces ('' for an untyped regular expression group). */
  readonly type: string;
  /** The regular expressions of the parameter type (any one matches a value). */
  readonly regexps: readonly string[];
  /** The value the step's catalogue example writes here. */
  readonly example?: string;
  /** The catalogue's text for the parameter type, when it is one of the steps' own ({link}, {range}, ...). */
  readonly doc?: ParameterTypeDoc;
}

/** A step definition as literal text and parameters, in order: "node ", {int}, " binds ...". */
export type TemplatePart = { readonly text: string } | { readonly parameter: TemplateParameter };

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
  /**
   * The definition as literal text and parameters: its catalogue example with each argument a
   * parameter, or, without an entry, its cucumber expression (an optional text taken as written, an
   * alternation as its first alternative); undefined for an undocumented regular expression.
   */
  template(): readonly TemplatePart[] | undefined;
}

function isStepDefinition(x: unknown): x is CucumberStepDefinition {
  if (typeof x !== 'object' || x === null) return false;
  const d = x as Partial<CucumberStepDefinition>;
  return typeof d.uri === 'string' && typeof d.line === 'number' && typeof d.matchesStepName === 'function' && typeof d.expression === 'object';
}

export function patternText(pattern: string | RegExp): string {
  return typeof pattern === 'string' ? pattern : `/${pattern.source}/`;
}

/** The template of a step from its catalogue example: the text between the example's arguments. */
function exampleTemplate(d: CucumberStepDefinition, doc: StepDoc): TemplatePart[] | undefined {
  const args = d.expression.match(doc.example);
  if (args === null || args.some((a) => a.group.start === undefined || a.group.end === undefined)) return undefined;
  const parts: TemplatePart[] = [];
  let at = 0;
  args.forEach((a, i) => {
    const start = a.group.start ?? 0;
    const end = a.group.end ?? 0;
    if (start > at) parts.push({ text: doc.example.slice(at, start) });
    const type = doc.params[i]?.type;
    parts.push({ parameter: { type: a.parameterType.name ?? '', regexps: a.parameterType.regexpStrings ?? [], example: doc.example.slice(start, end), ...(type ? { doc: type } : {}) } });
    at = end;
  });
  if (at < doc.example.length) parts.push({ text: doc.example.slice(at) });
  return parts;
}

/** The template of a step from its cucumber expression's syntax tree. */
function expressionTemplate(ast: CucumberExpressionNode, registry: CucumberParameterTypeRegistry | undefined): TemplatePart[] {
  return (ast.nodes ?? []).map((node): TemplatePart => {
    if (node.type === 'PARAMETER_NODE') {
      const name = node.text();
      return { parameter: { type: name, regexps: registry?.lookupByTypeName(name)?.regexpStrings ?? [] } };
    }
    if (node.type === 'ALTERNATION_NODE') return { text: node.nodes?.[0]?.text() ?? '' };
    return { text: node.text() };
  });
}

export function stepsOf(library: ISupportCodeLibrary): LoadedStep[] {
  const defs: unknown = (library as unknown as { stepDefinitions?: unknown }).stepDefinitions;
  if (!Array.isArray(defs) || !defs.every(isStepDefinition)) throw new Error('cucumber returned step definitions of an unexpected shape');
  const registry = (library as unknown as { parameterTypeRegistry?: CucumberParameterTypeRegistry }).parameterTypeRegistry;
  return defs.map((d: CucumberStepDefinition) => {
    const doc = stepDocOf(d.options);
    return {
      id: d.id,
      keyword: d.keyword,
      pattern: patternText(d.pattern),
      uri: d.uri,
      line: d.line,
      doc,
      match(text: string): string[] | null {
        const args = d.expression.match(text);
        return args === null ? null : args.map((a) => a.parameterType.name ?? '');
      },
      template(): readonly TemplatePart[] | undefined {
        const fromExample = doc ? exampleTemplate(d, doc) : undefined;
        if (fromExample) return fromExample;
        return typeof d.pattern === 'string' && d.expression.ast ? expressionTemplate(d.expression.ast, registry) : undefined;
      },
    };
  });
}

/** A run configuration for the given features and support code (no formatters, no config file). */
export async function lintConfiguration(features: readonly string[], support: readonly string[], environment: IRunEnvironment): Promise<IRunConfiguration> {
  const { runConfiguration } = await loadConfiguration(
    {
      file: false,
      provided: {
        paths: [...features],
        require: support.length > 0 ? [...support] : [DEFAULT_SUPPORT_GLOB],
        // first, in this process and in every worker of run --parallel, which loads the library from these coordinates
        requireModule: [WORKER_SUPPORT_MODULE],
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
 * parallel workers load the support code again, and worker-support.cjs sets theirs.
 */
export function withDefaultTimeout(library: ISupportCodeLibrary, ms: number): ISupportCodeLibrary {
  const timed: ISupportCodeLibrary & { readonly defaultTimeout: number } = { ...library, defaultTimeout: ms };
  return timed;
}

/** A definition's place: relative to `cwd` when inside it, else absolute (`uri` absolute or relative to `cwd`). */
export function where(uri: string, line: number, cwd: string): string {
  return `${shownPath(uri, cwd)}:${line}`;
}

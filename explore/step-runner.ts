/**
 * Runs a scenario given as step lines, in this process, through the package's own step
 * definitions as cucumber loads them: the explorer runs exactly the steps it writes into its
 * .feature files, so `run --features` replays what it saw. Cucumber's runner would parse a
 * document and write reports for each of thousands of short runs; this does only what a
 * scenario of the bundled steps needs of it: a World with the run's parameters, the @iut nodes
 * (the Before hook's part), the nodes made current before each observation (the BeforeStep
 * hook's part), and the cluster stopped at the end (the After hook's part).
 */
import { type IRunEnvironment, type ISupportCodeLibrary, loadConfiguration, loadSupport } from '@cucumber/cucumber/api';
import type { NodeId, RunParameters } from '../contract';
import { DEFAULT_FEATURES_DIR, DEFAULT_SUPPORT_GLOB } from '../harness/package-info';
import { stepDocOf } from '../steps/vocabulary';
import type { Capability } from '../contract/capabilities';
import type { ConformanceWorld } from '../steps/support/world';

/** A line of a scenario: its keyword (a Then is an observation) and its text. */
export interface StepLine {
  readonly keyword: 'Given' | 'When' | 'Then';
  readonly text: string;
}

/** How a scenario ended: every step passed, or the first that failed and why. */
export type ScenarioResult =
  | { readonly status: 'passed' }
  | {
      readonly status: 'failed';
      /** The failing line's text, and what its step threw. */
      readonly text: string;
      readonly message: string;
    };

/** A failed scenario, at the line whose step threw `error`. */
export function failedAt(text: string, error: unknown): ScenarioResult {
  return { status: 'failed', text, message: error instanceof Error ? error.message : String(error) };
}

interface CucumberArgument {
  getValue(world: unknown): unknown;
}
interface LoadedDefinition {
  readonly options: { readonly wrapperOptions?: unknown };
  readonly code: (...args: unknown[]) => unknown;
  readonly expression: { match(text: string): readonly CucumberArgument[] | null };
}

function isDefinition(x: unknown): x is LoadedDefinition {
  if (typeof x !== 'object' || x === null) return false;
  const d = x as Partial<LoadedDefinition>;
  return typeof d.code === 'function' && typeof d.expression === 'object' && d.expression !== null;
}

/** The World class the support code set (setWorldConstructor): the steps' own ConformanceWorld. */
type WorldClass = new (options: { attach: () => void; log: () => void; link: () => void; parameters: RunParameters }) => ConformanceWorld;

export class StepRunner {
  private constructor(
    private readonly definitions: readonly LoadedDefinition[],
    private readonly World: WorldClass,
  ) {}

  /** Loads the package's step definitions (as `run` does, without features). */
  static async load(environment: IRunEnvironment): Promise<StepRunner> {
    const { runConfiguration } = await loadConfiguration(
      { file: false, provided: { paths: [DEFAULT_FEATURES_DIR], require: [DEFAULT_SUPPORT_GLOB], publish: false, format: [] } },
      environment,
    );
    const library: ISupportCodeLibrary = await loadSupport({ sources: runConfiguration.sources, support: runConfiguration.support }, environment);
    const defs: unknown = (library as unknown as { stepDefinitions?: unknown }).stepDefinitions;
    if (!Array.isArray(defs) || !defs.every(isDefinition)) throw new Error('cucumber returned step definitions of an unexpected shape');
    // the World class comes from the library, not from an import: world.ts registers itself with
    // cucumber when it loads, which only cucumber's own loading of the support code may do
    const World: unknown = (library as unknown as { World?: unknown }).World;
    if (typeof World !== 'function') throw new Error('the support code set no World class');
    return new StepRunner(defs, World as WorldClass);
  }

  private definitionOf(text: string): { readonly def: LoadedDefinition; readonly args: readonly CucumberArgument[] } {
    const found = this.definitions.flatMap((def) => {
      const args = def.expression.match(text);
      return args === null ? [] : [{ def, args }];
    });
    if (found.length !== 1) throw new Error(`${found.length === 0 ? 'no' : `${found.length}`} step definitions match "${text}"`);
    return found[0];
  }

  /** The capabilities a line's step needs (its catalogue entry): the @needs tags of a feature that uses it. */
  needsOf(text: string): readonly Capability[] {
    return stepDocOf(this.definitionOf(text).def.options)?.needs ?? [];
  }

  /**
   * A new scenario: a World with the run's parameters, the IUT nodes given. Its lines then run one
   * by one (`step`); `end` stops its cluster.
   */
  begin(parameters: RunParameters, iut: readonly NodeId[], name: string): ScenarioRun {
    const world = new this.World({ attach: () => undefined, log: () => undefined, link: () => undefined, parameters });
    world.scenario.named(name);
    world.setup.tagIut([...iut]);
    return new ScenarioRun(world, (text) => this.definitionOf(text));
  }
}

/** One scenario being run: its World, and the lines run so far. */
export class ScenarioRun {
  constructor(
    readonly world: ConformanceWorld,
    private readonly definitionOf: (text: string) => { readonly def: LoadedDefinition; readonly args: readonly CucumberArgument[] },
  ) {}

  /** Runs one line; throws what the step threw. */
  async step(line: StepLine): Promise<void> {
    const { def, args } = this.definitionOf(line.text);
    if (line.keyword === 'Then') await this.world.lifecycle.started()?.observeNow();
    await def.code.apply(this.world, args.map((a) => a.getValue(this.world)));
  }

  /** Stops the cluster, if one was started. */
  async end(): Promise<void> {
    await this.world.lifecycle.record()?.stop();
  }
}

/** Runs the lines in order until one fails; the cluster is stopped whatever happened. */
export async function runLines(run: ScenarioRun, lines: readonly StepLine[]): Promise<ScenarioResult> {
  try {
    for (const line of lines) {
      try {
        await run.step(line);
      } catch (error: unknown) {
        return failedAt(line.text, error);
      }
    }
    return { status: 'passed' };
  } finally {
    await run.end();
  }
}

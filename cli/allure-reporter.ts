/**
 * The Allure formatter of a run: allure-cucumberjs's own, told three things it cannot know. It
 * watches cucumber's messages just before allure-cucumberjs does (a listener on the same
 * broadcaster, registered first) and corrects the results through allure-js's lifecycle
 * listeners (the `listeners` option of its reporter runtime), so nothing of allure-cucumberjs is
 * patched.
 *
 * - A failed assertion is `failed`. allure-js tells an assertion (`failed`: the implementation is
 *   wrong) from a broken test (`broken`) by the error: a class name like AssertionError, fields
 *   like `matcherResult` or `expected`. Across cucumber's messages only the class name survives
 *   (`exception.type`), and allure-cucumberjs matches it with /assert/ alone, so an
 *   ExpectationError, the expected/seen failure every step of ours throws, came out `broken` and
 *   was filed as a harness error. A step that fails with one is `failed` here; every other
 *   failure keeps allure-js's verdict (an IUT fault, a kernel guest fault, a TypeError: `broken`).
 * - A failing hook is `broken`. allure-cucumberjs records it on the fixture only, so a scenario
 *   whose Before hook failed came out `skipped` (its steps never ran), and one whose After hook
 *   failed `passed`; the terminal calls both ERROR, a harness error.
 * - The package label of a feature outside the current folder. allure-cucumberjs dots the
 *   feature's path relative to the project of the current folder (`tipc-conformance.features.link.
 *   half-failover.feature`); a feature elsewhere came out as `......specs.features.x.feature`.
 *   Such a feature is labelled as allure-cucumberjs would label it in a run started in the folder
 *   that holds its --features folder (`features.x.feature`, or headed by the name of the package
 *   there, as our bundled features are: `tipc-conformance.features.…`), and its title path
 *   follows.
 * - The Examples of a large Outline. allure-cucumberjs attaches every Examples table of the
 *   Outline, whole, as CSV to each of its rows, and looks the row up in it: each row of an
 *   Outline of 100,000 rows wrote 700 kB (70 GB for the run) and cost a search of all rows. It
 *   sees an Outline of more than EXAMPLES_SHOWN_WHOLE rows with, at each row, only that row
 *   (OutlineRowsView).
 *
 * Cucumber loads a formatter with import(), which takes no TypeScript: it loads this one through
 * allure-reporter.cjs.
 */
import { EventEmitter } from 'node:events';
import { existsSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import type { Formatter, IFormatterOptions } from '@cucumber/cucumber';
import { type Envelope, type Examples, type FeatureChild, type GherkinDocument, type Hook, type Scenario, TestStepResultStatus } from '@cucumber/messages';
import { ExpectationError } from '../steps/support/expect';
import { isUnder, shownPath } from '../steps/support/paths';
import { stopSignalled } from '../adapters/exit-hooks';

/** What allureFormat adds to allure-cucumberjs's options, under `tipc`. */
export interface ReporterExtras {
  /** The run's --features, absolute (globs and FILE:LINE as given). */
  readonly features: readonly string[];
}

/** The parts of allure-js's results the listeners touch (allure-js-commons' model, which is not our dependency). */
interface Label {
  name: string;
  value: string;
}
interface StatusDetails {
  message?: string;
  trace?: string;
}
interface StepResult {
  status?: string;
  statusDetails: StatusDetails;
}
interface TestResult extends StepResult {
  labels: Label[];
  titlePath?: string[];
}

/** allure-js-commons' LifecycleListener, the hooks used here. */
export interface ResultListener {
  beforeTestResultStart(result: TestResult): void;
  beforeStepStop(step: StepResult): void;
  beforeTestResultWrite(result: TestResult): void;
}

/** The folder a --features value names: a folder itself, a feature file's folder, a glob's fixed part; FILE:LINE without the lines. */
export function featureFolder(given: string): string {
  const file = given.replace(/(:\d+)*$/, '');
  const glob = file.search(/[*?[\]{}]/);
  if (glob >= 0) return path.dirname(`${file.slice(0, glob)}x`);
  return file.endsWith('.feature') ? path.dirname(file) : file;
}

/** Where allure-js roots a path: the nearest folder at or above `from` with a package.json, and that package's name; `from` when there is none. */
function projectOf(from: string): { readonly root: string; readonly name?: string } {
  for (let dir = from; ; dir = path.dirname(dir)) {
    const file = path.join(dir, 'package.json');
    if (existsSync(file)) {
      let name: unknown;
      try {
        name = (JSON.parse(readFileSync(file, 'utf8')) as { name?: unknown }).name;
      } catch {
        name = undefined;
      }
      return typeof name === 'string' && name !== '' ? { root: dir, name } : { root: dir };
    }
    if (path.dirname(dir) === dir) return { root: from };
  }
}

/**
 * The package path of a feature file outside the current folder: the parts of its path from the
 * project of the folder that holds the --features folder it was found in (the deepest that holds
 * it), headed by that project's name when it has one. Joined with '.', the package label.
 */
export function outsidePackagePath(file: string, features: readonly string[]): string[] {
  const folders = features.map(featureFolder).filter((f) => isUnder(file, f));
  const folder = folders.sort((a, b) => b.length - a.length)[0] ?? path.dirname(file);
  const project = projectOf(path.dirname(folder));
  const parts = path.relative(project.root, file).split(path.sep).filter((p) => p !== '');
  return project.name === undefined ? parts : [project.name, ...parts];
}

/** What the listeners need of one scenario as it runs: its feature file, its hook steps, how its steps ended. */
interface CaseState {
  readonly uri: string;
  readonly hookSteps: ReadonlyMap<string, string>;
  failedHook?: StatusDetails;
  /** The class of the error the last step that finished failed with. */
  lastStepError?: string;
}

/**
 * Follows cucumber's messages for the listeners: which feature a scenario comes from, how its
 * steps and hooks ended. Scenarios of a --parallel run interleave their messages, so the state is
 * kept per test case started; `current` is the one of the message in hand, which allure-cucumberjs
 * handles right after this watcher, calling the listeners as it does.
 */
export class RunWatcher {
  private readonly pickleUris = new Map<string, string>();
  /** Feature file (as cucumber names it) → the feature's name. */
  private readonly featureNames = new Map<string, string>();
  private readonly hooks = new Map<string, Hook>();
  /** Test case id → its pickle's id and which of its test steps are hooks (step id → hook id). */
  private readonly testCases = new Map<string, { readonly pickleId: string; readonly hookSteps: ReadonlyMap<string, string> }>();
  /** The scenarios started and not finished, by test case started id. */
  private readonly cases = new Map<string, CaseState>();
  private current: CaseState | undefined;

  /**
   * `cwd`: the folder cucumber runs in (files under it are named relative to it, others by their
   * absolute path); `features`: the run's --features.
   */
  constructor(
    private readonly cwd: string,
    private readonly features: readonly string[],
  ) {}

  readonly onEnvelope = (e: Envelope): void => {
    if (e.gherkinDocument?.uri !== undefined && e.gherkinDocument.feature) this.featureNames.set(e.gherkinDocument.uri, e.gherkinDocument.feature.name);
    else if (e.pickle) this.pickleUris.set(e.pickle.id, e.pickle.uri);
    else if (e.hook) this.hooks.set(e.hook.id, e.hook);
    else if (e.testCase) {
      const hookSteps = new Map(e.testCase.testSteps.flatMap((s) => (s.hookId === undefined ? [] : [[s.id, s.hookId] as const])));
      this.testCases.set(e.testCase.id, { pickleId: e.testCase.pickleId, hookSteps });
    } else if (e.testCaseStarted) {
      const testCase = this.testCases.get(e.testCaseStarted.testCaseId);
      const uri = testCase ? this.pickleUris.get(testCase.pickleId) : undefined;
      this.current = uri === undefined || !testCase ? undefined : { uri, hookSteps: testCase.hookSteps };
      if (this.current) this.cases.set(e.testCaseStarted.id, this.current);
    } else if (e.testStepStarted) {
      this.current = this.cases.get(e.testStepStarted.testCaseStartedId);
    } else if (e.attachment) {
      this.current = e.attachment.testCaseStartedId === undefined ? undefined : this.cases.get(e.attachment.testCaseStartedId);
    } else if (e.testCaseFinished) {
      // the listeners still need it while allure-cucumberjs writes this result
      this.current = this.cases.get(e.testCaseFinished.testCaseStartedId);
      this.cases.delete(e.testCaseFinished.testCaseStartedId);
    } else if (e.testStepFinished) {
      const { testCaseStartedId, testStepId, testStepResult } = e.testStepFinished;
      this.current = this.cases.get(testCaseStartedId);
      const failed = testStepResult.status === TestStepResultStatus.FAILED;
      if (this.current) this.current.lastStepError = failed ? testStepResult.exception?.type : undefined;
      const hookId = this.current?.hookSteps.get(testStepId);
      if (failed && hookId !== undefined && this.current && !this.current.failedHook) {
        this.current.failedHook = {
          message: `${this.describeHook(this.hooks.get(hookId))} failed: ${testStepResult.exception?.message ?? testStepResult.message ?? ''}`,
          ...(testStepResult.message !== undefined ? { trace: testStepResult.message } : {}),
        };
      }
    }
  };

  readonly listener: ResultListener = {
    beforeTestResultStart: (result) => {
      if (this.current === undefined) return;
      const file = path.resolve(this.cwd, this.current.uri);
      if (isUnder(file, this.cwd)) return; // allure-cucumberjs's own label is right
      const parts = outsidePackagePath(file, this.features);
      result.labels = result.labels.map((l) => (l.name === 'package' ? { name: l.name, value: parts.join('.') } : l));
      const feature = this.featureNames.get(this.current.uri);
      result.titlePath = [...parts.slice(0, -1), ...(feature ? [feature] : [])];
    },
    beforeStepStop: (step) => {
      if (step.status === 'broken' && this.current?.lastStepError === ExpectationError.name) step.status = 'failed';
    },
    beforeTestResultWrite: (result) => {
      const hook = this.current?.failedHook;
      if (hook === undefined || result.status === 'broken') return;
      result.status = 'broken';
      result.statusDetails = { ...hook };
    },
  };

  private describeHook(hook: Hook | undefined): string {
    if (!hook) return 'a hook';
    const kind = hook.type ? `${hook.type.replace(/_/g, ' ').toLowerCase()} hook` : 'hook';
    const ref = hook.sourceReference;
    const where = ref.uri ? ` (${shownPath(ref.uri, this.cwd)}${ref.location ? `:${ref.location.line}` : ''})` : '';
    return `${hook.name ? `${kind} '${hook.name}'` : kind}${where}`;
  }
}

/**
 * Rows of an Outline's Examples up to which allure-cucumberjs attaches them all to each row (a
 * table of the Outline's rows beside each, as it does); above, each row gets its own row alone, so
 * that what a row costs and writes does not grow with the Outline.
 */
export const EXAMPLES_SHOWN_WHOLE = 100;

/**
 * The messages as allure-cucumberjs sees them: the same, but for the Outlines of more than
 * EXAMPLES_SHOWN_WHOLE rows, which it gets as copies of their own (the document other formatters
 * see is not touched) whose Examples are, when a row starts, that row's Examples block with that
 * row alone. allure-cucumberjs reads a scenario's Examples when its test case starts (its
 * parameters and its CSV attachment), from the scenario objects of the document it was given.
 */
export class OutlineRowsView {
  /** The copies allure-cucumberjs holds, by scenario id, with each row's block and row by row id. */
  private readonly outlines = new Map<string, { readonly copy: Scenario; readonly rows: ReadonlyMap<string, { readonly block: Examples; readonly row: Examples['tableBody'][number] }> }>();
  /** Pickle id → its scenario and row ids, for the rows of those Outlines only. */
  private readonly pickleRows = new Map<string, readonly [string, string]>();
  /** Test case id → its pickle's scenario and row ids, likewise. */
  private readonly caseRows = new Map<string, readonly [string, string]>();

  readonly view = (e: Envelope): Envelope => {
    if (e.gherkinDocument) return { ...e, gherkinDocument: this.document(e.gherkinDocument) };
    if (e.pickle) {
      const [scenarioId, rowId] = e.pickle.astNodeIds;
      if (scenarioId !== undefined && rowId !== undefined && this.outlines.has(scenarioId)) this.pickleRows.set(e.pickle.id, [scenarioId, rowId]);
    } else if (e.testCase) {
      const ids = this.pickleRows.get(e.testCase.pickleId);
      if (ids) this.caseRows.set(e.testCase.id, ids);
    } else if (e.testCaseStarted) {
      const ids = this.caseRows.get(e.testCaseStarted.testCaseId);
      const outline = ids && this.outlines.get(ids[0]);
      const mine = ids && outline?.rows.get(ids[1]);
      if (outline && mine) outline.copy.examples = [{ ...mine.block, tableBody: [mine.row] }];
    }
    return e;
  };

  private document(doc: GherkinDocument): GherkinDocument {
    if (!doc.feature) return doc;
    const child = (c: FeatureChild): FeatureChild => {
      if (c.scenario) return { ...c, scenario: this.scenario(c.scenario) };
      if (c.rule) return { ...c, rule: { ...c.rule, children: c.rule.children.map((r) => (r.scenario ? { ...r, scenario: this.scenario(r.scenario) } : r)) } };
      return c;
    };
    return { ...doc, feature: { ...doc.feature, children: doc.feature.children.map(child) } };
  }

  private scenario(sc: Scenario): Scenario {
    const rows = new Map(sc.examples.flatMap((block) => block.tableBody.map((row) => [row.id, { block, row }] as const)));
    if (rows.size <= EXAMPLES_SHOWN_WHOLE) return sc;
    const copy: Scenario = { ...sc, examples: [] };
    this.outlines.set(sc.id, { copy, rows });
    return copy;
  }
}

/**
 * allure-cucumberjs's formatter class. Required, not imported: its types are published only
 * through package.json "exports", which this project's moduleResolution (node) does not read.
 */
const AllureCucumberReporter = require('allure-cucumberjs/reporter') as new (options: IFormatterOptions) => Formatter;

export default class TipcAllureReporter extends AllureCucumberReporter {
  constructor(options: IFormatterOptions) {
    const { tipc, ...allure } = options.parsedArgvOptions as { tipc?: ReporterExtras; listeners?: unknown; [key: string]: unknown };
    const watcher = new RunWatcher(options.cwd, tipc?.features ?? []);
    // the watcher sees each message first, then allure-cucumberjs, through the view of large Outlines
    options.eventBroadcaster.on('envelope', watcher.onEnvelope);
    const rows = new OutlineRowsView();
    const forAllure = new EventEmitter();
    options.eventBroadcaster.on('envelope', (e: Envelope) => {
      // a run stopped by a signal writes no result after it: the reports hold the same scenarios
      if (stopSignalled() === undefined) forAllure.emit('envelope', rows.view(e));
    });
    const listeners = [...(Array.isArray(allure.listeners) ? (allure.listeners as unknown[]) : []), watcher.listener];
    super({ ...options, eventBroadcaster: forAllure, parsedArgvOptions: { ...allure, listeners } });
  }
}

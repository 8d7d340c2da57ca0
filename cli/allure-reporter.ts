/**
 * The Allure formatter of a run: allure-cucumberjs's own, told two things it cannot know. It
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
 *
 * Cucumber loads a formatter with import(), which takes no TypeScript: it loads this one through
 * allure-reporter.cjs.
 */
import type { Formatter, IFormatterOptions } from '@cucumber/cucumber';
import { type Envelope, type Hook, TestStepResultStatus } from '@cucumber/messages';
import { ExpectationError } from '../steps/support/expect';
import { shownPath } from '../steps/support/paths';

/** The parts of allure-js's results the listeners touch (allure-js-commons' model, which is not our dependency). */
interface StatusDetails {
  message?: string;
  trace?: string;
}
interface StepResult {
  status?: string;
  statusDetails: StatusDetails;
}
type TestResult = StepResult;

/** allure-js-commons' LifecycleListener, the hooks used here. */
export interface ResultListener {
  beforeStepStop(step: StepResult): void;
  beforeTestResultWrite(result: TestResult): void;
}

/** Follows cucumber's messages for the listeners: how a scenario's steps and hooks ended. */
export class RunWatcher {
  private readonly hooks = new Map<string, Hook>();
  /** Test case id → which of its test steps are hooks (step id → hook id). */
  private readonly testCases = new Map<string, ReadonlyMap<string, string>>();
  private current: { readonly hookSteps: ReadonlyMap<string, string>; failedHook?: StatusDetails } | undefined;
  /** The class of the error the last step that finished failed with. */
  private lastStepError: string | undefined;

  /** `cwd`: the folder cucumber runs in (files under it are named relative to it, others by their absolute path). */
  constructor(private readonly cwd: string) {}

  readonly onEnvelope = (e: Envelope): void => {
    if (e.hook) this.hooks.set(e.hook.id, e.hook);
    else if (e.testCase) {
      const hookSteps = new Map(e.testCase.testSteps.flatMap((s) => (s.hookId === undefined ? [] : [[s.id, s.hookId] as const])));
      this.testCases.set(e.testCase.id, hookSteps);
    } else if (e.testCaseStarted) {
      const hookSteps = this.testCases.get(e.testCaseStarted.testCaseId);
      this.current = hookSteps === undefined ? undefined : { hookSteps };
      this.lastStepError = undefined;
    } else if (e.testStepFinished) {
      const { testStepId, testStepResult } = e.testStepFinished;
      const failed = testStepResult.status === TestStepResultStatus.FAILED;
      this.lastStepError = failed ? testStepResult.exception?.type : undefined;
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
    beforeStepStop: (step) => {
      if (step.status === 'broken' && this.lastStepError === ExpectationError.name) step.status = 'failed';
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
 * allure-cucumberjs's formatter class. Required, not imported: its types are published only
 * through package.json "exports", which this project's moduleResolution (node) does not read.
 */
const AllureCucumberReporter = require('allure-cucumberjs/reporter') as new (options: IFormatterOptions) => Formatter;

export default class TipcAllureReporter extends AllureCucumberReporter {
  constructor(options: IFormatterOptions) {
    const allure = options.parsedArgvOptions as { listeners?: unknown; [key: string]: unknown };
    const watcher = new RunWatcher(options.cwd);
    // before super(), which registers allure-cucumberjs's own listener: the watcher sees each message first
    options.eventBroadcaster.on('envelope', watcher.onEnvelope);
    const listeners = [...(Array.isArray(allure.listeners) ? (allure.listeners as unknown[]) : []), watcher.listener];
    super({ ...options, parsedArgvOptions: { ...allure, listeners } });
  }
}

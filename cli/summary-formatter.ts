/**
 * Terminal reporter fed with cucumber message envelopes as they are emitted (runCucumber's
 * onMessage): one line per scenario as it finishes, the failure detail indented under it, and
 * the closing `conformance: N passed, N failed[, N known bugs][, N not applicable]` line. It also
 * classifies what went wrong, so the caller can tell a failed scenario (exit 1) from a known
 * kernel bug (exit 0 unless strict) and from a harness error (exit 2).
 */
import type {
  Envelope,
  GherkinDocument,
  Hook,
  Pickle,
  Step,
  TestCase,
  TestStepResult,
  TestStepResultStatus,
  Timestamp,
} from '@cucumber/messages';
import { KERNEL_FINDINGS_DOC, knownBugId, withoutKnownBugHeadline } from '../steps/support/known-bug';
import { shownPath } from '../steps/support/paths';
import { terminalSafe } from './terminal-safe';
import { NOT_APPLICABLE_PREFIX, missingCapabilities, notApplicableText } from './not-applicable';

type StepStatus = `${TestStepResultStatus}`;

/**
 * passed / failed / skipped: the scenario ran and the IUT did or did not behave as specified.
 * The rest are harness errors: the scenario could not be judged.
 */
export type ScenarioStatus = 'passed' | 'failed' | 'skipped' | 'undefined' | 'ambiguous' | 'pending' | 'hook-failed';

const HARNESS_STATUSES: ReadonlySet<ScenarioStatus> = new Set(['undefined', 'ambiguous', 'pending', 'hook-failed']);

export interface ScenarioOutcome {
  readonly pickleId: string;
  readonly name: string;
  readonly featureName: string;
  /** The feature file, as the reports name it (shownPath when the formatter knows the current folder). */
  readonly uri: string;
  readonly line: number | undefined;
  readonly tags: readonly string[];
  readonly status: ScenarioStatus;
  readonly durationMs: number;
  /** What went wrong, one entry per failed/undefined/... step, already multi-line text. */
  readonly problems: readonly string[];
  /**
   * The ID of its @known-bug:ID tag when the scenario failed: a known kernel bug
   * (docs/kernel-findings.md), which counts as a failure only in a strict run.
   */
  readonly knownBug?: string;
  /** Why it was skipped, as the steps attached it (`not applicable: REASON`): REASON. */
  readonly notApplicable?: string;
}

export interface RunSummary {
  readonly passed: number;
  /** Failed scenarios, known kernel bugs among them only in a strict run. */
  readonly failed: number;
  /** Failed scenarios that are known kernel bugs, in a run that is not strict. */
  readonly knownBugs: number;
  readonly skipped: number;
  /** Every scenario that finished, in the order of the plan (as the features list them). */
  readonly scenarios: readonly ScenarioOutcome[];
  /** Reasons the run cannot be trusted (exit 2), one line each. */
  readonly harnessErrors: readonly string[];
}

export interface SummaryFormatterOptions {
  readonly write: (text: string) => void;
  readonly color: boolean;
  /** Number of scenarios planned, for the `[ n/N]` progress counter; 0 if unknown. */
  readonly total: number;
  /** --strict: a known kernel bug is a failure (FAIL, counted as failed). */
  readonly strict?: boolean;
  /** Where a known bug is written up: `docs/kernel-findings.md#anchor`; the file alone by default. */
  readonly findingLink?: (id: string) => string;
  /**
   * The IUT failed its hello before the run: every scenario fails with that fault, so a failed
   * scenario tagged @known-bug:ID is a failure like any other, not a known kernel bug.
   */
  readonly iutHelloFault?: boolean;
  /**
   * The current folder: a file (a feature, a hook's definition) under it is named relative to it,
   * any other by its absolute path (shownPath). Without it, files are named as cucumber names them.
   */
  readonly cwd?: string;
  /**
   * The capabilities the IUT declared, so that an N/A line names those a scenario needs and the
   * IUT lacks; undefined when they are unknown (it failed its hello).
   */
  readonly iutCapabilities?: readonly string[];
}

interface StartedCase {
  readonly testCaseId: string;
  readonly timestamp: Timestamp;
  readonly results: { readonly testStepId: string; readonly result: TestStepResult }[];
  /** Why the steps found it not applicable, the first such attachment's reason. */
  notApplicable?: string;
}

interface StepInfo {
  readonly keyword: string;
  readonly line: number;
}

const ANSI = { red: 31, green: 32, yellow: 33, magenta: 35, dim: 2 } as const;

function millis(t: Timestamp): number {
  return t.seconds * 1000 + t.nanos / 1e6;
}

export function formatDuration(ms: number): string {
  if (ms < 1000) return `${Math.round(ms)} ms`;
  return `${(ms / 1000).toFixed(2)} s`;
}

function indent(text: string, prefix: string): string {
  return text
    .split('\n')
    .map((line) => (line === '' ? line : prefix + line))
    .join('\n');
}

/** The assertion's own message; the stack trace only if there is nothing else. */
function resultMessage(result: TestStepResult): string {
  const fromException = result.exception?.message?.trim();
  if (fromException) return fromException;
  const raw = (result.message ?? '').trim();
  const withoutStack = raw
    .split('\n')
    .filter((line) => !/^\s+at /.test(line))
    .join('\n')
    .trim();
  return withoutStack || raw || '(no message)';
}

/** Tags shown on a scenario's line: the requirement and which nodes are under test. */
export function shownTags(tags: readonly string[]): string[] {
  return tags.filter((tag) => tag.startsWith('@req:') || tag.startsWith('@iut:'));
}

/** Whether a scenario is reported as a known kernel bug rather than a failure. */
export function countsAsKnownBug(outcome: Pick<ScenarioOutcome, 'status' | 'knownBug'>, strict: boolean): boolean {
  return !strict && outcome.status === 'failed' && outcome.knownBug !== undefined;
}

/** `conformance: N passed, N failed[, N known bug(s)][, N not applicable]`: the parts that are not 0. */
export function closingLine(summary: Pick<RunSummary, 'passed' | 'failed' | 'knownBugs' | 'skipped'>): string {
  const known = summary.knownBugs > 0 ? `, ${summary.knownBugs} known bug${summary.knownBugs === 1 ? '' : 's'}` : '';
  const skipped = summary.skipped > 0 ? `, ${summary.skipped} not applicable` : '';
  return `conformance: ${summary.passed} passed, ${summary.failed} failed${known}${skipped}`;
}

export class SummaryFormatter {
  private readonly pickles = new Map<string, Pickle>();
  /** Each pickle's place in the run's plan, in the order cucumber compiled them. */
  private readonly planOrder = new Map<string, number>();
  private readonly featureNames = new Map<string, string>();
  private readonly steps = new Map<string, StepInfo>();
  private readonly hooks = new Map<string, Hook>();
  private readonly testCases = new Map<string, TestCase>();
  private readonly started = new Map<string, StartedCase>();
  private readonly runHooksStarted = new Map<string, string>();
  private readonly outcomes: ScenarioOutcome[] = [];
  private readonly harnessErrors: string[] = [];
  private finishedCount = 0;

  constructor(private readonly options: SummaryFormatterOptions) {}

  /** Feed every envelope, in order. */
  readonly onEnvelope = (envelope: Envelope): void => {
    if (envelope.gherkinDocument) this.indexDocument(envelope.gherkinDocument);
    else if (envelope.pickle) {
      this.pickles.set(envelope.pickle.id, envelope.pickle);
      this.planOrder.set(envelope.pickle.id, this.planOrder.size);
    }
    else if (envelope.hook) this.hooks.set(envelope.hook.id, envelope.hook);
    else if (envelope.testCase) this.testCases.set(envelope.testCase.id, envelope.testCase);
    else if (envelope.testCaseStarted) {
      const { id, testCaseId, timestamp } = envelope.testCaseStarted;
      this.started.set(id, { testCaseId, timestamp, results: [] });
    } else if (envelope.testStepFinished) {
      const { testCaseStartedId, testStepId, testStepResult } = envelope.testStepFinished;
      this.started.get(testCaseStartedId)?.results.push({ testStepId, result: testStepResult });
    } else if (envelope.attachment) {
      const { testCaseStartedId, body, mediaType } = envelope.attachment;
      const started = testCaseStartedId === undefined ? undefined : this.started.get(testCaseStartedId);
      if (started && started.notApplicable === undefined && mediaType.startsWith('text/plain') && body.startsWith(NOT_APPLICABLE_PREFIX)) {
        started.notApplicable = body.slice(NOT_APPLICABLE_PREFIX.length).trim();
      }
    } else if (envelope.testCaseFinished) {
      const { testCaseStartedId, timestamp, willBeRetried } = envelope.testCaseFinished;
      const started = this.started.get(testCaseStartedId);
      this.started.delete(testCaseStartedId);
      if (started && !willBeRetried) this.finishCase(started, millis(timestamp) - millis(started.timestamp));
    } else if (envelope.testRunHookStarted) {
      this.runHooksStarted.set(envelope.testRunHookStarted.id, envelope.testRunHookStarted.hookId);
    } else if (envelope.testRunHookFinished) {
      const { testRunHookStartedId, result } = envelope.testRunHookFinished;
      if ((result.status as StepStatus) !== 'PASSED') {
        const hookId = this.runHooksStarted.get(testRunHookStartedId);
        const hook = hookId === undefined ? undefined : this.hooks.get(hookId);
        this.harnessErrors.push(`${this.describeHook(hook)} ${result.status.toLowerCase()}: ${firstLine(resultMessage(result))}`);
      }
    } else if (envelope.testRunFinished) {
      const { exception, message } = envelope.testRunFinished;
      const text = exception?.message ?? message;
      if (text) this.harnessErrors.push(`test run error: ${firstLine(text)}`);
    }
  };

  summary(): RunSummary {
    let passed = 0;
    let skipped = 0;
    let failed = 0;
    let knownBugs = 0;
    const harnessErrors = [...this.harnessErrors];
    for (const outcome of this.outcomes) {
      if (outcome.status === 'passed') passed++;
      else if (outcome.status === 'skipped') skipped++;
      else if (countsAsKnownBug(outcome, this.strict())) knownBugs++;
      else failed++;
      if (HARNESS_STATUSES.has(outcome.status)) {
        harnessErrors.push(`${outcome.status.replace('-', ' ')}: ${outcome.featureName} › ${outcome.name} (${location(outcome)})`);
      }
    }
    // in the plan's order, which a --parallel run finishes them out of: the statement lists them so
    const place = (o: ScenarioOutcome): number => this.planOrder.get(o.pickleId) ?? this.planOrder.size;
    const scenarios = [...this.outcomes].sort((a, b) => place(a) - place(b));
    return { passed, failed, knownBugs, skipped, scenarios, harnessErrors };
  }

  /** A file as the reports name it. */
  private shown(uri: string): string {
    return this.options.cwd === undefined ? uri : shownPath(uri, this.options.cwd);
  }

  private strict(): boolean {
    return this.options.strict === true;
  }

  private indexDocument(doc: GherkinDocument): void {
    const feature = doc.feature;
    if (!feature || doc.uri === undefined) return;
    this.featureNames.set(doc.uri, feature.name);
    const addSteps = (steps: readonly Step[]): void => {
      for (const step of steps) this.steps.set(step.id, { keyword: step.keyword.trim(), line: step.location.line });
    };
    for (const child of feature.children) {
      if (child.background) addSteps(child.background.steps);
      if (child.scenario) addSteps(child.scenario.steps);
      for (const ruleChild of child.rule?.children ?? []) {
        if (ruleChild.background) addSteps(ruleChild.background.steps);
        if (ruleChild.scenario) addSteps(ruleChild.scenario.steps);
      }
    }
  }

  private describeHook(hook: Hook | undefined): string {
    if (!hook) return 'hook';
    const kind = hook.type ? hook.type.replace(/_/g, ' ').toLowerCase() : '';
    const named = hook.name ? ` '${hook.name}'` : '';
    const ref = hook.sourceReference;
    const where = ref.uri ? ` (${this.shown(ref.uri)}${ref.location ? `:${ref.location.line}` : ''})` : '';
    return `${kind ? `${kind} ` : ''}hook${named}${where}`;
  }

  private finishCase(started: StartedCase, durationMs: number): void {
    const testCase = this.testCases.get(started.testCaseId);
    const pickle = testCase ? this.pickles.get(testCase.pickleId) : undefined;
    if (!testCase || !pickle) return;
    const stepsById = new Map(testCase.testSteps.map((s) => [s.id, s]));
    const pickleSteps = new Map(pickle.steps.map((s) => [s.id, s]));
    const problems: string[] = [];
    const seen = new Set<StepStatus>();
    let hookFailed = false;
    for (const { testStepId, result } of started.results) {
      const status = result.status as StepStatus;
      seen.add(status);
      if (status === 'PASSED' || status === 'SKIPPED' || status === 'UNKNOWN') continue;
      const testStep = stepsById.get(testStepId);
      let what: string;
      if (testStep?.hookId !== undefined) {
        if (status === 'FAILED') hookFailed = true;
        what = this.describeHook(this.hooks.get(testStep.hookId));
      } else {
        const pickleStep = testStep?.pickleStepId === undefined ? undefined : pickleSteps.get(testStep.pickleStepId);
        const info = pickleStep ? this.steps.get(pickleStep.astNodeIds[0] ?? '') : undefined;
        what = pickleStep
          ? `step '${info ? `${info.keyword} ` : ''}${pickleStep.text}'${info ? ` (${this.shown(pickle.uri)}:${info.line})` : ''}`
          : 'step';
      }
      switch (status) {
        case 'FAILED':
          // the scenario's line says it is a known bug already (knownBugNote)
          problems.push(`${what} failed:\n${indent(withoutKnownBugHeadline(resultMessage(result)), '  ')}`);
          break;
        case 'UNDEFINED':
          problems.push(`${what} is undefined: no step definition matches it`);
          break;
        case 'AMBIGUOUS':
          problems.push(`${what} is ambiguous:\n${indent(resultMessage(result), '  ')}`);
          break;
        case 'PENDING':
          problems.push(`${what} is pending (not implemented)`);
          break;
      }
    }
    const status: ScenarioStatus = seen.has('UNDEFINED')
      ? 'undefined'
      : seen.has('AMBIGUOUS')
        ? 'ambiguous'
        : seen.has('PENDING')
          ? 'pending'
          : hookFailed
            ? 'hook-failed'
            : seen.has('FAILED')
              ? 'failed'
              : seen.has('SKIPPED')
                ? 'skipped'
                : 'passed';
    const tags = pickle.tags.map((t) => t.name);
    const knownBug = status === 'failed' && this.options.iutHelloFault !== true ? knownBugId(tags) : undefined;
    const outcome: ScenarioOutcome = {
      pickleId: pickle.id,
      name: pickle.name,
      featureName: this.featureNames.get(pickle.uri) ?? this.shown(pickle.uri),
      uri: this.shown(pickle.uri),
      line: pickle.location?.line,
      tags,
      status,
      durationMs,
      problems,
      ...(knownBug !== undefined ? { knownBug } : {}),
      ...(status === 'skipped' && started.notApplicable !== undefined ? { notApplicable: started.notApplicable } : {}),
    };
    this.outcomes.push(outcome);
    this.finishedCount++;
    this.options.write(this.renderLine(outcome));
  }

  private paint(code: number, text: string): string {
    return this.options.color ? `\u001b[${code}m${text}\u001b[0m` : text;
  }

  private renderLine(outcome: ScenarioOutcome): string {
    const { total } = this.options;
    const counter =
      total > 0 ? `[${String(this.finishedCount).padStart(String(total).length)}/${total}] ` : '';
    const label = countsAsKnownBug(outcome, this.strict())
      ? this.paint(ANSI.magenta, 'KNOWN')
      : outcome.status === 'passed'
        ? this.paint(ANSI.green, 'PASS ')
        : outcome.status === 'failed'
          ? this.paint(ANSI.red, 'FAIL ')
          : outcome.status === 'skipped'
            ? this.paint(ANSI.yellow, 'N/A  ')
            : this.paint(ANSI.red, 'ERROR');
    // names, tags, step text and messages come from the feature files, the steps and the IUT
    const tags = shownTags(outcome.tags);
    const tagText = tags.length > 0 ? `  ${this.paint(ANSI.dim, terminalSafe(tags.join(' ')))}` : '';
    let text = `${counter}${label} ${terminalSafe(outcome.featureName)} › ${terminalSafe(outcome.name)}${tagText}  (${formatDuration(outcome.durationMs)})\n`;
    if (outcome.status === 'skipped') {
      const pad = ' '.repeat(counter.length + 6);
      const why = notApplicableText(missingCapabilities(outcome.tags, this.options.iutCapabilities), outcome.notApplicable);
      text += `${pad}${this.paint(ANSI.dim, `N/A: ${terminalSafe(why)}`)}\n`;
    }
    if (outcome.status !== 'passed' && outcome.status !== 'skipped') {
      const pad = ' '.repeat(counter.length + 6);
      if (outcome.knownBug !== undefined) text += `${pad}${this.knownBugNote(outcome.knownBug)}\n`;
      text += `${pad}${terminalSafe(location(outcome))}\n`;
      for (const problem of outcome.problems) text += `${indent(terminalSafe(problem), pad)}\n`;
    }
    return text;
  }

  /** `known kernel bug KF-1, docs/kernel-findings.md#...`, and in a strict run that it counts as a failure. */
  private knownBugNote(id: string): string {
    const link = this.options.findingLink?.(id) ?? KERNEL_FINDINGS_DOC;
    return `known kernel bug ${id}, ${link}${this.strict() ? '; --strict counts it as a failure' : ''}`;
  }
}

function location(outcome: ScenarioOutcome): string {
  return outcome.line === undefined ? outcome.uri : `${outcome.uri}:${outcome.line}`;
}

function firstLine(text: string): string {
  return text.trim().split('\n')[0] ?? '';
}

export function isHarnessStatus(status: ScenarioStatus): boolean {
  return HARNESS_STATUSES.has(status);
}

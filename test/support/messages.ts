/**
 * What a run's cucumber messages (messages.ndjson) say about its scenarios: which failed, which
 * were not applicable (every step skipped), and the @catches:PROFILE tags of each. Read from the
 * messages, not from the terminal output.
 */
import type { Envelope } from '@cucumber/messages';
import { LONG } from './teeth-runs';

export const CATCHES = '@catches:';
export const KNOWN_BUG = '@known-bug:';

export interface Scenario {
  readonly id: string;
  readonly name: string;
  readonly where: string;
  /** "FO-1": the @req: tag. */
  readonly req: string;
  readonly catches: readonly string[];
  /** The known kernel bugs it shows (@known-bug:ID, docs/kernel-findings.md). */
  readonly knownBugs: readonly string[];
  readonly long: boolean;
}

export interface RunScenarios {
  /** Every scenario the run selected (a pickle it made a test case of), by pickle id. */
  readonly scenarios: ReadonlyMap<string, Scenario>;
  /** Pickle ids whose final attempt failed: a step or hook neither PASSED nor SKIPPED. */
  readonly failed: ReadonlySet<string>;
  /** Pickle ids that were run to the end. */
  readonly finished: ReadonlySet<string>;
  /** Pickle ids that ran to the end with nothing passed or failed: reported N/A. */
  readonly notApplicable: ReadonlySet<string>;
}

/** Fold a messages.ndjson into scenarios and what became of them. */
export function readMessages(ndjson: string): RunScenarios {
  const scenarios = new Map<string, Scenario>();
  const pickleOfTestCase = new Map<string, string>();
  const pickleOfStarted = new Map<string, string>();
  const badSteps = new Map<string, number>(); // testCaseStartedId -> steps not PASSED/SKIPPED
  const passedSteps = new Map<string, number>(); // testCaseStartedId -> Gherkin steps PASSED
  const gherkinSteps = new Set<string>(); // test step ids of Gherkin steps (not hooks)
  const failed = new Set<string>();
  const finished = new Set<string>();
  const notApplicable = new Set<string>();
  const bump = (m: Map<string, number>, k: string): void => {
    m.set(k, (m.get(k) ?? 0) + 1);
  };
  for (const line of ndjson.split('\n')) {
    if (line.trim() === '') continue;
    const envelope = JSON.parse(line) as Envelope;
    if (envelope.pickle) {
      const { id, name, uri, location, tags } = envelope.pickle;
      scenarios.set(id, {
        id,
        name,
        where: location ? `${uri}:${location.line}` : uri,
        req: tags.find((t) => t.name.startsWith('@req:'))?.name.slice('@req:'.length) ?? '',
        catches: tags.filter((t) => t.name.startsWith(CATCHES)).map((t) => t.name.slice(CATCHES.length)),
        knownBugs: tags.filter((t) => t.name.startsWith(KNOWN_BUG)).map((t) => t.name.slice(KNOWN_BUG.length)),
        long: tags.some((t) => t.name === LONG),
      });
    } else if (envelope.testCase) {
      pickleOfTestCase.set(envelope.testCase.id, envelope.testCase.pickleId);
      for (const step of envelope.testCase.testSteps) if (step.pickleStepId !== undefined) gherkinSteps.add(step.id);
    } else if (envelope.testCaseStarted) {
      const pickleId = pickleOfTestCase.get(envelope.testCaseStarted.testCaseId);
      if (pickleId !== undefined) pickleOfStarted.set(envelope.testCaseStarted.id, pickleId);
    } else if (envelope.testStepFinished) {
      const { testCaseStartedId, testStepResult, testStepId } = envelope.testStepFinished;
      const status: string = testStepResult.status;
      if (status === 'PASSED') {
        if (gherkinSteps.has(testStepId)) bump(passedSteps, testCaseStartedId);
      } else if (status !== 'SKIPPED') {
        bump(badSteps, testCaseStartedId);
      }
    } else if (envelope.testCaseFinished) {
      const { testCaseStartedId, willBeRetried } = envelope.testCaseFinished;
      const pickleId = pickleOfStarted.get(testCaseStartedId);
      if (pickleId === undefined || willBeRetried) continue;
      finished.add(pickleId);
      if ((badSteps.get(testCaseStartedId) ?? 0) > 0) failed.add(pickleId);
      // the hooks around an N/A scenario pass, and every one of its Gherkin steps is skipped
      else if ((passedSteps.get(testCaseStartedId) ?? 0) === 0) notApplicable.add(pickleId);
    }
  }
  // cucumber emits a pickle for every scenario of the features; the run's are those it made a test
  // case of (the tags' selection: without --scale, not the @scale rows)
  const selected = new Set(pickleOfTestCase.values());
  for (const id of [...scenarios.keys()]) if (!selected.has(id)) scenarios.delete(id);
  return { scenarios, failed, finished, notApplicable };
}

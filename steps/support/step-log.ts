/**
 * The scenario's steps as they began, for the sequence chart: each step's keyword and text as the
 * feature writes it, and where the cluster's record stood then (nothing yet before it started).
 */
import type { ITestStepHookParameter } from '@cucumber/cucumber';
import type { NodeId, RecordPosition, StepStart } from '../../contract';

type GherkinDocument = ITestStepHookParameter['gherkinDocument'];
type PickleStep = ITestStepHookParameter['pickleStep'];

/** Where a cluster's record stands before the cluster started. */
const NOTHING_YET: RecordPosition = { at: 0, entries: 0, changes: new Map<NodeId, number>() };

export class StepLog {
  private readonly started: StepStart[] = [];

  /** A step began; `position` is undefined while the cluster has not started. */
  began(text: string, position: RecordPosition | undefined): void {
    this.started.push({ text, position: position ?? NOTHING_YET });
  }

  steps(): readonly StepStart[] {
    return this.started;
  }
}

/** "And node 2 fails over onto link <1B-2B>": a step with the keyword the feature gives it. */
export function stepText(doc: GherkinDocument, step: PickleStep): string {
  const id = step.astNodeIds[0];
  for (const child of doc.feature?.children ?? []) {
    const holders = [child.background, child.scenario, ...(child.rule?.children.flatMap((c) => [c.background, c.scenario]) ?? [])];
    for (const h of holders) {
      const s = h?.steps.find((x) => x.id === id);
      if (s) return `${s.keyword.trim()} ${step.text}`;
    }
  }
  return step.text;
}

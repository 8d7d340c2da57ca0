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
  private actionAt = 0;

  /** A step began; `position` is undefined while the cluster has not started; `action`: a When step. */
  began(text: string, position: RecordPosition | undefined, action = false): void {
    const p = position ?? NOTHING_YET;
    this.started.push({ text, position: p });
    if (action) this.actionAt = p.at;
  }

  /**
   * The cluster's time when the last action (When) step began, 0 before any: an outcome that
   * follows it may have happened already, between the action and the step that looks for it.
   */
  lastActionAt(): number {
    return this.actionAt;
  }

  steps(): readonly StepStart[] {
    return this.started;
  }
}

/**
 * Each step's keyword by its id, made once per feature file's document: a step's text is then
 * found at the same cost in a file of 10,000 scenarios as in one of 10 (cucumber hands every
 * scenario of a file the same document object).
 */
const keywords = new WeakMap<GherkinDocument, ReadonlyMap<string, string>>();

function keywordsOf(doc: GherkinDocument): ReadonlyMap<string, string> {
  const known = keywords.get(doc);
  if (known) return known;
  const byId = new Map<string, string>();
  for (const child of doc.feature?.children ?? []) {
    const holders = [child.background, child.scenario, ...(child.rule?.children.flatMap((c) => [c.background, c.scenario]) ?? [])];
    for (const h of holders) for (const s of h?.steps ?? []) byId.set(s.id, s.keyword.trim());
  }
  keywords.set(doc, byId);
  return byId;
}

/** "And node 2 fails over onto link <1B-2B>": a step with the keyword the feature gives it. */
export function stepText(doc: GherkinDocument, step: PickleStep): string {
  const keyword = keywordsOf(doc).get(step.astNodeIds[0] ?? '');
  return keyword === undefined ? step.text : `${keyword} ${step.text}`;
}

/**
 * Known kernel bugs (@known-bug:ID) in the pieces that report them: the terminal summary fed
 * with made-up cucumber messages (the KNOWN line, the closing count, --strict), the failure
 * message the steps give such a scenario, and the sections of docs/kernel-findings.md a tag may
 * name. test/long/cli.test.ts runs a fixture feature end to end.
 */
import { strict as assert } from 'node:assert';
import { describe, test } from 'node:test';
import type { Envelope, TestStepResultStatus } from '@cucumber/messages';
import { findingLink, findingSections, headingAnchor, knownBugTagProblem } from '../cli/known-bugs';
import { type RunSummary, SummaryFormatter, closingLine } from '../cli/summary-formatter';
import { knownBugId, markKnownBug, markingKnownBugs, withoutKnownBugHeadline } from '../steps/support/known-bug';

const URI = 'features/known.feature';
const EXPECTATION = 'expected: link <1A-2A> up on both nodes within 1 ms\n     seen: after 1 ms: 1A RESET, 2A RESET';
const HEADED = `known kernel bug KF-1 (docs/kernel-findings.md)\n${EXPECTATION}`;

interface MadeUpScenario {
  readonly name: string;
  readonly tags: readonly string[];
  /** The result of its one Gherkin step, or of a Before hook that failed before it. */
  readonly status: `${TestStepResultStatus}`;
  readonly message?: string;
  readonly hookFailed?: boolean;
}

const time = (ms: number): { seconds: number; nanos: number } => ({ seconds: Math.floor(ms / 1000), nanos: (ms % 1000) * 1e6 });

/** The envelopes cucumber emits for a feature of these scenarios, one step each, in order. */
function envelopes(scenarios: readonly MadeUpScenario[]): Envelope[] {
  const steps = scenarios.map((_, i) => ({ id: `step-${i}`, keyword: 'Then ', text: 'something holds', location: { line: 10 + 4 * i, column: 5 } }));
  const out: Envelope[] = [
    {
      gherkinDocument: {
        uri: URI,
        comments: [],
        feature: {
          location: { line: 1, column: 1 },
          tags: [],
          language: 'en',
          keyword: 'Feature',
          name: 'Known',
          description: '',
          children: scenarios.map((s, i) => ({
            scenario: { id: `scenario-${i}`, location: { line: 9 + 4 * i, column: 3 }, tags: [], keyword: 'Scenario', name: s.name, description: '', steps: [steps[i]], examples: [] },
          })),
        },
      },
    },
  ];
  scenarios.forEach((s, i) => {
    const result = { duration: time(0), status: s.status as TestStepResultStatus, ...(s.message !== undefined ? { message: `ExpectationError: ${s.message}\n    at step (steps/link.steps.ts:1:1)`, exception: { type: 'ExpectationError', message: s.message } } : {}) };
    const skipped = { duration: time(0), status: 'SKIPPED' as TestStepResultStatus };
    out.push(
      {
        pickle: {
          id: `pickle-${i}`,
          uri: URI,
          location: { line: 9 + 4 * i, column: 3 },
          name: s.name,
          language: 'en',
          steps: [{ id: `pickle-step-${i}`, astNodeIds: [`step-${i}`], text: 'something holds' }],
          tags: s.tags.map((name) => ({ name, astNodeId: `tag-${i}` })),
          astNodeIds: [`scenario-${i}`],
        },
      },
      { testCase: { id: `case-${i}`, pickleId: `pickle-${i}`, testSteps: [{ id: `hook-step-${i}`, hookId: 'before' }, { id: `test-step-${i}`, pickleStepId: `pickle-step-${i}` }] } },
      { testCaseStarted: { id: `started-${i}`, testCaseId: `case-${i}`, attempt: 0, timestamp: time(100 * i) } },
      { testStepFinished: { testCaseStartedId: `started-${i}`, testStepId: `hook-step-${i}`, testStepResult: s.hookFailed ? result : { duration: time(0), status: 'PASSED' as TestStepResultStatus }, timestamp: time(100 * i) } },
      { testStepFinished: { testCaseStartedId: `started-${i}`, testStepId: `test-step-${i}`, testStepResult: s.hookFailed ? skipped : result, timestamp: time(100 * i + 5) } },
      { testCaseFinished: { testCaseStartedId: `started-${i}`, timestamp: time(100 * i + 12), willBeRetried: false } },
    );
  });
  return out;
}

const SCENARIOS: readonly MadeUpScenario[] = [
  { name: 'a known bug that shows', tags: ['@req:NB-1', '@iut:1', '@known-bug:KF-1'], status: 'FAILED', message: HEADED },
  { name: 'a known bug this implementation does not have', tags: ['@req:NB-2a', '@iut:1', '@known-bug:KF-2'], status: 'PASSED' },
  { name: 'an ordinary failure', tags: ['@req:NB-3', '@iut:1'], status: 'FAILED', message: EXPECTATION },
  { name: 'not applicable', tags: ['@req:NB-5', '@iut:1', '@known-bug:KF-2'], status: 'SKIPPED' },
];

function format(scenarios: readonly MadeUpScenario[], strict: boolean, iutHelloFault = false): { text: string; summary: RunSummary } {
  let text = '';
  const formatter = new SummaryFormatter({
    write: (t: string) => (text += t),
    color: false,
    total: scenarios.length,
    strict,
    findingLink: (id: string) => `docs/kernel-findings.md#${id.toLowerCase()}-anchor`,
    iutHelloFault,
  });
  for (const e of envelopes(scenarios)) formatter.onEnvelope(e);
  return { text, summary: formatter.summary() };
}

describe('the terminal summary of a known kernel bug', () => {
  test('a failed @known-bug scenario is KNOWN, with the bug and the expected/seen detail under it', () => {
    const { text } = format(SCENARIOS, false);
    const pad = ' '.repeat('[1/4] '.length + 6);
    assert.ok(
      text.includes(
        `[1/4] KNOWN Known › a known bug that shows  @req:NB-1 @iut:1  (12 ms)\n` +
          `${pad}known kernel bug KF-1, docs/kernel-findings.md#kf-1-anchor\n` +
          `${pad}${URI}:9\n` +
          `${pad}step 'Then something holds' (${URI}:10) failed:\n` +
          `${pad}  expected: link <1A-2A> up on both nodes within 1 ms\n` +
          `${pad}       seen: after 1 ms: 1A RESET, 2A RESET\n`,
      ),
      text,
    );
    assert.ok(!text.includes('(docs/kernel-findings.md)'), `the message's own headline is not repeated\n${text}`);
    assert.match(text, /\[2\/4\] PASS {2}Known › a known bug this implementation does not have {2}@req:NB-2a @iut:1 {2}\(12 ms\)\n\[3\/4\]/, 'a known bug that passes is a pass, with no note');
    assert.match(text, /\[3\/4\] FAIL {2}Known › an ordinary failure/);
    assert.match(text, /\[4\/4\] N\/A {3}Known › not applicable/);
  });

  test('the closing line counts known bugs apart from failures', () => {
    const { summary } = format(SCENARIOS, false);
    assert.deepEqual([summary.passed, summary.failed, summary.knownBugs, summary.skipped], [1, 1, 1, 1]);
    assert.equal(closingLine(summary), 'conformance: 1 passed, 1 failed, 1 known bug, 1 not applicable');
    assert.equal(summary.scenarios[0]?.knownBug, 'KF-1');
    assert.equal(summary.scenarios[1]?.knownBug, undefined, 'a scenario that passed is no known bug');
  });

  test('--strict: the known bug is a FAIL, still with its note, and counted as failed', () => {
    const { text, summary } = format(SCENARIOS, true);
    assert.match(text, /\[1\/4\] FAIL {2}Known › a known bug that shows {2}@req:NB-1 @iut:1 {2}\(12 ms\)\n {12}known kernel bug KF-1, docs\/kernel-findings\.md#kf-1-anchor; --strict counts it as a failure\n/);
    assert.ok(!text.includes('KNOWN'), text);
    assert.deepEqual([summary.passed, summary.failed, summary.knownBugs, summary.skipped], [1, 2, 0, 1]);
    assert.equal(closingLine(summary), 'conformance: 1 passed, 2 failed, 1 not applicable');
  });

  test('a @known-bug scenario whose hook failed is a harness error, not a known bug', () => {
    const { text, summary } = format([{ name: 'broken hook', tags: ['@req:NB-1', '@iut:1', '@known-bug:KF-1'], status: 'FAILED', message: 'hook exploded', hookFailed: true }], false);
    assert.match(text, /\[1\/1\] ERROR Known › broken hook/);
    assert.deepEqual([summary.failed, summary.knownBugs], [1, 0]);
    assert.equal(summary.harnessErrors.length, 1);
  });

  test('an IUT that failed its hello before the run: a failed @known-bug scenario is a FAIL, no known bug', () => {
    const fault = 'implementation under test: exited: exited with code 3 (while answering hello before the run)';
    const { text, summary } = format([{ name: 'a known bug that never got its IUT', tags: ['@req:NB-1', '@iut:1', '@known-bug:KF-1'], status: 'FAILED', message: fault }], false, true);
    assert.match(text, /\[1\/1\] FAIL {2}Known › a known bug that never got its IUT/);
    assert.ok(!text.includes('known kernel bug'), text);
    assert.deepEqual([summary.failed, summary.knownBugs], [1, 0]);
    assert.equal(summary.scenarios[0]?.knownBug, undefined);
  });

  test('the closing line: "known bug(s)" only when there are some', () => {
    assert.equal(closingLine({ passed: 3, failed: 0, knownBugs: 0, skipped: 0 }), 'conformance: 3 passed, 0 failed');
    assert.equal(closingLine({ passed: 3, failed: 1, knownBugs: 2, skipped: 0 }), 'conformance: 3 passed, 1 failed, 2 known bugs');
  });
});

describe("a known bug's failure message", () => {
  test('the tag gives the ID; a bare @known-bug: gives none', () => {
    assert.equal(knownBugId(['@req:NB-1', '@known-bug:KF-12']), 'KF-12');
    assert.equal(knownBugId(['@req:NB-1', '@known-bug:']), undefined);
    assert.equal(knownBugId(['@req:NB-1']), undefined);
  });

  test('markKnownBug heads the same error with the bug, once; anything else thrown becomes an Error', () => {
    const error = new Error(EXPECTATION);
    assert.equal(markKnownBug(error, 'KF-1'), error);
    assert.equal(markKnownBug(error, 'KF-1').message, HEADED);
    assert.equal(markKnownBug('a string', 'KF-2').message, 'known kernel bug KF-2 (docs/kernel-findings.md)\na string');
    assert.equal(withoutKnownBugHeadline(HEADED), EXPECTATION);
    assert.equal(withoutKnownBugHeadline(EXPECTATION), EXPECTATION);
  });

  test("a wrapped step's failure is marked in a known-bug scenario only, thrown or rejected", async () => {
    const world = { bug: 'KF-1' as string | undefined };
    const knownBug = (w: unknown): string | undefined => (w === world ? world.bug : undefined);
    const sync = markingKnownBugs(() => {
      throw new Error(EXPECTATION);
    }, knownBug);
    const async = markingKnownBugs(() => Promise.reject(new Error(EXPECTATION)), knownBug);
    assert.throws(() => sync.call(world), { message: HEADED });
    await assert.rejects(async.call(world) as Promise<unknown>, { message: HEADED });
    world.bug = undefined;
    assert.throws(() => sync.call(world), { message: EXPECTATION });
    assert.equal(markingKnownBugs((x: unknown) => x, knownBug).call(world, 7), 7, 'a step that passes returns what it returned');
  });
});

describe('docs/kernel-findings.md', () => {
  const DOC = "# Kernel findings\n\n## KF-1: named_rcv_nxt and named_open survive a peer's restart\n\ntext\n\n### KF-2: the `stale` rule runs before the queue is open ##\n\n## Not a finding\n";

  test('a section is a heading that starts with ID:, and links to its anchor', () => {
    const sections = findingSections(DOC);
    assert.deepEqual([...sections.keys()], ['KF-1', 'KF-2']);
    assert.equal(findingLink('KF-1', sections), 'docs/kernel-findings.md#kf-1-named_rcv_nxt-and-named_open-survive-a-peers-restart');
    assert.equal(headingAnchor(sections.get('KF-2') ?? ''), 'kf-2-the-stale-rule-runs-before-the-queue-is-open');
    assert.equal(findingLink('KF-9', sections), 'docs/kernel-findings.md');
  });

  test('the lint: a tag must name a section', () => {
    const sections = findingSections(DOC);
    assert.equal(knownBugTagProblem('@known-bug:KF-2', sections), undefined);
    assert.match(knownBugTagProblem('@known-bug:KF-3', sections)?.message ?? '', /has no section whose heading starts with "KF-3:"/);
    assert.deepEqual(knownBugTagProblem('@known-bug:KF-3', sections)?.detail[0], 'sections: KF-1, KF-2');
    assert.match(knownBugTagProblem('@known-bug', sections)?.message ?? '', /^bad tag @known-bug: write @known-bug:ID/);
    assert.match(knownBugTagProblem('@known-bug:KF-1', undefined)?.message ?? '', /there is no docs\/kernel-findings\.md/);
  });
});

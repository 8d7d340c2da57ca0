/**
 * Honest verdicts: the conformance statement says what each requirement states, how many
 * requirements were tested, which capability a requirement not applicable lacks, that a
 * certification which tested nothing is not a pass, and that a --tags or --features run is
 * partial; the terminal's N/A line names the missing capability. On outcomes made up for the
 * purpose, and on the package's own requirement catalogue and features.
 */
import { strict as assert } from 'node:assert';
import { readFileSync, readdirSync } from 'node:fs';
import * as path from 'node:path';
import { describe, test } from 'node:test';
import type { Envelope, TestStepResultStatus } from '@cucumber/messages';
import { conformanceStatement, notTestedProblem, statementExitCode, statementHtml } from '../cli/certify';
import { parseRequirementTable, requirementStatements } from '../cli/requirement-catalogue';
import { isPartial, partialText, selectionOf } from '../cli/selection';
import { type ScenarioOutcome, type ScenarioStatus, SummaryFormatter } from '../cli/summary-formatter';
import { DEFAULT_FEATURES_DIR } from '../harness/package-info';
import { PACKAGE_ROOT } from './support/cli';
import { statementInput } from './support/statement';

function outcome(name: string, tags: string[], status: ScenarioStatus, notApplicable?: string): ScenarioOutcome {
  return { pickleId: name, name, featureName: 'f', uri: 'features/x.feature', line: 3, tags, status, durationMs: 1, problems: [], ...(notApplicable ? { notApplicable } : {}) };
}

const input = statementInput;

describe('the conformance statement', () => {
  const outcomes = [
    outcome('up', ['@req:LS-1', '@needs:link'], 'passed'),
    outcome('wrap', ['@req:NB-5', '@needs:link', '@needs:named-bcast'], 'skipped'),
    outcome('events', ['@req:FO-6', '@needs:fsm-events', '@needs:failover'], 'skipped'),
    outcome('guests', ['@req:DS-2', '@needs:link'], 'skipped', 'the scenario needs 3 kernel guests; at most 2 run at once here'),
  ];

  test('each requirement has its text, and one not applicable the capabilities the IUT did not declare', () => {
    const s = conformanceStatement(input(outcomes));
    const byId = new Map(s.requirements.map((r) => [r.id, r]));
    assert.equal(byId.get('LS-1')?.text, 'A link comes up.');
    assert.equal(byId.get('FO-6')?.text, '', 'an id no catalogue has');
    assert.deepEqual(byId.get('NB-5')?.missing, ['named-bcast']);
    assert.deepEqual(byId.get('FO-6')?.missing, ['failover', 'fsm-events'], "in the catalogue's order of capabilities");
    assert.equal(byId.get('LS-1')?.missing, undefined, 'a requirement tested lacks nothing');
    assert.equal(byId.get('DS-2')?.missing, undefined, 'not applicable for another reason than a capability');
    assert.equal(byId.get('NB-5')?.scenarios[0]?.notApplicable, 'needs named-bcast, which the IUT does not declare');
    assert.equal(byId.get('FO-6')?.scenarios[0]?.notApplicable, 'needs failover and fsm-events, which the IUT does not declare');
    assert.equal(byId.get('DS-2')?.scenarios[0]?.notApplicable, 'the scenario needs 3 kernel guests; at most 2 run at once here');
    assert.equal(byId.get('LS-1')?.scenarios[0]?.notApplicable, undefined);
  });

  test('the verdict says how many requirements were tested', () => {
    const s = conformanceStatement(input(outcomes));
    assert.deepEqual([s.verdict, s.tested, s.notApplicable, s.total], ['pass', 1, 3, 4]);
    assert.equal(s.summary, 'pass: 1 of 4 requirements tested, 3 not applicable');
    const html = statementHtml(s);
    assert.match(html, /<th>verdict<\/th><td>pass: 1 of 4 requirements tested, 3 not applicable<\/td>/);
    assert.match(html, /<td>NB-5<\/td><td>not applicable<br><small>needs named-bcast, which the IUT does not declare<\/small><\/td><td>Updates wrap round <code>named_seqno<\/code> &lt;16 bits&gt;\.<\/td>/);
    assert.equal(statementExitCode(0, s), 0);
  });

  test('nothing tested is not a pass: verdict not tested, exit 1, and a line that says why', () => {
    const s = conformanceStatement(input(outcomes.slice(1)));
    assert.deepEqual([s.verdict, s.tested, s.notApplicable, s.total], ['not tested', 0, 3, 3]);
    assert.equal(s.summary, 'not tested: 0 of 3 requirements tested, 3 not applicable');
    assert.equal(statementExitCode(0, s), 1);
    assert.equal(statementExitCode(2, s), 2, 'a harness error stays one');
    assert.equal(
      notTestedProblem(s),
      'nothing was tested: none of the 3 requirements run applies to my-tipc (it declares link, naming; they need failover, named-bcast and fsm-events); a statement that tested nothing is not a pass',
    );
    assert.match(statementHtml(s), /<tr class="not-tested"><th>verdict<\/th><td>not tested: 0 of 3 requirements tested, 3 not applicable<br>nothing was tested: this is not a pass/);
    assert.equal(notTestedProblem(conformanceStatement(input(outcomes))), undefined);
  });

  test('an IUT that failed its hello lacks no capability: it fails, and nothing is N/A for want of one', () => {
    const s = conformanceStatement(input([outcome('up', ['@req:LS-1', '@needs:link'], 'failed')], { iut: { name: 'x', version: '?', capabilities: [], fault: { kind: 'exited', what: 'exited with code 3', stderrTail: '' } } }));
    assert.equal(s.verdict, 'fail');
    assert.equal(s.requirements[0]?.missing, undefined);
  });

  test('a run of a selection is partial, and the statement records the selection', () => {
    assert.equal(isPartial({ tags: '', features: [DEFAULT_FEATURES_DIR] }), false);
    assert.equal(isPartial({ tags: '', features: [DEFAULT_FEATURES_DIR, '/elsewhere/mine'] }), false, '--bundled: the whole suite and more');
    assert.equal(isPartial({ tags: '@req:FO-1', features: [DEFAULT_FEATURES_DIR] }), true);
    assert.equal(isPartial({ tags: '', features: [path.join(DEFAULT_FEATURES_DIR, 'link')] }), true);
    const selection = selectionOf({ tags: '@req:FO-1', features: [path.join(DEFAULT_FEATURES_DIR, 'link')] }, PACKAGE_ROOT);
    assert.deepEqual(selection, { tags: '@req:FO-1', features: ['features/link'] });
    assert.equal(partialText(selection), "partial: only --tags '@req:FO-1' in features/link was run");
    assert.equal(partialText({ tags: '', features: ['features/link/setup.feature:16'] }), 'partial: only features/link/setup.feature:16 was run');
    const s = conformanceStatement(input(outcomes, { selection, partial: true }));
    assert.deepEqual([s.partial, s.selection], [true, selection]);
    assert.match(statementHtml(s), /<th>selection<\/th><td>partial: only --tags &#39;@req:FO-1&#39; in features\/link was run<\/td>/);
    assert.match(statementHtml(conformanceStatement(input(outcomes))), /<th>selection<\/th><td>the whole suite \(features\)<\/td>/);
  });
});

describe('the requirement catalogue', () => {
  test('a row gives its id and its statement; a pipe escaped in a cell stays in it', () => {
    const table = parseRequirementTable('| id | statement | source |\n|---|---|---|\n| AB-1 | one \\| two | x |\n| AB-2a | three | y |\n| AB-1 | again | z |\nprose | not a row\n');
    assert.deepEqual([...table], [
      ['AB-1', 'one | two'],
      ['AB-2a', 'three'],
    ]);
  });

  test('every @req: of the features has a row with a statement in docs/requirements.md', () => {
    const statements = requirementStatements();
    const ids = new Set<string>();
    const walk = (dir: string): void => {
      for (const e of readdirSync(dir, { withFileTypes: true })) {
        const p = path.join(dir, e.name);
        if (e.isDirectory()) walk(p);
        else if (e.name.endsWith('.feature')) for (const m of readFileSync(p, 'utf8').matchAll(/@req:(\S+)/g)) ids.add(m[1]);
      }
    };
    walk(DEFAULT_FEATURES_DIR);
    assert.ok(ids.size > 100, `only ${ids.size} requirements found in the features`);
    const without = [...ids].filter((id) => (statements.get(id) ?? '').length < 20);
    assert.deepEqual(without, [], 'requirements without a statement');
  });
});

describe("the terminal's N/A line", () => {
  const time = (ms: number): { seconds: number; nanos: number } => ({ seconds: 0, nanos: ms * 1e6 });
  /** One skipped scenario of one step, and what the steps attached. */
  function skipped(tags: readonly string[], attached?: string): Envelope[] {
    return [
      { pickle: { id: 'p', uri: 'features/x.feature', location: { line: 3, column: 3 }, name: 'events', language: 'en', steps: [{ id: 'ps', astNodeIds: ['s'], text: 'x' }], tags: tags.map((name) => ({ name, astNodeId: 't' })), astNodeIds: ['sc'] } },
      { testCase: { id: 'c', pickleId: 'p', testSteps: [{ id: 'h', hookId: 'before' }, { id: 'ts', pickleStepId: 'ps' }] } },
      { testCaseStarted: { id: 'st', testCaseId: 'c', attempt: 0, timestamp: time(0) } },
      ...(attached !== undefined ? [{ attachment: { testCaseStartedId: 'st', testStepId: 'h', body: attached, mediaType: 'text/plain', contentEncoding: 'IDENTITY' } } as Envelope] : []),
      { testStepFinished: { testCaseStartedId: 'st', testStepId: 'h', testStepResult: { duration: time(0), status: 'SKIPPED' as TestStepResultStatus }, timestamp: time(1) } },
      { testStepFinished: { testCaseStartedId: 'st', testStepId: 'ts', testStepResult: { duration: time(0), status: 'SKIPPED' as TestStepResultStatus }, timestamp: time(2) } },
      { testCaseFinished: { testCaseStartedId: 'st', timestamp: time(3), willBeRetried: false } },
    ] as Envelope[];
  }
  function terminal(envelopes: readonly Envelope[], iutCapabilities?: readonly string[]): { text: string; outcome: ScenarioOutcome | undefined } {
    let text = '';
    const formatter = new SummaryFormatter({ write: (t: string) => (text += t), color: false, total: 1, ...(iutCapabilities ? { iutCapabilities } : {}) });
    for (const e of envelopes) formatter.onEnvelope(e);
    return { text, outcome: formatter.summary().scenarios[0] };
  }

  test('names the capability the IUT does not declare', () => {
    const { text } = terminal(skipped(['@req:FO-6', '@needs:link', '@needs:fsm-events'], 'not applicable: the implementation under test does not declare fsm-events'), ['link']);
    assert.match(text, /^\[1\/1\] N\/A {3}features\/x\.feature › events {2}@req:FO-6 {2}\(3 ms\)\n {12}N\/A: needs fsm-events, which the IUT does not declare\n$/);
  });

  test('gives the reason the steps attached when no capability is missing, and keeps it in the outcome', () => {
    const why = 'a tester that is a Linux 6.1 kernel cannot play a legacy node (before cad2929dc432)';
    const { text, outcome: o } = terminal(skipped(['@req:NB-4', '@needs:link'], `not applicable: ${why}`), ['link']);
    assert.ok(text.endsWith(` N/A: ${why}\n`), text);
    assert.equal(o?.notApplicable, why);
  });
});

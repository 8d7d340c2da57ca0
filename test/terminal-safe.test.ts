/**
 * Control characters from user text never reach the terminal (cli/terminal-safe.ts): a scenario
 * name or step text with ESC/OSC sequences would set the window title or clear the screen, a
 * carriage return overwrite the line, a bidi override reorder it. The summary lines, the lint's
 * problems and near steps, and the errors name them by their codes instead.
 */
import { strict as assert } from 'node:assert';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { after, before, test } from 'node:test';
import type { Envelope, TestStepResultStatus } from '@cucumber/messages';
import { formatProblems } from '../cli/lint';
import { SummaryFormatter } from '../cli/summary-formatter';
import { terminalSafe } from '../cli/terminal-safe';
import { runCli } from './support/cli';

/** What a terminal acts on: C0 controls but tab and newline, DEL, C1 controls, bidi controls. */
const ACTIVE = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/;
const TITLE = '\u001b]0;pwned\u0007';
const CLEAR = '\u001b[2J\u001b[H';
const RLO = '\u202e';

let scratch = '';

before(() => {
  scratch = mkdtempSync(path.join(tmpdir(), 'tipc-terminal-safe-'));
});

after(() => {
  rmSync(scratch, { recursive: true, force: true });
});

test('controls are shown by their codes, bidi controls as <U+…>; tabs, line breaks and letters stay', () => {
  assert.equal(terminalSafe(`a${TITLE}b`), 'a\\x1b]0;pwned\\x07b');
  assert.equal(terminalSafe(CLEAR), '\\x1b[2J\\x1b[H');
  assert.equal(terminalSafe('ok\rFAIL'), 'ok\\x0dFAIL');
  assert.equal(terminalSafe(`abc${RLO}fed\u2066x\u2069\u009b`), 'abc<U+202E>fed<U+2066>x<U+2069>\\x9b');
  assert.equal(terminalSafe('øå\tx\ny → z'), 'øå\tx\ny → z');
  assert.equal(terminalSafe(terminalSafe(`a${TITLE}`)), terminalSafe(`a${TITLE}`), 'safe text stays as it is');
});

test("the summary line of a scenario with a hostile name, tags, undefined step and failure message is inert", () => {
  const time = (ms: number): { seconds: number; nanos: number } => ({ seconds: 0, nanos: ms * 1e6 });
  const envelopes = [
    { gherkinDocument: { uri: `features/x${RLO}.feature`, feature: { name: `F${CLEAR}`, children: [] }, comments: [] } },
    {
      pickle: {
        id: 'p',
        uri: `features/x${RLO}.feature`,
        location: { line: 3, column: 3 },
        name: `evil ${TITLE} name ${RLO}txet`,
        language: 'en',
        steps: [
          { id: 'ps1', astNodeIds: ['s1'], text: `node 1 ${CLEAR}binds` },
          { id: 'ps2', astNodeIds: ['s2'], text: 'it fails' },
        ],
        tags: [{ name: `@req:X${TITLE}`, astNodeId: 't' }],
        astNodeIds: ['sc'],
      },
    },
    { testCase: { id: 'c', pickleId: 'p', testSteps: [{ id: 'ts1', pickleStepId: 'ps1' }, { id: 'ts2', pickleStepId: 'ps2' }] } },
    { testCaseStarted: { id: 'st', testCaseId: 'c', attempt: 0, timestamp: time(0) } },
    { testStepFinished: { testCaseStartedId: 'st', testStepId: 'ts1', testStepResult: { duration: time(0), status: 'UNDEFINED' as TestStepResultStatus }, timestamp: time(1) } },
    {
      testStepFinished: {
        testCaseStartedId: 'st',
        testStepId: 'ts2',
        testStepResult: { duration: time(0), status: 'FAILED' as TestStepResultStatus, message: `expected ${TITLE}\nseen \r${RLO}x` },
        timestamp: time(2),
      },
    },
    { testCaseFinished: { testCaseStartedId: 'st', timestamp: time(3), willBeRetried: false } },
  ] as Envelope[];
  let text = '';
  const formatter = new SummaryFormatter({ write: (t: string) => (text += t), color: false, total: 1 });
  for (const e of envelopes) formatter.onEnvelope(e);
  assert.doesNotMatch(text, ACTIVE, JSON.stringify(text));
  assert.match(text, /evil \\x1b\]0;pwned\\x07 name <U\+202E>txet/);
  assert.match(text, /node 1 \\x1b\[2J\\x1b\[Hbinds' is undefined/);
  assert.match(text, /seen \\x0d<U\+202E>x/);
});

test("the lint's problems are inert: file, message and detail", () => {
  const text = formatProblems([{ file: `a${RLO}.feature`, line: 1, column: 2, message: `step '${TITLE}' is undefined`, detail: [`near: ${CLEAR}`] }]);
  assert.doesNotMatch(text, ACTIVE, JSON.stringify(text));
  assert.equal(text, "a<U+202E>.feature:1:2: step '\\x1b]0;pwned\\x07' is undefined\n    near: \\x1b[2J\\x1b[H\n");
});

test('lint and run of a feature file with hostile names and step text print no control to the terminal', async () => {
  const feature = path.join(scratch, 'hostile.feature');
  writeFileSync(
    feature,
    [
      '@needs:naming',
      `Feature: Hostile ${CLEAR}names`,
      '',
      '  @req:NB-1 @iut:1',
      `  Scenario: a title ${TITLE} and ${RLO}reversed`,
      '    Given a cluster of nodes 1 and 2 joined by bearer A',
      `    When node 1 bings the service range {7000, 0, 9} at cluster scope ${TITLE}`,
      '',
    ].join('\n'),
  );
  for (const args of [['lint', feature], ['run', '--no-report', '--features', feature, '--out', path.join(scratch, 'out')]]) {
    const r = await runCli(args, scratch);
    assert.equal(r.code, 2, `${args[0]}: ${r.stdout}${r.stderr}`);
    assert.doesNotMatch(r.stdout + r.stderr, ACTIVE, JSON.stringify(r.stdout + r.stderr));
    assert.match(r.stderr, /cluster scope \\x1b\]0;pwned\\x07/, args[0]);
  }
});

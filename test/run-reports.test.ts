/**
 * The run's own reports (cli/run-reports.ts): messages.ndjson, cucumber.html and junit.xml from
 * cucumber's messages. What a run hands them is on disk as the call returns, so that nothing of the
 * start-up (a pickle and a test case per Examples row) is left to write during the scenarios, and
 * cucumber.html is what @cucumber/html-formatter's own stream writes for the same messages.
 */
import { strict as assert } from 'node:assert';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { after, test } from 'node:test';
import { text as streamText } from 'node:stream/consumers';
import { CucumberHtmlStream } from '@cucumber/html-formatter';
import { AstBuilder, GherkinClassicTokenMatcher, Parser, compile } from '@cucumber/gherkin';
import { type Envelope, IdGenerator, TestStepResultStatus } from '@cucumber/messages';
import { REPORT_BLOCK_BYTES, RunReports } from '../cli/run-reports';

const scratch = mkdtempSync(path.join(tmpdir(), 'tipc-run-reports-'));
after(() => rmSync(scratch, { recursive: true, force: true }));

const AT = { seconds: 1, nanos: 0 };

/**
 * The messages cucumber sends before the first scenario of an Outline of `rows` rows: the feature
 * file, then a pickle and a test case per row.
 */
function startMessages(rows: number): Envelope[] {
  const text = ['Feature: F', '  Scenario Outline: row <n>', '    Given a cluster of <n> nodes', '    Examples:', '      | n |', ...Array.from({ length: rows }, (_, i) => `      | ${i} |`)].join('\n');
  const newId = IdGenerator.incrementing();
  const uri = 'features/big.feature';
  const gherkinDocument = { ...new Parser(new AstBuilder(newId), new GherkinClassicTokenMatcher()).parse(text), uri };
  const pickles = compile(gherkinDocument, uri, newId);
  return [
    { testRunStarted: { id: 'run', timestamp: AT } },
    { gherkinDocument },
    ...pickles.map((pickle): Envelope => ({ pickle })),
    ...pickles.map(
      (p, i): Envelope => ({
        testCase: { id: `c${i}`, pickleId: p.id, testRunStartedId: 'run', testSteps: [{ id: `t${i}`, pickleStepId: p.steps[0]?.id ?? '', stepDefinitionIds: ['d'], stepMatchArgumentsLists: [] }] },
      }),
    ),
  ];
}

/** One scenario's messages, a step that passed. */
function scenarioMessages(i: number): Envelope[] {
  const started = `started${i}`;
  return [
    { testCaseStarted: { id: started, testCaseId: `c${i}`, attempt: 0, timestamp: AT } },
    { testStepStarted: { testCaseStartedId: started, testStepId: `t${i}`, timestamp: AT } },
    { testStepFinished: { testCaseStartedId: started, testStepId: `t${i}`, testStepResult: { status: TestStepResultStatus.PASSED, duration: { seconds: 0, nanos: 1 } }, timestamp: AT } },
    { testCaseFinished: { testCaseStartedId: started, timestamp: AT, willBeRetried: false } },
  ];
}

function reportsIn(dir: string): RunReports {
  return new RunReports({ messages: path.join(dir, 'messages.ndjson'), html: path.join(dir, 'cucumber.html'), junit: path.join(dir, 'junit.xml') }, 'suite');
}

/** Bytes of messages.ndjson that `messages` make. */
/** A file's size, 0 if it is not there yet. */
function sizeOf(file: string): number {
  try {
    return statSync(file).size;
  } catch {
    return 0;
  }
}

function ndjsonBytes(messages: readonly Envelope[]): number {
  return messages.reduce((n, e) => n + Buffer.byteLength(`${JSON.stringify(e)}\n`), 0);
}

test("what the reports were handed is on disk as the call returns, whatever the plan's size: no start-up is left for the scenarios to write", async () => {
  const kept: string[] = [];
  for (const rows of [1_000, 10_000]) {
    const dir = path.join(scratch, `plan-${rows}`);
    mkdirSync(dir);
    const reports = reportsIn(dir);
    const start = startMessages(rows);
    for (const e of start) reports.onEnvelope(e);
    const handed = ndjsonBytes(start);
    const ndjson = sizeOf(path.join(dir, 'messages.ndjson'));
    const html = sizeOf(path.join(dir, 'cucumber.html'));
    // the HTML holds each message's JSON and a comma, after the page's head
    kept.push(`${rows} rows: ${handed - ndjson} bytes of messages.ndjson and ${handed - html} of cucumber.html not yet on disk`);
    assert.ok(handed - ndjson <= REPORT_BLOCK_BYTES, kept.at(-1));
    assert.ok(html >= handed - REPORT_BLOCK_BYTES, kept.at(-1));

    // a scenario's messages are written as it finishes, at once
    const before = sizeOf(path.join(dir, 'messages.ndjson'));
    const scenario = scenarioMessages(0);
    for (const e of scenario) reports.onEnvelope(e);
    assert.equal(sizeOf(path.join(dir, 'messages.ndjson')), before + (handed - ndjson) + ndjsonBytes(scenario), `${rows} rows: the scenario's messages and all before them are on disk`);
    assert.deepEqual(await reports.close(), []);
  }
});

test('cucumber.html is what @cucumber/html-formatter writes for the same messages, a "<" in them escaped', async () => {
  const messages = [...startMessages(3), ...scenarioMessages(1)];
  const first = messages.find((e) => e.pickle)?.pickle;
  if (first) first.name = 'a </script> in a name';
  messages.push({ testRunFinished: { testRunStartedId: 'run', timestamp: AT, success: true } });
  const dir = path.join(scratch, 'same');
  mkdirSync(dir);
  const reports = reportsIn(dir);
  for (const e of messages) reports.onEnvelope(e);
  assert.deepEqual(await reports.close(), []);
  const library = new CucumberHtmlStream();
  const theirs = streamText(library);
  for (const e of messages) library.write(e);
  library.end();
  const ours = readFileSync(path.join(dir, 'cucumber.html'), 'utf8');
  assert.ok(!ours.includes('</script> in a name'), 'the name\'s "<" is escaped');
  assert.equal(ours, await theirs);
  const junit = readFileSync(path.join(dir, 'junit.xml'), 'utf8');
  assert.match(junit, /<testsuite name="suite" [^>]*tests="1"/, `junit.xml holds the one scenario that ran:\n${junit}`);
});

test('a report that cannot be written is a problem of close(), the others are written', async () => {
  const dir = path.join(scratch, 'missing');
  mkdirSync(dir);
  const reports = new RunReports({ messages: path.join(dir, 'messages.ndjson'), html: path.join(dir, 'no', 'cucumber.html'), junit: path.join(dir, 'junit.xml') }, 'suite');
  for (const e of [...startMessages(2), ...scenarioMessages(0)]) reports.onEnvelope(e);
  const problems = await reports.close('interrupted by SIGINT');
  assert.equal(problems.length, 1, problems.join('\n'));
  assert.match(problems[0] ?? '', /^could not write cucumber\.html: ENOENT/);
  const last = readFileSync(path.join(dir, 'messages.ndjson'), 'utf8').trimEnd().split('\n').at(-1) ?? '';
  const finished = (JSON.parse(last) as Envelope).testRunFinished;
  assert.deepEqual([finished?.success, finished?.message], [false, 'interrupted by SIGINT'], `the last message says why the run stopped: ${last}`);
});

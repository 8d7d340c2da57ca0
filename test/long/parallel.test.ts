/**
 * `run --parallel N` and `certify --parallel N` (cli/parallel.ts): cucumber's workers load the
 * step definitions themselves, and the run must come out as a serial run does: the same verdict
 * per scenario (by name and Outline row), the same exit code, the same reports (junit test cases,
 * Allure results with their labels and attachments, traces, pcaps, charts, the conformance
 * statement). A small set of features: a Scenario Outline, known kernel bugs and scenarios that
 * the pre-half-failover-fix profile fails.
 */
import { strict as assert } from 'node:assert';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { Envelope, GherkinDocument, Pickle } from '@cucumber/messages';
import type { IRunConfiguration } from '@cucumber/cucumber/api';
import { RunWatcher } from '../../cli/allure-reporter';
import { SummaryFormatter } from '../../cli/summary-formatter';
import { LONG_FIRST_PLUGIN, MAX_WORKERS, longFirst, parseParallel, withWorkers, workerCount } from '../../cli/parallel';
import { type CliResult, PACKAGE_ROOT, runCli } from '../support/cli';

const FEATURES = ['features/link/half-failover.feature', 'features/naming/synch-point.feature', 'features/link/bundles.feature'];
const REFERENCE_IUT = `process:node ${path.join(PACKAGE_ROOT, 'bin', 'tipc-reference-iut.js')} --profile fixed`;

let scratch = '';
/** certify on FEATURES in the run's own process: what the runs with workers are held against. */
let serialRun: Promise<CliResult> | undefined;

before(() => {
  scratch = mkdtempSync(path.join(tmpdir(), 'tipc-parallel-test-'));
});

after(async () => {
  await serialRun;
  rmSync(scratch, { recursive: true, force: true });
});

function serial(): Promise<CliResult> {
  serialRun ??= run('certify', 'serial');
  return serialRun;
}

function show(r: CliResult): string {
  return `exit ${r.code}\n--- stdout\n${r.stdout}\n--- stderr\n${r.stderr}`;
}

function run(command: 'run' | 'certify', out: string, ...args: string[]): Promise<CliResult> {
  return runCli([command, '--no-report', '--features', ...FEATURES, '--out', path.join(scratch, out), ...args]);
}

function envelopes(out: string): Envelope[] {
  return readFileSync(path.join(scratch, out, 'messages.ndjson'), 'utf8')
    .split('\n')
    .filter((line) => line !== '')
    .map((line) => JSON.parse(line) as Envelope);
}

/** The line of a pickle's scenario, or of its Examples row. */
function pickleLine(doc: GherkinDocument | undefined, pickle: Pickle): number | undefined {
  const [scenarioId, rowId] = pickle.astNodeIds;
  for (const child of doc?.feature?.children ?? []) {
    const sc = child.scenario;
    if (sc?.id !== scenarioId) continue;
    const row = sc.examples.flatMap((e) => e.tableBody).find((r) => r.id === rowId);
    return (row ?? sc).location.line;
  }
  return undefined;
}

interface ScenarioRun {
  /** The first step status that is not PASSED, or PASSED. */
  readonly status: string;
  readonly tags: readonly string[];
  /** The worker that ran it, undefined for the run's own process. */
  readonly workerId: string | undefined;
}

/** Every scenario of a run's messages.ndjson, keyed `FILE:LINE NAME` (LINE the Outline row's). */
function scenarios(out: string): Map<string, ScenarioRun> {
  const docs = new Map<string, GherkinDocument>();
  const pickles = new Map<string, Pickle>();
  const testCases = new Map<string, string>();
  const started = new Map<string, { pickle: Pickle; workerId: string | undefined; statuses: string[] }>();
  for (const e of envelopes(out)) {
    if (e.gherkinDocument?.uri !== undefined) docs.set(e.gherkinDocument.uri, e.gherkinDocument);
    else if (e.pickle) pickles.set(e.pickle.id, e.pickle);
    else if (e.testCase) testCases.set(e.testCase.id, e.testCase.pickleId);
    else if (e.testCaseStarted) {
      const pickle = pickles.get(testCases.get(e.testCaseStarted.testCaseId) ?? '');
      assert.ok(pickle, `test case ${e.testCaseStarted.testCaseId} of no pickle`);
      started.set(e.testCaseStarted.id, { pickle, workerId: e.testCaseStarted.workerId, statuses: [] });
    } else if (e.testStepFinished) started.get(e.testStepFinished.testCaseStartedId)?.statuses.push(e.testStepFinished.testStepResult.status);
  }
  const result = new Map<string, ScenarioRun>();
  for (const { pickle, workerId, statuses } of started.values()) {
    const key = `${pickle.uri}:${pickleLine(docs.get(pickle.uri), pickle)} ${pickle.name}`;
    assert.ok(!result.has(key), `${key} ran twice`);
    result.set(key, { status: statuses.find((s) => s !== 'PASSED') ?? 'PASSED', tags: pickle.tags.map((t) => t.name), workerId });
  }
  return result;
}

function statuses(runs: ReadonlyMap<string, ScenarioRun>): Map<string, string> {
  return new Map([...runs].map(([key, r]) => [key, r.status]));
}

/** The terminal's scenario lines without the progress counter and the duration, sorted; and the closing line. */
function terminal(r: CliResult): { readonly lines: string[]; readonly closing: string | undefined } {
  const lines = r.stdout
    .split('\n')
    .filter((line) => /^\[\s*\d+\/\d+\] /.test(line))
    .map((line) => line.replace(/^\[\s*\d+\/\d+\] /, '').replace(/ {2}\([\d.]+ m?s\)$/, ''))
    .sort();
  return { lines, closing: /^conformance: .*$/m.exec(r.stdout)?.[0] };
}

/** junit.xml's test cases: class, name and whether it failed, sorted. */
function junitCases(out: string): string[] {
  const xml = readFileSync(path.join(scratch, out, 'junit.xml'), 'utf8');
  const cases = [...xml.matchAll(/<testcase classname="([^"]*)" name="([^"]*)"[^>]*>([\s\S]*?)<\/testcase>/g)];
  return cases.map(([, cls, name, body]) => `${cls} | ${name} | ${/<failure/.test(body ?? '') ? 'failure' : /<skipped/.test(body ?? '') ? 'skipped' : 'pass'}`).sort();
}

interface AllureStep {
  readonly attachments?: readonly { readonly name: string }[];
  readonly steps?: readonly AllureStep[];
}
interface AllureResult extends AllureStep {
  readonly fullName: string;
  readonly status: string;
  readonly parameters: readonly { readonly name: string; readonly value: string }[];
  readonly labels: readonly { readonly name: string; readonly value: string }[];
}

function attachmentNames(step: AllureStep): string[] {
  return [...(step.attachments ?? []).map((a) => a.name), ...(step.steps ?? []).flatMap(attachmentNames)];
}

/**
 * Each Allure result: its name and Outline parameters, status, labels (not the host's and
 * thread's, which name the worker) and the names of its attachments; sorted.
 */
function allureResults(out: string): string[] {
  const dir = path.join(scratch, out, 'allure-results');
  return readdirSync(dir)
    .filter((f) => f.endsWith('-result.json'))
    .map((f) => JSON.parse(readFileSync(path.join(dir, f), 'utf8')) as AllureResult)
    .map((r) =>
      JSON.stringify({
        name: r.fullName,
        parameters: r.parameters,
        status: r.status,
        labels: r.labels.filter((l) => l.name !== 'host' && l.name !== 'thread').map((l) => `${l.name}=${l.value}`).sort(),
        attachments: attachmentNames(r).sort(),
      }),
    )
    .sort();
}

function filesIn(out: string, folder: string): string[] {
  return readdirSync(path.join(scratch, out, folder)).sort();
}

interface Statement {
  readonly verdict: string;
  readonly requirements: readonly unknown[];
}

function statement(out: string): Statement {
  const s = JSON.parse(readFileSync(path.join(scratch, out, 'conformance-statement.json'), 'utf8')) as Statement;
  return { verdict: s.verdict, requirements: s.requirements };
}

describe('--parallel N', () => {
  test('certify --parallel 2 comes out as the serial run: verdicts, exit code, every report', async () => {
    const [inOwnProcess, parallel] = await Promise.all([serial(), run('certify', 'parallel', '--parallel', '2')]);
    assert.equal(inOwnProcess.code, 0, show(inOwnProcess));
    assert.equal(parallel.code, inOwnProcess.code, show(parallel));
    assert.match(parallel.stdout, /^tipc-conformance \S+: 14 scenarios, .*, 2 workers\n/, show(parallel));

    const inProcess = scenarios('serial');
    const inWorkers = scenarios('parallel');
    assert.equal(inProcess.size, 14);
    assert.deepEqual(statuses(inWorkers), statuses(inProcess));
    assert.ok([...inProcess.values()].every((r) => r.workerId === undefined), 'the serial run ran its scenarios in its own process');
    assert.ok([...inWorkers.values()].every((r) => r.workerId !== undefined), 'the parallel run ran every scenario in a worker');
    // the set has what it is meant to cover: known bugs (FAILED), Outline rows
    assert.ok([...inProcess.values()].some((r) => r.status === 'FAILED' && r.tags.some((t) => t.startsWith('@known-bug:'))));
    assert.ok([...inProcess.keys()].filter((k) => k.includes('A bundle with a broken message')).length >= 3);

    assert.deepEqual(terminal(parallel), terminal(inOwnProcess));
    assert.deepEqual(junitCases('parallel'), junitCases('serial'));
    assert.deepEqual(allureResults('parallel'), allureResults('serial'));
    // the same seed: every trace, pcap and chart byte for byte
    for (const folder of ['traces', 'pcaps', 'charts']) {
      assert.deepEqual(filesIn('parallel', folder), filesIn('serial', folder), folder);
      for (const file of filesIn('serial', folder)) {
        const read = (out: string): Buffer => readFileSync(path.join(scratch, out, folder, file));
        assert.ok(read('parallel').equals(read('serial')), `${folder}/${file} differs`);
      }
    }
    assert.deepEqual(statement('parallel'), statement('serial'));
  });

  test('a scenario the IUT fails still fails the run: exit 1, exactly the scenarios its profile brings back', async () => {
    const r = await run('run', 'profile', '--parallel', '2', '--iut', 'reference:pre-half-failover-fix');
    assert.equal(r.code, 1, show(r));
    const runs = scenarios('profile');
    const failed = [...runs].filter(([, s]) => s.status === 'FAILED').map(([key]) => key).sort();
    const catching = [...runs].filter(([, s]) => s.tags.includes('@catches:pre-half-failover-fix')).map(([key]) => key).sort();
    assert.ok(catching.length > 0);
    // the known bugs of synch-point.feature fail under every profile that models Linux 6.1's naming
    const knownBugs = [...runs].filter(([, s]) => s.status === 'FAILED' && s.tags.some((t) => t.startsWith('@known-bug:'))).map(([key]) => key);
    assert.deepEqual(failed, [...new Set([...catching, ...knownBugs])].sort());
    assert.match(r.stdout, /\nconformance: \d+ passed, [1-9]\d* failed/);
  });

  test('a process IUT in the workers: the verdicts of the reference in the run\u2019s process, each scenario\u2019s IUT log kept', async () => {
    const [inOwnProcess, viaProcess] = await Promise.all([
      serial(),
      runCli(['run', '--no-report', '--parallel', '2', '--features', FEATURES[0] ?? '', '--tags', '@req:FO-1 or @req:FO-6', '--iut', REFERENCE_IUT, '--out', path.join(scratch, 'process')]),
    ]);
    assert.equal(inOwnProcess.code, 0, show(inOwnProcess));
    assert.equal(viaProcess.code, 0, show(viaProcess));
    const got = statuses(scenarios('process'));
    assert.equal(got.size, 2);
    assert.deepEqual(got, new Map([...statuses(scenarios('serial'))].filter(([key]) => got.has(key))));
    // each scenario's IUT process wrote its stderr under the scenario's name, as its trace is named
    const logs = filesIn('process', 'iut-logs');
    for (const trace of filesIn('process', 'traces')) {
      const slug = trace.replace(/\.trace\.txt(\.gz)?$/, '');
      assert.ok(logs.some((log) => log.startsWith(`${slug}--node`)), `no IUT log of ${slug} in ${logs.join(', ')}`);
    }
  });

  test('--step-timeout reaches the workers', async () => {
    const dir = path.join(scratch, 'slow');
    mkdirSync(path.join(dir, 'support'), { recursive: true });
    writeFileSync(path.join(dir, 'requirements.md'), '| id | statement |\n|---|---|\n| HT-1 | a slow step |\n');
    writeFileSync(path.join(dir, 'slow.feature'), 'Feature: a slow step\n\n  @req:HT-1 @iut:1\n  Scenario: a step that takes 400 ms\n    Given a step that takes 400 ms\n');
    const cucumber = JSON.stringify(require.resolve('@cucumber/cucumber'));
    writeFileSync(
      path.join(dir, 'support', 'steps.js'),
      `const { Given } = require(${cucumber});\nGiven('a step that takes {int} ms', (ms) => new Promise((resolve) => setTimeout(resolve, ms)));\n`,
    );
    // cucumber's own limit, which a worker would have without it, is 5000 ms
    const r = await runCli(['run', '--no-report', '--parallel', '1', '--features', 'slow.feature', '--support', 'support', '--requirements', 'requirements.md', '--out', 'out', '--step-timeout', '100'], dir);
    assert.equal(r.code, 1, show(r));
    assert.match(r.stdout, /1 worker\n/);
    assert.match(r.stdout, /function timed out, ensure the promise resolves within 100 milliseconds/);
  });

  test('a worker that ends before its scenario does: a harness error (exit 2), even beside a failed scenario', async () => {
    const dir = path.join(scratch, 'ends');
    mkdirSync(path.join(dir, 'support'), { recursive: true });
    writeFileSync(path.join(dir, 'requirements.md'), '| id | statement |\n|---|---|\n| HT-1 | a worker ends |\n');
    writeFileSync(
      path.join(dir, 'ends.feature'),
      'Feature: a worker ends\n\n  @req:HT-1 @iut:1\n  Scenario: its step ends the process\n    Given the process ends\n\n' +
        '  @req:HT-1 @iut:1\n  Scenario: a step fails\n    Given a step fails\n',
    );
    const cucumber = JSON.stringify(require.resolve('@cucumber/cucumber'));
    writeFileSync(
      path.join(dir, 'support', 'steps.js'),
      `const { Given } = require(${cucumber});\nGiven('the process ends', () => process.exit(3));\nGiven('a step fails', () => { throw new Error('expected: x'); });\n`,
    );
    const r = await runCli(['run', '--no-report', '--parallel', '2', '--features', 'ends.feature', '--support', 'support', '--requirements', 'requirements.md', '--out', 'out'], dir);
    assert.equal(r.code, 2, show(r));
    assert.match(r.stdout, /FAIL .*a step fails/);
    assert.match(r.stderr, /harness error[^\n]*\n {2}1 of 2 scenarios did not finish: a worker process ended before its scenario did/);
  });

  test('a bad --parallel is a usage error (exit 2), and nothing is written', async () => {
    const cases: readonly (readonly [readonly string[], RegExp])[] = [
      [['--parallel', '-1'], /--parallel must be a number of worker processes from 1 to 256, .* got '-1'/],
      [['--parallel', 'x'], /--parallel must be a number .* got 'x'/],
      [['--iut', 'kernel', '--parallel', '2'], /--parallel 2 runs 2 scenarios at once, but kernel nodes .* real time/],
    ];
    const results = await Promise.all(cases.map(([args], i) => runCli(['run', '--out', path.join(scratch, `usage-${i}`), ...args])));
    results.forEach((r, i) => {
      const [args, message] = cases[i] ?? [[], /$^/];
      assert.equal(r.code, 2, `${args.join(' ')}\n${show(r)}`);
      assert.match(r.stderr, message);
      assert.match(r.stderr, /see tipc-conformance run --help/);
      assert.equal(r.stdout, '');
      assert.ok(!existsSync(path.join(scratch, `usage-${i}`)), `${args.join(' ')} wrote its --out`);
    });
  });

  test('run --help says what --parallel does, and that kernel nodes refuse it; diff takes no --parallel', async () => {
    const [runHelp, diffHelp] = await Promise.all([runCli(['run', '--help']), runCli(['diff', '--help'])]);
    assert.equal(runHelp.code, 0, show(runHelp));
    const text = runHelp.stdout.replace(/\s+/g, ' ');
    assert.match(text, /--parallel <N> run scenarios in N worker processes/);
    assert.match(text, /'auto' \(one per CPU\)/);
    assert.match(text, /--iut kernel or --testers kernel/);
    // diff's two runs are its own child processes
    assert.equal(diffHelp.code, 0, show(diffHelp));
    assert.ok(!diffHelp.stdout.includes('--parallel'));
  });
});

describe('parseParallel, workerCount, longFirst', () => {
  test('a number of workers, auto for one per CPU, 0 for none', () => {
    assert.equal(parseParallel('2', false, 8), 2);
    assert.equal(parseParallel('auto', false, 8), 8);
    assert.equal(parseParallel('0', false, 8), 0);
    assert.equal(parseParallel(String(MAX_WORKERS), false, 8), MAX_WORKERS);
    for (const bad of ['-1', 'x', '1.5', '', ' 2', String(MAX_WORKERS + 1), 'AUTO']) assert.equal(typeof parseParallel(bad, false, 8), 'object', bad);
  });

  test('kernel nodes: at most one worker', () => {
    assert.equal(parseParallel('1', true, 8), 1);
    assert.equal(parseParallel('0', true, 8), 0);
    assert.equal(typeof parseParallel('2', true, 8), 'object');
    assert.equal(typeof parseParallel('auto', true, 8), 'object');
    assert.equal(parseParallel('auto', true, 1), 1);
  });

  test('no more workers than scenarios, none when not asked for', () => {
    assert.equal(workerCount(0, 100), 0);
    assert.equal(workerCount(4, 100), 4);
    assert.equal(workerCount(4, 3), 3);
    assert.equal(workerCount(4, 0), 1);
  });

  test('a run with workers hands out the @long scenarios first, the rest in their order', () => {
    const p = (name: string, ...tags: string[]): { name: string; pickle: { tags: { name: string }[] } } => ({ name, pickle: { tags: tags.map((t) => ({ name: t })) } });
    const ordered = longFirst([p('a'), p('b', '@req:NB-5', '@long'), p('c', '@longer'), p('d', '@long')]);
    assert.deepEqual(
      ordered.map((x) => x.name),
      ['b', 'd', 'a', 'c'],
    );
  });

  test('withWorkers: parallel and the ordering plugin only when there are workers', () => {
    const config = { runtime: { parallel: 0 }, plugins: { specifiers: ['./theirs.js'], options: { x: 1 } } } as unknown as IRunConfiguration;
    assert.deepEqual(withWorkers(config, 0), { runtime: config.runtime, plugins: config.plugins });
    const two = withWorkers(config, 2);
    assert.equal(two.runtime.parallel, 2);
    assert.deepEqual(two.plugins, { specifiers: ['./theirs.js', LONG_FIRST_PLUGIN], options: { x: 1 } });
  });
});

describe("the Allure watcher follows each scenario's messages when scenarios interleave", () => {
  const ts = { seconds: 0, nanos: 0 };
  const feed = (watcher: RunWatcher, ...messages: object[]): void => {
    for (const m of messages) watcher.onEnvelope(m as Envelope);
  };

  test('a hook that failed in one scenario makes that scenario broken, not the one that started after it', () => {
    const watcher = new RunWatcher(PACKAGE_ROOT, []);
    feed(
      watcher,
      { hook: { id: 'h', type: 'AFTER_TEST_CASE', sourceReference: { uri: 'steps/support/hooks.ts', location: { line: 69 } } } },
      { pickle: { id: 'pa', uri: 'features/a.feature', name: 'a', tags: [], steps: [], astNodeIds: [] } },
      { pickle: { id: 'pb', uri: 'features/b.feature', name: 'b', tags: [], steps: [], astNodeIds: [] } },
      { testCase: { id: 'ta', pickleId: 'pa', testSteps: [{ id: 'ta-hook', hookId: 'h' }] } },
      { testCase: { id: 'tb', pickleId: 'pb', testSteps: [{ id: 'tb-hook', hookId: 'h' }] } },
      { testCaseStarted: { id: 'A', testCaseId: 'ta', attempt: 0, timestamp: ts, workerId: '0' } },
      { testCaseStarted: { id: 'B', testCaseId: 'tb', attempt: 0, timestamp: ts, workerId: '1' } },
      { testStepFinished: { testCaseStartedId: 'A', testStepId: 'ta-hook', testStepResult: { status: 'FAILED', message: 'boom', exception: { type: 'Error', message: 'boom' }, duration: ts }, timestamp: ts } },
      { testCaseFinished: { testCaseStartedId: 'A', timestamp: ts, willBeRetried: false } },
    );
    const a: { status: string; statusDetails: { message?: string }; labels: [] } = { status: 'passed', statusDetails: {}, labels: [] };
    watcher.listener.beforeTestResultWrite(a);
    assert.equal(a.status, 'broken');
    assert.match(a.statusDetails.message ?? '', /^after test case hook \(steps\/support\/hooks.ts:69\) failed: boom/);

    feed(watcher, { testCaseFinished: { testCaseStartedId: 'B', timestamp: ts, willBeRetried: false } });
    const b = { status: 'passed', statusDetails: {}, labels: [] };
    watcher.listener.beforeTestResultWrite(b);
    assert.equal(b.status, 'passed');
  });

  test("a step's expected/seen failure is failed, by the class of its own scenario's error", () => {
    const watcher = new RunWatcher(PACKAGE_ROOT, []);
    feed(
      watcher,
      { pickle: { id: 'pa', uri: 'features/a.feature', name: 'a', tags: [], steps: [], astNodeIds: [] } },
      { pickle: { id: 'pb', uri: 'features/b.feature', name: 'b', tags: [], steps: [], astNodeIds: [] } },
      { testCase: { id: 'ta', pickleId: 'pa', testSteps: [{ id: 'sa', pickleStepId: 'x' }] } },
      { testCase: { id: 'tb', pickleId: 'pb', testSteps: [{ id: 'sb', pickleStepId: 'y' }] } },
      { testCaseStarted: { id: 'A', testCaseId: 'ta', attempt: 0, timestamp: ts } },
      { testCaseStarted: { id: 'B', testCaseId: 'tb', attempt: 0, timestamp: ts } },
      { testStepFinished: { testCaseStartedId: 'A', testStepId: 'sa', testStepResult: { status: 'FAILED', exception: { type: 'ExpectationError', message: 'expected: x' }, duration: ts }, timestamp: ts } },
    );
    const stepA = { status: 'broken', statusDetails: {} };
    watcher.listener.beforeStepStop(stepA);
    assert.equal(stepA.status, 'failed');
    feed(watcher, { testStepFinished: { testCaseStartedId: 'B', testStepId: 'sb', testStepResult: { status: 'FAILED', exception: { type: 'TypeError', message: 'x is undefined' }, duration: ts }, timestamp: ts } });
    const stepB = { status: 'broken', statusDetails: {} };
    watcher.listener.beforeStepStop(stepB);
    assert.equal(stepB.status, 'broken');
  });
});

describe('the terminal summary of scenarios that finish out of order', () => {
  test('lines as they finish; the summary, which the statement is made from, in the order of the plan', () => {
    const lines: string[] = [];
    const formatter = new SummaryFormatter({ write: (text) => lines.push(text), color: false, total: 2 });
    const at = (seconds: number): { seconds: number; nanos: number } => ({ seconds, nanos: 0 });
    const messages: object[] = [
      { pickle: { id: 'pa', uri: 'features/a.feature', name: 'first in the plan', tags: [], steps: [], astNodeIds: [] } },
      { pickle: { id: 'pb', uri: 'features/b.feature', name: 'second in the plan', tags: [], steps: [], astNodeIds: [] } },
      { testCase: { id: 'ta', pickleId: 'pa', testSteps: [] } },
      { testCase: { id: 'tb', pickleId: 'pb', testSteps: [] } },
      { testCaseStarted: { id: 'A', testCaseId: 'ta', attempt: 0, timestamp: at(0), workerId: '0' } },
      { testCaseStarted: { id: 'B', testCaseId: 'tb', attempt: 0, timestamp: at(0), workerId: '1' } },
      { testCaseFinished: { testCaseStartedId: 'B', timestamp: at(1), willBeRetried: false } },
      { testCaseFinished: { testCaseStartedId: 'A', timestamp: at(2), willBeRetried: false } },
    ];
    for (const m of messages) formatter.onEnvelope(m as Envelope);
    assert.match(lines[0] ?? '', /^\[1\/2\] PASS .* second in the plan/);
    assert.match(lines[1] ?? '', /^\[2\/2\] PASS .* first in the plan/);
    assert.deepEqual(
      formatter.summary().scenarios.map((s) => s.name),
      ['first in the plan', 'second in the plan'],
    );
  });
});

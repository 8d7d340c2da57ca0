/**
 * An IUT that fails the hello before the run (it dies, writes garbage, answers nonsense) is the
 * implementation's fault, not the harness's: `run` and `certify` exit 1, every selected scenario
 * fails as an IUT fault with that hello's fault (none N/A for want of a capability, none a known
 * kernel bug), no scenario starts the IUT again, and every report is written, the conformance
 * statement with verdict fail and the fault. A command that cannot be started at all (not found,
 * not executable) is still exit 2, with nothing written.
 *
 * The CLI runs are separate processes started before the cases, in a file of their own so that
 * they do not compete with the timing-sensitive cases of process-adapter.test.ts.
 */
import { strict as assert } from 'node:assert';
import { chmodSync, existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { iutStatement } from '../adapters/statement';
import { liveChildren } from '../adapters/process/channel';
import { type CliResult, PACKAGE_ROOT, runCli } from './support/cli';

const FIXTURES = path.join(PACKAGE_ROOT, 'test', 'fixtures', 'iut');
/** Generous: the hello waits for node to start, and the machine may be busy. */
const PATIENT_MS = 8000;

let scratch = '';

function token(name: string): string {
  return `hf-${name}-${process.pid}-${Math.random().toString(36).slice(2, 10)}`;
}

/** Processes whose command line contains `needle` (not this one). */
function processesWith(needle: string): number[] {
  const found: number[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry) || Number(entry) === process.pid) continue;
    try {
      if (readFileSync(`/proc/${entry}/cmdline`, 'utf8').includes(needle)) found.push(Number(entry));
    } catch {
      // ended meanwhile
    }
  }
  return found;
}

function show(r: CliResult): string {
  return `exit ${r.code}\n--- stdout\n${r.stdout}\n--- stderr\n${r.stderr}`;
}

interface PlannedRun {
  readonly out: string;
  readonly tok: string;
  readonly result: Promise<CliResult>;
}

const runs = new Map<string, PlannedRun>();

function startRun(name: string, args: (tok: string, out: string) => string[]): void {
  const tok = token(name);
  const out = path.join(scratch, `out-${name}`);
  runs.set(name, { out, tok, result: runCli(args(tok, out)) });
}

function planned(name: string): PlannedRun {
  const r = runs.get(name);
  assert.ok(r, `run ${name} was not started`);
  return r;
}

/** Three scenarios: one that needs nothing beyond the feature's @needs, one that also needs named-bcast, a known kernel bug. */
const FEATURES = ['features/naming/sequence-control.feature', 'features/naming/synch-point.feature'];
const TAGS = '@req:NB-3 or @req:NB-4 or @req:NB-8';
const SCENARIOS = [
  'A bulk of several messages is applied whole',
  'Bindings from a legacy node are applied as they arrive',
  'A peer whose sequence numbers are in the upper half of the 16-bit range when a node joins',
];
const DIES = /implementation under test: exited: exited with code 7 \(while answering hello before the run\)/;

before(() => {
  scratch = mkdtempSync(path.join(tmpdir(), 'tipc-hello-fault-'));
  // --once: only the first process dies; were a scenario to start the IUT again, it would pass
  const marker = path.join(scratch, 'died-once');
  startRun('dies', (tok, out) => [
    'run', '--no-report', '--iut', `process:node test/fixtures/iut/dies-at-start.js --once '${marker}' --token ${tok}`,
    '--features', ...FEATURES, '--tags', TAGS, '--out', out,
  ]);
  startRun('banner', (tok, out) => [
    'certify', '--no-report', '--iut', `process:node test/fixtures/iut/banner.js --token ${tok}`,
    '--features', FEATURES[0] ?? '', '--tags', '@req:NB-3 or @req:NB-4', '--out', out,
  ]);
  startRun('not-found', (_tok, out) => ['run', '--no-report', '--iut', 'process:/nonexistent/tipc-iut --verbose', '--features', FEATURES[0] ?? '', '--out', out]);
  const notExecutable = path.join(scratch, 'not-executable-iut');
  writeFileSync(notExecutable, '#!/bin/sh\nexit 0\n');
  chmodSync(notExecutable, 0o644);
  startRun('not-executable', (_tok, out) => ['certify', '--no-report', '--iut', `process:${notExecutable}`, '--features', FEATURES[0] ?? '', '--out', out]);
});

after(async () => {
  await Promise.all([...runs.values()].map((r) => r.result));
  if (scratch !== '') rmSync(scratch, { recursive: true, force: true });
});

/** An Allure category as categories.json gives it (a Java regex, matched against the whole message). */
interface Category {
  readonly name: string;
  readonly matchedStatuses: readonly string[];
  readonly messageRegex?: string;
}

/** The category Allure files a result under: the first that matches its status and message. */
function allureCategory(categories: readonly Category[], status: string, message: string): string | undefined {
  return categories.find((c) => {
    if (!c.matchedStatuses.includes(status)) return false;
    if (c.messageRegex === undefined) return true;
    const dotAll = c.messageRegex.startsWith('(?s)');
    return new RegExp(`^(?:${dotAll ? c.messageRegex.slice(4) : c.messageRegex})$`, dotAll ? 's' : '').test(message);
  })?.name;
}

describe('the hello before the run, asked directly', () => {
  test('an IUT that answers its hello with nonsense: a statement that carries the fault, not an exception', async () => {
    const s = await iutStatement({ kind: 'process', argv: [process.execPath, path.join(FIXTURES, 'protocol.js'), '--mode', 'wrong-id', '--on', 'hello'] }, PATIENT_MS);
    assert.equal(s.fault?.kind, 'protocol', JSON.stringify(s));
    assert.match(s.fault?.what ?? '', /^answered hello before the run with reply id 1001 does not answer request 1 \(hello\)/);
    assert.deepEqual(s.capabilities, [], 'it declared nothing');
    assert.deepEqual(liveChildren(), []);
  });
});

describe('through the CLI', { concurrency: true }, () => {
  test('an IUT that dies before its hello: exit 1, every scenario FAIL as an IUT fault, every report written, no scenario starts it again', async () => {
    const run = planned('dies');
    const r = await run.result;
    assert.equal(r.code, 1, show(r));
    assert.equal(r.stderr, '', `an IUT fault is not a harness error\n${show(r)}`);
    assert.match(r.stdout, /the implementation under test did not introduce itself/);
    const lines = r.stdout.split('\n');
    for (const name of SCENARIOS) {
      const at = lines.findIndex((l) => /^\[\d\/3\] FAIL {2}/.test(l) && l.includes(` › ${name}  @req:`));
      assert.ok(at >= 0, `${name} is not FAIL\n${show(r)}`);
      const detail = lines.slice(at + 1, at + 8).join('\n');
      assert.match(detail, DIES, `${name}\n${detail}`);
      assert.match(detail, /its stderr ends:\n\s+\| dies-at-start\.js: cannot open my configuration, exit code 7/);
    }
    assert.doesNotMatch(r.stdout, /^\[\d\/3\] (N\/A|KNOWN)/m, 'capabilities unknown: none N/A; an IUT fault is no known kernel bug');
    assert.match(r.stdout, /\nconformance: 0 passed, 3 failed\n/);

    // the cucumber messages: every scenario has a failed step, and it failed with the hello's fault
    const envelopes = readFileSync(path.join(run.out, 'messages.ndjson'), 'utf8').trim().split('\n').map((l) => JSON.parse(l) as Record<string, any>);
    const failed = envelopes.filter((e) => e.testStepFinished?.testStepResult?.status === 'FAILED').map((e) => e.testStepFinished.testStepResult);
    assert.equal(failed.length, 3, 'one failed step per scenario');
    for (const f of failed) {
      assert.equal(f.exception?.type, 'IutFault');
      assert.match(f.exception?.message ?? '', DIES);
      assert.doesNotMatch(f.exception?.message ?? '', /^known kernel bug/);
    }
    assert.equal(envelopes.filter((e) => e.testCaseFinished).length, 3);

    const junit = readFileSync(path.join(run.out, 'junit.xml'), 'utf8');
    assert.match(junit, /tests="3"/);
    assert.match(junit, /failures="3"/);
    assert.equal(junit.match(/<failure type="IutFault" message="implementation under test: exited: exited with code 7 \(while answering hello before the run\)/g)?.length, 3, junit);
    assert.ok(existsSync(path.join(run.out, 'cucumber.html')));

    // Allure: every result filed under "IUT fault"
    const results = path.join(run.out, 'allure-results');
    const categories = JSON.parse(readFileSync(path.join(results, 'categories.json'), 'utf8')) as Category[];
    const files = readdirSync(results).filter((f) => f.endsWith('-result.json'));
    assert.equal(files.length, 3);
    for (const file of files) {
      const result = JSON.parse(readFileSync(path.join(results, file), 'utf8')) as { status: string; statusDetails?: { message?: string } };
      const message = result.statusDetails?.message ?? '';
      assert.match(message, DIES);
      assert.match(allureCategory(categories, result.status, message) ?? '', /^IUT fault/, `${file}: ${result.status}: ${message}`);
    }

    // fail fast: the process of the hello died once; no scenario started another (it would have passed)
    assert.ok(Number(readFileSync(path.join(scratch, 'died-once'), 'utf8')) > 0);
    assert.deepEqual(existsSync(path.join(run.out, 'iut-logs')) ? readdirSync(path.join(run.out, 'iut-logs')) : [], [], 'no IUT process per scenario');
    assert.deepEqual(processesWith(run.tok), []);
  });

  test('certify an IUT that prints a banner before its hello: exit 1, the statement written with verdict fail and the fault', async () => {
    const run = planned('banner');
    const r = await run.result;
    assert.equal(r.code, 1, show(r));
    assert.equal(r.stderr, '', show(r));
    const garbage = /implementation under test: garbage: answered hello before the run with not JSON: my-tipc 0\.1\.0 starting \(debug build\)/;
    assert.match(r.stdout, garbage);
    assert.match(r.stdout, /\[1\/2\] FAIL {2}.*@req:NB-3/, show(r));
    assert.match(r.stdout, /\[2\/2\] FAIL {2}.*@req:NB-4/, show(r));
    assert.match(r.stdout, /\nconformance: 0 passed, 2 failed\n/);
    assert.match(r.stdout, /\(verdict: fail, 2 of 2 requirements tested; partial: only --tags '[^']*' in features\/naming\/sequence-control\.feature was run\)/);

    const statement = JSON.parse(readFileSync(path.join(run.out, 'conformance-statement.json'), 'utf8')) as Record<string, any>;
    assert.equal(statement.verdict, 'fail');
    assert.equal(statement.iut.spec, `process:node test/fixtures/iut/banner.js --token ${run.tok}`);
    assert.equal(statement.iut.fault?.kind, 'garbage', JSON.stringify(statement.iut));
    assert.match(statement.iut.fault?.what ?? '', /^answered hello before the run with not JSON: my-tipc 0\.1\.0 starting/);
    assert.match(statement.iut.fault?.stderrTail ?? '', /banner\.js: printed my banner on stdout/);
    assert.deepEqual(
      statement.requirements.map((q: { id: string; verdict: string }) => [q.id, q.verdict]),
      [
        ['NB-3', 'fail'],
        ['NB-4', 'fail'],
      ],
    );
    const html = readFileSync(path.join(run.out, 'conformance-statement.html'), 'utf8');
    assert.match(html, /implementation under test: garbage: answered hello before the run with not JSON: my-tipc 0\.1\.0 starting/);
    for (const file of ['messages.ndjson', 'junit.xml', 'cucumber.html', 'allure-results/categories.json']) {
      assert.ok(existsSync(path.join(run.out, file)), file);
    }
    assert.deepEqual(processesWith(run.tok), []);
  });

  test('a command that does not exist: exit 2, saying it cannot be started, nothing written', async () => {
    const run = planned('not-found');
    const r = await run.result;
    assert.equal(r.code, 2, show(r));
    assert.match(r.stderr, /cannot start the implementation under test \/nonexistent\/tipc-iut: not found \(spawn \/nonexistent\/tipc-iut ENOENT\)/, show(r));
    assert.doesNotMatch(r.stderr, /harness error|while answering/, show(r));
    assert.ok(!existsSync(run.out), 'nothing written');
  });

  test('a command that is not executable: exit 2, saying so, nothing written', async () => {
    const run = planned('not-executable');
    const r = await run.result;
    assert.equal(r.code, 2, show(r));
    assert.match(r.stderr, /cannot start the implementation under test \S+not-executable-iut: not executable \(spawn \S+ EACCES\)/, show(r));
    assert.ok(!existsSync(run.out), 'nothing written');
  });
});

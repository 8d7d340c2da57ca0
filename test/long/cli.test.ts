/**
 * The command line, end to end through bin/tipc-conformance.js (child processes), with its own
 * throw-away features and step definitions so it does not depend on the real features/steps.
 */
import { strict as assert } from 'node:assert';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { IutSpecError, parseIutSpec } from '../../adapters/iut-spec';
import { PROFILE_NAMES } from '../../reference/profiles';
import { featureFolder } from '../../cli/allure-reporter';
import { shownPath } from '../../steps/support/paths';
import { type CliResult, PACKAGE_ROOT, runCli } from '../support/cli';
import type { ConformanceStatement as Statement } from '../../cli/certify';

const VERSION = (JSON.parse(readFileSync(path.join(PACKAGE_ROOT, 'package.json'), 'utf8')) as { version: string }).version;

type Result = CliResult;

let scratch = '';

function cli(args: readonly string[], cwd = scratch): Promise<Result> {
  return runCli(args, cwd);
}

/** `run` on the scratch features and step definitions, writing to `out` (no Allure HTML: Java is slow to start). */
function runOwn(out: string, ...args: string[]): Promise<Result> {
  return cli(['run', '--no-report', '--features', 'features', '--support', 'support', '--requirements', 'requirements.md', '--out', out, ...args]);
}

interface AllureResult {
  readonly name: string;
  readonly status: string;
  readonly labels: readonly { readonly name: string; readonly value: string }[];
  readonly titlePath?: readonly string[];
  readonly statusDetails?: { readonly message?: string };
}

function allureResults(out: string): AllureResult[] {
  const dir = path.join(out, 'allure-results');
  return readdirSync(dir)
    .filter((f) => f.endsWith('-result.json'))
    .map((f) => JSON.parse(readFileSync(path.join(dir, f), 'utf8')) as AllureResult);
}

function labelOf(result: AllureResult, name: string): string | undefined {
  return result.labels.find((l) => l.name === name)?.value;
}

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

function show(r: Result): string {
  return `exit ${r.code}\n--- stdout\n${r.stdout}\n--- stderr\n${r.stderr}`;
}

const FEATURE = `Feature: Harness self-test

  @req:HT-1 @iut:1
  Scenario: a passing scenario
    Given the value 1
    Then the value is 1

  @req:HT-2 @iut:1,2 @fragile
  Scenario: a scenario that fails under one profile
    Given the value 1
    Then the value is 1 unless the IUT is reference:pre-half-failover-fix
`;

const SLOW_FEATURE = `Feature: Harness self-test, a slow step

  @req:HT-1 @iut:1
  Scenario: a step that takes 400 ms
    Given a step that takes 400 ms
`;

const UNDEFINED_FEATURE = `Feature: Harness self-test, undefined step

  Scenario: a step nobody defined
    Given the value 1
    Then something no step definition matches
`;

function stepsSource(): string {
  const cucumber = JSON.stringify(require.resolve('@cucumber/cucumber'));
  return `'use strict';
const { Given, Then, After } = require(${cucumber});
const assert = require('node:assert/strict');
const fs = require('node:fs');
const path = require('node:path');
Given('the value {int}', function (n) { this.value = n; });
Then('the value is {int}', function (n) { assert.equal(this.value, n); });
Given('a step that takes {int} ms', function (ms) { return new Promise((resolve) => setTimeout(resolve, ms)); });
Then('the value is {int} unless the IUT is {word}', function (n, iut) {
  if (this.parameters.iut.kind + ':' + this.parameters.iut.profile === iut) {
    assert.fail('expected node 2 to prepare drop_point, saw only a dummy FAILOVER_MSG');
  }
  assert.equal(this.value, n);
});
After(function (scenario) {
  const dir = path.join(this.parameters.out, 'traces');
  fs.mkdirSync(dir, { recursive: true });
  fs.writeFileSync(path.join(dir, scenario.pickle.name.replace(/\\W+/g, '-') + '.trace.txt'),
    JSON.stringify(this.parameters) + '\\n');
});
`;
}

before(() => {
  scratch = mkdtempSync(path.join(tmpdir(), 'tipc-cli-test-'));
  mkdirSync(path.join(scratch, 'features'));
  mkdirSync(path.join(scratch, 'undefined'));
  mkdirSync(path.join(scratch, 'slow'));
  writeFileSync(path.join(scratch, 'slow', 'slow.feature'), SLOW_FEATURE);
  mkdirSync(path.join(scratch, 'support'));
  writeFileSync(path.join(scratch, 'features', 'self-test.feature'), FEATURE);
  writeFileSync(path.join(scratch, 'undefined', 'undefined.feature'), UNDEFINED_FEATURE);
  writeFileSync(path.join(scratch, 'support', 'steps.js'), stepsSource());
  writeFileSync(path.join(scratch, 'requirements.md'), '| id | statement |\n|---|---|\n| HT-1 | passes |\n| HT-2 | fails under one profile |\n');
});

after(() => {
  if (scratch !== '') rmSync(scratch, { recursive: true, force: true });
});

describe('help and version', () => {
  test('--help exits 0 and names the run command', async () => {
    const r = await cli(['--help']);
    assert.equal(r.code, 0, show(r));
    assert.match(r.stdout, /tipc-conformance run/);
    assert.match(r.stdout, /--version/);
  });

  test('run --help exits 0 and explains every option, the profiles and exit codes', async () => {
    const r = await cli(['run', '--help']);
    assert.equal(r.code, 0, show(r));
    for (const option of ['--iut', '--tags', '--seed', '--out', '--features', '--help']) {
      assert.ok(r.stdout.includes(option), `run --help does not mention ${option}\n${r.stdout}`);
    }
    for (const profile of PROFILE_NAMES) {
      assert.ok(r.stdout.includes(profile), `run --help does not list profile ${profile}`);
    }
    assert.match(r.stdout, /Examples:/);
    assert.match(r.stdout, /Exit codes:/);
    assert.equal(r.stderr, '');
  });

  test("every command's --help lists every option it takes", async () => {
    const runOptions = ['--iut', '--testers', '--tags', '--seed', '--out', '--features', '--bundled', '--no-report', '--step-timeout', '--iut-timeout', '--scenario-timeout', '--support', '--requirements'];
    const commands: readonly (readonly [readonly string[], readonly string[]])[] = [
      [['run'], [...runOptions, '--strict']],
      [['certify'], [...runOptions, '--strict']],
      [['diff'], runOptions],
      [['lint'], ['--features', '--bundled', '--support', '--requirements']],
      [['steps'], ['--format', '--support']],
      [['requirements'], ['--by-capability', '--format', '--features', '--requirements']],
      [['report', 'open'], ['--host', '--port', '--no-browser']],
      [['kernel', 'setup'], ['--cache', '--force']],
    ];
    const results = await Promise.all(commands.map(([words]) => cli([...words, '--help'])));
    commands.forEach(([words, options], i) => {
      const r = results[i];
      assert.equal(r?.code, 0, `${words.join(' ')} --help\n${r ? show(r) : ''}`);
      assert.match(r?.stdout ?? '', new RegExp(`^Usage: tipc-conformance ${words.join(' ')} `));
      for (const option of [...options, '--help']) assert.ok(r?.stdout.includes(option), `${words.join(' ')} --help does not mention ${option}`);
      assert.equal(r?.stderr, '');
    });
  });

  test('help run is the same as run --help', async () => {
    const [a, b] = await Promise.all([cli(['help', 'run']), cli(['run', '--help'])]);
    assert.equal(a.code, 0);
    assert.equal(a.stdout, b.stdout);
  });

  test('--version prints the package version', async () => {
    const r = await cli(['--version']);
    assert.equal(r.code, 0, show(r));
    assert.equal(r.stdout.trim(), VERSION);
  });
});

describe('usage errors exit 2, name the problem and write nothing', { concurrency: 2 }, () => {
  const cases: readonly { readonly name: string; readonly args: readonly string[]; readonly message: RegExp }[] = [
    { name: 'unknown option', args: ['--frobnicate'], message: /unknown option '--frobnicate'/ },
    { name: 'missing value', args: ['--seed'], message: /option '--seed <N>' argument missing/ },
    { name: 'value taken by the next option', args: ['--iut', '--seed', '3'], message: /--iut needs a value/ },
    { name: 'seed not a number', args: ['--seed', 'abc'], message: /--seed must be an unsigned 32-bit integer.*'abc'/ },
    { name: 'negative seed', args: ['--seed', '-1'], message: /--seed must be an unsigned 32-bit integer.*'-1'/ },
    { name: 'seed above 2^32-1', args: ['--seed=4294967296'], message: /--seed must be an unsigned 32-bit integer.*'4294967296'/ },
    { name: 'fractional seed', args: ['--seed', '1.5'], message: /--seed must be an unsigned 32-bit integer/ },
    {
      name: 'unknown profile',
      args: ['--iut', 'reference:no-such-profile'],
      message: new RegExp(`unknown profile 'no-such-profile'.*valid profiles: ${PROFILE_NAMES.join(', ')}`),
    },
    { name: 'unknown IUT kind', args: ['--iut', 'qemu'], message: /unknown IUT kind 'qemu'/ },
    { name: 'an unknown kernel profile', args: ['--iut', 'kernel:6.1'], message: /--iut: unknown kernel profile '6.1' in 'kernel:6.1'; kernel profiles: pre-half-failover-fix, .*no-stale-drop/ },
    { name: 'a kernel profile only the reference has', args: ['--testers', 'kernel:legacy'], message: /--testers: unknown kernel profile 'legacy'/ },
    { name: '--tipc-patch without a kernel IUT', args: ['--tipc-patch', 'package.json'], message: /--tipc-src and --tipc-patch build the kernel's tipc.ko: they need --iut kernel .*not --iut reference/ },
    { name: 'a missing patch', args: ['--iut', 'kernel', '--tipc-patch', 'no/such.patch'], message: /--tipc-patch: no such file 'no\/such.patch'/ },
    { name: '--tipc-src not a folder', args: ['--iut', 'kernel', '--tipc-src', 'package.json'], message: /--tipc-src: no such folder 'package.json'/ },
    { name: 'unknown testers', args: ['--testers', 'vm'], message: /--testers: unknown testers 'vm'/ },
    { name: 'bad tag expression', args: ['--tags', '@req:FO-1 and'], message: /--tags: .*could not be parsed/ },
    { name: 'unbalanced tag expression', args: ['--tags', '(@a or @b'], message: /--tags: .*could not be parsed/ },
    { name: 'stray argument', args: ['features/x.feature'], message: /unexpected argument 'features\/x.feature'/ },
    { name: 'missing feature path', args: ['--features', 'no/such/dir'], message: /no such file or folder 'no\/such\/dir'/ },
  ];
  for (const c of cases) {
    test(c.name, async () => {
      const out = path.join(scratch, `out-usage-${c.name.replace(/\W+/g, '-')}`);
      const r = await cli(['run', '--out', out, ...c.args]);
      assert.equal(r.code, 2, show(r));
      const lines = r.stderr.trimEnd().split('\n');
      assert.equal(lines.length, 2, `expected a one-line reason and a pointer to the help\n${show(r)}`);
      assert.match(lines[0] ?? '', c.message);
      assert.equal(lines[1], 'see tipc-conformance run --help');
      assert.equal(r.stdout, '');
      assert.equal(existsSync(out), false, `${out} was created for a usage error`);
    });
  }

  test("a usage error of another command points at that command's help", async () => {
    const [certify, setup] = await Promise.all([cli(['certify', '--seed', 'x']), cli(['kernel', 'setup', '--bogus'])]);
    assert.equal(certify.code, 2, show(certify));
    assert.equal(certify.stderr, "tipc-conformance: --seed must be an unsigned 32-bit integer (0..4294967295), got 'x'\nsee tipc-conformance certify --help\n");
    assert.equal(setup.code, 2, show(setup));
    assert.equal(setup.stderr, "tipc-conformance: unknown option '--bogus'\nsee tipc-conformance kernel setup --help\n");
    assert.equal(certify.stdout + setup.stdout, '');
  });

  test('unknown command points at the main help', async () => {
    const r = await cli(['frobnicate']);
    assert.equal(r.code, 2, show(r));
    assert.match(r.stderr, /unknown command 'frobnicate'\nsee tipc-conformance --help\n$/);
  });

  test('a tag expression that selects nothing is a usage error, nothing written', async () => {
    const out = path.join(scratch, 'out-no-match');
    const r = await runOwn(out, '--tags', '@req:NOPE-1');
    assert.equal(r.code, 2, show(r));
    assert.match(r.stderr, /no scenario matches --tags '@req:NOPE-1'/);
    assert.equal(existsSync(out), false);
  });
});

describe('runs (own feature and step definitions)', () => {
  test('all pass: exit 0, one line per scenario, closing line, reports written, stale files cleaned', async () => {
    const out = path.join(scratch, 'out-pass');
    mkdirSync(path.join(out, 'traces'), { recursive: true });
    writeFileSync(path.join(out, 'junit.xml'), 'stale');
    writeFileSync(path.join(out, 'traces', 'old-scenario.trace.txt'), 'stale');
    writeFileSync(path.join(out, 'keep-me.txt'), 'not ours');

    const r = await cli(['run', '--features', 'features', '--support', 'support', '--out', out, '--seed', '4242', '--requirements', 'requirements.md']);
    assert.equal(r.code, 0, show(r));
    // The Allure results carry the requirement as a label, and the HTML report was generated.
    assert.ok(existsSync(path.join(out, 'allure-report', 'index.html')), `no Allure HTML report\n${show(r)}`);
    const results = readdirSync(path.join(out, 'allure-results')).filter((f) => f.endsWith('-result.json'));
    assert.equal(results.length, 2, 'an Allure result per scenario');
    const labels = results.flatMap((f) => (JSON.parse(readFileSync(path.join(out, 'allure-results', f), 'utf8')) as { labels: { name: string; value: string }[] }).labels);
    assert.ok(labels.some((l) => l.name === 'requirement' && l.value === 'HT-1'), JSON.stringify(labels));
    assert.match(r.stdout, /seed 4242/);
    assert.match(r.stdout, /PASS .*Harness self-test › a passing scenario {2}@req:HT-1 @iut:1 {2}\(\d+/);
    assert.match(r.stdout, /PASS .*a scenario that fails under one profile {2}@req:HT-2 @iut:1,2 {2}\(/);
    assert.ok(!r.stdout.includes('@fragile'), 'only @req/@iut tags are shown');
    const lines = r.stdout.split('\n');
    const closing = lines.findIndex((line) => line === 'conformance: 2 passed, 0 failed');
    assert.ok(closing >= 0, show(r));
    assert.match(lines[closing + 1] ?? '', new RegExp(`^reports: ${escapeRegExp(out)}`));

    for (const file of ['messages.ndjson', 'cucumber.html', 'junit.xml']) {
      assert.ok(existsSync(path.join(out, file)), `${file} missing`);
    }
    assert.notEqual(readFileSync(path.join(out, 'junit.xml'), 'utf8'), 'stale');
    assert.equal(readFileSync(path.join(out, 'keep-me.txt'), 'utf8'), 'not ours');
    const traces = readdirSync(path.join(out, 'traces')).sort();
    assert.deepEqual(traces, ['a-passing-scenario.trace.txt', 'a-scenario-that-fails-under-one-profile.trace.txt']);
    const params: unknown = JSON.parse(readFileSync(path.join(out, 'traces', traces[0] ?? ''), 'utf8'));
    // The World gets the run's options as the contract's RunParameters, parsed once: the IUT as
    // a structured spec, the capabilities the IUT declared (all, for the reference), the replay
    // command without its --features.
    assert.deepEqual(params, {
      iut: { kind: 'reference', profile: 'fixed' },
      testers: 'reference',
      seed: 4242,
      out,
      capabilities: ['link', 'failover', 'synch', 'naming', 'named-bcast', 'data', 'fsm-events', 'tunnel-drops', 'named-events', 'drop-point', 'link-tolerance', 'link-name', 'virtual-time'],
      iutTimeoutMs: 10000,
      scenarioTimeoutMs: 300000,
      replay: ['tipc-conformance', 'run', '--iut', 'reference', '--seed', '4242'],
    });
  });

  test('a failing scenario: exit 1, the step message indented under its line', async () => {
    const out = path.join(scratch, 'out-fail');
    const r = await runOwn(out, '--iut', 'reference:pre-half-failover-fix');
    assert.equal(r.code, 1, show(r));
    assert.match(r.stdout, /FAIL .*a scenario that fails under one profile/);
    assert.match(r.stdout, /\n {8,}expected node 2 to prepare drop_point, saw only a dummy FAILOVER_MSG\n/);
    assert.match(r.stdout, /\nconformance: 1 passed, 1 failed\n/);
    const messages = readFileSync(path.join(out, 'messages.ndjson'), 'utf8');
    assert.match(messages, /"status":"FAILED"/);
  });

  test('--tags selects scenarios', async () => {
    const out = path.join(scratch, 'out-tags');
    const r = await runOwn(out, '--iut', 'reference:pre-half-failover-fix', '--tags', 'not @req:HT-2');
    assert.equal(r.code, 0, show(r));
    assert.match(r.stdout, /\nconformance: 1 passed, 0 failed\n/);
  });

  test("--step-timeout limits each step: a slower step fails with cucumber's timeout", async () => {
    const [short, long] = await Promise.all([
      cli(['run', '--no-report', '--features', 'slow', '--support', 'support', '--requirements', 'requirements.md', '--out', path.join(scratch, 'out-slow-100'), '--step-timeout', '100']),
      cli(['run', '--no-report', '--features', 'slow', '--support', 'support', '--requirements', 'requirements.md', '--out', path.join(scratch, 'out-slow-5000'), '--step-timeout', '5000']),
    ]);
    assert.equal(short.code, 1, show(short));
    assert.match(short.stdout, /FAIL .*a step that takes 400 ms/);
    assert.match(short.stdout, /function timed out, ensure the promise resolves within 100 milliseconds/);
    assert.equal(long.code, 0, show(long));
  });

  test('a feature under the current folder is named relative to it, one outside by its absolute path', async () => {
    const nested = path.join(scratch, 'nested');
    mkdirSync(nested, { recursive: true });
    const run = (cwd: string, out: string): Promise<Result> =>
      cli(['run', '--no-report', '--features', path.join(scratch, 'features'), '--support', path.join(scratch, 'support'), '--requirements', path.join(scratch, 'requirements.md'), '--out', out, '--iut', 'reference:pre-half-failover-fix'], cwd);
    const [inside, outside] = await Promise.all([run(scratch, path.join(scratch, 'out-paths-inside')), run(nested, path.join(scratch, 'out-paths-outside'))]);
    assert.equal(inside.code, 1, show(inside));
    assert.ok(inside.stdout.includes('\n  features: features\n'), show(inside));
    assert.match(inside.stdout, /\n {12}features\/self-test\.feature:9\n {12}step 'Then the value is 1 unless the IUT is reference:pre-half-failover-fix' \(features\/self-test\.feature:11\) failed:\n/);
    assert.equal(outside.code, 1, show(outside));
    const file = path.join(scratch, 'features', 'self-test.feature');
    assert.ok(outside.stdout.includes(`\n  features: ${path.join(scratch, 'features')}\n`), show(outside));
    assert.ok(outside.stdout.includes(`\n            ${file}:9\n            step 'Then the value is 1 unless the IUT is reference:pre-half-failover-fix' (${file}:11) failed:\n`), show(outside));
    assert.ok(!outside.stdout.includes('..'), `no ../ path\n${show(outside)}`);
    // Allure's package label: the same wherever the run starts (the scratch folder has no package.json)
    const packages = (out: string): string[] => allureResults(path.join(scratch, out)).map((x) => labelOf(x, 'package') ?? 'none').sort();
    assert.deepEqual(packages('out-paths-inside'), ['features.self-test.feature', 'features.self-test.feature']);
    assert.deepEqual(packages('out-paths-outside'), packages('out-paths-inside'));
    const titles = allureResults(path.join(scratch, 'out-paths-outside')).map((x) => x.titlePath);
    assert.deepEqual(titles, [['features', 'Harness self-test'], ['features', 'Harness self-test']]);
  });

  test('an undefined step stops the run before it starts (the lint): exit 2, nothing written', async () => {
    const out = path.join(scratch, 'out-undefined');
    const r = await cli(['run', '--features', 'undefined', '--support', 'support', '--out', out]);
    assert.equal(r.code, 2, show(r));
    assert.match(r.stderr, /harness error: the features have \d+ problems? \(tipc-conformance lint\); nothing was run/);
    assert.match(r.stderr, /undefined[/\\]undefined\.feature:5:5: undefined step: "Then something no step definition matches"/);
    assert.match(r.stderr, /Then\('something no step definition matches', function \(\) \{/, 'cucumber\'s snippet');
    assert.equal(r.stdout, '');
    assert.ok(!existsSync(out), 'nothing is written');
  });

  test('an exception while loading the step definitions is a harness error: exit 2', async () => {
    const broken = path.join(scratch, 'broken-support');
    mkdirSync(broken, { recursive: true });
    writeFileSync(path.join(broken, 'steps.js'), "throw new Error('support code exploded');\n");
    const r = await cli(['run', '--features', 'features', '--support', broken, '--out', path.join(scratch, 'out-broken')]);
    assert.equal(r.code, 2, show(r));
    assert.match(r.stderr, /harness error: error loading the step definitions: support code exploded/);
  });
});

describe('known kernel bugs (a fixture feature, the package\'s steps, the reference)', () => {
  const FIXTURE = path.join(PACKAGE_ROOT, 'test', 'fixtures', 'known-bug');
  const known = (command: 'run' | 'certify', out: string, ...args: string[]): Promise<Result> =>
    cli([command, '--no-report', '--features', path.join(FIXTURE, 'features'), '--requirements', path.join(FIXTURE, 'requirements.md'), '--out', out, ...args]);
  // the fixture is outside the current folder (the scratch folder): the reports name it by its absolute path
  const FEATURE_FILE = path.join(FIXTURE, 'features', 'known-bug.feature');
  const KNOWN_LINE = new RegExp(
    `\\n\\[1/3\\] KNOWN Known kernel bugs, as the harness reports them › a known bug that shows {2}@req:KB-1 @iut:1 {2}\\(\\d+ ms\\)\\n {12}known kernel bug KF-1, docs/kernel-findings\\.md#kf-1-[\\w-]+\\n {12}${escapeRegExp(FEATURE_FILE)}:8\\n {12}step 'Then link <1A-2A> is up on both nodes within 1 ms' \\(${escapeRegExp(FEATURE_FILE)}:10\\) failed:\\n {14}expected: link <1A-2A> up on both nodes within 1 ms\\n`,
  );

  test('a known bug that shows is KNOWN, counted apart, and the run exits 0; the reports say it too', async () => {
    const out = path.join(scratch, 'out-known');
    const r = await known('run', out);
    assert.equal(r.code, 0, show(r));
    assert.match(r.stdout, KNOWN_LINE);
    assert.ok(r.stdout.includes(`\n  features: ${path.join(FIXTURE, 'features')}\n`), show(r));
    // the replay line attached to the scenario
    assert.ok(readFileSync(path.join(out, 'messages.ndjson'), 'utf8').includes(`--features ${FEATURE_FILE}:8`), 'the replay line names the feature by its absolute path');
    // Allure labels the fixture as it would in a run from the package, where it is
    for (const result of allureResults(out)) {
      assert.equal(labelOf(result, 'package'), 'tipc-conformance.test.fixtures.known-bug.features.known-bug.feature');
      assert.deepEqual(result.titlePath, ['tipc-conformance', 'test', 'fixtures', 'known-bug', 'features', 'Known kernel bugs, as the harness reports them']);
    }
    assert.match(r.stdout, /\[2\/3\] PASS {2}[^\n]*a known bug this implementation does not have/);
    assert.match(r.stdout, /\nconformance: 2 passed, 0 failed, 1 known bug\n/);
    // JUnit: a <failure> whose message starts with the bug
    assert.match(readFileSync(path.join(out, 'junit.xml'), 'utf8'), /<failure [^>]*message="known kernel bug KF-1 \(docs\/kernel-findings\.md\)&#xA;expected: link/);
    // Allure: the label, and the first category matches the result's message
    const results = readdirSync(path.join(out, 'allure-results')).filter((f) => f.endsWith('-result.json'));
    const allure = results.map((f) => JSON.parse(readFileSync(path.join(out, 'allure-results', f), 'utf8')) as { name: string; labels: { name: string; value: string }[]; statusDetails?: { message?: string } });
    const bug = allure.find((x) => x.name === 'a known bug that shows');
    assert.deepEqual(bug?.labels.filter((l) => l.name === 'known-bug'), [{ name: 'known-bug', value: 'KF-1' }]);
    const [first] = JSON.parse(readFileSync(path.join(out, 'allure-results', 'categories.json'), 'utf8')) as { name: string; messageRegex: string }[];
    assert.equal(first?.name, 'Known kernel bug (docs/kernel-findings.md)');
    // Java's (?s) is JavaScript's s flag; Allure matches the whole message
    const regex = new RegExp(`^(?:${(first?.messageRegex ?? '').replace('(?s)', '')})$`, 's');
    assert.match(bug?.statusDetails?.message ?? '', regex);
  });

  test('--strict: the known bug is a FAIL with its note, and the run exits 1', async () => {
    const r = await known('run', path.join(scratch, 'out-known-strict'), '--strict');
    assert.equal(r.code, 1, show(r));
    assert.match(r.stdout, /\n\[1\/3\] FAIL {2}[^\n]*a known bug that shows[^\n]*\n {12}known kernel bug KF-1, docs\/kernel-findings\.md#kf-1-[\w-]+; --strict counts it as a failure\n/);
    assert.match(r.stdout, /\nconformance: 2 passed, 1 failed\n/);
  });

  test("certify: the requirement's verdict is 'known bug', and the statement's; with --strict, fail", async () => {
    const verdicts = async (...args: string[]): Promise<{ code: number | null; verdict: string; requirements: string[][]; where: string[] }> => {
      const out = path.join(scratch, `out-known-certify${args.join('')}`);
      const r = await known('certify', out, ...args);
      const s = JSON.parse(readFileSync(path.join(out, 'conformance-statement.json'), 'utf8')) as { verdict: string; requirements: { id: string; verdict: string; scenarios: { where: string }[] }[] };
      return { code: r.code, verdict: s.verdict, requirements: s.requirements.map((q) => [q.id, q.verdict]), where: s.requirements.flatMap((q) => q.scenarios.map((x) => x.where)) };
    };
    const { where, ...plain } = await verdicts();
    assert.deepEqual(plain, { code: 0, verdict: 'known bug', requirements: [['KB-1', 'known bug'], ['KB-2', 'pass'], ['KB-3', 'pass']] });
    // the fixture is outside the current folder: the statement names it by its absolute path
    assert.deepEqual(where, [`${FEATURE_FILE}:8`, `${FEATURE_FILE}:13`, `${FEATURE_FILE}:18`]);
    const { where: _where, ...strict } = await verdicts('--strict');
    assert.deepEqual(strict, { code: 1, verdict: 'fail', requirements: [['KB-1', 'fail'], ['KB-2', 'pass'], ['KB-3', 'pass']] });
  });
});

describe('certify an implementation that declares link alone (the reference behind the process protocol)', { concurrency: true }, () => {
  const IUT = `process:node ${path.join(PACKAGE_ROOT, 'bin', 'tipc-reference-iut.js')} --capabilities link`;
  const certify = (out: string, tags: string): Promise<Result> =>
    cli(['certify', '--no-report', '--iut', IUT, '--features', path.join(PACKAGE_ROOT, 'features'), '--tags', tags, '--out', path.join(scratch, out)]);
  const statement = (out: string): Statement => JSON.parse(readFileSync(path.join(scratch, out, 'conformance-statement.json'), 'utf8')) as Statement;

  test('what applies is tested, the rest is N/A naming the capability; the verdict counts them, and the statement is partial', async () => {
    const r = await certify('out-link-only', '@req:LS-1 or @req:FO-1');
    assert.equal(r.code, 0, show(r));
    assert.match(r.stdout, /\] N\/A {3}[^\n]*@req:FO-1[^\n]*\n {12}N\/A: needs failover, naming and fsm-events, which the IUT does not declare\n/, show(r));
    assert.match(r.stdout, /\] PASS {2}[^\n]*@req:LS-1/);
    assert.match(r.stdout, /\(verdict: pass, 1 of 2 requirements tested, 1 not applicable; partial: only --tags '@req:LS-1 or @req:FO-1' in \S+features was run\)\n/);
    const s = statement('out-link-only');
    assert.deepEqual([s.verdict, s.tested, s.notApplicable, s.total, s.summary], ['pass', 1, 1, 2, 'pass: 1 of 2 requirements tested, 1 not applicable']);
    assert.deepEqual([s.partial, s.selection], [true, { tags: '@req:LS-1 or @req:FO-1', features: [path.join(PACKAGE_ROOT, 'features')] }]);
    assert.deepEqual(s.requirements.map((q) => [q.id, q.verdict, q.missing ?? null]), [['FO-1', 'not applicable', ['failover', 'naming', 'fsm-events']], ['LS-1', 'pass', null]]);
    assert.match(s.requirements[1]?.text ?? '', /^A link endpoint in RESET sends RESET in its own session/);
    assert.match(readFileSync(path.join(scratch, 'out-link-only', 'conformance-statement.html'), 'utf8'), /partial: only --tags &#39;@req:LS-1 or @req:FO-1&#39; in \S+ was run/);
  });

  test('nothing applicable: verdict not tested, exit 1, a line that says why', async () => {
    const r = await certify('out-link-only-none', '@req:FO-1');
    assert.equal(r.code, 1, show(r));
    assert.match(r.stdout, /\nconformance: 0 passed, 0 failed, 1 not applicable\n/);
    assert.match(r.stdout, /\(verdict: not tested, 0 of 1 requirement tested, 1 not applicable; partial: [^\n]*\)\nnothing was tested: the one requirement run does not apply to tipc-conformance reference \(fixed\) \(it declares link; they need failover, naming and fsm-events\); a statement that tested nothing is not a pass\n/, show(r));
    assert.equal(statement('out-link-only-none').verdict, 'not tested');
  });
});

describe("Allure: each kind of failure gets its status and category (the package's error classes, thrown by scratch steps)", () => {
  // Our steps fail with an ExpectationError (expected / seen), an IUT process with an IutFault, a
  // kernel guest with a KernelGuestError; anything else, or a failing hook, is the harness's.
  const ALLURE_FEATURE = `Feature: Allure categories

  @req:HT-1 @iut:1
  Scenario: an assertion on the IUT fails
    Then the IUT answers 2

  @req:HT-1 @iut:1 @known-bug:KF-1
  Scenario: an assertion fails on a known kernel bug
    Then the IUT answers 3 on a known bug

  @req:HT-1 @iut:1
  Scenario: the IUT process dies
    Then the IUT process dies

  @req:HT-1 @iut:1
  Scenario: a kernel guest panics
    Then a kernel guest panics

  @req:HT-1 @iut:1
  Scenario: a step breaks
    Then a step breaks

  @req:HT-1 @iut:1 @hook-fails
  Scenario: a hook fails
    Then the IUT answers 1
`;
  const allureSteps = (): string => {
    const from = (file: string): string => JSON.stringify(path.join(PACKAGE_ROOT, file));
    return `'use strict';
const { Then, Before } = require(${JSON.stringify(require.resolve('@cucumber/cucumber'))});
const { ExpectationError } = require(${from('steps/support/expect.ts')});
const { markKnownBug } = require(${from('steps/support/known-bug.ts')});
const { IutFault } = require(${from('adapters/process/channel.ts')});
const { KernelGuestError } = require(${from('adapters/kernel/guest.ts')});
Then('the IUT answers {int}', function (n) { if (n !== 1) throw new ExpectationError('the IUT to answer ' + n, 'it answered 1'); });
Then('the IUT answers {int} on a known bug', function (n) { throw markKnownBug(new ExpectationError('the IUT to answer ' + n, 'it answered 1'), 'KF-1'); });
Then('the IUT process dies', function () { throw new IutFault('exited', 'exited with code 3 while answering receive', 'segfault'); });
Then('a kernel guest panics', function () { throw new KernelGuestError('panic', 'the guest of node 1 panicked', 'Kernel panic - not syncing'); });
Then('a step breaks', function () { throw new TypeError("Cannot read properties of undefined (reading 'x')"); });
Before({ tags: '@hook-fails' }, function () { throw new Error('the set-up hook exploded'); });
`;
  };

  interface CategoryNode {
    readonly name: string;
    readonly status?: string;
    readonly children?: readonly CategoryNode[];
  }
  const leaves = (n: CategoryNode): CategoryNode[] => (n.children ? n.children.flatMap(leaves) : [n]);

  test('an assertion is failed (Assertion on the IUT), a known bug failed (Known kernel bug), IUT and guest faults broken (IUT fault), a broken step or hook broken (Harness error)', { timeout: 180_000 }, async () => {
    const dir = path.join(scratch, 'allure-kinds');
    mkdirSync(path.join(dir, 'features'), { recursive: true });
    mkdirSync(path.join(dir, 'support'), { recursive: true });
    writeFileSync(path.join(dir, 'features', 'kinds.feature'), ALLURE_FEATURE);
    writeFileSync(path.join(dir, 'support', 'steps.js'), allureSteps());
    const out = path.join(dir, 'out');
    // with the HTML report: allure generate decides the categories from categories.json
    const r = await cli(['run', '--features', 'features', '--support', 'support', '--requirements', path.join(scratch, 'requirements.md'), '--out', out], dir);
    assert.equal(r.code, 2, `the failing hook makes it a harness error\n${show(r)}`);
    assert.ok(existsSync(path.join(out, 'allure-report', 'index.html')), show(r));

    const statuses = new Map(
      readdirSync(path.join(out, 'allure-results'))
        .filter((f) => f.endsWith('-result.json'))
        .map((f) => JSON.parse(readFileSync(path.join(out, 'allure-results', f), 'utf8')) as { name: string; status: string })
        .map((x) => [x.name, x.status]),
    );
    const categories = (JSON.parse(readFileSync(path.join(out, 'allure-report', 'data', 'categories.json'), 'utf8')) as CategoryNode).children ?? [];
    const categoryOf = new Map<string, string>();
    for (const category of categories) for (const leaf of leaves(category)) categoryOf.set(leaf.name, category.name.replace(/ \(.*/, ''));
    const seen = Object.fromEntries([...statuses.keys()].sort().map((name) => [name, `${statuses.get(name)}, ${categoryOf.get(name) ?? 'no category'}`]));
    assert.deepEqual(seen, {
      'a hook fails': 'broken, Harness error',
      'a kernel guest panics': 'broken, IUT fault',
      'a step breaks': 'broken, Harness error',
      'an assertion fails on a known kernel bug': 'failed, Known kernel bug',
      'an assertion on the IUT fails': 'failed, Assertion on the IUT',
      'the IUT process dies': 'broken, IUT fault',
    });
  });
});

describe('how reports name files (pure)', () => {
  test('shownPath: relative under the current folder, absolute elsewhere', () => {
    assert.equal(shownPath('/a/b/c/x.feature:8', '/a/b'), 'c/x.feature:8');
    assert.equal(shownPath('c/x.feature', '/a/b'), 'c/x.feature');
    assert.equal(shownPath('../x.feature', '/a/b'), '/a/x.feature');
    assert.equal(shownPath('/a/bc/x.feature', '/a/b'), '/a/bc/x.feature', 'a sibling whose name starts the same is not under it');
    assert.equal(shownPath('..x/y.feature', '/a/b'), '..x/y.feature', "a folder named '..x' is under it");
    assert.equal(shownPath('/a/b', '/a/b'), '.');
  });

  test("featureFolder: the folder a --features value names, for Allure's package label", () => {
    assert.equal(featureFolder('/a/b'), '/a/b');
    assert.equal(featureFolder('/a/b/x.feature'), '/a/b');
    assert.equal(featureFolder('/a/b/x.feature:8:12'), '/a/b');
    assert.equal(featureFolder('/a/b/**/*.feature'), '/a/b');
    assert.equal(featureFolder('/a/b/c*'), '/a/b');
  });
});

describe('parseIutSpec', () => {
  test('reference is the fixed profile', () => {
    assert.deepEqual(parseIutSpec('reference'), { kind: 'reference', profile: 'fixed' });
  });
  test('reference:PROFILE for every profile', () => {
    for (const profile of PROFILE_NAMES) {
      assert.deepEqual(parseIutSpec(`reference:${profile}`), { kind: 'reference', profile });
    }
  });
  test('unknown profile lists the valid ones', () => {
    assert.throws(
      () => parseIutSpec('reference:nope'),
      (error: unknown) =>
        error instanceof IutSpecError && PROFILE_NAMES.every((profile) => error.message.includes(profile)),
    );
  });
  test('empty spec and empty profile are errors', () => {
    assert.throws(() => parseIutSpec(''), IutSpecError);
    assert.throws(() => parseIutSpec('reference:'), IutSpecError);
  });
});

/**
 * `run --shard K/N` and `report`: shards of a few real features (an outline's rows among them,
 * known kernel bugs too) put together again must be the full run, scenario by scenario, in the
 * terminal, JUnit, Allure results and statement; and the merge refuses what does not belong
 * together. Through the real binary (child processes); no Allure HTML (Java is slow to start).
 */
import { strict as assert } from 'node:assert';
import { cpSync, existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { Envelope } from '@cucumber/messages';
import { Writable } from 'node:stream';
import { UsageError, parseArgs } from '../../cli/args';
import { HarnessError } from '../../cli/errors';
import { mergeShards } from '../../cli/merge';
import { formatShard, parseShard, shardSlice } from '../../cli/shard';
import { mergeMessages } from '../../cli/merged-messages';
import { type CliResult, PACKAGE_ROOT, runCli } from '../support/cli';
import type { ConformanceStatement as Statement } from '../../cli/certify';

/** An outline of three rows and plain scenarios (bundles), and scenarios that are known kernel bugs (synch-point). */
const FEATURES = ['features/link/bundles.feature', 'features/naming/synch-point.feature'];
/** A profile that fails the bundle scenarios (they are tagged @catches:ablation-no-unbundle). */
const FAILING_IUT = 'reference:ablation-no-unbundle';

let scratch = '';

function run(out: string, ...args: string[]): Promise<CliResult> {
  return runCli(['run', '--no-report', '--features', ...FEATURES, '--out', path.join(scratch, out), ...args]);
}

function reportArgs(out: string, dirs: readonly string[]): string[] {
  return ['report', '--no-report', '--out', path.join(scratch, out), ...dirs.map((d) => path.join(scratch, d))];
}

/** `report` through the binary: the merge as a CI job runs it. */
function report(out: string, ...dirs: string[]): Promise<CliResult> {
  return runCli(reportArgs(out, dirs));
}

/**
 * `report` in this process (no ts-node start-up per merge), its usage and harness errors turned
 * into exit 2 and stderr as bin/tipc-conformance.js (cli/main.ts) turns them.
 */
async function reportHere(out: string, ...dirs: string[]): Promise<CliResult> {
  let stdout = '';
  let stderr = '';
  const sink = (append: (text: string) => void): Writable =>
    new Writable({
      write(chunk: Buffer | string, _encoding: BufferEncoding, callback: () => void): void {
        append(chunk.toString());
        callback();
      },
    });
  try {
    const command = parseArgs(reportArgs(out, dirs), PACKAGE_ROOT);
    assert.equal(command.kind, 'report');
    if (command.kind !== 'report') return { code: null, stdout, stderr };
    const code = await mergeShards(command.options, { stdout: sink((t) => (stdout += t)), stderr: sink((t) => (stderr += t)), color: false });
    return { code, stdout, stderr };
  } catch (error: unknown) {
    if (error instanceof UsageError || error instanceof HarnessError) return { code: 2, stdout, stderr: stderr + error.message };
    throw error;
  }
}

/** The usage error parseArgs throws for these arguments. */
function usageError(args: readonly string[]): string {
  try {
    parseArgs(args, PACKAGE_ROOT);
  } catch (error: unknown) {
    if (error instanceof UsageError) return error.message;
    throw error;
  }
  return assert.fail(`no usage error for ${args.join(' ')}`);
}

function show(r: CliResult): string {
  return `exit ${r.code}\n--- stdout\n${r.stdout}\n--- stderr\n${r.stderr}`;
}

/** The scenario lines of the terminal: `PASS  Feature › scenario (row)`, without counter and duration, sorted. */
function scenarioLines(stdout: string): string[] {
  return stdout
    .split('\n')
    .map((line) => /^\[\s*\d+\/\d+\] (\S+)\s+(.*?)\s+\(\d+(?:\.\d+)? m?s\)$/.exec(line))
    .filter((m): m is RegExpExecArray => m !== null)
    .map((m) => `${m[1]} ${m[2]}`)
    .sort();
}

/** The scenario lines as printed, `[ n/N] PASS  Feature › scenario`, in their order, without durations. */
function orderedLines(stdout: string): string[] {
  return stdout
    .split('\n')
    .map((line) => /^(\[\s*\d+\/\d+\] \S+\s+.*?)\s+\(\d+(?:\.\d+)? m?s\)$/.exec(line)?.[1])
    .filter((line): line is string => line !== undefined);
}

/** A JUnit file without its times: what two runs of the same scenarios share. */
function junitWithoutTimes(out: string): string {
  return readFileSync(path.join(scratch, out, 'junit.xml'), 'utf8').replace(/ (time|timestamp)="[^"]*"/g, '');
}

function closing(stdout: string): string {
  return /^conformance: .*$/m.exec(stdout)?.[0] ?? '(no closing line)';
}

/** JUnit testcases as `classname › name: passed|failure|skipped|error`, sorted. */
function junitCases(out: string): string[] {
  const xml = readFileSync(path.join(scratch, out, 'junit.xml'), 'utf8');
  return xml
    .split('<testcase ')
    .slice(1)
    .map((chunk) => {
      const body = chunk.slice(0, chunk.indexOf('</testcase>') >= 0 ? chunk.indexOf('</testcase>') : undefined);
      const classname = /classname="([^"]*)"/.exec(body)?.[1] ?? '?';
      const name = /\bname="([^"]*)"/.exec(body)?.[1] ?? '?';
      const status = ['failure', 'skipped', 'error'].find((s) => body.includes(`<${s}`)) ?? 'passed';
      return `${classname} › ${name}: ${status}`;
    })
    .sort();
}

function junitTotals(out: string): string {
  const xml = readFileSync(path.join(scratch, out, 'junit.xml'), 'utf8');
  const suite = /<testsuite [^>]*>/.exec(xml)?.[0] ?? '';
  return ['tests', 'skipped', 'failures', 'errors'].map((a) => `${a}=${new RegExp(`${a}="(\\d+)"`).exec(suite)?.[1] ?? '?'}`).join(' ');
}

/** Allure results as `name: status`, sorted. */
function allureCases(out: string): string[] {
  const dir = path.join(scratch, out, 'allure-results');
  return readdirSync(dir)
    .filter((f) => f.endsWith('-result.json'))
    .map((f) => JSON.parse(readFileSync(path.join(dir, f), 'utf8')) as { name: string; status: string })
    .map((r) => `${r.name}: ${r.status}`)
    .sort();
}


function statement(out: string): Statement {
  return JSON.parse(readFileSync(path.join(scratch, out, 'conformance-statement.json'), 'utf8')) as Statement;
}

function shardKeys(out: string): string[] {
  return (JSON.parse(readFileSync(path.join(scratch, out, 'shard.json'), 'utf8')) as { scenarios: string[] }).scenarios;
}

describe('shard K/N: parsing and slicing', () => {
  test('K/N with 1 <= K <= N parses; anything else says what is wrong', () => {
    assert.deepEqual(parseShard('2/3'), { index: 2, total: 3 });
    for (const [text, problem] of [
      ['0/2', /K must be from 1 to N/],
      ['3/2', /K must be from 1 to N/],
      ['1/0', /N must be from 1/],
      ['x', /must be K\/N/],
      ['1/2/3', /must be K\/N/],
      ['-1/2', /must be K\/N/],
    ] as const) {
      const got = parseShard(text);
      assert.equal(typeof got, 'string', `'${text}' parsed as ${JSON.stringify(got)}`);
      assert.match(String(got), problem);
    }
  });

  test('the slices of N shards partition the selection, each within one scenario of the others in size', () => {
    for (const size of [0, 1, 5, 9, 169]) {
      const selection = Array.from({ length: size }, (_, i) => `scenario ${i}`);
      for (const total of [1, 2, 3, 7, 200]) {
        const slices = Array.from({ length: total }, (_, k) => shardSlice(selection, { index: k + 1, total }));
        const all = slices.flat();
        assert.equal(all.length, size, `${size} scenarios in ${total} shards: ${all.length} dealt`);
        assert.deepEqual([...all].sort(), [...selection].sort(), `${size} in ${total}: not every scenario exactly once`);
        const sizes = slices.map((s) => s.length);
        assert.ok(Math.max(...sizes) - Math.min(...sizes) <= 1, `${size} in ${total}: shard sizes ${sizes.join(', ')}`);
      }
    }
    assert.equal(formatShard({ index: 2, total: 5 }), '2/5');
  });
});

describe('mergeMessages', () => {
  const source = (data: string): Envelope => ({ source: { uri: 'a.feature', data, mediaType: 'text/x.cucumber.gherkin+plain' } }) as Envelope;
  const run = (id: string, sec: number): Envelope[] => [
    { testRunStarted: { id, timestamp: { seconds: sec, nanos: 0 } } } as Envelope,
    { testRunFinished: { testRunStartedId: id, timestamp: { seconds: sec + 10, nanos: 0 }, success: sec !== 2 } } as Envelope,
  ];

  test('one testRunStarted (the earliest) and one testRunFinished (the latest, successful only if all were)', () => {
    const merged = mergeMessages([[source('x'), ...run('r1', 5)], [source('x'), ...run('r2', 2)]]);
    assert.ok(Array.isArray(merged), String(merged));
    const started = merged.filter((e) => e.testRunStarted);
    const finished = merged.filter((e) => e.testRunFinished);
    assert.deepEqual(started.map((e) => e.testRunStarted?.timestamp.seconds), [2]);
    assert.deepEqual(finished.map((e) => [e.testRunFinished?.timestamp.seconds, e.testRunFinished?.success, e.testRunFinished?.testRunStartedId]), [[15, false, 'r1']]);
    assert.equal(merged.filter((e) => e.source).length, 1, 'the feature file twice');
  });

  test('a feature file whose text differs between shards is refused', () => {
    const merged = mergeMessages([[source('x'), ...run('r1', 1)], [source('y'), ...run('r2', 1)]]);
    assert.equal(typeof merged, 'string');
    assert.match(String(merged), /a\.feature differs between the shards/);
  });
});

describe('run --shard and report, on real features', () => {
  let full: CliResult;
  let shards: CliResult[];
  let merged: CliResult;

  before(async () => {
    scratch = mkdtempSync(path.join(tmpdir(), 'tipc-shard-'));
    // certify: the run, and the statement a merge must match
    full = await runCli(['certify', '--no-report', '--features', ...FEATURES, '--out', path.join(scratch, 'full')]);
    shards = await Promise.all([run('s1', '--shard', '1/2'), run('s2', '--shard', '2/2')]);
    merged = await report('merged', 's1', 's2');
  });

  after(() => {
    rmSync(scratch, { recursive: true, force: true });
  });

  test('the full run passes, with known bugs and an outline among its scenarios', () => {
    assert.equal(full.code, 0, show(full));
    assert.match(full.stdout, /known bug/);
    assert.match(full.stdout, /A bundle with a broken message .*\(version 3\)/);
  });

  test('shards 1/2 and 2/2 run the full run\'s scenarios between them (by name and row), none twice', () => {
    for (const s of shards) assert.equal(s.code, 0, show(s));
    const fromShards = shards.flatMap((s) => scenarioLines(s.stdout)).sort();
    assert.deepEqual(fromShards, scenarioLines(full.stdout));
    assert.equal(new Set(fromShards).size, fromShards.length, 'a scenario ran twice');
    for (const s of shards) assert.ok(scenarioLines(s.stdout).length > 0, `a shard ran nothing:\n${show(s)}`);
    const [one = [], two = []] = [shardKeys('s1'), shardKeys('s2')];
    assert.equal(one.filter((k) => two.includes(k)).length, 0, 'shard.json: a scenario in both shards');
  });

  test('the merge prints and counts what the full run printed, in its order, and exits as it did', () => {
    assert.equal(merged.code, full.code, show(merged));
    assert.deepEqual(orderedLines(merged.stdout), orderedLines(full.stdout));
    assert.equal(closing(merged.stdout), closing(full.stdout));
  });

  test('the merged JUnit file has the full run\'s testcases and statuses', () => {
    assert.deepEqual(junitCases('merged'), junitCases('full'));
    assert.equal(junitTotals('merged'), junitTotals('full'));
    // cucumber's own JUnit formatter wrote both: the same file but for times
    assert.equal(junitWithoutTimes('merged'), junitWithoutTimes('full'));
  });

  test('the merged Allure results hold every scenario, with the full run\'s statuses', () => {
    assert.deepEqual(allureCases('merged'), allureCases('full'));
    assert.ok(existsSync(path.join(scratch, 'merged', 'allure-results', 'categories.json')));
  });

  test('the merged conformance statement has the verdicts the full run would have', () => {
    const strip = (s: Statement): unknown => ({
      verdict: s.verdict,
      counts: [s.tested, s.notApplicable, s.total, s.summary],
      partial: [s.partial, s.selection],
      requirements: s.requirements.map((r) => ({
        id: r.id,
        text: r.text,
        verdict: r.verdict,
        missing: r.missing,
        scenarios: r.scenarios.map((x) => `${x.name}: ${x.status}${x.notApplicable !== undefined ? ` (${x.notApplicable})` : ''}`).sort(),
      })),
    });
    assert.deepEqual(strip(statement('merged')), strip(statement('full')));
    // the full run's --features is a part of the suite: both say so, with the same selection
    assert.deepEqual([statement('full').partial, statement('full').selection], [true, { tags: '', features: FEATURES }]);
    assert.ok(statement('full').requirements.every((r) => r.text.length > 0), 'a requirement without its text');
  });

  test('the merged cucumber messages are one run: one testRunStarted, every scenario once', () => {
    const lines = readFileSync(path.join(scratch, 'merged', 'messages.ndjson'), 'utf8').trim().split('\n');
    const envelopes = lines.map((l) => JSON.parse(l) as Record<string, unknown>);
    const count = (kind: string): number => envelopes.filter((e) => e[kind] !== undefined).length;
    const fullLines = readFileSync(path.join(scratch, 'full', 'messages.ndjson'), 'utf8').trim().split('\n');
    const fullCount = (kind: string): number => fullLines.filter((l) => l.startsWith(`{"${kind}"`)).length;
    for (const kind of ['testRunStarted', 'testRunFinished', 'meta', 'source', 'gherkinDocument', 'pickle', 'stepDefinition', 'hook', 'testCase', 'testCaseFinished']) {
      assert.equal(count(kind), fullCount(kind), `${kind}: ${count(kind)} merged, ${fullCount(kind)} in the full run`);
    }
  });

  test('the same shard twice is refused as an overlap (exit 2), naming the scenarios', async () => {
    const r = await reportHere('twice', 's1', 's1');
    assert.equal(r.code, 2, show(r));
    assert.match(r.stderr, /the shards overlap: \d+ scenarios? (is|are) in two of them/);
    assert.match(r.stderr, /bundles\.feature:\d+/);
  });

  test('a shard alone: the merge names the scenarios missing, writes what it has, exits 2', async () => {
    const r = await reportHere('alone', 's2');
    assert.equal(r.code, 2, show(r));
    const missing = shardKeys('s1');
    assert.match(r.stderr, new RegExp(`${missing.length} of its ${missing.length + shardKeys('s2').length} scenarios are in none of them`));
    for (const key of missing) assert.ok(r.stderr.includes(key), `missing ${key} not named:\n${r.stderr}`);
    assert.equal(junitCases('alone').length, shardKeys('s2').length);
  });

  test('a failing scenario in one shard makes the merge exit 1, as the full run does', async () => {
    const [fullFailing, one, two] = await Promise.all([
      run('failing-full', '--iut', FAILING_IUT),
      run('failing-1', '--shard', '1/2', '--iut', FAILING_IUT),
      run('failing-2', '--shard', '2/2', '--iut', FAILING_IUT),
    ]);
    assert.equal(fullFailing.code, 1, show(fullFailing));
    assert.ok([one.code, two.code].includes(1), `no shard failed:\n${show(one)}\n${show(two)}`);
    const r = await reportHere('failing-merged', 'failing-1', 'failing-2');
    assert.equal(r.code, 1, show(r));
    assert.equal(closing(r.stdout), closing(fullFailing.stdout));
    assert.deepEqual(junitCases('failing-merged'), junitCases('failing-full'));
  });

  test('shards of different IUTs are refused (exit 2), naming both, writing nothing', async () => {
    const r = await reportHere('mixed', 's1', 'failing-2');
    assert.equal(r.code, 2, show(r));
    assert.match(r.stderr, /IUT \(--iut\) differs/);
    assert.match(r.stderr, new RegExp(`s1 \\(shard 1/2\\): reference\n.*failing-2 \\(shard 2/2\\): ${FAILING_IUT}`));
    assert.ok(!existsSync(path.join(scratch, 'mixed', 'junit.xml')), 'refused, but wrote a report');
  });

  test('a shard of another seed is refused; a shard that had a harness error makes the merge exit 2', async () => {
    /** A copy of shard 2/2 whose shard.json says otherwise. */
    const edited = (name: string, edit: (record: Record<string, unknown>) => void): string => {
      cpSync(path.join(scratch, 's2'), path.join(scratch, name), { recursive: true });
      const file = path.join(scratch, name, 'shard.json');
      const record = JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>;
      edit(record);
      writeFileSync(file, JSON.stringify(record));
      return name;
    };
    const seeded = await reportHere('seeded', 's1', edited('s2-seed-7', (r) => (r.seed = 7)));
    assert.equal(seeded.code, 2, show(seeded));
    assert.match(seeded.stderr, /seed \(--seed\) differs:\n.*s1 \(shard 1\/2\): 1\n.*s2-seed-7 \(shard 2\/2\): 7/);
    const broken = await reportHere('broken', 's1', edited('s2-broken', (r) => (r.harnessErrors = ['after all hook (steps/x.ts:1) failed: boom'])));
    assert.equal(broken.code, 2, show(broken));
    assert.match(broken.stderr, /s2-broken \(shard 2\/2\): after all hook \(steps\/x\.ts:1\) failed: boom/);
  });

  test('usage errors: --shard 0/2, 3/2 and x exit 2 with what is wrong; report with nothing to merge, into a shard folder, or of a folder no shard wrote', async () => {
    assert.match(usageError(['run', '--shard', '0/2']), /--shard K\/N: K must be from 1 to N \(2\), got '0\/2'/);
    assert.match(usageError(['run', '--shard', '3/2']), /--shard K\/N: K must be from 1 to N \(2\), got '3\/2'/);
    assert.match(usageError(['run', '--shard', 'x']), /--shard must be K\/N, shard K of N \(e\.g\. 1\/4\), got 'x'/);
    assert.match(usageError(['certify', '--shard', '1/2']), /unknown option '--shard'/);
    const r = await runCli(['run', '--shard', '3/2', '--out', path.join(scratch, 'never')]);
    assert.equal(r.code, 2, show(r));
    assert.match(r.stderr, /--shard K\/N: K must be from 1 to N/);
    assert.ok(!existsSync(path.join(scratch, 'never')), 'a usage error wrote reports');
    assert.match(usageError(['report']), /needs the output folders/);
    assert.match(usageError(['report', '--out', path.join(scratch, 's1'), path.join(scratch, 's1')]), /is one of the folders to merge/);
    const notShard = await reportHere('ns', 'full');
    assert.equal(notShard.code, 2, show(notShard));
    assert.match(notShard.stderr, /has no shard\.json/);
  });

  test('--help of run says how shards are dealt; report has its own help', () => {
    const help = (args: readonly string[]): string => {
      const command = parseArgs(args, PACKAGE_ROOT);
      return command.kind === 'output' ? command.text : assert.fail(`${args.join(' ')}: not help`);
    };
    assert.match(help(['run', '--help']), /--shard <K\/N>/);
    assert.match(help(['run', '--help']), /round-robin/);
    assert.match(help(['report', '--help']), /Exit codes/);
    assert.match(help(['--help']), /report/);
  });
});


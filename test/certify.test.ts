/**
 * The conformance statement and the pieces `certify` and `--iut process:` are built from:
 * requirement verdicts from scenario outcomes, and splitting a command line into argv without a
 * shell.
 */
import { strict as assert } from 'node:assert';
import { test } from 'node:test';
import { formatIutSpec, parseIutSpec, splitCommandLine } from '../adapters/iut-spec';
import { replayCommand, shellQuote } from '../harness/replay';
import { type ConformanceStatement, conformanceStatement, overallVerdict, requirementResults, statementHtml } from '../cli/certify';
import type { ScenarioOutcome, ScenarioStatus } from '../cli/summary-formatter';
import { statementInput } from './support/statement';

/** A statement made from these outcomes, as certify makes it; `fields` put over it. */
function made(outcomes: readonly ScenarioOutcome[], fields: Partial<ConformanceStatement> = {}): ConformanceStatement {
  return {
    ...conformanceStatement(statementInput(outcomes, { spec: 'kernel', iut: { name: 'linux', version: '6.1', capabilities: [] }, texts: new Map() })),
    ...fields,
  };
}

function outcome(name: string, tags: string[], status: ScenarioStatus): ScenarioOutcome {
  const knownBug = status === 'failed' ? /^@known-bug:(.+)$/.exec(tags.find((t) => t.startsWith('@known-bug:')) ?? '')?.[1] : undefined;
  return { pickleId: name, name, featureName: 'f', uri: 'features/x.feature', line: 3, tags, status, durationMs: 1, problems: [], ...(knownBug ? { knownBug } : {}) };
}

test('a requirement fails if any of its scenarios fails, is N/A only if all are skipped', () => {
  const r = requirementResults([
    outcome('a', ['@req:NB-6', '@iut:1'], 'passed'),
    outcome('b', ['@req:NB-6'], 'failed'),
    outcome('c', ['@req:FO-1'], 'passed'),
    outcome('d', ['@req:FO-1'], 'skipped'),
    outcome('e', ['@req:NB-5'], 'skipped'),
    outcome('f', ['@req:FO-10'], 'undefined'),
    outcome('g', ['@area:link'], 'failed'),
  ]);
  assert.deepEqual(
    r.map((x) => [x.id, x.verdict]),
    [
      ['FO-1', 'pass'],
      ['FO-10', 'error'],
      ['NB-5', 'not applicable'],
      ['NB-6', 'fail'],
    ],
  );
  assert.deepEqual(r.find((x) => x.id === 'NB-6')?.scenarios.map((s) => s.status), ['passed', 'failed']);
});

test('a requirement whose failed scenarios are all known kernel bugs is a known bug, a fail with --strict', () => {
  const outcomes = [
    outcome('a', ['@req:NB-1', '@known-bug:KF-1'], 'failed'),
    outcome('b', ['@req:NB-1'], 'passed'),
    outcome('c', ['@req:NB-5', '@known-bug:KF-2'], 'failed'),
    outcome('d', ['@req:NB-5'], 'failed'),
    outcome('e', ['@req:NB-6', '@known-bug:KF-1'], 'passed'),
    outcome('f', ['@req:FO-4', '@known-bug:KF-1'], 'skipped'),
  ];
  assert.deepEqual(
    requirementResults(outcomes).map((x) => [x.id, x.verdict]),
    [
      ['FO-4', 'not applicable'],
      ['NB-1', 'known bug'],
      ['NB-5', 'fail'],
      ['NB-6', 'pass'],
    ],
  );
  assert.deepEqual(
    requirementResults(outcomes, { strict: true }).map((x) => [x.id, x.verdict]),
    [
      ['FO-4', 'not applicable'],
      ['NB-1', 'fail'],
      ['NB-5', 'fail'],
      ['NB-6', 'pass'],
    ],
  );
  // the statement names the bug of a failed scenario, strict or not; not of one that passed
  const nb1 = requirementResults(outcomes).find((x) => x.id === 'NB-1');
  assert.deepEqual(nb1?.scenarios.map((s) => [s.status, s.knownBug ?? null]), [['failed', 'KF-1'], ['passed', null]]);
  assert.equal(requirementResults(outcomes).find((x) => x.id === 'NB-6')?.scenarios[0]?.knownBug, undefined);
});

test('the overall verdict: error, then fail, then known bug, then pass; not tested when no requirement was', () => {
  assert.equal(overallVerdict(['pass', 'known bug', 'fail', 'error'], false), 'error');
  assert.equal(overallVerdict(['pass', 'known bug'], true), 'error', 'a run that ended with a harness error');
  assert.equal(overallVerdict(['known bug', 'fail', 'not applicable'], false), 'fail');
  assert.equal(overallVerdict(['pass', 'known bug', 'not applicable'], false), 'known bug');
  assert.equal(overallVerdict(['pass', 'not applicable'], false), 'pass');
  assert.equal(overallVerdict(['not applicable', 'not applicable'], false), 'not tested');
  assert.equal(overallVerdict([], false), 'not tested', 'nothing selected is nothing tested');
});

test('the HTML statement shows a known bug in a colour of its own, and the scenario\'s bug', () => {
  const html = statementHtml(made([outcome('a', ['@req:NB-1', '@known-bug:KF-1'], 'failed')]));
  assert.match(html, /\.known-bug td:nth-child\(2\)\{color:#[0-9a-f]+\}/);
  assert.match(html, /<tr class="known-bug"><td>NB-1<\/td><td>known bug<\/td><td><\/td><td>a <small>\(failed, known bug KF-1, features\/x\.feature:3\)<\/small>/);
  assert.match(html, /<tr class="known-bug"><th>verdict<\/th><td>known bug: 1 of 1 requirement tested<\/td><\/tr>/);
});

test('the HTML statement escapes what the IUT declared', () => {
  const html = statementHtml(made([], { iut: { spec: 'process:x', name: '<script>alert(1)</script>', version: '1"', capabilities: ['a&b'] } }));
  assert.ok(!html.includes('<script>alert'), 'the IUT name must be escaped');
  assert.ok(html.includes('&lt;script&gt;') && html.includes('a&amp;b') && html.includes('1&quot;'));
});

test('a command line splits into argv like a shell would, without expanding anything', () => {
  assert.deepEqual(splitCommandLine(`node  bin/iut.js --name 'two words' "say \\"hi\\"" a\\ b $HOME *`), [
    'node',
    'bin/iut.js',
    '--name',
    'two words',
    'say "hi"',
    'a b',
    '$HOME',
    '*',
  ]);
  assert.deepEqual(splitCommandLine(`''`), ['']);
  assert.throws(() => splitCommandLine(`node 'open`), /unterminated '/);
  assert.throws(() => splitCommandLine(`node "open`), /unterminated "/);
});

test('process: specs need a command, and keep it as argv', () => {
  assert.deepEqual(parseIutSpec(`process:node 'my iut.js' --x`), { kind: 'process', argv: ['node', 'my iut.js', '--x'] });
  assert.throws(() => parseIutSpec('process:'), /needs a command line/);
  assert.throws(() => parseIutSpec('process:   '), /needs a command line/);
});

test('a replay command is read back by a shell as the argv it was built from', () => {
  const argv = ['tipc-conformance', 'run', '--iut', "process:node 'my iut.js' --name \"x\"", '--tags', '@req:FO-1 and not @iut:2', '--seed', '7', '--features', "it's.feature:12", ''];
  assert.equal(shellQuote('features/x.feature:12'), 'features/x.feature:12', 'plain words stay as they are');
  assert.equal(shellQuote("it's"), `'it'\\''s'`);
  assert.deepEqual(splitCommandLine(replayCommand(argv)), argv);
});

test('formatIutSpec gives a process spec parseIutSpec reads back to the same argv', () => {
  const spec = parseIutSpec(`process:node 'my iut.js' --x "a'b"`);
  assert.deepEqual(parseIutSpec(formatIutSpec(spec)), spec);
});

test('an IUT that failed its hello before the run: the verdict is fail whatever the requirements say, and the HTML names the fault', () => {
  assert.equal(overallVerdict(['not applicable'], false, true), 'fail');
  assert.equal(overallVerdict(['pass', 'known bug'], false, true), 'fail');
  assert.equal(overallVerdict(['fail'], true, true), 'error', 'a harness error still says the run cannot be judged');
  const html = statementHtml(
    made([outcome('a', ['@req:NB-1'], 'failed')], {
      iut: {
        spec: 'process:./my-iut',
        name: 'unknown (no valid hello)',
        version: 'unknown',
        capabilities: [],
        fault: { kind: 'garbage', what: 'answered hello before the run with not JSON: <banner>', stderrTail: 'starting' },
      },
      verdict: 'fail',
    }),
  );
  assert.match(html, /<tr class="fail"><th>fault before the run<\/th><td><pre>implementation under test: garbage: answered hello before the run with not JSON: &lt;banner&gt;\n {5}its stderr ends:\n {7}\| starting<\/pre>/);
  assert.match(html, /<tr><th>declared capabilities<\/th><td>unknown \(no valid hello\)<\/td><\/tr>/);
});

/**
 * The conformance statement and the pieces `certify` and `--iut process:` are built from:
 * requirement verdicts from scenario outcomes, and splitting a command line into argv without a
 * shell.
 */
import { strict as assert } from 'node:assert';
import { test } from 'node:test';
import { formatIutSpec, parseIutSpec, splitCommandLine } from '../adapters/iut-spec';
import { replayCommand, shellQuote } from '../harness/replay';
import { requirementResults, statementHtml } from '../cli/certify';
import type { ScenarioOutcome, ScenarioStatus } from '../cli/summary-formatter';

function outcome(name: string, tags: string[], status: ScenarioStatus): ScenarioOutcome {
  return { pickleId: name, name, featureName: 'f', uri: 'features/x.feature', line: 3, tags, status, durationMs: 1, problems: [] };
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

test('the HTML statement escapes what the IUT declared', () => {
  const html = statementHtml({
    suite: { name: 'tipc-conformance', version: '0.1.0' },
    iut: { spec: 'process:x', name: '<script>alert(1)</script>', version: '1"', capabilities: ['a&b'] },
    seed: 1,
    date: '2026-01-01T00:00:00.000Z',
    verdict: 'pass',
    requirements: [],
  });
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

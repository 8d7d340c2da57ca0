/**
 * npm run mutation:score on a report written here by hand: the figures per file and in total (a
 * runtime error counted as killed or not), --min, and the check that docs/mutation.md lists every
 * survivor of the files it has a section for and nothing else.
 */
import { strict as assert } from 'node:assert';
import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { after, test } from 'node:test';
import { promisify } from 'node:util';

const run = promisify(execFile);
const SCRIPT = path.join(__dirname, '..', 'scripts', 'mutation-score.ts');
const dir = mkdtempSync(path.join(tmpdir(), 'tipc-mutation-score-'));
after(() => rmSync(dir, { recursive: true, force: true }));

let nextId = 0;
function mutant(status: string, line: number, column: number, mutatorName: string, replacement: string): object {
  nextId += 1;
  return { id: String(nextId), status, mutatorName, replacement, location: { start: { line, column }, end: { line, column: column + 1 } } };
}

/** a.ts: 6 killed, 1 timeout, 1 runtime error, 1 survived, 1 no coverage; b.ts: 3 killed, 1 survived */
const REPORT = {
  schemaVersion: '1',
  thresholds: { high: 80, low: 60 },
  files: {
    'reference/a.ts': {
      language: 'typescript',
      source: 'x\n'.repeat(40),
      mutants: [
        ...[1, 2, 3, 4, 5, 6].map((l) => mutant('Killed', l, 1, 'ConditionalExpression', 'true')),
        mutant('Timeout', 7, 1, 'UpdateOperator', 'i--'),
        mutant('RuntimeError', 8, 1, 'OptionalChaining', 'a.b'),
        mutant('Survived', 9, 5, 'ConditionalExpression', 'false'),
        mutant('NoCoverage', 10, 3, 'BlockStatement', '{\n  }'),
      ],
    },
    'reference/b.ts': {
      language: 'typescript',
      source: 'y\n'.repeat(40),
      mutants: [...[1, 2, 3].map((l) => mutant('Killed', l, 1, 'EqualityOperator', 'a !== b')), mutant('Survived', 4, 9, 'ConditionalExpression', 'true')],
    },
  },
};
const reportFile = path.join(dir, 'mutation.json');
writeFileSync(reportFile, JSON.stringify(REPORT));

interface Ran {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** The script with `args`, in `cwd` (the package's root unless a test says otherwise); its exit code and output. */
async function runScript(args: readonly string[], cwd = path.join(__dirname, '..')): Promise<Ran> {
  try {
    // ts-node by path and the package's tsconfig: `cwd` may be another directory (a git repository a test makes)
    const { stdout, stderr } = await run(process.execPath, ['--require', require.resolve('ts-node/register'), SCRIPT, ...args], {
      cwd,
      env: { ...process.env, TS_NODE_PROJECT: path.join(__dirname, '..', 'tsconfig.json') },
    });
    return { code: 0, stdout, stderr };
  } catch (e) {
    const err = e as Ran;
    return { code: err.code, stdout: err.stdout, stderr: err.stderr };
  }
}

function score(...args: string[]): Promise<Ran> {
  return runScript(['--report', reportFile, ...args]);
}

function row(stdout: string, name: string): string[] {
  const line = stdout.split('\n').find((l) => l.startsWith(`${name} `));
  assert.ok(line, `a row for ${name} in:\n${stdout}`);
  return line.trim().split(/\s+/);
}

test("per-file and total figures: Stryker's score, and the score with runtime errors counted as killed", async () => {
  const { code, stdout } = await score();
  assert.equal(code, 0, stdout);
  // a.ts: (6 + 1) / (6 + 1 + 1 + 1) = 77.8%; with the runtime error 8 / 10 = 80.0%
  assert.deepEqual(row(stdout, 'reference/a.ts'), ['reference/a.ts', '10', '6', '1', '1', '1', '1', '77.8%', '80.0%']);
  // b.ts: 3 / 4 both ways
  assert.deepEqual(row(stdout, 'reference/b.ts'), ['reference/b.ts', '4', '3', '0', '0', '1', '0', '75.0%', '75.0%']);
  // total: 10 / 13 = 76.9%; 11 / 14 = 78.6%
  assert.deepEqual(row(stdout, 'total'), ['total', '14', '9', '1', '1', '2', '1', '76.9%', '78.6%']);
});

test('--min: exit 1 below it, 0 at or above it; a bad value is a usage error', async () => {
  const below = await score('--min', '80');
  assert.equal(below.code, 1);
  assert.match(below.stdout, /FAIL: the score is 78\.6%, below --min 80%/);
  assert.equal((await score('--min', '78.5')).code, 0);
  const bad = await score('--min', 'eighty');
  assert.equal(bad.code, 2);
  assert.match(bad.stderr, /a score is a percentage from 0 to 100, not "eighty"/);
});

test('--survivors: every survivor of a file with a section must be listed, and every row must still be a survivor', async () => {
  const doc = path.join(dir, 'mutation.md');
  // a.ts has a section listing one of its two survivors and a row for a mutant that was killed; b.ts has none
  writeFileSync(
    doc,
    [
      '### a.ts',
      '| mutant | reason |',
      '|---|---|',
      '| `a.ts:9:5 ConditionalExpression → false` | **equivalent**: the branch only shortens a scan |',
      '| `a.ts:1:1 ConditionalExpression → true` | **not reached**: killed long ago |',
      '',
    ].join('\n'),
  );
  const partial = await score('--survivors', doc);
  assert.equal(partial.code, 1, partial.stdout);
  assert.match(partial.stdout, /1 survivors accounted for in a\.ts/);
  assert.match(partial.stdout, /\| `a\.ts:10:3 BlockStatement → \{ \}` \| no coverage: {2}\|/);
  assert.match(partial.stdout, /listed, but not a survivor of this run \(1;.*\n {4}a\.ts:1:1 ConditionalExpression → true/);
  assert.doesNotMatch(partial.stdout, /b\.ts:4:9/, 'b.ts has no section: its survivor is not asked for');

  writeFileSync(
    doc,
    [
      '### reference/a.ts',
      '| `a.ts:9:5 ConditionalExpression → false` | **equivalent**: the branch only shortens a scan |',
      '| `a.ts:10:3 BlockStatement → { }` | **not worth a scenario**: a log line |',
      '### b.ts',
      '| `b.ts:4:9 ConditionalExpression → true` | **profile-only**: an ablation switch |',
    ].join('\n'),
  );
  const complete = await score('--survivors', doc);
  assert.equal(complete.code, 0, complete.stdout);
  assert.match(complete.stdout, /3 survivors accounted for in a\.ts, b\.ts/);
  // 11 detected of 14; a.ts:9:5 is shown equivalent: 11 / 13 = 84.6%
  assert.match(complete.stdout, /score over non-equivalent mutants: 84\.6% \(11 detected of 13; 1 survivors of a\.ts, b\.ts shown \*\*equivalent\*\* in .* left out\)/);
  assert.equal((await score('--survivors', doc, '--min-non-equivalent', '84.6')).code, 0);
  const under = await score('--survivors', doc, '--min-non-equivalent', '85');
  assert.equal(under.code, 1);
  assert.match(under.stdout, /FAIL: the score over non-equivalent mutants is 84\.6%, below --min-non-equivalent 85%/);
  const alone = await score('--min-non-equivalent', '80');
  assert.equal(alone.code, 2, 'without --survivors nothing says which mutants are equivalent');
  assert.match(alone.stderr, /--min-non-equivalent needs --survivors/);

  writeFileSync(doc, ['### a.ts', '| `a.ts:9:5 ConditionalExpression → false` | **equivalent**: x |', '| `a.ts:10:3 BlockStatement → { }` | no coverage:  |'].join('\n'));
  const blank = await score('--survivors', doc);
  assert.equal(blank.code, 1, 'a row with no reason in a category accounts for nothing');
  assert.match(blank.stdout, /1 survivors accounted for in a\.ts/);
  assert.match(blank.stdout, /listed without a reason in a category \(1;.*\n {4}a\.ts:10:3 BlockStatement → \{ \}/);
});

/**
 * The rekey tests' change: the old run had a.ts survivors at lines 3 and 5; in the new run two lines
 * are inserted above, the one at old line 5 is now killed, and a new survivor is at line 11.
 */
const REKEY_SRC = ['// a', 'function f() {', '  if (x) return 1;', '  y();', '  if (z) return 2;', '}', 'w();', 'v();', 'if (q) u();'];
const REKEY_OLD_SRC = REKEY_SRC.slice(0, 6).join('\n');
/** A report of one file, reference/a.ts. */
function reportOfA(source: string, mutants: object[]): object {
  return { schemaVersion: '1', thresholds: { high: 80, low: 60 }, files: { 'reference/a.ts': { language: 'typescript', source, mutants } } };
}
const REKEY_NOW = reportOfA(['// new', '// lines', ...REKEY_SRC].join('\n'), [
  mutant('Survived', 5, 7, 'ConditionalExpression', 'false'),
  mutant('Killed', 7, 7, 'ConditionalExpression', 'true'),
  mutant('NoCoverage', 11, 5, 'ConditionalExpression', 'false'),
]);
const REKEY_DOC = ['# doc', '### a.ts', '| mutant | why |', '|---|---|', '| `a.ts:3:7 ConditionalExpression → false` | **equivalent**: x is always set |', '| `a.ts:5:7 ConditionalExpression → true` | **not reached**: z |', '', 'after'].join('\n');
const REKEYED_DOC = ['# doc', '### a.ts', '| mutant | why |', '|---|---|', '| `a.ts:5:7 ConditionalExpression → false` | **equivalent**: x is always set |', '| `a.ts:11:5 ConditionalExpression → false` | no coverage:  |', '', 'after'].join('\n');
const REKEYED_SUMMARY = /1 rows carried over, 1 dropped \(no longer a survivor\), 1 added with an empty reason/;

test('--rekey-from: rows follow their mutants to new lines, rows of killed mutants go, new survivors come in blank', async () => {
  const old = reportOfA(REKEY_OLD_SRC, [mutant('Survived', 3, 7, 'ConditionalExpression', 'false'), mutant('Survived', 5, 7, 'ConditionalExpression', 'true')]);
  const oldFile = path.join(dir, 'old.json');
  const newFile = path.join(dir, 'new.json');
  writeFileSync(oldFile, JSON.stringify(old));
  writeFileSync(newFile, JSON.stringify(REKEY_NOW));
  const doc = path.join(dir, 'rekey.md');
  writeFileSync(doc, REKEY_DOC);
  const r = await score('--report', newFile, '--survivors', doc, '--rekey-from', oldFile);
  assert.equal(r.code, 1, 'the new survivor has no reason yet');
  assert.match(r.stdout, REKEYED_SUMMARY);
  assert.equal(readFileSync(doc, 'utf8'), REKEYED_DOC);
});

test('--rekey-from-source: with no older report, rows follow the text of their line from the source at a git revision', async () => {
  // the same change, but the old run is known only by the document and the old source in git
  const repo = mkdtempSync(path.join(dir, 'repo-'));
  const git = (...args: string[]) => run('git', ['-c', 'user.email=t@example.org', '-c', 'user.name=t', ...args], { cwd: repo });
  await git('init', '-q');
  mkdirSync(path.join(repo, 'reference'));
  writeFileSync(path.join(repo, 'reference', 'a.ts'), REKEY_OLD_SRC);
  await git('add', '.');
  await git('commit', '-qm', 'old');
  const { stdout: rev } = await git('rev-parse', 'HEAD');
  const newFile = path.join(repo, 'new.json');
  writeFileSync(newFile, JSON.stringify(REKEY_NOW));
  const doc = path.join(repo, 'rekey.md');
  writeFileSync(doc, REKEY_DOC);
  // run in the repository, as a maintainer runs it in the checkout
  const inRepo = (...args: string[]): Promise<Ran> => runScript(args, repo);
  const r = await inRepo('--report', newFile, '--survivors', doc, '--rekey-from-source', rev.trim());
  assert.equal(r.code, 1, 'the new survivor has no reason yet');
  assert.match(r.stdout, REKEYED_SUMMARY);
  assert.equal(readFileSync(doc, 'utf8'), REKEYED_DOC);
  const missing = await inRepo('--report', newFile, '--survivors', doc, '--rekey-from-source', 'no-such-revision');
  assert.equal(missing.code, 2);
  assert.match(missing.stderr, /cannot read reference\/a\.ts at no-such-revision from git/);
  const both = await inRepo('--report', newFile, '--survivors', doc, '--rekey-from-source', rev.trim(), '--rekey-from', newFile);
  assert.equal(both.code, 2);
  assert.match(both.stderr, /give one/);
});

test('a missing or malformed report is a harness error (exit 2), saying so', async () => {
  const missing = await score('--report', path.join(dir, 'nope.json'));
  assert.equal(missing.code, 2);
  assert.match(missing.stderr, /cannot read .*nope\.json.*run npm run mutation first/);
  const bad = path.join(dir, 'bad.json');
  writeFileSync(bad, JSON.stringify({ files: { 'x.ts': { mutants: 'none' } } }));
  const malformed = await score('--report', bad);
  assert.equal(malformed.code, 2);
  assert.match(malformed.stderr, /is not a Stryker JSON report/);
});

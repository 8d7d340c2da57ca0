/**
 * docs/writing-features.md is followed literally, in an empty folder outside the package:
 * - its set-up puts `tipc-conformance` on the PATH with `npm link` (here into a temporary npm
 *   prefix, so the machine's global folder is not touched);
 * - its requirement table and its one worked example are saved where it says;
 * - every `tipc-conformance ...` command it shows is run as written, through a shell, in order:
 *   the step list and the lint exit 0, the run against the reference exits 0 and writes the
 *   reports the guide names, with the scenario in each, and the run against the @catches:
 *   profile exits 1 on the name table step.
 * If the guide's example or its commands drift from what the harness does, this test fails.
 */
import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { PACKAGE_ROOT } from '../support/cli';

const GUIDE = readFileSync(path.join(PACKAGE_ROOT, 'docs', 'writing-features.md'), 'utf8');

function fenced(lang: string): string[] {
  return [...GUIDE.matchAll(new RegExp('```' + lang + '\\n([\\s\\S]*?)```', 'g'))].map((m) => m[1]);
}

/** The guide's indented (4-space) command lines, with `\` continuations joined. */
function indentedCommands(): string[] {
  const commands: string[] = [];
  let current = '';
  for (const line of GUIDE.split('\n')) {
    const m = /^ {4}( *\S.*)$/.exec(line);
    if (!m) {
      current = '';
      continue;
    }
    const text = m[1].trimEnd();
    current = current === '' ? text : `${current} ${text.trim()}`;
    if (current.endsWith('\\')) {
      current = current.slice(0, -1).trimEnd();
      continue;
    }
    commands.push(current);
    current = '';
  }
  return commands;
}

interface Shell {
  readonly code: number | null;
  readonly out: string;
}

let dir = '';
let prefix = '';
let scenarioName = '';
let catches = '';
const COMMANDS = indentedCommands().filter((c) => c.startsWith('tipc-conformance '));

function sh(command: string, cwd: string): Shell {
  const r = spawnSync('bash', ['-c', command], {
    cwd,
    env: { ...process.env, PATH: `${path.join(prefix, 'bin')}:${process.env.PATH ?? ''}`, NO_COLOR: '1', FORCE_COLOR: undefined },
    encoding: 'utf8',
    timeout: 300_000,
  });
  return { code: r.status, out: `$ ${command}\n${r.stdout}${r.stderr}${r.error ? String(r.error) : ''}` };
}

/** The one guide command that matches. */
function command(pred: (c: string) => boolean, what: string): string {
  const found = COMMANDS.filter(pred);
  assert.equal(found.length, 1, `the guide shows one command to ${what}; found: ${found.join(' | ') || 'none'}`);
  return found[0];
}

before(() => {
  const examples = fenced('gherkin');
  const tables = fenced('markdown');
  assert.equal(examples.length, 1, 'the guide has exactly one worked example (a ```gherkin block)');
  assert.equal(tables.length, 1, 'the guide has exactly one requirement table (a ```markdown block)');
  const feature = examples[0];
  scenarioName = /^\s*Scenario: (.+)$/m.exec(feature)?.[1]?.trim() ?? '';
  catches = /@catches:(\S+)/.exec(feature)?.[1] ?? '';
  assert.ok(scenarioName && catches, 'the worked example has a Scenario and a @catches: tag');
  const saveAs = /Save this as `([^`]+\.feature)`/.exec(GUIDE)?.[1];
  const tableAs = /Save it as `([^`]+\.md)`/.exec(GUIDE)?.[1];
  assert.ok(saveAs && tableAs, 'the guide says where to save the example and the table');
  dir = mkdtempSync(path.join(tmpdir(), 'tipc-guide-'));
  prefix = mkdtempSync(path.join(tmpdir(), 'tipc-guide-npm-'));
  mkdirSync(path.join(dir, path.dirname(saveAs)), { recursive: true });
  writeFileSync(path.join(dir, saveAs), feature);
  writeFileSync(path.join(dir, tableAs), tables[0]);
});

after(() => {
  for (const d of [dir, prefix]) if (d) rmSync(d, { recursive: true, force: true });
});

describe('docs/writing-features.md, followed in an empty folder', () => {
  test('its set-up puts tipc-conformance on the PATH with npm link', () => {
    const setup = indentedCommands().find((c) => /\bnpm link\b/.test(c));
    assert.ok(setup, 'the guide says how to put the command on the PATH (npm link)');
    // The clone is installed already (npm ci ran); link it as the guide says, into a prefix of ours.
    const r = spawnSync('npm', ['link', '--no-audit', '--no-fund'], {
      cwd: PACKAGE_ROOT,
      env: { ...process.env, npm_config_prefix: prefix },
      encoding: 'utf8',
      timeout: 120_000,
    });
    assert.equal(r.status, 0, `${r.stdout}${r.stderr}`);
    const v = sh('tipc-conformance --version', dir);
    assert.equal(v.code, 0, v.out);
    assert.ok(COMMANDS.length >= 4, `the guide shows its commands (steps, lint, run, run against the bug): ${COMMANDS.join(' | ')}`);
  });

  test('the step vocabulary it points at lists the steps of the worked example', () => {
    const r = sh(command((c) => / steps\b/.test(c), 'list the steps'), dir);
    assert.equal(r.code, 0, r.out);
    assert.match(r.out, /a cluster of nodes/);
  });

  test('its lint command passes with its requirement table, and fails without it', () => {
    const lint = command((c) => / lint /.test(c), 'lint');
    const ok = sh(lint, dir);
    assert.equal(ok.code, 0, ok.out);
    assert.match(ok.out, /1 scenario in 1 feature file, no problems/);
    const without = sh(lint.replace(/ --requirements \S+/, ''), dir);
    assert.equal(without.code, 2, without.out);
    assert.match(without.out, /LAB-1/);
  });

  test('its run passes against the reference, and the scenario shows in every report it names', () => {
    const run = command((c) => / run /.test(c) && !/--iut /.test(c), 'run against the reference');
    const r = sh(run, dir);
    assert.equal(r.code, 0, r.out);
    assert.match(r.out, new RegExp(`PASS .*${scenarioName.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`));
    const out = path.join(dir, /--out (\S+)/.exec(run)?.[1] ?? 'reports');
    const junit = readFileSync(path.join(out, 'junit.xml'), 'utf8');
    assert.ok(junit.includes(scenarioName.replace(/'/g, '&apos;')) || junit.includes(scenarioName), 'junit.xml names the scenario');
    assert.ok(readFileSync(path.join(out, 'cucumber.html'), 'utf8').includes(scenarioName), 'cucumber.html names the scenario');
    const results = readdirSync(path.join(out, 'allure-results')).filter((f) => f.endsWith('-result.json'));
    const named = results
      .map((f) => JSON.parse(readFileSync(path.join(out, 'allure-results', f), 'utf8')) as { name: string; status: string })
      .filter((x) => x.name === scenarioName);
    assert.deepEqual(named.map((x) => x.status), ['passed']);
    assert.ok(existsSync(path.join(out, 'allure-report', 'index.html')), 'the Allure HTML report was generated');
    assert.equal(readdirSync(path.join(out, 'charts')).filter((f) => f.endsWith('.svg')).length, 1, 'its sequence chart');
    // a passed scenario's trace is gzipped
    assert.deepEqual(readdirSync(path.join(out, 'traces')).filter((f) => f.endsWith('.trace.txt.gz')).length, 1, 'its wire trace');
  });

  test('with --bundled, as it says, the same run runs ours beside it, from any folder', () => {
    assert.match(GUIDE, /add `--bundled` to run ours too/);
    const run = command((c) => / run /.test(c) && !/--iut /.test(c), 'run against the reference');
    const r = sh(`${run.replace(/ --out \S+/, '')} --out beside --no-report --bundled --tags '@req:LAB-1 or @req:FO-1'`, dir);
    assert.equal(r.code, 0, r.out);
    assert.match(r.out, /2 scenarios/);
    assert.match(r.out, /PASS .*Node 1 fails over too when node 2's FAILOVER_MSG arrives first/);
    assert.match(r.out, new RegExp(`PASS .*${scenarioName.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`));
    assert.match(r.out, /features: \S*features my-features/);
  });

  test('its run against the profile the @catches: tag names fails on the name table', () => {
    const bug = command((c) => / run /.test(c) && c.includes(`--iut reference:${catches}`), `run against reference:${catches}`);
    const r = sh(bug, dir);
    assert.equal(r.code, 1, r.out);
    assert.match(r.out, /FAIL /);
    assert.match(r.out, /name table holds every cluster-scope binding of node 2' .* failed/);
    assert.match(r.out, /expected: .*\n\s+seen: /);
  });
});

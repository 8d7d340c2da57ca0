/**
 * docs/writing-features.md is followed literally: its requirement table and its one worked
 * example are copied into a temporary folder outside the package, linted, run against the
 * reference (passes, and shows in every report), and run against the profile its @catches: tag
 * names (fails on the name table step). If the guide's example or its commands drift from what
 * the harness does, this test fails.
 */
import { strict as assert } from 'node:assert';
import { mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { PACKAGE_ROOT, runCli } from './support/cli';

const GUIDE = readFileSync(path.join(PACKAGE_ROOT, 'docs', 'writing-features.md'), 'utf8');

function fenced(lang: string): string[] {
  return [...GUIDE.matchAll(new RegExp('```' + lang + '\\n([\\s\\S]*?)```', 'g'))].map((m) => m[1]);
}

let dir = '';
let feature = '';
let scenarioName = '';
let catches = '';

before(() => {
  const examples = fenced('gherkin');
  const tables = fenced('markdown');
  assert.equal(examples.length, 1, 'the guide has exactly one worked example (a ```gherkin block)');
  assert.equal(tables.length, 1, 'the guide has exactly one requirement table (a ```markdown block)');
  feature = examples[0];
  scenarioName = /^\s*Scenario: (.+)$/m.exec(feature)?.[1]?.trim() ?? '';
  catches = /@catches:(\S+)/.exec(feature)?.[1] ?? '';
  assert.ok(scenarioName && catches, 'the worked example has a Scenario and a @catches: tag');
  const saveAs = /Save this as `([^`]+\.feature)`/.exec(GUIDE)?.[1];
  assert.ok(saveAs, 'the guide says where to save the example');
  dir = mkdtempSync(path.join(tmpdir(), 'tipc-guide-'));
  mkdirSync(path.join(dir, path.dirname(saveAs)), { recursive: true });
  writeFileSync(path.join(dir, saveAs), feature);
  writeFileSync(path.join(dir, 'my-requirements.md'), tables[0]);
});

after(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe('docs/writing-features.md, followed in an empty folder', () => {
  test('the example lints clean with the guide\'s requirement table, and not without it', async () => {
    const ok = await runCli(['lint', 'my-features', '--requirements', 'my-requirements.md'], dir);
    assert.equal(ok.code, 0, ok.stdout + ok.stderr);
    assert.match(ok.stdout, /1 scenario in 1 feature file, no problems/);
    const missing = await runCli(['lint', 'my-features'], dir);
    assert.equal(missing.code, 2, missing.stdout + missing.stderr);
    assert.match(missing.stdout + missing.stderr, /LAB-1/);
  });

  test('it passes against the reference and shows in the console, junit.xml and the Allure results', async () => {
    const r = await runCli(['run', '--features', 'my-features', '--requirements', 'my-requirements.md', '--out', 'my-reports', '--no-report'], dir);
    assert.equal(r.code, 0, r.stdout + r.stderr);
    assert.match(r.stdout, new RegExp(`PASS .*${scenarioName.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`));
    const junit = readFileSync(path.join(dir, 'my-reports', 'junit.xml'), 'utf8');
    assert.ok(junit.includes(scenarioName.replace(/'/g, '&apos;')) || junit.includes(scenarioName), 'junit.xml names the scenario');
    const results = readdirSync(path.join(dir, 'my-reports', 'allure-results')).filter((f) => f.endsWith('-result.json'));
    const named = results
      .map((f) => JSON.parse(readFileSync(path.join(dir, 'my-reports', 'allure-results', f), 'utf8')) as { name: string; status: string })
      .filter((x) => x.name === scenarioName);
    assert.deepEqual(named.map((x) => x.status), ['passed']);
  });

  test('it fails against the profile its @catches: tag names, on the name table', async () => {
    const r = await runCli(
      ['run', '--features', 'my-features', '--requirements', 'my-requirements.md', '--out', 'my-reports-bug', '--no-report', '--iut', `reference:${catches}`],
      dir,
    );
    assert.equal(r.code, 1, r.stdout + r.stderr);
    assert.match(r.stdout, /FAIL /);
    assert.match(r.stdout, /name table holds every cluster-scope binding of node 2' .* failed/);
  });
});

/**
 * `tipc-conformance lint` and the lint `run` does first: each broken input gives its message as
 * FILE:LINE:COLUMN and exit 2, and `run` starts nothing. Our own features lint clean.
 */
import { strict as assert } from 'node:assert';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { type CliResult, runCli } from '../support/cli';

let scratch = '';

function show(r: CliResult): string {
  return `exit ${r.code}\n--- stdout\n${r.stdout}\n--- stderr\n${r.stderr}`;
}

/** Step definitions that leave a marker file when any step runs, so "nothing ran" can be seen. */
function supportSource(marker: string): string {
  const cucumber = JSON.stringify(require.resolve('@cucumber/cucumber'));
  return `'use strict';
const { Given, Then } = require(${cucumber});
const fs = require('node:fs');
const ran = () => fs.writeFileSync(${JSON.stringify(marker)}, 'a step ran');
Given('node {int} is up', function (n) { ran(); });
Then('node {int} sees node {int}', function (a, b) { ran(); });
Given('the link of node {int} is {word}', function (n, w) { ran(); });
Given('the link of node {int} is {int}', function (n, m) { ran(); });
`;
}

const GOOD = `@needs:link
Feature: fine
  @req:MY-1 @iut:1 @catches:pre-half-failover-fix @known-bug:KF-1
  Scenario: a clean scenario
    Given node 1 is up
    Then node 1 sees node 2
`;

/** Each broken input: its feature text and what lint must say about it. */
const BROKEN: readonly { readonly name: string; readonly feature: string; readonly message: RegExp }[] = [
  {
    name: 'a syntax error',
    feature: `Feature: broken\n  @req:MY-1 @iut:1\n  Scenario: x\n    Given node 1 is up\n  Examples without a colon\n`,
    message: /syntax-error\.feature:5:3: parse error: .*got 'Examples without a colon'\n {4}> {3}Examples without a colon/,
  },
  {
    name: 'an undefined step',
    feature: `Feature: undefined\n  @req:MY-1 @iut:1\n  Scenario: x\n    Given node 1 is up\n    When node 1 jumps over 3 fences\n`,
    message: /undefined-step\.feature:5:5: undefined step: "When node 1 jumps over 3 fences"\n[^]*When\('node \{int\} jumps over \{int\} fences', function \(int, int2\) \{/,
  },
  {
    name: 'a near miss of a step without a catalogue entry',
    feature: `Feature: near miss\n  @req:MY-1 @iut:1\n  Scenario: x\n    Given node 1 is upp\n`,
    message: /near-miss-of-a-step-without-a-catalogue-entry\.feature:4:5: undefined step: "Given node 1 is upp"; nearest: "node \{int\} is up"\n {4}"upp" should be "up"\n/,
  },
  {
    name: 'an ambiguous step',
    feature: `Feature: ambiguous\n  @req:MY-1 @iut:1\n  Scenario: x\n    Given the link of node 1 is 5\n`,
    message: /ambiguous-step\.feature:4:5: ambiguous step: "Given the link of node 1 is 5" matches 2 step definitions\n {6}[^\n]*steps\.js:7 {2}the link of node \{int\} is \{word\}\n {6}[^\n]*steps\.js:8 {2}the link of node \{int\} is \{int\}/,
  },
  {
    name: 'a missing requirement tag',
    feature: `Feature: no requirement\n  @iut:1\n  Scenario: untagged\n    Given node 1 is up\n`,
    message: /missing-requirement-tag\.feature:3:3: scenario "untagged" has no requirement tag: tag it @req:ID/,
  },
  {
    name: 'an unknown requirement',
    feature: `Feature: unknown requirement\n  @req:MY-99 @iut:1\n  Scenario: x\n    Given node 1 is up\n`,
    message: /unknown-requirement\.feature:2:3: unknown requirement @req:MY-99: MY-99 is not in [^\n]*requirements\.md/,
  },
  {
    name: 'an unknown profile',
    feature: `Feature: unknown profile\n  @req:MY-1 @iut:1 @catches:pre-everything-fix\n  Scenario: x\n    Given node 1 is up\n`,
    message: /unknown-profile\.feature:2:20: unknown profile in @catches:pre-everything-fix: no reference profile is called 'pre-everything-fix'\n {4}profiles: fixed, pre-half-failover-fix/,
  },
  {
    name: 'an unknown capability',
    feature: `@needs:teleport\nFeature: unknown capability\n  @req:MY-1 @iut:1\n  Scenario: x\n    Given node 1 is up\n`,
    message: /unknown-capability\.feature:1:1: unknown capability in @needs:teleport\n {4}capabilities: link, failover/,
  },
  {
    name: 'a profile that catches nothing',
    feature: `Feature: fixed catches\n  @req:MY-1 @iut:1 @catches:fixed\n  Scenario: x\n    Given node 1 is up\n`,
    message: /profile-that-catches-nothing\.feature:2:20: @catches:fixed catches nothing: 'fixed' is today's kernel behaviour/,
  },
  {
    name: 'a misspelled tag prefix',
    feature: `@need:link\nFeature: typo\n  @req:MY-1 @iut:1\n  Scenario: x\n    Given node 1 is up\n`,
    message: /misspelled-tag-prefix\.feature:1:1: unknown tag prefix in @need:link: did you mean @needs:\?/,
  },
  {
    name: 'two iut tags',
    feature: `Feature: two iut tags\n  @req:MY-1 @iut:1 @iut:2\n  Scenario: split\n    Given node 1 is up\n`,
    message: /two-iut-tags\.feature:2:20: scenario "split" has 2 @iut tags \(@iut:1 @iut:2\): name every node under test in one, e\.g\. @iut:1,2/,
  },
  {
    name: 'an unknown severity',
    feature: `@severity:apocalyptic\nFeature: severity\n  @req:MY-1 @iut:1\n  Scenario: x\n    Given node 1 is up\n`,
    message: /unknown-severity\.feature:1:1: unknown severity in @severity:apocalyptic\n {4}severities: blocker, critical, normal, minor, trivial/,
  },
  {
    name: 'an unknown kernel bug',
    feature: `Feature: unknown kernel bug\n  @req:MY-1 @iut:1 @known-bug:KF-99\n  Scenario: x\n    Given node 1 is up\n`,
    message: /unknown-kernel-bug\.feature:2:20: unknown kernel bug in @known-bug:KF-99: docs\/kernel-findings\.md has no section whose heading starts with "KF-99:"\n {4}sections: KF-1\b/,
  },
  {
    name: 'a known-bug tag without its ID',
    feature: `Feature: bare known bug\n  @req:MY-1 @iut:1 @known-bug\n  Scenario: x\n    Given node 1 is up\n`,
    message: /known-bug-tag-without-its-ID\.feature:2:20: bad tag @known-bug: write @known-bug:ID, ID the start of a heading of docs\/kernel-findings\.md/,
  },
  {
    name: 'two known-bug tags',
    feature: `@known-bug:KF-1\nFeature: two known bugs\n  @req:MY-1 @iut:1 @known-bug:KF-2\n  Scenario: doubly known\n    Given node 1 is up\n`,
    message: /two-known-bug-tags\.feature:3:20: scenario "doubly known" has 2 @known-bug tags \(@known-bug:KF-1 @known-bug:KF-2\): name the one kernel bug that makes it fail/,
  },
  {
    name: 'a misspelled known-bug tag',
    feature: `Feature: typo\n  @req:MY-1 @iut:1 @knownbug:KF-1\n  Scenario: x\n    Given node 1 is up\n`,
    message: /misspelled-known-bug-tag\.feature:2:20: unknown tag prefix in @knownbug:KF-1: did you mean @known-bug:\?/,
  },
  {
    name: 'no node under test',
    feature: `Feature: no iut\n  @req:MY-1\n  Scenario: nobody under test\n    Given node 1 is up\n`,
    message: /no-node-under-test\.feature:3:3: scenario "nobody under test" names no node under test: tag it @iut:N/,
  },
];

function fileName(name: string): string {
  return `${name.replace(/^an? /, '').replace(/ /g, '-')}.feature`;
}

before(() => {
  scratch = mkdtempSync(path.join(tmpdir(), 'tipc-lint-test-'));
  mkdirSync(path.join(scratch, 'support'));
  mkdirSync(path.join(scratch, 'good'));
  mkdirSync(path.join(scratch, 'broken'));
  writeFileSync(path.join(scratch, 'support', 'steps.js'), supportSource(path.join(scratch, 'a-step-ran')));
  writeFileSync(path.join(scratch, 'requirements.md'), '| id | statement |\n|---|---|\n| MY-1 | a node sees its peer |\n');
  writeFileSync(path.join(scratch, 'good', 'fine.feature'), GOOD);
  for (const b of BROKEN) writeFileSync(path.join(scratch, 'broken', fileName(b.name)), b.feature);
});

after(() => {
  if (scratch !== '') rmSync(scratch, { recursive: true, force: true });
});

const OWN = ['--support', 'support', '--requirements', 'requirements.md'];

describe('lint', { concurrency: 2 }, () => {
  test('our own features lint clean', async () => {
    const r = await runCli(['lint']);
    assert.equal(r.code, 0, show(r));
    assert.match(r.stdout, /^lint: \d+ scenarios in \d+ feature files, no problems\n$/);
  });

  test('FILE:LINE of an Examples row: only that row is linted, and its steps are defined', async () => {
    // cucumber sends every pickle of the file, but matches steps only for the row asked for
    const lines = readFileSync(path.join(__dirname, '..', '..', 'features', 'naming', 'broadcast.feature'), 'utf8').split('\n');
    const row = lines.findIndex((l) => /^\s*\|\s*16\s*\|/.test(l)) + 1;
    assert.ok(row > 0, 'the 16-node Examples row of NB-6');
    const r = await runCli(['lint', '--features', `features/naming/broadcast.feature:${row}`]);
    assert.equal(r.code, 0, show(r));
    assert.doesNotMatch(r.stdout, /undefined step/);
  });

  test('a clean user feature lints clean', async () => {
    const r = await runCli(['lint', 'good', ...OWN], scratch);
    assert.equal(r.code, 0, show(r));
    assert.equal(r.stdout, 'lint: 1 scenario in 1 feature file, no problems\n');
  });

  for (const b of BROKEN) {
    test(`${b.name}: its message and exit 2`, async () => {
      const r = await runCli(['lint', path.join('broken', fileName(b.name)), ...OWN], scratch);
      assert.equal(r.code, 2, show(r));
      assert.match(r.stderr, b.message, show(r));
      assert.match(r.stderr, /\nlint: \d+ problems? \(/);
    });
  }

  test('all broken files at once: every problem reported, sorted by file and line', async () => {
    const r = await runCli(['lint', 'broken', ...OWN], scratch);
    assert.equal(r.code, 2, show(r));
    for (const b of BROKEN) assert.match(r.stderr, b.message, `${b.name} missing when linting the folder\n${show(r)}`);
    const places = [...r.stderr.matchAll(/^broken\/([\w-]+)\.feature:(\d+):/gm)].map((m) => `${m[1]}:${m[2].padStart(4, '0')}`);
    assert.ok(places.length >= BROKEN.length, `every broken file is reported by its relative path\n${show(r)}`);
    assert.deepEqual(places, [...places].sort());
    // the summary counts the files that did not parse too
    assert.match(r.stderr, new RegExp(`scenarios? in ${BROKEN.length} feature files\\)\\n$`));
  });

  test('a scenario whose steps need a capability it is not tagged with', async () => {
    const dir = path.join(scratch, 'needs');
    mkdirSync(dir, { recursive: true });
    writeFileSync(
      path.join(dir, 'untagged.feature'),
      `Feature: needs\n  @req:FO-1 @iut:1\n  Scenario: reads a name table untagged\n    Given a cluster of nodes 1 and 2 joined by bearer A\n    Then node 1's name table holds every cluster-scope binding of node 2\n`,
    );
    const r = await runCli(['lint', dir]);
    assert.equal(r.code, 2, show(r));
    assert.match(r.stderr, /untagged\.feature:3:3: scenario "reads a name table untagged" uses "Then node 1's name table holds every cluster-scope binding of node 2", which needs capability naming: tag the scenario or its feature @needs:naming/);
  });
});

/** Features with one undefined step each, against the package's steps (test/fixtures/near-step/). */
const NEAR = path.join('test', 'fixtures', 'near-step');

/** What lint says of each: the whole of stderr. */
const NEAR_MISSES: readonly { readonly name: string; readonly file: string; readonly stderr: string }[] = [
  {
    name: 'a service range written {7000,0,9}: the nearest step and the format of {range}, no snippet',
    file: 'range-without-spaces.feature',
    stderr:
      `${NEAR}/range-without-spaces.feature:9:5: undefined step: "When node 1 binds the service range {7000,0,9} at cluster scope"; ` +
      'nearest: "node {int} binds the service range {range} at cluster scope"\n' +
      '    only the {range} does not match: "{7000,0,9}"; {range} is a service range as {type, lower, upper}: {7000, 0, 9} is service type 7000, instances 0 to 9\n' +
      '    also near: "node {int} binds the service range {range} at node scope"\n',
  },
  {
    name: 'a typo in a word: the nearest step, the word, and the formats of its parameters',
    file: 'word-typo.feature',
    stderr:
      `${NEAR}/word-typo.feature:9:5: undefined step: "When node 1 bings the service range {7000, 0, 9} at cluster scope"; ` +
      'nearest: "node {int} binds the service range {range} at cluster scope"\n' +
      '    "bings" should be "binds"\n' +
      '    {range} is a service range as {type, lower, upper}: {7000, 0, 9} is service type 7000, instances 0 to 9\n' +
      '    also near: "node {int} binds the service range {range} at node scope"\n',
  },
  {
    name: 'a step near none of ours: no suggestion, cucumber\'s snippet',
    file: 'no-near-step.feature',
    stderr:
      `${NEAR}/no-near-step.feature:9:5: undefined step: "When node 1 jumps over 3 fences"\n` +
      '    no step definition matches it or comes close; see `tipc-conformance steps` for the vocabulary, or define it:\n' +
      "      When('node {int} jumps over {int} fences', function (int, int2) {\n" +
      '        // Write code here that turns the phrase above into concrete actions\n' +
      "        return 'pending';\n" +
      '      });\n',
  },
];

describe('an undefined step: the step definitions it nearly matches', { concurrency: 2 }, () => {
  for (const n of NEAR_MISSES) {
    test(n.name, async () => {
      const r = await runCli(['lint', path.join(NEAR, n.file)]);
      assert.equal(r.code, 2, show(r));
      assert.equal(r.stderr, `${n.stderr}lint: 1 problem (1 scenario in 1 feature file)\n`);
    });
  }

  test('run lints first and says the same', async () => {
    const n = NEAR_MISSES[0];
    const out = path.join(scratch, 'out-near-step');
    const r = await runCli(['run', '--no-report', '--features', path.join(NEAR, n.file), '--out', out]);
    assert.equal(r.code, 2, show(r));
    assert.equal(r.stderr, `tipc-conformance: harness error: the features have 1 problem (tipc-conformance lint); nothing was run:\n${n.stderr}`);
    assert.equal(r.stdout, '');
    assert.ok(!existsSync(out), 'the output folder was created');
  });
});

describe('lint with the package\'s steps: the cluster a scenario declares', { concurrency: 2 }, () => {
  const write = (name: string, text: string): string => {
    const dir = path.join(scratch, 'cluster', name);
    mkdirSync(dir, { recursive: true });
    writeFileSync(path.join(dir, `${name}.feature`), text);
    return dir;
  };

  test('a node under test that is not in the cluster', async () => {
    const dir = write('outside', `@needs:link\nFeature: outside\n  @req:FO-1 @iut:3\n  Scenario: node 3 is nowhere\n    Given a cluster of nodes 1 and 2 joined by bearer A\n    Then link <1A-2A> is up on both nodes within 2000 ms\n`);
    const r = await runCli(['lint', dir]);
    assert.equal(r.code, 2, show(r));
    assert.match(r.stderr, /outside\.feature:3:13: @iut:3: node 3 is not in the cluster of scenario "node 3 is nowhere" \(nodes 1, 2: "Given a cluster of nodes 1 and 2 joined by bearer A"\)/);
  });

  test('nodes under test of a Scenario Outline are checked per Examples row', async () => {
    const dir = write('outline', `@needs:link\nFeature: outline\n  @req:FO-1 @iut:4\n  Scenario Outline: N nodes\n    Given a cluster of nodes 1 to <n> joined by bearer A\n    Then link <1A-2A> is up on both nodes within 2000 ms\n    Examples:\n      | n |\n      | 4 |\n      | 3 |\n`);
    const r = await runCli(['lint', dir]);
    assert.equal(r.code, 2, show(r));
    assert.match(r.stderr, /outline\.feature:3:13: @iut:4: node 4 is not in the cluster of scenario "N nodes" \(nodes 1, 2, 3: "Given a cluster of nodes 1 to 3 joined by bearer A"\)/);
    assert.doesNotMatch(r.stderr, /nodes 1, 2, 3, 4:/);
  });

  test('a scenario that declares no cluster', async () => {
    const dir = write('nocluster', `@needs:link\nFeature: no cluster\n  @req:FO-1 @iut:1\n  Scenario: links of nothing\n    Then link <1A-2A> is up on both nodes within 2000 ms\n`);
    const r = await runCli(['lint', dir]);
    assert.equal(r.code, 2, show(r));
    assert.match(r.stderr, /nocluster\.feature:4:3: scenario "links of nothing" declares no cluster: its first step should be one like "Given a cluster of nodes 1 and 2 joined by bearers A and B"/);
  });

  test('step definitions that do not load: a harness error naming the file, exit 2', async () => {
    const dir = path.join(scratch, 'badsupport');
    mkdirSync(dir, { recursive: true });
    writeFileSync(path.join(dir, 'steps.js'), `throw new Error('these steps are broken');\n`);
    const r = await runCli(['lint', 'good', '--support', 'badsupport', '--requirements', 'requirements.md'], scratch);
    assert.equal(r.code, 2, show(r));
    assert.match(r.stderr, /harness error: error loading the step definitions: these steps are broken/);
    assert.doesNotMatch(r.stderr, /internal error/);
  });
});

describe('run lints first', { concurrency: 2 }, () => {
  for (const b of BROKEN.filter((x) => ['a syntax error', 'an undefined step', 'an ambiguous step', 'a missing requirement tag', 'an unknown profile'].includes(x.name))) {
    test(`${b.name}: exit 2 with the lint message, no step ran, nothing written`, async () => {
      const out = path.join(scratch, `out-${fileName(b.name)}`);
      const r = await runCli(['run', '--no-report', '--features', 'good', path.join('broken', fileName(b.name)), ...OWN, '--out', out], scratch);
      assert.equal(r.code, 2, show(r));
      assert.match(r.stderr, /harness error: the features have \d+ problems? \(tipc-conformance lint\); nothing was run:/);
      assert.match(r.stderr, b.message);
      assert.equal(r.stdout, '');
      assert.ok(!existsSync(out), 'the output folder was created');
      assert.ok(!existsSync(path.join(scratch, 'a-step-ran')), 'a step ran');
    });
  }
});

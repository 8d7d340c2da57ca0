/**
 * The file names of a scenario's reports (steps/support/report.ts scenarioSlug): every scenario
 * and every Examples row of a feature file gets its own, and a row's name says which row it is.
 */
import { strict as assert } from 'node:assert';
import { test } from 'node:test';
import { AstBuilder, GherkinClassicTokenMatcher, Parser, compile } from '@cucumber/gherkin';
import { IdGenerator } from '@cucumber/messages';
import { scenarioSlug } from '../steps/support/report';

/** Every pickle of a feature's text, with its file-name form. */
function names(text: string, uri = 'features/x/some-feature.feature'): string[] {
  const newId = IdGenerator.incrementing();
  const doc = { ...new Parser(new AstBuilder(newId), new GherkinClassicTokenMatcher()).parse(text), uri };
  return compile(doc, uri, newId).map((p) => scenarioSlug(p, doc));
}

const STEPS = '    Given a cluster of nodes 1 and 2 joined by bearer A\n';

test('names that reduce to the same form get -2, -3 in file order; one that reduces to nothing is "scenario"', () => {
  const text = ['Feature: F', '  Scenario: A b', STEPS, '  Scenario: a-b', STEPS, '  Scenario: ø', STEPS, '  Scenario: å', STEPS, '  Scenario: a b 2', STEPS].join('\n');
  assert.deepEqual(names(text), [
    'some-feature--a-b',
    'some-feature--a-b-2',
    'some-feature--scenario',
    'some-feature--scenario-2',
    'some-feature--a-b-2-2',
  ]);
});

test("an Outline's rows are named by their values, after the Outline's name without its placeholders, even when that name is cut", () => {
  const long = 'A binding costs one broadcast send, and a send per peer once a legacy node is up, whatever the cluster';
  const text = [
    'Feature: F',
    `  Scenario Outline: ${long} (<n> nodes)`,
    STEPS,
    '    Examples:',
    '      | n  |',
    '      | 3  |',
    '      | 16 |',
    '    Examples: more',
    '      | n  |',
    '      | 3  |',
  ].join('\n');
  const [three, sixteen, again] = names(text);
  assert.match(three ?? '', /^some-feature--a-binding-costs-one-broadcast-send-and-a-send-per-peer-once-a-legacy-no-[0-9a-f]{8}--3$/);
  assert.equal(sixteen, (three ?? '').replace(/--3$/, '--16'));
  assert.equal(again, `${three}-2`, 'a row with the same values as another gets a suffix');
});

test("the scenarios under a Rule share the feature file's names with the others", () => {
  const text = ['Feature: F', '  Scenario: Same', STEPS, '  Rule: R', '    Scenario: same', STEPS].join('\n');
  assert.deepEqual(names(text, 'features/a.feature'), ['a--same', 'a--same-2']);
});

test("a feature file's scenarios are read once however many of its pickles are named: the cost per scenario does not grow with the file", () => {
  const rows = Array.from({ length: 1000 }, (_, i) => `      | ${i} |`);
  const text = ['Feature: F', '  Scenario Outline: row <n>', STEPS, '    Examples:', '      | n |', ...rows, '  Scenario: plain', STEPS].join('\n');
  const newId = IdGenerator.incrementing();
  const uri = 'features/x/big.feature';
  const parsed = { ...new Parser(new AstBuilder(newId), new GherkinClassicTokenMatcher()).parse(text), uri };
  const pickles = compile(parsed, uri, newId);
  let reads = 0;
  // the document as cucumber hands it to every scenario of the file, counting reads of its scenarios
  const doc = new Proxy(parsed, {
    get(target, key, receiver) {
      if (key === 'feature') reads++;
      return Reflect.get(target, key, receiver) as unknown;
    },
  });
  const named = pickles.map((p) => scenarioSlug(p, doc));
  assert.equal(pickles.length, 1001);
  assert.equal(new Set(named).size, 1001, 'every pickle has its own name');
  assert.equal(named[999], 'big--row--999');
  assert.equal(named[1000], 'big--plain');
  assert.equal(reads, 1, `the document's scenarios were read ${reads} times for ${pickles.length} pickles`);
});

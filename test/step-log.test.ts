/**
 * A step's text as the sequence chart heads its band (steps/support/step-log.ts stepText): the
 * keyword the feature file gives it, found at a cost that does not grow with the file.
 */
import { strict as assert } from 'node:assert';
import { test } from 'node:test';
import { AstBuilder, GherkinClassicTokenMatcher, Parser, compile } from '@cucumber/gherkin';
import { type GherkinDocument, IdGenerator, type Pickle } from '@cucumber/messages';
import { stepText } from '../steps/support/step-log';

function parsed(text: string): { doc: GherkinDocument; pickles: readonly Pickle[] } {
  const newId = IdGenerator.incrementing();
  const uri = 'features/x/f.feature';
  const doc = { ...new Parser(new AstBuilder(newId), new GherkinClassicTokenMatcher()).parse(text), uri };
  return { doc, pickles: compile(doc, uri, newId) };
}

test('a step reads with its own keyword, a Background step and an Outline row step too', () => {
  const { doc, pickles } = parsed(
    ['Feature: F', '  Background:', '    Given a cluster of nodes 1 and 2 joined by bearer A', '  Scenario Outline: o', '    When <n> ms pass', '    Then link <1A-2A> comes up', '    Examples:', '      | n |', '      | 5 |'].join('\n'),
  );
  const steps = pickles[0]?.steps ?? [];
  assert.deepEqual(
    steps.map((s) => stepText(doc, s)),
    ['Given a cluster of nodes 1 and 2 joined by bearer A', 'When 5 ms pass', 'Then link <1A-2A> comes up'],
  );
});

test("a feature file's steps are read once however many of its scenarios' steps are named", () => {
  const scenarios = Array.from({ length: 1000 }, (_, i) => `  Scenario: s${i}\n    Given ${i} ms pass\n`);
  const { doc, pickles } = parsed(['Feature: F', ...scenarios].join('\n'));
  let reads = 0;
  const counted = new Proxy(doc, {
    get(target, key, receiver) {
      if (key === 'feature') reads++;
      return Reflect.get(target, key, receiver) as unknown;
    },
  });
  const texts = pickles.flatMap((p) => p.steps.map((s) => stepText(counted, s)));
  assert.equal(texts[999], 'Given 999 ms pass');
  assert.equal(reads, 1, `the document's scenarios were read ${reads} times for ${texts.length} steps`);
});

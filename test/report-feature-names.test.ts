/**
 * The feature file's part of a scenario's report names (steps/support/report.ts featureSlug):
 * two feature files that share a base name in different folders, or whose names reduce to the same
 * form, must not write each other's traces, pcaps and charts.
 */
import { strict as assert } from 'node:assert';
import { readdirSync } from 'node:fs';
import * as path from 'node:path';
import { test } from 'node:test';
import { AstBuilder, GherkinClassicTokenMatcher, Parser, compile } from '@cucumber/gherkin';
import { IdGenerator } from '@cucumber/messages';
import { DEFAULT_FEATURES_DIR } from '../harness/package-info';
import { featureSlug, scenarioSlug } from '../steps/support/report';

const CWD = '/home/someone/specs';
const TEXT = ['Feature: F', '  Scenario: Same name', '    Given a cluster of nodes 1 and 2 joined by bearer A', ''].join('\n');

/** The report name of the one scenario of TEXT in a feature file at `uri` (relative to CWD, as cucumber gives it). */
function nameIn(uri: string): string {
  const newId = IdGenerator.incrementing();
  const doc = { ...new Parser(new AstBuilder(newId), new GherkinClassicTokenMatcher()).parse(TEXT), uri };
  const [pickle] = compile(doc, uri, newId);
  assert.ok(pickle);
  return scenarioSlug(pickle, doc, CWD);
}

test('feature files with the same base name in different folders get different names, each still led by its base name', () => {
  const a = nameIn('features/a/x.feature');
  const b = nameIn('features/b/x.feature');
  assert.notEqual(a, b);
  assert.match(a, /^x-[0-9a-f]{8}--same-name$/);
  assert.match(b, /^x-[0-9a-f]{8}--same-name$/);
  assert.equal(nameIn('features/a/x.feature'), a, 'the same file is named alike each time');
});

test('feature file names that reduce to the same form get different names', () => {
  const names = ['A b.feature', 'a-b.feature', 'ø.feature', 'å.feature', '../elsewhere/A b.feature'].map(nameIn);
  assert.equal(new Set(names).size, names.length, names.join(' '));
});

test("the package's own features keep their base name alone, and their base names are distinct", () => {
  assert.equal(featureSlug(path.join(DEFAULT_FEATURES_DIR, 'link', 'setup.feature'), CWD), 'setup');
  const files: string[] = [];
  const walk = (dir: string): void => {
    for (const e of readdirSync(dir, { withFileTypes: true })) {
      if (e.isDirectory()) walk(path.join(dir, e.name));
      else if (e.name.endsWith('.feature')) files.push(path.join(dir, e.name));
    }
  };
  walk(DEFAULT_FEATURES_DIR);
  assert.ok(files.length > 10, `${files.length} feature files`);
  const slugs = files.map((f) => featureSlug(f, CWD));
  const twice = slugs.filter((s, i) => slugs.indexOf(s) !== i);
  assert.deepEqual(twice, [], 'base names shared by two of the package features');
});

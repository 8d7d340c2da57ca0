/**
 * The cucumber profile of `npm run mutation` (cucumber.cjs, cli/mutation.ts): loaded as Stryker's
 * cucumber runner loads it, it must select what `run --iut reference --seed 1` would (no @scale
 * rows), on `fixed`, without the known kernel bugs (they fail on the reference by design, and
 * Stryker refuses a first run with a failed scenario).
 */
import { strict as assert } from 'node:assert';
import { readFileSync, readdirSync } from 'node:fs';
import * as path from 'node:path';
import { test } from 'node:test';
import { loadConfiguration, loadSources } from '@cucumber/cucumber/api';
import { DEFAULT_FEATURES_DIR, DEFAULT_SUPPORT_GLOB, PACKAGE_ROOT } from '../harness/package-info';
import { MUTATION_SUPPORT } from '../cli/mutation';
import { SCALE_TAG } from '../cli/args';
import type { RunParameters } from '../contract/run';

/** Every `@known-bug:ID` tag the bundled features carry. */
function knownBugTags(dir: string): Set<string> {
  const tags = new Set<string>();
  for (const entry of readdirSync(dir, { withFileTypes: true, recursive: true })) {
    if (!entry.isFile() || !entry.name.endsWith('.feature')) continue;
    for (const m of readFileSync(path.join(entry.parentPath, entry.name), 'utf8').matchAll(/@known-bug:\S+/g)) tags.add(m[0]);
  }
  return tags;
}

test('cucumber.cjs: the mutation profile is run --iut reference --seed 1, without the known kernel bugs and the @scale rows', async () => {
  const { runConfiguration } = await loadConfiguration({ profiles: ['mutation'] }, { cwd: PACKAGE_ROOT });
  assert.deepEqual(runConfiguration.sources.paths, [DEFAULT_FEATURES_DIR]);
  assert.deepEqual(runConfiguration.support.requireModules, ['ts-node/register']);
  assert.deepEqual(runConfiguration.support.requirePaths, [DEFAULT_SUPPORT_GLOB, MUTATION_SUPPORT]);
  const world = runConfiguration.runtime.worldParameters as unknown as RunParameters;
  assert.deepEqual(world.iut, { kind: 'reference', profile: 'fixed' });
  assert.equal(world.seed, 1);
  assert.ok(world.capabilities.length > 0, 'the reference declares its capabilities');

  const tagged = knownBugTags(DEFAULT_FEATURES_DIR);
  assert.ok(tagged.size > 0, 'the features have known-bug scenarios to leave out');
  const { plan } = await loadSources(runConfiguration.sources, { cwd: PACKAGE_ROOT });
  assert.ok(plan.length > 0);
  const all = await loadSources({ ...runConfiguration.sources, tagExpression: '' }, { cwd: PACKAGE_ROOT });
  const withBug = await loadSources({ ...runConfiguration.sources, tagExpression: [...tagged].join(' or ') }, { cwd: PACKAGE_ROOT });
  assert.ok(withBug.plan.length > 0);
  const at = (p: { readonly uri: string; readonly location: { readonly line: number } }): string => `${p.uri}:${p.location.line}`;
  const bugs = new Set(withBug.plan.map(at));
  // the rows `run` leaves out unless asked for (run --scale): a 512-node row took 70 of the 74 s
  const scale = new Set((await loadSources({ ...runConfiguration.sources, tagExpression: SCALE_TAG }, { cwd: PACKAGE_ROOT })).plan.map(at));
  assert.ok(scale.size > 0, 'the features have @scale rows to leave out');
  assert.deepEqual(
    plan.map(at),
    all.plan.map(at).filter((where) => !bugs.has(where) && !scale.has(where)),
    'exactly the known-bug scenarios and the @scale rows are left out',
  );
});

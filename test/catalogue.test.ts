/**
 * The step catalogue is read from the step definitions: every definition has an entry whose
 * example matches it (and no other definition) with as many parameters as it describes, its
 * keyword fits its group, it needs only known capabilities, and docs/steps.md is the catalogue
 * as `tipc-conformance steps --format markdown` prints it today.
 */
import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { before, describe, test } from 'node:test';
import { isCapability } from '../contract';
import { catalogueProblems, loadCatalogue, renderMarkdown } from '../cli/catalogue';
import type { LoadedStep } from '../cli/step-library';
import { STEP_GROUPS } from '../steps/vocabulary';
import { PACKAGE_ROOT, runCli } from './support/cli';

let steps: LoadedStep[] = [];

before(async () => {
  steps = await loadCatalogue([], PACKAGE_ROOT, process.env);
});

describe('step catalogue', () => {
  test('every step definition has a correct catalogue entry', () => {
    assert.ok(steps.length >= 40, `only ${steps.length} step definitions loaded`);
    assert.deepEqual(catalogueProblems(steps), []);
  });

  test('every group has steps, and every need is a known capability', () => {
    for (const g of STEP_GROUPS) assert.ok(steps.some((s) => s.doc?.group === g), `no ${g} step`);
    for (const s of steps) for (const n of s.doc?.needs ?? []) assert.ok(isCapability(n), `${s.pattern}: unknown capability ${n}`);
  });

  test('the means and parameter texts are filled in', () => {
    for (const s of steps) {
      assert.ok((s.doc?.means.length ?? 0) >= 20, `${s.pattern}: means says too little`);
      for (const p of s.doc?.params ?? []) assert.ok(p.name !== '' && p.meaning !== '', `${s.pattern}: a parameter without name or meaning`);
    }
  });

  test('a wrong entry is reported: a non-matching example, a miscounted parameter list, a wrong keyword', () => {
    const [first] = steps;
    assert.ok(first?.doc);
    const broken: LoadedStep[] = [
      { ...first, doc: { ...first.doc, example: 'nothing like the pattern' } },
      { ...first, doc: { ...first.doc, params: [...first.doc.params, { name: 'extra', meaning: 'one too many' }] } },
      { ...first, keyword: first.keyword === 'Then' ? 'Given' : 'Then' },
      { ...first, doc: undefined },
    ];
    for (const b of broken) assert.equal(catalogueProblems([b]).length >= 1, true, `no problem found for ${JSON.stringify(b.doc)}`);
  });

  test('docs/steps.md is the generated catalogue (npm run docs:steps)', () => {
    const onDisk = readFileSync(path.join(PACKAGE_ROOT, 'docs', 'steps.md'), 'utf8');
    assert.equal(onDisk, renderMarkdown(steps), 'docs/steps.md is stale: run npm run docs:steps');
  });

  test('tipc-conformance steps prints every pattern, grouped, and exits 0', async () => {
    const r = await runCli(['steps']);
    assert.equal(r.code, 0, r.stderr);
    for (const s of steps) assert.ok(r.stdout.includes(s.pattern), `missing ${s.pattern}`);
    const order = ['Set-up:', 'Disturbance:', 'Action:', 'Observation:'].map((h) => r.stdout.indexOf(h));
    assert.ok(order.every((i, k) => i >= 0 && (k === 0 || i > order[k - 1])), `groups missing or out of order: ${order.join(', ')}`);
  });
});

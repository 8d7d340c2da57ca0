/**
 * The capability → requirements table of the implementer's quick start (`requirements
 * --by-capability`): a requirement is under the fewest capabilities one of its scenarios needs,
 * and "never tested without" lists what every scenario of it needs. On made-up scenarios, and on
 * the package's features read by cucumber (Outline rows, inherited tags).
 */
import { strict as assert } from 'node:assert';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { describe, test } from 'node:test';
import { byCapability, byCapabilitySet, capabilityMarkdown, requirementNeeds, scenarioNeeds } from '../cli/capability-table';
import { UsageError, parseArgs } from '../cli/args';
import { DEFAULT_FEATURES_DIR } from '../harness/package-info';
import { PACKAGE_ROOT } from './support/cli';

describe('the table, from scenarios', () => {
  const scenarios = [
    { req: 'AB-2', needs: ['naming', 'link'] },
    { req: 'AB-2', needs: ['link', 'fsm-events', 'naming'] },
    { req: 'AB-1', needs: ['link'] },
    { req: 'AB-10', needs: ['link', 'fsm-events'] },
    { req: 'AB-10', needs: ['link', 'naming'] },
    { req: 'AB-3', needs: ['link'] },
  ];

  test('a requirement is under the fewest capabilities one of its scenarios needs (of two as few, the first in the catalogue\'s order); always: those all of them need', () => {
    assert.deepEqual(requirementNeeds(scenarios), [
      { id: 'AB-1', needs: ['link'], always: ['link'] },
      { id: 'AB-2', needs: ['link', 'naming'], always: ['link', 'naming'] },
      { id: 'AB-3', needs: ['link'], always: ['link'] },
      { id: 'AB-10', needs: ['link', 'naming'], always: ['link'] },
    ]);
  });

  test('rows by capability set, fewest first; a capability with the requirements never tested without it', () => {
    const reqs = requirementNeeds(scenarios);
    assert.deepEqual(byCapabilitySet(reqs), [
      { needs: ['link'], ids: ['AB-1', 'AB-3'] },
      { needs: ['link', 'naming'], ids: ['AB-2', 'AB-10'] },
    ]);
    assert.deepEqual(
      byCapabilitySet(requirementNeeds([{ req: 'X-1', needs: ['link', 'data'] }, { req: 'X-2', needs: ['link', 'failover'] }, { req: 'X-3', needs: ['link'] }])).map((g) => g.needs.join()),
      ['link', 'link,failover', 'link,data'],
      "rows of as many capabilities in the catalogue's order of capabilities",
    );
    const by = new Map(byCapability(reqs).map((c) => [c.capability, c.ids]));
    assert.deepEqual(by.get('naming'), ['AB-2']);
    assert.deepEqual(by.get('fsm-events'), [], 'AB-10 is tested without it, by its other scenario');
    const md = capabilityMarkdown(reqs);
    assert.ok(md.includes('| `link` | AB-1, AB-3 | 2 |\n| `link`, `naming` | AB-2, AB-10 | 2 |\n'), md);
    assert.ok(md.includes('| `link` | discovers peers and sets up and supervises links (LINK_CONFIG, LINK_PROTOCOL); its link and node states can be read | all 4 |'), md);
    assert.ok(md.includes('| `naming` | keeps a binding table: bind, unbind, read it; NAME_DISTRIBUTOR bulk and updates | AB-2 (1) |'), md);
  });
});

describe('the table, from feature files', () => {
  test('tags come as cucumber compiles them: Feature and Rule tags inherited, every Examples row', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'tipc-capability-table-'));
    try {
      writeFileSync(
        path.join(dir, 'x.feature'),
        [
          '@needs:link',
          'Feature: made up',
          '  @req:AB-1',
          '  Scenario: plain',
          '    Given anything',
          '  Rule: named',
          '    @req:AB-2 @needs:naming',
          '    Scenario Outline: rows',
          '      Given <x>',
          '      @needs:fsm-events',
          '      Examples:',
          '        | x |',
          '        | 1 |',
          '      Examples:',
          '        | x |',
          '        | 2 |',
          '',
        ].join('\n'),
      );
      const got = await scenarioNeeds([dir], dir, {});
      assert.deepEqual(got, [
        { req: 'AB-1', needs: ['link'] },
        { req: 'AB-2', needs: ['link', 'naming', 'fsm-events'] },
        { req: 'AB-2', needs: ['link', 'naming'] },
      ]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  test("the package's features: every requirement once, a link-only implementation tested for the LS-* and DS-* it can be", async () => {
    const reqs = requirementNeeds(await scenarioNeeds([DEFAULT_FEATURES_DIR], PACKAGE_ROOT, {}));
    assert.ok(reqs.length > 100, `${reqs.length} requirements`);
    assert.equal(new Set(reqs.map((r) => r.id)).size, reqs.length);
    const linkOnly = byCapabilitySet(reqs).find((g) => g.needs.join() === 'link');
    assert.ok(linkOnly?.ids.includes('LS-1') && linkOnly.ids.includes('LS-2'), JSON.stringify(linkOnly));
    assert.ok(!(linkOnly?.ids ?? []).some((id) => id.startsWith('FO-')), 'a failover requirement tested without failover');
  });

  test("the README's quick start shows the table the features give today (regenerate: requirements --by-capability --format markdown)", async () => {
    const readme = readFileSync(path.join(PACKAGE_ROOT, 'README.md'), 'utf8');
    const m = /<!-- capability-table:begin -->\n([\s\S]*?)<!-- capability-table:end -->/.exec(readme);
    assert.ok(m, 'README.md has no capability-table markers');
    const reqs = requirementNeeds(await scenarioNeeds([DEFAULT_FEATURES_DIR], PACKAGE_ROOT, {}));
    assert.equal(m[1], capabilityMarkdown(reqs));
  });

  test('requirements: options checked, defaults', () => {
    const parsed = parseArgs(['requirements', '--by-capability', '--format', 'markdown'], PACKAGE_ROOT);
    assert.equal(parsed.kind, 'requirements');
    if (parsed.kind === 'requirements') {
      assert.deepEqual([parsed.options.byCapability, parsed.options.format, parsed.options.features], [true, 'markdown', [DEFAULT_FEATURES_DIR]]);
    }
    assert.throws(() => parseArgs(['requirements', '--format', 'html'], PACKAGE_ROOT), (e: unknown) => e instanceof UsageError && /--format must be text or markdown, got 'html'/.test(e.message));
    assert.throws(() => parseArgs(['requirements', 'extra'], PACKAGE_ROOT), (e: unknown) => e instanceof UsageError && /too many arguments/.test(e.message));
  });
});

/**
 * The differential check's comparison, on statements made up for the purpose: which scenarios
 * differ, and which of those docs/kernel-differences.md explains (requirement and both outcomes
 * must match a row).
 */
import { strict as assert } from 'node:assert';
import { DEFAULT_REQUIREMENTS, requirementIds } from '../cli/lint';
import { readFileSync } from 'node:fs';
import { describe, test } from 'node:test';
import type { ConformanceStatement, RequirementResult } from '../cli/certify';
import { DIFFERENCES_DOC, differences, readExplanations } from '../cli/diff';

function statement(name: string, requirements: RequirementResult[]): ConformanceStatement {
  return {
    suite: { name: 'tipc-conformance', version: '0' },
    iut: { spec: name, name, version: '0', capabilities: [] },
    seed: 1,
    date: '2026-11-24T00:00:00.000Z',
    strict: false,
    partial: false,
    selection: { tags: '', features: ['features'] },
    verdict: 'pass',
    tested: requirements.length,
    notApplicable: 0,
    total: requirements.length,
    summary: `pass: ${requirements.length} of ${requirements.length} requirements tested`,
    requirements,
  };
}

const req = (id: string, ...statuses: string[]): RequirementResult => ({
  id,
  text: '',
  verdict: 'pass',
  scenarios: statuses.map((status, i) => ({ name: `${id} scenario ${i}`, where: `features/x.feature:${i + 1}`, status })),
});

const DOC = `
| requirement | reference | kernel | why |
|---|---|---|---|
| FO-4 | passed | N/A | needs virtual-time |
| NB-6 | passed | N/A | too many nodes for real time |
`;

describe('diff: which outcomes differ and which are explained', () => {
  test('equal outcomes are not listed; a difference with a matching row is explained, others are not', () => {
    const ref = statement('reference', [req('FO-1', 'passed'), req('FO-4', 'passed'), req('NB-6', 'passed', 'passed'), req('NB-1', 'passed')]);
    const kernel = statement('kernel', [req('FO-1', 'passed'), req('FO-4', 'skipped'), req('NB-6', 'passed', 'skipped'), req('NB-1', 'failed')]);
    const d = differences(ref, kernel, DOC);
    assert.deepEqual(
      d.map((x) => [x.requirement, x.scenario, x.reference, x.kernel, x.explanation ?? null]),
      [
        ['FO-4', 'FO-4 scenario 0', 'passed', 'N/A', 'needs virtual-time'],
        ['NB-6', 'NB-6 scenario 1', 'passed', 'N/A', 'too many nodes for real time'],
        ['NB-1', 'NB-1 scenario 0', 'passed', 'failed', null],
      ],
    );
  });

  test('a row explains only the outcomes it names', () => {
    const ref = statement('reference', [req('FO-4', 'passed')]);
    const kernel = statement('kernel', [req('FO-4', 'failed')]);
    assert.equal(differences(ref, kernel, DOC)[0]?.explanation, undefined);
  });

  test('a scenario missing from the kernel run counts as an error, and is unexplained', () => {
    const d = differences(statement('reference', [req('SY-1', 'passed')]), statement('kernel', []), DOC);
    assert.deepEqual(d.map((x) => [x.kernel, x.explanation ?? null]), [['error', null]]);
  });

  test('docs/kernel-differences.md has a row per requirement it explains, each with a reason', () => {
    const rows = readExplanations(readFileSync(DIFFERENCES_DOC, 'utf8'));
    assert.ok(rows.length > 0, 'the table has rows');
    // every row names a requirement of the catalogue, and no two rows explain the same difference
    const known = requirementIds([DEFAULT_REQUIREMENTS]);
    for (const r of rows) assert.ok(known.has(r.id), `${r.id} is not in docs/requirements.md`);
    const keys = rows.map((r) => `${r.id} ${r.reference} ${r.kernel}`);
    assert.equal(new Set(keys).size, keys.length, `a difference explained twice: ${keys.join(', ')}`);
    for (const r of rows) {
      assert.ok(['passed', 'failed', 'N/A', 'error'].includes(r.reference) && ['passed', 'failed', 'N/A', 'error'].includes(r.kernel), JSON.stringify(r));
      assert.ok(r.why.length > 20, `${r.id}: no reason given`);
    }
  });
});

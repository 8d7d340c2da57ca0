/**
 * The README's profile table ("| profile | what it brings back | scenarios it must fail |") against
 * the features' tags: every profile has a row, and the requirement ids a row names are exactly
 * those of the scenarios tagged `@catches:<profile>`, which the teeth test holds to failing. The
 * table drifted before this test: rows missing for new profiles, and catches added to features
 * without the row.
 */
import { strict as assert } from 'node:assert';
import { readFileSync, readdirSync, statSync } from 'node:fs';
import * as path from 'node:path';
import { test } from 'node:test';
import { PROFILE_NAMES } from '../reference/profiles';

const ROOT = path.join(__dirname, '..');
const HEADER = '| profile | what it brings back | scenarios it must fail |';
const REQ_ID = /\b[A-Z]{2}-\d+[a-z]?\b/g;

function featureFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((f) => {
    const p = path.join(dir, f);
    if (statSync(p).isDirectory()) return featureFiles(p);
    return p.endsWith('.feature') ? [p] : [];
  });
}

/** profile → requirement ids of the scenarios (and Outline rows) tagged @catches:<profile> */
function catchesByProfile(): Map<string, Set<string>> {
  const out = new Map<string, Set<string>>();
  for (const file of featureFiles(path.join(ROOT, 'features'))) {
    for (const line of readFileSync(file, 'utf8').split('\n')) {
      if (!/^\s*@/.test(line)) continue;
      const req = /@req:([A-Z]{2}-\d+[a-z]?)/.exec(line)?.[1];
      for (const m of line.matchAll(/@catches:([\w.-]+)/g)) {
        assert.ok(req, `${path.relative(ROOT, file)}: a tag line with @catches:${m[1]} but no @req: ${line.trim()}`);
        const set = out.get(m[1]) ?? new Set<string>();
        set.add(req);
        out.set(m[1], set);
      }
    }
  }
  return out;
}

/** profile → the third cell of its row in the README's profile table */
function readmeRows(): Map<string, string> {
  const lines = readFileSync(path.join(ROOT, 'README.md'), 'utf8').split('\n');
  const start = lines.indexOf(HEADER);
  assert.ok(start >= 0, `README.md has the profile table (${HEADER})`);
  const rows = new Map<string, string>();
  for (const line of lines.slice(start + 2)) {
    if (!line.startsWith('| ')) break;
    const m = /^\| `([\w.-]+)` \| .* \| (.*) \|$/.exec(line);
    if (m) rows.set(m[1], m[2]);
  }
  return rows;
}

const sorted = (ids: Iterable<string>): string[] => [...new Set(ids)].sort((a, b) => a.localeCompare(b, undefined, { numeric: true }));

test("the README's profile table names, for every profile, exactly the requirements whose scenarios catch it", () => {
  const catches = catchesByProfile();
  const rows = readmeRows();
  for (const name of catches.keys()) assert.ok((PROFILE_NAMES as readonly string[]).includes(name), `@catches:${name} names no profile`);
  const problems: string[] = [];
  for (const name of PROFILE_NAMES) {
    const cell = rows.get(name);
    const want = sorted(catches.get(name) ?? []);
    if (cell === undefined) {
      problems.push(`${name}: no row (its scenarios: ${want.join(', ') || 'none'})`);
      continue;
    }
    if (want.length === 0) {
      if (!cell.startsWith('none')) problems.push(`${name}: no scenario catches it, but its row says "${cell}"`);
      continue;
    }
    const seen = sorted(cell.match(REQ_ID) ?? []);
    if (seen.join(', ') !== want.join(', ')) problems.push(`${name}: expected ${want.join(', ')}; the row says ${seen.join(', ')}`);
  }
  assert.deepEqual(problems, []);
});

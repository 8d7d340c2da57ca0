/**
 * The requirement catalogues (docs/requirements.md, and a run's --requirements tables) read as
 * data: each requirement's id and its statement, the text the conformance statement gives beside
 * the verdict. A catalogue is a markdown table whose first cell is the id and whose second is the
 * statement ("| FO-1 | When a FAILOVER_MSG ... | source | ... |"); the lint holds every @req: tag
 * to it. Read by hand: a markdown parser would be a dependency for one table of one-line rows.
 */
import { readFileSync } from 'node:fs';
import { DEFAULT_REQUIREMENTS } from './args';

/** A requirement id in the first cell of a markdown table row: FO-1, NB-2a, HT-10. */
const REQUIREMENT_ROW = /^\|\s*([A-Za-z][A-Za-z0-9]*-[0-9]+[a-z]?)\s*\|/;

/** The cells of a table row; `\|` is a pipe inside a cell, as in GitHub's tables. */
function cells(row: string): string[] {
  const inner = row.trim().replace(/^\|/, '').replace(/\|$/, '');
  return inner.split(/(?<!\\)\|/).map((c) => c.trim().replace(/\\\|/g, '|'));
}

/** Each requirement's statement, by id, from markdown text; the first row of an id wins. */
export function parseRequirementTable(text: string): Map<string, string> {
  const statements = new Map<string, string>();
  for (const line of text.split('\n')) {
    const m = REQUIREMENT_ROW.exec(line);
    if (!m || statements.has(m[1])) continue;
    statements.set(m[1], cells(line)[1] ?? '');
  }
  return statements;
}

/** Each requirement's statement from the catalogue files, ours first (the first row of an id wins). */
export function requirementStatements(files: readonly string[] = [DEFAULT_REQUIREMENTS]): Map<string, string> {
  const all = new Map<string, string>();
  for (const file of files) {
    for (const [id, statement] of parseRequirementTable(readFileSync(file, 'utf8'))) if (!all.has(id)) all.set(id, statement);
  }
  return all;
}

/**
 * docs/mutation.md's survivor tables held against a mutation run: which surviving mutants the
 * document does not list, and which rows no longer name a survivor (killed since, or the code
 * moved). A row names a mutant by file, line, column, mutator and replacement, as Stryker's
 * clear-text report does:
 *
 *   | `link.ts:325:12 ConditionalExpression → false` | equivalent: ... |
 *
 * A `|` in a key is written `\|` (a table cell), and a key with a backtick in it (a template
 * literal blanked: StringLiteral → ``) is fenced with a longer run of backticks, as Markdown's code
 * spans are: keyCell() writes the cell, parseSurvivorTable() reads either form.
 *
 * A file counts as covered by the document when it has a heading `### <file>.ts` (so a file whose
 * survivors were all killed keeps its section, saying so).
 */
import type { MutantResult } from 'mutation-testing-report-schema';

export interface FileFigures {
  readonly name: string;
  readonly mutants: number;
  readonly killed: number;
  readonly timeout: number;
  readonly runtimeErrors: number;
  readonly survived: number;
  readonly noCoverage: number;
  /** Stryker's score: (killed + timeout) / (killed + timeout + survived + no coverage) */
  readonly stryker: number;
  /** the score: a runtime error (the mutant throws, a scenario fails) counts as killed */
  readonly withRuntimeErrors: number;
}

export interface AccountedSurvivor {
  readonly file: string;
  readonly key: string;
  readonly reason: string;
}

export interface FileMutant {
  readonly file: string;
  readonly mutant: MutantResult;
}

export interface SurvivorCheck {
  readonly files: readonly string[];
  readonly accounted: number;
  readonly unaccounted: readonly FileMutant[];
  readonly stale: readonly AccountedSurvivor[];
}

const SURVIVED = new Set(['Survived', 'NoCoverage']);

/** What a replacement is called in a key: whitespace collapsed, at most 40 characters. */
export function replacementText(r: string | undefined): string {
  const flat = (r ?? '').replace(/\s+/g, ' ').trim();
  return flat.length > 40 ? `${flat.slice(0, 39)}…` : flat;
}

/** `link.ts:325:12 ConditionalExpression → false` */
export function survivorKey(file: string, m: MutantResult): string {
  return `${file}:${m.location.start.line}:${m.location.start.column} ${m.mutatorName} → ${replacementText(m.replacement)}`;
}

const HEADING = /^###\s+(?:reference\/)?([\w.-]+\.ts)\s*$/;
/** a row: the key in a code span fenced by one or more backticks, then the reason */
const ROW = /^\|\s*(`+) ?(.+?) ?\1\s*\|\s*(.*?)\s*\|\s*$/;
const KEY = /^([\w.-]+\.ts):(\d+):(\d+) (.+)$/;

/** The table cell of a key: `|` escaped, fenced by more backticks than any run in it. */
export function keyCell(key: string): string {
  const text = key.replace(/\|/g, '\\|');
  const longest = Math.max(0, ...(text.match(/`+/g) ?? []).map((run) => run.length));
  const fence = '`'.repeat(longest + 1);
  const pad = longest > 0 ? ' ' : '';
  return `${fence}${pad}${text}${pad}${fence}`;
}

/** The survivor rows of the document, and the files it has sections for (as rows with no key). */
export function parseSurvivorTable(text: string): AccountedSurvivor[] {
  const out: AccountedSurvivor[] = [];
  for (const line of text.split('\n')) {
    const h = HEADING.exec(line);
    if (h) {
      out.push({ file: h[1], key: '', reason: '' });
      continue;
    }
    const r = ROW.exec(line);
    const k = r ? KEY.exec(r[2].replace(/\\\|/g, '|')) : null;
    if (r && k) out.push({ file: k[1], key: `${k[1]}:${k[2]}:${k[3]} ${k[4].trim()}`, reason: r[3] });
  }
  return out;
}

/** Hold the run's survivors (by file base name) against the document's rows. */
export function checkSurvivors(mutants: ReadonlyMap<string, readonly MutantResult[]>, doc: readonly AccountedSurvivor[]): SurvivorCheck {
  const files = [...new Set(doc.map((a) => a.file))].filter((f) => mutants.has(f)).sort();
  const listed = new Map(doc.filter((a) => a.key !== '' && files.includes(a.file)).map((a) => [a.key, a]));
  const unaccounted: FileMutant[] = [];
  const seen = new Set<string>();
  for (const file of files) {
    for (const mutant of mutants.get(file) ?? []) {
      if (!SURVIVED.has(mutant.status)) continue;
      const key = survivorKey(file, mutant);
      if (listed.has(key)) seen.add(key);
      else unaccounted.push({ file, mutant });
    }
  }
  const stale = [...listed.values()].filter((a) => !seen.has(a.key));
  return { files, accounted: seen.size, unaccounted, stale };
}

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
  /** rows naming a survivor but giving no reason in one of the categories (CATEGORY) */
  readonly unexplained: readonly AccountedSurvivor[];
  /** rows naming a survivor of this run as **equivalent**: no input changes what the code does */
  readonly equivalent: readonly AccountedSurvivor[];
}

/** A reason starts with its category in bold: **equivalent**, **profile-only**, ... (docs/mutation.md). */
export const CATEGORY = /^\*\*(equivalent|profile-only|not reached|not covered yet|not worth a scenario)\*\*/;

/** The one category that leaves a mutant out of the score over non-equivalent mutants. */
const EQUIVALENT = /^\*\*equivalent\*\*/;

const SURVIVED = new Set(['Survived', 'NoCoverage']);

/**
 * The score over non-equivalent mutants: detected (killed, timed out, runtime error) over the
 * mutants that count, less those the document shows equivalent. An equivalent mutant is the same
 * program in another spelling, so no scenario can kill it; mutation testing's usual score
 * (Offutt's) leaves it out of the denominator. The rows give the reason for each.
 */
export function nonEquivalentScore(detected: number, counted: number, equivalent: number): number {
  const left = counted - equivalent;
  return left <= 0 ? NaN : (detected / left) * 100;
}

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
/** the line under a survivor table's header */
const SEPARATOR = /^\|-+\|-+\|\s*$/;

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
  const unexplained = [...listed.values()].filter((a) => seen.has(a.key) && !CATEGORY.test(a.reason));
  const equivalent = [...listed.values()].filter((a) => seen.has(a.key) && EQUIVALENT.test(a.reason));
  return { files, accounted: seen.size - unexplained.length, unaccounted, stale, unexplained, equivalent };
}

/** A mutant's name that survives edits elsewhere in its file: the text of its line, where in it, what it does. */
function identity(source: string, m: MutantResult): string {
  const line = source.split('\n')[m.location.start.line - 1] ?? '';
  return `${line.trim()}\u0000${m.location.start.column - (line.length - line.trimStart().length)}\u0000${m.mutatorName}\u0000${replacementText(m.replacement)}`;
}

export interface FileReport {
  readonly source: string;
  readonly mutants: readonly MutantResult[];
}

/**
 * The document's rows of `file` as the run they were written against reported them, when that
 * run's JSON report is gone (reports/ is not kept) and `source` is the file as it was then (from
 * git): one surviving mutant per row, at the row's line and column, with the mutator and the
 * replacement its key shows. rekeySurvivors() takes it as the run before: each row follows the
 * text of its line. A row whose replacement was cut short in its key (40 characters) still
 * matches, as the new run's mutant is cut short the same way.
 */
export function rowsAsReport(text: string, file: string, source: string): FileReport {
  const mutants: MutantResult[] = [];
  for (const a of parseSurvivorTable(text)) {
    if (a.file !== file || a.key === '') continue;
    const k = KEY.exec(a.key);
    if (k === null) continue;
    const [, , line, column, rest] = k;
    const arrow = rest.indexOf(' → ');
    const mutatorName = arrow < 0 ? rest : rest.slice(0, arrow);
    const replacement = arrow < 0 ? '' : rest.slice(arrow + 3);
    const start = { line: Number(line), column: Number(column) };
    mutants.push({
      id: `row-${mutants.length + 1}`,
      mutatorName,
      replacement,
      status: a.reason.startsWith('no coverage') ? 'NoCoverage' : 'Survived',
      location: { start, end: start },
    });
  }
  return { source, mutants };
}

export interface Rekeyed {
  /** the document with every file section's table rebuilt for the new run */
  readonly text: string;
  /** rows carried over to a new key (or kept: the key did not move) */
  readonly carried: number;
  /** rows dropped: their mutant is no longer a survivor (killed, or its code is gone) */
  readonly dropped: readonly string[];
  /** survivors no row accounted for: added with an empty reason, to fill in */
  readonly added: readonly string[];
}

/**
 * Moves the document's survivor rows from the run they were written against (`before`) to a new
 * run (`after`): a row follows its mutant to its new line when the mutant's line text, its column
 * within that text, its mutator and its replacement are unchanged (the nearest such mutant to the
 * old line, when the text occurs more than once). Each section's table is written again in line
 * order; rows whose mutant no longer survives go, and survivors no row names come in with an empty
 * reason. Files are named by base name, as in the document.
 */
export function rekeySurvivors(text: string, before: ReadonlyMap<string, FileReport>, after: ReadonlyMap<string, FileReport>): Rekeyed {
  const doc = parseSurvivorTable(text);
  const reasons = new Map(doc.filter((a) => a.key !== '').map((a) => [a.key, a.reason]));
  const sections = [...new Set(doc.map((a) => a.file))];
  let carried = 0;
  const dropped: string[] = [];
  const added: string[] = [];
  const tables = new Map<string, string[]>();
  for (const file of sections) {
    const old = before.get(file);
    const now = after.get(file);
    if (!old || !now) continue;
    // the new run's survivors, by identity, each taken once
    const free = new Map<string, MutantResult[]>();
    for (const m of now.mutants) {
      if (!SURVIVED.has(m.status)) continue;
      const id = identity(now.source, m);
      free.set(id, [...(free.get(id) ?? []), m]);
    }
    const rows = new Map<MutantResult, string>();
    for (const m of old.mutants) {
      const reason = reasons.get(survivorKey(file, m));
      if (reason === undefined || !SURVIVED.has(m.status)) continue;
      const candidates = free.get(identity(old.source, m)) ?? [];
      if (candidates.length === 0) {
        dropped.push(survivorKey(file, m));
        continue;
      }
      const near = candidates.reduce((a, b) => (Math.abs(b.location.start.line - m.location.start.line) < Math.abs(a.location.start.line - m.location.start.line) ? b : a));
      candidates.splice(candidates.indexOf(near), 1);
      rows.set(near, reason);
      carried += 1;
    }
    for (const list of free.values()) {
      for (const m of list) {
        rows.set(m, m.status === 'NoCoverage' ? 'no coverage: ' : '');
        added.push(survivorKey(file, m));
      }
    }
    const ordered = [...rows.entries()].sort(
      ([a], [b]) => a.location.start.line - b.location.start.line || a.location.start.column - b.location.start.column,
    );
    tables.set(file, ordered.map(([m, reason]) => `| ${keyCell(survivorKey(file, m))} | ${reason} |`));
  }
  // each section's rows go right under its table's header; its old rows go
  const out: string[] = [];
  let section: string | undefined;
  for (const line of text.split('\n')) {
    const h = HEADING.exec(line);
    if (h) section = h[1];
    const rows = section !== undefined ? tables.get(section) : undefined;
    if (rows === undefined) {
      out.push(line);
      continue;
    }
    const r = ROW.exec(line);
    if (r !== null && KEY.test(r[2].replace(/\\\|/g, '|'))) continue;
    out.push(line);
    if (SEPARATOR.test(line)) {
      out.push(...rows);
      tables.set(section as string, []);
    }
  }
  return { text: out.join('\n'), carried, dropped, added };
}

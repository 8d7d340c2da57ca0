/**
 * `npm run bench -- --against REV`: the bench's rows run on this tree and on revision REV by turns,
 * each several times, and compared by their medians. On a shared machine one run of a row varies
 * by a fifth from the next, more than most single changes gain; runs that alternate see the same
 * neighbours, and a median of several is steady where one run is not.
 *
 * REV's tree is exported with `git archive` into a temporary folder (nothing is added to the
 * repository, no worktree registered), given this tree's node_modules, and this tree's bench
 * script, so both sides run the same rows with the same measuring code. The folder is removed
 * when the bench ends, however it ends.
 */
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

/** A revision's tree, ready to run the bench in. */
export interface RevisionTree {
  /** The tree's root folder (its own scripts/bench.ts is this tree's). */
  readonly root: string;
  /** The revision as git names it in short. */
  readonly label: string;
  remove(): void;
}

/** Thrown for a revision git does not know: a usage error (exit 2), with git's own words. */
export class UnknownRevision extends Error {}

/**
 * Exports `rev` of the repository at `repoRoot` to a temporary folder, with `repoRoot`'s
 * node_modules linked in and `benchFiles` (paths under `repoRoot`) copied over the revision's own.
 */
export function exportRevision(repoRoot: string, rev: string, benchFiles: readonly string[]): RevisionTree {
  let commit: string;
  try {
    commit = execFileSync('git', ['rev-parse', '--verify', '--quiet', `${rev}^{commit}`], { cwd: repoRoot, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] }).trim();
  } catch {
    throw new UnknownRevision(`--against: "${rev}" is not a commit of the repository at ${repoRoot}`);
  }
  const label = execFileSync('git', ['rev-parse', '--short', commit], { cwd: repoRoot, encoding: 'utf8' }).trim();
  const root = fs.mkdtempSync(path.join(os.tmpdir(), `bench-${label}-`));
  const remove = (): void => fs.rmSync(root, { recursive: true, force: true });
  // removed at exit, even when the bench ends by an error or Ctrl-C after this
  process.once('exit', remove);
  try {
    const tar = execFileSync('git', ['archive', '--format=tar', commit], { cwd: repoRoot, maxBuffer: 1 << 30 });
    execFileSync('tar', ['-x', '-C', root], { input: tar });
    fs.symlinkSync(path.join(repoRoot, 'node_modules'), path.join(root, 'node_modules'), 'dir');
    for (const f of benchFiles) fs.copyFileSync(path.join(repoRoot, f), path.join(root, f));
  } catch (e) {
    remove();
    throw e;
  }
  return { root, label, remove };
}

/** The median of `xs` (the mean of the middle two for an even count); NaN for none. */
export function median(xs: readonly number[]): number {
  if (xs.length === 0) return NaN;
  const s = [...xs].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 === 1 ? (s[mid] as number) : ((s[mid - 1] as number) + (s[mid] as number)) / 2;
}

/** `here` against `there` as a signed percentage: "+5.3%", "-2.0%". */
export function change(here: number, there: number): string {
  const p = (100 * (here - there)) / there;
  return `${p >= 0 ? '+' : ''}${p.toFixed(1)}%`;
}

/** One side's runs of a row, as they come in: deliveries and deliveries per wall second, warm (or the only run) and cold. */
export interface Side {
  readonly deliveries: number[];
  readonly warm: number[];
  readonly cold: number[];
  /** What the runs that gave no figures said. */
  readonly failed: string[];
}

/** The comparison of a row's runs here and at `label`, as the lines the bench prints. */
export function compareLines(row: string, here: Side, there: Side, label: string): string {
  const pad = ''.padEnd(16);
  const rate = (x: number): string => `${Math.round(x).toLocaleString('en')}/s`;
  const lines: string[] = [];
  const pair = (what: string, a: readonly number[], b: readonly number[]): void => {
    if (a.length === 0 || b.length === 0) return;
    const ma = median(a);
    const mb = median(b);
    lines.push(
      `${what}: here ${rate(ma)} (best ${rate(Math.max(...a))}), at ${label} ${rate(mb)} (best ${rate(Math.max(...b))}): ` +
        `${change(ma, mb)} by the medians, ${change(Math.max(...a), Math.max(...b))} by the best, ${a.length} and ${b.length} runs`,
    );
  };
  pair(here.cold.length > 0 ? 'warm' : 'runs', here.warm, there.warm);
  pair('cold', here.cold, there.cold);
  const counts = (s: Side): string => [...new Set(s.deliveries)].map((d) => d.toLocaleString('en')).join(' or ');
  const a = counts(here);
  const b = counts(there);
  if (a !== '' || b !== '') lines.push(a === b ? `${a} deliveries on both` : `deliveries: ${a || 'none'} here, ${b || 'none'} at ${label} (the change alters the run)`);
  for (const f of here.failed) lines.push(`a run here gave no figures: ${f}`);
  for (const f of there.failed) lines.push(`a run at ${label} gave no figures: ${f}`);
  return `${row.padEnd(15)} ${lines.join(`\n${pad}`)}`;
}

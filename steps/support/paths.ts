/**
 * How the reports name a file (a feature, a step definition): relative to the current folder when
 * it is under it, else absolute. Cucumber names files relative to the current folder, so a
 * feature elsewhere came out as `../../specs/x.feature`, which says nothing once copied out of the
 * terminal. Pure: the CLI uses it too.
 */
import * as path from 'node:path';

/** Whether `file` is `folder` or under it (both absolute). */
export function isUnder(file: string, folder: string): boolean {
  const rel = path.relative(folder, file);
  return rel === '' || (rel !== '..' && !rel.startsWith(`..${path.sep}`) && !path.isAbsolute(rel));
}

/**
 * `file` (absolute, or relative to `cwd` as cucumber gives it) as the reports show it: relative
 * to `cwd` when under it ('.' for `cwd` itself), else absolute. A FILE:LINE suffix stays.
 */
export function shownPath(file: string, cwd: string): string {
  const absolute = path.resolve(cwd, file);
  if (!isUnder(absolute, cwd)) return absolute;
  return path.relative(cwd, absolute) || '.';
}

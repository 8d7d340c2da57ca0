/**
 * Output folders: refused on a pseudo file system, and created one level at a time.
 *
 * Node's `mkdirSync(dir, { recursive: true })` never returns for a folder under /proc: mkdir there
 * fails with ENOENT, Node makes the parent (which exists) and tries again, for ever, at 100% CPU.
 * So the folder a command writes to is checked when its options are parsed (the file system of
 * its nearest existing folder, by statfs type), and made by makeFolder, which tries each missing
 * level once and stops at the first failure.
 */
import { mkdirSync, statSync, statfsSync } from 'node:fs';
import * as path from 'node:path';
import { HarnessError } from './errors';

/**
 * File systems that hold no ordinary files (statfs f_type, from linux/magic.h): the kernel's views
 * of itself and its devices. A report written there is never a report, and mkdir there may not end.
 */
const PSEUDO_FILE_SYSTEMS: ReadonlyMap<number, string> = new Map([
  [0x9fa0, 'proc'],
  [0x62656572, 'sysfs'],
  [0x1cd1, 'devpts'],
  [0x27e0eb, 'cgroup'],
  [0x63677270, 'cgroup2'],
  [0x64626720, 'debugfs'],
  [0x74726163, 'tracefs'],
  [0x73636673, 'securityfs'],
  [0x6165676c, 'pstore'],
  [0xcafe4a11, 'bpf'],
  [0x42494e4d, 'binfmt_misc'],
  [0xde5e81e4, 'efivarfs'],
  [0xf97cff8c, 'selinuxfs'],
  [0x43415d53, 'smackfs'],
  [0x6e736673, 'nsfs'],
  [0x958458f6, 'hugetlbfs'],
]);

/** `dir` itself if it exists, else its nearest ancestor that does (statSync follows links, as mkdir does). */
function nearestExisting(dir: string): string {
  let current = path.resolve(dir);
  for (;;) {
    try {
      statSync(current);
      return current;
    } catch {
      const parent = path.dirname(current);
      if (parent === current) return current;
      current = parent;
    }
  }
}

/**
 * Why `dir` (absolute) cannot hold reports, or undefined: it, or the nearest folder above it that
 * exists, is on a pseudo file system (/proc, /sys, /dev/pts, …). Linux only: other systems number
 * their file systems differently.
 */
export function pseudoFileSystemProblem(dir: string): string | undefined {
  if (process.platform !== 'linux') return undefined;
  const existing = nearestExisting(dir);
  let type: number;
  try {
    type = statfsSync(existing).type;
  } catch {
    return undefined; // cannot be told: makeFolder reports what goes wrong
  }
  const name = PSEUDO_FILE_SYSTEMS.get(type);
  if (name === undefined) return undefined;
  const where = existing === dir ? `'${dir}' is` : `'${existing}', the nearest existing folder above it, is`;
  return `${where} on a ${name} file system, which holds no ordinary files: give a folder on a disk (or a tmpfs)`;
}

/**
 * Makes `dir` and any missing folders above it, each with one mkdir (never a retry, unlike
 * Node's recursive mkdir); a HarnessError (exit 2) naming the folder that could not be made.
 */
export function makeFolder(dir: string): void {
  const absolute = path.resolve(dir);
  const missing: string[] = [];
  let current = absolute;
  for (;;) {
    let exists = true;
    try {
      if (!statSync(current).isDirectory()) throw new HarnessError(`cannot make the folder '${absolute}': '${current}' is not a folder`);
    } catch (error: unknown) {
      if (error instanceof HarnessError) throw error;
      exists = false;
    }
    if (exists || path.dirname(current) === current) break;
    missing.unshift(current);
    current = path.dirname(current);
  }
  for (const folder of missing) {
    try {
      mkdirSync(folder);
    } catch (error: unknown) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code === 'EEXIST' && isFolder(folder)) continue;
      throw new HarnessError(`cannot make the folder '${absolute}': mkdir '${folder}' failed (${code ?? String(error)})`);
    }
    if (!isFolder(folder)) throw new HarnessError(`cannot make the folder '${absolute}': mkdir '${folder}' succeeded but no folder is there`);
  }
}

function isFolder(p: string): boolean {
  try {
    return statSync(p).isDirectory();
  } catch {
    return false;
  }
}

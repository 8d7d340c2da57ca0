/**
 * Output folders on pseudo file systems (cli/out-folder.ts): every command that writes to --out
 * refuses one under /proc or /sys with a usage error when its options are parsed (Node's recursive
 * mkdir spun for ever under /proc), `report open` answers at once, and makeFolder makes a folder
 * level by level, stopping at the first mkdir that fails.
 */
import { strict as assert } from 'node:assert';
import { existsSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { after, before, test } from 'node:test';
import { parseArgs } from '../cli/args';
import { HarnessError } from '../cli/errors';
import { makeFolder, pseudoFileSystemProblem } from '../cli/out-folder';
import { usageErrorOf } from './support/cli';

let scratch = '';

before(() => {
  scratch = mkdtempSync(path.join(tmpdir(), 'tipc-out-folder-'));
});

after(() => {
  rmSync(scratch, { recursive: true, force: true });
});

function usageError(args: readonly string[]): string {
  return usageErrorOf(args, scratch);
}

const COMMANDS: readonly (readonly string[])[] = [['run'], ['certify'], ['diff'], ['explore'], ['report', scratch]];

test('every command that writes to --out refuses a folder under /proc or /sys, naming the file system', { skip: process.platform !== 'linux' }, () => {
  for (const command of COMMANDS) {
    for (const [out, fs] of [
      ['/proc/xyz/out', 'proc'],
      ['/proc', 'proc'],
      ['/sys/kernel/x', 'sysfs'],
    ] as const) {
      const message = usageError([...command, '--out', out]);
      assert.match(message, new RegExp(`^--out: '/(proc|sys)[^']*'.* on a ${fs} file system`), `${command.join(' ')} --out ${out}`);
    }
  }
});

test('a folder on a disk, or one that does not exist yet below one, is accepted', () => {
  assert.equal(pseudoFileSystemProblem(scratch), undefined);
  assert.equal(pseudoFileSystemProblem(path.join(scratch, 'a', 'b')), undefined);
  const command = parseArgs(['run', '--out', path.join(scratch, 'a', 'b')], scratch);
  assert.equal(command.kind, 'run');
});

test('a link into a real folder (/proc/self/cwd) is judged by where it leads', { skip: process.platform !== 'linux' }, () => {
  assert.equal(pseudoFileSystemProblem(path.join('/proc/self/cwd', 'reports-not-made')), undefined);
});

test('report open of /proc or /sys is a usage error at once', () => {
  for (const dir of ['/proc', '/proc/xyz', '/sys']) assert.match(usageError(['report', 'open', dir]), /no such folder|no Allure report/);
});

test('makeFolder makes the missing levels, accepts an existing folder, and stops where mkdir fails', () => {
  const deep = path.join(scratch, 'm', 'n', 'o');
  makeFolder(deep);
  assert.ok(statSync(deep).isDirectory());
  makeFolder(deep);
  const file = path.join(scratch, 'file');
  writeFileSync(file, '');
  assert.throws(() => makeFolder(path.join(file, 'sub')), (e: unknown) => e instanceof HarnessError && /'.*file' is not a folder/.test(e.message));
  if (process.platform === 'linux') {
    // Node's mkdirSync('/proc/xyz/out', { recursive: true }) never returns
    assert.throws(() => makeFolder('/proc/xyz/out'), (e: unknown) => e instanceof HarnessError && /mkdir '\/proc\/xyz' failed \(ENOENT\)/.test(e.message));
    assert.equal(existsSync('/proc/xyz'), false);
  }
});

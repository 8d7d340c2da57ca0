/** Running the real `tipc-conformance` binary from tests, as a child process (argv, no shell). */
import { spawn } from 'node:child_process';
import { strict as assert } from 'node:assert';
import * as path from 'node:path';
import { UsageError, parseArgs } from '../../cli/args';

export const PACKAGE_ROOT = path.resolve(__dirname, '../..');
export const BIN = path.join(PACKAGE_ROOT, 'bin', 'tipc-conformance.js');

export interface CliResult {
  /** Exit code; null if the process could not be started or was killed. */
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

export function runCli(args: readonly string[], cwd = PACKAGE_ROOT, env: Readonly<Record<string, string>> = {}): Promise<CliResult> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [BIN, ...args], {
      cwd,
      env: { ...process.env, NO_COLOR: '1', FORCE_COLOR: undefined, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    child.on('error', (error) => resolve({ code: null, stdout, stderr: stderr + String(error) }));
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

/** The usage error parseArgs gives for `args` in `cwd`; fails the test when there is none. */
export function usageErrorOf(args: readonly string[], cwd: string): string {
  try {
    parseArgs(args, cwd);
  } catch (error: unknown) {
    if (error instanceof UsageError) return error.message;
    throw error;
  }
  return assert.fail(`no usage error for ${args.join(' ')}`);
}

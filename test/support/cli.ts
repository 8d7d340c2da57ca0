/** Running the real `tipc-conformance` binary from tests, as a child process (argv, no shell). */
import { spawn } from 'node:child_process';
import * as path from 'node:path';

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

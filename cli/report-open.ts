/**
 * `tipc-conformance report open [DIR]`: serve a generated Allure report over HTTP. The report is a
 * single-page application that loads its data with fetch(), which browsers refuse from a file://
 * page, so opening index.html from disk shows a report stuck on "Loading". allure-commandline's
 * `allure open` serves the folder (Jetty, in Java) and tries to open a browser; we run it as a
 * child process on loopback by default, print the address, and stop it on Ctrl-C (SIGINT) or
 * SIGTERM. Nothing outlives the command: the child is killed when it exits, however it exits.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import * as path from 'node:path';
import type { Writable } from 'node:stream';
import { javaProblem } from './allure';
import type { OpenReportOptions } from './args';
import { HarnessError } from './errors';
import { EXIT_ERROR, EXIT_PASSED } from './run';
import { PACKAGE_ROOT } from '../harness/package-info';

export interface OpenReportIo {
  readonly stdout: Writable;
  readonly stderr: Writable;
  /** What stops the server; the process by default (Ctrl-C, kill). */
  readonly signals?: NodeJS.EventEmitter;
}

/** allure-commandline's launcher script (it execs java: killing it kills the server). */
function allureBin(): string {
  return path.join(path.dirname(require.resolve('allure-commandline/package.json', { paths: [PACKAGE_ROOT] })), 'dist', 'bin', 'allure');
}

/** The address allure open prints when its server is up: `... server started at <http://127.0.0.1:36651>`. */
export function servedAddress(line: string): string | undefined {
  return /started at <(https?:\/\/[^>]+)>/.exec(line)?.[1];
}

const STOPPING_SIGNALS = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const;

/** Serve the report until a stopping signal; 0 then, 2 when the server cannot start or dies. */
export async function openReport(options: OpenReportOptions, io: OpenReportIo): Promise<number> {
  const java = javaProblem();
  if (java !== undefined) throw new HarnessError(`cannot serve the Allure report: ${java}`);
  const signals = io.signals ?? process;
  // a headless JVM has no desktop to open a browser on: allure open then only serves
  const env = options.browser ? process.env : { ...process.env, ALLURE_OPTS: `${process.env.ALLURE_OPTS ?? ''} -Djava.awt.headless=true`.trim() };
  const child: ChildProcess = spawn(allureBin(), ['open', '-h', options.host, '-p', String(options.port), options.folder], { stdio: ['ignore', 'pipe', 'pipe'], env });
  const kill = (): void => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
  };
  // a harness that exits any other way still takes the server with it
  process.on('exit', kill);
  let output = '';
  let stopped = false;
  const forward = (chunk: Buffer): void => {
    const text = chunk.toString();
    output = (output + text).slice(-2000);
    io.stdout.write(text);
    for (const line of text.split('\n')) {
      const address = servedAddress(line);
      if (address !== undefined) io.stdout.write(`report open: serving ${options.folder} at ${address}/ (Ctrl-C stops it)\n`);
    }
  };
  child.stdout?.on('data', forward);
  child.stderr?.on('data', forward);
  const stop = (): void => {
    stopped = true;
    kill();
  };
  for (const sig of STOPPING_SIGNALS) signals.on(sig, stop);
  try {
    const code = await new Promise<number | null>((resolve) => {
      child.on('error', (error) => {
        output += `\n${error.message}`;
        resolve(null);
      });
      child.on('close', (exitCode) => resolve(exitCode));
    });
    // Ctrl-C in a terminal signals the whole foreground group: the JVM may end (exit 130) before our handler runs
    if (stopped || code === 130) {
      io.stdout.write('report open: stopped\n');
      return EXIT_PASSED;
    }
    io.stderr.write(`report open: allure open ended by itself (exit ${code ?? 'none'}):\n${output.trim().replace(/^/gm, '  ')}\n`);
    return EXIT_ERROR;
  } finally {
    for (const sig of STOPPING_SIGNALS) signals.off(sig, stop);
    process.off('exit', kill);
    kill();
  }
}

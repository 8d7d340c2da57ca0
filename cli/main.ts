/**
 * Entry point of `tipc-conformance` (bin/tipc-conformance.js registers ts-node and calls main).
 * Returns the exit code: 0 passed, 1 a scenario failed, 2 usage or harness error.
 */
import { terminalSafe } from './terminal-safe';
import { UsageError, parseArgs } from './args';
import { certify } from './certify';
import { kernelSetup } from '../adapters/kernel/setup-cli';
import { stopOnClosedStdout } from '../adapters/exit-hooks';
import { printSteps } from './catalogue';
import { diff } from './diff';
import { runExplore } from './explore';
import { runLint } from './lint';
import { mergeShards } from './merge';
import { openReport } from './report-open';
import { printRequirements } from './capability-table';
import { PROGRAM } from '../harness/package-info';
import { HarnessError } from './errors';
import { EXIT_ERROR, EXIT_PASSED, runConformance } from './run';

function useColor(stream: NodeJS.WriteStream, env: NodeJS.ProcessEnv): boolean {
  if (env.NO_COLOR !== undefined && env.NO_COLOR !== '') return false;
  if (env.FORCE_COLOR !== undefined && env.FORCE_COLOR !== '0') return true;
  return stream.isTTY === true;
}

export async function main(argv: readonly string[]): Promise<number> {
  const { stdout, stderr, env } = process;
  stopOnClosedStdout(stdout);
  const cwd = process.cwd();
  try {
    const command = parseArgs(argv, cwd);
    switch (command.kind) {
      case 'output':
        stdout.write(command.text);
        return EXIT_PASSED;
      case 'lint':
        return await runLint(command.options, { cwd, env, stdout, stderr });
      case 'steps':
        return await printSteps(command.format, command.support, { cwd, env, stdout, stderr });
      case 'kernel setup':
        return await kernelSetup(command.options, { stdout, stderr });
      case 'run':
        return await runConformance(command.options, { cwd, env, stdout, stderr, color: useColor(stdout, env) });
      case 'diff':
        return await diff(command.options, { cwd, env, stdout, stderr, color: false });
      case 'explore':
        return await runExplore(command.options, { cwd, env, stdout, stderr });
      case 'report':
        return await mergeShards(command.options, { stdout, stderr, color: useColor(stdout, env) });
      case 'requirements':
        return await printRequirements(command.options, { cwd, env, stdout });
      case 'report open':
        return await openReport(command.options, { stdout, stderr });
      case 'certify':
        return await certify(command.options, { cwd, env, stdout, stderr, color: useColor(stdout, env) });
    }
  } catch (error: unknown) {
    if (error instanceof UsageError) {
      stderr.write(`${PROGRAM}: ${terminalSafe(error.message)}\nsee ${error.seeAlso}\n`);
      return EXIT_ERROR;
    }
    if (error instanceof HarnessError) {
      stderr.write(`${PROGRAM}: harness error: ${terminalSafe(error.message)}\n`);
      return EXIT_ERROR;
    }
    const text = error instanceof Error ? (error.stack ?? error.message) : String(error);
    stderr.write(`${PROGRAM}: internal error: ${terminalSafe(text)}\n`);
    return EXIT_ERROR;
  }
}

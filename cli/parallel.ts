/**
 * `run --parallel N` and `certify --parallel N`: cucumber's own parallel runner (the `parallel`
 * option of runCucumber), which forks N worker processes. Each worker loads the step definitions
 * itself, from the coordinates of the library the run loaded (worker-support.cjs first, which
 * registers ts-node there), and sends every message back; the formatters, the terminal summary
 * and the report writers stay in the run's process and see the same messages as in a serial run.
 *
 * What a worker gets from the run: the world parameters (RunParameters, JSON) and the
 * environment. So nothing a scenario needs may live in the run's process: the IUT's hello is in
 * the world parameters, --step-timeout in the environment (TIPC_STEP_TIMEOUT_MS); traces, pcaps,
 * charts and IUT logs are files the worker writes and attachments it sends.
 */
import { availableParallelism } from 'node:os';
import * as path from 'node:path';
import type { IRunConfiguration } from '@cucumber/cucumber/api';
import type { IutSpec, TestersSpec } from '../contract/refs';
import { PACKAGE_ROOT } from '../harness/package-info';

/** Loaded before the step definitions, in the run's process and in every worker. */
export const WORKER_SUPPORT_MODULE = path.join(__dirname, 'worker-support.cjs');

/** The environment variable that carries --step-timeout to the workers (worker-support.cjs reads it). */
export const STEP_TIMEOUT_ENV = 'TIPC_STEP_TIMEOUT_MS';

/** Most workers a run may ask for: each is a Node.js process with the whole harness loaded. */
export const MAX_WORKERS = 256;

export const PARALLEL_HELP =
  "run scenarios in N worker processes at once (cucumber's parallel runner), N from 1 to " +
  `${MAX_WORKERS} or 'auto' (one per CPU); the same results and reports as a serial run, lines in the ` +
  'order scenarios finish. Not above 1 with --iut kernel or --testers kernel: kernel nodes run in real ' +
  'time, one set of QEMU guests per run (default, or 0: one scenario at a time, in this process)';

/**
 * The number of workers --parallel asks for (0: none, the scenarios run in this process, as
 * without the option), or what is wrong with it. `kernel`: kernel nodes take part (--iut kernel,
 * --testers kernel): their scenarios run on the wall clock with the latency allowances of one set
 * of guests on the machine, so at most one worker.
 */
export function parseParallel(text: string, kernel: boolean, cpus: number = availableParallelism()): number | { readonly problem: string } {
  const workers = text === 'auto' ? cpus : /^[0-9]+$/.test(text) ? Number(text) : NaN;
  if (!(workers >= 0 && workers <= MAX_WORKERS)) {
    return {
      problem: `--parallel must be a number of worker processes from 1 to ${MAX_WORKERS}, auto (one per CPU: ${cpus} here) or 0 (none: one scenario at a time, in this process), got '${text}'`,
    };
  }
  if (kernel && workers > 1) {
    return {
      problem:
        `--parallel ${text} runs ${workers} scenarios at once, but kernel nodes (--iut kernel, --testers kernel) run in real time, ` +
        'one set of QEMU guests per run: leave --parallel out, or give --parallel 1',
    };
  }
  return workers;
}

/** Whether the run has kernel nodes, which --parallel above 1 refuses. */
export function hasKernelNodes(iut: IutSpec, testers: TestersSpec): boolean {
  return iut.kind === 'kernel' || testers === 'kernel';
}

/** Workers to fork: no more than there are scenarios (cucumber forks them all, idle or not). */
export function workerCount(parallel: number, scenarios: number): number {
  return parallel === 0 ? 0 : Math.max(1, Math.min(parallel, scenarios));
}

/**
 * The environment of a run with workers: the caller's, with --step-timeout, and the package's
 * tsconfig.json for a worker that inherited `--require ts-node/register` from the run's process
 * (a test, a bench script), which would otherwise look for one in the current folder.
 */
export function workerEnvironment(env: Record<string, string | undefined>, stepTimeoutMs: number): Record<string, string | undefined> {
  return { ...env, [STEP_TIMEOUT_ENV]: String(stepTimeoutMs), TS_NODE_PROJECT: path.join(PACKAGE_ROOT, 'tsconfig.json') };
}

/**
 * Tags of scenarios known to take far longer than the rest (broadcast.feature's NB-5 with 65,536
 * updates, NB-6 with 128 nodes: two thirds of a whole run between them).
 */
export const LONG_TAGS: readonly string[] = ['@long', '@scale'];

/**
 * The order a run with workers hands scenarios out in: those tagged @long first, the rest as
 * defined. A worker takes the next scenario when it is free, so a long one handed out last keeps
 * one worker busy while the others have nothing left; handed out first, the others share the
 * rest meanwhile. Results do not depend on the order (every scenario has its own cluster and the
 * run's seed); the terminal lists scenarios as they finish, the statement in the plan's order.
 */
export function longFirst<T extends { readonly pickle: { readonly tags: readonly { readonly name: string }[] } }>(pickles: readonly T[]): T[] {
  const long = (p: T): boolean => p.pickle.tags.some((t) => LONG_TAGS.includes(t.name));
  return [...pickles.filter(long), ...pickles.filter((p) => !long(p))];
}

/** The cucumber plugin (long-first-plugin.cjs) that orders a run with workers by longFirst. */
export const LONG_FIRST_PLUGIN = path.join(__dirname, 'long-first-plugin.cjs');

/** A run configuration's runtime and plugins with `workers` workers (none: as it is). */
export function withWorkers(config: IRunConfiguration, workers: number): Pick<IRunConfiguration, 'runtime' | 'plugins'> {
  if (workers === 0) return { runtime: config.runtime, ...(config.plugins ? { plugins: config.plugins } : {}) };
  const plugins = config.plugins ?? { specifiers: [], options: {} };
  return { runtime: { ...config.runtime, parallel: workers }, plugins: { ...plugins, specifiers: [...plugins.specifiers, LONG_FIRST_PLUGIN] } };
}

/**
 * What to say when scenarios of the plan never finished: a worker that ended before its scenario
 * did (a step that exits the process, a crash, a kill) takes that scenario with it, and cucumber
 * ends the run without a word of it. A harness error: the run cannot be judged, even when another
 * scenario failed.
 */
export function unfinishedProblem(planned: number, finished: number, workers: number): string | undefined {
  if (finished >= planned) return undefined;
  const why = workers > 0 ? ': a worker process ended before its scenario did (see its output above)' : '';
  return `${planned - finished} of ${planned} scenarios did not finish${why}`;
}

/**
 * The step definitions and hooks of a run, each waiting for ever once a stop signal has come
 * (adapters/exit-hooks.ts stopSignalled). Cucumber cannot stop a run; the run command stops
 * waiting for it and ends its reports (run-reports.ts), and the run left behind must not go on
 * running scenarios meanwhile: it would hold the event loop the reports are written in, and write
 * traces, charts and results of scenarios the reports do not hold. Parallel workers load the
 * support code again, without this; they end with this process.
 */
import type { ISupportCodeLibrary } from '@cucumber/cucumber/api';

/** A step definition or hook as the runtime calls it: `code`, with the arity cucumber checks. */
interface Definition {
  readonly code: (...args: unknown[]) => unknown;
}

/** The kinds of definitions the runtime calls per scenario (ISupportCodeLibrary's fields, which its public type hides). */
const KINDS = ['stepDefinitions', 'beforeTestCaseHookDefinitions', 'afterTestCaseHookDefinitions', 'beforeTestStepHookDefinitions', 'afterTestStepHookDefinitions'] as const;

/** `code` until `stopped()`, then a promise that never settles (and no callback called). */
export function gatedCode(code: Definition['code'], stopped: () => boolean): Definition['code'] {
  const gated = function (this: unknown, ...args: unknown[]): unknown {
    if (stopped()) return new Promise<never>(() => {});
    return code.apply(this, args);
  };
  // cucumber reads a definition's arity to tell a callback from a promise
  Object.defineProperty(gated, 'length', { value: code.length });
  return gated;
}

/**
 * The library with each definition of KINDS in front of its own (a copy that inherits
 * everything but `code`; ids, patterns and options are the original's).
 */
export function haltingOnStop(library: ISupportCodeLibrary, stopped: () => boolean): ISupportCodeLibrary {
  const fields = library as unknown as Record<(typeof KINDS)[number], readonly Definition[] | undefined>;
  const halted: Record<string, unknown> = { ...library };
  for (const kind of KINDS) {
    halted[kind] = (fields[kind] ?? []).map((d) => {
      const copy = Object.create(d) as { code: Definition['code'] };
      copy.code = gatedCode(d.code, stopped);
      return copy;
    });
  }
  return halted as unknown as ISupportCodeLibrary;
}

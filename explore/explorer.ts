/**
 * The explorer: random schedules (explore/schedule.ts) run against an implementation until one
 * breaks an invariant (explore/invariants.ts), then shrunk by fast-check to a minimal schedule of
 * the same violation. Each run is one fast-check check of one generated case (its seed the
 * explorer's seed plus the run's index), so that any run can be replayed alone and a known bug
 * (explore/known.ts) does not end the search. Nothing here writes files or reads the clock but
 * through `Clock`: the CLI owns both.
 */
import fc from 'fast-check';
import type { Capability, IutSpec, NodeId, RunParameters } from '../contract';
import { INVARIANTS, IUT_HEALTHY, invariantOfLine } from './invariants';
import { type KnownFinding, type Recognition, recognise } from './known';
import { type Driver, Model, type Shape, healLines, iutNodes, schedules, setupLines, startRuleLines } from './schedule';
import { type ScenarioResult, type StepLine, type StepRunner, runLines } from './step-runner';

/** A schedule that broke an invariant, as small as shrinking made it. */
export interface Counterexample {
  /** The invariant's name (FAILOVER-ENDS, ...), its requirement, and what it says. */
  readonly invariant: string;
  readonly req: string;
  readonly says: string;
  /** The step that failed and its message. */
  readonly failedStep: string;
  readonly message: string;
  /** Every line the scenario ran, in order: set-up, commands, healing, checks. */
  readonly lines: readonly StepLine[];
  readonly shape: Shape;
  readonly iutNodes: readonly NodeId[];
  /** The run that found it (0-based) and the fast-check seed of its batch. */
  readonly run: number;
  readonly fcSeed: number;
  /** Commands in the schedule as first found, and after shrinking. */
  readonly commandsFound: number;
  readonly commandsShrunk: number;
  /** Shrink steps fast-check took. */
  readonly shrinks: number;
  /** When it was found and when shrinking ended, ms since the exploration began. */
  readonly foundAtMs: number;
  readonly shrunkAtMs: number;
  /** A known kernel bug it is. */
  readonly known?: KnownFinding;
  /** It breaks the same invariant on reference:fixed too, and no proposed fix removes it: a bug of the kernel's model as well. */
  readonly shared: boolean;
}

export interface ExploreSettings {
  readonly iut: IutSpec;
  /** The run parameters every scenario gets (the IUT, its capabilities, the cluster seed). */
  readonly parameters: RunParameters;
  readonly capabilities: readonly Capability[];
  /** The explorer's seed: run i uses fast-check seed `seed + i`. */
  readonly seed: number;
  /** Stop after this many runs, or at this time (ms since the start), whichever comes first. */
  readonly runs?: number;
  readonly timeMs?: number;
  /** Stop at the first known bug too. */
  readonly stopOnKnown: boolean;
  /**
   * Count only what reference:fixed does not share (the IUT's own bugs): a schedule that breaks the
   * same invariant on the kernel's model is noted and the search goes on.
   */
  readonly ownOnly: boolean;
  /** Commands a schedule has at most. */
  readonly maxCommands: number;
  /** How long shrinking one counterexample may take, ms. */
  readonly shrinkMs: number;
}

export interface Clock {
  now(): number;
}

export interface ExploreEvents {
  /** After each run (shrink runs not counted). */
  progress?(p: { readonly runs: number; readonly elapsedMs: number; readonly violations: ReadonlyMap<string, number> }): void;
  /** A counterexample, shrunk (or a known bug, recognised). */
  found?(c: Counterexample): void | Promise<void>;
  /** Shrinking began (a run failed). */
  shrinking?(invariant: string, run: number): void;
}

export interface ExploreResult {
  readonly runs: number;
  readonly elapsedMs: number;
  readonly counterexamples: readonly Counterexample[];
  /** Known bugs met, by ID, with how many runs met them. */
  readonly known: ReadonlyMap<string, number>;
  /** Runs that broke an invariant the kernel's model breaks too, with no known fix (ownOnly). */
  readonly sharedRuns: number;
  /** Why it stopped. */
  readonly stoppedBy: 'runs' | 'time' | 'counterexample' | 'known' | 'interrupt';
}

/** What broke: the invariant of a failed check, or IUT-HEALTHY for a step of the schedule. */
function violated(r: ScenarioResult): { readonly name: string; readonly req: string; readonly says: string } | undefined {
  if (r.status === 'passed') return undefined;
  return invariantOfLine(r.text) ?? IUT_HEALTHY;
}

/** A counterexample kept as found, unshrunk: a known bug, or one the kernel's model shares (--own-only). */
function asFound(
  v: { readonly name: string; readonly req: string; readonly says: string },
  result: ScenarioResult,
  run: { readonly lines: readonly StepLine[]; readonly shape: Shape; readonly commands: number; readonly run: number; readonly fcSeed: number; readonly at: number },
  what: Pick<Counterexample, 'known' | 'shared'>,
): Counterexample {
  const failed = result.status === 'failed' ? result : undefined;
  return {
    invariant: v.name,
    req: v.req,
    says: v.says,
    failedStep: failed?.text ?? '',
    message: failed?.message ?? '',
    lines: run.lines,
    shape: run.shape,
    iutNodes: iutNodes(run.shape),
    run: run.run,
    fcSeed: run.fcSeed,
    commandsFound: run.commands,
    commandsShrunk: run.commands,
    shrinks: 0,
    foundAtMs: run.at,
    shrunkAtMs: run.at,
    ...what,
  };
}

/** Stops a model run at the first failing step. */
class StepFailed extends Error {}

/** Runs per fast-check check: its generation grows from small cases to large ones over a batch. */
const BATCH = 100;

/** Runs a schedule's steps on one implementation and keeps its lines. */
class ScheduleDriver implements Driver {
  readonly lines: StepLine[] = [];
  failure: ScenarioResult | undefined;

  constructor(private readonly step: (line: StepLine) => Promise<void>) {}

  async exec(group: StepLine['keyword'], text: string): Promise<void> {
    const line: StepLine = { keyword: group, text, outcome: group === 'Then' };
    this.lines.push(line);
    try {
      await this.step(line);
    } catch (error: unknown) {
      const message = error instanceof Error ? error.message : String(error);
      const kind = error instanceof Error && error.name === 'ExpectationError' ? 'expectation' : 'error';
      this.failure = { status: 'failed', line: this.lines.length - 1, text, message, kind };
      throw new StepFailed(message);
    }
  }
}

export async function explore(settings: ExploreSettings, runner: StepRunner, clock: Clock, events: ExploreEvents, interrupted: () => boolean): Promise<ExploreResult> {
  const start = clock.now();
  const elapsed = (): number => clock.now() - start;
  const counterexamples: Counterexample[] = [];
  const known = new Map<string, number>();
  const violations = new Map<string, number>();
  let sharedRuns = 0;
  const scheduleArb = schedules(settings.capabilities, settings.maxCommands);

  /** Runs lines (a whole scenario) on an implementation: what breaks, if anything. */
  const replay = async (iut: IutSpec, shape: Shape, lines: readonly StepLine[]): Promise<string | undefined> => {
    const run = runner.begin({ ...settings.parameters, iut }, iutNodes(shape), 'explore-replay');
    return violated(await runLines(run, lines))?.name;
  };

  /** One schedule on the IUT: its lines and how it ended. */
  const runSchedule = async (shape: Shape, cmds: Iterable<fc.AsyncCommand<Model, Driver>>): Promise<{ lines: readonly StepLine[]; result: ScenarioResult; commands: number }> => {
    const run = runner.begin(settings.parameters, iutNodes(shape), 'explore');
    const driver = new ScheduleDriver((line) => run.step(line));
    const model = new Model(shape);
    let ran = 0;
    try {
      for (const line of setupLines(shape)) await driver.exec('Given', line);
      for (const line of startRuleLines(shape)) await driver.exec('When', line);
      const before = driver.lines.length;
      try {
        await fc.asyncModelRun(() => ({ model, real: driver }), cmds);
      } finally {
        // each command runs one line
        ran = driver.lines.length - before;
      }
      for (const line of healLines(model)) await driver.exec('When', line);
      for (const inv of INVARIANTS) {
        const line = inv.line({ streams: model.streams.size });
        if (line !== undefined) await driver.exec('Then', line);
      }
    } catch (error: unknown) {
      if (!(error instanceof StepFailed)) {
        const message = error instanceof Error ? error.message : String(error);
        driver.failure ??= { status: 'failed', line: driver.lines.length - 1, text: driver.lines[driver.lines.length - 1]?.text ?? '', message, kind: 'error' };
      }
    } finally {
      await run.end();
    }
    if (process.env.EXPLORE_DEBUG && Math.random() < 0.01) console.error(driver.lines.map((l) => `${l.keyword} ${l.text}`).join("\n"), driver.failure, run.world.lifecycle.started()?.now());
    return { lines: driver.lines, result: driver.failure ?? { status: 'passed' }, commands: ran };
  };

  let runs = 0;
  let stoppedBy: ExploreResult['stoppedBy'] | undefined;
  const stopNow = (): boolean => {
    if (stoppedBy !== undefined) return true;
    if (interrupted()) stoppedBy = 'interrupt';
    else if (settings.runs !== undefined && runs >= settings.runs) stoppedBy = 'runs';
    else if (settings.timeMs !== undefined && elapsed() >= settings.timeMs) stoppedBy = 'time';
    return stoppedBy !== undefined;
  };
  for (let batch = 0; !stopNow(); batch++) {
    // batches of different seeds never meet: seed s's batch b is not seed s+1's batch b-1
    const fcSeed = (Math.imul(settings.seed, 0x9e3779b1) + batch) >>> 0;
    // the first new failure of this batch, then each smaller failure shrinking finds
    let target: { name: string; req: string; says: string } | undefined;
    let best: { lines: readonly StepLine[]; result: ScenarioResult; shape: Shape; commands: number } | undefined;
    let firstCommands = 0;
    let foundAt = 0;
    let foundRun = 0;
    let shrinkDeadline = Infinity;
    let targetKind: Recognition['kind'] = 'own';
    const recogniseRun = (name: string, shape: Shape, lines: readonly StepLine[]): Promise<Recognition> => recognise(name, (iut) => replay(iut, shape, lines));
    const property = fc.asyncProperty(scheduleArb, async ({ shape, commands: cmds }) => {
      // a run of the reference is one long chain of promises; let the event loop turn between
      // runs, so that a signal (Ctrl-C) is heard and the search stops
      await new Promise<void>((resolve) => setImmediate(resolve));
      if (target !== undefined) {
        // shrinking: a smaller schedule counts only if it breaks the same invariant, and the
        // kernel's model takes it as it took the first (so shrinking does not drift to another bug)
        if (clock.now() > shrinkDeadline || interrupted()) return true;
        const { lines, result, commands: n } = await runSchedule(shape, cmds);
        if (violated(result)?.name !== target.name) return true;
        if ((await recogniseRun(target.name, shape, lines)).kind !== targetKind) return true;
        best = { lines, result, shape, commands: n };
        return false;
      }
      if (stopNow()) return true;
      const { lines, result, commands: n } = await runSchedule(shape, cmds);
      const runIndex = runs++;
      const v = violated(result);
      if (v !== undefined) violations.set(v.name, (violations.get(v.name) ?? 0) + 1);
      events.progress?.({ runs, elapsedMs: elapsed(), violations });
      if (v === undefined) return true;
      const rec = await recogniseRun(v.name, shape, lines);
      if (rec.kind === 'known') {
        const k = rec.finding;
        for (const id of k.ids) known.set(id, (known.get(id) ?? 0) + 1);
        const kept = counterexamples.some((x) => x.known?.fixedBy === k.fixedBy && x.invariant === v.name);
        if (!kept) {
          const c = asFound(v, result, { lines, shape, commands: n, run: runIndex, fcSeed, at: elapsed() }, { known: k, shared: true });
          counterexamples.push(c);
          await events.found?.(c);
        }
        if (settings.stopOnKnown) stoppedBy = 'known';
        return true;
      }
      if (rec.kind === 'shared' && settings.ownOnly) {
        sharedRuns++;
        // the first of each invariant is kept, as found, for a look; the search goes on
        if (!counterexamples.some((x) => x.shared && x.known === undefined && x.invariant === v.name)) {
          const c = asFound(v, result, { lines, shape, commands: n, run: runIndex, fcSeed, at: elapsed() }, { shared: true });
          counterexamples.push(c);
          await events.found?.(c);
        }
        return true;
      }
      target = v;
      targetKind = rec.kind;
      firstCommands = n;
      foundAt = elapsed();
      foundRun = runIndex;
      shrinkDeadline = clock.now() + settings.shrinkMs;
      events.shrinking?.(v.name, runIndex);
      best = { lines, result, shape, commands: n };
      return false;
    });
    const outcome = await fc.check(property, { seed: fcSeed, numRuns: BATCH, endOnFailure: false });
    if (target === undefined || best === undefined || best.result.status === 'passed') continue;
    const failed = best.result;
    const c: Counterexample = {
      invariant: target.name,
      req: target.req,
      says: target.says,
      failedStep: failed.text,
      message: failed.message,
      lines: best.lines,
      shape: best.shape,
      iutNodes: iutNodes(best.shape),
      run: foundRun,
      fcSeed,
      commandsFound: firstCommands,
      commandsShrunk: best.commands,
      shrinks: outcome.numShrinks,
      foundAtMs: foundAt,
      shrunkAtMs: elapsed(),
      shared: (targetKind as Recognition['kind']) === 'shared',
    };
    counterexamples.push(c);
    await events.found?.(c);
    return { runs, elapsedMs: elapsed(), counterexamples, known, sharedRuns, stoppedBy: 'counterexample' };
  }
  return { runs, elapsedMs: elapsed(), counterexamples, known, sharedRuns, stoppedBy: stoppedBy ?? 'runs' };
}

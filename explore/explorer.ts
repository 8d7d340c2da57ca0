/**
 * The explorer: random schedules (explore/schedule.ts) run against an implementation until one
 * breaks an invariant (explore/invariants.ts), then shrunk by fast-check to a minimal schedule of
 * the same violation. The runs go in batches, one fast-check check of BATCH cases each, seeded
 * from the explorer's seed and the batch's number; a known bug (explore/known.ts) is noted and
 * does not end the search. Nothing here writes files or reads the clock but through `Clock`: the
 * CLI owns both.
 */
import fc from 'fast-check';
import type { IutSpec, NodeId, RunParameters } from '../contract';
import { INVARIANTS, IUT_HEALTHY, invariantOfLine } from './invariants';
import { type KnownFinding, type Recognition, recognise } from './known';
import { type Driver, Model, type Shape, healLines, iutNodes, schedules, setupLines, startRuleLines } from './schedule';
import { type ScenarioResult, type StepLine, type StepRunner, failedAt, runLines } from './step-runner';

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
  /** reference:fixed breaks an invariant on it too: it meets a bug of the kernel's model as well (known, or nobody's finding yet). */
  readonly shared: boolean;
}

export interface ExploreSettings {
  /** The run parameters every scenario gets (the IUT, its capabilities, the cluster seed). */
  readonly parameters: RunParameters;
  /** The explorer's seed: batch b uses fast-check seed `seed × 0x9e3779b1 + b` (mod 2³²). */
  readonly seed: number;
  /** Stop after this many runs, or at this time (ms since the start), whichever comes first. */
  readonly runs?: number;
  readonly timeMs?: number;
  /** Stop at the first known bug too. */
  readonly stopOnKnown: boolean;
  /**
   * Count only what reference:fixed does not share (the IUT's own bugs): a schedule on which the
   * kernel's model breaks an invariant too is noted and the search goes on.
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

/** A schedule's run that broke an invariant: its lines, its cluster, how it ended and how many commands it had. */
interface FailedRun {
  readonly lines: readonly StepLine[];
  readonly shape: Shape;
  readonly result: ScenarioResult;
  readonly commands: number;
}

/** A counterexample: the invariant `v` broken by run `r`, found as `found` says (before any shrinking). */
function counterexample(
  v: { readonly name: string; readonly req: string; readonly says: string },
  r: FailedRun,
  found: Pick<Counterexample, 'run' | 'fcSeed' | 'commandsFound' | 'foundAtMs' | 'shrinks' | 'shrunkAtMs' | 'known' | 'shared'>,
): Counterexample {
  const failed = r.result.status === 'failed' ? r.result : undefined;
  return {
    invariant: v.name,
    req: v.req,
    says: v.says,
    failedStep: failed?.text ?? '',
    message: failed?.message ?? '',
    lines: r.lines,
    shape: r.shape,
    iutNodes: iutNodes(r.shape),
    commandsShrunk: r.commands,
    ...found,
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

  async exec(keyword: StepLine['keyword'], text: string): Promise<void> {
    const line: StepLine = { keyword, text };
    this.lines.push(line);
    try {
      await this.step(line);
    } catch (error: unknown) {
      this.failure = failedAt(text, error);
      throw new StepFailed();
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
  const scheduleArb = schedules(settings.parameters.capabilities, settings.maxCommands);

  /** Runs lines (a whole scenario) on an implementation: what breaks, if anything. */
  const replay = async (iut: IutSpec, shape: Shape, lines: readonly StepLine[]): Promise<string | undefined> => {
    const run = runner.begin({ ...settings.parameters, iut }, iutNodes(shape), 'explore-replay');
    return violated(await runLines(run, lines))?.name;
  };

  /** How the kernel's model and the proposed fixes take a schedule that broke `name` on the IUT. */
  const recogniseRun = (name: string, r: FailedRun): Promise<Recognition> => recognise(name, (iut) => replay(iut, r.shape, r.lines));

  /** One schedule on the IUT: its lines and how it ended. */
  const runSchedule = async (shape: Shape, cmds: Iterable<fc.AsyncCommand<Model, Driver>>): Promise<FailedRun> => {
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
      // a step's failure is the driver's; anything else (fast-check, the model) is the last line's
      if (!(error instanceof StepFailed)) driver.failure ??= failedAt(driver.lines[driver.lines.length - 1]?.text ?? '', error);
    } finally {
      await run.end();
    }
    return { lines: driver.lines, shape, result: driver.failure ?? { status: 'passed' }, commands: ran };
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
    let best: FailedRun | undefined;
    let firstCommands = 0;
    let foundAt = 0;
    let foundRun = 0;
    let shrinkDeadline = Infinity;
    let targetKind: Recognition['kind'] = 'own';
    const property = fc.asyncProperty(scheduleArb, async ({ shape, commands: cmds }) => {
      // a run of the reference is one long chain of promises; let the event loop turn between
      // runs, so that a signal (Ctrl-C) is heard and the search stops
      await new Promise<void>((resolve) => setImmediate(resolve));
      if (target !== undefined) {
        // shrinking: a smaller schedule counts only if it breaks the same invariant, and the
        // kernel's model takes it as it took the first (so shrinking does not drift to another bug)
        if (clock.now() > shrinkDeadline || interrupted()) return true;
        const r = await runSchedule(shape, cmds);
        if (violated(r.result)?.name !== target.name) return true;
        if ((await recogniseRun(target.name, r)).kind !== targetKind) return true;
        best = r;
        return false;
      }
      if (stopNow()) return true;
      const r = await runSchedule(shape, cmds);
      const runIndex = runs++;
      const v = violated(r.result);
      if (v !== undefined) violations.set(v.name, (violations.get(v.name) ?? 0) + 1);
      events.progress?.({ runs, elapsedMs: elapsed(), violations });
      if (v === undefined) return true;
      const rec = await recogniseRun(v.name, r);
      /** Kept as found, unshrunk, if it is the first of its kind; the search goes on. */
      const keep = async (first: boolean, what: Pick<Counterexample, 'known' | 'shared'>): Promise<void> => {
        if (!first) return;
        const at = elapsed();
        const c = counterexample(v, r, { run: runIndex, fcSeed, commandsFound: r.commands, foundAtMs: at, shrinks: 0, shrunkAtMs: at, ...what });
        counterexamples.push(c);
        await events.found?.(c);
      };
      if (rec.kind === 'known') {
        const k = rec.finding;
        for (const id of k.ids) known.set(id, (known.get(id) ?? 0) + 1);
        await keep(!counterexamples.some((x) => x.known?.fixedBy === k.fixedBy && x.invariant === v.name), { known: k, shared: true });
        if (settings.stopOnKnown) stoppedBy = 'known';
        return true;
      }
      if (rec.kind === 'shared' && settings.ownOnly) {
        sharedRuns++;
        await keep(!counterexamples.some((x) => x.shared && x.known === undefined && x.invariant === v.name), { shared: true });
        return true;
      }
      target = v;
      targetKind = rec.kind;
      firstCommands = r.commands;
      foundAt = elapsed();
      foundRun = runIndex;
      shrinkDeadline = clock.now() + settings.shrinkMs;
      events.shrinking?.(v.name, runIndex);
      best = r;
      return false;
    });
    const outcome = await fc.check(property, { seed: fcSeed, numRuns: BATCH, endOnFailure: false });
    if (target === undefined || best === undefined) continue;
    const c = counterexample(target, best, {
      run: foundRun,
      fcSeed,
      commandsFound: firstCommands,
      foundAtMs: foundAt,
      shrinks: outcome.numShrinks,
      shrunkAtMs: elapsed(),
      shared: (targetKind as Recognition['kind']) === 'shared',
    });
    counterexamples.push(c);
    await events.found?.(c);
    return { runs, elapsedMs: elapsed(), counterexamples, known, sharedRuns, stoppedBy: 'counterexample' };
  }
  return { runs, elapsedMs: elapsed(), counterexamples, known, sharedRuns, stoppedBy: stoppedBy ?? 'runs' };
}

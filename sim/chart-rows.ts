/**
 * What the sequence chart draws, row by row, in order: a frame, a fold of routine frames, the state
 * changes of one instant (each on its node's lifeline, those of one node one under another), and
 * the scenario's steps that began at that point. Pure: the trace, the marks and the steps in, rows out.
 */
import type { EntryList } from './trace';
import type { NodeId, TraceEntry } from './types';

export type TraceFrame = Extract<TraceEntry, { kind: 'frame' }>;

/** A state change of a node at a time, as the chart marks it. */
export interface ChartMark {
  readonly t: number;
  readonly node: NodeId;
  readonly text: string;
}

/**
 * The marks, in the chart's order, by index: an array, or a list that makes each when read (a
 * 128-node run has 100,000; the chart draws a few hundred).
 */
export interface MarkList {
  readonly length: number;
  at(i: number): ChartMark | undefined;
}

/**
 * A step of the scenario (its keyword and text) and where it began: at virtual time `t`, before
 * trace entry `entry` (an index into the chart's entries, notes included) and before mark `mark`
 * (an index into the chart's marks). A step that began before anything happened has 0 and 0.
 */
export interface ChartStep {
  readonly t: number;
  readonly text: string;
  readonly entry: number;
  readonly mark: number;
}

export type ChartRow =
  | { readonly kind: 'frame'; readonly t: number; readonly frame: TraceFrame }
  /** Consecutive routine frames, with the routine kind of each (same order). */
  | { readonly kind: 'fold'; readonly t: number; readonly until: number; readonly frames: readonly TraceFrame[]; readonly kinds: readonly string[] }
  | { readonly kind: 'marks'; readonly t: number; readonly marks: readonly ChartMark[] }
  | { readonly kind: 'steps'; readonly t: number; readonly steps: readonly ChartStep[] };

/** Fewest consecutive routine frames folded into one row. */
export const MIN_FOLD = 2;

/** Most state changes of one node in one row: more of the same instant go on in the next. */
const MARKS_PER_NODE = 6;

/** 'drop(rule)' → 'drop'; the class and colour of an arrow (a frame a hold let go: 'held'). */
export function fateClass(fate: string): string {
  const kind = /^[a-z-]+/.exec(fate)?.[0] ?? 'deliver';
  if (kind === 'released') return 'held';
  return ['deliver', 'drop', 'delay', 'reorder', 'dup', 'malformed', 'bearer-down', 'no-route'].includes(kind) ? kind : 'deliver';
}

/** A frame that never reached its receiver. */
export function isLost(fate: string): boolean {
  const cls = fateClass(fate);
  return cls === 'drop' || cls === 'bearer-down' || cls === 'no-route';
}

type Item =
  | { readonly kind: 'frame'; readonly index: number; readonly frame: TraceFrame }
  | { readonly kind: 'mark'; readonly index: number; readonly mark: ChartMark }
  | { readonly kind: 'step'; readonly step: ChartStep };

/**
 * Frames and marks in the chart's order (a mark at time t after every entry of time t or earlier
 * and before later ones), and each step where it began: after the frames and marks recorded
 * before it (even those of the same instant), before the first one recorded after. Lazily: a
 * chart cut after its first rows does not look at the rest.
 */
function* ordered(entries: EntryList, marks: MarkList, steps: readonly ChartStep[]): Generator<Item> {
  let nextMark = 0;
  let nextStep = 0;
  let out: Item[] = [];
  const markAt = (i: number): ChartMark => {
    const m = marks.at(i);
    if (m === undefined) throw new RangeError(`chart mark ${i} does not exist (there are ${marks.length})`);
    return m;
  };
  const emitMark = (): void => {
    out.push({ kind: 'mark', index: nextMark, mark: markAt(nextMark) });
    nextMark++;
  };
  /** The steps that began before what comes next, each after the marks recorded before it. */
  const stepsWhile = (began: (s: ChartStep) => boolean): void => {
    for (; nextStep < steps.length && began(steps[nextStep]); nextStep++) {
      const s = steps[nextStep];
      while (nextMark < Math.min(s.mark, marks.length)) emitMark();
      out.push({ kind: 'step', step: s });
    }
  };
  const marksBefore = (t: number): void => {
    while (nextMark < marks.length && markAt(nextMark).t < t) {
      stepsWhile((s) => nextMark >= s.mark);
      emitMark();
    }
  };
  const flush = (): Item[] => {
    const items = out;
    out = [];
    return items;
  };
  for (let index = 0; index < entries.length; index++) {
    const e = entries.at(index) as TraceEntry;
    if (e.kind !== 'frame') continue;
    marksBefore(e.t);
    stepsWhile((s) => index >= s.entry);
    out.push({ kind: 'frame', index, frame: e });
    yield* flush();
  }
  marksBefore(Infinity);
  stepsWhile(() => true);
  yield* flush();
}

/** Tells a frame that says nothing new (its kind) from one that does (undefined). */
export type RoutineOf = (f: TraceFrame) => string | undefined;

export interface RowOptions {
  /** The kind of a frame that says nothing new (a keepalive, a discovery message), or undefined. */
  readonly routine?: RoutineOf;
  /**
   * The kind of a frame that says nothing new when it repeats a frame met before (same sender,
   * receiver, bearer and label: a link's RESET or ACTIVATE sent again), or undefined.
   */
  readonly repeat?: RoutineOf;
  /** The frame's label, which tells repeats apart; its summary without it. */
  readonly label?: (f: TraceFrame) => string;
  /** Rows past this many are left out, and only counted. */
  readonly maxRows?: number;
}

/** The rows, and how many frames and state changes were left out past the last. */
export interface ChartRows {
  readonly rows: readonly ChartRow[];
  readonly omitted: number;
}

type Building =
  | { readonly kind: 'frame'; readonly t: number; readonly frame: TraceFrame }
  | { readonly kind: 'fold'; readonly t: number; readonly until: number; readonly frames: readonly TraceFrame[]; readonly kinds: readonly string[] }
  | { readonly kind: 'marks'; readonly t: number; readonly marks: ChartMark[] }
  | { readonly kind: 'steps'; readonly t: number; readonly steps: ChartStep[] };

/** Frames and state changes a row stands for. */
function weight(r: ChartRow): number {
  return r.kind === 'fold' ? r.frames.length : r.kind === 'marks' ? r.marks.length : r.kind === 'frame' ? 1 : 0;
}

/**
 * The chart's rows: runs of MIN_FOLD or more routine frames (see RowOptions), with nothing else
 * between them, become one fold row; a routine frame alone is drawn as it is.
 */
export function chartRows(entries: EntryList, marks: MarkList, steps: readonly ChartStep[], opts: RowOptions = {}): ChartRows {
  const { routine = () => undefined, repeat = () => undefined, label = (f: TraceFrame) => f.summary, maxRows = Infinity } = opts;
  const sent = new Set<string>();
  const kindOf = (f: TraceFrame): string | undefined => {
    const always = routine(f);
    if (always !== undefined) return always;
    const again = repeat(f);
    if (again === undefined) return undefined;
    const key = `${f.from}>${f.to}/${f.bearer} ${label(f)}`;
    if (sent.has(key)) return `${again} again`;
    sent.add(key);
    return undefined;
  };
  const rows: Building[] = [];
  /** Rows so far, a row of state changes counted by its most of one node (its height in lines). */
  let used = 0;
  /** The state changes of each node in the last row, if it is one of state changes. */
  let perNode = new Map<NodeId, number>();
  const push = (r: Building): void => {
    rows.push(r);
    used++;
    perNode = new Map(r.kind === 'marks' ? r.marks.map((m) => [m.node, 1]) : []);
  };
  let omitted = 0;
  let run: { frames: TraceFrame[]; kinds: string[] } = { frames: [], kinds: [] };
  const endRun = (): void => {
    const { frames, kinds } = run;
    if (frames.length >= MIN_FOLD) push({ kind: 'fold', t: frames[0].t, until: frames[frames.length - 1].t, frames, kinds });
    else for (const frame of frames) push({ kind: 'frame', t: frame.t, frame });
    run = { frames: [], kinds: [] };
  };
  for (const item of ordered(entries, marks, steps)) {
    if (used >= maxRows) {
      omitted += item.kind === 'step' ? 0 : 1;
      continue;
    }
    const kind = item.kind === 'frame' ? kindOf(item.frame) : undefined;
    if (item.kind === 'frame' && kind !== undefined) {
      run.frames.push(item.frame);
      run.kinds.push(kind);
      continue;
    }
    endRun();
    const last = rows[rows.length - 1];
    if (item.kind === 'frame') push({ kind: 'frame', t: item.frame.t, frame: item.frame });
    else if (item.kind === 'step') {
      if (last?.kind === 'steps') last.steps.push(item.step);
      else push({ kind: 'steps', t: item.step.t, steps: [item.step] });
    } else if (last?.kind === 'marks' && last.t === item.mark.t && (perNode.get(item.mark.node) ?? 0) < MARKS_PER_NODE) {
      last.marks.push(item.mark);
      const n = (perNode.get(item.mark.node) ?? 0) + 1;
      if (n > Math.max(0, ...perNode.values())) used++;
      perNode.set(item.mark.node, n);
    } else push({ kind: 'marks', t: item.mark.t, marks: [item.mark] });
  }
  if (used < maxRows) endRun();
  else omitted += run.frames.length;
  // a run that ended the trace may pass the limit: what does not fit is counted
  const kept = rows.length - Math.max(0, used - maxRows);
  for (const r of rows.slice(kept)) omitted += weight(r);
  return { rows: rows.slice(0, kept), omitted };
}

/** "8 DSC_REQ (4 lost), 6 DSC_RESP": what a fold holds, kinds in order of first appearance. */
export function foldSummary(frames: readonly TraceFrame[], kinds: readonly string[]): string {
  const counts = new Map<string, { n: number; lost: number }>();
  frames.forEach((f, i) => {
    const c = counts.get(kinds[i]) ?? { n: 0, lost: 0 };
    counts.set(kinds[i], { n: c.n + 1, lost: c.lost + (isLost(f.fate) ? 1 : 0) });
  });
  return [...counts].map(([k, c]) => `${c.n} ${k}${c.lost > 0 ? ` (${c.lost === c.n ? 'all' : c.lost} lost)` : ''}`).join(', ');
}

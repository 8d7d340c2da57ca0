/**
 * A message sequence chart of a simulation's trace, as SVG: a lifeline per node headed by its
 * name (its role and implementation, as the caller says), a band per scenario step at the point it
 * began, an arrow per frame labelled by the caller (user, type, seqno for TIPC), runs of routine
 * frames folded into one row with a count, frames a fault rule dropped, delayed, reordered, held
 * or duplicated drawn as such, state changes (given as marks) on the lifelines, and the moment a
 * check failed. Every label stays in its lane (wrapped, and cut with '…' past its lines; the whole
 * text is the element's tooltip), so no text runs over another lifeline. Pure and deterministic:
 * trace entries in, text out. Long runs are cut after `maxRows` rows, and the chart says how much
 * it left out.
 */
import { type ChartMark, type ChartRow, type ChartStep, type MarkList, type TraceFrame, chartRows, fateClass, foldSummary, isLost } from './chart-rows';
import { FONT_PX, charsIn, wrapText } from './chart-text';
import type { EntryList } from './trace';
import type { NodeId } from './types';

export type { ChartMark, ChartStep, MarkList } from './chart-rows';

export interface ChartOptions {
  /** Short label of a frame, e.g. "LINK_PROTOCOL/STATE seq=7". */
  readonly label: (bytes: Uint8Array, summary: string) => string;
  /**
   * The kind of a frame that says nothing new, e.g. "DSC_REQ" or "STATE" (a keepalive), or
   * undefined for one that does: consecutive routine frames are folded into one row.
   */
  readonly routine?: (bytes: Uint8Array, summary: string) => string | undefined;
  /**
   * The kind of a frame that says nothing new when it repeats one drawn before (same sender,
   * receiver, bearer and label), e.g. "ACTIVATE"; folded as such ("ACTIVATE again").
   */
  readonly repeat?: (bytes: Uint8Array, summary: string) => string | undefined;
  /** The head of a node's lifeline, e.g. "node 1 · IUT · reference:fixed"; "node N" without it. */
  readonly lifeline?: (node: NodeId) => string;
  /**
   * State changes to mark on the lifelines, in time order. A mark at time t is drawn after every
   * trace entry of time t or earlier (after the frame that caused it) and before later ones.
   */
  readonly marks?: MarkList;
  /** The scenario's steps, in order, each drawn as a band where it began. */
  readonly steps?: readonly ChartStep[];
  /** Virtual time at which a check failed, if one did. */
  readonly failedAt?: number;
  readonly title?: string;
  readonly maxRows?: number;
}

/** Height of a line of text, px. */
const LINE = 11;
/** Space between rows, px. */
const GAP = 3;
/** x of the first lifeline: the time column and the first header's left half are left of it. */
const FIRST = 150;
/** Distance between lifelines, px; the last lifeline has as much room to its right. */
const LANE = 400;
/** Margin between a label and a lifeline, px. */
const PAD = 6;
/** x where a step's text starts, right of the time column. */
const STEP_X = 52;
/** Most lines of a frame label, a mark, a fold, a step, a header. */
const LABEL_LINES = 2;
const MARK_LINES = 2;
const FOLD_LINES = 3;
const STEP_LINES = 3;
const HEADER_LINES = 3;

function esc(s: string): string {
  return s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] ?? c);
}

function secs(t: number): string {
  return (t / 1000).toFixed(3);
}

/** Text lines at x, the first baseline at y, one LINE apart; the whole text as tooltip if it was cut. */
function textLines(cls: string, x: number, y: number, lines: readonly string[], whole: string, anchor?: 'middle'): string {
  const a = anchor ? ` text-anchor="${anchor}"` : '';
  const body = lines.map((l, i) => `<text class="${cls}" x="${x}" y="${y + i * LINE}"${a}>${esc(l)}</text>`).join('\n');
  return lines.join(' ') === whole ? body : `<g><title>${esc(whole)}</title>\n${body}\n</g>`;
}

/** Draws rows top to bottom from `top`, each as high as its lines; bottom() is the y below the last. */
class Layout {
  readonly out: string[] = [];
  private y: number;
  private failDrawn = false;
  /** The fate of the frame drawn in the row above, if that row is a frame's. */
  private lastFate: string | undefined;

  constructor(
    top: number,
    private readonly width: number,
    private readonly lane: ReadonlyMap<NodeId, number>,
    private readonly opts: ChartOptions,
  ) {
    this.y = top;
  }

  bottom(): number {
    return this.y;
  }

  row(r: ChartRow): void {
    if (r.kind !== 'frame') this.lastFate = undefined;
    if (!this.failDrawn && this.opts.failedAt !== undefined && r.t > this.opts.failedAt) this.failMark();
    if (r.kind === 'frame') this.frame(r.frame);
    else if (r.kind === 'fold') this.fold(r.frames, r.kinds, r.until);
    else if (r.kind === 'marks') this.marks(r.marks);
    else this.steps(r.steps);
  }

  finish(): void {
    if (!this.failDrawn && this.opts.failedAt !== undefined) this.failMark();
  }

  private x(node: NodeId): number {
    return this.lane.get(node) ?? FIRST;
  }

  private failMark(): void {
    const y = this.y + LINE + 2;
    this.out.push(`<line class="failed" x1="0" x2="${this.width}" y1="${y}" y2="${y}"/>`);
    this.out.push(`<text class="failed" x="4" y="${y - 3}">check failed here (t=${secs(this.opts.failedAt ?? 0)} s)</text>`);
    this.failDrawn = true;
    this.y = y + GAP + 1;
  }

  private time(t: number, y: number): void {
    this.out.push(`<text class="time" x="4" y="${y + 4}">${secs(t)}</text>`);
  }

  /** The label region of an arrow: the lane next to the sender, towards the receiver. */
  private labelX(x1: number, x2: number): number {
    return x2 >= x1 ? x1 + PAD : x1 - LANE + PAD;
  }

  private frame(e: TraceFrame): void {
    const x1 = this.x(e.from);
    const x2 = e.to >= 0 ? this.x(e.to) : x1 + LANE / 2;
    const cls = fateClass(e.fate);
    const lost = isLost(e.fate);
    const end = lost ? x1 + (x2 - x1) * 0.6 : x2;
    // a fault's rule is named once for consecutive frames it hit alike
    const fate = cls === 'deliver' ? '' : e.fate === this.lastFate ? ` [${cls}, as above]` : ` [${e.fate}]`;
    this.lastFate = e.fate;
    const label = `#${e.n} ${this.opts.label(e.bytes, e.summary)}${fate}${e.broadcast ? ' (bcast)' : ''}`;
    const lines = wrapText(label, charsIn(LANE - 2 * PAD), LABEL_LINES);
    const y = this.y + lines.length * LINE + 1;
    this.time(e.t, y);
    this.out.push(`<line class="frame ${cls}" x1="${x1}" y1="${y}" x2="${end}" y2="${y}" marker-end="url(#${lost ? 'cross' : 'arrow'})"/>`);
    this.out.push(textLines('label', this.labelX(x1, x2), y - 3 - (lines.length - 1) * LINE, lines, label));
    this.y = y + GAP;
  }

  private fold(frames: readonly TraceFrame[], kinds: readonly string[], until: number): void {
    let left = Infinity;
    let right = -Infinity;
    for (const f of frames) {
      const x1 = this.x(f.from);
      const x2 = f.to >= 0 ? this.x(f.to) : x1 + LANE / 2;
      left = Math.min(left, x1, x2);
      right = Math.max(right, x1, x2);
    }
    right = Math.max(right, left + LANE / 2);
    const text = `×${frames.length} routine ${secs(frames[0].t)}–${secs(until)} s: ${foldSummary(frames, kinds)}`;
    const lines = wrapText(text, charsIn(LANE - 2 * PAD), FOLD_LINES);
    const top = this.y + 1;
    const height = lines.length * LINE + 4;
    this.time(frames[0].t, top + LINE - 5);
    const numbers = frames.length <= 40 ? `#${frames.map((f) => f.n).join(' #')}` : `#${frames[0].n} … #${frames[frames.length - 1].n}`;
    this.out.push(`<g><title>${esc(`${text}: ${numbers}`)}</title><rect class="fold" x="${left}" y="${top}" width="${right - left}" height="${height}"/></g>`);
    this.out.push(textLines('fold', left + PAD, top + LINE - 1, lines, text));
    this.y = top + height + GAP;
  }

  /** The state changes of one instant: each node's under one another, on its lifeline. */
  private marks(marks: readonly ChartMark[]): void {
    const top = this.y + 2;
    this.time(marks[0].t, top + 4);
    const used = new Map<NodeId, number>();
    for (const m of marks) {
      const x = this.x(m.node);
      const lines = wrapText(m.text, charsIn(LANE - 8 - 2 * PAD), MARK_LINES);
      const y = top + (used.get(m.node) ?? 0) * LINE;
      this.out.push(`<rect class="state" x="${x - 4}" y="${y - 2}" width="8" height="${lines.length * LINE - 2}"/>`);
      this.out.push(textLines('state', x + 8, y + 8, lines, m.text));
      used.set(m.node, (used.get(m.node) ?? 0) + lines.length);
    }
    this.y = top + [...used.values()].reduce((a, b) => Math.max(a, b), 0) * LINE + GAP;
  }

  private steps(steps: readonly ChartStep[]): void {
    const fitted = steps.map((s) => ({ s, lines: wrapText(s.text, charsIn(this.width - STEP_X - PAD), STEP_LINES) }));
    const height = fitted.reduce((n, f) => n + f.lines.length, 0) * LINE + 6;
    const top = this.y + 2;
    this.out.push(`<rect class="step" x="0" y="${top}" width="${this.width}" height="${height}"/>`);
    let y = top + LINE - 1;
    for (const { s, lines } of fitted) {
      this.out.push(`<text class="step-time" x="4" y="${y}">${secs(s.t)}</text>`);
      this.out.push(textLines('step', STEP_X, y, lines, s.text));
      y += lines.length * LINE;
    }
    this.y = top + height + GAP;
  }
}

export function sequenceChart(entries: EntryList, nodes: readonly NodeId[], opts: ChartOptions): string {
  const lane = new Map(nodes.map((n, i) => [n, FIRST + i * LANE]));
  const width = FIRST + Math.max(1, nodes.length) * LANE;
  const title = opts.title ?? 'message sequence chart';
  const titleLines = wrapText(title, charsIn(width - 8), 2);
  const headers = nodes.map((n) => {
    const text = opts.lifeline?.(n) ?? `node ${n}`;
    return { n, text, lines: wrapText(text, charsIn(LANE - 2 * PAD), HEADER_LINES) };
  });
  const headerTop = 16 + titleLines.length * LINE + 6;
  const lifelineTop = headerTop + Math.max(1, ...headers.map((h) => h.lines.length)) * LINE;
  const { routine, repeat } = opts;
  const { rows, omitted } = chartRows(entries, opts.marks ?? [], opts.steps ?? [], {
    ...(routine ? { routine: (f: TraceFrame) => routine(f.bytes, f.summary) } : {}),
    ...(repeat ? { repeat: (f: TraceFrame) => repeat(f.bytes, f.summary) } : {}),
    label: (f) => opts.label(f.bytes, f.summary),
    maxRows: opts.maxRows ?? 1500,
  });
  const layout = new Layout(lifelineTop + 4, width, lane, opts);
  for (const r of rows) layout.row(r);
  layout.finish();
  const bottom = layout.bottom() + 6;
  const height = bottom + (omitted > 0 ? 40 : 20);
  const lifelines = headers
    .map(({ n, text, lines }) => {
      const x = lane.get(n) ?? FIRST;
      return `${textLines('node', x, headerTop, lines, text, 'middle')}\n<line class="lifeline" x1="${x}" y1="${lifelineTop - 6}" x2="${x}" y2="${bottom}"/>`;
    })
    .join('\n');
  const more =
    omitted > 0 ? `<text class="more" x="4" y="${bottom + 24}">… ${omitted} more frames and state changes not drawn: see the trace and the pcap</text>` : '';
  return `<?xml version="1.0" encoding="UTF-8"?>
<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="monospace" font-size="${FONT_PX}">
<title>${esc(title)}</title>
<defs>
<marker id="arrow" viewBox="0 0 10 10" refX="10" refY="5" markerWidth="7" markerHeight="7" orient="auto-start-reverse"><path d="M0,0 L10,5 L0,10 z"/></marker>
<marker id="cross" viewBox="0 0 10 10" refX="5" refY="5" markerWidth="9" markerHeight="9"><path d="M0,0 L10,10 M10,0 L0,10" stroke="#c00" stroke-width="2"/></marker>
</defs>
<style>
.lifeline{stroke:#999;stroke-dasharray:4 3}.node{font-weight:bold}.time,.step-time{fill:#777}
.frame{stroke:#222}.drop,.bearer-down,.no-route{stroke:#c00;stroke-dasharray:5 3}.delay,.reorder{stroke:#d80}.held{stroke:#808}.dup{stroke:#06c}.malformed{stroke:#c00;stroke-dasharray:1 3}
rect.fold{fill:#eee;stroke:#ccc}text.fold{fill:#555;font-style:italic}
.state{fill:#2a7;stroke:none}.failed{stroke:#c00;fill:#c00;stroke-width:2}text.failed{stroke:none;font-weight:bold}.more{fill:#777}
rect.step{fill:#e6eefa;stroke:#9ab}text.step{fill:#124;font-weight:bold}
</style>
${titleLines.map((l, i) => `<text x="4" y="${16 + i * LINE}" font-weight="bold">${esc(l)}</text>`).join('\n')}
${lifelines}
${layout.out.join('\n')}
${more}
</svg>
`;
}

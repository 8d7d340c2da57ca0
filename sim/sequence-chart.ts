/**
 * A message sequence chart of a simulation's trace, as SVG: a lifeline per node, an arrow per
 * frame labelled by the caller (user, type, seqno for TIPC), frames a fault rule dropped, delayed,
 * reordered, held or duplicated drawn as such, state changes (given as marks) on the lifelines, and the
 * moment a check failed. Pure: trace entries in, text out. Long runs are cut after `maxRows`
 * rows, and the chart says how much it left out.
 */
import type { NodeId, TraceEntry } from './types';

/** A state change of a node at a time, as the chart marks it. */
export interface ChartMark {
  readonly t: number;
  readonly node: NodeId;
  readonly text: string;
}

export interface ChartOptions {
  /** Short label of a frame, e.g. "LINK_PROTOCOL/STATE seq=7". */
  readonly label: (bytes: Uint8Array, summary: string) => string;
  /**
   * State changes to mark on the lifelines, in time order. A mark at time t is drawn after every
   * trace entry of time t or earlier (after the frame that caused it) and before later ones.
   */
  readonly marks?: readonly ChartMark[];
  /** Virtual time at which a check failed, if one did. */
  readonly failedAt?: number;
  readonly title?: string;
  readonly maxRows?: number;
}

const ROW = 18;
const TOP = 70;
const LEFT = 90;
const LANE = 220;

function esc(s: string): string {
  return s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] ?? c);
}

/** 'drop(rule)' → 'drop'; the class and colour of an arrow (a frame a hold let go: 'held'). */
function fateClass(fate: string): string {
  const kind = /^[a-z-]+/.exec(fate)?.[0] ?? 'deliver';
  if (kind === 'released') return 'held';
  return ['deliver', 'drop', 'delay', 'reorder', 'dup', 'bearer-down', 'no-route'].includes(kind) ? kind : 'deliver';
}

export function sequenceChart(entries: readonly TraceEntry[], nodes: readonly NodeId[], opts: ChartOptions): string {
  const maxRows = opts.maxRows ?? 1500;
  const lane = new Map(nodes.map((n, i) => [n, LEFT + 60 + i * LANE]));
  const rows: string[] = [];
  let row = 0;
  let failDrawn = false;
  let omitted = 0;
  const width = LEFT + 60 + Math.max(1, nodes.length) * LANE;
  const failMark = (y: number, t: number): void => {
    rows.push(`<line class="failed" x1="0" x2="${width}" y1="${y - ROW / 2}" y2="${y - ROW / 2}"/>`);
    rows.push(`<text class="failed" x="4" y="${y - ROW / 2 - 3}">check failed here (t=${(t / 1000).toFixed(3)} s)</text>`);
    failDrawn = true;
  };
  const marks = opts.marks ?? [];
  let nextMark = 0;
  /** Claims the next row, or counts what is left out past maxRows; the row's y, or undefined. */
  const nextRow = (t: number): number | undefined => {
    if (row >= maxRows) {
      omitted++;
      return undefined;
    }
    const y = TOP + row * ROW;
    if (!failDrawn && opts.failedAt !== undefined && t > opts.failedAt) failMark(y, opts.failedAt);
    rows.push(`<text class="time" x="4" y="${y + 4}">${(t / 1000).toFixed(3)}</text>`);
    row++;
    return y;
  };
  const drawMarksBefore = (t: number): void => {
    for (; nextMark < marks.length && marks[nextMark].t < t; nextMark++) {
      const m = marks[nextMark];
      const y = nextRow(m.t);
      if (y === undefined) continue;
      const x = lane.get(m.node) ?? LEFT;
      rows.push(`<rect class="state" x="${x - 4}" y="${y - 6}" width="8" height="12"/>`);
      rows.push(`<text class="state" x="${x + 8}" y="${y + 4}">${esc(m.text)}</text>`);
    }
  };
  for (const e of entries) {
    if (e.kind === 'note') continue;
    drawMarksBefore(e.t);
    const y = nextRow(e.t);
    if (y === undefined) continue;
    const x1 = lane.get(e.from) ?? LEFT;
    const x2 = e.to >= 0 ? (lane.get(e.to) ?? LEFT) : x1 + LANE / 2;
    const cls = fateClass(e.fate);
    const end = cls === 'drop' || cls === 'bearer-down' || cls === 'no-route' ? x1 + (x2 - x1) * 0.6 : x2;
    const label = `${opts.label(e.bytes, e.summary)}${cls === 'deliver' ? '' : ` [${e.fate}]`}${e.broadcast ? ' (bcast)' : ''}`;
    rows.push(`<line class="frame ${cls}" x1="${x1}" y1="${y}" x2="${end}" y2="${y}" marker-end="url(#${cls === 'drop' || cls === 'bearer-down' || cls === 'no-route' ? 'cross' : 'arrow'})"/>`);
    rows.push(`<text class="label" x="${Math.min(x1, x2) + 6}" y="${y - 3}">${esc(`#${e.n} ${label}`)}</text>`);
  }
  drawMarksBefore(Infinity);
  const bottom = TOP + row * ROW + 10;
  if (!failDrawn && opts.failedAt !== undefined) failMark(bottom, opts.failedAt);
  const height = bottom + (omitted > 0 ? 40 : 20);
  const lifelines = nodes
    .map((n) => {
      const x = lane.get(n) ?? LEFT;
      return `<text class="node" x="${x}" y="${TOP - 30}">node ${n}</text><line class="lifeline" x1="${x}" y1="${TOP - 20}" x2="${x}" y2="${bottom}"/>`;
    })
    .join('\n');
  const more = omitted > 0 ? `<text class="more" x="4" y="${bottom + 24}">… ${omitted} more frames and state changes not drawn: see the trace and the pcap</text>` : '';
  return `<?xml version="1.0" encoding="UTF-8"?>
<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="monospace" font-size="11">
<title>${esc(opts.title ?? 'message sequence chart')}</title>
<defs>
<marker id="arrow" viewBox="0 0 10 10" refX="10" refY="5" markerWidth="7" markerHeight="7" orient="auto-start-reverse"><path d="M0,0 L10,5 L0,10 z"/></marker>
<marker id="cross" viewBox="0 0 10 10" refX="5" refY="5" markerWidth="9" markerHeight="9"><path d="M0,0 L10,10 M10,0 L0,10" stroke="#c00" stroke-width="2"/></marker>
</defs>
<style>
.lifeline{stroke:#999;stroke-dasharray:4 3}.node{font-weight:bold;text-anchor:middle}.time{fill:#777}
.frame{stroke:#222}.drop,.bearer-down,.no-route{stroke:#c00;stroke-dasharray:5 3}.delay,.reorder{stroke:#d80}.held{stroke:#808}.dup{stroke:#06c}
.state{fill:#2a7;stroke:none}.failed{stroke:#c00;fill:#c00;stroke-width:2}.more{fill:#777}
</style>
<text x="4" y="16" font-weight="bold">${esc(opts.title ?? 'message sequence chart')}</text>
${lifelines}
${rows.join('\n')}
${more}
</svg>
`;
}

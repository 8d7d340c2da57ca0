/** Formatting the simulator's trace: one line per frame or note, fixed-width time. */
import type { BearerIndex, NodeId, TraceEntry } from './types';

export interface TraceFormat {
  readonly nodeName?: (id: NodeId) => string;
  readonly bearerName?: (b: BearerIndex) => string;
}

function time(ms: number): string {
  return `[${(ms / 1000).toFixed(3).padStart(8)}]`;
}

export function formatEntry(e: TraceEntry, f: TraceFormat = {}): string {
  const node = f.nodeName ?? ((id: NodeId) => String(id));
  const bearer = f.bearerName ?? ((b: BearerIndex) => String(b));
  if (e.kind === 'note') return `${time(e.t)} node ${node(e.node)}: ${e.text}`;
  return `${time(e.t)} #${String(e.n).padStart(5)} ${node(e.from)}>${node(e.to)} bearer ${bearer(e.bearer)} ${e.fate} ${e.summary}`;
}

export function formatTrace(entries: readonly TraceEntry[], f: TraceFormat = {}): string {
  return entries.map((e) => formatEntry(e, f)).join('\n') + (entries.length ? '\n' : '');
}

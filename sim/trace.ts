/**
 * Formatting the simulator's trace: one line per frame or note, fixed-width time in seconds with
 * milliseconds. Pure functions of the entries, so the same entries give byte-identical text.
 *
 *   [   7.393] #   31 1>2 bearer A drop(rule-name) LINK_PROTOCOL/RESET ...
 *   [   7.393] #   32 1>3 bearer A bcast deliver NAME_DISTRIBUTOR/PUBLICATION ...
 *   [   7.393] node 1: text
 *
 * A frame for an address no node has (to = NO_NODE) shows its receiver as '?'.
 */
import type { BearerIndex, NodeId, TraceEntry } from './types';

export interface TraceFormat {
  readonly nodeName?: (id: NodeId) => string;
  readonly bearerName?: (b: BearerIndex) => string;
}

/** `[   7.393]`: seconds, three decimals, right-aligned in 8 columns (wider past 9999 s). */
export function formatTime(ms: number): string {
  return `[${(ms / 1000).toFixed(3).padStart(8)}]`;
}

export function formatEntry(e: TraceEntry, f: TraceFormat = {}): string {
  const node = f.nodeName ?? ((id: NodeId) => String(id));
  const bearer = f.bearerName ?? ((b: BearerIndex) => String(b));
  if (e.kind === 'note') return `${formatTime(e.t)} node ${node(e.node)}: ${e.text}`;
  const to = e.to < 0 ? '?' : node(e.to);
  const cast = e.broadcast ? 'bcast ' : '';
  // toFixed(0), not String(): V8 keeps the last string made of each number by String() in a
  // cache of 16,384 (a root), where a frame number's stays until the frame 16,384 later evicts
  // it: long enough to be promoted to the old generation. A 128-node run's report promoted 5 MB
  // of them, kept until the next full collection. The text is the same (n is an integer).
  return `${formatTime(e.t)} #${e.n.toFixed(0).padStart(5)} ${node(e.from)}>${to} bearer ${bearer(e.bearer)} ${cast}${e.fate} ${e.summary}`;
}

/** Trace entries by index: an array, or the simulator's compact store, which makes each when read. */
export interface EntryList {
  readonly length: number;
  at(i: number): TraceEntry | undefined;
}

/** One line per entry, each ending in a newline ('' for no entries). */
export function formatTrace(entries: EntryList, f: TraceFormat = {}): string {
  return [...traceChunks(entries, f)].join('');
}

/**
 * Characters of a piece of the trace: a piece (one byte a character, for ASCII) stays below V8's
 * large-object size (128 KiB), so that one written out is collected young, not left in the old
 * generation until its next full collection (the 128-node NB-6 row writes 59 MB of trace).
 */
const TRACE_PIECE = 1 << 16;

/** formatTrace() in pieces of about `chunk` characters, whole lines each: a long trace is written out piece by piece. */
export function traceChunks(entries: EntryList, f: TraceFormat = {}, chunk = TRACE_PIECE): Generator<string> {
  return inPieces(lines(entries, f), (line) => line.length, (ls) => ls.join(''), chunk);
}

function* lines(entries: EntryList, f: TraceFormat): Generator<string> {
  for (let i = 0; i < entries.length; i++) {
    const e = entries.at(i);
    if (e !== undefined) yield `${formatEntry(e, f)}\n`;
  }
}

/**
 * Items gathered into pieces of about `chunk` (by `size`), each piece `join`ed: a trace's lines or a
 * pcap's records written out piece by piece, never held whole. No piece for no items.
 */
export function* inPieces<T, P>(items: Iterable<T>, size: (item: T) => number, join: (items: T[]) => P, chunk: number): Generator<P> {
  let part: T[] = [];
  let got = 0;
  for (const item of items) {
    part.push(item);
    got += size(item);
    if (got >= chunk) {
      yield join(part);
      part = [];
      got = 0;
    }
  }
  if (part.length > 0) yield join(part);
}

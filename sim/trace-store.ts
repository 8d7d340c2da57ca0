/**
 * The simulator's trace as compact records: one row per entry in typed-array columns, the frames'
 * bytes packed end to end in large chunks, and the text a report shows (a frame's summary) made
 * only when something reads it. A run of millions of frames keeps about 36 bytes of columns and
 * its own bytes per frame, and no object per frame until an entry is asked for; with a spill, only
 * the last of them stay in memory (the bytes the harness's TRACE_BYTES_IN_MEMORY bounds, the rows
 * ROWS_IN_MEMORY bounds), the rest written out and read back when a report asks.
 *
 * Why by hand: the records are a handful of numbers and a byte range, read back by index; no
 * package keeps growable typed columns with a byte arena, and an array of objects is what made a
 * 128-node run peak at 1.2 GB.
 */
import type { BearerIndex, NodeId, TraceEntry } from './types';

/** What keepText needs of a TextEncoder. */
interface Utf8Encoder {
  encodeInto(text: string, into: Uint8Array): { readonly written: number };
}

/** Bytes per arena chunk; a frame larger than this gets a chunk of its own size. */
const CHUNK = 1 << 20;

/**
 * Bytes of a simulation's first arena chunk, and rows of its first page of columns; each next one
 * is twice the last, up to CHUNK and PAGE. Typed arrays are memory outside V8's heap, and V8 runs
 * a full collection of its heap for every 64 MB of it allocated: full-size ones (3.75 MB) for each
 * scenario made one every 17 scenarios, and its cost grows with the heap, which holds cucumber's
 * plan (570 MB for an Outline of 100,000 rows: a third of each scenario's time). Most scenarios
 * send a few hundred frames.
 */
const FIRST_CHUNK = 1 << 14;
const FIRST_PAGE_ROWS = 1 << 9;

/** What a spilled chunk holds: frame bytes and note text (the arena's), or a page of the trace's rows. */
export type SpillKind = 'bytes' | 'rows';

/**
 * Where the trace puts the chunks it lets go of, and gets them back (the harness gives a file:
 * harness/trace-spill.ts): the arena's chunks of bytes, and the store's full pages of rows, each
 * numbered from 0 in its kind. A chunk put is full and never written again.
 */
export interface ChunkSpill {
  put(kind: SpillKind, index: number, bytes: Uint8Array): void;
  get(kind: SpillKind, index: number): Uint8Array;
}

/**
 * Spilled chunks kept once read back, the most recently used. The trace is in the order frames met
 * their fate and notes were made, the arena in the order frames were sent: a frame is kept when it
 * is sent and recorded when it is delivered, a link delay later, so a reader going down the trace
 * takes bytes from two or three neighbouring chunks in turn. With one chunk kept, a 512-node run's
 * report read 1 MB back for nearly every entry (24 GB for its trace, chart and pcap); a frame a
 * rule delayed or held longer than these chunks' worth of traffic costs one chunk read of its own.
 */
export const READ_BACK_CHUNKS = 16;

/**
 * The frame bytes of a run, packed end to end. A kept frame has a handle (chunk × CHUNK + offset,
 * exact in a double) and is read back as a view into its chunk, which nothing writes again. With a
 * spill, only the last `keepChunks` full chunks stay in memory: a long run's bytes go to the spill
 * as it goes, and a report reads them back, READ_BACK_CHUNKS at most in memory at once. A reader
 * that keeps entries (a chart's rows) keeps the chunks their bytes are in, each read back once
 * while the reader goes down the trace: no more than the trace kept whole would hold. (Copies of
 * the bytes instead cost the 512-node row's report an off-heap buffer per frame, and V8 a full
 * collection of a 3 GB heap for every 64 MB of them.)
 */
export class ByteArena {
  private readonly chunks: (Uint8Array | undefined)[] = [];
  private cur = new Uint8Array(0);
  private used = 0;
  private total = 0;
  /** The oldest chunk still in memory that may be spilled. */
  private nextSpill = 0;
  /** Spilled chunks read back. */
  private readonly readBack = new ReadBack<Uint8Array>(READ_BACK_CHUNKS, (index) => {
    if (this.spill === undefined || !(index >= 0 && index < this.chunks.length)) throw new RangeError(`trace bytes: no chunk ${index}`);
    return this.spill.get('bytes', index);
  });
  /** Bytes of the next chunk (FIRST_CHUNK). */
  private nextChunk = FIRST_CHUNK;
  /** The oldest chunk that must stay in memory whatever keepChunks says (pinFrom), or Infinity. */
  private pinned = Infinity;

  constructor(
    private readonly spill?: ChunkSpill,
    private readonly keepChunks = Infinity,
  ) {}

  /** Copies `bytes` into the arena; returns the copy's handle. */
  keep(bytes: Uint8Array): number {
    const len = bytes.length;
    if (this.used + len > this.cur.length) this.newChunk(len);
    const at = this.used;
    const cur = this.cur;
    // a loop beats set() (a call into the runtime) for the small frames that are most of a run
    if (len <= 64) for (let k = 0; k < len; k++) cur[at + k] = bytes[k] as number;
    else cur.set(bytes, at);
    this.used = at + len;
    this.total += len;
    return (this.chunks.length - 1) * CHUNK + at;
  }

  /** Encodes `text` as UTF-8 into the arena; returns its handle (its length: what `size` grew by). */
  keepText(text: string, encoder: Utf8Encoder): number {
    // at most 3 bytes per UTF-16 unit
    const max = text.length * 3;
    if (this.used + max > this.cur.length) this.newChunk(max);
    const at = this.used;
    const cur = this.cur;
    // most notes are ASCII: a loop writes them with no view and no call into the runtime
    let written = text.length;
    for (let i = 0; i < text.length; i++) {
      const c = text.charCodeAt(i);
      if (c > 0x7f) {
        written = encoder.encodeInto(text, cur.subarray(at)).written;
        break;
      }
      cur[at + i] = c;
    }
    this.used = at + written;
    this.total += written;
    return (this.chunks.length - 1) * CHUNK + at;
  }

  /**
   * The `len` bytes kept at `handle`: a view into their chunk, in memory or read back from the
   * spill (whoever keeps the view keeps that chunk).
   */
  view(handle: number, len: number): Uint8Array {
    const at = handle % CHUNK;
    const index = (handle - at) / CHUNK;
    return (this.chunks[index] ?? this.readBack.get(index)).subarray(at, at + len);
  }

  /** Bytes kept so far. */
  get size(): number {
    return this.total;
  }

  /** Bytes in chunks handed to the spill. */
  spilled = 0;

  /**
   * Keeps the chunk of `handle`, and every later one, in memory (undefined: none pinned): the
   * simulator pins the bytes of the frames still on the wire, which it hands to their receivers
   * when they arrive, so that a frame is never read back from the spill to be delivered.
   */
  pinFrom(handle: number | undefined): void {
    this.pinned = handle === undefined ? Infinity : Math.floor(handle / CHUNK);
  }

  private newChunk(atLeast: number): void {
    // the chunk being left is full: past the chunks to keep, the oldest go to the spill
    if (this.spill !== undefined) {
      while (this.chunks.length - this.nextSpill >= this.keepChunks && this.nextSpill < this.pinned) {
        const old = this.chunks[this.nextSpill];
        if (old !== undefined) {
          this.spill.put('bytes', this.nextSpill, old);
          this.spilled += old.length;
          this.chunks[this.nextSpill] = undefined;
        }
        this.nextSpill++;
      }
    }
    this.cur = new Uint8Array(Math.max(this.nextChunk, atLeast));
    this.nextChunk = Math.min(CHUNK, this.nextChunk * 2);
    this.chunks.push(this.cur);
    this.used = 0;
  }
}

/**
 * Spilled chunks read back: the `limit` most recently used are kept (a Map keeps the order of
 * insertion: least recently used first), and the one read last is at hand, since most reads are of
 * it.
 */
class ReadBack<T> {
  private readonly kept = new Map<number, T>();
  private lastIndex = -1;
  private last: T | undefined;

  constructor(
    private readonly limit: number,
    private readonly load: (index: number) => T,
  ) {}

  get(index: number): T {
    if (index === this.lastIndex && this.last !== undefined) return this.last;
    let v = this.kept.get(index);
    if (v !== undefined) {
      // now the most recently used
      this.kept.delete(index);
    } else {
      v = this.load(index);
      if (this.kept.size >= this.limit) {
        const oldest = this.kept.keys().next();
        if (oldest.done !== true) this.kept.delete(oldest.value);
      }
    }
    this.kept.set(index, v);
    this.lastIndex = index;
    this.last = v;
    return v;
  }
}

/**
 * A frame entry of the trace, made when read; its summary is described on first use and kept
 * (the chart reads it up to three times), its bytes read from the arena each time they are read: a
 * reader that wants where a frame went (wireFrames(), the chart past its last row) reads no bytes
 * back from the spill. The chart keeps the entries of the rows it draws, a fold row every frame it
 * folds (16,129 in the 128-node NB-6 run's), and a view of each one's bytes kept on it was 1 MB
 * promoted to the old generation.
 */
class FrameRecord {
  readonly kind = 'frame';
  #summary: string | undefined;
  readonly #arena: ByteArena;
  readonly #where: number;
  readonly #size: number;
  constructor(
    readonly t: number,
    readonly n: number,
    readonly send: number,
    readonly broadcast: boolean,
    readonly from: NodeId,
    readonly to: NodeId,
    readonly bearer: BearerIndex,
    readonly fate: string,
    arena: ByteArena,
    where: number,
    size: number,
    readonly sent: Uint8Array | undefined,
    private readonly describe: (bytes: Uint8Array, sent: Uint8Array | undefined) => string,
  ) {
    this.#arena = arena;
    this.#where = where;
    this.#size = size;
  }
  get bytes(): Uint8Array {
    return this.#arena.view(this.#where, this.#size);
  }
  get summary(): string {
    if (this.#summary === undefined) this.#summary = this.describe(this.bytes, this.sent);
    return this.#summary;
  }
}

/** x as an Int16Array keeps it (-0 would come back as 0). */
function fitsI16(x: number): boolean {
  return (x << 16) >> 16 === x && !Object.is(x, -0);
}

/** Bit 0 of `flags`: a copy of a bearer broadcast; bit 1: a note (not a frame). */
const BROADCAST = 1;
const NOTE = 2;

/** Rows per page of columns: pages are added as the trace grows, and only the first, while it is short, is copied (a doubling array copies and zeroes every time). */
const PAGE_BITS = 16;
const PAGE = 1 << PAGE_BITS;

/**
 * Rows a trace with a spill keeps in memory unless told (TraceSpill.keepRows): 8 pages, 524,288
 * rows, 19 MB of columns. A scenario's trace stays within it (the 128-node NB-6 run's has 406,000
 * rows); past it, the full pages go to the spill, as the frames' bytes past their own bound do. A
 * 1,024-node run has tens of millions of rows: 36 bytes each, a gigabyte and more. (It was 32
 * pages, 75 MB, which a 1,024-node run held for nothing.)
 */
export const ROWS_IN_MEMORY = 8 * PAGE;

/** Spilled pages of rows read back and kept, the most recently used: a reader going down the trace reads each once. */
const READ_BACK_PAGES = 4;

/** Where a trace goes past what it keeps in memory: its bytes past `keepBytes`, its rows past `keepRows` (ROWS_IN_MEMORY unless told). */
export interface TraceSpill {
  readonly to: ChunkSpill;
  readonly keepBytes: number;
  readonly keepRows?: number;
}

/** Bytes of one row in all the columns of a page. */
const ROW_BYTES = 36;

/**
 * One page of the trace's columns, `rows` long: PAGE, but for the first page, which starts at
 * FIRST_PAGE_ROWS and is copied into one twice as long as it fills, up to PAGE. The columns are
 * views of one buffer, widest first (so each starts aligned: `rows` is a multiple of 8), which is
 * what a full page is written out as and read back from.
 */
class Page {
  readonly t: Float64Array;
  /** A frame's bytes (a note's text as UTF-8): their handle in the arena and their length. */
  readonly where: Float64Array;
  readonly n: Int32Array;
  readonly send: Int32Array;
  readonly size: Int32Array;
  /** Node ids (-1: no node) fit 16 bits; a row whose do not is one of the store's `wide` rows. */
  readonly from: Int16Array;
  readonly to: Int16Array;
  /** A frame's fate, as its index in the store's `fates` (past 65,535 fates: a `wide` row). */
  readonly fate: Uint16Array;
  readonly bearer: Uint8Array;
  readonly flags: Uint8Array;
  /** All the columns' bytes. */
  readonly bytes: Uint8Array;

  constructor(
    readonly rows: number,
    buffer = new ArrayBuffer(rows * ROW_BYTES),
  ) {
    let at = 0;
    const next = (width: number): number => {
      const from = at;
      at += rows * width;
      return from;
    };
    this.t = new Float64Array(buffer, next(8), rows);
    this.where = new Float64Array(buffer, next(8), rows);
    this.n = new Int32Array(buffer, next(4), rows);
    this.send = new Int32Array(buffer, next(4), rows);
    this.size = new Int32Array(buffer, next(4), rows);
    this.from = new Int16Array(buffer, next(2), rows);
    this.to = new Int16Array(buffer, next(2), rows);
    this.fate = new Uint16Array(buffer, next(2), rows);
    this.bearer = new Uint8Array(buffer, next(1), rows);
    this.flags = new Uint8Array(buffer, next(1), rows);
    this.bytes = new Uint8Array(buffer, 0, at);
  }

  /** A full page as the spill gave it back: its bytes in a buffer of their own, or a copy of them. */
  static of(bytes: Uint8Array): Page {
    if (bytes.length !== PAGE * ROW_BYTES) throw new RangeError(`a page of the trace's rows is ${PAGE * ROW_BYTES} bytes, the spill gave back ${bytes.length}`);
    const own = bytes.byteOffset === 0 && bytes.buffer.byteLength === bytes.length && bytes.buffer instanceof ArrayBuffer;
    return new Page(PAGE, own ? (bytes.buffer as ArrayBuffer) : bytes.slice().buffer);
  }

  /** A page twice as long holding this one's rows. */
  doubled(): Page {
    const p = new Page(Math.min(PAGE, this.rows * 2));
    p.t.set(this.t);
    p.where.set(this.where);
    p.n.set(this.n);
    p.send.set(this.send);
    p.size.set(this.size);
    p.from.set(this.from);
    p.to.set(this.to);
    p.fate.set(this.fate);
    p.bearer.set(this.bearer);
    p.flags.set(this.flags);
    return p;
  }
}

/**
 * The trace's rows, in pages of typed columns. Frames: time, number, send, ends, bearer, fate (an
 * index into the fates seen), and where the bytes are in the arena. Notes: time, node, and the
 * text's bytes. Entries are made when read (a report reads each a few times; nothing keeps them).
 */
export class TraceStore {
  /** The frames' bytes: the simulator keeps each frame here once, when it is sent. */
  readonly arena: ByteArena;
  private len = 0;
  /** The pages of rows; a page written out to the spill is undefined here. */
  private readonly pages: (Page | undefined)[] = [];
  /** Full pages that may stay in memory; past them, the oldest go to the spill. */
  private readonly keepPages: number;
  /** The oldest page still in memory that may be spilled. */
  private nextPageSpill = 0;
  private readonly pageSpill: ChunkSpill | undefined;
  /** Spilled pages read back. */
  private readonly pagesBack = new ReadBack<Page>(READ_BACK_PAGES, (k) => {
    if (this.pageSpill === undefined) throw new RangeError(`trace rows: no page ${k}`);
    return Page.of(this.pageSpill.get('rows', k));
  });
  /** Frames a 'malform' rule altered: row → the bytes as sent. */
  private readonly sentBytes = new Map<number, Uint8Array>();
  /**
   * Rows whose ends or fate do not fit their columns (a node id outside 16 bits, the 65,536th
   * fate): kept here as they came. The harness's node ids are 12 bits (addresses 1.1.N), so this is
   * empty unless a test or a rule names more. Narrow columns are 6 bytes a row less: 2.7 MB of a
   * 128-node run's 18 MB.
   */
  private readonly wide = new Map<number, { readonly from: number; readonly to: number; readonly fate: number }>();
  private readonly fates: string[] = [];
  private readonly fateIndex = new Map<string, number>();
  private readonly encoder = new TextEncoder();
  private readonly decoder = new TextDecoder();

  constructor(
    private readonly describe: (bytes: Uint8Array, sent: Uint8Array | undefined) => string,
    spill?: TraceSpill,
  ) {
    this.arena = new ByteArena(spill?.to, spill === undefined ? Infinity : Math.max(1, Math.floor(spill.keepBytes / CHUNK)));
    this.pageSpill = spill?.to;
    this.keepPages = spill === undefined ? Infinity : Math.max(1, Math.floor((spill.keepRows ?? ROWS_IN_MEMORY) / PAGE));
  }

  get length(): number {
    return this.len;
  }

  /** A frame whose bytes the arena keeps at `where` (ByteArena.keep), `size` long. */
  frame(t: number, n: number, send: number, broadcast: boolean, from: NodeId, to: NodeId, bearer: BearerIndex, fate: string, where: number, size: number, sent?: Uint8Array): void {
    const row = this.len;
    const p = this.page(row);
    const i = row & (PAGE - 1);
    this.len = row + 1;
    p.t[i] = t;
    p.n[i] = n;
    p.send[i] = send;
    const wide = !fitsI16(from) || !fitsI16(to);
    p.from[i] = from;
    p.to[i] = to;
    p.bearer[i] = bearer;
    p.flags[i] = broadcast ? BROADCAST : 0;
    let f = this.fateIndex.get(fate);
    if (f === undefined) {
      f = this.fates.length;
      this.fates.push(fate);
      this.fateIndex.set(fate, f);
    }
    p.fate[i] = f;
    if (wide || f > 0xffff) this.wide.set(row, { from, to, fate: f });
    p.where[i] = where;
    p.size[i] = size;
    if (sent !== undefined) this.sentBytes.set(row, sent);
  }

  /** A note: its text kept as UTF-8 in the arena (a string per note is several times its length in memory). */
  note(t: number, node: NodeId, text: string): void {
    const row = this.len;
    const p = this.page(row);
    const i = row & (PAGE - 1);
    this.len = row + 1;
    p.t[i] = t;
    p.from[i] = node;
    if (!fitsI16(node)) this.wide.set(row, { from: node, to: 0, fate: 0 });
    p.flags[i] = NOTE;
    const before = this.arena.size;
    p.where[i] = this.arena.keepText(text, this.encoder);
    p.size[i] = this.arena.size - before;
  }

  /** Entry `row` (0 ≤ row < length) as the trace's type, made anew. */
  at(row: number): TraceEntry {
    if (!(row >= 0 && row < this.len)) throw new RangeError(`trace entry ${row} does not exist (the trace has ${this.len})`);
    const p = this.pageAt(row >>> PAGE_BITS) as Page;
    const i = row & (PAGE - 1);
    const flags = p.flags[i] as number;
    const wide = this.wide.get(row);
    if (flags & NOTE) return { t: p.t[i] as number, kind: 'note', node: wide?.from ?? (p.from[i] as number), text: this.decoder.decode(this.arena.view(p.where[i] as number, p.size[i] as number)) };
    return new FrameRecord(
      p.t[i] as number,
      p.n[i] as number,
      p.send[i] as number,
      (flags & BROADCAST) !== 0,
      wide?.from ?? (p.from[i] as number),
      wide?.to ?? (p.to[i] as number),
      p.bearer[i] as number,
      this.fates[wide?.fate ?? (p.fate[i] as number)] as string,
      this.arena,
      p.where[i] as number,
      p.size[i] as number,
      this.sentBytes.get(row),
      this.describe,
    );
  }

  /** Entries from..length-1 as an array. */
  slice(from = 0): TraceEntry[] {
    const out: TraceEntry[] = [];
    for (let i = from; i < this.len; i++) out.push(this.at(i));
    return out;
  }

  /** Is entry `row` a frame? (without making it) */
  isFrame(row: number): boolean {
    return ((this.pageAt(row >>> PAGE_BITS)?.flags[row & (PAGE - 1)] ?? NOTE) & NOTE) === 0;
  }

  /** Page k, in memory or read back from the spill; undefined past the last. */
  private pageAt(k: number): Page | undefined {
    if (!(k >= 0 && k < this.pages.length)) return undefined;
    return this.pages[k] ?? this.pagesBack.get(k);
  }

  /** The page row `row` is written into: the last, or a new one after it (the last being full). */
  private page(row: number): Page {
    const k = row >>> PAGE_BITS;
    let p = this.pages[k];
    if (p === undefined) {
      this.spillPages(k);
      p = new Page(k === 0 ? FIRST_PAGE_ROWS : PAGE);
      this.pages.push(p);
    } else if ((row & (PAGE - 1)) >= p.rows) {
      p = p.doubled();
      this.pages[k] = p;
    }
    return p;
  }

  /** Before page `k` is made (every page before it is full): past the pages to keep, the oldest go to the spill. */
  private spillPages(k: number): void {
    if (this.pageSpill === undefined) return;
    while (k - this.nextPageSpill >= this.keepPages) {
      const old = this.pages[this.nextPageSpill];
      if (old !== undefined) {
        this.pageSpill.put('rows', this.nextPageSpill, old.bytes);
        this.pages[this.nextPageSpill] = undefined;
      }
      this.nextPageSpill++;
    }
  }
}

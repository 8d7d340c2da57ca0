/**
 * The simulator's trace as compact records: one row per entry in typed-array columns, the frames'
 * bytes packed end to end in large chunks, and the text a report shows (a frame's summary) made
 * only when something reads it. A run of millions of frames keeps about 40 bytes of columns and
 * its own bytes per frame, and no object per frame until an entry is asked for.
 *
 * Why by hand: the records are a handful of numbers and a byte range, read back by index; no
 * package keeps growable typed columns with a byte arena, and an array of objects is what made a
 * 128-node run peak at 1.2 GB.
 */
import type { BearerIndex, NodeId, TraceEntry } from './types';

/** Bytes per arena chunk; a frame larger than this gets a chunk of its own size. */
const CHUNK = 1 << 20;

/**
 * The frame bytes of a run, packed end to end. A kept frame has a handle (chunk × CHUNK + offset,
 * exact in a double) and is read back as a view into its chunk, which nothing writes again.
 */
export class ByteArena {
  private readonly chunks: Uint8Array[] = [];
  private cur = new Uint8Array(0);
  private used = 0;
  private total = 0;

  /** Copies `bytes` into the arena; returns the copy's handle. */
  keep(bytes: Uint8Array): number {
    const len = bytes.length;
    if (this.used + len > this.cur.length) {
      this.cur = new Uint8Array(Math.max(CHUNK, len));
      this.chunks.push(this.cur);
      this.used = 0;
    }
    const at = this.used;
    this.cur.set(bytes, at);
    this.used = at + len;
    this.total += len;
    return (this.chunks.length - 1) * CHUNK + at;
  }

  /** The `len` bytes kept at `handle`. */
  view(handle: number, len: number): Uint8Array {
    const at = handle % CHUNK;
    return (this.chunks[(handle - at) / CHUNK] as Uint8Array).subarray(at, at + len);
  }

  /** Bytes kept so far. */
  get size(): number {
    return this.total;
  }
}

/** A frame entry of the trace, made when read; its summary is described on first use. */
class FrameRecord {
  readonly kind = 'frame';
  #summary: string | undefined;
  constructor(
    readonly t: number,
    readonly n: number,
    readonly send: number,
    readonly broadcast: boolean,
    readonly from: NodeId,
    readonly to: NodeId,
    readonly bearer: BearerIndex,
    readonly fate: string,
    readonly bytes: Uint8Array,
    readonly sent: Uint8Array | undefined,
    private readonly describe: (bytes: Uint8Array, sent: Uint8Array | undefined) => string,
  ) {}
  get summary(): string {
    if (this.#summary === undefined) this.#summary = this.describe(this.bytes, this.sent);
    return this.#summary;
  }
}

/** Bit 0 of `flags`: a copy of a bearer broadcast; bit 1: a note (not a frame). */
const BROADCAST = 1;
const NOTE = 2;

/**
 * The trace's rows. Frames: time, number, send, ends, bearer, fate (an index into the fates seen),
 * and where the bytes are in the arena. Notes: time, node, and the text's bytes. Entries are made when read (a
 * report reads each a few times; nothing keeps them).
 */
export class TraceStore {
  /** The frames' bytes: the simulator keeps each frame here once, when it is sent. */
  readonly arena = new ByteArena();
  private len = 0;
  private cap = 0;
  private t = new Float64Array(0);
  private n = new Int32Array(0);
  private send = new Int32Array(0);
  private from = new Int32Array(0);
  private to = new Int32Array(0);
  private bearer = new Uint8Array(0);
  private flags = new Uint8Array(0);
  /** For a frame: its fate's index in `fates`. */
  private what = new Int32Array(0);
  /** A frame's bytes (a note's text as UTF-8): their handle in the arena and their length. */
  private where = new Float64Array(0);
  private size = new Int32Array(0);
  /** Frames a 'malform' rule altered: row → the bytes as sent. */
  private readonly sentBytes = new Map<number, Uint8Array>();
  private readonly fates: string[] = [];
  private readonly fateIndex = new Map<string, number>();
  private readonly encoder = new TextEncoder();
  private readonly decoder = new TextDecoder();

  constructor(private readonly describe: (bytes: Uint8Array, sent: Uint8Array | undefined) => string) {}

  get length(): number {
    return this.len;
  }

  /** A frame whose bytes the arena keeps at `where` (ByteArena.keep), `size` long. */
  frame(t: number, n: number, send: number, broadcast: boolean, from: NodeId, to: NodeId, bearer: BearerIndex, fate: string, where: number, size: number, sent?: Uint8Array): void {
    const i = this.row();
    this.t[i] = t;
    this.n[i] = n;
    this.send[i] = send;
    this.from[i] = from;
    this.to[i] = to;
    this.bearer[i] = bearer;
    this.flags[i] = broadcast ? BROADCAST : 0;
    let f = this.fateIndex.get(fate);
    if (f === undefined) {
      f = this.fates.length;
      this.fates.push(fate);
      this.fateIndex.set(fate, f);
    }
    this.what[i] = f;
    this.where[i] = where;
    this.size[i] = size;
    if (sent !== undefined) this.sentBytes.set(i, sent);
  }

  /** A note: its text kept as UTF-8 in the arena (a string per note is several times its length in memory). */
  note(t: number, node: NodeId, text: string): void {
    const i = this.row();
    this.t[i] = t;
    this.from[i] = node;
    this.flags[i] = NOTE;
    const bytes = this.encoder.encode(text);
    this.where[i] = this.arena.keep(bytes);
    this.size[i] = bytes.length;
  }

  /** Entry i (0 ≤ i < length) as the trace's type, made anew. */
  at(i: number): TraceEntry {
    if (!(i >= 0 && i < this.len)) throw new RangeError(`trace entry ${i} does not exist (the trace has ${this.len})`);
    const flags = this.flags[i];
    if (flags & NOTE) return { t: this.t[i], kind: 'note', node: this.from[i], text: this.decoder.decode(this.arena.view(this.where[i], this.size[i])) };
    return new FrameRecord(
      this.t[i],
      this.n[i],
      this.send[i],
      (flags & BROADCAST) !== 0,
      this.from[i],
      this.to[i],
      this.bearer[i],
      this.fates[this.what[i]],
      this.arena.view(this.where[i], this.size[i]),
      this.sentBytes.get(i),
      this.describe,
    );
  }

  /** Entries from..length-1 as an array. */
  slice(from = 0): TraceEntry[] {
    const out: TraceEntry[] = [];
    for (let i = from; i < this.len; i++) out.push(this.at(i));
    return out;
  }

  /** Is entry i a frame? (without making it) */
  isFrame(i: number): boolean {
    return (this.flags[i] & NOTE) === 0;
  }

  private row(): number {
    if (this.len === this.cap) this.grow();
    return this.len++;
  }

  private grow(): void {
    const cap = Math.max(1024, this.cap * 2);
    const g = <T extends Float64Array | Int32Array | Uint8Array>(a: T, make: (n: number) => T): T => {
      const b = make(cap);
      b.set(a);
      return b;
    };
    this.t = g(this.t, (k) => new Float64Array(k));
    this.n = g(this.n, (k) => new Int32Array(k));
    this.send = g(this.send, (k) => new Int32Array(k));
    this.from = g(this.from, (k) => new Int32Array(k));
    this.to = g(this.to, (k) => new Int32Array(k));
    this.bearer = g(this.bearer, (k) => new Uint8Array(k));
    this.flags = g(this.flags, (k) => new Uint8Array(k));
    this.what = g(this.what, (k) => new Int32Array(k));
    this.where = g(this.where, (k) => new Float64Array(k));
    this.size = g(this.size, (k) => new Int32Array(k));
    this.cap = cap;
  }
}

/**
 * The wire as the observations read it (ClusterAdapter.wireFrames() and its kin), off the
 * simulator's trace. The frames are numbered by where they stand among the trace's frames, and
 * counted by a pass over the rows added since the last read that makes no entry; the trace entry
 * of every STRIDE-th frame is kept, the others found from there (an entry per frame was 1 MB in a
 * 128-node run). A frame object (TraceFrame) is made only when a step reads it: counting the
 * frames or reading those since a position makes none of the earlier ones. (The whole list of a
 * 128-node run is 243,000 objects, 32 MB that a step asking only its length kept for the rest of
 * the run.)
 */
import { BEARERS, type WireFrame } from '../contract';
import type { Simulator } from '../sim/simulator';
import { type FrameDecodings, TraceFrame } from './trace-frame';

/** Frames from one kept trace entry to the next: a frame is found by looking at fewer rows than this many frames' and their notes. */
const STRIDE = 256;

export class WireFrames {
  /** The trace entry of frame k × STRIDE, at k. */
  private readonly strides: number[] = [];
  private count = 0;
  /** The frame found last, and its trace entry: reads go on from the frame before, mostly. */
  private lastPosition = -1;
  private lastEntry = -1;
  /** Trace rows looked at so far: the trace only grows, so each is looked at once. */
  private scanned = 0;
  /** The frames made for wireFrames(), kept: steps find a frame of one call in the next (indexOf, a Map by frame). */
  private readonly whole: WireFrame[] = [];
  /** The frames of the last from(): a step that polls asks again from the same position. */
  private window: { readonly position: number; readonly frames: WireFrame[] } | undefined;

  constructor(
    private readonly sim: Simulator,
    private readonly decodings: FrameDecodings,
  ) {}

  /** Frames in the trace so far. */
  length(): number {
    this.catchUp();
    return this.count;
  }

  /** Every frame so far; the array is kept and grows with the trace. */
  all(): readonly WireFrame[] {
    this.catchUp();
    for (let p = this.whole.length; p < this.count; p++) this.whole.push(this.windowed(p) ?? this.make(p));
    return this.whole;
  }

  /** The frames from `position` on; the array is kept until a read from another position. */
  from(position: number): readonly WireFrame[] {
    this.catchUp();
    if (!Number.isInteger(position) || position < 0 || position > this.count) {
      throw new RangeError(`wire frame position ${position}: the wire has ${this.count} frames`);
    }
    if (this.window?.position !== position) this.window = { position, frames: [] };
    const frames = this.window.frames;
    // a frame wireFrames() made already is the same object here
    for (let p = position + frames.length; p < this.count; p++) frames.push(this.whole[p] ?? this.make(p));
    return frames;
  }

  /** The frame at `position` if the last from() made it: one object per frame, whichever made it first. */
  private windowed(position: number): WireFrame | undefined {
    const w = this.window;
    return w === undefined || position < w.position ? undefined : w.frames[position - w.position];
  }

  /** Indexes the frames the trace got since the last read. */
  private catchUp(): void {
    const rows = this.sim.traceLength;
    for (; this.scanned < rows; this.scanned++) {
      if (!this.sim.traceIsFrame(this.scanned)) continue;
      if (this.count % STRIDE === 0) this.strides.push(this.scanned);
      this.count++;
    }
  }

  /** The trace entry of the frame at `position` (< count): from the last one found, or from the kept one before it. */
  private entryOf(position: number): number {
    let p = position - (position % STRIDE);
    let entry = this.strides[p / STRIDE] as number;
    if (this.lastPosition <= position && this.lastPosition > p) {
      p = this.lastPosition;
      entry = this.lastEntry;
    }
    while (p < position) {
      entry++;
      if (this.sim.traceIsFrame(entry)) p++;
    }
    this.lastPosition = position;
    this.lastEntry = entry;
    return entry;
  }

  /** The frame at `position`: a small object; its fields are decoded when read (FrameDecodings). */
  private make(position: number): WireFrame {
    const entry = this.entryOf(position);
    const e = this.sim.traceEntry(entry);
    if (e.kind !== 'frame') throw new Error(`trace entry ${entry} is not a frame`);
    return new TraceFrame(e.t, e.n, e.send, e.broadcast, e.from, e.to, BEARERS[e.bearer] ?? 'A', e.fate, entry, this.decodings);
  }
}

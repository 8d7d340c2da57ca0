/**
 * The wire as the observations read it (ClusterAdapter.wireFrames() and its kin), off the
 * simulator's trace. The frames are numbered by where they stand among the trace's frames; what
 * is kept per frame is its trace entry (4 bytes), found by a pass over the rows added since the
 * last read that makes no entry. A frame object (TraceFrame) is made only when a step reads it:
 * counting the frames or reading those since a position makes none of the earlier ones. (The
 * whole list of a 128-node run is 243,000 objects, 32 MB that a step asking only its length
 * kept for the rest of the run.)
 */
import { BEARERS, type WireFrame } from '../contract';
import type { Simulator } from '../sim/simulator';
import { type FrameDecodings, TraceFrame } from './trace-frame';

/** Entries of the first index; it doubles as it fills. */
const FIRST_INDEX = 1 << 10;

export class WireFrames {
  /** The trace entry of each frame so far, by its position among the frames. */
  private entries = new Int32Array(FIRST_INDEX);
  private count = 0;
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
      if (this.count === this.entries.length) this.grow();
      this.entries[this.count++] = this.scanned;
    }
  }

  private grow(): void {
    const next = new Int32Array(this.entries.length * 2);
    next.set(this.entries);
    this.entries = next;
  }

  /** The frame at `position`: a small object; its fields are decoded when read (FrameDecodings). */
  private make(position: number): WireFrame {
    const entry = this.entries[position] as number;
    const e = this.sim.traceEntry(entry);
    if (e.kind !== 'frame') throw new Error(`trace entry ${entry} is not a frame`);
    return new TraceFrame(e.t, e.n, e.send, e.broadcast, e.from, e.to, BEARERS[e.bearer] ?? 'A', e.fate, entry, this.decodings);
  }
}

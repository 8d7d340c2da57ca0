/**
 * A frame of the trace as the observations see it (the contract's WireFrame), read off the
 * simulator's compact record: where it went and its fate at once, its decoded fields and the
 * oracle's layout only when a step asks for them. A run of a million frames keeps a small object
 * per frame, not its decoding: the decodings live in a cache of the cluster's (FrameDecodings),
 * bounded by a count of frames, so a step that reads every frame of a long run does not keep every
 * frame's fields for the rest of it.
 */
import type { BearerName, MsgLayout, NodeId, WireFrame } from '../contract';
import type { Simulator } from '../sim/simulator';
import { msgLayout } from './msg-layout';
import type { WireCodec } from './wire-codec';

type Fields = ReturnType<WireCodec['fields']>;

/**
 * Frames whose decodings are kept, twice over (FrameDecodings keeps two generations of this many):
 * every frame of a scenario of a few nodes, and in a long run the frames a step reads again soon
 * after (its filter reads several fields of a frame in turn, a poll the recent frames again).
 */
export const DECODINGS_KEPT = 1 << 16;

/** A map of at most 2 × `generation` entries: the entries of the current generation and of the one before. */
class TwoGenerations<V> {
  private young = new Map<number, V>();
  private old = new Map<number, V>();
  constructor(private readonly generation: number) {}

  get(key: number): V | undefined {
    const v = this.young.get(key);
    if (v !== undefined) return v;
    const o = this.old.get(key);
    if (o !== undefined) this.set(key, o);
    return o;
  }

  set(key: number, v: V): void {
    if (this.young.size >= this.generation) {
      this.old = this.young;
      this.young = new Map();
    }
    this.young.set(key, v);
  }

  get size(): number {
    return this.young.size + this.old.size;
  }
}

/**
 * What the frames of one cluster read their bytes from, and the decodings of those read lately:
 * a frame decoded again after its decoding was let go reads the same fields (decoding is a pure
 * function of the bytes).
 */
export class FrameDecodings {
  private readonly fields: TwoGenerations<Fields>;
  private readonly layouts: TwoGenerations<MsgLayout | null>;
  /** Frames decoded so far (fields or layout), counting a frame decoded again. */
  decoded = 0;

  constructor(
    private readonly sim: Simulator,
    private readonly codec: WireCodec,
    kept = DECODINGS_KEPT,
  ) {
    this.fields = new TwoGenerations(kept);
    this.layouts = new TwoGenerations(kept);
  }

  /** Decodings held now: at most 2 × DECODINGS_KEPT of each kind. */
  get held(): number {
    return this.fields.size + this.layouts.size;
  }

  fieldsOf(entry: number): Fields {
    let f = this.fields.get(entry);
    if (f === undefined) {
      f = this.codec.fields(this.bytes(entry));
      this.decoded++;
      this.fields.set(entry, f);
    }
    return f;
  }

  layoutOf(entry: number): MsgLayout | undefined {
    let l = this.layouts.get(entry);
    if (l === undefined) {
      l = msgLayout(this.bytes(entry)) ?? null;
      this.decoded++;
      this.layouts.set(entry, l);
    }
    return l ?? undefined;
  }

  /** The bytes the fields are read from: as the sender sent them (before a 'malform' rule). */
  private bytes(entry: number): Uint8Array {
    const e = this.sim.traceEntry(entry);
    if (e.kind !== 'frame') throw new Error(`trace entry ${entry} is not a frame`);
    return e.sent ?? e.bytes;
  }
}

export class TraceFrame implements WireFrame {
  constructor(
    readonly at: number,
    readonly n: number,
    readonly send: number,
    readonly broadcast: boolean,
    readonly from: NodeId,
    readonly to: NodeId,
    readonly bearer: BearerName,
    readonly fate: string,
    /** The trace entry it is, in the simulator's trace. */
    private readonly entry: number,
    private readonly decodings: FrameDecodings,
  ) {}

  private get f(): Fields {
    return this.decodings.fieldsOf(this.entry);
  }

  get user(): number | undefined {
    return this.f.user;
  }
  get mtype(): number | undefined {
    return this.f.mtype;
  }
  get seqno(): number | undefined {
    return this.f.seqno;
  }
  get ack(): number | undefined {
    return this.f.ack;
  }
  get seq_gap(): number | undefined {
    return this.f.seq_gap;
  }
  get bcast_ack(): number | undefined {
    return this.f.bcast_ack;
  }
  get origport(): number | undefined {
    return this.f.origport;
  }
  get named(): Fields['named'] {
    return this.f.named;
  }
  get tunnelled(): Fields['tunnelled'] {
    return this.f.tunnelled;
  }
  get proto(): Fields['proto'] {
    return this.f.proto;
  }
  get disc(): Fields['disc'] {
    return this.f.disc;
  }
  get bundled(): number | undefined {
    return this.f.bundled;
  }
  get layout(): MsgLayout | undefined {
    return this.decodings.layoutOf(this.entry);
  }
}

/**
 * A frame of the trace as the observations see it (the contract's WireFrame), read off the
 * simulator's compact record: where it went and its fate at once, its decoded fields and the
 * oracle's layout only when a step asks for them. A run of a million frames keeps a small object
 * per frame, not its decoding.
 */
import type { BearerName, MsgLayout, NodeId, WireFrame } from '../contract';
import type { Simulator } from '../sim/simulator';
import { msgLayout } from './msg-layout';
import type { WireCodec } from './wire-codec';

type Fields = ReturnType<WireCodec['fields']>;

export class TraceFrame implements WireFrame {
  #fields: Fields | undefined;
  #layout: MsgLayout | null | undefined;

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
    private readonly sim: Simulator,
    private readonly codec: WireCodec,
  ) {}

  /** The bytes the fields are read from: as the sender sent them (before a 'malform' rule). */
  private bytes(): Uint8Array {
    const e = this.sim.traceEntry(this.entry);
    if (e.kind !== 'frame') throw new Error(`trace entry ${this.entry} is not a frame`);
    return e.sent ?? e.bytes;
  }

  private get f(): Fields {
    if (this.#fields === undefined) this.#fields = this.codec.fields(this.bytes());
    return this.#fields;
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
    if (this.#layout === undefined) this.#layout = msgLayout(this.bytes()) ?? null;
    return this.#layout ?? undefined;
  }
}

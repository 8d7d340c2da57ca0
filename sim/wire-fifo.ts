/**
 * The frames on the wire that are due at their send time + the link delay, first in first out,
 * as typed columns in a ring: no object per frame. As virtual time never goes back, such frames
 * come in (at, seq) order, so the head is always the earliest; the simulator's heap keeps only
 * the frames a rule delayed, duplicated or released.
 *
 * Why by hand: in a keepalive burst thousands of frames are in flight at once. As objects they
 * outlived the young generation's collections and were copied and promoted, which cost more than
 * the simulation itself; as numbers in columns they cost the collector nothing.
 */
import type { BearerIndex, NodeId } from './types';

/** One frame of the FIFO as it was queued (for pending()). */
export interface FifoFrame {
  readonly at: number;
  readonly seq: number;
  readonly n: number;
  readonly send: number;
  readonly broadcast: boolean;
  readonly from: NodeId;
  readonly to: NodeId;
  readonly bearer: BearerIndex;
  /** The frame's bytes: their handle in the trace's arena, and their length. */
  readonly where: number;
  readonly len: number;
}

const FIRST_ROWS = 1 << 10;

export class WireFifo {
  private cap = FIRST_ROWS;
  private mask = FIRST_ROWS - 1;
  /** Index of the head row, and rows queued. */
  private first = 0;
  private count = 0;
  private atCol: Float64Array = new Float64Array(FIRST_ROWS);
  private seqCol: Float64Array = new Float64Array(FIRST_ROWS);
  private nCol: Int32Array = new Int32Array(FIRST_ROWS);
  private sendCol: Int32Array = new Int32Array(FIRST_ROWS);
  private fromCol: Int32Array = new Int32Array(FIRST_ROWS);
  private toCol: Int32Array = new Int32Array(FIRST_ROWS);
  private bearerCol: Uint8Array = new Uint8Array(FIRST_ROWS);
  private broadcastCol: Uint8Array = new Uint8Array(FIRST_ROWS);
  private whereCol: Float64Array = new Float64Array(FIRST_ROWS);
  private lenCol: Int32Array = new Int32Array(FIRST_ROWS);

  get size(): number {
    return this.count;
  }

  /** The head's due time and sequence number (undefined / NaN when empty). */
  headAt(): number | undefined {
    return this.count === 0 ? undefined : (this.atCol[this.first] as number);
  }
  headSeq(): number {
    return this.seqCol[this.first] as number;
  }
  headN(): number {
    return this.nCol[this.first] as number;
  }
  headSend(): number {
    return this.sendCol[this.first] as number;
  }
  headBroadcast(): boolean {
    return this.broadcastCol[this.first] === 1;
  }
  headFrom(): NodeId {
    return this.fromCol[this.first] as number;
  }
  headTo(): NodeId {
    return this.toCol[this.first] as number;
  }
  headBearer(): BearerIndex {
    return this.bearerCol[this.first] as number;
  }
  headWhere(): number {
    return this.whereCol[this.first] as number;
  }
  headLen(): number {
    return this.lenCol[this.first] as number;
  }

  /** Takes the head off. */
  drop(): void {
    if (this.count === 0) return;
    this.first = (this.first + 1) & this.mask;
    this.count--;
  }

  /** Queues a frame, which must not be due before the last one queued (else it throws). */
  push(at: number, seq: number, n: number, send: number, broadcast: boolean, from: NodeId, to: NodeId, bearer: BearerIndex, where: number, len: number): void {
    if (this.count > 0) {
      const last = (this.first + this.count - 1) & this.mask;
      const lastAt = this.atCol[last] as number;
      const lastSeq = this.seqCol[last] as number;
      if (at < lastAt || (at === lastAt && seq < lastSeq)) {
        throw new Error(`WireFifo: a frame due at ${at} (#${seq}) queued after one due at ${lastAt} (#${lastSeq})`);
      }
    }
    if (this.count === this.cap) this.grow();
    const k = (this.first + this.count) & this.mask;
    this.atCol[k] = at;
    this.seqCol[k] = seq;
    this.nCol[k] = n;
    this.sendCol[k] = send;
    this.broadcastCol[k] = broadcast ? 1 : 0;
    this.fromCol[k] = from;
    this.toCol[k] = to;
    this.bearerCol[k] = bearer;
    this.whereCol[k] = where;
    this.lenCol[k] = len;
    this.count++;
  }

  /** Every frame queued, head first. */
  rows(): FifoFrame[] {
    const out: FifoFrame[] = [];
    for (let i = 0; i < this.count; i++) {
      const k = (this.first + i) & this.mask;
      out.push({
        at: this.atCol[k] as number,
        seq: this.seqCol[k] as number,
        n: this.nCol[k] as number,
        send: this.sendCol[k] as number,
        broadcast: this.broadcastCol[k] === 1,
        from: this.fromCol[k] as number,
        to: this.toCol[k] as number,
        bearer: this.bearerCol[k] as number,
        where: this.whereCol[k] as number,
        len: this.lenCol[k] as number,
      });
    }
    return out;
  }

  /** Twice the room, the rows moved to the start in order. */
  private grow(): void {
    const cap = this.cap * 2;
    const order = (col: Float64Array | Int32Array | Uint8Array, next: Float64Array | Int32Array | Uint8Array): void => {
      // the rows from the head to the end of the ring, then those that wrapped around
      const tail = col.subarray(this.first);
      next.set(tail, 0);
      next.set(col.subarray(0, this.first), tail.length);
    };
    const f64 = (col: Float64Array): Float64Array => {
      const next = new Float64Array(cap);
      order(col, next);
      return next;
    };
    const i32 = (col: Int32Array): Int32Array => {
      const next = new Int32Array(cap);
      order(col, next);
      return next;
    };
    const u8 = (col: Uint8Array): Uint8Array => {
      const next = new Uint8Array(cap);
      order(col, next);
      return next;
    };
    this.atCol = f64(this.atCol);
    this.seqCol = f64(this.seqCol);
    this.nCol = i32(this.nCol);
    this.sendCol = i32(this.sendCol);
    this.fromCol = i32(this.fromCol);
    this.toCol = i32(this.toCol);
    this.bearerCol = u8(this.bearerCol);
    this.broadcastCol = u8(this.broadcastCol);
    this.whereCol = f64(this.whereCol);
    this.lenCol = i32(this.lenCol);
    this.first = 0;
    this.cap = cap;
    this.mask = cap - 1;
  }
}

/**
 * The numbered message streams the scenario started: each sends a 4-byte counter from 1, one
 * message per period, whenever time runs (World.runUntil), until it is stopped. Owned by the
 * traffic steps; the receiver's deliveries are checked against what was sent.
 */
import type { ClusterAdapter, NodeId } from '../../contract';

export class Stream {
  private sentCount = 0;
  private running = true;
  private restartedText: string | undefined;
  private limit: number | undefined;

  /** When the stream started, ms. */
  readonly startedAt: number;

  constructor(
    readonly from: NodeId,
    readonly to: NodeId,
    readonly port: number,
    readonly everyMs: number,
    private next: number,
  ) {
    this.startedAt = next;
  }

  get sent(): number {
    return this.sentCount;
  }

  get active(): boolean {
    return this.running;
  }

  /** When the next message is due, ms; only an active stream has one. */
  get nextAt(): number {
    return this.next;
  }

  /** One of its nodes restarted: what it delivers is not one sequence any more (a new socket, a new node object). */
  crossedRestart(node: NodeId): void {
    this.restartedText ??= `node ${node} restarted`;
  }

  /** Why its deliveries are not one sequence, or undefined while they are. */
  get restarted(): string | undefined {
    return this.restartedText;
  }

  /** Stop once this many messages were sent in all. */
  stopAfter(count: number): void {
    this.limit = count;
  }

  /** Sends every message due by now, in order. */
  async sendDue(c: ClusterAdapter): Promise<void> {
    while (this.running && this.next <= c.now()) {
      this.sentCount++;
      const payload = new Uint8Array(4);
      new DataView(payload.buffer).setUint32(0, this.sentCount);
      await c.sendData(this.from, this.to, this.port, payload);
      this.next += this.everyMs;
      if (this.limit !== undefined && this.sentCount >= this.limit) this.running = false;
    }
  }
}

export class Streams {
  private readonly all: Stream[] = [];

  start(from: NodeId, to: NodeId, port: number, everyMs: number, now: number): void {
    this.all.push(new Stream(from, to, port, everyMs, now));
  }

  /** A stream that sends `count` messages in the instant it is started, then stops. */
  burst(from: NodeId, to: NodeId, port: number, count: number, now: number): Stream {
    const s = new Stream(from, to, port, 0, now);
    s.stopAfter(count);
    this.all.push(s);
    return s;
  }

  /** When the active streams send next. */
  nextDue(): number[] {
    return this.all.filter((s) => s.active).map((s) => s.nextAt);
  }

  /** Every stream sends what is due by now, in the order they were started. */
  async sendDue(c: ClusterAdapter): Promise<void> {
    for (const s of this.all) await s.sendDue(c);
  }

  /** The node's stream that is still sending. */
  activeFrom(from: NodeId): Stream | undefined {
    return this.all.find((s) => s.from === from && s.active);
  }

  /** A node restarted: every stream from or to it crossed that restart. */
  restarted(node: NodeId): void {
    for (const s of this.all) if (s.from === node || s.to === node) s.crossedRestart(node);
  }

  /** Every stream, active or stopped, in the order they were started. */
  list(): readonly Stream[] {
    return this.all;
  }

  /** Every stream from one node to another, active or stopped. */
  between(from: NodeId, to: NodeId): Stream[] {
    return this.all.filter((s) => s.from === from && s.to === to);
  }
}

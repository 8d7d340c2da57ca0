/**
 * The numbered message streams the scenario started: each sends a 4-byte counter from 1, one
 * message per period, whenever time runs (World.runUntil), until it is stopped. Owned by the
 * traffic steps; the receiver's deliveries are checked against what was sent.
 */
import type { ClusterAdapter, NodeId } from '../../contract';

export class Stream {
  private sentCount = 0;
  private running = true;
  private restartCrossed = false;
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

  /** Its sender or receiver restarted: what it delivers is not one sequence any more (a new socket, a new node object). */
  get crossedRestart(): boolean {
    return this.restartCrossed;
  }

  markRestartCrossed(): void {
    this.restartCrossed = true;
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
    for (const s of this.all) if (s.from === node || s.to === node) s.markRestartCrossed();
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

/**
 * The numbers (the 4-byte counters Stream sends) `to` delivered from `from` to any of `ports`, in
 * the order it delivered them.
 */
export function numbersDelivered(c: ClusterAdapter, to: NodeId, from: NodeId, ports: ReadonlySet<number>): number[] {
  return c
    .deliveries(to)
    .filter((d) => d.from === from && ports.has(d.port) && d.payload.length === 4)
    .map((d) => new DataView(d.payload.buffer, d.payload.byteOffset, 4).getUint32(0));
}

/**
 * What is wrong with the delivered numbers of messages 1..`sent`: duplicates, messages missing
 * (when `missingToo`), an out-of-order delivery; each as the failure messages say it.
 */
export function sequenceProblems(seq: readonly number[], sent: number, missingToo = true): string[] {
  const problems: string[] = [];
  const seen = new Set<number>();
  const dups = seq.filter((n) => (seen.has(n) ? true : (seen.add(n), false)));
  if (dups.length) problems.push(`${dups.length} duplicates (first: ${dups.slice(0, 5).join(', ')})`);
  if (missingToo) {
    const missing: number[] = [];
    for (let i = 1; i <= sent; i++) if (!seen.has(i)) missing.push(i);
    if (missing.length) problems.push(`${missing.length} missing (first: ${missing.slice(0, 5).join(', ')})`);
  }
  const outOfOrder = seq.findIndex((n, i) => i > 0 && n < seq[i - 1] && !dups.includes(n));
  if (outOfOrder > 0) problems.push(`out of order at delivery ${outOfOrder + 1}: ${seq[outOfOrder - 1]} then ${seq[outOfOrder]}`);
  return problems;
}

/**
 * The background binding streams the scenario started: a node binds a service range at cluster
 * scope, unbinds it, binds it again, ..., one update per period, whenever time runs
 * (World.runUntil), until a step stops it. Each bind and unbind goes through the contract
 * (ClusterAdapter publish / withdraw, via Bindings, which remembers what the node holds), so any
 * implementation can be driven. Owned by the naming steps.
 */
import { type NodeId, type ServiceRange, churnPort } from '../../contract';
import type { Bindings } from './bindings';
import { ExpectationError } from './expect';
import { rangeText } from './values';

export class BindingStream {
  private updatesCount = 0;
  private running = true;
  /** The range is bound now (the last update was a bind). */
  private bound = false;

  constructor(
    readonly node: NodeId,
    readonly range: ServiceRange,
    readonly everyMs: number,
    private next: number,
  ) {}

  /** Updates made so far, binds and unbinds. */
  get updates(): number {
    return this.updatesCount;
  }

  get active(): boolean {
    return this.running;
  }

  /** When the next update is due, ms; only an active stream has one. */
  get nextAt(): number {
    return this.next;
  }

  stop(): void {
    this.running = false;
  }

  /** Makes every update due by now, in order: a bind when the range is not bound, else an unbind. */
  async updateDue(bindings: Bindings, now: number): Promise<void> {
    const { type, lower, upper } = this.range;
    const port = churnPort(type);
    while (this.running && this.next <= now) {
      const n = this.updatesCount + 1;
      const ok = this.bound
        ? await bindings.withdraw(this.node, { type, lower, upper, key: port })
        : await bindings.publish(this.node, { type, lower, upper, scope: 'cluster', port, key: port });
      if (!ok) {
        this.running = false;
        throw new ExpectationError(
          `node ${this.node} to ${this.bound ? 'unbind' : 'bind'} ${rangeText(this.range)} (update ${n} of its background stream)`,
          `the ${this.bound ? 'unbind' : 'bind'} was refused`,
        );
      }
      this.bound = !this.bound;
      this.updatesCount = n;
      this.next += this.everyMs;
    }
  }
}

export class BindingStreams {
  private readonly all: BindingStream[] = [];

  constructor(private readonly bindings: Bindings) {}

  /** Starts a node's stream; the first update is made at `now`. */
  start(node: NodeId, range: ServiceRange, everyMs: number, now: number): BindingStream {
    if (this.activeOn(node)) throw new Error(`node ${node} is already binding and unbinding: stop it first`);
    const s = new BindingStream(node, range, everyMs, now);
    this.all.push(s);
    return s;
  }

  /** When the active streams update next. */
  nextDue(): number[] {
    return this.all.filter((s) => s.active).map((s) => s.nextAt);
  }

  /** Every stream makes the updates due by now, in the order they were started. */
  async updateDue(now: () => number): Promise<void> {
    for (const s of this.all) await s.updateDue(this.bindings, now());
  }

  /** The node's stream that is still updating. */
  activeOn(node: NodeId): BindingStream | undefined {
    return this.all.find((s) => s.node === node && s.active);
  }

  /** A restarted node's stream ends with the incarnation that ran it. */
  restarted(node: NodeId): void {
    this.activeOn(node)?.stop();
  }
}

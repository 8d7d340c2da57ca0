/**
 * The clock seam of the harness cluster. Every node is driven by the one deterministic simulator;
 * what differs is what makes its time pass:
 *  - VirtualClock: the harness's own time. It jumps from event to event, so a scenario of minutes
 *    takes milliseconds, and the same seed gives the same trace.
 *  - WallClock: a node runs on its own wall clock (a kernel in a VM), so virtual time follows
 *    real time. The simulator is caught up with the wall clock before and after every control
 *    and observation, by a ticker between steps, and whenever such a node acts by itself.
 * Nothing else in the harness knows which one runs.
 */
import type { ClockKind, Condition, NodeId } from '../contract';
import type { Simulator } from '../sim/simulator';
import type { NodeEndpoint } from './endpoint';

/** What a clock drives: the simulator and the nodes on it. */
export interface Network {
  readonly sim: Simulator;
  endpoint(id: NodeId): NodeEndpoint;
  endpoints(): Iterable<NodeEndpoint>;
  /** Refreshes what is seen of every node (`fresh`: by a read that starts now). */
  refreshAll(fresh: boolean): Promise<void>;
  /** Throws the fault of a node found while the cluster ran (a VM that died). */
  throwIfFaulty(): void;
}

export interface Clock {
  readonly kind: ClockKind;
  /** Current time, ms since the cluster started. */
  now(): number;
  /** The nodes have been prepared (a VM booted): what they sent until now is not part of the scenario. */
  prepared(): void;
  /** Before and after a control call: the network is brought up to the clock. */
  sync(): Promise<void>;
  advance(ms: number): Promise<void>;
  waitUntil(pred: Condition, maxMs: number, settle: boolean): Promise<boolean>;
  /** Makes what is seen of every node current before a step looks at it. */
  observeNow(): Promise<void>;
  /** A node sent frames or events by itself (a wall-clock node). */
  activity(id: NodeId): void;
  stop(): void;
}

export class VirtualClock implements Clock {
  readonly kind = 'virtual';

  constructor(private readonly net: Network) {}

  now(): number {
    return this.net.sim.now;
  }
  prepared(): void {}
  async sync(): Promise<void> {}
  async advance(ms: number): Promise<void> {
    await this.net.sim.runForAsync(ms);
  }
  async waitUntil(pred: Condition, maxMs: number, settle: boolean): Promise<boolean> {
    const held = await this.net.sim.runUntilAsync(pred, maxMs);
    if (held && settle) await this.net.sim.runForAsync(0);
    return held;
  }
  async observeNow(): Promise<void> {}
  activity(): void {
    // A node on the harness's clock acts only when driven.
  }
  stop(): void {}
}

/** How often a waiting real-time cluster re-reads what it cannot be told (a VM's name table). */
const REFRESH_EVERY_MS = 150;

/** Let other callbacks (sockets, child processes) run. */
function pause(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

export class WallClock implements Clock {
  readonly kind = 'wall';
  /** performance.now() at virtual time 0, once the clock runs. */
  private clockStart: number | undefined;
  /** The nodes were prepared: their frames now count (and wait for the clock to start). */
  private ready = false;
  /** Catching up is one task at a time: the ticker, a node's activity and a step may all ask. */
  private running: Promise<unknown> = Promise.resolve();
  private ticker: ReturnType<typeof setInterval> | undefined;

  constructor(private readonly net: Network) {}

  now(): number {
    return Math.max(this.net.sim.now, this.wall());
  }

  prepared(): void {
    for (const ep of this.net.endpoints()) ep.stack.pollTransmit();
    this.ready = true;
  }

  /** Wall-clock ms since the clock started. */
  private wall(): number {
    return this.clockStart === undefined ? 0 : performance.now() - this.clockStart;
  }

  /** Runs `task` when no other catching up is under way. */
  private exclusive<T>(task: () => Promise<T>): Promise<T> {
    const run = this.running.then(task, task);
    this.running = run.catch(() => undefined);
    return run;
  }

  /** Virtual time still to run to reach the wall clock. */
  private behind(): number {
    return Math.max(0, this.wall() - this.net.sim.now);
  }

  /** Run every event due by now; with `pred`, stop as soon as it holds (true then). */
  private catchUp(pred?: Condition): Promise<boolean> {
    return this.exclusive(async () => {
      if (pred) return this.net.sim.runUntilAsync(pred, this.behind());
      await this.net.sim.runForAsync(this.behind());
      return false;
    });
  }

  async sync(): Promise<void> {
    await this.catchUp();
  }

  /**
   * Real time starts with the first step that lets time pass (advance, waitUntil), not when the
   * nodes start: in virtual time the set-up steps before it (bindings, fault rules) take no time,
   * and so they must not in real time, or links would come up before the rules that keep them
   * down are in place. Until then frames wait in their senders' queues.
   */
  private start(): void {
    if (this.clockStart !== undefined) return;
    this.clockStart = performance.now() - this.net.sim.now;
    for (const ep of this.net.endpoints()) this.net.sim.poke(ep.id);
    let lastRefresh = 0;
    this.ticker = setInterval(() => {
      void this.catchUp();
      if (this.wall() - lastRefresh >= REFRESH_EVERY_MS) {
        lastRefresh = this.wall();
        void this.net.refreshAll(false);
      }
    }, 5);
    this.ticker.unref();
  }

  async advance(ms: number): Promise<void> {
    this.start();
    const end = this.wall() + ms;
    for (;;) {
      this.net.throwIfFaulty();
      await this.catchUp();
      const left = end - this.wall();
      if (left <= 0) return;
      await pause(Math.min(left, 5));
    }
  }

  async waitUntil(pred: Condition, maxMs: number, settle: boolean): Promise<boolean> {
    this.start();
    const end = this.wall() + maxMs;
    let refreshed = this.wall();
    for (;;) {
      this.net.throwIfFaulty();
      if ((await this.catchUp(pred)) || (await pred())) {
        // As in virtual time: what happens in the same instant as the awaited state happens too.
        if (settle) await this.exclusive(() => this.net.sim.runForAsync(0));
        return true;
      }
      if (this.wall() >= end) return false;
      // What is seen of a VM (its name table) is read now and then, not after every event.
      if (this.wall() - refreshed >= REFRESH_EVERY_MS) {
        await this.net.refreshAll(false);
        refreshed = this.wall();
      } else {
        await pause(2);
      }
    }
  }

  async observeNow(): Promise<void> {
    if (this.clockStart === undefined) return;
    await this.catchUp();
    await this.net.refreshAll(true);
    this.net.throwIfFaulty();
    await this.catchUp();
  }

  activity(id: NodeId): void {
    const ep = this.net.endpoint(id);
    if (this.clockStart === undefined) {
      // Before the clock starts nothing is on the wire: while a VM boots its frames are dropped;
      // after the start they wait in the node's queue for the clock (see start()).
      if (!this.ready) ep.stack.pollTransmit();
      ep.collect(this.net.sim.now);
      return;
    }
    void this.exclusive(async () => {
      await this.net.sim.runForAsync(this.behind());
      ep.collect(this.net.sim.now);
      this.net.sim.poke(id);
    });
  }

  stop(): void {
    if (this.ticker) clearInterval(this.ticker);
    this.ticker = undefined;
  }
}

/**
 * A deterministic discrete-event network: virtual time in ms, a seeded PRNG, bearers per node
 * that go down and up, ordered fault rules, and a complete trace. It moves opaque frames between
 * SimEndpoints and knows nothing of TIPC beyond the injected describe/classify functions.
 *
 * Order of events: by time, then by the order they were scheduled. Timers are polled: at a given
 * time, frames already scheduled for that time are delivered first, then due timers run (in node
 * order), so frames that arrive "together" with a timer are seen before it fires.
 */
import { Prng } from './prng';
import type { BearerIndex, FaultRule, NodeId, OutFrame, SimEndpoint, TraceEntry } from './types';

export interface SimulatorOptions {
  readonly seed: number;
  readonly linkDelayMs?: number;
  readonly describe: (bytes: Uint8Array) => string;
  readonly classify: (bytes: Uint8Array) => { user: number; mtype: number } | undefined;
  /** Abort a run that processes more events than this (a runaway loop). */
  readonly maxEvents?: number;
}

interface Delivery {
  readonly at: number;
  readonly seq: number;
  readonly n: number;
  readonly from: NodeId;
  readonly to: NodeId;
  readonly bearer: BearerIndex;
  readonly bytes: Uint8Array;
  readonly fate: string;
}

interface SimNode {
  readonly id: NodeId;
  readonly ep: SimEndpoint;
  readonly up: Map<BearerIndex, boolean>;
}

interface RuleState {
  readonly rule: FaultRule;
  used: number;
}

export class Simulator {
  readonly rng: Prng;
  private t = 0;
  private seq = 0;
  private frameNo = 0;
  private events = 0;
  private readonly delay: number;
  private readonly maxEvents: number;
  private readonly nodes = new Map<NodeId, SimNode>();
  private readonly byAddress = new Map<number, NodeId>();
  private queue: Delivery[] = [];
  private ruleList: RuleState[] = [];
  private held: { rule: string; n: number; from: NodeId; to: NodeId; bearer: BearerIndex; bytes: Uint8Array }[] = [];
  private readonly log: TraceEntry[] = [];

  constructor(private readonly opts: SimulatorOptions) {
    this.rng = new Prng(opts.seed);
    this.delay = opts.linkDelayMs ?? 1;
    this.maxEvents = opts.maxEvents ?? 5_000_000;
  }

  get now(): number {
    return this.t;
  }

  addNode(id: NodeId, ep: SimEndpoint, bearers: BearerIndex[]): void {
    if (this.nodes.has(id)) throw new Error(`node ${id} added twice`);
    this.nodes.set(id, { id, ep, up: new Map(bearers.map((b) => [b, true])) });
    this.byAddress.set(ep.address, id);
    this.poke(id);
  }

  node(id: NodeId): SimEndpoint {
    const n = this.nodes.get(id);
    if (!n) throw new Error(`no node ${id} in the simulation`);
    return n.ep;
  }

  setBearerUp(id: NodeId, bearer: BearerIndex, up: boolean): void {
    const n = this.nodes.get(id);
    if (!n || !n.up.has(bearer)) throw new Error(`node ${id} has no bearer ${bearer}`);
    n.up.set(bearer, up);
  }

  addRule(rule: FaultRule): void {
    this.ruleList.push({ rule, used: 0 });
  }
  removeRule(name: string): void {
    this.ruleList = this.ruleList.filter((r) => r.rule.name !== name);
  }
  clearRules(): void {
    this.ruleList = [];
  }
  rules(): readonly FaultRule[] {
    return this.ruleList.map((r) => r.rule);
  }

  trace(): readonly TraceEntry[] {
    return this.log;
  }

  /** Collect what an endpoint produced after a control call made on it directly. */
  poke(id: NodeId): void {
    const n = this.nodes.get(id);
    if (!n) throw new Error(`no node ${id} in the simulation`);
    this.collect(n);
  }

  private collect(n: SimNode): void {
    for (const text of n.ep.pollNotes()) this.log.push({ t: this.t, kind: 'note', node: n.id, text });
    for (const f of n.ep.pollTransmit()) this.send(n, f);
  }

  private match(r: RuleState, from: NodeId, to: NodeId, f: OutFrame): boolean {
    const m = r.rule.match;
    if (r.rule.count !== undefined && r.used >= r.rule.count) return false;
    if (m.bearer !== undefined && m.bearer !== f.bearer) return false;
    if (m.from !== undefined && m.from !== from) return false;
    if (m.to !== undefined && m.to !== to) return false;
    if (m.user !== undefined || m.mtype !== undefined) {
      const c = this.opts.classify(f.bytes);
      if (!c) return false;
      if (m.user !== undefined && m.user !== c.user) return false;
      if (m.mtype !== undefined && m.mtype !== c.mtype) return false;
    }
    if (r.rule.probability !== undefined && r.rule.probability < 1 && this.rng.next() >= r.rule.probability) return false;
    return true;
  }

  private send(n: SimNode, f: OutFrame): void {
    const to = this.byAddress.get(f.dest);
    const n0 = ++this.frameNo;
    const entry = (fate: string, toId: NodeId): TraceEntry => ({
      t: this.t,
      kind: 'frame',
      n: n0,
      from: n.id,
      to: toId,
      bearer: f.bearer,
      fate,
      summary: this.opts.describe(f.bytes),
      bytes: f.bytes,
    });
    if (to === undefined) {
      this.log.push(entry('no-route', -1));
      return;
    }
    if (!n.up.get(f.bearer)) {
      this.log.push(entry('bearer-down', to));
      return;
    }
    const rule = this.ruleList.find((r) => this.match(r, n.id, to, f));
    const schedule = (extra: number, fate: string): void => {
      this.queue.push({ at: this.t + this.delay + extra, seq: this.seq++, n: n0, from: n.id, to, bearer: f.bearer, bytes: f.bytes, fate });
    };
    if (!rule || rule.rule.action.kind === 'pass') {
      schedule(0, 'deliver');
      return;
    }
    rule.used++;
    const name = rule.rule.name;
    const a = rule.rule.action;
    switch (a.kind) {
      case 'drop':
        this.log.push(entry(`drop(${name})`, to));
        return;
      case 'delay':
        schedule(a.ms, `delay(${name})`);
        return;
      case 'reorder':
        schedule(a.ms, `reorder(${name})`);
        return;
      case 'duplicate':
        schedule(0, `dup(${name})`);
        schedule(1, `dup(${name})`);
        return;
      case 'hold':
        this.held.push({ rule: name, n: n0, from: n.id, to, bearer: f.bearer, bytes: f.bytes });
        return;
    }
  }

  /**
   * Deliver every frame a 'hold' rule parked, in the order they were sent, in this very instant
   * (no wire delay): they arrive together with whatever else happens now. Returns how many.
   */
  release(ruleName: string): number {
    const mine = this.held.filter((h) => h.rule === ruleName);
    this.held = this.held.filter((h) => h.rule !== ruleName);
    for (const h of mine) {
      this.queue.push({ at: this.t, seq: this.seq++, n: h.n, from: h.from, to: h.to, bearer: h.bearer, bytes: h.bytes, fate: `held(${ruleName})` });
    }
    return mine.length;
  }

  /** The time of the next event: a frame or a due timer; undefined if nothing is pending. */
  private nextTime(): number | undefined {
    let next: number | undefined;
    for (const d of this.queue) if (next === undefined || d.at < next) next = d.at;
    for (const n of this.nodes.values()) {
      const due = n.ep.pollTimeout();
      if (due !== undefined && (next === undefined || Math.max(due, this.t) < next)) next = Math.max(due, this.t);
    }
    return next;
  }

  /** Process everything due at the next event time. Returns false if nothing is pending. */
  step(): boolean {
    const at = this.nextTime();
    if (at === undefined) return false;
    this.t = at;
    const due = this.queue.filter((d) => d.at <= at).sort((x, y) => x.at - y.at || x.seq - y.seq);
    if (due.length > 0) {
      const d = due[0];
      this.queue = this.queue.filter((q) => q !== d);
      this.countEvent();
      this.deliver(d);
      return true;
    }
    for (const n of [...this.nodes.values()].sort((x, y) => x.id - y.id)) {
      const dueT = n.ep.pollTimeout();
      if (dueT !== undefined && dueT <= at) {
        this.countEvent();
        n.ep.tick(at);
        this.collect(n);
        return true;
      }
    }
    return true;
  }

  private countEvent(): void {
    if (++this.events > this.maxEvents) {
      throw new Error(`simulation stopped after ${this.maxEvents} events (maxEvents): a runaway loop?`);
    }
  }

  private deliver(d: Delivery): void {
    const n = this.nodes.get(d.to) as SimNode;
    const base = { t: this.t, kind: 'frame' as const, n: d.n, from: d.from, to: d.to, bearer: d.bearer, summary: this.opts.describe(d.bytes), bytes: d.bytes };
    if (!n.up.get(d.bearer)) {
      this.log.push({ ...base, fate: 'bearer-down' });
      return;
    }
    this.log.push({ ...base, fate: d.fate });
    n.ep.receive(this.t, d.bearer, d.bytes);
    this.collect(n);
  }

  /** Run until virtual time has advanced by `ms`. */
  runFor(ms: number): void {
    const end = this.t + ms;
    for (;;) {
      const next = this.nextTime();
      if (next === undefined || next > end) break;
      this.step();
    }
    this.t = Math.max(this.t, end);
  }

  /** Run until `pred` holds (checked after every event) or `maxMs` passed. */
  runUntil(pred: () => boolean, maxMs: number): boolean {
    const end = this.t + maxMs;
    if (pred()) return true;
    for (;;) {
      const next = this.nextTime();
      if (next === undefined || next > end) break;
      this.step();
      if (pred()) return true;
    }
    this.t = Math.max(this.t, end);
    return pred();
  }
}

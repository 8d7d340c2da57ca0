/**
 * A deterministic discrete-event network: virtual time in ms, a seeded PRNG, bearers per node
 * that go down and up, ordered fault rules (sim/faults.ts), and a complete trace. It moves opaque
 * frames between SimEndpoints and knows nothing of TIPC beyond the injected describe/classify.
 *
 * Delivery. A frame produced at time t by node X on bearer b for address D goes to the node whose
 * endpoint.address is D, on bearer b, at t + linkDelayMs (+ the rule's ms for delay/reorder; the
 * second copy of a duplicate 1 ms after the first; a held frame at the instant it is released).
 * The simulator snapshots the bytes when the frame is produced (into the trace's arena) and hands
 * receive() that snapshot: an endpoint must not write into the bytes it receives (none does: the
 * reference decodes into its own memory, the process and kernel adapters only write them out), so
 * the sender cannot change a frame in flight or in the trace, and no frame is copied twice (the
 * copies of a bearer broadcast share one snapshot).
 *
 * Order of events (total, the same on every run):
 *  1. the earliest time first;
 *  2. at the same time, frames before timers: every frame due at T (including frames scheduled
 *     for T while T is being processed, e.g. with linkDelayMs 0 or by release()) is delivered
 *     before any timer due at T fires, so a frame and a timer that coincide are seen frame first;
 *  3. frames at the same time in the order they were scheduled (insertion sequence);
 *  4. timers at the same time in ascending node id.
 * One event is one frame arrival or one tick(). A timer due in the past (pollTimeout() < now)
 * fires at now. An endpoint's pollTimeout() is re-read only after addNode, receive(), tick() and
 * poke(); a control call made directly on an endpoint must be followed by poke().
 *
 * Trace. Compact records (sim/trace-store.ts); a frame's one-line summary is described when read.
 * Every frame gets one entry per copy, stamped when its fate is decided:
 *  - at send time: 'no-route' (no node has the address, or either end lacks the bearer; `to` is
 *    NO_NODE when the address is unknown), 'bearer-down' (the sender's bearer is down),
 *    'drop(<rule>)';
 *  - at arrival: 'deliver', 'delay(<rule>)', 'reorder(<rule>)', 'dup(<rule>)' (one entry per
 *    copy), 'released(<rule>; sent at <s> s)' (delivered in the instant release() let it go;
 *    <s>: when it was sent and the rule parked it, in seconds as the trace's times), and
 *    'bearer-down' when the receiver's bearer is down then.
 * A rule that picks messages (FaultRule.pick) writes '<rule>; retransmission <k>' for its name in
 * the fate of the k-th retransmission of a message it picked, e.g. 'delay(<rule>; retransmission 1)'.
 * A held frame that is never released has no entry. Frames are numbered #1, #2, ... in the order
 * they were produced, so arrivals may appear out of number order. Notes from pollNotes() are
 * entered when collected, before the frames collected with them.
 */
import { type Classify, RuleBook } from './faults';
import { Prng } from './prng';
import { EventQueue } from './queue';
import { WireFifo } from './wire-fifo';
import type { EntryList } from './trace';
import { type TraceSpill, TraceStore } from './trace-store';
import { BROADCAST_DEST } from './types';
import type { BearerIndex, FaultRule, FrameAlteration, NodeId, OutFrame, SimEndpoint, TraceEntry } from './types';

/** The `to` of a 'no-route' trace entry for an address no node has. */
export const NO_NODE: NodeId = -1;

export interface SimulatorOptions {
  readonly seed: number;
  /** One-way wire delay in ms; default 1. */
  readonly linkDelayMs?: number;
  /** One-line summary of a frame for the trace. */
  readonly describe: (bytes: Uint8Array) => string;
  /**
   * TIPC user and message type of a frame (and its is_bulk mark and message name), for rules that
   * match on them; undefined if unknown.
   */
  readonly classify: Classify;
  /** The bytes of a frame a 'malform' rule alters, as the alteration makes them; without it such a rule is refused. */
  readonly alter?: (bytes: Uint8Array, alteration: FrameAlteration) => Uint8Array;
  /** Throw once a simulator has processed more events than this in all (a runaway); default 5,000,000. */
  readonly maxEvents?: number;
  /**
   * Where the trace's bytes go once more than `keepBytes` of them are in memory, and its rows once
   * more than `keepRows` (a long run's trace written out as it goes, read back by reports); without
   * it they all stay in memory.
   */
  readonly traceSpill?: TraceSpill;
}

/** A copy sent and not yet in the trace; `held`: the 'hold' rule that parked it. */
export interface PendingFrame extends Omit<FrameRef, 'where'> {
  readonly held?: string;
}

/** One copy of a frame: its number, the send it came from, its ends and bytes. */
interface FrameRef {
  readonly n: number;
  /** The send this copy belongs to; the copies of one bearer broadcast share it. */
  readonly send: number;
  readonly broadcast: boolean;
  readonly from: NodeId;
  readonly to: NodeId;
  readonly bearer: BearerIndex;
  /** The bytes the receiver gets: a view of the trace's copy (`where` in its arena). */
  readonly bytes: Uint8Array;
  readonly where: number;
  /** For a frame a 'malform' rule altered: the bytes as the sender sent them (`bytes` are the altered ones). */
  readonly sent?: Uint8Array;
}

/** A frame on the wire (or parked by a 'hold' rule), due at `at`: one object of one shape per copy. */
class InFlight implements FrameRef {
  constructor(
    readonly at: number,
    readonly seq: number,
    readonly fate: string,
    readonly n: number,
    readonly send: number,
    readonly broadcast: boolean,
    readonly from: NodeId,
    readonly to: NodeId,
    readonly bearer: BearerIndex,
    readonly bytes: Uint8Array,
    readonly where: number,
    readonly sent: Uint8Array | undefined,
  ) {}
}

interface Held extends FrameRef {
  readonly rule: string;
  /** The rule's name as the fate gives it: with "; retransmission N" for a retransmission of a message it picked. */
  readonly label: string;
  /** When it was sent, and the rule parked it. */
  readonly since: number;
}

interface SimNode {
  readonly id: NodeId;
  readonly ep: SimEndpoint;
  /**
   * The node's bearers by index: up (true) or down (false); undefined for a bearer it does not
   * have. (An array, not a Map: every frame sent and every arrival reads it.)
   */
  readonly bearers: (boolean | undefined)[];
  /** pollTimeout() as last read. */
  timer: number | undefined;
  /** Bumped whenever `timer` changes; timer-queue entries of older versions are stale. */
  timerVersion: number;
}

/** A node's timer in the timer queue: `at` is the due time, `seq` the node id (ties: lower id first). */
interface TimerEntry {
  readonly at: number;
  readonly seq: number;
  readonly node: SimNode;
  readonly version: number;
}

/** A timer-queue entry still stands: its node's timer was not re-read since (the version) and is set. */
function currentTimer(e: TimerEntry): boolean {
  return e.version === e.node.timerVersion && e.node.timer !== undefined;
}

export const DEFAULT_MAX_EVENTS = 5_000_000;


export class Simulator {
  /** The simulation's PRNG: fault-rule probabilities draw from it; fork() it for per-node seeds. */
  readonly rng: Prng;
  private t = 0;
  private seq = 0;
  private frameNo = 0;
  private sendNo = 0;
  private events = 0;
  private delivered = 0;
  private readonly linkDelay: number;
  private readonly maxEvents: number;
  private readonly alter: ((bytes: Uint8Array, alteration: FrameAlteration) => Uint8Array) | undefined;
  /** The nodes by id (an array: every arrival looks its receiver up). */
  private readonly slots: (SimNode | undefined)[] = [];
  private readonly byAddress = new Map<number, SimNode>();
  /**
   * Frames on the wire. Most are due at their send time + linkDelayMs: as time never goes back,
   * they come in (at, seq) order, and a FIFO keeps them (`onTime`). The others (a rule's delay or
   * duplicate, a release) go in a heap (`wire`). The next frame is the earlier of the two heads.
   */
  private readonly onTime = new WireFifo();
  private readonly wire = new EventQueue<InFlight>();
  private readonly timers = new EventQueue<TimerEntry>();
  /** Nodes in id order, for bearer broadcasts. */
  private byId: SimNode[] = [];
  private readonly book: RuleBook;
  private held: Held[] = [];
  private readonly log: TraceStore;
  /** The event begin() started: the node to collect from after it, and its answer if it comes later. */
  private began: SimNode | undefined;
  private answer: Promise<void> | undefined;

  constructor(opts: SimulatorOptions) {
    this.rng = new Prng(opts.seed);
    this.linkDelay = opts.linkDelayMs ?? 1;
    if (!(Number.isFinite(this.linkDelay) && this.linkDelay >= 0)) {
      throw new Error(`Simulator: linkDelayMs must be a finite number >= 0, got ${opts.linkDelayMs}`);
    }
    this.maxEvents = opts.maxEvents ?? DEFAULT_MAX_EVENTS;
    if (!(this.maxEvents >= 0)) throw new Error(`Simulator: maxEvents must be >= 0, got ${opts.maxEvents}`);
    const describe = opts.describe;
    this.log = new TraceStore((bytes, sent) => (sent === undefined ? describe(bytes) : `${describe(bytes)}; sent as ${describe(sent)}`), opts.traceSpill);
    this.alter = opts.alter;
    this.book = new RuleBook(opts.classify, this.rng);
  }

  /** Virtual time, ms; starts at 0. */
  get now(): number {
    return this.t;
  }

  /** Frames handed to a receiver so far (each copy of a bearer broadcast counts). */
  get deliveries(): number {
    return this.delivered;
  }

  /** Events (frame arrivals and ticks) processed so far. */
  get eventCount(): number {
    return this.events;
  }

  /** Adds a node with its bearers (all up), then collects what the endpoint already produced. */
  addNode(id: NodeId, ep: SimEndpoint, bearers: BearerIndex[]): void {
    if (this.slots[id] !== undefined) throw new Error(`Simulator: node ${id} added twice`);
    if (id === NO_NODE) throw new Error(`Simulator: node id ${NO_NODE} is reserved`);
    const other = this.byAddress.get(ep.address);
    if (other) throw new Error(`Simulator: node ${id} has address ${ep.address}, which node ${other.id} already has`);
    const up: (boolean | undefined)[] = [];
    for (const b of bearers) up[b] = true;
    const n: SimNode = { id, ep, bearers: up, timer: undefined, timerVersion: 0 };
    this.slots[id] = n;
    this.byAddress.set(ep.address, n);
    this.byId = [...this.byId, n].sort((x, y) => x.id - y.id);
    this.after(n);
  }

  node(id: NodeId): SimEndpoint {
    return this.get(id).ep;
  }

  private get(id: NodeId): SimNode {
    const n = this.slots[id];
    if (!n) throw new Error(`Simulator: no node ${id} in the simulation`);
    return n;
  }

  /** Takes a node's bearer down (it neither sends nor receives on it) or back up. */
  setBearerUp(id: NodeId, bearer: BearerIndex, up: boolean): void {
    const n = this.get(id);
    if (n.bearers[bearer] === undefined) throw new Error(`Simulator: node ${id} has no bearer ${bearer}`);
    n.bearers[bearer] = up;
  }

  bearerUp(id: NodeId, bearer: BearerIndex): boolean {
    return this.get(id).bearers[bearer] === true;
  }

  addRule(rule: FaultRule): void {
    this.book.add(rule);
  }
  /** Removes every rule with this name (frames it holds stay held until release()). */
  removeRule(name: string): void {
    this.book.remove(name);
  }
  clearRules(): void {
    this.book.clear();
  }
  rules(): readonly FaultRule[] {
    return this.book.rules();
  }

  /** The trace so far, as entries made now (a report's reading; see traceLength/traceEntry for one at a time). */
  trace(): readonly TraceEntry[] {
    return this.log.slice();
  }

  /** The trace so far, by index, each entry made when read (for reports of long runs). */
  entries(): EntryList {
    return this.log;
  }

  /** Entries in the trace so far. */
  get traceLength(): number {
    return this.log.length;
  }

  /** Is trace entry i a frame (not a note)? Without making the entry. */
  traceIsFrame(i: number): boolean {
    return this.log.isFrame(i);
  }

  /** Trace entry i (0-based), made now. */
  traceEntry(i: number): TraceEntry {
    return this.log.at(i);
  }

  /** Of traceBytes, those written out to the trace's spill. */
  get traceSpilled(): number {
    return this.log.arena.spilled;
  }

  /** Bytes the trace keeps in its arena: the frames, and the notes as UTF-8. */
  get traceBytes(): number {
    return this.log.arena.size;
  }

  /** After a control call made directly on an endpoint: collect its frames and notes, re-read its timer. */
  poke(id: NodeId): void {
    this.after(this.get(id));
  }

  /**
   * Delivers every frame a 'hold' rule parked, in the order they were sent, in this very instant
   * (no wire delay; after frames already due now, before timers due now). Returns how many.
   */
  release(ruleName: string): number {
    const mine = this.held.filter((h) => h.rule === ruleName);
    this.held = this.held.filter((h) => h.rule !== ruleName);
    for (const h of mine) this.schedule(h, this.t, `released(${h.label}; sent at ${(h.since / 1000).toFixed(3)} s)`);
    return mine.length;
  }

  /**
   * The copies sent and not yet in the trace, in the order they were sent (frame number): on the
   * wire or delayed (`held` undefined), or parked by the 'hold' rule named `held`.
   */
  pending(): readonly PendingFrame[] {
    const out: PendingFrame[] = [];
    for (const f of this.onTime.rows()) {
      out.push({ n: f.n, send: f.send, broadcast: f.broadcast, from: f.from, to: f.to, bearer: f.bearer, bytes: this.log.arena.view(f.where, f.len) });
    }
    for (const f of this.wire.items()) {
      out.push({ n: f.n, send: f.send, broadcast: f.broadcast, from: f.from, to: f.to, bearer: f.bearer, bytes: f.bytes, ...(f.sent ? { sent: f.sent } : {}) });
    }
    for (const h of this.held) out.push({ n: h.n, send: h.send, broadcast: h.broadcast, from: h.from, to: h.to, bearer: h.bearer, bytes: h.bytes, held: h.rule });
    return out.sort((a, b) => a.n - b.n);
  }

  /** Frames parked by 'hold' rules, not yet released. */
  heldCount(ruleName?: string): number {
    return ruleName === undefined ? this.held.length : this.held.filter((h) => h.rule === ruleName).length;
  }

  /** Time of the next event, or undefined if nothing is pending. */
  nextEventAt(): number | undefined {
    const frame = this.nextFrameAt();
    const timer = this.nextTimer()?.at;
    if (frame === undefined) return timer;
    if (timer === undefined) return frame;
    return Math.min(frame, timer);
  }

  /**
   * Processes the next event (moving `now` to its time). Returns false if nothing is pending.
   * Every endpoint must answer at once: one that returns a Promise needs the async runners.
   */
  step(): boolean {
    if (!this.begin()) return false;
    const node = this.began;
    if (this.answer !== undefined) throw new Error(`Simulator.step: node ${node?.id} answers asynchronously; use stepAsync, runForAsync or runUntilAsync`);
    if (node !== undefined) this.after(node);
    return true;
  }

  /** step(), awaiting an endpoint that answers later (a node in another process). */
  async stepAsync(): Promise<boolean> {
    if (!this.begin()) return false;
    const node = this.began;
    if (this.answer !== undefined) await this.answer;
    if (node !== undefined) this.after(node);
    return true;
  }

  /** Runs every event up to and including now + ms, then sets now to now + ms. */
  runFor(ms: number): void {
    const end = this.endOf(ms, 'runFor');
    while (this.dueBy(end)) this.step();
    this.t = end;
  }

  /** runFor(), awaiting endpoints that answer later; endpoints that answer at once cost no await. */
  async runForAsync(ms: number): Promise<void> {
    const end = this.endOf(ms, 'runForAsync');
    while (this.dueBy(end)) {
      if (!this.begin()) break;
      const node = this.began;
      if (this.answer !== undefined) await this.answer;
      if (node !== undefined) this.after(node);
    }
    this.t = end;
  }

  /**
   * Runs events until `pred` holds (checked first and after every event) or virtual time would
   * pass now + maxMs. True as soon as pred holds: `now` is then the time of the event that made
   * it so, and other events due at that time may still be pending. Otherwise `now` moves to
   * now + maxMs and the result is pred() there (false unless pred looks at the clock).
   */
  runUntil(pred: () => boolean, maxMs: number): boolean {
    if (!(maxMs >= 0)) throw new Error(`Simulator.runUntil: maxMs must be >= 0, got ${maxMs}`);
    if (pred()) return true;
    const end = this.t + maxMs;
    while (this.dueBy(end)) {
      this.step();
      if (pred()) return true;
    }
    if (Number.isFinite(end)) this.t = end;
    return pred();
  }

  /** runUntil(), awaiting endpoints and a condition that answer later; the same events in the same order. */
  async runUntilAsync(pred: () => boolean | Promise<boolean>, maxMs: number): Promise<boolean> {
    if (!(maxMs >= 0)) throw new Error(`Simulator.runUntilAsync: maxMs must be >= 0, got ${maxMs}`);
    let v = pred();
    if (typeof v === 'boolean' ? v : await v) return true;
    const end = this.t + maxMs;
    while (this.dueBy(end)) {
      if (!this.begin()) break;
      const node = this.began;
      if (this.answer !== undefined) await this.answer;
      if (node !== undefined) this.after(node);
      v = pred();
      if (typeof v === 'boolean' ? v : await v) return true;
    }
    if (Number.isFinite(end)) this.t = end;
    return pred();
  }

  private endOf(ms: number, what: string): number {
    if (!(Number.isFinite(ms) && ms >= 0)) throw new Error(`Simulator.${what}: ms must be a finite number >= 0, got ${ms}`);
    return this.t + ms;
  }

  private dueBy(end: number): boolean {
    const next = this.nextEventAt();
    return next !== undefined && next <= end;
  }

  /**
   * Starts the next event: moves `now` to its time and hands it to its endpoint. Sets `began` to
   * the node to collect from afterwards (none for a frame lost to a bearer down at arrival) and
   * `answer` to what the endpoint's call returned if it answers later; false if nothing is pending.
   * (Fields, not a result object: this runs once per event.)
   */
  private begin(): boolean {
    const frameAt = this.nextFrameAt();
    const timer = this.nextTimer();
    if (frameAt === undefined && timer === undefined) return false;
    this.countEvent();
    if (frameAt !== undefined && (timer === undefined || frameAt <= timer.at)) {
      this.t = frameAt;
      if (this.fifoFirst()) return this.arriveOnTime();
      const frame = this.wire.pop() as InFlight;
      const n = this.get(frame.to);
      const up = n.bearers[frame.bearer] === true;
      this.entry(up ? frame.fate : 'bearer-down', frame);
      return this.arrive(up ? n : undefined, frame.bearer, frame.bytes);
    }
    if (timer === undefined) return false;
    this.t = timer.at;
    this.began = timer.node;
    this.answer = timer.node.ep.tick(this.t) ?? undefined;
    return true;
  }

  /** begin() for the frame at the head of `onTime`: fate 'deliver', unless the receiver's bearer is down now. */
  private arriveOnTime(): boolean {
    const q = this.onTime;
    const to = q.headTo();
    const bearer = q.headBearer();
    const where = q.headWhere();
    const len = q.headLen();
    const n = this.get(to);
    const up = n.bearers[bearer] === true;
    this.log.frame(this.t, q.headN(), q.headSend(), q.headBroadcast(), q.headFrom(), to, bearer, up ? 'deliver' : 'bearer-down', where, len);
    q.drop();
    return this.arrive(up ? n : undefined, bearer, up ? this.log.arena.view(where, len) : undefined);
  }

  /** A frame's arrival, once its fate is in the trace: handed to `n`, or to nobody (its bearer was down). */
  private arrive(n: SimNode | undefined, bearer: BearerIndex, bytes: Uint8Array | undefined): boolean {
    this.began = n;
    this.answer = undefined;
    if (n === undefined || bytes === undefined) return true;
    this.delivered++;
    this.answer = n.ep.receive(this.t, bearer, bytes) ?? undefined;
    return true;
  }

  // ---------------------------------------------------------------------------------------------

  /**
   * The next timer: the earliest due time, but a timer already overdue counts as due now, and
   * timers due at the same time fire in ascending node id.
   */
  private nextTimer(): { readonly at: number; readonly node: SimNode } | undefined {
    let top = this.timers.peek();
    while (top !== undefined && !currentTimer(top)) {
      this.timers.pop();
      top = this.timers.peek();
    }
    if (top === undefined) return undefined;
    // Due now or later: the queue's order (time, then node id) is the firing order.
    if (top.at >= this.t) return top;
    // A timer overdue: everything due by now ties at now, and the lowest node id goes first.
    const due: TimerEntry[] = [];
    for (let e = this.timers.peek(); e !== undefined && e.at <= this.t; e = this.timers.peek()) {
      this.timers.pop();
      if (currentTimer(e)) due.push(e);
    }
    for (const e of due) this.timers.push(e);
    const first = due.reduce((a, b) => (b.node.id < a.node.id ? b : a));
    return { at: this.t, node: first.node };
  }

  /** When the next frame is due: the earlier of the heads of `onTime` and `wire`. */
  private nextFrameAt(): number | undefined {
    const a = this.onTime.headAt();
    const b = this.wire.peek()?.at;
    if (a === undefined) return b;
    if (b === undefined) return a;
    return Math.min(a, b);
  }

  /** The next frame is the head of `onTime` (not the heap's): the earlier by (at, seq). */
  private fifoFirst(): boolean {
    const a = this.onTime.headAt();
    if (a === undefined) return false;
    const b = this.wire.peek();
    return b === undefined || a < b.at || (a === b.at && this.onTime.headSeq() < b.seq);
  }

  private countEvent(): void {
    if (this.events >= this.maxEvents) {
      throw new Error(
        `Simulator: maxEvents limit of ${this.maxEvents} events reached at t=${this.t} ms (a runaway loop of frames or timers?)`,
      );
    }
    this.events++;
  }

  /** Collects an endpoint's notes and frames, then re-reads its timer. */
  private after(n: SimNode): void {
    // indexed loops: this runs after every event, and a for-of here made an iterator each time
    const notes = n.ep.pollNotes();
    for (let i = 0; i < notes.length; i++) this.log.note(this.t, n.id, notes[i] as string);
    const frames = n.ep.pollTransmit();
    for (let i = 0; i < frames.length; i++) this.send(n, frames[i] as OutFrame);
    const due = n.ep.pollTimeout();
    if (due !== undefined && Number.isNaN(due)) throw new Error(`Simulator: node ${n.id}'s pollTimeout() returned NaN`);
    if (due !== n.timer) {
      n.timer = due;
      n.timerVersion++;
      if (due !== undefined) this.timers.push({ at: due, seq: n.id, node: n, version: n.timerVersion });
    }
  }

  private schedule(f: FrameRef, at: number, fate: string): void {
    this.wire.push(new InFlight(at, this.seq++, fate, f.n, f.send, f.broadcast, f.from, f.to, f.bearer, f.bytes, f.where, f.sent));
  }

  private entry(fate: string, f: FrameRef): void {
    this.log.frame(this.t, f.n, f.send, f.broadcast, f.from, f.to, f.bearer, fate, f.where, f.bytes.length, f.sent);
  }

  private send(src: SimNode, f: OutFrame): void {
    const send = ++this.sendNo;
    // the trace's one copy of the bytes, which every copy of a bearer broadcast shares
    const len = f.bytes.length;
    // the frames on the wire keep their bytes in memory: the oldest of them is the FIFO's head
    this.log.arena.pinFrom(this.onTime.size > 0 ? this.onTime.headWhere() : undefined);
    const where = this.log.arena.keep(f.bytes);
    if (f.dest === BROADCAST_DEST) {
      // A bearer broadcast: one copy to every other node on that bearer, each its own frame
      // (own number, own fate), in node id order.
      for (const d of this.byId) if (d !== src && d.bearers[f.bearer] !== undefined) this.sendTo(src, f.bearer, true, d, send, where, len);
      return;
    }
    this.sendTo(src, f.bearer, false, this.byAddress.get(f.dest), send, where, len);
  }

  private sendTo(src: SimNode, bearer: BearerIndex, broadcast: boolean, dst: SimNode | undefined, send: number, where: number, len: number): void {
    const at = this.t + this.linkDelay;
    const n = ++this.frameNo;
    const to = dst?.id ?? NO_NODE;
    // a frame that goes nowhere has its fate now
    const mine = src.bearers[bearer];
    const fate = mine === undefined ? 'no-route' : mine !== true ? 'bearer-down' : dst === undefined || dst.bearers[bearer] === undefined ? 'no-route' : undefined;
    if (fate !== undefined) return this.log.frame(this.t, n, send, broadcast, src.id, to, bearer, fate, where, len);
    // no rule: on the wire as numbers, no object per frame
    if (this.book.size === 0) return this.onTime.push(at, this.seq++, n, send, broadcast, src.id, to, bearer, where, len);
    const frame = new InFlight(at, 0, 'deliver', n, send, broadcast, src.id, to, bearer, this.log.arena.view(where, len), where, undefined);
    const decision = this.book.decide(frame);
    if (decision === undefined) return this.onTime.push(at, this.seq++, n, send, broadcast, src.id, to, bearer, where, len);
    const { rule, copy } = decision;
    const a = rule.action;
    // the fate names the rule, and a retransmission of a message it picked as such
    const name = copy > 1 ? `${rule.name}; retransmission ${copy - 1}` : rule.name;
    switch (a.kind) {
      case 'pass':
        return this.schedule(frame, at, 'deliver');
      case 'drop':
        return this.entry(`drop(${name})`, frame);
      case 'delay':
        return this.schedule(frame, at + a.ms, `delay(${name})`);
      case 'reorder':
        return this.schedule(frame, at + a.ms, `reorder(${name})`);
      case 'duplicate':
        this.schedule(frame, at, `dup(${name})`);
        return this.schedule(frame, at + 1, `dup(${name})`);
      case 'hold':
        this.held.push({ ...frame, rule: rule.name, label: name, since: this.t });
        return;
      case 'malform': {
        if (!this.alter) throw new Error(`Simulator: rule '${rule.name}' malforms frames, but the simulator was given no alter function`);
        // the altered bytes are the ones the trace keeps and the receiver gets; the sent ones ride along
        const altered = this.alter(frame.bytes, a.alteration);
        const where = this.log.arena.keep(altered);
        return this.schedule({ ...frame, bytes: this.log.arena.view(where, altered.length), where, sent: frame.bytes }, at, `malformed(${name})`);
      }
      default: {
        const never: never = a;
        throw new Error(`Simulator: unknown fault action ${JSON.stringify(never)}`);
      }
    }
  }

}

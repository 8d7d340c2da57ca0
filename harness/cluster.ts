/**
 * The one harness cluster: the nodes of a scenario, whatever implements them, on one simulated
 * wire that the harness owns (fault rules, the trace, the pcap), with the clock injected
 * (harness/clock.ts). Each node is a NodeStack behind the contract; the cluster maps the
 * features' node numbers and bearer letters to addresses and bearer indexes and back.
 */
import {
  BEARERS,
  type BearerName,
  type Binding,
  type ClockKind,
  type ClusterAdapter,
  type ClusterRecord,
  type ClusterSpec,
  type Condition,
  type Delivery,
  type Latency,
  type LinkEndpointState,
  type Maybe,
  type NameApplication,
  NO_LATENCY,
  type NodeId,
  type NodeSetup,
  type NodeStack,
  type PeerNodeState,
  type RecordPosition,
  type ServiceRange,
  type StaleDrop,
  type StateChange,
  type StepStart,
  type TunnelDrop,
  type WireFrame,
  bearerIndex,
  bearerName,
  churnPort,
  ifName,
  macHex,
  nodeAddress,
  nodeIdOf,
} from '../contract';
import { tuneEngineForSimulation } from './engine';
import type { FaultRule, MsgLayout } from '../contract';
import { Simulator } from '../sim/simulator';
import { sequenceChart } from '../sim/sequence-chart';
import { formatTrace, traceChunks } from '../sim/trace';
import { type Clock, type Network, VirtualClock, WallClock } from './clock';
import { NodeEndpoint } from './endpoint';
import { ChangeMarks } from './change-marks';
import { type PcapFrame, pcapChunks, pcapOf } from './pcap';
import { WireCodec, alterFrame } from './wire-codec';
import { msgLayout } from './msg-layout';
import { FrameDecodings } from './trace-frame';
import { WireFrames } from './wire-frames';
import { FileSpill, TRACE_BYTES_IN_MEMORY } from './trace-spill';

/** Makes the node of one number: the kind (reference, process, kernel) is the factory's choice. */
export type NodeMaker = (setup: NodeSetup, role: 'iut' | 'tester') => NodeStack;

export interface HarnessClusterOptions {
  readonly spec: ClusterSpec;
  /** What is under test, e.g. "reference:fixed". */
  readonly description: string;
  readonly makeNode: NodeMaker;
  /**
   * What implements a node, for the heads of the chart's lifelines: e.g. "reference:fixed" for the
   * IUT, "reference:fixed" or "kernel (Linux 6.1.0-57-amd64)" for a tester. Without it, the IUT's
   * is `description` and a tester's "reference".
   */
  readonly nodeDescription?: (id: NodeId, role: 'iut' | 'tester') => string;
  /** Bytes of the trace kept in memory before the oldest go to a file (TRACE_BYTES_IN_MEMORY). */
  readonly traceBytesInMemory?: number;
  /** Frames whose decoded fields the wire's frames keep, twice over (DECODINGS_KEPT). */
  readonly decodingsKept?: number;
  /** The simulator's guard against a runaway loop of frames or timers (DEFAULT_MAX_EVENTS). */
  readonly maxEvents?: number;
}

/**
 * The simulator as a cluster makes it: its trace written out to `spill` past the bytes to keep in
 * memory (TRACE_BYTES_IN_MEMORY unless told), frames described and classified by `codec`, malformed
 * by alterFrame. The bench's simulator row makes its own with this, to measure what a cluster runs.
 */
export function harnessSimulator(
  seed: number,
  spill: FileSpill,
  codec: WireCodec,
  opts: Pick<HarnessClusterOptions, 'traceBytesInMemory' | 'maxEvents'> = {},
): Simulator {
  return new Simulator({
    seed,
    traceSpill: { to: spill, keepBytes: opts.traceBytesInMemory ?? TRACE_BYTES_IN_MEMORY },
    describe: (bytes) => codec.describe(bytes),
    classify: (bytes) => codec.classify(bytes),
    alter: alterFrame,
    ...(opts.maxEvents !== undefined ? { maxEvents: opts.maxEvents } : {}),
  });
}

export class HarnessCluster implements ClusterAdapter, ClusterRecord, Network {
  readonly iutDescription: string;
  readonly latency: Latency;
  readonly sim: Simulator;
  private readonly clock: Clock;
  private readonly eps = new Map<NodeId, NodeEndpoint>();
  private readonly codec = new WireCodec();
  /** Where the trace's bytes go past TRACE_BYTES_IN_MEMORY; closed when the cluster stops (after the report). */
  readonly spill = new FileSpill();
  private readonly wire: WireFrames;
  /** The decoded fields of the wire's frames read lately (a bounded number). */
  readonly decodings: FrameDecodings;
  private readonly startDown: ReadonlyMap<NodeId, readonly BearerName[]>;
  private readonly setups = new Map<NodeId, NodeSetup>();
  private readonly makeNode: NodeMaker;
  private readonly iut: ReadonlySet<NodeId>;
  private readonly nodeDescription: (id: NodeId, role: 'iut' | 'tester') => string;
  private open = true;

  constructor(opts: HarnessClusterOptions) {
    tuneEngineForSimulation();
    const { spec } = opts;
    this.iutDescription = opts.description;
    this.makeNode = opts.makeNode;
    this.nodeDescription = opts.nodeDescription ?? ((_id, role) => (role === 'iut' ? opts.description : 'reference'));
    this.iut = new Set(spec.iut);
    this.startDown = spec.startDown ?? new Map();
    const bearers = (spec.bearers ?? BEARERS).map(bearerIndex);
    if (bearers.length === 0 || bearers.some((b, i) => b !== i)) {
      throw new Error(`a cluster's bearers are A, or A and B; got ${(spec.bearers ?? []).join(', ') || 'none'}`);
    }
    this.sim = harnessSimulator(spec.seed, this.spill, this.codec, opts);
    this.decodings = new FrameDecodings(this.sim, this.codec, opts.decodingsKept);
    this.wire = new WireFrames(this.sim, this.decodings);
    const made: NodeStack[] = [];
    try {
      for (const id of spec.nodes) {
        const netId = spec.netIds?.get(id);
        const setup: NodeSetup = {
          id,
          address: nodeAddress(id),
          seed: this.sim.rng.fork(`node-${id}`).int(1, 0x7fffffff),
          bearers: bearers.map((b) => ({ id: b, if_name: ifName(b), mac: macHex(id, b), ...(spec.bearerSettings?.get(id)?.get(bearerName(b)) ?? {}) })),
          startDown: (this.startDown.get(id) ?? []).map(bearerIndex),
          ...(netId !== undefined ? { netId } : {}),
          incarnation: 1,
        };
        this.setups.set(id, setup);
        const stack = opts.makeNode(setup, spec.iut.includes(id) ? 'iut' : 'tester');
        made.push(stack);
        const ep = new NodeEndpoint(id, stack);
        this.eps.set(id, ep);
        this.sim.addNode(id, ep, bearers);
      }
    } catch (e) {
      // The nodes made so far must not outlive a cluster that never started.
      for (const s of made) void s.close();
      throw e;
    }
    const clocks = new Set<ClockKind>(made.map((s) => s.clock));
    this.clock = clocks.has('wall') ? new WallClock(this) : new VirtualClock(this);
    this.latency = made.reduce<Latency>(
      (l, s) => ({
        reactionMs: Math.max(l.reactionMs, s.latency.reactionMs),
        observationMs: Math.max(l.observationMs, s.latency.observationMs),
        timerLate: Math.max(l.timerLate, s.latency.timerLate),
      }),
      NO_LATENCY,
    );
    for (const ep of this.eps.values()) ep.stack.onActivity = () => this.clock.activity(ep.id);
  }

  // -- Network (what the clock drives)

  endpoint(id: NodeId): NodeEndpoint {
    const ep = this.eps.get(id);
    if (!ep) throw new Error(`node ${id} is not part of this cluster (nodes: ${[...this.eps.keys()].join(', ')})`);
    return ep;
  }

  endpoints(): Iterable<NodeEndpoint> {
    return this.eps.values();
  }

  async refreshAll(fresh: boolean): Promise<void> {
    await Promise.all([...this.eps.values()].map((ep) => ep.stack.refresh(fresh)));
  }

  throwIfFaulty(): void {
    for (const ep of this.eps.values()) {
      const f = ep.stack.fault();
      if (f) throw f;
    }
  }

  // -- bring-up

  now(): number {
    return this.clock.now();
  }

  /** Enable every node's bearers (but those that start down); the nodes find each other by discovery. */
  async start(): Promise<void> {
    // Nodes that must be brought up first (VMs boot) do so together; the clock starts after.
    await Promise.all([...this.eps.values()].map((ep) => ep.stack.prepare()));
    this.clock.prepared();
    for (const [id, ep] of this.eps) {
      const down = (this.startDown.get(id) ?? []).map(bearerIndex);
      for (const b of down) this.sim.setBearerUp(id, b, false);
      if (down.length === 0) await this.control(id, (s, now) => s.start(now));
      else {
        for (let b = 0; b < ep.stack.bearerCount; b++) if (!down.includes(b)) await this.control(id, (s, now) => s.bearerUp(now, b));
      }
    }
  }

  async stop(): Promise<void> {
    // Nothing outlives a scenario: every node is closed (a process killed if it does not stop).
    this.clock.stop();
    if (!this.open) return;
    this.open = false;
    this.spill.close();
    await Promise.all([...this.eps.values()].map((ep) => ep.stack.close()));
  }

  attachments(): readonly { readonly name: string; readonly path: string }[] {
    return [...this.eps.values()].flatMap((ep) => ep.stack.attachments());
  }

  observeNow(): Promise<void> {
    return this.clock.observeNow();
  }

  // -- time

  advance(ms: number): Promise<void> {
    return this.clock.advance(ms);
  }

  waitUntil(pred: Condition, maxMs: number, opts: { readonly settle?: boolean } = {}): Promise<boolean> {
    return this.clock.waitUntil(pred, maxMs, opts.settle !== false);
  }

  // -- the wire

  addRule(rule: FaultRule): void {
    this.sim.addRule(rule);
  }
  removeRule(name: string): void {
    this.sim.removeRule(name);
  }
  releaseHeld(ruleName: string): number {
    return this.sim.release(ruleName);
  }
  clearRules(): void {
    this.sim.clearRules();
  }

  // -- controls

  /** A control call on a node, then the simulator picks up what it produced. */
  private async control<T>(id: NodeId, f: (s: NodeStack, now: number) => Maybe<T>): Promise<T> {
    const ep = this.endpoint(id);
    this.throwIfFaulty();
    await this.clock.sync();
    const r = await f(ep.stack, this.sim.now);
    await this.clock.sync();
    ep.collect(this.sim.now);
    this.sim.poke(id);
    return r;
  }

  async setBearerUp(node: NodeId, bearer: BearerName, up: boolean): Promise<void> {
    const b = bearerIndex(bearer);
    if (up) {
      this.sim.setBearerUp(node, b, true);
      await this.control(node, (s, now) => s.bearerUp(now, b));
    } else {
      await this.control(node, (s, now) => s.bearerDown(now, b));
      this.sim.setBearerUp(node, b, false);
    }
  }

  publish(node: NodeId, b: Omit<Binding, 'node'>): Promise<boolean> {
    return this.control(node, (s, now) => s.publish(now, b));
  }

  withdraw(node: NodeId, b: Omit<Binding, 'node' | 'scope' | 'port'>): Promise<boolean> {
    return this.control(node, (s, now) => s.withdraw(now, b.type, b.lower, b.upper, b.key));
  }

  async churn(node: NodeId, range: ServiceRange, times: number): Promise<boolean> {
    const { type, lower, upper } = range;
    const stack = this.endpoint(node).stack;
    if (stack.churn) return this.control(node, (s, now) => s.churn?.(now, type, lower, upper, times) ?? false);
    // one control call per bind and per unbind, all in the same instant
    const port = churnPort(type);
    for (let i = 0; i < times; i++) {
      if (!(await this.control(node, (s, now) => s.publish(now, { type, lower, upper, scope: 'cluster', port, key: port })))) return false;
      if (!(await this.control(node, (s, now) => s.withdraw(now, type, lower, upper, port)))) return false;
    }
    return true;
  }

  /**
   * A reboot: the node's implementation is closed, and its next incarnation (a new seed, so a new
   * signature; the same address, bearers and role) is made, prepared and started in its place on
   * the wire. Its peers find out as they would from a real reboot: by discovery and link resets.
   */
  async restartNode(node: NodeId): Promise<void> {
    const ep = this.endpoint(node);
    const old = this.setups.get(node);
    if (!old) throw new Error(`node ${node} has no setup`);
    this.throwIfFaulty();
    await this.clock.sync();
    ep.collect(this.sim.now);
    await ep.stack.close();
    const incarnation = (old.incarnation ?? 1) + 1;
    const setup: NodeSetup = { ...old, seed: this.sim.rng.fork(`node-${node}-incarnation-${incarnation}`).int(1, 0x7fffffff), startDown: [], incarnation };
    this.setups.set(node, setup);
    const next = this.makeNode(setup, this.iut.has(node) ? 'iut' : 'tester');
    if (next.clock !== this.endpoint(node).stack.clock) {
      await next.close();
      throw new Error(`node ${node} restarted on a ${next.clock} clock, not the cluster's`);
    }
    ep.replace(next);
    next.onActivity = () => this.clock.activity(node);
    await next.prepare();
    for (let b = 0; b < next.bearerCount; b++) this.sim.setBearerUp(node, b, true);
    await this.control(node, (s, now) => s.start(now));
  }

  sendData(node: NodeId, to: NodeId, port: number, payload: Uint8Array): Promise<boolean> {
    return this.control(node, (s, now) => s.sendData(now, nodeAddress(to), port, payload));
  }

  async bundleNext(node: NodeId, to: NodeId | 'broadcast', count: number): Promise<boolean> {
    if (!this.endpoint(node).stack.bundleNext) return false;
    const dest = to === 'broadcast' ? 0 : nodeAddress(to);
    return this.control(node, (s, now) => s.bundleNext?.(now, dest, count) ?? false);
  }

  async dataPort(node: NodeId): Promise<number> {
    return this.endpoint(node).stack.dataPort();
  }

  setLinkTolerance(node: NodeId, peer: NodeId, bearer: BearerName, ms: number): Promise<boolean> {
    return this.control(node, (s, now) => s.setLinkTolerance(now, nodeAddress(peer), bearerIndex(bearer), ms));
  }

  setLinkPriority(node: NodeId, peer: NodeId, bearer: BearerName, prio: number): Promise<boolean> {
    return this.control(node, (s, now) => s.setLinkPriority(now, nodeAddress(peer), bearerIndex(bearer), prio));
  }

  // -- observations

  async linkState(node: NodeId, peer: NodeId, bearer: BearerName): Promise<LinkEndpointState> {
    return (await this.endpoint(node).stack.linkState(nodeAddress(peer), bearerIndex(bearer))) ?? 'ABSENT';
  }

  async nodeState(node: NodeId, peer: NodeId): Promise<PeerNodeState> {
    return (await this.endpoint(node).stack.nodeState(nodeAddress(peer))) ?? 'ABSENT';
  }

  async nameTable(node: NodeId): Promise<readonly Binding[]> {
    return (await this.endpoint(node).stack.nameTable()).map((p) => ({ ...p, node: nodeIdOf(p.node) }));
  }

  async dropPoint(node: NodeId, peer: NodeId, bearer: BearerName): Promise<number | undefined> {
    return this.endpoint(node).stack.dropPoint(nodeAddress(peer), bearerIndex(bearer));
  }

  async linkTolerance(node: NodeId, peer: NodeId, bearer: BearerName): Promise<number | undefined> {
    return this.endpoint(node).stack.linkTolerance(nodeAddress(peer), bearerIndex(bearer));
  }

  async linkName(node: NodeId, peer: NodeId, bearer: BearerName): Promise<string | undefined> {
    return this.endpoint(node).stack.linkName(nodeAddress(peer), bearerIndex(bearer));
  }

  deliveries(node: NodeId): readonly Delivery[] {
    const out: Delivery[] = [];
    this.endpoint(node).events.forEachOther((at, e) => {
      if (e.kind === 'data') out.push({ at, from: nodeIdOf(e.from), port: e.port, payload: e.payload });
    });
    return out;
  }

  stateChanges(): readonly StateChange[] {
    const out: StateChange[] = [];
    for (const [id, ep] of this.eps) {
      const log = ep.events;
      for (let i = 0; i < log.changes; i++) {
        const at = log.changeAt(i);
        const e = log.change(i);
        if (e.kind === 'link-fsm') {
          out.push({ at, node: id, what: 'link', peer: nodeIdOf(e.peer), bearer: bearerName(e.bearer), from: e.from, event: e.evt, to: e.to });
        } else {
          out.push({ at, node: id, what: 'node', peer: nodeIdOf(e.peer), from: e.from, event: e.evt, to: e.to });
        }
      }
    }
    return out.sort((a, b) => a.at - b.at);
  }

  tunnelDrops(): readonly TunnelDrop[] {
    const out: TunnelDrop[] = [];
    for (const [id, ep] of this.eps) {
      ep.events.forEachOther((at, e) => {
        if (e.kind === 'tunnel-drop') out.push({ at, node: id, peer: nodeIdOf(e.peer), seqno: e.seqno, drop_point: e.drop_point, user: e.user });
      });
    }
    return out;
  }

  nameApplications(): readonly NameApplication[] {
    const out: NameApplication[] = [];
    for (const [id, ep] of this.eps) {
      ep.events.forEachOther((at, e) => {
        if (e.kind === 'name-applied') {
          out.push({ at, node: id, peer: nodeIdOf(e.peer), op: e.op, range: { type: e.type, lower: e.lower, upper: e.upper }, accepted: e.accepted });
        }
      });
    }
    return out.sort((a, b) => a.at - b.at);
  }

  staleDrops(): readonly StaleDrop[] {
    const out: StaleDrop[] = [];
    for (const [id, ep] of this.eps) {
      ep.events.forEachOther((at, e) => {
        if (e.kind === 'name-stale') out.push({ at, node: id, peer: nodeIdOf(e.peer), named_seqno: e.named_seqno, rcv_nxt: e.rcv_nxt });
      });
    }
    return out.sort((a, b) => a.at - b.at);
  }

  framesOnTheWay(): readonly WireFrame[] {
    const now = this.now();
    return this.sim.pending().map((f) => ({
      at: now,
      n: f.n,
      send: f.send,
      broadcast: f.broadcast,
      from: f.from,
      to: f.to,
      bearer: BEARERS[f.bearer] ?? 'A',
      fate: f.held === undefined ? 'on-the-wire' : `held(${f.held})`,
      ...this.codec.fields(f.sent ?? f.bytes),
      ...layoutOf(f.sent ?? f.bytes),
    }));
  }

  wireFrames(): readonly WireFrame[] {
    return this.wire.all();
  }

  wireFrameCount(): number {
    return this.wire.length();
  }

  wireFramesFrom(position: number): readonly WireFrame[] {
    return this.wire.from(position);
  }

  // -- the record, for the report

  pcap(): Uint8Array {
    return pcapOf(this.pcapFrames());
  }

  pcapChunks(): Iterable<Uint8Array> {
    return pcapChunks(this.pcapFrames());
  }

  /** The frames that reached a node's address, as the pcap shows them, read off the trace one at a time. */
  private *pcapFrames(): Generator<PcapFrame> {
    const trace = this.sim.entries();
    for (let i = 0; i < trace.length; i++) {
      // a note is not made (its text read back and decoded) only to be skipped
      if (!this.sim.traceIsFrame(i)) continue;
      const e = trace.at(i);
      if (e?.kind === 'frame' && e.to >= 0) yield { at: e.t, from: e.from, to: e.to, bearer: e.bearer, broadcast: e.broadcast, bytes: e.bytes };
    }
  }

  position(): RecordPosition {
    // per node, as many as stateChanges() lists of it: its link and node FSM transitions
    const changes = new Map<NodeId, number>();
    for (const [id, ep] of this.eps) changes.set(id, ep.events.changes);
    return { at: this.now(), entries: this.sim.traceLength, changes };
  }

  sequenceChart(opts: { readonly title: string; readonly failedAt?: number; readonly steps?: readonly StepStart[]; readonly maxRows?: number }): string {
    const steps = opts.steps ?? [];
    const marks = new ChangeMarks(
      [...this.eps].map(([id, ep]) => ({ id, log: ep.events })),
      steps.map((s) => s.position.changes),
    );
    return sequenceChart(this.sim.entries(), [...this.eps.keys()], {
      title: opts.title,
      ...(opts.failedAt !== undefined ? { failedAt: opts.failedAt } : {}),
      ...(opts.maxRows !== undefined ? { maxRows: opts.maxRows } : {}),
      label: (bytes) => this.codec.chartLabel(bytes),
      routine: (bytes) => this.codec.chartRoutine(bytes),
      repeat: (bytes) => this.codec.chartRepeat(bytes),
      lifeline: (id) => {
        const role = this.iut.has(id) ? 'iut' : 'tester';
        return `node ${id} · ${role === 'iut' ? 'IUT' : 'tester'} · ${this.nodeDescription(id, role)}`;
      },
      marks,
      steps: steps.map((s, i) => ({ t: s.position.at, text: s.text, entry: s.position.entries, mark: marks.upToEpoch(i) })),
    });
  }

  traceText(): string {
    return formatTrace(this.sim.entries(), TRACE_FORMAT);
  }

  traceChunks(): Iterable<string> {
    return traceChunks(this.sim.entries(), TRACE_FORMAT);
  }
}

const TRACE_FORMAT = { nodeName: (id: NodeId) => String(id), bearerName: (b: number) => BEARERS[b] ?? String(b) };

/** The oracle's reading of a frame as its sender sent it (harness/msg-layout.ts), as a WireFrame part. */
function layoutOf(bytes: Uint8Array): { layout?: MsgLayout } {
  const layout = msgLayout(bytes);
  return layout ? { layout } : {};
}

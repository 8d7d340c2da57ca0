/**
 * The in-process adapter: every node is the bundled reference stack, driven by the deterministic
 * simulator in virtual time. IUT nodes run the chosen profile; testers run `fixed`.
 */
import type {
  BearerName,
  Binding,
  ClusterAdapter,
  ClusterSpec,
  Delivery,
  LinkEndpointState,
  NamedFields,
  NodeId,
  PeerNodeState,
  StateChange,
  TunnelDrop,
  WireFrame,
} from '../adapter';
import { BEARERS, bearerIndex } from '../adapter';
import type { StackEvent } from '../../reference/events';
import { type TipcMsg, User, msgData, msgIsBulk, msgIsLastBulk, msgNamedSeqno, msgNotLegacy, msgType, msgUser } from '../../reference/msg';
import { decode } from '../../reference/msg-codec';
import { ITEM_SIZE } from '../../reference/msg-bodies';
import { describe } from '../../reference/msg-describe';
import { MEDIA_BROADCAST, TipcNode } from '../../reference/net';
import { type PcapFrame, pcapOf } from '../pcap';
import type { ClosableStack, Maybe, StackLike } from '../stack';
import { PROFILES, type ProfileName, isProfileName } from '../../reference/profiles';
import { Simulator } from '../../sim/simulator';
import { sequenceChart } from '../../sim/sequence-chart';
import { formatTrace } from '../../sim/trace';
import { BROADCAST_DEST, type BearerIndex, type FaultRule, type OutFrame, type SimEndpoint } from '../../sim/types';

/** The profile a tester node runs: `fixed` unless the scenario says otherwise. */
function testerProfile(spec: ClusterSpec, id: NodeId): ProfileName {
  const p = spec.testerProfiles?.get(id) ?? 'fixed';
  if (!isProfileName(p)) throw new Error(`node ${id}: unknown reference profile "${p}"`);
  return p;
}

function namedFields(m: TipcMsg): { named?: NamedFields } {
  if (msgUser(m) !== User.NAME_DISTRIBUTOR) return {};
  return {
    named: {
      is_bulk: msgIsBulk(m),
      is_last_bulk: msgIsLastBulk(m),
      not_legacy: msgNotLegacy(m),
      named_seqno: msgNamedSeqno(m),
      items: Math.floor(msgData(m).length / ITEM_SIZE),
    },
  };
}

/** TIPC address of "node k": 1.1.k */
export function nodeAddress(id: NodeId): number {
  return ((1 << 24) | (1 << 12) | id) >>> 0;
}

function nodeIdOf(addr: number): NodeId {
  return addr & 0xfff;
}

const IF_NAMES = ['eth0', 'eth1'];

/** The port user messages go to on a node that takes them on any port (the reference). */
const DEFAULT_DATA_PORT = 4242;

/** How often a waiting real-time cluster re-reads what it cannot be told (a VM's name table). */
const REFRESH_EVERY_MS = 150;

/** A VM's reaction to a frame, seen through the relay both ways, on a busy 2-core machine. */
const REAL_TIME_REACTION_SLACK_MS = 50;

/**
 * What it can take, in a cluster with a VM, from a state of the VM to the harness acting on it:
 * the next refresh (REFRESH_EVERY_MS), the console round trip that reads it, and the console
 * commands of the steps that follow (a bind, an unbind: tens of ms each, more on a busy machine).
 * Measured: 490 ms from a kernel tester's bulk to its unbind two steps later (NB-1).
 */
const REAL_TIME_OBSERVATION_LAG_MS = 600;

/** A node built outside the reference: what it needs to know to start. */
export interface ExternalNode {
  readonly id: NodeId;
  readonly address: number;
  readonly seed: number;
  readonly bearers: readonly { readonly id: number; readonly if_name: string; readonly mac: string; readonly tolerance?: number; readonly priority?: number }[];
  /** Bearers whose interface starts down. */
  readonly startDown: readonly number[];
  /** The address of the node that has this MAC (12 hex digits) on some bearer, if any. */
  readonly addressOfMac: (mac: string) => number | undefined;
}

/** Makes the nodes of one kind (under test, or testers) when they are not the in-process reference. */
export interface NodeFactory {
  readonly description: string;
  readonly make: (n: ExternalNode) => ClosableStack;
}

/** Let other callbacks (sockets, child processes) run. */
function pause(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** The MAC address of node k on a bearer, as the reference gives its own nodes: 52:54:00:0a+bearer:kk:kk. */
function defaultMacHex(id: NodeId, bearer: number): string {
  return Buffer.from([0x52, 0x54, 0x00, 0x0a + bearer, (id >> 8) & 0xff, id & 0xff]).toString('hex');
}

function linkBearer(name: string, own: number): BearerName | undefined {
  // "1001001:eth0-1001002:eth0": the local interface names the bearer
  const local = name.split('-')[0] ?? '';
  const prefix = `${own.toString(16)}:`;
  if (!local.startsWith(prefix)) return undefined;
  const idx = IF_NAMES.indexOf(local.slice(prefix.length));
  return idx < 0 ? undefined : BEARERS[idx];
}

function linkPeer(name: string): NodeId {
  const remote = name.split('-')[1] ?? '';
  return nodeIdOf(parseInt(remote.split(':')[0] ?? '0', 16));
}

/** A reference node as the simulator sees it, recording its events with their times. */
class RefEndpoint implements SimEndpoint {
  readonly address: number;
  readonly events: { at: number; e: StackEvent }[] = [];

  constructor(readonly stack: StackLike) {
    this.address = stack.address;
  }
  receive(now: number, bearer: BearerIndex, bytes: Uint8Array): void {
    this.stack.receive(now, bearer, bytes);
    this.collect(now);
  }
  tick(now: number): void {
    this.stack.tick(now);
    this.collect(now);
  }
  pollTimeout(): number | undefined {
    return this.stack.pollTimeout();
  }
  pollTransmit(): OutFrame[] {
    return this.stack.pollTransmit().map((f) => (f.dest === MEDIA_BROADCAST ? { ...f, dest: BROADCAST_DEST } : f));
  }
  pollNotes(): string[] {
    return this.stack.pollNotes();
  }
  collect(now: number): void {
    for (const e of this.stack.pollEvents()) this.events.push({ at: now, e });
  }
}

export class ReferenceCluster implements ClusterAdapter {
  readonly iutDescription: string;
  private readonly sim: Simulator;
  private readonly eps = new Map<NodeId, RefEndpoint>();
  private readonly wire: WireFrame[] = [];
  private wireSeen = 0;
  private readonly startDown: ReadonlyMap<NodeId, readonly BearerName[]>;
  private readonly closables: ClosableStack[] = [];
  private readonly closed: ClosableStack[] = [];
  /** A node runs on a wall clock (a kernel): virtual time follows real time. */
  private realTime = false;
  private clockStart: number | undefined;
  private catchingUp = false;
  /** Real time: the VMs have booted and the cluster started (their frames now count). */
  private prepared = false;
  /** Real time: keeps the simulator (the reference nodes' timers) up with the wall clock between steps. */
  private ticker: ReturnType<typeof setInterval> | undefined;

  constructor(
    spec: ClusterSpec,
    iutProfile: ProfileName,
    /** Builds the nodes under test when they are not the in-process reference (e.g. child processes). */
    external?: NodeFactory,
    /** Builds the tester nodes when they are not the in-process reference (e.g. kernels in VMs). */
    testers?: NodeFactory,
  ) {
    this.iutDescription = `${external?.description ?? `reference:${iutProfile}`}${testers ? `, testers ${testers.description}` : ''}`;
    this.startDown = spec.startDown ?? new Map();
    const bearers = (spec.bearers ?? BEARERS).map(bearerIndex);
    if (bearers.length === 0 || bearers.some((b, i) => b !== i)) {
      throw new Error(`a cluster's bearers are A, or A and B; got ${(spec.bearers ?? []).join(', ') || 'none'}`);
    }
    this.sim = new Simulator({
      seed: spec.seed,
      describe: (bytes) => {
        const d = decode(bytes);
        return d.ok ? describe(d.msg) : `UNDECODABLE (${d.error.message})`;
      },
      classify: (bytes) => {
        const d = decode(bytes);
        return d.ok ? { user: msgUser(d.msg), mtype: msgType(d.msg) } : undefined;
      },
    });
    const macs = new Map<string, number>();
    for (const id of spec.nodes) for (const b of bearers) macs.set(defaultMacHex(id, b), nodeAddress(id));
    const addressOfMac = (mac: string): number | undefined => macs.get(mac.toLowerCase());
    for (const id of spec.nodes) {
      const isIut = spec.iut.includes(id);
      const seed = this.sim.rng.fork(`node-${id}`).int(1, 0x7fffffff);
      const bearerCfg = bearers.map((b) => ({
        if_name: IF_NAMES[b],
        ...(spec.bearerSettings?.get(`${id}:${BEARERS[b]}`) ?? {}),
      }));
      let stack: StackLike;
      const factory = isIut ? external : testers;
      if (factory) {
        let made: ClosableStack;
        try {
          made = factory.make({
            id,
            address: nodeAddress(id),
            seed,
            bearers: bearerCfg.map((c, b) => ({ ...c, id: b, mac: defaultMacHex(id, b) })),
            startDown: (this.startDown.get(id) ?? []).map(bearerIndex),
            addressOfMac,
          });
        } catch (e) {
          // The nodes made so far must not outlive a cluster that never started.
          for (const c of this.closables.splice(0)) void c.close();
          throw e;
        }
        this.closables.push(made);
        if (made.realTime) this.realTime = true;
        made.onActivity = () => this.activity(id);
        stack = made;
      } else {
        stack = new TipcNode({ address: nodeAddress(id), profile: isIut ? PROFILES[iutProfile] : PROFILES[testerProfile(spec, id)], seed, bearers: bearerCfg });
      }
      const ep = new RefEndpoint(stack);
      this.eps.set(id, ep);
      this.sim.addNode(id, ep, bearers);
    }
  }

  get reactionSlackMs(): number {
    return this.realTime ? REAL_TIME_REACTION_SLACK_MS : 0;
  }

  get observationLagMs(): number {
    return this.realTime ? REAL_TIME_OBSERVATION_LAG_MS : 0;
  }

  now(): number {
    if (this.realTime) this.catchUp();
    return this.sim.now;
  }

  /** Wall-clock ms since the cluster's clock started (real-time clusters). */
  private wall(): number {
    return this.clockStart === undefined ? 0 : performance.now() - this.clockStart;
  }

  /** Real time: run every event due by now. With `pred`, stop as soon as it holds. */
  private catchUp(pred?: () => boolean): boolean {
    if (this.catchingUp) return false;
    this.catchingUp = true;
    try {
      const ms = Math.max(0, this.wall() - this.sim.now);
      if (pred) return this.sim.runUntil(pred, ms);
      this.sim.runFor(ms);
      return false;
    } finally {
      this.catchingUp = false;
    }
  }

  /** A real-time node sent frames or events by itself: bring the clock up to now and take them. */
  private activity(id: NodeId): void {
    if (this.clockStart === undefined) {
      // Before the clock starts nothing is on the wire: while a VM boots its frames are dropped;
      // after the start they wait in the node's queue for the clock (see startClock).
      if (!this.prepared) this.ep(id).stack.pollTransmit();
      this.ep(id).collect(this.sim.now);
      return;
    }
    this.catchUp();
    this.ep(id).collect(this.sim.now);
    this.sim.poke(id);
  }

  private async refreshAll(fresh = false): Promise<void> {
    await Promise.all(this.closables.map((c) => c.refresh?.(fresh)));
  }

  async observeNow(): Promise<void> {
    if (!this.realTime || this.clockStart === undefined) return;
    this.catchUp();
    await this.refreshAll(true);
    this.throwIfFaulty();
    this.catchUp();
  }

  private ep(id: NodeId): RefEndpoint {
    const ep = this.eps.get(id);
    if (!ep) throw new Error(`node ${id} is not part of this cluster (nodes: ${[...this.eps.keys()].join(', ')})`);
    return ep;
  }

  /** A node outside the process that failed while the cluster ran (a VM that died) fails the scenario. */
  private throwIfFaulty(): void {
    for (const c of this.closables) {
      const f = c.fault?.();
      if (f) throw f;
    }
  }

  /** Run a control call on a node's stack, then let the simulator pick up what it produced. */
  private async control<T>(id: NodeId, f: (s: StackLike, now: number) => Maybe<T>): Promise<T> {
    const ep = this.ep(id);
    this.throwIfFaulty();
    if (this.realTime) this.catchUp();
    const r = await f(ep.stack, this.sim.now);
    if (this.realTime) this.catchUp();
    ep.collect(this.sim.now);
    this.sim.poke(id);
    return r;
  }

  /**
   * Real time starts with the first step that lets time pass (advance, waitUntil), not when the
   * nodes start: in virtual time the set-up steps before it (bindings, fault rules) take no time,
   * and so they must not in real time, or links would come up before the rules that keep them
   * down are in place. Until then frames wait in their senders' queues.
   */
  private startClock(): void {
    if (!this.realTime || this.clockStart !== undefined) return;
    this.clockStart = performance.now() - this.sim.now;
    for (const id of this.eps.keys()) this.sim.poke(id);
    let lastRefresh = 0;
    this.ticker = setInterval(() => {
      this.catchUp();
      if (this.wall() - lastRefresh >= REFRESH_EVERY_MS) {
        lastRefresh = this.wall();
        void this.refreshAll();
      }
    }, 5);
    this.ticker.unref();
  }

  /** Enable every node's bearers (but those that start down); the nodes find each other by discovery. */
  async start(): Promise<void> {
    // Nodes in VMs boot first, together; the clock starts when all are ready.
    await Promise.all(this.closables.map((c) => c.prepare?.()));
    if (this.realTime) {
      // What a VM sent while it booted is not part of the scenario.
      for (const c of this.closables) c.pollTransmit();
      this.prepared = true;
    }
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
    // Nothing outlives a scenario: external nodes are stopped (and killed if they do not stop).
    if (this.ticker) clearInterval(this.ticker);
    this.ticker = undefined;
    const closing = this.closables.splice(0);
    this.closed.push(...closing);
    await Promise.all(closing.map((c) => c.close()));
  }

  /** Files the external nodes leave for the report (a VM's console log), after stop(). */
  attachments(): readonly { readonly name: string; readonly path: string }[] {
    return this.closed.flatMap((c) => c.attachments?.() ?? []);
  }

  async advance(ms: number): Promise<void> {
    if (!this.realTime) {
      this.sim.runFor(ms);
      return;
    }
    this.startClock();
    const end = this.wall() + ms;
    for (;;) {
      this.throwIfFaulty();
      this.catchUp();
      const left = end - this.wall();
      if (left <= 0) return;
      await pause(Math.min(left, 5));
    }
  }

  async waitUntil(pred: () => boolean, maxMs: number, opts: { settle?: boolean } = {}): Promise<boolean> {
    if (!this.realTime) {
      const held = this.sim.runUntil(pred, maxMs);
      if (held && opts.settle !== false) this.sim.runFor(0);
      return held;
    }
    this.startClock();
    const end = this.wall() + maxMs;
    let refreshed = this.wall();
    for (;;) {
      this.throwIfFaulty();
      if (this.catchUp(pred) || pred()) {
        // As in virtual time: what happens in the same instant as the awaited state happens too.
        if (opts.settle !== false) this.sim.runFor(0);
        return true;
      }
      if (this.wall() >= end) return false;
      // What is seen of a VM (its name table) is read now and then, not after every event.
      if (this.wall() - refreshed >= REFRESH_EVERY_MS) {
        await this.refreshAll();
        refreshed = this.wall();
      } else {
        await pause(2);
      }
    }
  }

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

  async publish(node: NodeId, b: Omit<Binding, 'node'>): Promise<boolean> {
    return this.control(node, (s, now) => s.publish(now, b));
  }

  async withdraw(node: NodeId, b: Omit<Binding, 'node' | 'scope' | 'port'>): Promise<boolean> {
    return this.control(node, (s, now) => s.withdraw(now, b.type, b.lower, b.upper, b.key));
  }

  async sendData(node: NodeId, to: NodeId, port: number, payload: Uint8Array): Promise<boolean> {
    return this.control(node, (s, now) => s.sendData(now, nodeAddress(to), port, payload));
  }

  async dataPort(node: NodeId): Promise<number> {
    return (await this.ep(node).stack.dataPort?.()) ?? DEFAULT_DATA_PORT;
  }

  async setLinkTolerance(node: NodeId, peer: NodeId, bearer: BearerName, ms: number): Promise<boolean> {
    return this.control(node, (s, now) => s.setLinkTolerance(now, nodeAddress(peer), bearerIndex(bearer), ms));
  }

  async setLinkPriority(node: NodeId, peer: NodeId, bearer: BearerName, prio: number): Promise<boolean> {
    return this.control(node, (s, now) => s.setLinkPriority(now, nodeAddress(peer), bearerIndex(bearer), prio));
  }

  linkState(node: NodeId, peer: NodeId, bearer: BearerName): LinkEndpointState {
    return this.ep(node).stack.linkState(nodeAddress(peer), bearerIndex(bearer)) ?? 'ABSENT';
  }

  nodeState(node: NodeId, peer: NodeId): PeerNodeState {
    return this.ep(node).stack.nodeState(nodeAddress(peer)) ?? 'ABSENT';
  }

  nameTable(node: NodeId): readonly Binding[] {
    return this.ep(node)
      .stack.nameTable()
      .map((p) => ({ ...p, node: nodeIdOf(p.node) }));
  }

  deliveries(node: NodeId): readonly Delivery[] {
    const out: Delivery[] = [];
    for (const { at, e } of this.ep(node).events) {
      if (e.kind === 'data') out.push({ at, from: nodeIdOf(e.from), port: e.port, payload: e.payload });
    }
    return out;
  }

  stateChanges(): readonly StateChange[] {
    const out: StateChange[] = [];
    for (const [id, ep] of this.eps) {
      for (const { at, e } of ep.events) {
        if (e.kind === 'link-fsm') {
          out.push({
            at,
            node: id,
            what: 'link',
            peer: linkPeer(e.link),
            bearer: linkBearer(e.link, ep.address),
            from: e.from,
            event: e.evt,
            to: e.to,
          });
        } else if (e.kind === 'node-fsm') {
          out.push({ at, node: id, what: 'node', peer: nodeIdOf(e.peer), from: e.from, event: e.evt, to: e.to });
        }
      }
    }
    return out.sort((a, b) => a.at - b.at);
  }

  tunnelDrops(): readonly TunnelDrop[] {
    const out: TunnelDrop[] = [];
    for (const [id, ep] of this.eps) {
      for (const { at, e } of ep.events) {
        if (e.kind === 'tunnel-inner' && e.action === 'dropped-duplicate') {
          out.push({ at, node: id, peer: linkPeer(e.link), seqno: e.seqno, drop_point: e.drop_point, user: e.user });
        }
      }
    }
    return out;
  }

  dropPoint(node: NodeId, peer: NodeId, bearer: BearerName): number | undefined {
    return this.ep(node).stack.dropPoint(nodeAddress(peer), bearerIndex(bearer));
  }

  wireFrames(): readonly WireFrame[] {
    // Decoded once per frame: the trace only grows, so carry on from where the last call stopped.
    const trace = this.sim.trace();
    for (; this.wireSeen < trace.length; this.wireSeen++) {
      const e = trace[this.wireSeen];
      if (e.kind !== 'frame') continue;
      const d = decode(e.bytes);
      this.wire.push({
        at: e.t,
        n: e.n,
        send: e.send,
        broadcast: e.broadcast,
        from: e.from,
        to: e.to,
        bearer: BEARERS[e.bearer] ?? 'A',
        fate: e.fate,
        ...(d.ok ? { user: msgUser(d.msg), mtype: msgType(d.msg), ...namedFields(d.msg) } : {}),
      });
    }
    return this.wire;
  }

  pcap(): Uint8Array {
    const frames: PcapFrame[] = [];
    for (const e of this.sim.trace()) {
      if (e.kind === 'frame' && e.to >= 0) frames.push({ at: e.t, from: e.from, to: e.to, bearer: e.bearer, broadcast: e.broadcast, bytes: e.bytes });
    }
    return pcapOf(frames);
  }

  sequenceChart(opts: { readonly title: string; readonly failedAt?: number }): string {
    return sequenceChart(this.sim.trace(), [...this.eps.keys()], {
      ...opts,
      // "LINK_PROTOCOL/STATE hsz=40 ... seq=7 ...": user, type and seqno
      label: (_bytes, summary) => `${summary.split(' ')[0] ?? ''}${/\bseq=(\d+)/.exec(summary) ? ` seq=${/\bseq=(\d+)/.exec(summary)?.[1]}` : ''}`,
      // "link <1001001:eth0-1001002:eth0> RESET--(ESTABLISH_EVT)->ESTABLISHING"
      stateMark: (text) => {
        const m = /^(link|node) <([^>]*)> (\S+)--\((\w+)\)->(\S+)/.exec(text);
        return m && m[3] !== m[5] ? `${m[1]} ${m[2]}: ${m[5]} (${m[4]})` : undefined;
      },
    });
  }

  traceText(): string {
    return formatTrace(this.sim.trace(), {
      nodeName: (id) => String(id),
      bearerName: (b) => BEARERS[b] ?? String(b),
    });
  }
}

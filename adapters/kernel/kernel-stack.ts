/**
 * One TIPC node that is a Linux kernel in a QEMU guest, offered to the cluster as a stack.
 *
 * The harness owns the wire: every Ethernet frame the guest sends arrives here, loses its
 * 14-byte header and goes into the simulator like a reference node's frame (so fault rules and
 * the trace apply); every frame the simulator delivers to this node is wrapped in an Ethernet
 * header and sent to the guest's NIC. The kernel runs on its own clock, so the cluster runs in
 * real time while a kernel node is part of it.
 *
 * What is seen of the kernel: its link and node FSM transitions from the tracepoints
 * tipc_link_fsm / tipc_node_fsm (states are the last `to` of each link and peer), its binding
 * table from `tipc -j nametable show`, its links from `tipc -j link list` (a link the kernel
 * deleted leaves no trace line), and the user messages its receiving socket got; all of it is
 * read, in one console round trip, when the cluster refreshes.
 *
 * A guest that dies (panic, killed) or stops answering is a fault of the node: fault() reports it
 * with the console tail, and the cluster fails the scenario with it.
 */
import * as path from 'node:path';
import {
  BROADCAST,
  LINK_EVENTS,
  type Latency,
  type LinkEvent,
  type LinkState,
  NODE_EVENTS,
  type NodeBinding,
  type NodeEvent,
  type NodeEventReport,
  type NodeStack,
  type NodeState,
  type OutFrame,
  isLinkState,
  isNodeState,
  nodeAddress,
  nodeOfMac,
} from '../../contract';
import { linkFsmNote, nodeFsmNote } from '../fsm-notes';
import { type FsmTraceEvent, GuestCommandError, KernelGuest, KernelGuestError } from './guest';
import type { KernelImage } from './image';

/** Most numbered messages handed to the guest in one go (one or two console commands). */
const MAX_BATCH = 200;

/** TIPC's Ethernet type (ETH_P_TIPC). */
export const ETH_P_TIPC = 0x88ca;
const ETH_HEADER = 14;
/** Source MAC of frames the harness hands a guest; the kernel reads the sender from the TIPC header. */
const HARNESS_MAC = Buffer.from('5254000affff', 'hex');

export interface KernelNodeOptions {
  readonly image: KernelImage;
  /** TIPC address 1.1.N. */
  readonly address: number;
  /** One entry per bearer (NIC): its MAC (12 hex digits) and link tolerance, if set. */
  readonly bearers: readonly { readonly mac: string; readonly tolerance?: number; readonly priority?: number }[];
  /** Bearers whose interface is down when the node starts. */
  readonly startDown: readonly number[];
  /** Folder for the console log and QEMU's log. */
  readonly workDir: string;
  readonly netId?: number;
  /** More kernel command-line words (TIPC_CONFORMANCE_KERNEL_APPEND), for debugging a guest. */
  readonly extraAppend?: string;
}

const isLinkEvent = (s: string): s is LinkEvent => (LINK_EVENTS as readonly string[]).includes(s);
const isNodeEvent = (s: string): s is NodeEvent => (NODE_EVENTS as readonly string[]).includes(s);

/** "1001001:eth0-1001002:eth1" → the peer's address and the local NIC, or undefined. */
export function parseLinkName(name: string): { peer: number; nic: number } | undefined {
  const m = /^[0-9a-f]+:eth(\d+)-([0-9a-f]+):/i.exec(name);
  if (!m?.[1] || !m[2]) return undefined;
  return { nic: Number(m[1]), peer: parseInt(m[2], 16) >>> 0 };
}

/** One binding as `tipc -j nametable show` prints it. */
interface KernelBinding {
  readonly type: number;
  readonly lower: number;
  readonly upper: number;
  readonly scope: string;
  readonly port: number;
  readonly node: string;
}

function isKernelBinding(x: unknown): x is KernelBinding {
  if (typeof x !== 'object' || x === null) return false;
  const o = x as Record<string, unknown>;
  return typeof o.type === 'number' && typeof o.lower === 'number' && typeof o.upper === 'number' && typeof o.port === 'number' && typeof o.node === 'string';
}

/**
 * How much later than in virtual time a kernel's doings are seen:
 *  - reaction: a frame's two trips through the harness's relay and the emulator's delay, on a busy
 *    2-core machine;
 *  - observation: from a state of the kernel to the harness acting on it: the next refresh (every
 *    150 ms), the console round trip that reads it, and the console commands of the steps that
 *    follow (a bind, an unbind: tens of ms each, more on a busy machine). Measured: 490 ms from a
 *    kernel tester's bulk to its unbind two steps later (NB-1);
 *  - timers: the guest's CPU is emulated (QEMU's TCG, no KVM here), and its timers fire late on
 *    the host's clock. Measured in the diff of 2026-12-06 15:05 on an idle machine: the discovery
 *    timer's 500, 1000, 2000 and 4000 ms came 544, 1058, 2302 and 4352 ms apart (up to 15% late).
 */
export const KERNEL_LATENCY: Latency = { reactionMs: 50, observationMs: 600, timerLate: 0.25 };

/** The trace note of a transition the kernel's tracepoint reported, as the reference writes its own. */
function noteOf(e: NodeEventReport, linkName: string): string {
  if (e.kind === 'link-fsm') return linkFsmNote(linkName, e.from, e.evt, e.to);
  if (e.kind === 'node-fsm') return nodeFsmNote(e.peer, e.from, e.evt, e.to);
  return e.kind;
}

export class KernelStack implements NodeStack {
  readonly clock = 'wall';
  readonly latency = KERNEL_LATENCY;
  readonly address: number;
  readonly bearerCount: number;
  onActivity: (() => void) | undefined;

  private guest: KernelGuest | undefined;
  /** The guest from the moment QEMU runs, so that close() stops one that is still booting. */
  private spawned: KernelGuest | undefined;
  private closing = false;
  /** The port of the socket that receives user messages, once opened. */
  private rxPort: Promise<number> | undefined;
  /** User messages waiting to be sent (sendData), and the send in progress. */
  private readonly txQueue: { dest: number; port: number; value: number; at: number }[] = [];
  private sending: Promise<void> | undefined;
  private readonly out: OutFrame[] = [];
  private readonly events: NodeEventReport[] = [];
  private readonly links = new Map<string, LinkState>();
  private readonly linkNames = new Map<string, string>();
  private readonly peers = new Map<number, NodeState>();
  private table: readonly NodeBinding[] = [];
  /** Bumped by every bind and unbind, so that a table read that overlapped one is not used. */
  private tableGeneration = 0;
  private readonly notes: string[] = [];
  private refreshing: Promise<void> | undefined;
  private failure: Error | undefined;

  constructor(private readonly opts: KernelNodeOptions) {
    this.address = opts.address;
    this.bearerCount = opts.bearers.length;
  }

  /** Boots the guest: its bearers are enabled by /init, with the tolerances and priorities set before. */
  async prepare(): Promise<void> {
    const guest = await KernelGuest.boot({
      image: this.opts.image,
      node: this.address & 0xfff,
      nics: this.bearerCount,
      ...(this.opts.netId !== undefined ? { netId: this.opts.netId } : {}),
      tolerances: this.opts.bearers.map((b) => b.tolerance),
      priorities: this.opts.bearers.map((b) => b.priority),
      macs: this.opts.bearers.map((b) => b.mac),
      ...(this.opts.extraAppend ? { extraAppend: this.opts.extraAppend } : {}),
      workDir: this.opts.workDir,
      onFrame: (nic, frame) => this.fromGuest(nic, frame),
      onSpawn: (g) => {
        this.spawned = g;
        // closed while QEMU was starting: stop it now (the boot then fails, and nobody waits for it)
        if (this.closing) void g.stop();
      },
    });
    if (this.closing) {
      await guest.stop();
      throw new Error(`kernel node ${this.nodeName()} was closed while it booted`);
    }
    this.guest = guest;
    guest.onUnexpectedExit((fault) => this.fail(fault));
    for (const b of this.opts.startDown) await guest.ifDown(b);
    // The boot's transitions (bearers enabled, no peer yet) are not part of the scenario.
    await guest.traceEvents();
  }

  /** The guest died or stopped answering: reported once, with its console; the cluster fails the scenario. */
  private fail(e: Error): void {
    if (this.failure || this.closing) return;
    this.failure = e instanceof KernelGuestError ? e : new KernelGuestError('console', `kernel guest ${this.nodeName()}: ${e.message}`, this.guest?.consoleTail() ?? '');
    this.notes.push(`kernel ${this.nodeName()}: ${this.failure.message.split('\n')[0] ?? ''}`);
    this.onActivity?.();
  }

  /** What went wrong with the guest, if anything: a KernelGuestError with the console tail. */
  fault(): Error | undefined {
    return this.failure;
  }

  private g(): KernelGuest {
    if (!this.guest) throw new Error(`kernel node ${this.nodeName()} is not booted`);
    return this.guest;
  }

  private nodeName(): string {
    return `1.1.${this.address & 0xfff}`;
  }

  /** A frame the guest sent: strip the Ethernet header, address it by its destination MAC. */
  private fromGuest(nic: number, frame: Uint8Array): void {
    if (frame.length < ETH_HEADER || ((frame[12] << 8) | frame[13]) !== ETH_P_TIPC) return;
    const dst = Buffer.from(frame.subarray(0, 6)).toString('hex');
    let dest: number | typeof BROADCAST;
    if (dst === 'ffffffffffff') dest = BROADCAST;
    else {
      const id = nodeOfMac(dst);
      if (id === undefined) {
        this.notes.push(`kernel ${this.nodeName()} sent a frame to unknown MAC ${dst}; dropped`);
        return;
      }
      dest = nodeAddress(id);
    }
    this.out.push({ bearer: nic, dest, bytes: Uint8Array.from(frame.subarray(ETH_HEADER)) });
    this.onActivity?.();
  }

  start(): Promise<void> {
    // The guest's /init enabled the bearers: nothing to do but let them discover.
    return Promise.resolve();
  }

  receive(_now: number, bearer: number, bytes: Uint8Array): void {
    if (!this.guest) return;
    const mac = this.opts.bearers[bearer]?.mac;
    if (!mac) return;
    const frame = Buffer.alloc(ETH_HEADER + bytes.length);
    Buffer.from(mac, 'hex').copy(frame, 0);
    HARNESS_MAC.copy(frame, 6);
    frame.writeUInt16BE(ETH_P_TIPC, 12);
    frame.set(bytes, ETH_HEADER);
    this.guest.sendFrame(bearer, frame);
  }

  tick(): void {
    // The kernel keeps its own timers.
  }

  pollTimeout(): number | undefined {
    return undefined;
  }

  pollTransmit(): OutFrame[] {
    return this.out.splice(0);
  }

  pollEvents(): NodeEventReport[] {
    return this.events.splice(0);
  }

  pollNotes(): string[] {
    return this.notes.splice(0);
  }

  /**
   * Reads what the kernel did since the last refresh: FSM transitions, the binding table, the
   * links and the messages received. With `fresh`, the read starts after this call (a read already
   * under way may have looked at the kernel before it), so what is seen is the kernel as of now.
   */
  refresh(fresh: boolean): Promise<void> {
    if (!this.guest || this.failure) return Promise.resolve();
    if (fresh && this.refreshing) return this.refreshing.then(() => this.refresh(false));
    if (!this.refreshing) {
      this.refreshing = this.refreshNow().finally(() => {
        this.refreshing = undefined;
      });
    }
    return this.refreshing;
  }

  private async refreshNow(): Promise<void> {
    const g = this.g();
    const generation = this.tableGeneration;
    let seen;
    try {
      seen = await g.observe(this.rxPort !== undefined);
    } catch (e) {
      if (e instanceof GuestCommandError) {
        // the guest answered, the command did not work out: read again on the next refresh
        this.notes.push(`kernel ${this.nodeName()}: ${e.message}`);
        return;
      }
      this.fail(e instanceof Error ? e : new Error(String(e)));
      return;
    }
    this.applyTrace(seen.trace);
    if (seen.links) {
      // a link the kernel deleted (tipc_node_delete_links when its interface went down) is absent
      const now = new Set(seen.links);
      for (const [key, name] of this.linkNames) {
        if (now.has(name) || name.endsWith(':unknown')) continue;
        this.links.delete(key);
        this.linkNames.delete(key);
        this.notes.push(`kernel ${this.nodeName()}: link <${name}> is gone (deleted by the kernel)`);
      }
    }
    const port = seen.received.length > 0 && this.rxPort ? await this.rxPort : 0;
    for (const r of seen.received) {
      const payload = new Uint8Array(4);
      new DataView(payload.buffer).setUint32(0, r.value);
      this.events.push({ kind: 'data', from: r.from, port, payload });
    }
    if (seen.table === undefined) {
      // the dump was interrupted (the table changed under it): the next refresh reads it again
      this.notes.push(`kernel ${this.nodeName()}: \`tipc nametable show\` failed; read again next time`);
    } else if (generation === this.tableGeneration) {
      // (a bind or unbind while the table was being read: the read may miss it; the next one won't)
      const table = (Array.isArray(seen.table) ? seen.table : []).filter(isKernelBinding).map((b) => ({
        type: b.type,
        lower: b.lower,
        upper: b.upper,
        scope: b.scope === 'node' ? ('node' as const) : ('cluster' as const),
        node: parseInt(b.node, 16) >>> 0,
        port: b.port,
        key: b.port,
      }));
      this.noteTableChanges(table);
      this.table = table;
    }
    // The states just read, their transitions, the table and the deliveries go out together.
    this.onActivity?.();
  }

  /** What changed in the binding table since the last read, as trace notes. */
  private noteTableChanges(table: readonly NodeBinding[]): void {
    const text = (p: NodeBinding): string => `{${p.type},${p.lower},${p.upper}} of <${p.node.toString(16)}> (${p.scope})`;
    const before = new Set(this.table.map(text));
    const after = new Set(table.map(text));
    const added = [...after].filter((x) => !before.has(x));
    const removed = [...before].filter((x) => !after.has(x));
    const list = (xs: string[]): string => (xs.length <= 4 ? xs.join(' ') : `${xs.slice(0, 3).join(' ')} ... (${xs.length})`);
    if (added.length > 0) this.notes.push(`name table read: +${added.length} ${list(added)}`);
    if (removed.length > 0) this.notes.push(`name table read: -${removed.length} ${list(removed)}`);
  }

  private applyTrace(events: readonly FsmTraceEvent[]): void {
    for (const e of events) {
      if (e.kind === 'link') {
        const l = parseLinkName(e.name);
        if (!l || !isLinkState(e.from) || !isLinkState(e.to) || !isLinkEvent(e.event)) {
          this.notes.push(`kernel ${this.nodeName()}: trace line not understood (a link or state this harness does not know): ${e.raw}`);
          continue;
        }
        const key = `${l.peer}:${l.nic}`;
        this.links.set(key, e.to);
        this.linkNames.set(key, e.name);
        this.push({ kind: 'link-fsm', peer: l.peer, bearer: l.nic, from: e.from, evt: e.event, to: e.to }, e.name);
      } else {
        const peer = parseInt(e.name, 16) >>> 0;
        if (!isNodeState(e.from) || !isNodeState(e.to) || !isNodeEvent(e.event)) {
          this.notes.push(`kernel ${this.nodeName()}: trace line not understood (a state this harness does not know): ${e.raw}`);
          continue;
        }
        this.peers.set(peer, e.to);
        this.push({ kind: 'node-fsm', peer, from: e.from, evt: e.event, to: e.to }, e.name);
      }
    }
  }

  private push(e: NodeEventReport, name: string): void {
    this.events.push(e);
    this.notes.push(noteOf(e, name));
  }

  async bearerUp(_now: number, bearer: number): Promise<void> {
    await this.g().ifUp(bearer);
  }

  async bearerDown(_now: number, bearer: number): Promise<void> {
    await this.g().ifDown(bearer);
  }

  /**
   * Binds through the guest's helper. The binding goes into the table seen of the node at once
   * (the helper says which port holds it), as the kernel's own table has it now; the next read
   * of `tipc nametable show` replaces the whole table.
   */
  async publish(_now: number, p: Omit<NodeBinding, 'node'>): Promise<boolean> {
    const port = await this.g().bind(p.type, p.lower, p.upper, p.scope);
    this.tableGeneration++;
    if (port === undefined) {
      await this.refresh(false);
      return true;
    }
    this.table = [...this.table, { type: p.type, lower: p.lower, upper: p.upper, scope: p.scope, node: this.address, port, key: port }];
    return true;
  }

  /**
   * Unbinds through the guest's helper, which closes the binding's socket. A range no socket of the
   * helper holds is refused ("err not bound"): there is nothing for the kernel to withdraw, as
   * tipc_sk_withdraw finds no publication to send a WITHDRAWAL for.
   */
  async withdraw(_now: number, type: number, lower: number, upper: number): Promise<boolean> {
    try {
      await this.g().unbind(type, lower, upper);
    } catch (e) {
      if (!(e instanceof GuestCommandError) || !/err not bound/.test(e.output)) throw e;
      this.notes.push(`kernel ${this.nodeName()}: refused: ${e.message}`);
      return false;
    }
    this.tableGeneration++;
    this.table = this.table.filter((b) => !(b.node === this.address && b.type === type && b.lower === lower && b.upper === upper));
    return true;
  }

  /** The guest's helper binds and withdraws on a socket of its own, in one console command. */
  async churn(_now: number, type: number, lower: number, upper: number, times: number): Promise<boolean> {
    return this.g().churn(type, lower, upper, times);
  }

  /**
   * Queues one user message (a 4-byte value) for the guest's helper to send from its socket; the
   * queue goes out in as few console commands as the line allows, in order, and the helper spaces
   * each batch's messages as the harness did (their `now`s). Only 4-byte payloads: the numbered
   * messages the streams send.
   */
  sendData(now: number, dest: number, port: number, payload: Uint8Array): boolean {
    if (!this.guest || payload.length !== 4) return false;
    this.txQueue.push({ dest, port, value: new DataView(payload.buffer, payload.byteOffset, 4).getUint32(0), at: now });
    this.sending ??= this.sendQueued().finally(() => {
      this.sending = undefined;
    });
    return true;
  }

  private async sendQueued(): Promise<void> {
    const g = this.g();
    while (this.txQueue.length > 0 && !this.failure) {
      const { dest, port } = this.txQueue[0];
      let n = 0;
      while (n < this.txQueue.length && n < MAX_BATCH && this.txQueue[n].dest === dest && this.txQueue[n].port === port) n++;
      const batch = this.txQueue.splice(0, n);
      const gapUs = batch.length > 1 ? (((batch[batch.length - 1]?.at ?? 0) - (batch[0]?.at ?? 0)) / (batch.length - 1)) * 1000 : 0;
      try {
        await g.send(dest, port, batch.map((m) => m.value), gapUs);
      } catch (e) {
        this.fail(e instanceof Error ? e : new Error(String(e)));
      }
    }
  }

  /** The port user messages for this node go to: the guest helper's receiving socket. */
  dataPort(): Promise<number> {
    this.rxPort ??= this.g().openReceiver();
    return this.rxPort;
  }

  /** The kernel's name of the link to `peer` on `bearer` (`tipc link list`), once complete or listed. */
  async linkName(peer: number, bearer: number): Promise<string | undefined> {
    await this.refresh(false);
    const known = this.linkNames.get(`${peer}:${bearer}`);
    if (known && !known.endsWith(':unknown')) return known;
    const list = await this.g().linkList();
    return Object.keys(list).find((n) => {
      const l = parseLinkName(n);
      return l?.peer === peer && l.nic === bearer;
    });
  }

  /**
   * `tipc link set tolerance`. The kernel refuses a tolerance outside 50..30000 ms with EINVAL
   * (tipc_nl_parse_link_prop), and `tipc` then exits non-zero: that is a refusal (false), with
   * what `tipc` said in the trace, not a fault of the guest.
   */
  async setLinkTolerance(_now: number, peer: number, bearer: number, tolerance: number): Promise<boolean> {
    const name = await this.linkName(peer, bearer);
    if (!name) return false;
    try {
      await this.g().setLinkTolerance(name, tolerance);
    } catch (e) {
      if (!(e instanceof GuestCommandError)) throw e;
      this.notes.push(`kernel ${this.nodeName()}: refused: ${e.message}`);
      return false;
    }
    return true;
  }

  async setLinkPriority(_now: number, peer: number, bearer: number, priority: number): Promise<boolean> {
    const name = await this.linkName(peer, bearer);
    if (!name) return false;
    await this.g().setLinkPriority(name, priority);
    return true;
  }

  linkState(peer: number, bearer: number): LinkState | undefined {
    return this.links.get(`${peer}:${bearer}`);
  }

  nodeState(peer: number): NodeState | undefined {
    return this.peers.get(peer);
  }

  dropPoint(): number | undefined {
    return undefined;
  }

  /** `tipc link get tolerance link NAME`, read now; undefined when the kernel has no such link. */
  async linkTolerance(peer: number, bearer: number): Promise<number | undefined> {
    const name = await this.linkName(peer, bearer);
    if (!name) return undefined;
    try {
      return await this.g().linkTolerance(name);
    } catch (e) {
      if (!(e instanceof GuestCommandError)) throw e;
      // the link went away between the list and the get
      this.notes.push(`kernel ${this.nodeName()}: ${e.message}`);
      return undefined;
    }
  }

  nameTable(): readonly NodeBinding[] {
    return this.table;
  }

  async close(): Promise<void> {
    this.closing = true;
    await (this.guest ?? this.spawned)?.stop();
  }

  attachments(): readonly { readonly name: string; readonly path: string }[] {
    // Kept also when the guest never got ready: the console says why.
    return [{ name: `node${this.address & 0xfff}-linux-console.log`, path: path.resolve(this.opts.workDir, 'console.log') }];
  }
}

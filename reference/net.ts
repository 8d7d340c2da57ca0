/**
 * One TIPC node (the kernel's per-namespace struct tipc_net with its bearers, peer nodes, name
 * table and distributor), sans-IO: frames, ticks and control calls in; frames and events out.
 *
 * Nothing here reads a clock, opens a socket or keeps module state: the driver passes the
 * virtual time to every call and drains pollTransmit() / pollEvents() afterwards.
 */
import type { StackEvent } from './events';
import { describeEvent } from './events';
import { TipcLink } from './link';
import type { LinkState } from './link-fsm';
import {
  BASIC_H_SIZE,
  DataType,
  NameDistrType,
  TIPC_NODE_CAPABILITIES,
  User,
  type TipcMsg,
  decode,
  encode,
  msgClone,
  msgData,
  msgDestnode,
  msgDestport,
  msgErrcode,
  msgHdrSz,
  msgInit,
  msgNonSeq,
  msgOrignode,
  msgPrevnode,
  msgSetData,
  msgSetDestnode,
  msgSetDestport,
  msgSetOrigport,
  msgType,
  msgUser,
  SHORT_H_SIZE,
} from './msg';
import { NameTable, type Publication } from './name-table';
import { type DistrSendState, namedBulk, namedRcv, namedUpdate } from './name-distr';
import type { NodeState } from './node-fsm';
import { MAX_BEARERS, PeerNode } from './node';
import type { Profile } from './profiles';

export interface BearerConfig {
  /** Interface name, e.g. "eth0"; also carried in RESET/ACTIVATE. */
  readonly if_name: string;
  readonly tolerance?: number;
  readonly priority?: number;
  readonly mtu?: number;
  readonly window?: number;
}

export interface NodeConfig {
  /** TIPC node address, e.g. 0x01001001 for 1.1.1. */
  readonly address: number;
  readonly profile: Profile;
  /** Seeds this node's choice of link session numbers. */
  readonly seed: number;
  /** Index = bearer id (0 = bearer A, 1 = bearer B). */
  readonly bearers: readonly BearerConfig[];
}

export interface PeerConfig {
  readonly address: number;
  readonly capabilities?: number;
  /** The peer's interface name per bearer id. */
  readonly if_names: readonly string[];
}

/** A frame to send: on a bearer, to a neighbour's address. */
export interface OutFrame {
  readonly bearer: number;
  readonly dest: number;
  readonly bytes: Uint8Array;
}

const DEFAULT_TOLERANCE = 1500;
const DEFAULT_PRIORITY = 10;
const DEFAULT_MTU = 1500;
const DEFAULT_WINDOW = 50;

/** A tiny seeded generator for session numbers, owned by the node (no module state). */
class SessionSource {
  private s: number;
  constructor(seed: number) {
    this.s = seed >>> 0 || 0x9e3779b9;
  }
  next16(): number {
    // xorshift32
    let x = this.s;
    x ^= x << 13;
    x >>>= 0;
    x ^= x >>> 17;
    x ^= x << 5;
    this.s = x >>> 0;
    return this.s & 0xffff;
  }
}

export class TipcNode {
  readonly address: number;
  private readonly profile: Profile;
  private readonly bearers: { cfg: BearerConfig; up: boolean }[];
  private readonly peers = new Map<number, PeerNode>();
  private readonly nametbl = new NameTable();
  private readonly distr: DistrSendState = { snd_nxt: 0, rc_dests: 0 };
  private readonly sessions: SessionSource;
  private readonly events: StackEvent[] = [];
  private eventCursor = 0;
  private noteCursor = 0;
  private frames: OutFrame[] = [];
  private now = 0;

  constructor(cfg: NodeConfig) {
    this.address = cfg.address;
    this.profile = cfg.profile;
    this.bearers = cfg.bearers.slice(0, MAX_BEARERS).map((b) => ({ cfg: b, up: true }));
    this.sessions = new SessionSource(cfg.seed);
    // kernel: tipc_net_finalize() binds the node-state service {0, own address} at cluster scope.
    // Published before any peer is up, it is distributed to nobody but still takes a sequence number.
    const nodeState = this.bindLocal({ type: 0, lower: this.address, upper: this.address, scope: 'cluster', port: 0, key: this.address });
    if (nodeState) namedUpdate(this.address, this.distr, nodeState, NameDistrType.PUBLICATION);
  }

  // ------------------------------------------------------------- neighbours

  /**
   * Make `peer` a neighbour on every bearer: what discovery (tipc_node_check_dest) does when the
   * first LINK_CONFIG arrives — create the node and a link per bearer, reset it, start the timer.
   */
  addPeer(now: number, peer: PeerConfig): void {
    this.now = now;
    if (this.peers.has(peer.address)) return;
    const caps = peer.capabilities ?? TIPC_NODE_CAPABILITIES;
    const emit = (e: StackEvent): void => {
      this.events.push(e);
    };
    const n: PeerNode = new PeerNode({ ownAddr: this.address, profile: this.profile, emit }, peer.address, caps);
    this.bearers.forEach((b, bearer_id) => {
      const l = new TipcLink(
        { ownAddr: this.address, profile: this.profile, emit, bcRcvLinkUp: () => n.bc_rcv_up },
        {
          bearer_id,
          if_name: b.cfg.if_name,
          peer: peer.address,
          peer_if_name: peer.if_names[bearer_id] ?? 'unknown',
          peer_caps: caps,
          tolerance: b.cfg.tolerance ?? DEFAULT_TOLERANCE,
          priority: b.cfg.priority ?? DEFAULT_PRIORITY,
          net_plane: bearer_id,
          mtu: b.cfg.mtu ?? DEFAULT_MTU,
          window: b.cfg.window ?? DEFAULT_WINDOW,
          session: this.sessions.next16(),
        },
      );
      l.reset();
      l.fsmEvt('RESET_EVT');
      if (n.state === 'FAILINGOVER') l.fsmEvt('FAILOVER_BEGIN_EVT');
      n.links[bearer_id] = l;
      n.calculateTimer(l);
    });
    n.timer_due = now + n.keepalive_intv;
    this.peers.set(peer.address, n);
    this.flush();
  }

  // ------------------------------------------------------------ driver API

  /** kernel: tipc_rcv() — a frame arrived on a bearer. */
  receive(now: number, bearer: number, bytes: Uint8Array): void {
    this.now = now;
    const b = this.bearers[bearer];
    if (!b || !b.up) return;
    const d = decode(bytes);
    if (!d.ok) {
      this.events.push({ kind: 'frame-rejected', bearer, error: d.error });
      return;
    }
    const m = d.msg;
    // Discovery and broadcast (non-sequenced) are not modelled in this version.
    if (msgNonSeq(m)) return;
    if (msgHdrSz(m) > SHORT_H_SIZE && msgDestnode(m) !== this.address) return;
    const n = this.peers.get(msgPrevnode(m));
    if (!n) return;
    n.rcv(bearer, m, now);
    this.afterInput();
  }

  /** Run every node timer that is due at `now`. */
  tick(now: number): void {
    this.now = now;
    for (const n of this.peers.values()) {
      if (n.hasDeferredWork()) n.runDeferred(now);
      if (n.timer_due !== undefined && n.timer_due <= now) n.timeout(now);
    }
    this.afterInput();
  }

  /** When tick() is next wanted: now, if a link went down and its node work is pending. */
  pollTimeout(): number | undefined {
    for (const n of this.peers.values()) if (n.hasDeferredWork()) return this.now;
    let due: number | undefined;
    for (const n of this.peers.values()) {
      if (n.timer_due !== undefined && (due === undefined || n.timer_due < due)) due = n.timer_due;
    }
    return due;
  }

  pollTransmit(): OutFrame[] {
    const f = this.frames;
    this.frames = [];
    return f;
  }

  /** Events since the last call (for the adapter). */
  pollEvents(): StackEvent[] {
    const e = this.events.slice(this.eventCursor);
    this.eventCursor = this.events.length;
    return e;
  }

  /** The same events as text, with their own cursor (for the trace). */
  pollNotes(): string[] {
    const e = this.events.slice(this.noteCursor).map(describeEvent);
    this.noteCursor = this.events.length;
    return e;
  }

  // ---------------------------------------------------------- control calls

  /**
   * The interface under a bearer goes down (NETDEV_DOWN → tipc_reset_bearer): every link on it is
   * taken down at once, which starts failover where a parallel link is up. While down, nothing is
   * sent or received on it.
   */
  bearerDown(now: number, bearer: number): void {
    this.now = now;
    const b = this.bearers[bearer];
    if (!b || !b.up) return;
    for (const n of this.peers.values()) n.linkDown(bearer, now);
    this.afterInput();
    b.up = false;
  }

  /** The interface comes back: links on it start over as if rediscovered (rst_cnt 0). */
  bearerUp(now: number, bearer: number): void {
    this.now = now;
    const b = this.bearers[bearer];
    if (!b || b.up) return;
    b.up = true;
    for (const n of this.peers.values()) {
      const l = n.links[bearer];
      if (l) l.rst_cnt = 0;
    }
  }

  /** Bind a service range on this node and distribute it (tipc_nametbl_publish). */
  publish(now: number, p: Omit<Publication, 'node'>): boolean {
    this.now = now;
    const publ = this.bindLocal(p);
    if (!publ) return false;
    this.distribute(namedUpdate(this.address, this.distr, publ, NameDistrType.PUBLICATION));
    this.afterInput();
    return true;
  }

  /** Unbind a service range and distribute the withdrawal (tipc_nametbl_withdraw). */
  withdraw(now: number, type: number, lower: number, upper: number, key: number): boolean {
    this.now = now;
    const publ = this.nametbl.remove(type, lower, upper, this.address, key);
    if (!publ) return false;
    this.distribute(namedUpdate(this.address, this.distr, publ, NameDistrType.WITHDRAWAL));
    this.afterInput();
    return true;
  }

  /** Send user data (a DIRECT_MSG) to a port on a peer node over its active link. */
  sendData(now: number, dest: number, port: number, payload: Uint8Array, selector = 0): boolean {
    this.now = now;
    const m = msgInit(this.address, User.TIPC_LOW_IMPORTANCE, DataType.TIPC_DIRECT_MSG, BASIC_H_SIZE, dest);
    msgSetOrigport(m, port);
    msgSetDestport(m, port);
    msgSetData(m, payload);
    const ok = this.nodeXmit(m, dest, selector);
    this.afterInput();
    return ok;
  }

  /** kernel: tipc_nl_node_set_link() with TIPC_NLA_PROP_TOL. */
  setLinkTolerance(now: number, peer: number, bearer: number, tolerance: number): boolean {
    return this.setLinkProp(now, peer, bearer, (l) => l.setTolerance(tolerance, l.outq));
  }

  /** kernel: tipc_nl_node_set_link() with TIPC_NLA_PROP_PRIO. */
  setLinkPriority(now: number, peer: number, bearer: number, priority: number): boolean {
    return this.setLinkProp(now, peer, bearer, (l) => l.setPriority(priority, l.outq));
  }

  private setLinkProp(now: number, peer: number, bearer: number, set: (l: TipcLink) => void): boolean {
    this.now = now;
    const l = this.peers.get(peer)?.links[bearer];
    if (!l) return false;
    set(l);
    this.afterInput();
    return true;
  }

  // ------------------------------------------------------------ observations

  linkState(peer: number, bearer: number): LinkState | undefined {
    return this.peers.get(peer)?.links[bearer]?.state;
  }

  linkName(peer: number, bearer: number): string | undefined {
    return this.peers.get(peer)?.links[bearer]?.name;
  }

  nodeState(peer: number): NodeState | undefined {
    return this.peers.get(peer)?.state;
  }

  /** Internal failover state of a link endpoint, for precise (capability-tagged) checks. */
  linkInternals(peer: number, bearer: number): { drop_point: number; failover_deferdq: number; rcv_nxt: number; snd_nxt: number } | undefined {
    const l = this.peers.get(peer)?.links[bearer];
    if (!l) return undefined;
    return { drop_point: l.drop_point, failover_deferdq: l.failover_deferdq.length, rcv_nxt: l.rcv_nxt, snd_nxt: l.snd_nxt };
  }

  nameTable(): readonly Publication[] {
    return this.nametbl.all();
  }

  // ------------------------------------------------------------- internals

  private bindLocal(p: Omit<Publication, 'node'>): Publication | undefined {
    const publ: Publication = { ...p, node: this.address };
    return this.nametbl.insert(publ) ? publ : undefined;
  }

  /** kernel: tipc_node_broadcast() — replicast a copy to every up peer (broadcast not modelled). */
  private distribute(m: TipcMsg | undefined): void {
    if (!m) return;
    for (const n of this.peers.values()) {
      if (!n.isUp()) continue;
      const copy = msgClone(m);
      msgSetDestnode(copy, n.addr);
      this.nodeXmit(copy, n.addr, 0);
    }
  }

  /** kernel: tipc_node_xmit() — on the active link of slot `selector & 1`. */
  private nodeXmit(m: TipcMsg, dest: number, selector: number): boolean {
    const l = this.peers.get(dest)?.activeLink(selector);
    if (!l) return false;
    l.xmit([m], l.outq, this.now);
    return true;
  }

  /** Deliver what links released, act on node up/down, then collect frames. */
  private afterInput(): void {
    for (const n of this.peers.values()) {
      for (const l of n.links) {
        if (!l || l.inputq.length === 0) continue;
        const q = l.inputq;
        l.inputq = [];
        for (const m of q) this.deliver(n, m);
      }
      if (n.namedq.length > 0) namedRcv(n, this.nametbl, (e) => this.events.push(e));
      if (n.notify_node_up) {
        n.notify_node_up = false;
        this.events.push({ kind: 'node-up', peer: n.addr });
        const mtu = n.activeLink(0)?.mss() ?? 0;
        for (const m of namedBulk(this.address, this.distr, this.nametbl.clusterScope(this.address), mtu, n.addr))
          this.nodeXmit(m, n.addr, 0);
      }
      if (n.notify_node_down) {
        n.notify_node_down = false;
        this.events.push({ kind: 'node-down', peer: n.addr });
        this.nametbl.purgeNode(n.addr);
      }
    }
    this.flush();
  }

  /** kernel: tipc_data_input() / tipc_sk_rcv() — by user. */
  private deliver(n: PeerNode, m: TipcMsg): void {
    const usr = msgUser(m);
    if (usr === User.NAME_DISTRIBUTOR) {
      n.namedq.push(m);
    } else if (usr === User.BCAST_PROTOCOL) {
      // kernel: tipc_link_bc_init_rcv() — our broadcast receive link for this peer is in synch
      n.bc_rcv_up = true;
    } else if (usr <= User.TIPC_CRITICAL_IMPORTANCE) {
      if (msgType(m) === DataType.TIPC_DIRECT_MSG && msgErrcode(m) === 0 && msgDestport(m) !== 0) {
        this.events.push({ kind: 'data', from: msgOrignode(m), port: msgDestport(m), payload: msgData(m) });
      }
    }
  }

  private flush(): void {
    for (const n of this.peers.values()) {
      for (const l of n.links) {
        if (!l || l.outq.length === 0) continue;
        const q = l.outq;
        l.outq = [];
        if (!this.bearers[l.bearer_id]?.up) continue;
        for (const m of q) this.frames.push({ bearer: l.bearer_id, dest: n.addr, bytes: encode(m) });
      }
    }
  }
}

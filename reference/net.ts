/**
 * One TIPC node (the kernel's per-namespace struct tipc_net with its bearers, peer nodes, name
 * table and distributor), sans-IO: frames, ticks and control calls in; frames and events out.
 *
 * Nothing here reads a clock, opens a socket or keeps module state: the driver passes the
 * virtual time to every call and drains pollTransmit() / pollEvents() afterwards.
 */
import { BcastSndLink, addBcPeer, bcAckRcv, removeBcPeer } from './bcast';
import { less, mod } from './core';
import { EMPTY, writable } from './queue';
import type { StackEvent } from './events';
import { type LinkContext, TipcLink, toleranceInRange } from './link';
import type { LinkState } from './link-fsm';
import {
  BASIC_H_SIZE,
  Capability,
  DataType,
  MediaType,
  TIPC_MEDIA_TYPE_OFFSET,
  NameDistrType,
  TIPC_NODE_CAPABILITIES,
  User,
  type TipcMsg,
  LinkProtoType,
  msgBcAckInvalid,
  msgBcastAck,
  msgBcGap,
  msgMcNetid,
  msgProbe,
  msgClone,
  msgData,
  msgDestnode,
  msgDestport,
  msgErrcode,
  msgHdrSz,
  msgInit,
  msgMediaAddr,
  msgMediaAddrInto,
  TIPC_MEDIA_INFO_SIZE,
  msgMediaAddrIs,
  msgMediaByte,
  msgNonSeq,
  msgOrignode,
  msgShort,
  msgPrevnode,
  msgSetData,
  msgSetDestnode,
  msgSetDestport,
  msgSetOrigport,
  msgType,
  msgUser,
  SHORT_H_SIZE,
} from './msg';
import { decodeReceived, decodeUnchecked, encode, msgBundle } from './msg-codec';
import { ethMediaInfo } from './msg-bodies';
import { NameTable, type Publication, publication } from './name-table';
import { type DistrMode, type DistrSendState, namedBulk, namedRcv, namedUpdate } from './name-distr';
import type { NodeState } from './node-fsm';
import { MAX_BEARERS, type NodeContext, PeerNode } from './node';
import { PeerTimers } from './peer-timers';
import { PeerTable, nodeInCluster } from './peer-table';
import { DSC_REQ, type DiscIdentity, type DiscInfo, DiscResponse, Discoverer, discInfo, discMsg, inScope, nodeIdFromAddr } from './discover';
import type { Profile } from './profiles';

export interface BearerConfig {
  /** Interface name, e.g. "eth0"; also carried in RESET/ACTIVATE. */
  readonly if_name: string;
  /** The interface's MAC address (6 bytes), as the driver assigns it. */
  readonly mac: Uint8Array;
  readonly tolerance?: number;
  readonly priority?: number;
  readonly mtu?: number;
  readonly window?: number;
}

export interface NodeConfig {
  /** TIPC node address, e.g. 0x01001001 for 1.1.1. */
  readonly address: number;
  readonly profile: Profile;
  /** Seeds this node's signature and link session numbers. */
  readonly seed: number;
  /** Index = bearer id (0 = bearer A, 1 = bearer B). */
  readonly bearers: readonly BearerConfig[];
  /** Network identity; discovery ignores other networks. Default 4711, the kernel's default. */
  readonly netId?: number;
  /** Capabilities advertised in discovery; default TIPC_NODE_CAPABILITIES (without TIPC_NAMED_BCAST for a legacy node). */
  readonly capabilities?: number;
}

/** The media broadcast address of a bearer, as `OutFrame.dest`. */
export const MEDIA_BROADCAST = 0xffffffff;

/** A frame to send: on a bearer, to a neighbour's address. */
export interface OutFrame {
  readonly bearer: number;
  readonly dest: number;
  readonly bytes: Uint8Array;
  /**
   * The media address (TIPC_MEDIA_INFO_SIZE bytes, as discovery carries it) the frame goes to on
   * the medium, for a frame to one neighbour: the one the node holds for it on the bearer (a link's
   * frames, tipc_bearer_xmit with le->maddr) or the one a discovery request announced (its
   * DSC_RESP, tipc_disc_rcv). Where it is not the neighbour's own, the frame does not reach it.
   */
  readonly maddr?: Uint8Array | undefined;
}

const DEFAULT_TOLERANCE = 1500;
const DEFAULT_PRIORITY = 10;
const DEFAULT_MTU = 1500;
const DEFAULT_WINDOW = 50;
/** Media addresses per slab (TipcNode.keepMediaAddr): 4 KiB. */
const MADDR_SLAB_ADDRS = 128;

/** A tiny seeded generator for the signature and session numbers, owned by the node (no module state). */
class RandomSource {
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

interface Bearer {
  readonly cfg: BearerConfig;
  /** The interface is up and the bearer enabled. */
  up: boolean;
  /** Media address as discovery carries it (TIPC_MEDIA_INFO_SIZE bytes). */
  readonly maddr: Uint8Array;
  disc: Discoverer | undefined;
  /** This bearer's DSC_RESP, re-addressed for each request answered. */
  readonly response: DiscResponse;
}

/**
 * What the links to one peer need of the stack (LinkContext): the peer's broadcast receive link
 * and our broadcast send link. One object per peer, shared by its links, with its methods on the
 * prototype: a thousand-node cluster has a million link endpoints, and closures per link cost
 * hundreds of bytes each.
 */
class PeerLinkContext implements LinkContext {
  constructor(
    readonly ownAddr: number,
    readonly profile: Profile,
    readonly emit: (e: StackEvent) => void,
    private readonly bcl: BcastSndLink,
    readonly peer: PeerNode,
  ) {}
  bcRcvLinkUp(): boolean {
    return this.peer.bc_rcv_up;
  }
  bcAck(): number {
    return mod(this.peer.bc_rcvlink.rcv_nxt - 1);
  }
  lastBcast(): number {
    return mod(this.bcl.snd_nxt - 1);
  }
  bcGap(): number {
    return this.peer.bc_rcvlink.gap() & 0x3ff;
  }
  /** false only in the ablation whose link timer never sends a STATE for the broadcast link */
  bcStateWanted(): boolean {
    return this.profile.bcast_timer_state && (this.peer.bc_rcvlink.acked !== mod(this.bcl.snd_nxt - 1) || this.peer.bc_rcvlink.rcv_unacked > 0);
  }
}

export class TipcNode {
  readonly address: number;
  private readonly profile: Profile;
  private readonly bearers: Bearer[];
  /** The peer table: by address, in the order the peers joined it. */
  private readonly peers: PeerTable<PeerNode>;
  /** The peers' timers, and the peers with work for the next tick (deferred link-down work, node up or down to act on). */
  private readonly timers = new PeerTimers();
  private readonly wanting = new Set<PeerNode>();
  /**
   * pollTimeout()'s answer from the peers' timers and the bearers' discovery timers, kept until one
   * of them may have changed (`wakeKnown` false): a peer's timer set (peerChanged), a tick, a bearer
   * going up or down, a link to a bearer's last peer going down. The driver asks after every frame,
   * and in a cluster of hundreds of nodes, each a heap of objects of its own, reading the timers
   * again is cache misses for an answer that almost never changed.
   */
  private wake: number | undefined;
  private wakeKnown = false;
  /** Staging (bundleNext): by peer (0: the broadcast link), how many more messages go into the bundle being built, and those in it. */
  private readonly bundling = new Map<number, { left: number; msgs: TipcMsg[] }>();
  private readonly nametbl = new NameTable();
  private readonly distr: DistrSendState = { snd_nxt: 0, rc_dests: 0 };
  /** The broadcast send link (tipc_bc_sndlink) and the up links per bearer (tipc_bc_base.dests). */
  private readonly bcl: BcastSndLink;
  private readonly dests: number[] = [];
  private readonly distrMode: DistrMode;
  private readonly random: RandomSource;
  private readonly identity: DiscIdentity;
  private events: StackEvent[] = [];
  /** Puts an event in `events` (which pollEvents() replaces): one function for every link and peer. */
  private readonly emitTo = (e: StackEvent): void => {
    this.events.push(e);
  };
  private frames: OutFrame[] = [];
  private now = 0;
  /** The peers' context (one for all). */
  private readonly peerCtx: NodeContext;
  /**
   * Each peer's links' context (one per peer, for both its links): by node number for the peers of
   * our own cluster (an array: as a Map of a million entries at 1,024 nodes it was 20 MB more), by
   * peer for others (a Map, not a WeakMap: a million ephemerons slow every full collection).
   */
  private readonly nearLinkCtx: (PeerLinkContext | undefined)[] = [];
  private readonly farLinkCtx = new Map<PeerNode, PeerLinkContext>();
  /**
   * The peers' media addresses, copied into slabs: each a view of TIPC_MEDIA_INFO_SIZE bytes. A
   * copy of its own is a typed array with a buffer and a backing store of its own, 226 bytes on the
   * heap for 32 bytes of address; a view of a slab is 88 (a million peers at 1,024 nodes).
   */
  private maddrSlab = new Uint8Array(0);
  private maddrUsed = 0;

  constructor(cfg: NodeConfig) {
    this.address = cfg.address;
    this.peers = new PeerTable(cfg.address);
    this.profile = cfg.profile;
    this.random = new RandomSource(cfg.seed);
    this.distrMode = {
      legacy: cfg.profile.named_legacy,
      bulk_exempt: cfg.profile.named_bulk_exempt,
      legacy_exempt: cfg.profile.named_legacy_exempt,
      last_bulk_sync: cfg.profile.named_last_bulk_sync,
      seqno: cfg.profile.named_seqno,
      stale_drop: cfg.profile.named_stale_drop,
      stale_drop_when_open: cfg.profile.proposed_stale_drop_when_open,
      node_scope_local: cfg.profile.named_node_scope_local,
    };
    const signature = this.random.next16();
    this.identity = {
      ownAddr: cfg.address,
      signature,
      netId: cfg.netId ?? 4711,
      nodeId: nodeIdFromAddr(cfg.address),
      peerNetHash: signature,
      // A node from before cad2929dc432 lacks TIPC_NAMED_BCAST: peers replicast their bindings to it.
      // One from before v5.5 lacks TIPC_TUNNEL_ENHANCED: peers tunnel every packet as a SYNCH_MSG to it.
      // The link protocol of one from before v4.18 lacks TIPC_LINK_PROTO_SEQNO and the later
      // TIPC_GAP_ACK_BLOCK: peers neither number nor order-check its STATEs, nor put Gap ACK blocks in theirs.
      capabilities:
        cfg.capabilities ??
        ((cfg.profile.named_legacy ? TIPC_NODE_CAPABILITIES & ~Capability.TIPC_NAMED_BCAST : TIPC_NODE_CAPABILITIES) &
          ~(cfg.profile.tunnel_enhanced ? 0 : Capability.TIPC_TUNNEL_ENHANCED) &
          ~(cfg.profile.link_proto_seqno ? 0 : Capability.TIPC_LINK_PROTO_SEQNO | Capability.TIPC_GAP_ACK_BLOCK)),
    };
    this.bcl = new BcastSndLink(this.identity.netId, cfg.profile.bcast_retransmit);
    this.peerCtx = this.nodeContext();
    this.bearers = cfg.bearers.slice(0, MAX_BEARERS).map((b) => {
      const maddr = ethMediaInfo(b.mac);
      return { cfg: b, up: false, maddr, disc: undefined, response: new DiscResponse(this.identity, maddr) };
    });
    // kernel: tipc_net_finalize() binds the node-state service {0, own address} at cluster scope.
    // Published before any peer is up, it is distributed to nobody but still takes a sequence number.
    const nodeState = this.bindLocal({ type: 0, lower: this.address, upper: this.address, scope: 'cluster', port: 0, key: this.address });
    if (nodeState) namedUpdate(this.address, this.distr, nodeState, NameDistrType.PUBLICATION, this.distrMode);
    if (!cfg.profile.node_state_numbered) this.distr.snd_nxt = 0;
  }

  /** Number of bearers configured (enabled or not). */
  get bearerCount(): number {
    return this.bearers.length;
  }

  /** Enable every bearer (tipc bearer enable): discovery starts at once on each. */
  start(now: number): void {
    this.now = now;
    this.bearers.forEach((b, i) => {
      if (!b.up) this.bearerUp(now, i);
    });
  }

  // ---------------------------------------------------------------- discovery

  /** kernel: tipc_disc_rcv() — a LINK_CONFIG message arrived on a bearer. */
  private discRcv(bearer_id: number, m: TipcMsg): void {
    const b = this.bearers[bearer_id];
    const d = discInfo(m);
    if (msgMediaByte(m, TIPC_MEDIA_TYPE_OFFSET) !== MediaType.TIPC_MEDIA_TYPE_ETH) return;
    if (msgMediaAddrIs(m, b.maddr) && this.profile.disc_rcv_filters) return; // our own message
    if (d.netId !== this.identity.netId && this.profile.disc_rcv_filters) return;
    if (!inScope(d.dst, this.address) && this.profile.disc_rcv_filters) return;
    if (d.src === this.address && this.profile.disc_rcv_filters) return; // somebody using our address (disc_dupl_alert)
    const respond = this.checkDest(bearer_id, d);
    if (!respond || (d.mtyp !== DSC_REQ && this.profile.disc_rcv_filters)) return;
    // to the address the message came from: the peer's, as checkDest keeps it, where it is that one
    const kept = this.peers.get(d.src)?.maddr[bearer_id];
    this.frames.push({ bearer: bearer_id, dest: d.src, bytes: b.response.to(d.src), maddr: msgMediaAddrIs(m, kept) ? (kept as Uint8Array) : msgMediaAddr(m) });
  }

  /**
   * kernel: tipc_node_check_dest() — what a discovery message from `d.src` on this bearer means:
   * the eight permutations of signature match, media address match and link up decide whether to
   * accept the address, respond, and reset; a new neighbour gets a node and a link. Returns
   * whether to respond.
   */
  private checkDest(bearer_id: number, d: DiscInfo): boolean {
    const now = this.now;
    let n = this.peers.get(d.src);
    if (!n) {
      n = new PeerNode(this.peerCtx, d.src, d.capabilities, now);
      this.peers.add(n);
    } else if (n.capabilities !== d.capabilities && this.profile.node_caps_refreshed) {
      n.capabilities = d.capabilities;
      for (const l of n.links) if (l) l.peer_caps = d.capabilities & this.identity.capabilities;
    }
    let l = n.links[bearer_id];
    const link_up = l !== undefined && l.isUp();
    const addr_match = l !== undefined && msgMediaAddrIs(d.m, n.maddr[bearer_id]);
    const sign_match = d.signature === n.signature;
    let respond = false;
    let accept_addr = false;
    let reset = false;
    if (sign_match && addr_match && link_up) {
      // all is fine
    } else if (sign_match && addr_match && !link_up) {
      respond = true;
    } else if (sign_match && !addr_match && link_up) {
      // duplicate address or peer changed interface: ignore until the link goes down
    } else if (sign_match && !addr_match && !link_up) {
      accept_addr = true;
      respond = true;
      reset = true;
    } else if (!sign_match && addr_match && link_up) {
      n.signature = d.signature;
    } else if (!sign_match && addr_match && !link_up) {
      n.signature = d.signature;
      respond = this.profile.disc_reboot_answered;
    } else if (!sign_match && !addr_match && link_up) {
      // duplicate: ignore until the link goes down
    } else {
      n.signature = d.signature;
      accept_addr = true;
      respond = true;
      reset = true;
    }
    if (link_up && !addr_match && !this.profile.disc_dupl_addr_ignored) {
      // ablation: cases 3 and 7 taken as 4 and 8
      n.signature = d.signature;
      accept_addr = respond = reset = true;
    }
    if (!accept_addr) return respond;
    if (!l) {
      if (n.linkCount() === 2) return respond;
      l = this.createLink(n, bearer_id);
      l.reset();
      l.fsmEvt('RESET_EVT');
      if (n.state === 'FAILINGOVER') l.fsmEvt('FAILOVER_BEGIN_EVT');
      n.links[bearer_id] = l;
      n.calculateTimer(l);
      if (n.linkCount() === 1) n.timer_due = now + n.keepalive_intv;
    }
    // a copy of its own, which nothing writes into (responses to this peer share it)
    n.maddr[bearer_id] = this.keepMediaAddr(d.m);
    if (reset && !l.isReset()) n.linkDown(bearer_id, now);
    return respond;
  }

  /** A copy of the media address field of `m` (msgMediaAddr), in the slab. */
  private keepMediaAddr(m: TipcMsg): Uint8Array {
    if (this.maddrUsed + TIPC_MEDIA_INFO_SIZE > this.maddrSlab.length) {
      this.maddrSlab = new Uint8Array(MADDR_SLAB_ADDRS * TIPC_MEDIA_INFO_SIZE);
      this.maddrUsed = 0;
    }
    const at = this.maddrUsed;
    this.maddrUsed = at + TIPC_MEDIA_INFO_SIZE;
    return msgMediaAddrInto(m, this.maddrSlab.subarray(at, at + TIPC_MEDIA_INFO_SIZE));
  }

  /** kernel: tipc_link_create() with the bearer's properties and a random session. */
  private createLink(n: PeerNode, bearer_id: number): TipcLink {
    const b = this.bearers[bearer_id].cfg;
    return new TipcLink(
      this.linkContext(n),
      {
        bearer_id,
        if_name: b.if_name,
        peer: n.addr,
        peer_if_name: 'unknown',
        // A link acts on the capabilities both nodes have: an older node knows nothing of the later bits.
        peer_caps: n.capabilities & this.identity.capabilities,
        tolerance: b.tolerance ?? DEFAULT_TOLERANCE,
        priority: b.priority ?? DEFAULT_PRIORITY,
        net_plane: bearer_id,
        mtu: b.mtu ?? DEFAULT_MTU,
        window: b.window ?? DEFAULT_WINDOW,
        session: this.random.next16(),
      },
    );
  }

  /** The context of `n`'s links: the one its other link has, or a new one. */
  private linkContext(n: PeerNode): PeerLinkContext {
    const k = nodeInCluster(this.address, n.addr);
    let ctx = k >= 0 ? this.nearLinkCtx[k] : this.farLinkCtx.get(n);
    // (a node deleted and made again at the same address is another PeerNode: a context of its own)
    if (ctx === undefined || ctx.peer !== n) {
      ctx = new PeerLinkContext(this.address, this.profile, this.emitTo, this.bcl, n);
      if (k >= 0) this.nearLinkCtx[k] = ctx;
      else this.farLinkCtx.set(n, ctx);
    }
    return ctx;
  }

  /** `n` was deleted: its links' context goes with it. */
  private forgetLinkContext(n: PeerNode): void {
    const k = nodeInCluster(this.address, n.addr);
    if (k < 0) this.farLinkCtx.delete(n);
    else if (this.nearLinkCtx[k]?.peer === n) this.nearLinkCtx[k] = undefined;
  }

  /** What every peer node needs of this stack: one for all of them (nothing in it is a peer's own). */
  private nodeContext(): NodeContext {
    return {
      ownAddr: this.address,
      profile: this.profile,
      emit: this.emitTo,
      bcastAddPeer: (r) => {
        addBcPeer(this.bcl, r);
        // only the ablation that trusts a new peer's broadcast acknowledgements at once
        if (!this.profile.bcast_peer_trust) r.bc_peer_is_up = true;
        return mod(this.bcl.snd_nxt - 1);
      },
      bcastRemovePeer: (r, now) => removeBcPeer(this.bcl, r, now, this.profile.bcast_restart_alone),
      bearerAddDest: (b) => {
        this.dests[b] = (this.dests[b] ?? 0) + 1;
        if (this.profile.disc_count_dests) this.bearers[b]?.disc?.addDest();
      },
      bearerRemoveDest: (b, now) => {
        this.wakeKnown = false;
        this.dests[b] = (this.dests[b] ?? 1) - 1;
        if (this.profile.disc_count_dests) this.bearers[b]?.disc?.removeDest(now, !this.profile.disc_reinit_when_slow_only);
      },
      peerChanged: (n) => this.peerChanged(n),
    };
  }

  /** A peer's timer was set, or it has work for the next tick (NodeContext.peerChanged). */
  private peerChanged(n: PeerNode): void {
    this.wakeKnown = false;
    const order = this.peers.joinedAt(n);
    // a peer being made is not in the table yet; its first timer is set after
    if (order === undefined) return;
    if (n.timer_due !== undefined) this.timers.set(n, order);
    if (n.hasDeferredWork() || n.notify_node_up || n.notify_node_down) this.wanting.add(n);
  }

  // ------------------------------------------------------------ driver API

  /** kernel: tipc_rcv() — a frame arrived on a bearer. */
  receive(now: number, bearer: number, bytes: Uint8Array): void {
    this.now = now;
    const b = this.bearers[bearer];
    if (!b || !b.up) return;
    const d = this.profile.msg_validate ? decodeReceived(bytes) : decodeUnchecked(bytes);
    if (!d.ok) {
      this.events.push({ kind: 'frame-rejected', bearer, error: d.error });
      return;
    }
    const m = d.msg;
    if (msgNonSeq(m)) {
      if (msgUser(m) === User.LINK_CONFIG) this.discRcv(bearer, m);
      else this.bcRcv(bearer, m);
      this.afterInputOf(this.peers.get(msgPrevnode(m)));
      return;
    }
    // ablation-short-header-destnode: a 24-byte header's absent destnode read as 0, another node
    if (!this.profile.rcv_short_header_exempt && msgShort(m)) return;
    if (msgHdrSz(m) > SHORT_H_SIZE && msgDestnode(m) !== this.address && this.profile.rcv_destnode_filter) return;
    const n = this.peers.get(msgPrevnode(m));
    if (!n) return;
    // Ensure broadcast reception is in synch with the peer's send state
    if (msgUser(m) === User.LINK_PROTOCOL) this.bcSyncRcv(n, bearer, m);
    else if (msgBcastAck(m) !== n.bc_rcvlink.acked && !msgBcAckInvalid(m) && this.profile.bcast_data_ack) {
      // kernel: tipc_bcast_ack_rcv()
      bcAckRcv(this.bcl, n.bc_rcvlink, msgBcastAck(m), 0, now);
    }
    n.rcv(bearer, m, now);
    this.afterInputOf(n);
  }

  /**
   * kernel: tipc_node_bc_rcv() / tipc_bcast_rcv() — a packet of a peer's broadcast link: found
   * by prevnode, accepted only with our network id in word 5 and a synchronised receive link; no
   * node FSM check. A STATE it asks for goes back on the unicast link of the arrival bearer.
   */
  private bcRcv(bearer: number, m: TipcMsg): void {
    const n = this.peers.get(msgPrevnode(m));
    if (!n) return;
    const r = n.bc_rcvlink;
    // only the ablation that takes another network's broadcast packets skips the network id check
    if ((msgMcNetid(m) !== this.identity.netId && this.profile.bcast_netid_filter) || !r.up) return;
    // A legacy BCAST_PROTOCOL NACK (peers without TIPC_BCAST_STATE_NACK): not modelled.
    if (msgUser(m) === User.BCAST_PROTOCOL) return;
    const wantState = r.rcv(m);
    const l = n.links[bearer];
    if (wantState && l) l.buildStateMsg(l.out());
    const delivered = r.inputq;
    r.inputq = EMPTY;
    for (const d of delivered) this.deliver(n, d);
  }

  /**
   * kernel: tipc_node_bc_sync_rcv() / tipc_bcast_sync_rcv() — a LINK_PROTOCOL message from the
   * peer carries its broadcast acknowledgement (bcast_ack, bc_gap) and progress (last_bcast).
   */
  private bcSyncRcv(n: PeerNode, bearer: number, m: TipcMsg): void {
    // RESET/ACTIVATE synchronise only peers without TIPC_BCAST_SYNCH, which are not modelled.
    if (msgType(m) !== LinkProtoType.STATE_MSG || (msgBcAckInvalid(m) && this.profile.bcast_ack_invalid_honoured)) return;
    const r = n.bc_rcvlink;
    bcAckRcv(this.bcl, r, msgBcastAck(m), msgBcGap(m), this.now);
    // only the ablation that takes an acknowledgement going back retransmits the gap it reports
    if (!this.profile.bcast_ack_order && r.up && r.bc_peer_is_up && less(msgBcastAck(m), r.acked)) this.bcl.advanceTransmq(r, msgBcastAck(m), msgBcGap(m), this.now);
    // A probe gets its reply from the link anyway, with the same broadcast fields.
    const l = n.links[bearer];
    if (r.syncRcv(m, this.profile.bcast_sync_needs_up, this.profile.bcast_sync_window) && !msgProbe(m) && l && this.profile.bcast_sync_nack) l.buildStateMsg(l.out());
  }

  /** Run every node timer that is due at `now`. */
  tick(now: number): void {
    this.now = now;
    this.wakeKnown = false;
    for (let i = 0; i < this.bearers.length; i++) {
      const b = this.bearers[i];
      if ((!b.up && this.profile.disc_quiet_when_down) || !b.disc || b.disc.due > now) continue;
      b.disc.sent(now);
      this.frames.push({ bearer: i, dest: MEDIA_BROADCAST, bytes: encode(discMsg(this.identity, DSC_REQ, b.maddr, 0)) });
    }
    const peers = this.duePeers(now);
    let deleted = false;
    for (const n of peers) {
      if (n.hasDeferredWork()) n.runDeferred(now);
      if (n.timer_due !== undefined && n.timer_due <= now) n.timeout(now);
      if (n.deleted) {
        deleted = true;
        this.peers.delete(n);
        this.forgetLinkContext(n);
        this.wanting.delete(n);
        this.events.push({ kind: 'node-deleted', peer: n.addr });
      }
    }
    this.afterInput(deleted ? peers.filter((n) => !n.deleted) : peers, true);
    if (this.wanting.size > 0) for (const n of peers) if (!(n.hasDeferredWork() || n.notify_node_up || n.notify_node_down)) this.wanting.delete(n);
  }

  /**
   * The peers with work or a timer due, each once, in the peer table's order (as a walk of the
   * table meets them), leaving out any no longer in it. Most ticks are one peer's keepalive timer
   * and no other work: its list from the timers is the answer, with no set and no sort.
   */
  private duePeers(now: number): PeerNode[] {
    const due = this.timers.due(now);
    let peers = due;
    if (this.wanting.size > 0) {
      const visit = new Set<PeerNode>(this.wanting);
      for (const n of due) visit.add(n);
      peers = [...visit];
    }
    let kept = 0;
    let sorted = true;
    let last = -1;
    for (const n of peers) {
      const order = this.peers.joinedAt(n);
      if (order === undefined) continue;
      if (order < last) sorted = false;
      last = order;
      peers[kept++] = n;
    }
    peers.length = kept;
    return sorted ? peers : peers.sort((a, b) => (this.peers.joinedAt(a) ?? 0) - (this.peers.joinedAt(b) ?? 0));
  }

  /** When tick() is next wanted: now, if a link went down or a node came up and its work is pending. */
  pollTimeout(): number | undefined {
    // (a Set's for-of makes an iterator: none when it is empty, as it is after almost every frame)
    if (this.wanting.size > 0) {
      for (const n of this.wanting) {
        if (n.hasDeferredWork() || n.notify_node_up) return this.now;
        if (!n.notify_node_down) this.wanting.delete(n);
      }
    }
    if (this.wakeKnown) return this.wake;
    let due: number | undefined;
    for (const b of this.bearers) {
      if (b.up && b.disc && (due === undefined || b.disc.due < due)) due = b.disc.due;
    }
    const timer = this.timers.next();
    if (timer !== undefined && (due === undefined || timer < due)) due = timer;
    this.wake = due;
    this.wakeKnown = true;
    return due;
  }

  /** The frames to send since the last call (an empty list, shared, when there are none: the caller does not keep it). */
  pollTransmit(): readonly OutFrame[] {
    const f = this.frames;
    if (f.length === 0) return f;
    this.frames = [];
    return f;
  }

  /** Events since the last call (for the adapter, which also writes them as the trace's notes); shared when empty, as pollTransmit. */
  pollEvents(): readonly StackEvent[] {
    const e = this.events;
    if (e.length === 0) return e;
    this.events = [];
    return e;
  }

  // ---------------------------------------------------------- control calls

  /**
   * The interface under a bearer goes down (NETDEV_DOWN → tipc_reset_bearer): every link on it is
   * taken down at once, which starts failover where a parallel link is up, and deleted
   * (tipc_node_delete_links). While down, nothing is sent or received on it.
   */
  bearerDown(now: number, bearer: number): void {
    this.now = now;
    const b = this.bearers[bearer];
    if (!b || !b.up) return;
    this.wakeKnown = false;
    for (const n of this.peers.values()) n.linkDown(bearer, now, true);
    this.afterInput();
    b.up = false;
  }

  /** The interface comes up (NETDEV_UP): discovery starts over (tipc_disc_reset / tipc_disc_create). */
  bearerUp(now: number, bearer: number): void {
    this.now = now;
    const b = this.bearers[bearer];
    this.wakeKnown = false;
    if (b?.up && !this.profile.bearer_up_idempotent) b.up = false;
    if (!b || b.up) return;
    b.up = true;
    if (b.disc) b.disc.reset(now);
    else b.disc = new Discoverer(now);
  }

  /** Bind a service range on this node and distribute it (tipc_nametbl_publish). */
  publish(now: number, p: Omit<Publication, 'node'>): boolean {
    this.now = now;
    const publ = this.bindLocal(p);
    if (!publ) return false;
    this.distribute(namedUpdate(this.address, this.distr, publ, NameDistrType.PUBLICATION, this.distrMode));
    this.afterInput();
    return true;
  }

  /** Unbind a service range and distribute the withdrawal (tipc_nametbl_withdraw). */
  withdraw(now: number, type: number, lower: number, upper: number, key: number): boolean {
    this.now = now;
    const publ = this.nametbl.remove(type, lower, upper, this.address, key);
    if (!publ && !this.profile.control_refuses_nothing_to_do) return true;
    if (!publ) return false;
    this.distribute(namedUpdate(this.address, this.distr, publ, NameDistrType.WITHDRAWAL, this.distrMode));
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
    const staged = this.bundling.get(dest);
    if (staged) {
      staged.msgs.push(m);
      if (--staged.left > 0) return true;
      this.bundling.delete(dest);
    }
    const ok = this.nodeXmit(staged ? msgBundle(this.address, dest, staged.msgs) : m, dest, selector);
    this.afterInput();
    return ok;
  }

  /**
   * Staging, a tester's control: the next `count` user messages to `dest` go out as one
   * MSG_BUNDLER bundle (msgBundle), sent over the active link when the last of them is sent, as
   * 6.1 bundles the messages that wait in a congested link's backlog (tipc_link_xmit →
   * tipc_msg_try_bundle): the bundle takes one link sequence number. `dest` 0: the next `count`
   * binding table updates sent on the broadcast link (the bcl bundles its backlog the same way,
   * dnode 0). The reference never bundles by itself.
   */
  bundleNext(dest: number, count: number): void {
    this.bundling.set(dest, { left: count, msgs: [] });
  }

  /**
   * kernel: tipc_nl_node_set_link() with TIPC_NLA_PROP_TOL. A tolerance outside
   * TIPC_MIN_LINK_TOL..TIPC_MAX_LINK_TOL (50..30000 ms) is refused, the link left as it was:
   * tipc_nl_parse_link_prop() returns -EINVAL before tipc_link_set_tolerance() is called.
   */
  setLinkTolerance(now: number, peer: number, bearer: number, tolerance: number): boolean {
    if (!toleranceInRange(tolerance) && this.profile.link_tolerance_range) {
      const l = this.peers.get(peer)?.links[bearer];
      if (l) this.events.push({ kind: 'tolerance-ignored', link: l.name, tolerance, from: 'control' });
      return false;
    }
    return this.setLinkProp(now, peer, bearer, (l) => l.setTolerance(tolerance, l.out()));
  }

  /** kernel: tipc_nl_node_set_link() with TIPC_NLA_PROP_PRIO. */
  setLinkPriority(now: number, peer: number, bearer: number, priority: number): boolean {
    return this.setLinkProp(now, peer, bearer, (l) => l.setPriority(priority, l.out()));
  }

  private setLinkProp(now: number, peer: number, bearer: number, set: (l: TipcLink) => void): boolean {
    this.now = now;
    const l = this.peers.get(peer)?.links[bearer];
    if (!l && !this.profile.control_refuses_nothing_to_do) return true;
    if (!l) return false;
    set(l);
    this.afterInput();
    return true;
  }

  // ------------------------------------------------------------ observations

  linkState(peer: number, bearer: number): LinkState | undefined {
    return this.peers.get(peer)?.links[bearer]?.state;
  }

  nodeState(peer: number): NodeState | undefined {
    return this.peers.get(peer)?.state;
  }

  /** A link endpoint's tolerance, ms (what tipc_nl_node_get_link reports as TIPC_NLA_PROP_TOL). */
  linkTolerance(peer: number, bearer: number): number | undefined {
    return this.peers.get(peer)?.links[bearer]?.tolerance;
  }

  /** A link endpoint's name (what tipc_nl_link_dump reports as TIPC_NLA_LINK_NAME). */
  linkName(peer: number, bearer: number): string | undefined {
    return this.peers.get(peer)?.links[bearer]?.name;
  }

  /** A link endpoint's drop_point (internal failover state), for precise checks. */
  dropPoint(peer: number, bearer: number): number | undefined {
    return this.peers.get(peer)?.links[bearer]?.drop_point;
  }

  nameTable(): readonly Publication[] {
    return this.nametbl.all();
  }

  // ------------------------------------------------------------- internals

  private bindLocal(p: Omit<Publication, 'node'>): Publication | undefined {
    const publ = publication(p.type, p.lower, p.upper, p.scope, this.address, p.port, p.key);
    return this.nametbl.insert(publ, 'local') ? publ : undefined;
  }

  /**
   * kernel: tipc_node_broadcast() — once on the broadcast link while every up peer has
   * TIPC_NAMED_BCAST (rc_dests == 0), else a copy with destnode = peer to every up peer
   * (replicast) on its slot-0 link. A node from before cad2929dc432 always replicasts.
   */
  private distribute(m: TipcMsg | undefined): void {
    if (!m) return;
    if (!this.distrMode.legacy && this.distr.rc_dests === 0) {
      const staged = this.bundling.get(0);
      if (staged) {
        staged.msgs.push(m);
        if (--staged.left > 0) return;
        this.bundling.delete(0);
      }
      this.bcl.xmit([staged ? msgBundle(this.address, 0, staged.msgs) : m], this.now);
      return;
    }
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
    l.xmit([m], l.out(), this.now);
    return true;
  }

  /**
   * Deliver what links released, act on node down, then collect frames. The NODE_UP work (the
   * name bulk) runs only from tick(): the kernel does it in tipc_node_write_unlock(), after the
   * node lock is released, so a publication on another CPU can come between the peer joining
   * our broadcast link and the bulk's snapshot. The driver ticks again in the same instant.
   */
  private afterInput(touched: Iterable<PeerNode> = this.peers.values(), nodeUpWork = false): void {
    const peers = Array.isArray(touched) ? (touched as PeerNode[]) : [...touched];
    for (const n of peers) this.settle(n, nodeUpWork);
    this.flushBcast();
    for (const n of peers) this.flushPeer(n);
  }

  /** afterInput() for the one peer a frame concerns (the only one whose queues it can have touched), if known. */
  private afterInputOf(n: PeerNode | undefined): void {
    if (n !== undefined) this.settle(n, false);
    this.flushBcast();
    if (n !== undefined) this.flushPeer(n);
  }

  /** afterInput()'s work for one peer: deliver, the name distributor's queue, node up and down. */
  private settle(n: PeerNode, nodeUpWork: boolean): void {
    for (const l of n.links) {
      if (!l || l.inputq.length === 0) continue;
      const q = l.inputq;
      l.inputq = EMPTY;
      for (const m of q) this.deliver(n, m);
    }
    if (n.namedq.length > 0) {
      namedRcv(
        n,
        this.nametbl,
        this.distrMode,
        (e) => this.events.push(e),
        (a) => a !== this.address && this.peers.has(a),
      );
      // drained: back to the shared empty queue (reference/queue.ts), not an empty array kept per peer
      if (n.namedq.length === 0) n.namedq = EMPTY;
    }
    if (nodeUpWork && n.notify_node_up) {
      n.notify_node_up = false;
      this.events.push({ kind: 'node-up', peer: n.addr });
      // kernel: tipc_named_node_up() — a peer without TIPC_NAMED_BCAST forces replicast
      n.rc_counted = !(n.capabilities & Capability.TIPC_NAMED_BCAST);
      if (!this.distrMode.legacy && n.rc_counted) this.distr.rc_dests++;
      const mtu = n.activeLink(0)?.mss() ?? 0;
      // nt->cluster_scope; the node-scope ablation puts node-scope bindings on it too
      const publs = this.distrMode.node_scope_local ? this.nametbl.clusterScope(this.address) : this.nametbl.own(this.address);
      for (const m of namedBulk(this.address, this.distr, publs, mtu, n.addr, this.distrMode))
        this.nodeXmit(m, n.addr, 0);
    }
    if (n.notify_node_down) {
      n.notify_node_down = false;
      this.events.push({ kind: 'node-down', peer: n.addr });
      // kernel: tipc_publ_notify(), with the capabilities the peer has now: a discovery message
      // may have changed them since its node up (KF-4); the proposed fix uncounts what was counted.
      this.nametbl.purgeNode(n.addr);
      const counted = this.profile.proposed_rc_dests_as_counted ? n.rc_counted : !(n.capabilities & Capability.TIPC_NAMED_BCAST);
      n.rc_counted = false;
      if (!this.distrMode.legacy && (counted || !this.profile.named_rc_dests_caps)) {
        // a u32 in the kernel: below 0 it is 0xffffffff, which tipc_node_broadcast reads as -1
        if (this.distr.rc_dests > 0 || this.profile.rc_dests_below_zero) this.distr.rc_dests--;
      }
    }
  }

  /**
   * kernel: tipc_bcbase_select_primary() / tipc_bcbase_xmit() — the bearers a broadcast packet
   * goes out on: the primary bearer (one that reaches every peer; the scan stops at the first whose
   * index parity differs from our address's), else every bearer with a link up.
   */
  private bcBearers(): number[] {
    let primary: number | undefined;
    const used: number[] = [];
    for (let i = 0; i < this.bearers.length; i++) {
      const d = this.dests[i] ?? 0;
      if (!this.bearers[i].up || d === 0) continue;
      used.push(i);
      if (primary !== undefined && ((primary ^ this.address) & 1) !== 0) continue;
      if (d >= this.bcl.ackers) primary = i;
    }
    if (!this.profile.bcast_all_dests) return used.slice(0, 1);
    return primary !== undefined ? [primary] : used;
  }

  /** kernel: tipc_data_input() / tipc_sk_rcv() — by user. */
  private deliver(n: PeerNode, m: TipcMsg): void {
    const usr = msgUser(m);
    // ablation-no-data-filter: whatever no other user takes is user data
    if (!this.profile.data_filter && usr !== User.NAME_DISTRIBUTOR && usr !== User.BCAST_PROTOCOL) {
      this.events.push({ kind: 'data', from: msgOrignode(m), port: msgDestport(m), payload: msgData(m) });
      return;
    }
    if (usr === User.NAME_DISTRIBUTOR) {
      // kernel: tipc_data_input() also marks the broadcast receive link established
      n.bc_rcvlink.up = true;
      (n.namedq = writable(n.namedq)).push(m);
    } else if (usr === User.BCAST_PROTOCOL) {
      // kernel: tipc_link_bc_init_rcv() — our broadcast receive link for this peer is in synch
      if (this.profile.bcast_init_sync) n.bc_rcvlink.initRcv(m);
    } else if (usr <= User.TIPC_CRITICAL_IMPORTANCE) {
      if (msgType(m) === DataType.TIPC_DIRECT_MSG && msgErrcode(m) === 0 && msgDestport(m) !== 0) {
        if (usr === User.TIPC_CRITICAL_IMPORTANCE && !this.profile.data_critical) return;
        const from = this.profile.data_from_orignode ? msgOrignode(m) : msgPrevnode(m);
        this.events.push({ kind: 'data', from, port: msgDestport(m), payload: msgData(m) });
      }
    }
  }

  /** Collect what the broadcast link has to send. */
  private flushBcast(): void {
    if (this.bcl.outq.length > 0) {
      const q = this.bcl.outq;
      this.bcl.outq = [];
      const bearers = this.bcBearers();
      for (const m of q) {
        const bytes = encode(m);
        for (const b of bearers) this.frames.push({ bearer: b, dest: MEDIA_BROADCAST, bytes });
      }
    }
  }

  /** Collect what a peer's links have to send. */
  private flushPeer(n: PeerNode): void {
    for (const l of n.links) {
      if (!l || l.outq === EMPTY) continue;
      const q = l.outq;
      l.outq = EMPTY;
      if (q.length === 0 || !this.bearers[l.bearer_id]?.up) continue;
      const maddr = n.maddr[l.bearer_id];
      for (const m of q) this.frames.push({ bearer: l.bearer_id, dest: n.addr, bytes: encode(m), maddr });
    }
  }
}

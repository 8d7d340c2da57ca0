/**
 * The broadcast link (net/tipc/bcast.c and the tipc_link_bc_* functions of link.c), sans-IO.
 *
 * One send link per node (the kernel's bcl, `tipc_bc_sndlink()`) numbers every broadcast packet
 * from its own sequence, keeps it until every peer counted at send time has acknowledged it, and
 * retransmits by broadcast on a peer's bc_gap at most once per 10 ms. One receive link per peer
 * (`n->bc_entry.link`) synchronises on the peer's BCAST_PROTOCOL init message, delivers in order,
 * defers what arrives early, and feeds bcast_ack / bc_gap back through the unicast links.
 *
 * Not modelled: Gap ACK blocks for broadcast (our STATEs carry an empty record, so peers fall back
 * to bc_gap), bundling in the backlog (a kernel peer's bundle is taken apart on receipt),
 * retransmission failure of the broadcast link, the legacy BCAST_PROTOCOL NACK of peers without
 * TIPC_BCAST_STATE_NACK, socket multicast.
 * See docs/notes/broadcast-link.md for the kernel facts behind each function.
 */
import { less, less_eq, mod, more } from './core';
import { EMPTY, writable } from './queue';
import { msgExtract } from './msg-codec';
import {
  type TipcMsg,
  User,
  msgClone,
  msgLastBcast,
  msgPeerNodeIsUp,
  msgSeqno,
  msgSetAck,
  msgSetBcastAck,
  msgSetMcNetid,
  msgSetNonSeq,
  msgSetSeqno,
  msgAck,
  msgUser,
} from './msg';

/** BCLINK_WIN_DEFAULT: the broadcast send window, fixed (the bcl never grows it). */
export const BCLINK_WIN_DEFAULT = 50;
/** TIPC_BC_RETR_LIM: a broadcast packet is retransmitted at most once per this many ms. */
export const TIPC_BC_RETR_LIM = 10;
/** TIPC_MIN_LINK_WIN: a receive link asks for an ack after this many unacknowledged packets. */
const TIPC_MIN_LINK_WIN = 16;
/** TIPC_MAX_LINK_WIN: packets this far ahead of rcv_nxt are out of window. */
const TIPC_MAX_LINK_WIN = 8191;

interface BcTxEntry {
  readonly msg: TipcMsg;
  /** Peers that still have to acknowledge this packet (TIPC_SKB_CB(skb)->ackers). */
  ackers: number;
  /** Not retransmitted again before this time (TIPC_SKB_CB(skb)->nxt_retr). */
  nxt_retr: number;
}

/** The node's broadcast send link (the kernel's bcl). */
export class BcastSndLink {
  snd_nxt = 1;
  /** Number of broadcast peers (l->ackers on the bcl). */
  ackers = 0;
  readonly window = BCLINK_WIN_DEFAULT;
  transmq: BcTxEntry[] = [];
  backlogq: TipcMsg[] = [];
  /** Packets to put on the broadcast medium, drained by the node (tipc_bcbase_xmit). */
  outq: TipcMsg[] = [];

  /** `retransmit` false only in the ablation that ignores a peer's bc_gap. */
  constructor(
    private readonly netId: number,
    private readonly retransmit = true,
  ) {}

  /**
   * kernel: tipc_bcast_xmit() → tipc_link_xmit(bcl). Without peers the packets are silently
   * dropped. Returns whether they were accepted.
   */
  xmit(list: TipcMsg[], now: number): boolean {
    if (this.ackers === 0) return false;
    for (const m of list) {
      if (this.transmq.length >= this.window) this.backlogq.push(m);
      else this.sequence(m, now);
    }
    return true;
  }

  /** kernel: tipc_link_xmit() on the bcl: ack and bcast_ack are 0 (its rcv_nxt stays 1). */
  private sequence(m: TipcMsg, now: number): void {
    msgSetSeqno(m, this.snd_nxt);
    msgSetAck(m, 0);
    msgSetBcastAck(m, 0);
    this.transmq.push({ msg: m, ackers: this.ackers, nxt_retr: now + TIPC_BC_RETR_LIM });
    this.emit(m);
    this.snd_nxt = mod(this.snd_nxt + 1);
  }

  /** kernel: tipc_bearer_bc_xmit() — non_seq set and word 5 overwritten with the network id. */
  private emit(m: TipcMsg): void {
    const copy = msgClone(m);
    msgSetNonSeq(copy, true);
    msgSetMcNetid(copy, this.netId);
    this.outq.push(copy);
  }

  /** kernel: tipc_link_advance_backlog() on the bcl. */
  advanceBacklog(now: number): void {
    while (this.backlogq.length > 0 && this.transmq.length < this.window) {
      this.sequence(this.backlogq.shift() as TipcMsg, now);
    }
  }

  /**
   * kernel: tipc_link_advance_transmq() for the bcl — count peer `r`'s acknowledgement of every
   * packet up to `acked` it had not acknowledged before, release packets nobody still owes, and
   * retransmit the `gap` packets after `acked` that are due.
   */
  advanceTransmq(r: BcastRcvLink, acked: number, gap: number, now: number): void {
    const from = mod(acked + 1);
    const to = mod(acked + gap);
    for (const e of this.transmq) {
      const seqno = msgSeqno(e.msg);
      if (less_eq(seqno, acked)) {
        if (less_eq(seqno, r.acked)) continue;
        e.ackers--;
        continue;
      }
      if (gap === 0 || !this.retransmit || more(seqno, to)) break;
      if (less(seqno, from) || now < e.nxt_retr) continue;
      e.nxt_retr = now + TIPC_BC_RETR_LIM;
      this.emit(e.msg);
    }
    this.transmq = this.transmq.filter((e) => e.ackers > 0);
    if (more(acked, r.acked)) r.acked = acked;
  }

  /** kernel: tipc_link_reset() of the bcl when its last peer is gone: numbering starts over. */
  reset(): void {
    this.snd_nxt = 1;
    this.transmq = [];
    this.backlogq = [];
    this.outq = [];
  }
}

/** A node's broadcast receive link for one peer (n->bc_entry.link). */
export class BcastRcvLink {
  /** ESTABLISHED: synchronised with the peer's broadcast stream; otherwise RESET. */
  up = false;
  /** Next broadcast seqno expected from the peer. */
  rcv_nxt = 1;
  /** The peer's bcl snd_nxt as last announced (last_bcast + 1). */
  snd_nxt = 1;
  deferdq: readonly TipcMsg[] = EMPTY;
  rcv_unacked = 0;
  /** Last packet of OUR bcl that this peer acknowledged. */
  acked = 0;
  /** The peer acknowledged our unicast packet 1 (the init message): its acks can be trusted. */
  bc_peer_is_up = false;
  /** Out-of-order arrivals so far (stats.deferred_recv), to spread NACKs among receivers. */
  private deferred_recv = 0;
  /** In-order packets for the node (NAME_DISTRIBUTOR to namedq). */
  inputq: readonly TipcMsg[] = EMPTY;

  /**
   * `sorted` false only in the ablation that appends an early packet to the deferred queue,
   * `staggered` false only in the one that acks and NACKs at every packet, whatever the address,
   * `unbundle` false only in the one that drops bundles.
   */
  constructor(
    private readonly ownAddr: number,
    private readonly sorted = true,
    private readonly staggered = true,
    private readonly unbundle = true,
  ) {}

  /** kernel: tipc_link_reset() on a receive link. */
  reset(): void {
    this.up = false;
    this.rcv_nxt = 1;
    this.snd_nxt = 1;
    this.deferdq = EMPTY;
    this.rcv_unacked = 0;
    this.acked = 0;
    this.bc_peer_is_up = false;
    this.deferred_recv = 0;
  }

  /** kernel: tipc_link_bc_init_rcv() for the peer's BCAST_PROTOCOL init message. */
  initRcv(m: TipcMsg): void {
    if (this.up) return;
    this.rcv_nxt = mod(msgLastBcast(m) + 1);
    this.snd_nxt = this.rcv_nxt;
    this.up = true;
  }

  /** kernel: link_bc_rcv_gap() — what the next STATE reports in bc_gap. */
  gap(): number {
    if (this.deferdq.length > 0) return mod(msgSeqno(this.deferdq[0]) - this.rcv_nxt);
    if (more(this.snd_nxt, this.rcv_nxt)) return mod(this.snd_nxt - this.rcv_nxt);
    return 0;
  }

  /**
   * kernel: tipc_link_rcv() on a receive link — deliver in order, defer what is early, drop
   * duplicates. Returns true when the node should send a STATE (an ack or a NACK) now.
   */
  rcv(m: TipcMsg): boolean {
    if (!this.up) return false;
    let want = false;
    let next: TipcMsg | undefined = m;
    while (next) {
      const seqno = msgSeqno(next);
      if (less(seqno, this.rcv_nxt) || more(seqno, mod(this.rcv_nxt + TIPC_MAX_LINK_WIN))) return want;
      if (seqno !== this.rcv_nxt) {
        if (!this.deferdq.some((d) => msgSeqno(d) === seqno)) {
          const at = this.deferdq.findIndex((d) => more(msgSeqno(d), seqno));
          const q = (this.deferdq = writable(this.deferdq));
          if (at < 0 || !this.sorted) q.push(next);
          else q.splice(at, 0, next);
        }
        return want || this.buildNackMsg();
      }
      this.rcv_nxt = mod(this.rcv_nxt + 1);
      // kernel: tipc_link_input() — a bundle (a kernel peer's bcl bundles its backlog,
      // tipc_msg_try_bundle) is taken apart (tipc_msg_extract) and each message handed up
      const inputq = (this.inputq = writable(this.inputq));
      if (msgUser(next) === User.MSG_BUNDLER) inputq.push(...(this.unbundle ? msgExtract(next) : []));
      else inputq.push(next);
      if (++this.rcv_unacked >= TIPC_MIN_LINK_WIN) want = this.buildStateMsg() || want;
      next = this.deferdq.length > 0 && msgSeqno(this.deferdq[0]) === this.rcv_nxt ? writable(this.deferdq).shift() : undefined;
    }
    return want;
  }

  /** kernel: tipc_link_build_nack_msg() on a receive link — every 16th deferral, staggered by address. */
  private buildNackMsg(): boolean {
    this.deferred_recv++;
    return (this.deferred_recv & 0xf) === (this.ownAddr & 0xf) || !this.staggered;
  }

  /** kernel: tipc_link_build_state_msg() on a receive link — acks staggered by address. */
  private buildStateMsg(): boolean {
    if (((this.rcv_nxt ^ this.ownAddr) & 0xf) !== 0xf && this.staggered) return false;
    this.rcv_unacked = 0;
    this.snd_nxt = this.rcv_nxt;
    return true;
  }

  /**
   * kernel: tipc_link_bc_sync_rcv() — the peer's STATE announces how far its broadcasts go
   * (last_bcast). Returns true when a gap shows and a STATE (the NACK) should go back.
   * `needsUp` false only in the ablation that acts on a STATE while the link is down (before the
   * peer's init message), `windowed` false only in the one that takes a last_bcast however far ahead.
   */
  syncRcv(m: TipcMsg, needsUp: boolean, windowed: boolean): boolean {
    if ((!this.up && needsUp) || !msgPeerNodeIsUp(m)) return false;
    if (msgAck(m) !== 0) this.bc_peer_is_up = true;
    if (!this.bc_peer_is_up) return false;
    const peers_snd_nxt = mod(msgLastBcast(m) + 1);
    if (windowed && more(peers_snd_nxt, mod(this.rcv_nxt + BCLINK_WIN_DEFAULT))) return false;
    this.snd_nxt = peers_snd_nxt;
    return this.gap() !== 0;
  }
}

/** kernel: tipc_link_bc_ack_rcv() — peer `r` acknowledges up to `acked` and reports `gap` missing. */
export function bcAckRcv(bcl: BcastSndLink, r: BcastRcvLink, acked: number, gap: number, now: number): void {
  if (!r.up || !r.bc_peer_is_up) return;
  if (less(acked, r.acked) || (acked === r.acked && gap === 0)) return;
  bcl.advanceTransmq(r, acked, gap, now);
  bcl.advanceBacklog(now);
}

/** kernel: tipc_link_add_bc_peer() — the peer need not ack what was sent before it joined. */
export function addBcPeer(bcl: BcastSndLink, r: BcastRcvLink): void {
  bcl.ackers++;
  r.acked = mod(bcl.snd_nxt - 1);
}

/**
 * kernel: tipc_link_remove_bc_peer() — the peer is treated as having acknowledged everything,
 * its receive link is reset, and the bcl starts over when no peer is left (unless `restart` is false).
 */
export function removeBcPeer(bcl: BcastSndLink, r: BcastRcvLink, now: number, restart: boolean): void {
  bcl.ackers--;
  r.bc_peer_is_up = true;
  r.up = true;
  bcAckRcv(bcl, r, mod(bcl.snd_nxt - 1), 0, now);
  r.reset();
  if (bcl.ackers === 0 && restart) bcl.reset();
}

/**
 * A peer node as seen from this node (struct tipc_node, net/tipc/node.c), sans-IO: its links,
 * active slots, the node FSM, tipc_node_check_state, link up/down, failover and synch.
 *
 * Messages to send accumulate in each link's `outq`; the owning stack drains them.
 */
import { BcastRcvLink } from './bcast';
import { less, more, mod } from './core';
import { EMPTY, writable } from './queue';
import type { StackEvent } from './events';
import { TIPC_LINK_DOWN_EVT, TIPC_LINK_UP_EVT, type TipcLink } from './link';
import { NODE_FSM, type NodeEvent, type NodeState } from './node-fsm';
import {
  Capability,
  INT_H_SIZE,
  TunnelType,
  User,
  type TipcMsg,
  msgInit,
  msgSetBcAckInvalid,
  msgSetBcastAck,
  msgSetLastBcast,
  msgMsgcnt,
  msgPeerLinkIsUp,
  msgPeerNodeIsUp,
  msgSeqno,
  msgSyncpt,
  msgType,
  msgUser,
} from './msg';
import { msgInner } from './msg-codec';
import type { Profile } from './profiles';

export const INVALID_BEARER_ID = -1;
export const MAX_BEARERS = 2;
const U16_MAX = 0xffff;

/** What a peer node needs from the stack that owns it. */
export interface NodeContext {
  readonly ownAddr: number;
  readonly profile: Profile;
  emit(e: StackEvent): void;
  /**
   * kernel: tipc_bcast_add_peer() → tipc_link_add_bc_peer(): the peer joins our broadcast send
   * link. Returns last_bcast (our bcl snd_nxt − 1) for the init message.
   */
  bcastAddPeer(r: BcastRcvLink): number;
  /** kernel: tipc_bcast_remove_peer() → tipc_link_remove_bc_peer() */
  bcastRemovePeer(r: BcastRcvLink, now: number): void;
  /** kernel: tipc_bearer_add_dest() — a link to this peer came up on the bearer. */
  bearerAddDest(bearer_id: number): void;
  /** kernel: tipc_bearer_remove_dest() — a link to this peer went down on the bearer. */
  bearerRemoveDest(bearer_id: number, now: number): void;
  /**
   * Not the kernel's: the node's timer was set (timer_due), or it has work for the owner's next
   * tick (deferred link-down work, a node-up or node-down notification). The owner keeps the
   * nodes that want it, so a tick and pollTimeout() need not look at every peer (kernel: each
   * node's own timer_list, which the timer wheel finds without a scan).
   */
  peerChanged(n: PeerNode): void;
}

/** A node that is not up is deleted this long after it was created or lost contact, ms. */
export const NODE_CLEANUP_AFTER = 300000;

/** No signature learnt yet (node.c INVALID_NODE_SIG). */
export const INVALID_NODE_SIG = 0x10000;

/**
 * tipc_node_link_down() for a bearer, deferred to the next tick; and, when the timer found the link
 * down, the timer resumed from the next bearer.
 */
interface LinkDownWork {
  readonly bearer: number;
  readonly resumeTimerFrom?: number;
}

export class PeerNode {
  state: NodeState = 'SELF_DOWN_PEER_LEAVING';
  readonly links: (TipcLink | undefined)[] = [undefined, undefined];
  active_links: [number, number] = [INVALID_BEARER_ID, INVALID_BEARER_ID];
  sync_point = 0;
  /** c140eb166d68: one dummy FAILOVER_MSG was sent (pre-half-failover-fix kernels only). */
  failover_sent = false;
  keepalive_intv = 10000;
  /** When a node that is not up may be deleted (n->delete_at); set at creation and at lost contact. */
  delete_at: number;
  /** tipc_node_cleanup() ran: the owner drops this node and its links. */
  deleted = false;
  private due: number | undefined;
  /** Bumped at every set of timer_due: the owner's timer queue tells a current entry from a stale one. */
  timerVersion = 0;
  /** Virtual time of the next node timer expiry (tipc_node_timeout). */
  get timer_due(): number | undefined {
    return this.due;
  }
  set timer_due(v: number | undefined) {
    this.due = v;
    this.timerVersion++;
    this.ctx.peerChanged(this);
  }
  /** Name distribution receive state (struct tipc_bclink_entry). */
  namedq: readonly TipcMsg[] = EMPTY;
  named_rcv_nxt = 0;
  named_open = false;
  /** On our broadcast link since tipc_bcast_add_peer, not yet taken off (proposed fix of KF-3 only). */
  private bc_joined = false;
  /** Counted in rc_dests at its last node up and not uncounted since (proposed fix of KF-4 only). */
  rc_counted = false;
  /** The peer's node signature from discovery (n->signature). */
  signature = INVALID_NODE_SIG;
  /** The peer's media address per bearer, from discovery (links[].maddr). */
  readonly maddr: (Uint8Array | undefined)[] = [undefined, undefined];
  /** Our broadcast receive link for this peer (n->bc_entry.link). */
  readonly bc_rcvlink: BcastRcvLink;
  /**
   * tipc_node_link_down() calls due after a link reported LINK_DOWN. The kernel makes them after
   * releasing the link and node locks (tipc_rcv, tipc_node_timeout), so a packet arriving on the
   * other bearer in the same instant can be handled first and find the link RESETTING or
   * PEER_RESET: the race the June 2019 follow-up of the half-failover fix closed. The stack runs
   * this work at its next tick, which the driver schedules for the same instant.
   */
  private deferred: readonly LinkDownWork[] = EMPTY;
  /** Notifications raised while processing, acted on by the stack afterwards (n->action_flags). */
  private up_flag = false;
  private down_flag = false;
  get notify_node_up(): boolean {
    return this.up_flag;
  }
  set notify_node_up(v: boolean) {
    this.up_flag = v;
    if (v) this.ctx.peerChanged(this);
  }
  get notify_node_down(): boolean {
    return this.down_flag;
  }
  set notify_node_down(v: boolean) {
    this.down_flag = v;
    if (v) this.ctx.peerChanged(this);
  }

  constructor(
    private readonly ctx: NodeContext,
    readonly addr: number,
    public capabilities: number,
    now: number,
  ) {
    this.delete_at = now + NODE_CLEANUP_AFTER;
    this.bc_rcvlink = new BcastRcvLink(ctx.ownAddr, ctx.profile.bcast_deferdq_sorted, ctx.profile.bcast_rcv_staggered, ctx.profile.link_unbundle);
  }

  /** "my broadcast receive link for this peer is up" (redundant_link, !bc_ack_invalid). */
  get bc_rcv_up(): boolean {
    return this.bc_rcvlink.up;
  }

  /** kernel: tipc_node_fsm_evt() */
  fsmEvt(evt: NodeEvent): void {
    const from = this.state;
    const outcome = NODE_FSM[from][evt];
    const illegal = outcome === 'illegal';
    const to = outcome === 'illegal' || outcome === 'stay' ? from : outcome.to;
    this.state = to;
    this.ctx.emit({ kind: 'node-fsm', peer: this.addr, from, evt, to, illegal });
  }

  /** kernel: node_is_up() */
  isUp(): boolean {
    return this.active_links[0] !== INVALID_BEARER_ID;
  }

  activeLink(sel: number): TipcLink | undefined {
    const b = this.active_links[sel & 1];
    return b === INVALID_BEARER_ID ? undefined : this.links[b];
  }

  /** kernel: tipc_node_calculate_timer() */
  calculateTimer(l: TipcLink): void {
    const tol = l.tolerance;
    const intv = this.ctx.profile.keepalive_cap ? Math.min(Math.floor(tol / 4), 500) : Math.floor(tol / 4);
    if (intv < this.keepalive_intv || !this.ctx.profile.keepalive_lowest_tolerance) this.keepalive_intv = intv;
    l.abort_limit = Math.floor(tol / this.keepalive_intv);
  }

  /** kernel: tipc_node_timeout() — runs every link's timer, then reschedules. */
  timeout(now: number): void {
    // kernel: tipc_node_cleanup() — a node down for NODE_CLEANUP_AFTER is deleted with its links
    if (!this.isUp() && now >= this.delete_at) {
      this.deleted = true;
      this.timer_due = undefined;
      return;
    }
    this.keepalive_intv = 10000;
    this.runTimer(0, now);
  }

  /**
   * The per-link part of tipc_node_timeout() from bearer `from` on. A link that fails here is
   * taken down by tipc_node_link_down() only after the link lock is dropped: the rest of the timer
   * run waits for that deferred work (see `deferred`).
   */
  private runTimer(from: number, now: number): void {
    for (let b = from; b < MAX_BEARERS; b++) {
      const l = this.links[b];
      if (!l) continue;
      this.calculateTimer(l);
      const rc = l.timeout(l.out());
      if (rc & TIPC_LINK_DOWN_EVT) {
        this.defer({ bearer: b, resumeTimerFrom: b + 1 });
        this.timer_due = undefined;
        return;
      }
    }
    this.timer_due = now + this.keepalive_intv;
  }

  /** Link-down work for the next tick (see `deferred`). */
  private defer(work: LinkDownWork): void {
    (this.deferred = writable(this.deferred)).push(work);
  }

  /** The next of the deferred work, taken off; none left: undefined, and the queue is EMPTY again. */
  private nextDeferred(): LinkDownWork | undefined {
    if (this.deferred.length > 0) return writable(this.deferred).shift();
    this.deferred = EMPTY;
    return undefined;
  }

  hasDeferredWork(): boolean {
    return this.deferred.length > 0;
  }

  /** Run the node-level work left by a link that went down (tipc_node_link_down), in order. */
  runDeferred(now: number): void {
    for (let w = this.nextDeferred(); w; w = this.nextDeferred()) {
      this.linkDown(w.bearer, now);
      if (w.resumeTimerFrom !== undefined) this.runTimer(w.resumeTimerFrom, now);
    }
  }

  /** kernel: __tipc_node_link_up() */
  linkUpLocked(bearer_id: number, now: number): void {
    const ol = this.activeLink(0);
    const nl = this.links[bearer_id];
    if (!nl || nl.isUp()) return;
    nl.fsmEvt('ESTABLISH_EVT');
    if (!nl.isUp()) return;
    this.ctx.emit({ kind: 'link-up', link: nl.name });
    this.ctx.bearerAddDest(bearer_id);
    // Ensure that a STATE message goes first
    nl.buildStateMsg(nl.out());
    if (!ol) {
      this.active_links = [bearer_id, bearer_id];
      this.fsmEvt('SELF_ESTABL_CONTACT_EVT');
      this.notify_node_up = true;
      this.failover_sent = false;
      this.bcastAddPeer(nl, now);
      return;
    }
    if (nl.priority > ol.priority || !this.ctx.profile.link_slots_by_priority) {
      this.active_links = [bearer_id, bearer_id];
    } else if (nl.priority === ol.priority) {
      this.active_links[1] = bearer_id;
    }
    ol.tnlPrepare(nl, TunnelType.SYNCH_MSG, nl.out(), now);
  }

  /**
   * kernel: tipc_bcast_add_peer() → tipc_link_build_bc_init_msg(): the peer joins our broadcast
   * send link, and a BCAST_PROTOCOL STATE on the new unicast link tells it where our broadcast
   * sequence stands, so its receive link for us starts there.
   */
  private bcastAddPeer(l: TipcLink, now: number): void {
    const last_bcast = this.ctx.bcastAddPeer(this.bc_rcvlink);
    this.bc_joined = true;
    l.xmit([buildBcInitMsg(this.ctx.ownAddr, l.addr, last_bcast, mod(this.bc_rcvlink.rcv_nxt - 1))], l.out(), now);
  }

  /** kernel: __tipc_node_link_down(). Returns the bearer whose link got the tunnel traffic. */
  linkDownLocked(bearer_id: number, now: number): void {
    const l = this.links[bearer_id];
    if (!l || l.isReset()) return;
    this.ctx.emit({ kind: 'link-down', link: l.name });
    this.ctx.bearerRemoveDest(bearer_id, now);
    // Select new active link if any available
    let highest = this.ctx.profile.link_down_prio_floor ? 0 : -1;
    const slots: [number, number] = [INVALID_BEARER_ID, INVALID_BEARER_ID];
    for (let i = 0; i < MAX_BEARERS; i++) {
      const o = this.links[i];
      if (!o || !o.isUp() || o === l) continue;
      const prio = o.priority;
      if (prio < highest) continue;
      if (prio > highest) {
        highest = prio;
        slots[0] = i;
        slots[1] = i;
        continue;
      }
      slots[1] = i;
    }
    this.active_links = slots;
    if (!this.isUp()) {
      if (l.peerIsDown()) this.fsmEvt('PEER_LOST_CONTACT_EVT');
      this.fsmEvt('SELF_LOST_CONTACT_EVT');
      l.fsmEvt('RESET_EVT');
      l.reset();
      l.buildResetMsg(l.out());
      this.lostContact(now);
      return;
    }
    // There is still a working link => initiate failover
    const tnl = this.links[this.active_links[0]] as TipcLink;
    tnl.fsmEvt('SYNCH_END_EVT');
    this.fsmEvt('SYNCH_END_EVT');
    this.sync_point = mod(tnl.rcv_nxt + Math.floor(U16_MAX / 2) - 1);
    l.tnlPrepare(tnl, TunnelType.FAILOVER_MSG, tnl.out(), now);
    l.reset();
    l.fsmEvt('RESET_EVT');
    l.fsmEvt('FAILOVER_BEGIN_EVT');
    this.fsmEvt('FAILOVER_BEGIN_EVT');
  }

  /**
   * kernel: tipc_node_link_down() — an establishing link is only reset. With `del` (the bearer
   * went away) the link is then deleted; discovery creates a new one when the bearer is back.
   */
  linkDown(bearer_id: number, now: number, del = false): void {
    const l = this.links[bearer_id];
    if (!l) return;
    if (!l.isEstablishing()) {
      this.linkDownLocked(bearer_id, now);
    } else if (this.ctx.profile.establishing_link_down_resets) {
      l.reset();
      l.fsmEvt('RESET_EVT');
    }
    if (del && this.ctx.profile.bearer_down_deletes_links) this.links[bearer_id] = undefined;
  }

  /** Number of links to this peer (n->link_cnt). */
  linkCount(): number {
    return this.links.filter((l) => l !== undefined).length;
  }

  /** kernel: node_lost_contact() */
  private lostContact(now: number): void {
    this.delete_at = now + NODE_CLEANUP_AFTER;
    // Proposed fix of KF-3: off the broadcast link once per contact, however often contact is lost.
    if (this.bc_joined || !this.ctx.profile.proposed_bcast_remove_once) this.ctx.bcastRemovePeer(this.bc_rcvlink, now);
    this.bc_joined = false;
    this.namedq = EMPTY;
    // Proposed fix of KF-1: the peer's next incarnation, or its next bulk after a flap, synchronises afresh.
    if (this.ctx.profile.proposed_named_reset) {
      this.named_rcv_nxt = 0;
      this.named_open = false;
    }
    // Abort any ongoing link failover
    if (this.ctx.profile.lost_contact_ends_failover) for (const l of this.links) if (l) l.fsmEvt('FAILOVER_END_EVT');
    this.notify_node_down = true;
  }

  /**
   * kernel: tipc_node_link_failover() — added by the half-failover fix: start this node's own
   * failover when the peer's FAILOVER_MSG arrives first. `l` is the parallel (failed) link, if any.
   */
  private linkFailover(l: TipcLink | undefined, tnl: TipcLink, now: number): void {
    // Avoid a "self-failover" that can never end
    if (!tnl.isUp()) return;
    // June 2019 follow-up: don't rush, the failed link may still be resetting
    if (this.ctx.profile.early_failover_msg_fix && l && !l.isReset()) return;
    tnl.fsmEvt('SYNCH_END_EVT');
    this.fsmEvt('SYNCH_END_EVT');
    this.sync_point = mod(tnl.rcv_nxt + Math.floor(U16_MAX / 2) - 1);
    tnl.failoverPrepare(tnl.out(), now);
    if (l) l.fsmEvt('FAILOVER_BEGIN_EVT');
    this.fsmEvt('FAILOVER_BEGIN_EVT');
  }

  /** kernel: tipc_node_check_state() — true if the packet may go on to the link. */
  checkState(bearer_id: number, m: TipcMsg, now: number): boolean {
    const state = this.state;
    const l = this.links[bearer_id];
    if (!l) return false;
    const usr = msgUser(m);
    const mtyp = msgType(m);
    const oseqno = msgSeqno(m);
    const exp_pkts = msgMsgcnt(m);
    const rcv_nxt = l.rcv_nxt;

    if (state === 'SELF_UP_PEER_UP' && usr !== User.TUNNEL_PROTOCOL) return true;

    let pb_id = INVALID_BEARER_ID;
    let pl: TipcLink | undefined;
    for (let i = 0; i < MAX_BEARERS; i++) {
      if (i !== bearer_id && this.links[i]) {
        pb_id = i;
        pl = this.links[i];
        break;
      }
    }

    if (!l.validateMsg(m)) return false;

    if (state === 'SELF_UP_PEER_COMING') {
      if (!l.isUp()) return true;
      if (!msgPeerLinkIsUp(m) || (usr === User.LINK_PROTOCOL ? !this.ctx.profile.peer_up_on_state : !this.ctx.profile.peer_up_on_data)) return true;
      this.fsmEvt('PEER_ESTABL_CONTACT_EVT');
    }
    const filters = this.ctx.profile.check_state_filters;
    if (state === 'SELF_DOWN_PEER_LEAVING') {
      if (msgPeerNodeIsUp(m) && filters) return false;
      this.fsmEvt('PEER_LOST_CONTACT_EVT');
      return true;
    }
    if (state === 'SELF_LEAVING_PEER_DOWN' && filters) return false;

    // Ignore duplicate packets
    if ((usr !== User.LINK_PROTOCOL || !this.ctx.profile.check_state_dup_spares_proto) && less(oseqno, rcv_nxt) && filters) return true;

    // Initiate or update failover mode if applicable
    if (usr === User.TUNNEL_PROTOCOL && mtyp === TunnelType.FAILOVER_MSG) {
      const syncpt = mod(oseqno + exp_pkts - 1);
      const p = this.ctx.profile;
      const forceDown = pl !== undefined && (p.early_failover_msg_fix ? !pl.isReset() : pl.isUp());
      if (pl && forceDown) {
        this.linkDownLocked(pb_id, now);
        // tipc_rcv sends what this produced on the receiving bearer, pl's RESET included
        l.out().push(...pl.outq);
        pl.outq = EMPTY;
        l.input().push(...pl.inputq);
        pl.inputq = EMPTY;
      }
      if (p.half_failover_fix) {
        if (this.state !== 'FAILINGOVER') this.linkFailover(pl, l, now);
        if (less(syncpt, this.sync_point)) this.sync_point = syncpt;
      } else {
        // c140eb166d68: only get the peer out of FAILINGOVER with one dummy FAILOVER_MSG
        if (less(syncpt, this.sync_point)) this.sync_point = syncpt;
        if (p.failover_dummy && this.state !== 'FAILINGOVER' && !this.failover_sent) {
          l.createDummyTnlMsg(l.out(), now);
          this.failover_sent = true;
        }
      }
    }

    // Open parallel link when tunnel link reaches synch point
    if (this.state === 'FAILINGOVER' && l.isUp()) {
      if (!more(rcv_nxt, this.sync_point)) return true;
      this.fsmEvt('FAILOVER_END_EVT');
      if (pl) pl.fsmEvt('FAILOVER_END_EVT');
      return true;
    }

    // No syncing needed if only one link
    if (!pl || !pl.isUp()) return true;

    // Initiate synch mode if applicable
    if (usr === User.TUNNEL_PROTOCOL && mtyp === TunnelType.SYNCH_MSG && oseqno === 1 && this.ctx.profile.link_synch) {
      let syncpt: number;
      // a node from before TIPC_TUNNEL_ENHANCED (pre-5.5 tipc_node_check_state) always counts the
      // synch point from the first tunnelled packet: it never reads msg_syncpt
      if (this.capabilities & Capability.TIPC_TUNNEL_ENHANCED && this.ctx.profile.tunnel_enhanced) {
        syncpt = msgSyncpt(m);
      } else {
        const inner = msgInner(m);
        syncpt = inner.ok ? mod(msgSeqno(inner.msg) + exp_pkts - 1) : 0;
      }
      if (!l.isUp()) this.linkUpLocked(bearer_id, now);
      if (this.state === 'SELF_UP_PEER_UP') {
        this.sync_point = syncpt;
        l.fsmEvt('SYNCH_BEGIN_EVT');
        this.fsmEvt('SYNCH_BEGIN_EVT');
      }
    }

    // Open tunnel link when parallel link reaches synch point
    if (this.state === 'SYNCHING' || !this.ctx.profile.synch_end_only_when_synching) {
      let tnl: TipcLink;
      let par: TipcLink;
      if (l.isSynching()) {
        tnl = l;
        par = pl;
      } else {
        tnl = pl;
        par = l;
      }
      const dlv_nxt = mod(par.rcv_nxt - par.inputq.length);
      if (more(dlv_nxt, this.sync_point)) {
        tnl.fsmEvt('SYNCH_END_EVT');
        this.fsmEvt('SYNCH_END_EVT');
        return true;
      }
      if (l === par) return true;
      if (usr === User.TUNNEL_PROTOCOL && mtyp === TunnelType.SYNCH_MSG) return true;
      if (usr === User.LINK_PROTOCOL) return true;
      return false;
    }
    return true;
  }

  /**
   * kernel: the per-node part of tipc_rcv() — the fast path when both ends are up, else
   * check_state first; then the link's up/down verdict.
   */
  rcv(bearer_id: number, m: TipcMsg, now: number): void {
    const l = this.links[bearer_id];
    if (!l) return;
    let rc = 0;
    if (this.state === 'SELF_UP_PEER_UP' && msgUser(m) !== User.TUNNEL_PROTOCOL) {
      rc = l.rcv(m, l.out(), now);
    } else if (this.checkState(bearer_id, m, now)) {
      rc = l.rcv(m, l.out(), now);
    }
    if (rc & TIPC_LINK_UP_EVT) this.linkUpLocked(bearer_id, now);
    if (rc & TIPC_LINK_DOWN_EVT) {
      this.defer({ bearer: bearer_id });
      this.ctx.peerChanged(this);
    }
  }
}

/** kernel: tipc_link_build_bc_init_msg() — BCAST_PROTOCOL STATE, header only. */
function buildBcInitMsg(own: number, dnode: number, last_bcast: number, bcast_ack: number): TipcMsg {
  const m = msgInit(own, User.BCAST_PROTOCOL, 0, INT_H_SIZE, dnode);
  msgSetBcAckInvalid(m, true);
  msgSetLastBcast(m, last_bcast);
  msgSetBcastAck(m, bcast_ack);
  return m;
}

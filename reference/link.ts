/**
 * A unicast link endpoint (struct tipc_link, net/tipc/link.c), sans-IO.
 *
 * Every entry point takes the current virtual time where it needs one, and an `xmitq` to which
 * it appends the messages it wants sent on this link's bearer. Return values are the kernel's
 * rc bits (TIPC_LINK_UP_EVT, TIPC_LINK_DOWN_EVT) for the node layer to act on.
 */
import { less, less_eq, more, mod } from './core';
import { EMPTY, writable } from './queue';
import type { StackEvent } from './events';
import { LINK_FSM, type LinkEvent, type LinkState, stateIsBlocked, stateIsReset, stateIsUp } from './link-fsm';
import {
  BASIC_H_SIZE,
  Capability,
  ErrCode,
  INT_H_SIZE,
  LinkProtoType,
  TunnelType,
  User,
  DataType,
  type TipcMsg,
  msgAck,
  msgBearerId,
  msgClone,
  msgData,
  msgDestSession,
  msgDestSessionValid,
  msgInit,
  msgIsKeepalive,
  msgLinkPriority,
  msgLinkTolerance,
  msgMaxPkt,
  msgNetPlane,
  msgNextSent,
  msgPeerStopping,
  msgPrevnode,
  msgProbe,
  msgSeqGap,
  msgSeqno,
  msgSession,
  msgSetAck,
  msgSetBcAckInvalid,
  msgSetBearerId,
  msgSetBody,
  msgSetDestSession,
  msgSetDestSessionValid,
  msgSetErrcode,
  msgSetIsKeepalive,
  msgSetLastBcast,
  msgSetBcastAck,
  msgSetBcGap,
  msgSetLinkPriority,
  msgSetLinkTolerance,
  msgSetMaxPkt,
  msgSetMsgcnt,
  msgSetNetPlane,
  msgSetNextSent,
  msgSetPeerStopping,
  msgSetProbe,
  msgSetRedundantLink,
  msgSetSeqGap,
  msgSetSeqno,
  msgSetSession,
  msgSetSize,
  msgSetSyncpt,
  msgSize,
  msgType,
  msgUser,
} from './msg';
import { msgInner, msgExtract, msgSetInner } from './msg-codec';
import { TIPC_MAX_IF_NAME, decodeIfName, encodeIfName, ifNameIs } from './msg-bodies';
import type { Profile } from './profiles';

/** rc bits returned to the node layer (link.h). */
export const TIPC_LINK_UP_EVT = 1;
export const TIPC_LINK_DOWN_EVT = 2;

/** The range of a link tolerance, ms (uapi tipc_config.h). */
export const TIPC_MIN_LINK_TOL = 50;
export const TIPC_MAX_LINK_TOL = 30000;

/**
 * kernel: the tolerance check of tipc_nl_parse_link_prop() (link.c), which refuses a tolerance
 * outside TIPC_MIN_LINK_TOL..TIPC_MAX_LINK_TOL with -EINVAL, and of tipc_link_proto_rcv()
 * (tipc_in_range(), which in 16-bit serial arithmetic accepts exactly 50..30000 too).
 */
export function toleranceInRange(tol: number): boolean {
  return tol >= TIPC_MIN_LINK_TOL && tol <= TIPC_MAX_LINK_TOL;
}
export const TIPC_MAX_LINK_PRI = 31;
/** Acknowledge at least every this many received packets (TIPC_MIN_LINK_WIN). */
export const TIPC_MIN_LINK_WIN = 16;
/** Receive window limit (TIPC_MAX_LINK_WIN). */
export const TIPC_MAX_LINK_WIN = 8191;
/** Crypto overhead the kernel reserves in tipc_link_mss() when built with CONFIG_TIPC_CRYPTO. */
const EMSG_OVERHEAD = 32;
/** The smallest MTU a bearer may have (bearer.h TIPC_MIN_BEARER_MTU = MAX_H_SIZE + INT_H_SIZE). */
const TIPC_MIN_BEARER_MTU = 60 + INT_H_SIZE;
/** Unicast retransmission spacing, ms (TIPC_UC_RETR_TIME). */
const TIPC_UC_RETR_TIME = 1;
const U16_MAX = 0xffff;
/** An empty Gap ACK block header (struct tipc_gap_ack_blks: len 4, no blocks): every STATE's body, shared (msgSetBody). */
const EMPTY_GAP_ACK_BLKS = Uint8Array.of(0, 4, 0, 0);

/** What a link endpoint needs from the node it belongs to. */
export interface LinkContext {
  readonly ownAddr: number;
  readonly profile: Profile;
  emit(e: StackEvent): void;
  /** "my broadcast receive link for this peer is up" (redundant_link, !bc_ack_invalid). */
  bcRcvLinkUp(): boolean;
  /** bcast_ack for every packet: our receive link for this peer, rcv_nxt − 1. */
  bcAck(): number;
  /** last_bcast for LINK_PROTOCOL messages: our broadcast send link, snd_nxt − 1. */
  lastBcast(): number;
  /** bc_gap for STATE messages (link_bc_rcv_gap of our receive link for this peer). */
  bcGap(): number;
  /** The timer must send a STATE for the broadcast link: the peer lags or we owe an ack. */
  bcStateWanted(): boolean;
}

interface TxEntry {
  msg: TipcMsg;
  /** Times retransmitted, and when first retransmitted (TIPC_SKB_CB retr_cnt / retr_stamp). */
  retr_cnt: number;
  retr_stamp: number;
  nxt_retr: number;
}

export interface LinkConfig {
  readonly bearer_id: number;
  readonly if_name: string;
  readonly peer: number;
  readonly peer_if_name: string;
  readonly peer_caps: number;
  readonly tolerance: number;
  readonly priority: number;
  readonly net_plane: number;
  readonly mtu: number;
  readonly window: number;
  readonly session: number;
}

export class TipcLink {
  /** "own:if-peer:peerif"; the peer's interface is learnt from its RESET/ACTIVATE. */
  name: string;
  readonly bearer_id: number;
  readonly addr: number; // the peer's address, as in the kernel's struct
  readonly if_name: string;
  peer_bearer_id = 0;
  peer_caps: number;
  state: LinkState = 'RESETTING';
  session: number;
  peer_session = U16_MAX; // ANY_SESSION
  in_session = false;
  tolerance: number;
  priority: number;
  net_plane: number;
  advertised_mtu: number;
  mtu: number;
  abort_limit = 4;
  silent_intv_cnt = 0;
  rst_cnt = 0;
  window: number;

  snd_nxt = 1;
  rcv_nxt = 1;
  /** snd_nxt at the last timer tick; 0 at creation (kzalloc) and left alone by a reset. */
  checkpoint = 0;
  rcv_unacked = 0;
  snd_nxt_state = 1;
  rcv_nxt_state = 1;

  transmq: TxEntry[] = [];
  backlogq: readonly TipcMsg[] = EMPTY;
  deferdq: readonly TipcMsg[] = EMPTY;
  /** Messages delivered by this link, for the node to pass up (l->inputq). */
  inputq: readonly TipcMsg[] = EMPTY;
  /** Messages to send on this link's bearer, drained by the node after each entry point. */
  outq: readonly TipcMsg[] = EMPTY;

  /** Failover receive state of this link as a tunnel endpoint. Not reset by tipc_link_reset. */
  drop_point = 0;
  failover_deferdq: readonly TipcMsg[] = EMPTY;

  constructor(
    private readonly ctx: LinkContext,
    cfg: LinkConfig,
  ) {
    this.bearer_id = cfg.bearer_id;
    this.addr = cfg.peer;
    this.if_name = cfg.if_name;
    this.name = `${ctx.ownAddr.toString(16)}:${cfg.if_name}-${cfg.peer.toString(16)}:${cfg.peer_if_name}`;
    this.peer_caps = cfg.peer_caps;
    this.tolerance = cfg.tolerance;
    this.priority = cfg.priority;
    this.net_plane = cfg.net_plane;
    this.advertised_mtu = cfg.mtu;
    this.mtu = cfg.mtu;
    this.window = cfg.window;
    this.session = mod(cfg.session);
  }

  /** inputq, made if it was EMPTY: what this link delivers is put here. */
  input(): TipcMsg[] {
    return (this.inputq = writable(this.inputq));
  }

  /** outq, made if it was EMPTY: what is sent on this link is put here (the xmitq of the kernel's calls). */
  out(): TipcMsg[] {
    return (this.outq = writable(this.outq));
  }

  isUp(): boolean {
    return stateIsUp(this.state);
  }
  isReset(): boolean {
    return stateIsReset(this.state);
  }
  isBlocked(): boolean {
    return stateIsBlocked(this.state);
  }
  isEstablishing(): boolean {
    return this.state === 'ESTABLISHING';
  }
  isSynching(): boolean {
    return this.state === 'SYNCHING';
  }
  peerIsDown(): boolean {
    return this.state === 'PEER_RESET';
  }

  /** kernel: tipc_link_mss() — what the node layer offers users per message. */
  mss(): number {
    return this.mtu - INT_H_SIZE - EMSG_OVERHEAD;
  }

  /** kernel: tipc_link_fsm_evt() */
  fsmEvt(evt: LinkEvent): number {
    const from = this.state;
    const outcome = LINK_FSM[from][evt];
    if (outcome === 'illegal') {
      this.ctx.emit({ kind: 'link-fsm', link: this.name, peer: this.addr, bearer: this.bearer_id, from, evt, to: from, illegal: true });
      return 0;
    }
    const to = outcome === 'stay' ? from : outcome.to;
    this.state = to;
    this.ctx.emit({ kind: 'link-fsm', link: this.name, peer: this.addr, bearer: this.bearer_id, from, evt, to, illegal: false });
    return outcome !== 'stay' && outcome.linkDown ? TIPC_LINK_DOWN_EVT : 0;
  }

  /** kernel: tipc_link_reset(). drop_point is deliberately left as it is. */
  reset(): void {
    if (this.ctx.profile.link_reset_forgets_peer_session) {
      this.in_session = false;
      this.peer_session = mod(this.peer_session - 1);
    }
    if (this.ctx.profile.link_session_renew) this.session = mod(this.session + 1);
    this.mtu = this.advertised_mtu;
    this.transmq = [];
    this.backlogq = EMPTY;
    this.deferdq = EMPTY;
    this.failover_deferdq = EMPTY;
    this.snd_nxt = 1;
    this.rcv_nxt = 1;
    this.snd_nxt_state = 1;
    this.rcv_nxt_state = 1;
    this.silent_intv_cnt = 0;
    this.rst_cnt = 0;
    this.rcv_unacked = 0;
  }

  // ---------------------------------------------------------------- sending

  /** kernel: tipc_link_xmit() — sequence, piggyback acks, queue beyond the window. */
  xmit(list: TipcMsg[], xmitq: TipcMsg[], now: number): void {
    for (const m of list) {
      if (this.transmq.length >= this.window) {
        if (this.ctx.profile.link_backlog) (this.backlogq = writable(this.backlogq)).push(m);
        continue;
      }
      this.sequence(m, xmitq, now);
    }
  }

  private sequence(m: TipcMsg, xmitq: TipcMsg[], now: number): void {
    msgSetSeqno(m, this.snd_nxt);
    msgSetAck(m, mod(this.rcv_nxt - 1));
    msgSetBcastAck(m, this.ctx.bcAck());
    this.transmq.push({ msg: m, retr_cnt: 0, retr_stamp: 0, nxt_retr: now + TIPC_UC_RETR_TIME });
    xmitq.push(msgClone(m));
    this.snd_nxt = mod(this.snd_nxt + 1);
    this.rcv_unacked = 0;
  }

  /** kernel: tipc_link_advance_backlog() */
  private advanceBacklog(xmitq: TipcMsg[], now: number): void {
    while (this.backlogq.length > 0 && this.transmq.length < this.window) {
      const m = writable(this.backlogq).shift() as TipcMsg;
      this.sequence(m, xmitq, now);
    }
  }

  /**
   * kernel: tipc_link_advance_transmq() — release what the peer acked, retransmit `gap`
   * packets after it. Returns rc (TIPC_LINK_DOWN_EVT on retransmission failure).
   */
  private advanceTransmq(acked: number, gap: number, xmitq: TipcMsg[] | undefined, now: number): number {
    let released = 0;
    while (this.transmq.length > 0 && less_eq(msgSeqno(this.transmq[0].msg), acked)) {
      this.transmq.shift();
      released++;
    }
    if (!xmitq) return 0;
    if (gap === 0) {
      this.advanceBacklog(xmitq, now);
      return 0;
    }
    const from = mod(acked + 1);
    const to = mod(acked + gap);
    for (const e of this.transmq) {
      const seqno = msgSeqno(e.msg);
      if (less(seqno, from)) continue;
      if (more(seqno, to)) break;
      if (seqno === from && this.retransmitFailure(e, now)) return this.fsmEvt('FAILURE_EVT');
      if (now < e.nxt_retr) continue;
      e.nxt_retr = now + TIPC_UC_RETR_TIME;
      const copy = msgClone(e.msg);
      msgSetAck(copy, mod(this.rcv_nxt - 1));
      msgSetBcastAck(copy, this.ctx.bcAck());
      xmitq.push(copy);
      if (e.retr_cnt++ === 0) e.retr_stamp = now;
    }
    this.advanceBacklog(xmitq, now);
    return 0;
  }

  /** kernel: link_retransmit_failure() — retransmitting for longer than tolerance × 10. */
  private retransmitFailure(e: TxEntry, now: number): boolean {
    return this.ctx.profile.link_retransmit_limit && e.retr_cnt > 0 && now - e.retr_stamp > this.tolerance * 10;
  }

  // --------------------------------------------------------- protocol messages

  /** kernel: tipc_link_build_proto_msg() */
  buildProtoMsg(
    mtyp: number,
    probe: boolean,
    probe_reply: boolean,
    rcvgapIn: number,
    tolerance: number,
    priority: number,
    xmitq: TipcMsg[],
  ): void {
    if (this.isBlocked()) return;
    if (!this.isUp() && mtyp === LinkProtoType.STATE_MSG) return;
    let rcvgap = rcvgapIn;
    if (!this.ctx.profile.link_plain_states && mtyp === LinkProtoType.STATE_MSG && !probe_reply) probe = true;
    if ((probe || probe_reply) && this.deferdq.length > 0) rcvgap = mod(msgSeqno(this.deferdq[0]) - this.rcv_nxt);
    const nodeUp = this.ctx.bcRcvLinkUp();
    const m = msgInit(this.ctx.ownAddr, User.LINK_PROTOCOL, mtyp, INT_H_SIZE, this.addr);
    msgSetSession(m, this.session);
    msgSetBearerId(m, this.bearer_id);
    if (this.ctx.profile.proto_net_plane) msgSetNetPlane(m, this.net_plane);
    msgSetNextSent(m, this.snd_nxt);
    msgSetAck(m, mod(this.rcv_nxt - 1));
    msgSetBcastAck(m, this.ctx.bcAck());
    msgSetBcAckInvalid(m, !nodeUp);
    msgSetLastBcast(m, this.ctx.lastBcast());
    msgSetLinkTolerance(m, tolerance);
    msgSetLinkPriority(m, priority);
    msgSetRedundantLink(m, nodeUp);
    msgSetSeqGap(m, 0);
    msgSetSeqno(m, mod(this.snd_nxt + Math.floor(U16_MAX / 2)));
    if (mtyp === LinkProtoType.STATE_MSG) {
      if (this.peer_caps & Capability.TIPC_LINK_PROTO_SEQNO) {
        msgSetSeqno(m, this.snd_nxt_state);
        this.snd_nxt_state = mod(this.snd_nxt_state + 1);
      }
      msgSetSeqGap(m, rcvgap);
      msgSetBcGap(m, this.ctx.bcGap());
      msgSetProbe(m, probe);
      msgSetIsKeepalive(m, probe || probe_reply);
      if (this.peer_caps & Capability.TIPC_GAP_ACK_BLOCK) msgSetBody(m, EMPTY_GAP_ACK_BLKS);
      this.rcv_unacked = 0;
    } else {
      if (mtyp === LinkProtoType.ACTIVATE_MSG) {
        msgSetDestSessionValid(m, true);
        msgSetDestSession(m, this.peer_session);
      }
      msgSetMaxPkt(m, this.advertised_mtu);
      msgSetBody(m, encodeIfName(this.if_name));
    }
    xmitq.push(m);
  }

  /** kernel: tipc_link_build_state_msg() — an acknowledgement now. */
  buildStateMsg(xmitq: TipcMsg[]): void {
    this.buildProtoMsg(LinkProtoType.STATE_MSG, false, false, 0, 0, 0, xmitq);
  }

  /** kernel: tipc_link_build_reset_msg() — RESET, or ACTIVATE if already ESTABLISHING. */
  buildResetMsg(xmitq: TipcMsg[]): void {
    const mtyp = this.state === 'ESTABLISHING' ? LinkProtoType.ACTIVATE_MSG : LinkProtoType.RESET_MSG;
    const before = xmitq.length;
    this.buildProtoMsg(mtyp, false, false, 0, 0, 0, xmitq);
    // peer_stopping is only set in RESET state (node is going down / link reset locally)
    if (this.state === 'RESET' && xmitq.length > before) msgSetPeerStopping(xmitq[xmitq.length - 1], true);
  }

  /** kernel: tipc_link_validate_msg() */
  validateMsg(m: TipcMsg): boolean {
    if (msgUser(m) !== User.LINK_PROTOCOL) return true;
    const session = msgSession(m);
    switch (msgType(m)) {
      case LinkProtoType.RESET_MSG:
        if (!this.in_session) return true;
        return more(session, this.peer_session) || !this.ctx.profile.link_reset_session_check;
      case LinkProtoType.ACTIVATE_MSG:
        if (!this.in_session) return true;
        return !less(session, this.peer_session) || !this.ctx.profile.link_activate_session_check;
      case LinkProtoType.STATE_MSG:
        if (!this.in_session) return false;
        if (session !== this.peer_session) return false;
        if (!this.isUp() && msgAck(m) !== 0) return false;
        if (!(this.peer_caps & Capability.TIPC_LINK_PROTO_SEQNO)) return true;
        return !less(msgSeqno(m), this.rcv_nxt_state) || !this.ctx.profile.link_proto_order_check;
      default:
        return false;
    }
  }

  /** kernel: tipc_link_proto_rcv() */
  private protoRcv(m: TipcMsg, xmitq: TipcMsg[], now: number): number {
    let rc = 0;
    if (this.isBlocked()) return 0;
    if (this.ctx.ownAddr > msgPrevnode(m)) this.net_plane = msgNetPlane(m);
    // Also on the fast path, where tipc_node_check_state did not run.
    if (!this.validateMsg(m)) return 0;
    const mtyp = msgType(m);
    const peersTol = msgLinkTolerance(m);
    const peersPrio = msgLinkPriority(m);
    switch (mtyp) {
      case LinkProtoType.RESET_MSG:
      case LinkProtoType.ACTIVATE_MSG: {
        if (this.ctx.profile.link_proto_body_check) {
          if (msgMaxPkt(m) < TIPC_MIN_BEARER_MTU) break;
          if (msgData(m).length < TIPC_MAX_IF_NAME) break;
        }
        // Complete own link name with the peer's interface name
        if (this.ctx.profile.link_name_peer_if) {
          // kernel: strncpy(strrchr(l->name, ':') + 1, msg_data(hdr), TIPC_MAX_IF_NAME)
          const at = this.name.lastIndexOf(':') + 1;
          if (!ifNameIs(msgData(m), this.name, at)) this.name = `${this.name.slice(0, at)}${decodeIfName(msgData(m))}`;
        }
        this.peerTolerance(peersTol);
        if (peersPrio > this.priority && peersPrio <= TIPC_MAX_LINK_PRI && this.ctx.profile.link_reset_prio) this.priority = peersPrio;
        if (msgPeerStopping(m) && this.ctx.profile.link_peer_stopping) {
          rc = this.fsmEvt('FAILURE_EVT');
          break;
        }
        if (
          mtyp === LinkProtoType.ACTIVATE_MSG &&
          msgDestSessionValid(m) &&
          this.session !== msgDestSession(m) &&
          this.ctx.profile.link_proto_order_check
        ) {
          if (less(this.session, msgDestSession(m)) && this.ctx.profile.link_activate_resynch) this.session = mod(msgDestSession(m) + 1);
          break;
        }
        if (mtyp === LinkProtoType.RESET_MSG || !this.isUp()) rc = this.fsmEvt('PEER_RESET_EVT');
        if (mtyp === LinkProtoType.ACTIVATE_MSG && this.isEstablishing()) rc = TIPC_LINK_UP_EVT;
        this.peer_session = msgSession(m);
        this.in_session = true;
        this.peer_bearer_id = msgBearerId(m);
        const maxPkt = msgMaxPkt(m);
        if (this.mtu > maxPkt && this.ctx.profile.link_peer_max_pkt) this.mtu = maxPkt;
        else if (!this.ctx.profile.link_mtu_only_down) this.mtu = maxPkt;
        break;
      }
      case LinkProtoType.STATE_MSG: {
        this.rcv_nxt_state = mod(msgSeqno(m) + 1);
        this.peerTolerance(peersTol);
        if (peersPrio !== this.priority && peersPrio >= 1 && peersPrio <= TIPC_MAX_LINK_PRI) {
          this.priority = peersPrio;
          rc = this.fsmEvt('FAILURE_EVT');
        }
        this.silent_intv_cnt = 0;
        if (!this.isUp()) {
          if (this.state === 'ESTABLISHING' && this.ctx.profile.link_state_establishes) rc = TIPC_LINK_UP_EVT;
          break;
        }
        const reply = msgProbe(m);
        const peersSndNxt = msgNextSent(m);
        let rcvgap = 0;
        if ((reply || msgIsKeepalive(m) || !this.ctx.profile.link_gap_keepalive_only) && more(peersSndNxt, this.rcv_nxt) && !this.isSynching() && this.deferdq.length === 0)
          rcvgap = mod(peersSndNxt - this.rcv_nxt);
        if (rcvgap !== 0 || reply) this.buildProtoMsg(LinkProtoType.STATE_MSG, false, reply, rcvgap, 0, 0, xmitq);
        rc |= this.advanceTransmq(msgAck(m), msgSeqGap(m), xmitq, now);
        break;
      }
      default:
        break;
    }
    return rc;
  }

  /**
   * kernel: tipc_link_proto_rcv() — "Update own tolerance if peer indicates a non-zero value":
   * only one within TIPC_MIN_LINK_TOL..TIPC_MAX_LINK_TOL is taken (0, which every RESET, ACTIVATE
   * and routine STATE carries, means none); any other is ignored, and the trace says so.
   */
  private peerTolerance(peersTol: number): void {
    if (peersTol === 0) return;
    if (toleranceInRange(peersTol) || !this.ctx.profile.link_tolerance_range) {
      this.tolerance = peersTol;
      return;
    }
    this.ctx.emit({ kind: 'tolerance-ignored', link: this.name, tolerance: peersTol, from: 'peer' });
  }

  // --------------------------------------------------------------- receiving

  /** kernel: tipc_link_rcv() */
  rcv(m: TipcMsg, xmitq: TipcMsg[], now: number): number {
    if (msgUser(m) === User.LINK_PROTOCOL) return this.protoRcv(m, xmitq, now);
    this.silent_intv_cnt = 0;
    let rc = 0;
    let cur: TipcMsg | undefined = m;
    while (cur) {
      const seqno = msgSeqno(cur);
      const rcv_nxt = this.rcv_nxt;
      if (!this.isUp()) {
        if (this.state === 'ESTABLISHING' && this.ctx.profile.link_data_establishes) rc = TIPC_LINK_UP_EVT;
        break;
      }
      if ((less(seqno, rcv_nxt) || more(seqno, mod(rcv_nxt + TIPC_MAX_LINK_WIN))) && this.ctx.profile.link_rcv_window) break;
      rc |= this.advanceTransmq(msgAck(cur), 0, undefined, now);
      if (seqno !== rcv_nxt) {
        if (this.ctx.profile.link_deferdq) insertSorted((this.deferdq = writable(this.deferdq)), cur);
        this.buildNackMsg(xmitq);
        break;
      }
      this.rcv_nxt = mod(this.rcv_nxt + 1);
      if (msgUser(cur) === User.TUNNEL_PROTOCOL) rc |= this.tnlRcv(cur);
      else this.dataInput(cur);
      if (++this.rcv_unacked >= TIPC_MIN_LINK_WIN || !this.ctx.profile.link_ack_cadence) this.buildStateMsg(xmitq);
      if (rc & TIPC_LINK_DOWN_EVT) break;
      cur = dequeueSeqno(this.deferdq, this.rcv_nxt);
    }
    this.advanceBacklog(xmitq, now);
    return rc;
  }

  /** kernel: tipc_link_build_nack_msg() — NACK when the defer queue reaches 3, then every 16. */
  private buildNackMsg(xmitq: TipcMsg[]): void {
    const len = this.deferdq.length;
    if ((len >= 3 && (len - 3) % 16 === 0) || !this.ctx.profile.link_nack_cadence) {
      const rcvgap = mod(msgSeqno(this.deferdq[0]) - this.rcv_nxt);
      this.buildProtoMsg(LinkProtoType.STATE_MSG, false, false, rcvgap, 0, 0, xmitq);
    }
  }

  /**
   * kernel: tipc_link_input() / tipc_data_input() — hand a message up to the node; a bundle
   * (MSG_BUNDLER, which a kernel peer builds when small messages queue up) is taken apart first
   * (tipc_msg_extract).
   */
  private dataInput(m: TipcMsg): void {
    if (msgUser(m) === User.MSG_BUNDLER) {
      if (this.ctx.profile.link_unbundle) for (const inner of msgExtract(m)) this.input().push(inner);
      return;
    }
    this.input().push(m);
  }

  /**
   * kernel: tipc_link_tnl_rcv() — unwrap a tunnelled message. FAILOVER_MSG inner messages are
   * judged against drop_point: below it they already arrived on the failed link (dropped), above it
   * they wait in failover_deferdq (with the 58ee86b8c775 defer queue) or are delivered at once
   * (v4.19 tipc_link_input), and at it they are delivered and drop_point moves on.
   */
  private tnlRcv(m: TipcMsg): number {
    if (msgType(m) === TunnelType.SYNCH_MSG) return 0;
    const inner = msgInner(m);
    if (!inner.ok) return 0;
    let iskb: TipcMsg | undefined = inner.msg;
    if (!this.ctx.profile.failover_drop_point) {
      this.noteInner(iskb, 'delivered');
      this.dataInput(iskb);
      return 0;
    }
    if (!this.ctx.profile.failover_deferdq) {
      const seqno = msgSeqno(iskb);
      if (less(seqno, this.drop_point)) {
        this.noteInner(iskb, 'dropped-duplicate');
        return 0;
      }
      this.noteInner(iskb, 'delivered');
      this.dataInput(iskb);
      return 0;
    }
    while (iskb) {
      const seqno = msgSeqno(iskb);
      if (less(seqno, this.drop_point)) {
        this.noteInner(iskb, 'dropped-duplicate');
      } else if (seqno !== this.drop_point) {
        this.noteInner(iskb, 'deferred');
        insertSorted((this.failover_deferdq = writable(this.failover_deferdq)), iskb);
      } else {
        this.drop_point = mod(this.drop_point + 1);
        this.noteInner(iskb, 'delivered');
        this.dataInput(iskb);
      }
      iskb = dequeueSeqno(this.failover_deferdq, this.drop_point);
    }
    return 0;
  }

  private noteInner(inner: TipcMsg, action: 'dropped-duplicate' | 'deferred' | 'delivered'): void {
    this.ctx.emit({
      kind: 'tunnel-inner',
      link: this.name,
      peer: this.addr,
      bearer: this.bearer_id,
      action,
      seqno: msgSeqno(inner),
      drop_point: this.drop_point,
      user: msgUser(inner),
    });
  }

  // ------------------------------------------------------------------ timer

  /** kernel: tipc_link_timeout() */
  timeout(xmitq: TipcMsg[]): number {
    let mtyp = LinkProtoType.STATE_MSG;
    let state = false;
    let probe = false;
    let setup = false;
    switch (this.state) {
      case 'ESTABLISHED':
      case 'SYNCHING':
        if (this.silent_intv_cnt > this.abort_limit) return this.fsmEvt('FAILURE_EVT');
        state = this.ctx.bcStateWanted() || this.rcv_unacked > 0 || this.transmq.length > 0;
        probe = this.silent_intv_cnt > 0;
        // The monitor is inactive in clusters of 32 nodes or fewer, and then reports every peer as
        // monitored: silent_intv_cnt counts ticks since the last reception.
        this.silent_intv_cnt++;
        probe ||= this.deferdq.length > 0;
        if (this.snd_nxt === this.checkpoint) probe = true;
        this.checkpoint = this.snd_nxt;
        if (!this.ctx.profile.link_timer_due_only) probe = true;
        break;
      case 'RESET':
        setup = this.rst_cnt++ <= 4;
        setup ||= this.rst_cnt % 16 === 0;
        if (!this.ctx.profile.link_timer_due_only) setup = true;
        mtyp = LinkProtoType.RESET_MSG;
        break;
      case 'ESTABLISHING':
        setup = true;
        mtyp = LinkProtoType.ACTIVATE_MSG;
        break;
      default:
        break;
    }
    if (state || probe || setup) this.buildProtoMsg(mtyp, probe, false, 0, 0, 0, xmitq);
    return 0;
  }

  /**
   * kernel: tipc_link_set_tolerance() — applied at once (the retransmission limit, tolerance × 10,
   * with it) and, if the link is up, announced to the peer in a STATE message. The keepalive
   * interval and abort limit follow only at the node's next timer tick (tipc_node_timeout →
   * tipc_node_calculate_timer); nothing reschedules the timer. The range is checked before, by
   * the caller (tipc_nl_parse_link_prop).
   */
  setTolerance(tol: number, xmitq: TipcMsg[]): void {
    this.tolerance = tol;
    if (this.isUp()) this.buildProtoMsg(LinkProtoType.STATE_MSG, false, false, 0, tol, 0, xmitq);
  }

  /** kernel: tipc_link_set_prio() — applied at once and announced to the peer. */
  setPriority(prio: number, xmitq: TipcMsg[]): void {
    this.priority = prio;
    if (this.isUp()) this.buildProtoMsg(LinkProtoType.STATE_MSG, false, false, 0, 0, prio, xmitq);
  }

  // --------------------------------------------------------------- failover

  /**
   * kernel: tipc_link_tnl_prepare() — `this` is the link going down (l), `tnl` the tunnel.
   * SYNCH to a TUNNEL_ENHANCED peer: one header-only SYNCH_MSG carrying the synch point.
   * FAILOVER: a dummy is queued on l, every packet of l's transmq and backlogq is wrapped in a
   * FAILOVER_MSG, and tnl inherits l's receive position as drop_point and l's defer queue.
   */
  tnlPrepare(tnl: TipcLink, mtyp: number, xmitq: TipcMsg[], now: number): void {
    const own = this.ctx.ownAddr;
    if (mtyp === TunnelType.SYNCH_MSG && tnl.peer_caps & Capability.TIPC_TUNNEL_ENHANCED && this.ctx.profile.tunnel_enhanced) {
      const s = msgInit(own, User.TUNNEL_PROTOCOL, TunnelType.SYNCH_MSG, INT_H_SIZE, tnl.addr);
      msgSetSyncpt(s, mod(this.snd_nxt + this.backlogq.length - 1));
      msgSetBearerId(s, this.peer_bearer_id);
      tnl.xmit([s], xmitq, now);
      return;
    }
    // At least one packet is required for the algorithm: add a dummy.
    const dummy = msgInit(own, User.TIPC_LOW_IMPORTANCE, DataType.TIPC_DIRECT_MSG, BASIC_H_SIZE, this.addr);
    msgSetErrcode(dummy, ErrCode.TIPC_ERR_NO_PORT);
    this.xmit([dummy], [], now);

    const pktcnt =
      (mtyp === TunnelType.SYNCH_MSG
        ? mod(this.snd_nxt - msgSeqno(this.transmq[0]?.msg ?? dummy))
        : this.transmq.length) + this.backlogq.length;
    const tnlq: TipcMsg[] = [];
    let seqno = this.snd_nxt;
    const wrap = (inner: TipcMsg): void => {
      const t = msgInit(own, User.TUNNEL_PROTOCOL, mtyp, INT_H_SIZE, this.addr);
      msgSetMsgcnt(t, pktcnt);
      msgSetBearerId(t, this.peer_bearer_id);
      msgSetInner(t, inner);
      msgSetSize(t, INT_H_SIZE + msgSize(inner));
      tnlq.push(t);
    };
    for (const e of this.transmq) wrap(e.msg);
    for (const b of this.backlogq) {
      msgSetSeqno(b, seqno);
      seqno = mod(seqno + 1);
      wrap(b);
    }
    tnl.xmit(tnlq, xmitq, now);
    if (mtyp === TunnelType.FAILOVER_MSG) {
      tnl.drop_point = this.rcv_nxt;
      tnl.failover_deferdq = this.deferdq;
      this.deferdq = EMPTY;
    }
  }

  /**
   * kernel: tipc_link_create_dummy_tnl_msg() — a FAILOVER_MSG with one 32-byte LOW/DIRECT
   * inner message (errcode NO_PORT), sent on this (the tunnel) link.
   */
  createDummyTnlMsg(xmitq: TipcMsg[], now: number): void {
    const own = this.ctx.ownAddr;
    const t = msgInit(own, User.TUNNEL_PROTOCOL, TunnelType.FAILOVER_MSG, INT_H_SIZE, this.addr);
    msgSetMsgcnt(t, 1);
    msgSetBearerId(t, this.peer_bearer_id);
    const inner = msgInit(own, User.TIPC_LOW_IMPORTANCE, DataType.TIPC_DIRECT_MSG, BASIC_H_SIZE, this.addr);
    msgSetErrcode(inner, ErrCode.TIPC_ERR_NO_PORT);
    msgSetInner(t, inner);
    this.xmit([t], xmitq, now);
  }

  /**
   * kernel: tipc_link_failover_prepare() — added by the half-failover fix: this tunnel endpoint
   * never received anything from the failed peer link, so delivery starts at 1.
   */
  failoverPrepare(xmitq: TipcMsg[], now: number): void {
    this.createDummyTnlMsg(xmitq, now);
    this.drop_point = 1;
    this.failover_deferdq = EMPTY;
  }
}

/** kernel: __tipc_skb_queue_sorted() — insert by seqno, drop duplicates. */
function insertSorted(q: TipcMsg[], m: TipcMsg): void {
  const s = msgSeqno(m);
  for (let i = 0; i < q.length; i++) {
    const qs = msgSeqno(q[i]);
    if (qs === s) return;
    if (less(s, qs)) {
      q.splice(i, 0, m);
      return;
    }
  }
  q.push(m);
}

/** kernel: __tipc_skb_dequeue() — take the head if it carries `seqno`. */
function dequeueSeqno(q: readonly TipcMsg[], seqno: number): TipcMsg | undefined {
  if (q.length > 0 && msgSeqno(q[0]) === seqno) return writable(q).shift();
  return undefined;
}

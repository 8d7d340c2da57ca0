/**
 * Neighbour discovery (net/tipc/discover.c), sans-IO: one discoverer per bearer broadcasts
 * LINK_CONFIG DSC_REQ messages on a backing-off timer; a DSC_REQ from a new neighbour is answered
 * with a unicast DSC_RESP. What a received message means for the node table (creating the peer
 * node and a link) is tipc_node_check_dest, in net.ts.
 */
import {
  DscType,
  MAX_H_SIZE,
  TIPC_NODE_CAPABILITIES,
  User,
  type TipcMsg,
  msgBcNetid,
  msgDestDomain,
  msgInit,
  msgNodeCapabilities,
  msgNodeSig,
  msgPeerNetHash,
  msgPrevnode,
  msgSetBcNetid,
  msgSetDestDomain,
  msgSetMediaAddr,
  msgSetNodeCapabilities,
  msgSetNodeSig,
  msgSetNonSeq,
  msgSetPeerNetHash,
  msgSetSize,
  msgSetSuggNodeAddr,
  msgType,
} from './msg';
import { NODE_ID_LEN, msgSetNodeId } from './msg-bodies';
import { encode } from './msg-codec';

/** Discovery intervals, ms (discover.c). */
export const TIPC_DISC_INIT = 125;
export const TIPC_DISC_FAST = 1000;
export const TIPC_DISC_SLOW = 60000;

/** What a node says about itself in every LINK_CONFIG message. */
export interface DiscIdentity {
  readonly ownAddr: number;
  /** tn->random: the node signature (16 bits on the wire). */
  readonly signature: number;
  /** The network identity (tn->net_id); discovery ignores other networks. */
  readonly netId: number;
  /** 128-bit node identity (NODE_ID_LEN bytes). */
  readonly nodeId: Uint8Array;
  readonly peerNetHash: number;
  readonly capabilities: number;
}

/** A received discovery message, as tipc_disc_rcv reads it. */
export interface DiscInfo {
  readonly mtyp: number;
  readonly src: number;
  readonly dst: number;
  readonly netId: number;
  readonly capabilities: number;
  readonly signature: number;
  readonly peerNetHash: number;
  /**
   * The message itself, for its media address: compared in place (msgMediaAddrIs), copied
   * (msgMediaAddr) only for a peer whose address is taken. A thousand-node cluster's nodes hear
   * each other's requests a million times in the first rounds, and a copy is two objects.
   */
  readonly m: TipcMsg;
}

/** The 128-bit identity of a node with an assigned address: its address in hex, as a string. */
export function nodeIdFromAddr(addr: number): Uint8Array {
  const id = new Uint8Array(NODE_ID_LEN);
  const s = addr.toString(16);
  for (let i = 0; i < s.length && i < NODE_ID_LEN; i++) id[i] = s.charCodeAt(i);
  return id;
}

/** kernel: tipc_disc_init_msg() (+ tipc_disc_msg_xmit's suggested address and destination). */
export function discMsg(id: DiscIdentity, mtyp: number, maddr: Uint8Array, destDomain: number): TipcMsg {
  const m = msgInit(id.ownAddr, User.LINK_CONFIG, mtyp, MAX_H_SIZE, destDomain);
  msgSetSize(m, MAX_H_SIZE + NODE_ID_LEN);
  msgSetNonSeq(m, true);
  msgSetNodeSig(m, id.signature);
  msgSetNodeCapabilities(m, id.capabilities & TIPC_NODE_CAPABILITIES);
  msgSetDestDomain(m, destDomain);
  msgSetBcNetid(m, id.netId);
  msgSetMediaAddr(m, maddr);
  msgSetPeerNetHash(m, id.peerNetHash);
  msgSetSuggNodeAddr(m, 0);
  msgSetNodeId(m, id.nodeId);
  return m;
}

/**
 * The DSC_RESP tipc_disc_rcv() sends on one bearer, built once and re-addressed for each request: the
 * bytes of encode(discMsg(id, DSC_RESP, maddr, dest)). Only dest_domain differs from one response
 * to the next (the destnode msgInit writes is overwritten by the media address, words 5-12), and
 * in a thousand-node cluster's first discovery rounds every node answers every other's requests.
 */
export class DiscResponse {
  private readonly m: TipcMsg;

  constructor(id: DiscIdentity, maddr: Uint8Array) {
    this.m = discMsg(id, DSC_RESP, maddr, 0);
  }

  /** The response to node `dest`, as wire bytes of its own. */
  to(dest: number): Uint8Array {
    msgSetDestDomain(this.m, dest);
    return encode(this.m);
  }
}

/** kernel: the reading half of tipc_disc_rcv(). */
export function discInfo(m: TipcMsg): DiscInfo {
  return {
    mtyp: msgType(m),
    src: msgPrevnode(m),
    dst: msgDestDomain(m),
    netId: msgBcNetid(m),
    capabilities: msgNodeCapabilities(m),
    signature: msgNodeSig(m),
    peerNetHash: msgPeerNetHash(m),
    m,
  };
}

/** kernel: tipc_in_scope() for the (non-legacy) address format: 0 is every node. */
export function inScope(domain: number, addr: number): boolean {
  return domain === 0 || domain === addr;
}

/** struct tipc_discoverer: one per bearer. */
export class Discoverer {
  timer_intv = TIPC_DISC_INIT;
  /** Peers with a working link on this bearer (tipc_disc_add_dest / remove_dest). */
  num_nodes = 0;
  /** When the next DSC_REQ goes out. */
  due: number;

  /** The request tipc_disc_create() / tipc_disc_reset() send at once, before the timer runs. */
  private immediate = true;

  /** kernel: tipc_disc_create() — the first request goes out at once. */
  constructor(now: number) {
    this.due = now;
  }

  /**
   * A request is sent now (due was reached); schedule the next. kernel: tipc_disc_timeout() —
   * the interval doubles at each expiry, capped at TIPC_DISC_FAST while no neighbour is up on the
   * bearer and at TIPC_DISC_SLOW once one is.
   */
  sent(now: number): void {
    if (this.immediate) {
      this.immediate = false;
    } else {
      this.timer_intv *= 2;
      if (this.num_nodes > 0 && this.timer_intv > TIPC_DISC_SLOW) this.timer_intv = TIPC_DISC_SLOW;
      else if (this.num_nodes === 0 && this.timer_intv > TIPC_DISC_FAST) this.timer_intv = TIPC_DISC_FAST;
    }
    this.due = now + this.timer_intv;
  }

  /** kernel: tipc_disc_add_dest() */
  addDest(): void {
    this.num_nodes++;
  }

  /**
   * kernel: tipc_disc_remove_dest() — the last neighbour gone: search fast again, if the interval
   * had grown beyond TIPC_DISC_FAST (`anyInterval`, an ablation: whatever the interval).
   */
  removeDest(now: number, anyInterval = false): void {
    this.num_nodes = Math.max(0, this.num_nodes - 1);
    if (this.num_nodes === 0 && (this.timer_intv > TIPC_DISC_FAST || anyInterval)) {
      this.timer_intv = TIPC_DISC_INIT;
      this.due = now + this.timer_intv;
    }
  }

  /** kernel: tipc_disc_reset() — bearer reset: start over, one request at once. */
  reset(now: number): void {
    this.num_nodes = 0;
    this.timer_intv = TIPC_DISC_INIT;
    this.immediate = true;
    this.due = now;
  }
}

export const DSC_REQ = DscType.DSC_REQ_MSG;
export const DSC_RESP = DscType.DSC_RESP_MSG;

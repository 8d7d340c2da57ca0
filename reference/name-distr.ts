/**
 * The name distributor (net/tipc/name_distr.c) after cad2929dc432: publications carry a
 * sequence number and the is_bulk / is_last_bulk / not_legacy bits; every peer's messages wait
 * in its namedq until the receive rules let them through.
 *
 * The bulk goes to one peer by unicast on NODE_UP; each publish or withdraw goes once on the
 * broadcast link, or as one copy per up peer (replicast) while a legacy peer is up (net.ts,
 * tipc_node_broadcast).
 */
import { less, mod } from './core';
import type { StackEvent } from './events';
import { type NameTable, type Publication, publication } from './name-table';
import {
  INT_H_SIZE,
  NameDistrType,
  User,
  type TipcMsg,
  msgData,
  msgInit,
  msgIsBulk,
  msgIsLastBulk,
  msgIsLegacy,
  msgNamedSeqno,
  msgOrignode,
  msgSetBcAckInvalid,
  msgSetBody,
  msgSetIsBulk,
  msgSetIsLastBulk,
  msgSetNamedSeqno,
  msgSetNotLegacy,
  msgType,
} from './msg';
import { ITEM_SIZE, type DistrItem, decodeItems, encodeItems } from './msg-bodies';
import { writable } from './queue';

/** Sender state of the distributor (nt->snd_nxt, nt->rc_dests). */
export interface DistrSendState {
  snd_nxt: number;
  rc_dests: number;
}

/**
 * How a node distributes and applies bindings: `legacy` is a node from before cad2929dc432
 * (v4.17–v5.8: no sequence numbers or bits, every message applied on arrival); `seqno` is after it,
 * with the exemptions from sequence control of its receive rule 2, which profiles can undo.
 */
export interface DistrMode {
  readonly legacy: boolean;
  /** Rule 2: bulk messages are applied unconditionally (problem 3 of the patch). */
  readonly bulk_exempt: boolean;
  /** Rule 2: messages from legacy peers are applied unconditionally (problem 4 of the patch). */
  readonly legacy_exempt: boolean;
  /** Rule 1: the last bulk message opens the queue at its sequence number (problem 1). */
  readonly last_bulk_sync: boolean;
  /** Rule 3: an open queue lets only the expected sequence number through (problem 2). */
  readonly seqno: boolean;
  /** Rule 4: a message below the expected sequence number is dropped as stale (v1 to v2). */
  readonly stale_drop: boolean;
  /** Proposed fix of KF-2: rule 4 only once the queue is open (6.1 runs it before, against rcv_nxt 0). */
  readonly stale_drop_when_open: boolean;
  /** Node scope is never distributed (false only in the ablation that distributes it). */
  readonly node_scope_local: boolean;
}

/** Per-peer receive state (struct tipc_bclink_entry: namedq, named_rcv_nxt, named_open). */
export interface DistrRcvState {
  namedq: readonly TipcMsg[];
  named_rcv_nxt: number;
  named_open: boolean;
}

function publToItem(p: Publication): DistrItem {
  return { type: p.type, lower: p.lower, upper: p.upper, port: p.port, key: p.key };
}

/** kernel: named_prepare_buf() */
function prepareBuf(own: number, type: number, items: DistrItem[], dest: number): TipcMsg {
  const m = msgInit(own, User.NAME_DISTRIBUTOR, type, INT_H_SIZE, dest);
  msgSetBody(m, encodeItems(items));
  return m;
}

/**
 * kernel: tipc_named_publish() / tipc_named_withdraw() — one item, destnode 0, the next sequence
 * number, not_legacy. Node scope is never distributed (returns undefined).
 */
export function namedUpdate(
  own: number,
  s: DistrSendState,
  p: Publication,
  type: typeof NameDistrType.PUBLICATION | typeof NameDistrType.WITHDRAWAL,
  mode: DistrMode,
): TipcMsg | undefined {
  if (p.scope === 'node' && mode.node_scope_local) return undefined;
  const m = prepareBuf(own, type, [publToItem(p)], 0);
  // Before cad2929dc432: no sequence number and none of the bits (word 4 and bits 26-28 zero).
  if (mode.legacy) return m;
  msgSetNamedSeqno(m, s.snd_nxt);
  s.snd_nxt = (s.snd_nxt + 1) >>> 0;
  msgSetNotLegacy(m, true);
  return m;
}

/**
 * kernel: tipc_named_node_up() / named_distribute() — every cluster-scope binding, packed by the
 * node's MTU entry, all marked is_bulk and not_legacy; the last also is_last_bulk with the
 * snapshot of snd_nxt.
 */
export function namedBulk(
  own: number,
  s: DistrSendState,
  publs: Publication[],
  nodeMtu: number,
  dnode: number,
  mode: DistrMode,
): TipcMsg[] {
  const seqno = s.snd_nxt;
  const perMsg = Math.max(1, Math.floor((nodeMtu - INT_H_SIZE) / ITEM_SIZE));
  const out: TipcMsg[] = [];
  for (let i = 0; i < publs.length; i += perMsg) {
    const m = prepareBuf(own, NameDistrType.PUBLICATION, publs.slice(i, i + perMsg).map(publToItem), dnode);
    msgSetBcAckInvalid(m, true);
    out.push(m);
    if (mode.legacy) continue;
    msgSetIsBulk(m, true);
    msgSetNotLegacy(m, true);
  }
  const last = out[out.length - 1];
  if (last && !mode.legacy) {
    msgSetIsLastBulk(last, true);
    msgSetNamedSeqno(last, seqno);
  }
  return out;
}

/**
 * kernel: tipc_named_dequeue() — the five receive rules, in the kernel's order, scanning namedq
 * from the head each time. Returns the next message to apply, or undefined; `stale` hears of
 * every message rule 4 drops.
 */
export function namedDequeue(r: DistrRcvState, mode: DistrMode, stale?: (m: TipcMsg, rcv_nxt: number) => void): TipcMsg | undefined {
  // A legacy node applies every message in arrival order (v4.17–v5.8 tipc_named_rcv).
  if (r.namedq.length === 0) return undefined;
  const q = writable(r.namedq);
  if (mode.legacy) return q.shift();
  for (let i = 0; i < q.length; ) {
    const m = q[i] as TipcMsg;
    const seqno = msgNamedSeqno(m);
    if (mode.last_bulk_sync && msgIsLastBulk(m)) {
      r.named_rcv_nxt = seqno;
      r.named_open = true;
    }
    if ((mode.bulk_exempt && msgIsBulk(m)) || (mode.legacy_exempt && msgIsLegacy(m))) {
      q.splice(i, 1);
      return m;
    }
    // Without problem 1's synch point, the first update opens the queue wherever it stands.
    if (!mode.last_bulk_sync && !r.named_open) {
      r.named_rcv_nxt = seqno;
      r.named_open = true;
    }
    if (r.named_open && (!mode.seqno || r.named_rcv_nxt === seqno)) {
      r.named_rcv_nxt = mod(seqno + 1);
      q.splice(i, 1);
      return m;
    }
    if (mode.seqno && mode.stale_drop && (r.named_open || !mode.stale_drop_when_open) && less(seqno, r.named_rcv_nxt)) {
      q.splice(i, 1);
      stale?.(m, r.named_rcv_nxt);
      continue;
    }
    i++;
  }
  return undefined;
}

/** kernel: tipc_named_rcv() + tipc_update_nametbl() — apply whatever the rules release. */
export function namedRcv(
  r: DistrRcvState,
  nt: NameTable,
  mode: DistrMode,
  emit: (e: StackEvent) => void,
  /** tipc_node_subscribe() would list a binding of this node: a known peer, not this node. */
  listed: (node: number) => boolean,
): void {
  const stale = (m: TipcMsg, rcv_nxt: number): void =>
    emit({ kind: 'name-stale', node: msgOrignode(m), named_seqno: msgNamedSeqno(m), rcv_nxt });
  for (let m = namedDequeue(r, mode, stale); m; m = namedDequeue(r, mode, stale)) {
    const node = msgOrignode(m);
    const op = msgType(m) === NameDistrType.PUBLICATION ? 'publish' : 'withdraw';
    for (const item of decodeItems(msgData(m))) {
      // Debian 6.1.192's tipc_update_nametbl refuses a range with lower > upper from the network
      // (a stable fix: such a binding could never be matched or withdrawn, and would stay for good)
      const applied =
        item.lower > item.upper
          ? false
          : op === 'publish'
            ? nt.insert(publication(item.type, item.lower, item.upper, 'cluster', node, item.port, item.key), listed(node) ? 'listed' : 'unlisted')
            : nt.remove(item.type, item.lower, item.upper, node, item.key) !== undefined;
      emit({ kind: 'name-update', op, node, item, applied });
    }
  }
}

/**
 * The peer nodes' timers of one stack, as a binary min-heap by due time (ties: the order the peers
 * were added). Not the kernel's code: each tipc_node has its own timer_list, and the kernel's timer
 * wheel finds the due ones without looking at the others. A stack of a thousand peers must not look
 * at every one of them at every tick and after every frame.
 *
 * Entries are not removed when a peer's timer changes: each carries the timer version it was made
 * for, and an entry whose peer has moved on (another version, or no timer) is stale and skipped.
 */
import type { PeerNode } from './node';

interface Entry {
  readonly at: number;
  /** The order the peer was added in: the order tick() visits due peers, as the peer table lists them. */
  readonly order: number;
  readonly peer: PeerNode;
  readonly version: number;
}

function before(x: Entry, y: Entry): boolean {
  return x.at < y.at || (x.at === y.at && x.order < y.order);
}

function current(e: Entry): boolean {
  return e.version === e.peer.timerVersion && e.peer.timer_due !== undefined;
}

export class PeerTimers {
  private readonly heap: Entry[] = [];

  /** The peer's timer as it is now (timer_due and timerVersion). */
  set(peer: PeerNode, order: number): void {
    const at = peer.timer_due;
    if (at === undefined) return;
    const e: Entry = { at, order, peer, version: peer.timerVersion };
    const h = this.heap;
    let i = h.length;
    h.push(e);
    while (i > 0) {
      const parent = (i - 1) >> 1;
      const p = h[parent] as Entry;
      if (!before(e, p)) break;
      h[i] = p;
      i = parent;
    }
    h[i] = e;
  }

  /** The earliest due time of a current timer, or undefined for none. */
  next(): number | undefined {
    for (let top = this.heap[0]; top !== undefined; top = this.heap[0]) {
      if (current(top)) return top.at;
      this.pop();
    }
    return undefined;
  }

  /**
   * Takes out the peers whose current timer is due at or before `now`, in time order (ties in the
   * order added), each once. A peer set twice at the same version has two current entries; they
   * have the same time and order, and no other peer's order is the same, so they come out one
   * after the other.
   */
  due(now: number): PeerNode[] {
    const out: PeerNode[] = [];
    for (let top = this.heap[0]; top !== undefined && top.at <= now; top = this.heap[0]) {
      this.pop();
      if (current(top) && out[out.length - 1] !== top.peer) out.push(top.peer);
    }
    return out;
  }

  private pop(): void {
    const h = this.heap;
    const last = h.pop();
    const size = h.length;
    if (last === undefined || size === 0) return;
    let i = 0;
    for (;;) {
      const l = 2 * i + 1;
      if (l >= size) break;
      let m = l;
      let child = h[l] as Entry;
      const r = l + 1;
      if (r < size && before(h[r] as Entry, child)) {
        m = r;
        child = h[r] as Entry;
      }
      if (!before(child, last)) break;
      h[i] = child;
      i = m;
    }
    h[i] = last;
  }
}

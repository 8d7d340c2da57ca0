/**
 * The peer nodes' timers of one stack, as a binary min-heap by due time (ties: the order the peers
 * were added). Not the kernel's code: each tipc_node has its own timer_list, and the kernel's timer
 * wheel finds the due ones without looking at the others. A stack of a thousand peers must not look
 * at every one of them at every tick and after every frame.
 *
 * Entries are not removed when a peer's timer changes: each carries the timer version it was made
 * for, and an entry whose peer has moved on (another version, or no timer) is stale and skipped.
 *
 * An entry is a slot in typed columns (due time, order, version) and in an array of peers, not an
 * object: a 1,024-node cluster has a million entries, 64 bytes each as objects in an array, 28 in
 * slots.
 */
import type { PeerNode } from './node';

/** Slots of a new heap; the columns double as it fills. */
const FIRST_SLOTS = 8;

export class PeerTimers {
  /** Entries in the heap (slots 0 to size - 1). */
  private size = 0;
  private at: Float64Array = new Float64Array(FIRST_SLOTS);
  /** The order the peer was added in: the order tick() visits due peers, as the peer table lists them. */
  private order: Uint32Array = new Uint32Array(FIRST_SLOTS);
  /** The peer's timerVersion when the entry was made (a double: it counts every set of the timer, and must not wrap). */
  private version: Float64Array = new Float64Array(FIRST_SLOTS);
  private peer: (PeerNode | undefined)[] = [];

  /** The peer's timer as it is now (timer_due and timerVersion). */
  set(peer: PeerNode, order: number): void {
    const at = peer.timer_due;
    if (at === undefined) return;
    if (this.size === this.at.length) this.grow();
    let i = this.size++;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (!this.precedes(at, order, parent)) break;
      this.move(parent, i);
      i = parent;
    }
    this.at[i] = at;
    this.order[i] = order;
    this.version[i] = peer.timerVersion;
    this.peer[i] = peer;
  }

  /** The earliest due time of a current timer, or undefined for none. */
  next(): number | undefined {
    while (this.size > 0) {
      if (this.current(0)) return this.at[0];
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
    while (this.size > 0 && this.at[0] <= now) {
      const top = this.peer[0] as PeerNode;
      const current = this.current(0);
      this.pop();
      if (current && out[out.length - 1] !== top) out.push(top);
    }
    return out;
  }

  /** Is slot i's entry its peer's timer as it is now? */
  private current(i: number): boolean {
    const p = this.peer[i] as PeerNode;
    return this.version[i] === p.timerVersion && p.timer_due !== undefined;
  }

  /** Slot `from`'s entry into slot `to`. */
  private move(from: number, to: number): void {
    this.at[to] = this.at[from];
    this.order[to] = this.order[from];
    this.version[to] = this.version[from];
    this.peer[to] = this.peer[from];
  }

  /** Is slot i's entry before slot j's? */
  private before(i: number, j: number): boolean {
    return this.precedes(this.at[i], this.order[i], j);
  }

  /** Does an entry due at `at`, added `order`th, come before slot j's: earlier, or as early and added first? */
  private precedes(at: number, order: number, j: number): boolean {
    return at < this.at[j] || (at === this.at[j] && order < this.order[j]);
  }

  /** Takes the top entry out: the last entry sifts down from the top. */
  private pop(): void {
    const last = --this.size;
    if (last === 0) {
      this.peer[0] = undefined;
      return;
    }
    let i = 0;
    for (;;) {
      const l = 2 * i + 1;
      if (l >= last) break;
      const r = l + 1;
      const m = r < last && this.before(r, l) ? r : l;
      if (!this.before(m, last)) break;
      this.move(m, i);
      i = m;
    }
    this.move(last, i);
    // the peer is not kept alive by a slot past the end
    this.peer[last] = undefined;
  }

  private grow(): void {
    const at = new Float64Array(this.at.length * 2);
    at.set(this.at);
    this.at = at;
    const order = new Uint32Array(this.order.length * 2);
    order.set(this.order);
    this.order = order;
    const version = new Float64Array(this.version.length * 2);
    version.set(this.version);
    this.version = version;
  }
}

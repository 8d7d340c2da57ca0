/**
 * A binary min-heap of scheduled events ordered by (at, seq). `seq` is unique per simulator, so
 * the order is total and does not depend on how the heap happens to be laid out.
 */

export interface Scheduled {
  /** Virtual time, ms. */
  readonly at: number;
  /** Insertion sequence: breaks ties between events at the same time, first scheduled first. */
  readonly seq: number;
}

function before(x: Scheduled, y: Scheduled): boolean {
  return x.at < y.at || (x.at === y.at && x.seq < y.seq);
}

export class EventQueue<T extends Scheduled> {
  private readonly heap: T[] = [];

  get size(): number {
    return this.heap.length;
  }

  peek(): T | undefined {
    return this.heap[0];
  }

  /** Every item queued, in no particular order. */
  items(): readonly T[] {
    return this.heap;
  }

  push(item: T): void {
    // sift up with a hole: each parent moves down once, the item is written once
    const h = this.heap;
    let i = h.length;
    h.push(item);
    while (i > 0) {
      const parent = (i - 1) >> 1;
      const p = h[parent] as T;
      if (!before(item, p)) break;
      h[i] = p;
      i = parent;
    }
    h[i] = item;
  }

  pop(): T | undefined {
    const h = this.heap;
    const top = h[0];
    const last = h.pop();
    if (top === undefined || last === undefined || h.length === 0) return top;
    // sift the last item down from the root, with a hole
    const size = h.length;
    let i = 0;
    for (;;) {
      const l = 2 * i + 1;
      if (l >= size) break;
      const r = l + 1;
      let m = l;
      let child = h[l] as T;
      if (r < size) {
        const right = h[r] as T;
        if (before(right, child)) {
          m = r;
          child = right;
        }
      }
      if (!before(child, last)) break;
      h[i] = child;
      i = m;
    }
    h[i] = last;
    return top;
  }
}

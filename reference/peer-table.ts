/**
 * The peer table (kernel: tn->node_htable and tipc_node_find()): a node's peers by address, and
 * the order they joined it, which is the order every walk of the table takes.
 *
 * Peers in the node's own cluster (the same zone and cluster bits of the address) are also in an
 * array by node number: every frame a node receives looks its sender up, and in a cluster of a
 * thousand nodes a hash lookup in each node's table of a thousand peers is a cache miss or two
 * more than one array load. Peers elsewhere (and every peer of a node whose address is a hash of
 * its node identity, as 4.17's auto-addressing makes them) are found by hash alone.
 */

/** The node bits of a TIPC address <zone.cluster.node>: 12 (tipc_node(), net/tipc/addr.h). */
const NODE_BITS = 12;
const NODE_MASK = (1 << NODE_BITS) - 1;

/** `addr`'s node number if it is in the cluster of `own` (the same zone and cluster bits), else -1. */
export function nodeInCluster(own: number, addr: number): number {
  return addr >>> NODE_BITS === own >>> NODE_BITS ? addr & NODE_MASK : -1;
}

export class PeerTable<T extends { readonly addr: number }> {
  /** Every peer, by address, in the order they joined (a Map iterates in insertion order). */
  private readonly byAddr = new Map<number, T>();
  /** Own-cluster peers by node number, and when each joined. */
  private readonly near: (T | undefined)[] = [];
  private readonly nearJoined: number[] = [];
  /** When each peer from another cluster joined. */
  private readonly farJoined = new Map<T, number>();
  private joined = 0;
  private readonly cluster: number;

  constructor(ownAddr: number) {
    this.cluster = ownAddr >>> NODE_BITS;
  }

  get(addr: number): T | undefined {
    return addr >>> NODE_BITS === this.cluster ? this.near[addr & NODE_MASK] : this.byAddr.get(addr);
  }

  has(addr: number): boolean {
    return this.get(addr) !== undefined;
  }

  /** Adds `n`, which joins after every peer in the table. */
  add(n: T): void {
    this.byAddr.set(n.addr, n);
    if (n.addr >>> NODE_BITS === this.cluster) {
      this.near[n.addr & NODE_MASK] = n;
      this.nearJoined[n.addr & NODE_MASK] = this.joined++;
    } else this.farJoined.set(n, this.joined++);
  }

  delete(n: T): void {
    if (this.get(n.addr) !== n) return;
    this.byAddr.delete(n.addr);
    if (n.addr >>> NODE_BITS === this.cluster) this.near[n.addr & NODE_MASK] = undefined;
    else this.farJoined.delete(n);
  }

  /** When `n` joined, relative to the others (undefined: `n` is not in the table, e.g. a peer being made). */
  joinedAt(n: T): number | undefined {
    if (this.get(n.addr) !== n) return undefined;
    return n.addr >>> NODE_BITS === this.cluster ? this.nearJoined[n.addr & NODE_MASK] : this.farJoined.get(n);
  }

  /** Every peer, in the order they joined. */
  values(): IterableIterator<T> {
    return this.byAddr.values();
  }
}

/**
 * The binding (name) table of one node (net/tipc/name_table.c), reduced to what distribution
 * needs: service ranges bound by sockets of this node or learnt from peers.
 */

import { RowPages } from './row-pages';

export type Scope = 'node' | 'cluster';

/** struct publication: a service range {type, lower, upper} bound to a socket (node, port, key). */
export interface Publication {
  readonly type: number;
  readonly lower: number;
  readonly upper: number;
  readonly scope: Scope;
  readonly node: number;
  readonly port: number;
  readonly key: number;
}

/**
 * A Publication built field by field, always in this order: one hidden class for all of them. The
 * spread it replaces ({ ...item, scope, node }) made each binding learnt from the network an object
 * of its own shape in V8's dictionary mode, hundreds of bytes apiece.
 */
export function publication(type: number, lower: number, upper: number, scope: Scope, node: number, port: number, key: number): Publication {
  return { type, lower, upper, scope, node, port, key };
}

/**
 * Which list a binding is on (p->binding_node): `local`, bound by a socket of this node
 * (nt->cluster_scope or node_scope, what the bulk sends); `listed`, learnt from the network and on
 * its node's publ_list, so purged when that node goes down; `unlisted`, learnt from the network
 * under a node that was unknown when it came, or under this node's own address:
 * tipc_node_subscribe() refused it, so no node's NODE_DOWN purges it and no bulk sends it.
 */
export type Holding = 'local' | 'listed' | 'unlisted';

/** A row's numbers: the binding's, its flags, and the row before it in the same bucket. */
const TYPE = 0;
const LOWER = 1;
const UPPER = 2;
const NODE = 3;
const PORT = 4;
const KEY = 5;
const FLAGS = 6;
const NEXT = 7;
const WIDTH = 8;

/** A row's flags: its holding (0 a removed row), and its scope. */
const HOLDING: readonly Holding[] = ['local', 'listed', 'unlisted'];
const HOLDING_MASK = 3;
const CLUSTER_SCOPE = 4;
const REMOVED = 0;

/** No row (the end of a chain), as a u32 keeps it. */
const NONE = 0xffffffff;

/** The five fields that make a binding's identity (as u32s, what the wire carries) mixed into 32 bits. */
function hashOf(type: number, lower: number, upper: number, node: number, key: number): number {
  let h = Math.imul(type ^ 0x2545f491, 0x9e3779b1);
  h = Math.imul(h ^ (h >>> 15) ^ lower, 0x85ebca6b);
  h = Math.imul(h ^ (h >>> 13) ^ upper, 0xc2b2ae35);
  h = Math.imul(h ^ (h >>> 16) ^ node, 0x27d4eb2f);
  h = Math.imul(h ^ (h >>> 15) ^ key, 0x165667b1);
  return h ^ (h >>> 16);
}

/** Rows per bucket, at most, before the buckets double. */
const LOAD = 2;

/**
 * The bindings as rows of u32s, one row each in binding order (a Map kept that order before, as
 * the kernel's lists do), found through buckets by a hash of the identity: a bucket holds the last
 * row bound in it, and each row the one before it in its bucket (NEXT). A 1,024-node cluster's
 * tables hold ten million bindings: as an object, a string key and a Map entry each, 166 bytes of
 * heap a binding; as rows of columns indexed by a Map, 85; as rows in pages and a bucket array, 36.
 * Removed rows stay as holes until they are as many as the live ones; then the rows are packed
 * again.
 *
 * The identity is compared as u32s (what the wire carries and what the kernel compares); a binding
 * given with any field that is not a u32 (no wire message can carry one) is also kept as it was
 * given, in `exact`, and read back as that.
 */
export class NameTable {
  private rows = 0;
  private live = 0;
  private readonly t = new RowPages(WIDTH, (n) => new Uint32Array(n));
  /** Bucket → the last row bound in it, NONE if none; a power of two of them, at least rows / LOAD. */
  private buckets = new Uint32Array(4).fill(NONE);
  /** The rows whose binding had a field that is not a u32, as they were given. */
  private exact = new Map<number, Publication>();

  /**
   * @param hashMask the bits of the hash the buckets are chosen by: all of them unless a test wants
   * few buckets and long chains.
   */
  constructor(private readonly hashMask = 0xffffffff) {}

  /** Number `f` of row `r`, read at this line rather than through RowPages.get (see page()). */
  private get(r: number, f: number): number {
    return this.t.page(r)[this.t.at(r) + f] as number;
  }

  private set(r: number, f: number, v: number): void {
    this.t.page(r)[this.t.at(r) + f] = v;
  }

  /** The bucket of an identity. */
  private bucketOf(type: number, lower: number, upper: number, node: number, key: number): number {
    return hashOf(type, lower, upper, node, key) & this.hashMask & (this.buckets.length - 1);
  }

  /** The bucket of row r's identity. */
  private rowBucket(r: number): number {
    return this.bucketOf(this.get(r, TYPE), this.get(r, LOWER), this.get(r, UPPER), this.get(r, NODE), this.get(r, KEY));
  }

  /**
   * kernel: tipc_nametbl_insert_publ() — overlapping ranges are legal; the same exact range with
   * the same key from the same node is refused.
   */
  insert(p: Publication, holding: Holding): boolean {
    const type = p.type >>> 0, lower = p.lower >>> 0, upper = p.upper >>> 0, node = p.node >>> 0, key = p.key >>> 0;
    if (this.rows >= LOAD * this.buckets.length) this.rechain(this.buckets.length * 2);
    const h = this.bucketOf(type, lower, upper, node, key);
    if (this.find(h, type, lower, upper, node, key) !== NONE) return false;
    const r = this.rows++;
    this.t.reserve(r);
    this.set(r, TYPE, type);
    this.set(r, LOWER, lower);
    this.set(r, UPPER, upper);
    this.set(r, NODE, node);
    this.set(r, PORT, p.port);
    this.set(r, KEY, key);
    this.set(r, FLAGS, (HOLDING.indexOf(holding) + 1) | (p.scope === 'cluster' ? CLUSTER_SCOPE : 0));
    this.set(r, NEXT, this.buckets[h] as number);
    this.buckets[h] = r;
    if (type !== p.type || lower !== p.lower || upper !== p.upper || node !== p.node || p.port >>> 0 !== p.port || key !== p.key) this.exact.set(r, p);
    this.live++;
    return true;
  }

  /** kernel: tipc_nametbl_remove_publ() — exact range, key and node (port not compared). */
  remove(type: number, lower: number, upper: number, node: number, key: number): Publication | undefined {
    const t = type >>> 0, l = lower >>> 0, u = upper >>> 0, n = node >>> 0, k = key >>> 0;
    const h = this.bucketOf(t, l, u, n, k);
    const r = this.find(h, t, l, u, n, k);
    if (r === NONE) return undefined;
    const p = this.at(r);
    this.drop(r, h);
    this.packIfSparse();
    return p;
  }

  /** kernel: tipc_publ_notify() on NODE_DOWN — forget what is on the peer's publ_list. */
  purgeNode(node: number): number {
    let n = 0;
    for (let r = 0; r < this.rows; r++) {
      // a listed binding came in a message: its node is a u32
      if (this.holding(r) !== 'listed' || this.get(r, NODE) !== node) continue;
      this.drop(r, this.rowBucket(r));
      n++;
    }
    this.packIfSparse();
    return n;
  }

  /** This node's own cluster-scope bindings, in binding order (nt->cluster_scope). */
  clusterScope(ownAddr: number): Publication[] {
    return this.local().filter((e) => e.node === ownAddr && e.scope === 'cluster');
  }

  /** Every binding of this node's own, node and cluster scope, in binding order. */
  own(ownAddr: number): Publication[] {
    return this.local().filter((e) => e.node === ownAddr);
  }

  private local(): Publication[] {
    const out: Publication[] = [];
    for (let r = 0; r < this.rows; r++) if (this.holding(r) === 'local') out.push(this.at(r));
    return out;
  }

  all(): readonly Publication[] {
    const out: Publication[] = [];
    for (let r = 0; r < this.rows; r++) if (this.get(r, FLAGS) !== REMOVED) out.push(this.at(r));
    return out;
  }

  private holding(r: number): Holding | undefined {
    return HOLDING[(this.get(r, FLAGS) & HOLDING_MASK) - 1];
  }

  /** The row with this identity, or NONE. */
  private find(h: number, type: number, lower: number, upper: number, node: number, key: number): number {
    let r = this.buckets[h] as number;
    while (r !== NONE && !(this.get(r, TYPE) === type && this.get(r, LOWER) === lower && this.get(r, UPPER) === upper && this.get(r, NODE) === node && this.get(r, KEY) === key)) r = this.get(r, NEXT);
    return r;
  }

  /** Row r as a binding: as it was given, or made from its numbers. */
  private at(r: number): Publication {
    const given = this.exact.get(r);
    if (given !== undefined) return given;
    const scope: Scope = this.get(r, FLAGS) & CLUSTER_SCOPE ? 'cluster' : 'node';
    return publication(this.get(r, TYPE), this.get(r, LOWER), this.get(r, UPPER), scope, this.get(r, NODE), this.get(r, PORT), this.get(r, KEY));
  }

  /** Unchain row r from its bucket h and mark it removed. */
  private drop(r: number, h: number): void {
    const head = this.buckets[h] as number;
    if (head === r) this.buckets[h] = this.get(r, NEXT);
    else {
      let q = head;
      while (q !== NONE && this.get(q, NEXT) !== r) q = this.get(q, NEXT);
      if (q !== NONE) this.set(q, NEXT, this.get(r, NEXT));
    }
    this.set(r, FLAGS, REMOVED);
    this.exact.delete(r);
    this.live--;
  }

  /** Removed rows as many as the live ones (and more than a few): the live rows packed to the front, in order, and chained again. */
  private packIfSparse(): void {
    const removed = this.rows - this.live;
    if (removed < 32 || removed < this.live) return;
    const exact = new Map<number, Publication>();
    let w = 0;
    for (let r = 0; r < this.rows; r++) {
      if (this.get(r, FLAGS) === REMOVED) continue;
      for (let f = 0; f < NEXT; f++) this.set(w, f, this.get(r, f)); // the row but its NEXT, the last
      const given = this.exact.get(r);
      if (given !== undefined) exact.set(w, given);
      w++;
    }
    this.rows = w;
    this.exact = exact;
    this.rechain(this.buckets.length);
  }

  /** `n` buckets, every live row chained in its own in binding order. */
  private rechain(n: number): void {
    this.buckets = new Uint32Array(n).fill(NONE);
    for (let r = 0; r < this.rows; r++) {
      if (this.get(r, FLAGS) === REMOVED) continue;
      const h = this.rowBucket(r);
      this.set(r, NEXT, this.buckets[h] as number);
      this.buckets[h] = r;
    }
  }
}

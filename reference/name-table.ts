/**
 * The binding (name) table of one node (net/tipc/name_table.c), reduced to what distribution
 * needs: service ranges bound by sockets of this node or learnt from peers.
 */

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

/** A row's flags: its holding (0 a removed row), and its scope. */
const HOLDING: readonly Holding[] = ['local', 'listed', 'unlisted'];
const HOLDING_MASK = 3;
const CLUSTER_SCOPE = 4;
const REMOVED = 0;

/** No row (the end of a chain). */
const NONE = -1;

/** The five fields that make a binding's identity (as u32s, what the wire carries) mixed into 32 bits. */
function hashOf(type: number, lower: number, upper: number, node: number, key: number): number {
  let h = Math.imul(type ^ 0x2545f491, 0x9e3779b1);
  h = Math.imul(h ^ (h >>> 15) ^ lower, 0x85ebca6b);
  h = Math.imul(h ^ (h >>> 13) ^ upper, 0xc2b2ae35);
  h = Math.imul(h ^ (h >>> 16) ^ node, 0x27d4eb2f);
  h = Math.imul(h ^ (h >>> 15) ^ key, 0x165667b1);
  return h ^ (h >>> 16);
}

/**
 * The bindings in typed columns, one row each in binding order (a Map kept that order before, as
 * the kernel's lists do), found by an index from a hash of the identity to the first row with it,
 * rows with the same hash chained through `next`. A 1,024-node cluster's tables hold ten million
 * bindings: as an object, a string key and a Map entry each, 166 bytes of heap a binding; as rows,
 * 29 bytes and the index's entry, about 37. Removed rows stay as holes until they are as many as
 * the live ones; then the rows are packed again.
 *
 * The identity is compared as u32s (what the wire carries and what the kernel compares); a binding
 * given with any field that is not a u32 (no wire message can carry one) is also kept as it was
 * given, in `exact`, and read back as that.
 */
export class NameTable {
  private rows = 0;
  private live = 0;
  private type = new Uint32Array(8);
  private lower = new Uint32Array(8);
  private upper = new Uint32Array(8);
  private node = new Uint32Array(8);
  private port = new Uint32Array(8);
  private key = new Uint32Array(8);
  private flags = new Uint8Array(8);
  private next = new Int32Array(8);
  /** Hash of the identity → the last row bound with it (each row's `next` the one before). */
  private readonly index = new Map<number, number>();
  /** The rows whose binding had a field that is not a u32, as they were given. */
  private exact = new Map<number, Publication>();

  /**
   * @param hashMask the bits of the hash the index keys by: 30 (a small integer, the fastest Map
   * key) unless a test wants few keys and long chains.
   */
  constructor(private readonly hashMask = 0x3fffffff) {}

  /** The index's key of an identity. */
  private hash(type: number, lower: number, upper: number, node: number, key: number): number {
    return hashOf(type, lower, upper, node, key) & this.hashMask;
  }

  /** The index's key of row r's identity. */
  private rowHash(r: number): number {
    return this.hash(this.type[r] as number, this.lower[r] as number, this.upper[r] as number, this.node[r] as number, this.key[r] as number);
  }

  /**
   * kernel: tipc_nametbl_insert_publ() — overlapping ranges are legal; the same exact range with
   * the same key from the same node is refused.
   */
  insert(p: Publication, holding: Holding): boolean {
    const type = p.type >>> 0, lower = p.lower >>> 0, upper = p.upper >>> 0, node = p.node >>> 0, key = p.key >>> 0;
    const h = this.hash(type, lower, upper, node, key);
    if (this.find(h, type, lower, upper, node, key) !== NONE) return false;
    if (this.rows === this.type.length) this.grow();
    const r = this.rows++;
    this.type[r] = type;
    this.lower[r] = lower;
    this.upper[r] = upper;
    this.node[r] = node;
    this.port[r] = p.port >>> 0;
    this.key[r] = key;
    this.flags[r] = (HOLDING.indexOf(holding) + 1) | (p.scope === 'cluster' ? CLUSTER_SCOPE : 0);
    this.next[r] = this.index.get(h) ?? NONE;
    this.index.set(h, r);
    if (type !== p.type || lower !== p.lower || upper !== p.upper || node !== p.node || p.port >>> 0 !== p.port || key !== p.key) this.exact.set(r, p);
    this.live++;
    return true;
  }

  /** kernel: tipc_nametbl_remove_publ() — exact range, key and node (port not compared). */
  remove(type: number, lower: number, upper: number, node: number, key: number): Publication | undefined {
    const t = type >>> 0, l = lower >>> 0, u = upper >>> 0, n = node >>> 0, k = key >>> 0;
    const h = this.hash(t, l, u, n, k);
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
      if (this.holding(r) !== 'listed' || this.node[r] !== node) continue;
      this.drop(r, this.rowHash(r));
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
    for (let r = 0; r < this.rows; r++) if (this.flags[r] !== REMOVED) out.push(this.at(r));
    return out;
  }

  private holding(r: number): Holding | undefined {
    return HOLDING[((this.flags[r] as number) & HOLDING_MASK) - 1];
  }

  /** The row with this identity, or NONE. */
  private find(h: number, type: number, lower: number, upper: number, node: number, key: number): number {
    let r = this.index.get(h) ?? NONE;
    while (r !== NONE && !(this.type[r] === type && this.lower[r] === lower && this.upper[r] === upper && this.node[r] === node && this.key[r] === key)) r = this.next[r] as number;
    return r;
  }

  /** Row r as a binding: as it was given, or made from its columns. */
  private at(r: number): Publication {
    const given = this.exact.get(r);
    if (given !== undefined) return given;
    const scope: Scope = (this.flags[r] as number) & CLUSTER_SCOPE ? 'cluster' : 'node';
    return publication(this.type[r] as number, this.lower[r] as number, this.upper[r] as number, scope, this.node[r] as number, this.port[r] as number, this.key[r] as number);
  }

  /** Unchain row r (hash h) from the index and mark it removed. */
  private drop(r: number, h: number): void {
    const head = this.index.get(h) ?? NONE;
    if (head === r) {
      const after = this.next[r] as number;
      if (after === NONE) this.index.delete(h);
      else this.index.set(h, after);
    } else {
      let q = head;
      while (q !== NONE && this.next[q] !== r) q = this.next[q] as number;
      if (q !== NONE) this.next[q] = this.next[r] as number;
    }
    this.flags[r] = REMOVED;
    this.exact.delete(r);
    this.live--;
  }

  /** Columns twice as long. */
  private grow(): void {
    const len = this.type.length * 2;
    const wider = <T extends Uint32Array | Uint8Array | Int32Array>(a: T, make: (n: number) => T): T => {
      const b = make(len);
      b.set(a);
      return b;
    };
    this.type = wider(this.type, (n) => new Uint32Array(n));
    this.lower = wider(this.lower, (n) => new Uint32Array(n));
    this.upper = wider(this.upper, (n) => new Uint32Array(n));
    this.node = wider(this.node, (n) => new Uint32Array(n));
    this.port = wider(this.port, (n) => new Uint32Array(n));
    this.key = wider(this.key, (n) => new Uint32Array(n));
    this.flags = wider(this.flags, (n) => new Uint8Array(n));
    this.next = wider(this.next, (n) => new Int32Array(n));
  }

  /** Removed rows as many as the live ones (and more than a few): the live rows packed to the front, in order, and the index made again. */
  private packIfSparse(): void {
    const removed = this.rows - this.live;
    if (removed < 32 || removed < this.live) return;
    const exact = new Map<number, Publication>();
    this.index.clear();
    let w = 0;
    for (let r = 0; r < this.rows; r++) {
      if (this.flags[r] === REMOVED) continue;
      this.type[w] = this.type[r] as number;
      this.lower[w] = this.lower[r] as number;
      this.upper[w] = this.upper[r] as number;
      this.node[w] = this.node[r] as number;
      this.port[w] = this.port[r] as number;
      this.key[w] = this.key[r] as number;
      this.flags[w] = this.flags[r] as number;
      const given = this.exact.get(r);
      if (given !== undefined) exact.set(w, given);
      const h = this.rowHash(w);
      this.next[w] = this.index.get(h) ?? NONE;
      this.index.set(h, w);
      w++;
    }
    this.rows = w;
    this.exact = exact;
  }
}

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
 * A binding's exact range, node and key (five u32s) as ten UTF-16 units: a flat string of 20
 * bytes. A template of the five numbers is a rope of nine pieces, several times that, and a
 * 1,024-node cluster's name tables hold millions of bindings.
 */
/**
 * A Publication built field by field, always in this order: one hidden class for all of them. The
 * spread it replaces ({ ...item, scope, node }) made each binding learnt from the network an object
 * of its own shape in V8's dictionary mode, hundreds of bytes apiece.
 */
export function publication(type: number, lower: number, upper: number, scope: Scope, node: number, port: number, key: number): Publication {
  return { type, lower, upper, scope, node, port, key };
}

function keyOf(type: number, lower: number, upper: number, node: number, key: number): string {
  return String.fromCharCode(type >>> 16, type & 0xffff, lower >>> 16, lower & 0xffff, upper >>> 16, upper & 0xffff, node >>> 16, node & 0xffff, key >>> 16, key & 0xffff);
}

/**
 * Which list a binding is on (p->binding_node): `local`, bound by a socket of this node
 * (nt->cluster_scope or node_scope, what the bulk sends); `listed`, learnt from the network and on
 * its node's publ_list, so purged when that node goes down; `unlisted`, learnt from the network
 * under a node that was unknown when it came, or under this node's own address:
 * tipc_node_subscribe() refused it, so no node's NODE_DOWN purges it and no bulk sends it.
 */
export type Holding = 'local' | 'listed' | 'unlisted';

export class NameTable {
  /** By exact range, node and key; a Map keeps binding order, as the kernel's lists do. */
  private readonly entries = new Map<string, Publication>();
  /**
   * The holding of every binding that is not `listed`, under the same key: this node's own, and
   * the few that came under an unknown node. Almost every binding is learnt and listed, and a
   * 1,024-node cluster's tables hold ten million of them: a holding object beside each was a
   * fifth of a binding's memory.
   */
  private readonly notListed = new Map<string, Holding>();

  /**
   * kernel: tipc_nametbl_insert_publ() — overlapping ranges are legal; the same exact range with
   * the same key from the same node is refused.
   */
  insert(p: Publication, holding: Holding): boolean {
    const k = keyOf(p.type, p.lower, p.upper, p.node, p.key);
    if (this.entries.has(k)) return false;
    this.entries.set(k, p);
    if (holding !== 'listed') this.notListed.set(k, holding);
    return true;
  }

  /** kernel: tipc_nametbl_remove_publ() — exact range, key and node (port not compared). */
  remove(type: number, lower: number, upper: number, node: number, key: number): Publication | undefined {
    const k = keyOf(type, lower, upper, node, key);
    const p = this.entries.get(k);
    if (p === undefined) return undefined;
    this.entries.delete(k);
    this.notListed.delete(k);
    return p;
  }

  /** kernel: tipc_publ_notify() on NODE_DOWN — forget what is on the peer's publ_list. */
  purgeNode(node: number): number {
    let n = 0;
    for (const [k, p] of this.entries) {
      if (p.node !== node || this.notListed.has(k)) continue;
      this.entries.delete(k);
      n++;
    }
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
    for (const [k, holding] of this.notListed) if (holding === 'local') out.push(this.entries.get(k) as Publication);
    return out;
  }

  all(): readonly Publication[] {
    return [...this.entries.values()];
  }
}

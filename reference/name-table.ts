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

export class NameTable {
  private readonly entries: Publication[] = [];

  /**
   * kernel: tipc_nametbl_insert_publ() — overlapping ranges are legal; the same exact range with
   * the same key from the same node is refused.
   */
  insert(p: Publication): boolean {
    const dup = this.entries.some(
      (e) => e.type === p.type && e.lower === p.lower && e.upper === p.upper && e.node === p.node && e.key === p.key,
    );
    if (dup) return false;
    this.entries.push(p);
    return true;
  }

  /** kernel: tipc_nametbl_remove_publ() — exact range, key and node (port not compared). */
  remove(type: number, lower: number, upper: number, node: number, key: number): Publication | undefined {
    const i = this.entries.findIndex(
      (e) => e.type === type && e.lower === lower && e.upper === upper && e.node === node && e.key === key,
    );
    if (i < 0) return undefined;
    return this.entries.splice(i, 1)[0];
  }

  /** kernel: tipc_publ_notify() on NODE_DOWN — forget everything a peer had bound. */
  purgeNode(node: number): number {
    let n = 0;
    for (let i = this.entries.length - 1; i >= 0; i--) {
      if (this.entries[i].node === node) {
        this.entries.splice(i, 1);
        n++;
      }
    }
    return n;
  }

  /** This node's own cluster-scope bindings, in binding order (nt->cluster_scope). */
  clusterScope(ownAddr: number): Publication[] {
    return this.entries.filter((e) => e.node === ownAddr && e.scope === 'cluster');
  }

  all(): readonly Publication[] {
    return this.entries;
  }
}

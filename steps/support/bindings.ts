/**
 * The cluster-scope service ranges each node bound in the scenario and has not unbound: what a
 * name table check compares a node's own table with. Owned by the bind and unbind steps, which
 * go through it to the cluster.
 */
import type { Binding, ClusterAdapter, NodeId, ServiceRange } from '../../contract';

/** The identity of a range in the sets below (never parsed back). */
function rangeKey(r: ServiceRange): string {
  return `${r.type} ${r.lower} ${r.upper}`;
}

export class Bindings {
  /** By node, in the order bound; keyed by rangeKey. */
  private readonly held = new Map<NodeId, Map<string, ServiceRange>>();

  constructor(private readonly cluster: () => Promise<ClusterAdapter>) {}

  /** Binds through the cluster and remembers a cluster-scope range the node now holds. */
  async publish(node: NodeId, b: Omit<Binding, 'node'>): Promise<boolean> {
    const ok = await (await this.cluster()).publish(node, b);
    if (ok && b.scope === 'cluster') {
      const ranges = this.held.get(node) ?? new Map<string, ServiceRange>();
      ranges.set(rangeKey(b), { type: b.type, lower: b.lower, upper: b.upper });
      this.held.set(node, ranges);
    }
    return ok;
  }

  /** Unbinds through the cluster and forgets the range. */
  async withdraw(node: NodeId, b: Omit<Binding, 'node' | 'scope' | 'port'>): Promise<boolean> {
    const ok = await (await this.cluster()).withdraw(node, b);
    if (ok) this.held.get(node)?.delete(rangeKey(b));
    return ok;
  }

  /** A restarted node holds nothing the scenario bound on it before. */
  forget(node: NodeId): void {
    this.held.delete(node);
  }

  /** How many cluster-scope ranges the scenario bound on the node and has not unbound. */
  count(node: NodeId): number {
    return this.held.get(node)?.size ?? 0;
  }

  /** The ranges the scenario bound on the node that are not among `table` (the node's own bindings). */
  notIn(node: NodeId, table: readonly ServiceRange[]): ServiceRange[] {
    const there = new Set(table.map(rangeKey));
    return [...(this.held.get(node)?.values() ?? [])].filter((r) => !there.has(rangeKey(r)));
  }
}

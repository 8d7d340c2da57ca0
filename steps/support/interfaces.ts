/**
 * Which interfaces are down now: set before the cluster starts ("starts with the interface of
 * bearer A down") and changed while it runs ("goes down", "comes back"). A node with every
 * interface down is not part of the cluster.
 */
import type { BearerName, EndpointRef, NodeId } from '../../contract';

export class Interfaces {
  /** In the order they went down, as the cluster is told at its start. */
  private down: EndpointRef[] = [];

  isDown(node: NodeId, bearer: BearerName): boolean {
    return this.down.some((e) => e.node === node && e.bearer === bearer);
  }

  wentDown(node: NodeId, bearer: BearerName): void {
    if (!this.isDown(node, bearer)) this.down.push({ node, bearer });
  }

  cameBack(node: NodeId, bearer: BearerName): void {
    this.down = this.down.filter((e) => !(e.node === node && e.bearer === bearer));
  }

  /** A restarted node comes back with every interface up. */
  restarted(node: NodeId): void {
    this.down = this.down.filter((e) => e.node !== node);
  }

  /** The interfaces down now, by node: what the cluster is told when it starts. */
  downByNode(): Map<NodeId, BearerName[]> {
    const m = new Map<NodeId, BearerName[]>();
    for (const e of this.down) m.set(e.node, [...(m.get(e.node) ?? []), e.bearer]);
    return m;
  }

  /** The nodes with at least one interface up: the nodes that are part of the cluster now. */
  live(nodes: readonly NodeId[], bearers: readonly BearerName[]): NodeId[] {
    return nodes.filter((n) => bearers.some((b) => !this.isDown(n, b)));
  }
}

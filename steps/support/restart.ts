/**
 * A node's restart as the steps see it: the cluster restarts the node, and what the steps remember
 * of its previous incarnation (its bindings, its binding streams, its interfaces) is forgotten.
 */
import type { NodeId } from '../../contract';
import type { SpecialTester } from './applicability';
import type { ConformanceWorld } from './world';

/** A reboot of `node`, keeping its address, with a new signature. */
export async function restartNode(w: ConformanceWorld, node: NodeId): Promise<void> {
  const c = await w.cluster();
  await c.restartNode(node);
  w.bindings.forget(node);
  w.bindingStreams.restarted(node);
  w.interfaces.restarted(node);
  w.streams.restarted(node);
}

/**
 * A reboot of tester `node` into an older kind of node (`kind`: its next incarnation runs that
 * tester profile). Returns the reason it does not apply (the testers are kernels, say), or
 * undefined once the node has restarted.
 */
export async function restartAs(w: ConformanceWorld, node: NodeId, kind: SpecialTester & ('legacy' | 'pre-link-proto-seqno')): Promise<string | undefined> {
  const why = w.applicability.cluster(w.setup.nodes(), w.setup.iut(), kind);
  if (why !== undefined) return why;
  w.setup.makeKindOnRestart(node, kind);
  await restartNode(w, node);
  return undefined;
}

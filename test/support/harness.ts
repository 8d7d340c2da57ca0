/** Harness clusters of reference nodes for tests below the Gherkin layer. */
import type { ClusterSpec, NodeStack } from '../../contract';
import { ReferenceNode } from '../../adapters/reference/reference-node';
import { HarnessCluster } from '../../harness/cluster';
import { PROFILES, type ProfileName } from '../../reference/profiles';

/**
 * Every node the bundled reference: the IUT with `profile`, the testers `fixed`; `wrap` may stand
 * between a node and the cluster; `maxEvents` replaces the simulator's runaway guard.
 */
export function referenceCluster(
  spec: ClusterSpec,
  profile: ProfileName = 'fixed',
  wrap: (n: NodeStack) => NodeStack = (n) => n,
  maxEvents?: number,
): HarnessCluster {
  return new HarnessCluster({
    ...(maxEvents !== undefined ? { maxEvents } : {}),
    spec,
    description: `reference:${profile}`,
    makeNode: (setup, role) => wrap(new ReferenceNode(setup, PROFILES[role === 'iut' ? profile : 'fixed'])),
  });
}

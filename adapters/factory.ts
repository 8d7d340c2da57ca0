/** Build the cluster adapter an --iut spec asks for. */
import type { ClusterAdapter, ClusterSpec } from './adapter';
import { parseIutSpec } from './iut-spec';
import { ReferenceCluster } from './reference/cluster';

export function createCluster(iut: string, spec: ClusterSpec): ClusterAdapter {
  const s = parseIutSpec(iut);
  switch (s.kind) {
    case 'reference':
      return new ReferenceCluster(spec, s.profile);
  }
}

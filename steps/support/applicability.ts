/**
 * Whether a scenario can run with the run's implementations: the factory answers, from what the
 * scenario needs (its @needs capabilities, its cluster, a legacy tester). The steps never decide
 * it per implementation; they ask where the need is declared and report the answer as N/A.
 */
import { type Capability, type ClusterFactory, type NodeId, isCapability } from '../../contract';

/** The capabilities a scenario's @needs:CAPABILITY tags name. */
export function neededCapabilities(tags: readonly { readonly name: string }[]): Capability[] {
  return tags.map((t) => /^@needs:(.+)$/.exec(t.name)?.[1]).filter((c): c is Capability => c !== undefined && isCapability(c));
}

export class Applicability {
  private needs: readonly Capability[] = [];

  constructor(private readonly factory: () => ClusterFactory) {}

  /**
   * Records the scenario's @needs capabilities; why the run's implementations lack one of them
   * (the IUT's declared capabilities, and the testers', which play their part too), or undefined.
   */
  needCapabilities(needs: readonly Capability[]): string | undefined {
    this.needs = [...needs];
    return this.factory().notApplicable({ capabilities: this.needs });
  }

  /** Why the declared cluster cannot run here with the run's implementations, or undefined. */
  cluster(nodes: readonly NodeId[], iut: readonly NodeId[], legacyTesters: boolean): string | undefined {
    return this.factory().notApplicable({ spec: { nodes, iut }, capabilities: this.needs, legacyTesters });
  }
}

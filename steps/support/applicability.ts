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

/** Tester nodes a scenario may ask for that not every implementation can play. */
export type SpecialTester = 'legacy' | 'tolerance-unchecked' | 'pre-tunnel-enhanced' | 'pre-link-proto-seqno';

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

  /**
   * Why the declared cluster cannot run here with the run's implementations, or undefined; with
   * `tester`, a kind of tester node the scenario asks for (a legacy node, one that checks no
   * link tolerance range).
   */
  cluster(nodes: readonly NodeId[], iut: readonly NodeId[], tester?: SpecialTester): string | undefined {
    return this.factory().notApplicable({
      spec: { nodes, iut },
      capabilities: this.needs,
      ...(tester === 'legacy' ? { legacyTesters: true } : {}),
      ...(tester === 'tolerance-unchecked' ? { toleranceUncheckedTesters: true } : {}),
      ...(tester === 'pre-tunnel-enhanced' ? { preTunnelEnhancedTesters: true } : {}),
      ...(tester === 'pre-link-proto-seqno' ? { preLinkProtoSeqnoTesters: true } : {}),
    });
  }
}

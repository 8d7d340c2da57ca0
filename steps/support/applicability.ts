/**
 * Whether a scenario can run with the run's implementations: the factory answers, from what the
 * scenario needs (its @needs capabilities, its cluster, a legacy tester). The steps never decide
 * it per implementation; they ask where the need is declared and report the answer as N/A.
 */
import { type Capability, type ClusterFactory, type NodeId, type RunParameters, isCapability } from '../../contract';

/** The capabilities a scenario's @needs:CAPABILITY tags name. */
export function neededCapabilities(tags: readonly { readonly name: string }[]): Capability[] {
  return tags.map((t) => /^@needs:(.+)$/.exec(t.name)?.[1]).filter((c): c is Capability => c !== undefined && isCapability(c));
}

/**
 * The capabilities the scenario needs that the run's IUT does not declare, and those the tester
 * nodes do not offer (they play their part in the same scenario: they send, bind, fail over).
 */
function lacking(run: RunParameters, needs: readonly Capability[]): { readonly iut: Capability[]; readonly testers: Capability[] } {
  const iut = needs.filter((c) => !run.capabilities.includes(c));
  const offered = run.testerCapabilities;
  const testers = offered === undefined ? [] : needs.filter((c) => !offered.includes(c) && !iut.includes(c));
  return { iut, testers };
}

export class Applicability {
  private needs: readonly Capability[] = [];

  constructor(
    private readonly run: RunParameters,
    private readonly factory: () => ClusterFactory,
  ) {}

  /**
   * Records the scenario's @needs capabilities; why the run's implementations lack one of them,
   * or undefined. The declared capabilities of the run decide; the factory says why.
   */
  needCapabilities(needs: readonly Capability[]): string | undefined {
    this.needs = [...needs];
    const { iut, testers } = lacking(this.run, needs);
    if (iut.length === 0 && testers.length === 0) return undefined;
    const why = this.factory().notApplicable({ spec: { nodes: [], iut: [] }, capabilities: this.needs, legacyTesters: false });
    if (why !== undefined) return why;
    return [
      ...(iut.length > 0 ? [`the implementation under test does not declare ${iut.join(', ')}`] : []),
      ...(testers.length > 0 ? [`the tester nodes (${this.run.testers}) do not offer ${testers.join(', ')}`] : []),
    ].join('; ');
  }

  /** Why the declared cluster cannot run here with the run's implementations, or undefined. */
  cluster(nodes: readonly NodeId[], iut: readonly NodeId[], legacyTesters: boolean): string | undefined {
    return this.factory().notApplicable({ spec: { nodes, iut }, capabilities: this.needs, legacyTesters });
  }
}

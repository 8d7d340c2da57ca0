/**
 * The cluster of a scenario: created through the factory and started on first use, with what the
 * set-up steps declared; stopped by the After hook. Steps see it as the contract's ClusterAdapter;
 * only the report reads its record (trace, pcap, chart).
 */
import type { ClusterAdapter, ClusterFactory, ClusterRecord, ScenarioIdentity } from '../../contract';
import type { Interfaces } from './interfaces';
import type { ClusterSetup } from './setup';

export class ClusterLifecycle {
  private instance: (ClusterAdapter & ClusterRecord) | undefined;

  constructor(
    private readonly factory: () => ClusterFactory,
    private readonly setup: ClusterSetup,
    private readonly interfaces: Interfaces,
    private readonly seed: number,
    private readonly scenario: () => ScenarioIdentity,
  ) {}

  /** The cluster, created and started on first use with the nodes the set-up steps declared. */
  async get(): Promise<ClusterAdapter> {
    if (!this.instance) {
      const spec = this.setup.seal(this.seed, this.interfaces.downByNode());
      this.instance = this.factory().create(spec, this.scenario());
      await this.instance.start();
    }
    return this.instance;
  }

  /** The cluster if it was created, without starting one. */
  started(): ClusterAdapter | undefined {
    return this.instance;
  }

  /** The cluster and its record, for the After hook and the report. */
  record(): (ClusterAdapter & ClusterRecord) | undefined {
    return this.instance;
  }
}

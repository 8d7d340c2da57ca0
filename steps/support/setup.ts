/**
 * The cluster a scenario declares before it starts: its nodes, which of them are under test, the
 * bearers every node has, per-node bearer settings and the tester nodes that run another profile.
 * Owned by the set-up steps (and the @iut tag); read once, when the cluster is created.
 */
import { BEARERS, type BearerName, type BearerSettings, type ClusterSpec, type NodeId, type ProfileName } from '../../contract';

/** The reference's profile of a node from before cad2929dc432. */
const LEGACY_PROFILE: ProfileName = 'legacy';
/** The reference's profile of a node from before v5.5 (no TIPC_TUNNEL_ENHANCED). */
const PRE_TUNNEL_ENHANCED_PROFILE: ProfileName = 'pre-tunnel-enhanced';
const PRE_LINK_PROTO_SEQNO_PROFILE: ProfileName = 'pre-link-proto-seqno';
/** The reference's profile that takes and announces any link tolerance (an ablation of the range check). */
const TOLERANCE_UNCHECKED_PROFILE: ProfileName = 'ablation-tolerance-unchecked';

export class ClusterSetup {
  private declared: readonly NodeId[] = [];
  private tagged: readonly NodeId[] = [];
  private bearerList: readonly BearerName[] = BEARERS;
  private readonly settings = new Map<NodeId, Map<BearerName, BearerSettings>>();
  private readonly profiles = new Map<NodeId, ProfileName>();
  private readonly netIds = new Map<NodeId, number>();
  /** Set when the cluster is created: from then on nothing here may change. */
  private sealed = false;

  /** The nodes the @iut tag puts under test. */
  tagIut(nodes: readonly NodeId[]): void {
    this.tagged = [...nodes];
  }

  /** "a cluster of nodes ... joined by ...": the nodes and the bearers every node has. */
  declare(nodes: readonly NodeId[], bearers: readonly BearerName[]): void {
    this.declared = [...nodes];
    this.bearerList = [...bearers];
  }

  nodes(): readonly NodeId[] {
    return this.declared;
  }

  bearers(): readonly BearerName[] {
    return this.bearerList;
  }

  /** The nodes the @iut tag named, declared or not (the report lists them as tagged). */
  taggedIut(): readonly NodeId[] {
    return this.tagged;
  }

  /** The declared nodes that are under test. */
  iut(): NodeId[] {
    return this.tagged.filter((n) => this.declared.includes(n));
  }

  /** A bearer setting of a node, merged with those given before. */
  setBearer(node: NodeId, bearer: BearerName, s: BearerSettings): void {
    if (this.sealed) throw new Error('bearer settings must be given before the cluster starts');
    const ofNode = this.settings.get(node) ?? new Map<BearerName, BearerSettings>();
    ofNode.set(bearer, { ...ofNode.get(bearer), ...s });
    this.settings.set(node, ofNode);
  }

  /** The network id a node joins instead of the default (tipc node set netid). */
  setNetId(node: NodeId, netId: number): void {
    if (this.sealed) throw new Error('a network id must be given before the cluster starts');
    this.netIds.set(node, netId);
  }

  /** A tester node that runs a TIPC from before cad2929dc432: the reference's legacy profile. */
  makeLegacy(node: NodeId): void {
    this.testerProfile(node, LEGACY_PROFILE, 'made legacy');
  }

  /** A tester node that runs a TIPC from before v5.5: no TIPC_TUNNEL_ENHANCED, the old SYNCH_MSGs. */
  makePreTunnelEnhanced(node: NodeId): void {
    this.testerProfile(node, PRE_TUNNEL_ENHANCED_PROFILE, 'made a node from before v5.5');
  }

  /**
   * A tester node whose next incarnation (after a restart) is another kind of node: a legacy node
   * (before cad2929dc432) or one from before v4.18 (no TIPC_LINK_PROTO_SEQNO). The cluster's spec
   * holds this map, so the restart takes it. Allowed once the cluster has started.
   */
  makeKindOnRestart(node: NodeId, kind: 'legacy' | 'pre-link-proto-seqno'): void {
    if (this.tagged.includes(node)) throw new Error(`node ${node} is under test; only tester nodes can restart as ${kind === 'legacy' ? 'a legacy node' : 'a node from before v4.18'}`);
    this.profiles.set(node, kind === 'legacy' ? LEGACY_PROFILE : PRE_LINK_PROTO_SEQNO_PROFILE);
  }

  /** A tester node that takes and announces any link tolerance, out of 50..30000 ms too: not Linux. */
  makeToleranceUnchecked(node: NodeId): void {
    this.testerProfile(node, TOLERANCE_UNCHECKED_PROFILE, 'made to take any link tolerance');
  }

  private testerProfile(node: NodeId, profile: ProfileName, what: string): void {
    if (this.tagged.includes(node)) throw new Error(`node ${node} is under test; only tester nodes can be ${what}`);
    if (this.sealed) throw new Error('node kinds must be given before the cluster starts');
    this.profiles.set(node, profile);
  }

  /**
   * The spec of the cluster to create, with the interfaces that are down when it starts; seals
   * the set-up. Fails when nothing was declared or no declared node is under test.
   */
  seal(seed: number, startDown: ReadonlyMap<NodeId, readonly BearerName[]>): ClusterSpec {
    if (this.declared.length === 0) throw new Error('no nodes declared: start the scenario with "Given a cluster of nodes ..."');
    const iut = this.iut();
    if (iut.length === 0) {
      throw new Error(
        `the scenario names no node of the cluster (${this.declared.join(', ')}) under test: tag it @iut:N (nodes tagged: ${this.tagged.join(', ') || 'none'})`,
      );
    }
    this.sealed = true;
    return {
      nodes: this.declared,
      iut,
      seed,
      bearerSettings: this.settings,
      testerProfiles: this.profiles,
      netIds: this.netIds,
      bearers: this.bearerList,
      startDown,
    };
  }
}

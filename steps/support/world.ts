/**
 * The cucumber World: one scenario's cluster and what its steps remember, in small parts with one
 * owner each. Steps talk to the parts and, through `cluster()`, to the contract; never to each
 * other. The run's parameters (contract/run.ts) come from the CLI as cucumber world parameters.
 */
import { type IWorldOptions, World, setWorldConstructor } from '@cucumber/cucumber';
import type { BearerName, ClusterAdapter, ClusterFactory, Condition, NodeId, RunParameters, StateChange } from '../../contract';
import { Applicability } from './applicability';
import { BindingStreams } from './binding-streams';
import { Bindings } from './bindings';
import { ClusterLifecycle } from './cluster';
import { composeClusterFactory } from './composition';
import { Interfaces } from './interfaces';
import { ClusterSetup } from './setup';
import { StepLog } from './step-log';
import { NumberedPicks } from './numbered-picks';
import { Streams } from './streams';
import { WireState } from './wire-state';

/** The scenario's name as files take it, when it started, and the known kernel bug it is tagged with. */
export class ScenarioInfo {
  private slugText = 'scenario';
  private knownBugText: string | undefined;
  /** Wall-clock time the scenario started (Date.now()), for the scenario's limit. */
  readonly startedAt = Date.now();

  named(slug: string): void {
    this.slugText = slug;
  }

  /** File-name form of the scenario's name, for traces and IUT logs. */
  slug(): string {
    return this.slugText;
  }

  /** The ID of the scenario's @known-bug:ID tag: its steps' failures say so (known-bug.ts). */
  taggedKnownBug(id: string | undefined): void {
    this.knownBugText = id;
  }

  knownBug(): string | undefined {
    return this.knownBugText;
  }
}

export class ConformanceWorld extends World<RunParameters> {
  readonly scenario = new ScenarioInfo();
  /** The steps as they began, for the sequence chart: owned by the hooks. */
  readonly stepLog = new StepLog();
  /** Nodes, IUT, bearers and settings: owned by the set-up steps. */
  readonly setup = new ClusterSetup();
  /** Interfaces down now: owned by the set-up and disturbance steps. */
  readonly interfaces = new Interfaces();
  /** Numbered message streams: owned by the traffic steps. */
  readonly streams = new Streams();
  /** Numbered messages a fault rule picked on the wire: owned by the delivery steps. */
  readonly numberedPicks = new NumberedPicks();
  readonly applicability: Applicability;
  /** The cluster, created on first use: owned by the World, stopped by the After hook. */
  readonly lifecycle: ClusterLifecycle;
  /** Ranges bound and not unbound: owned by the naming steps. */
  readonly bindings: Bindings;
  /** Background streams of bindings and unbindings: owned by the naming steps. */
  readonly bindingStreams: BindingStreams;
  /** Rules per bearer, the hold, the last cut and update: owned by the disturbance steps. */
  readonly wire: WireState;
  private factoryInstance: ClusterFactory | undefined;

  constructor(options: IWorldOptions<RunParameters>) {
    super(options);
    const factory = (): ClusterFactory => (this.factoryInstance ??= composeClusterFactory(this.parameters));
    this.applicability = new Applicability(factory);
    this.lifecycle = new ClusterLifecycle(factory, this.setup, this.interfaces, this.parameters.seed, () => ({
      name: this.scenario.slug(),
      startedAt: this.scenario.startedAt,
    }));
    const cluster = (): Promise<ClusterAdapter> => this.lifecycle.get();
    this.bindings = new Bindings(cluster);
    this.bindingStreams = new BindingStreams(this.bindings);
    this.wire = new WireState(cluster, () => this.lifecycle.started());
  }

  /** Whether the kernel's FSM tables allow a state change a node reported (ClusterFactory.transitionAllowed). */
  transitionAllowed(change: StateChange): boolean {
    return (this.factoryInstance ??= composeClusterFactory(this.parameters)).transitionAllowed(change);
  }

  /** The cluster, started on first use with the nodes the Given steps declared. */
  cluster(): Promise<ClusterAdapter> {
    return this.lifecycle.get();
  }

  /** Current time of the cluster, ms (starting it if it has not started). */
  async now(): Promise<number> {
    return (await this.cluster()).now();
  }

  /** The node's interface under the bearer goes down or comes up: its stack is told, and the live nodes follow. */
  async setInterface(node: NodeId, bearer: BearerName, up: boolean): Promise<void> {
    await (await this.cluster()).setBearerUp(node, bearer, up);
    if (up) this.interfaces.cameBack(node, bearer);
    else this.interfaces.wentDown(node, bearer);
  }

  /** Nodes with at least one interface up: the nodes that are part of the cluster now. */
  liveNodes(): NodeId[] {
    return this.interfaces.live(this.setup.nodes(), this.setup.bearers());
  }

  /**
   * Let time run until `pred` holds or `maxMs` passed, sending the numbered messages of every
   * active stream and making the updates of every active binding stream on their schedule
   * meanwhile. Every step that lets time pass uses this.
   */
  async runUntil(pred: Condition, maxMs: number, opts: { readonly settle?: boolean } = {}): Promise<boolean> {
    const c = await this.cluster();
    const deadline = c.now() + maxMs;
    for (;;) {
      if (await pred()) return true;
      const next = Math.min(deadline, ...this.streams.nextDue(), ...this.bindingStreams.nextDue());
      if (next > c.now() && (await c.waitUntil(pred, next - c.now(), opts))) return true;
      await this.streams.sendDue(c);
      await this.bindingStreams.updateDue(() => c.now());
      if (c.now() >= deadline) return pred();
    }
  }

  /**
   * Let time run until `pred` holds, looking every `everyMs` rather than after every event: for
   * conditions that cost a walk over the whole cluster (name tables, every pair).
   */
  async poll(pred: Condition, maxMs: number, everyMs = 25): Promise<boolean> {
    const c = await this.cluster();
    const deadline = c.now() + maxMs;
    for (;;) {
      if (await pred()) return true;
      if (c.now() >= deadline) return false;
      await this.runUntil(() => false, Math.min(everyMs, deadline - c.now()));
    }
  }
}

setWorldConstructor(ConformanceWorld);

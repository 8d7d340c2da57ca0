/**
 * The interface the step definitions use to reach a cluster under test. Steps never import the
 * reference stack or the simulator: they talk to a ClusterAdapter, whatever implements the nodes
 * (the bundled reference in process today; an external process or a kernel later).
 *
 * The harness owns the wire in every mode: fault rules and the trace are the same whatever the
 * implementation. Time is virtual for simulated clusters.
 */
import type { FaultRule } from '../sim/types';

/** "node 1", "node 2", ... as the features say. */
export type NodeId = number;
/** Bearer letters as the features say: A is bearer 0 (eth0), B is bearer 1 (eth1). */
export type BearerName = 'A' | 'B';

export const BEARERS: readonly BearerName[] = ['A', 'B'];

export function bearerIndex(b: BearerName): number {
  return b === 'A' ? 0 : 1;
}

/** Link endpoint states, named as in the kernel (link.c). */
export type LinkEndpointState =
  | 'ESTABLISHED'
  | 'ESTABLISHING'
  | 'RESET'
  | 'RESETTING'
  | 'PEER_RESET'
  | 'FAILINGOVER'
  | 'SYNCHING'
  | 'ABSENT';

/** Peer node states, named as in the kernel (node.c). */
export type PeerNodeState =
  | 'SELF_DOWN_PEER_DOWN'
  | 'SELF_UP_PEER_UP'
  | 'SELF_DOWN_PEER_LEAVING'
  | 'SELF_UP_PEER_COMING'
  | 'SELF_COMING_PEER_UP'
  | 'SELF_LEAVING_PEER_DOWN'
  | 'FAILINGOVER'
  | 'SYNCHING'
  | 'ABSENT';

/** A service binding as a name table shows it. */
export interface Binding {
  readonly type: number;
  readonly lower: number;
  readonly upper: number;
  readonly scope: 'node' | 'cluster';
  readonly node: NodeId;
  readonly port: number;
  readonly key: number;
}

/** User data a node delivered to a port. */
export interface Delivery {
  readonly at: number;
  readonly from: NodeId;
  readonly port: number;
  readonly payload: Uint8Array;
}

/** A state change an implementation reported (from its FSM tracepoints or events). */
export interface StateChange {
  readonly at: number;
  readonly node: NodeId;
  /** "link" for a link endpoint, "node" for the peer node FSM. */
  readonly what: 'link' | 'node';
  /** The peer node, and for links the bearer. */
  readonly peer: NodeId;
  readonly bearer?: BearerName;
  readonly from: string;
  readonly event: string;
  readonly to: string;
}

/** A tunnelled inner message an implementation threw away. */
export interface TunnelDrop {
  readonly at: number;
  readonly node: NodeId;
  readonly peer: NodeId;
  readonly seqno: number;
  readonly drop_point: number;
  readonly user: number;
}

/** A frame the harness saw on the wire, and what it did with it. */
export interface WireFrame {
  readonly at: number;
  /** Frame number in this run (#N in the trace). */
  readonly n: number;
  /** The send this frame came from: the copies of one bearer broadcast share it. */
  readonly send: number;
  /** A copy of a bearer broadcast (the media broadcast address), not a frame sent to one node. */
  readonly broadcast: boolean;
  readonly from: NodeId;
  readonly to: NodeId;
  readonly bearer: BearerName;
  /** 'deliver', 'drop(<rule>)', 'delay(<rule>)', ... */
  readonly fate: string;
  /** TIPC user and message type; undefined for bytes that do not decode. */
  readonly user?: number;
  readonly mtype?: number;
  /** For NAME_DISTRIBUTOR messages: the sequence-control fields of cad2929dc432 and the item count. */
  readonly named?: NamedFields;
}

export interface NamedFields {
  readonly is_bulk: boolean;
  readonly is_last_bulk: boolean;
  readonly not_legacy: boolean;
  readonly named_seqno: number;
  readonly items: number;
}

export interface ClusterSpec {
  readonly nodes: readonly NodeId[];
  /** Nodes that are the implementation under test; the others are reference testers. */
  readonly iut: readonly NodeId[];
  readonly seed: number;
  /** Tester nodes that run something other than today's kernel, e.g. a legacy node. */
  readonly testerProfiles?: ReadonlyMap<NodeId, string>;
  /** Per-node bearer settings applied before links exist. */
  readonly bearerSettings?: ReadonlyMap<string, { tolerance?: number; priority?: number }>;
  /** The bearers every node has: A and B unless the scenario says A only. */
  readonly bearers?: readonly BearerName[];
  /** Nodes whose interface under a bearer is down when the cluster starts (it can come back later). */
  readonly startDown?: ReadonlyMap<NodeId, readonly BearerName[]>;
}

export interface ClusterAdapter {
  /** What is under test, e.g. "reference:fixed". */
  readonly iutDescription: string;
  /** Current time, ms since the cluster started. */
  now(): number;
  /**
   * How much later than in virtual time a reaction of a node can show on the wire: 0 in virtual
   * time; for a node in a VM, its two trips through the harness's relay and the emulator's
   * latency. Steps that time a reaction to a frame (not a timer) allow this much more.
   */
  readonly reactionSlackMs: number;
  /**
   * How late the harness may see a state change of a node: 0 in virtual time; for a node in a
   * VM, the interval at which its states and tables are read plus the reaction slack. A delay
   * that must outlast the steps after it (which wait to see states) is longer by this much.
   */
  readonly observationLagMs: number;

  // -- bring-up
  /** Start the nodes and make each a neighbour of the others on every bearer of the spec. */
  start(): Promise<void>;
  stop(): Promise<void>;
  /**
   * Makes what is seen of every node current before a step looks at it: a node in a VM is read
   * now (its states, tables and deliveries), not at the last periodic read. Nothing to do in
   * virtual time, where every node is seen as it is.
   */
  observeNow(): Promise<void>;
  /** Files the nodes left for the report (a kernel guest's console log), after stop(). */
  attachments?(): readonly { readonly name: string; readonly path: string }[];

  // -- time
  advance(ms: number): Promise<void>;
  /**
   * Run until `pred` holds or `maxMs` passed; true if it held. Unless `settle` is false, whatever
   * else happens in the instant `pred` became true is processed too, so that no half-done step of
   * an implementation is observed.
   */
  waitUntil(pred: () => boolean, maxMs: number, opts?: { settle?: boolean }): Promise<boolean>;

  // -- the wire
  addRule(rule: FaultRule): void;
  removeRule(name: string): void;
  /** Deliver, in this instant, the frames a 'hold' rule parked. Returns how many. */
  releaseHeld(ruleName: string): number;
  clearRules(): void;

  // -- controls
  /** The interface under a bearer of a node goes down (the stack is told) or comes back. */
  setBearerUp(node: NodeId, bearer: BearerName, up: boolean): Promise<void>;
  publish(node: NodeId, b: Omit<Binding, 'node'>): Promise<boolean>;
  withdraw(node: NodeId, b: Omit<Binding, 'node' | 'scope' | 'port'>): Promise<boolean>;
  sendData(node: NodeId, to: NodeId, port: number, payload: Uint8Array): Promise<boolean>;
  /** The port on `node` that user messages for it must be sent to (a kernel's socket has its own). */
  dataPort(node: NodeId): Promise<number>;
  setLinkTolerance(node: NodeId, peer: NodeId, bearer: BearerName, ms: number): Promise<boolean>;
  setLinkPriority(node: NodeId, peer: NodeId, bearer: BearerName, prio: number): Promise<boolean>;

  // -- observations
  linkState(node: NodeId, peer: NodeId, bearer: BearerName): LinkEndpointState;
  nodeState(node: NodeId, peer: NodeId): PeerNodeState;
  nameTable(node: NodeId): readonly Binding[];
  deliveries(node: NodeId): readonly Delivery[];
  stateChanges(): readonly StateChange[];
  tunnelDrops(): readonly TunnelDrop[];
  /** Internal failover state of a link endpoint; undefined where the IUT cannot show it. */
  dropPoint(node: NodeId, peer: NodeId, bearer: BearerName): number | undefined;
  /** Every frame the harness handled so far, in order. */
  wireFrames(): readonly WireFrame[];
  /** The decoded trace of every frame and note so far, one line each. */
  traceText(): string;
  /** Every frame so far as a libpcap file (Ethernet II, ethertype 0x88CA), one record per trace frame. */
  pcap(): Uint8Array;
  /** The trace as an SVG message sequence chart; `failedAt` marks when a check failed. */
  sequenceChart(opts: { readonly title: string; readonly failedAt?: number }): string;
}

/**
 * The cluster under test as the steps see it: nodes by the features' numbers, bearers by letter,
 * time that passes, the wire with its rules, and what is observed of each node. Steps reach every
 * implementation through this and nothing else.
 */
import type { BearerName, NodeId } from './addressing';
import type { Capability } from './capabilities';
import type { MsgLayout } from './msg-layout';
import type { Latency } from './node';
import type { ProfileName, ServiceRange } from './refs';
import type { LinkEndpointState, PeerNodeState } from './states';
import type { FaultRule } from './wire';

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

/** A binding table item a node applied from a peer (capability named-events). */
export interface NameApplication {
  readonly at: number;
  /** The node that applied it. */
  readonly node: NodeId;
  /** The node whose binding it is. */
  readonly peer: NodeId;
  readonly op: 'publish' | 'withdraw';
  readonly range: ServiceRange;
  /** The binding table took it (a new binding inserted, a known one removed). */
  readonly accepted: boolean;
}

/** A peer's binding table message a node dropped as stale (capability named-events). */
export interface StaleDrop {
  readonly at: number;
  readonly node: NodeId;
  readonly peer: NodeId;
  readonly named_seqno: number;
  readonly rcv_nxt: number;
}

export interface NamedFields {
  readonly is_bulk: boolean;
  readonly is_last_bulk: boolean;
  readonly not_legacy: boolean;
  readonly named_seqno: number;
  /** bc_ack_invalid (msg.h, word 5 bit 14): the message's bcast_ack acknowledges nothing. */
  readonly bc_ack_invalid: boolean;
  readonly items: number;
  /** The service ranges of the items, in order. */
  readonly ranges: readonly ServiceRange[];
}

/** The message a TUNNEL_PROTOCOL frame (FAILOVER_MSG, SYNCH_MSG) carries inside it. */
export interface TunnelledMessage {
  readonly user: number;
  readonly mtype: number;
  /** Its sequence number on the link it was sent on (the failed or old link). */
  readonly seqno: number;
  readonly named?: NamedFields;
}

/**
 * The link supervision fields of a LINK_PROTOCOL frame (RESET_MSG, ACTIVATE_MSG, STATE_MSG), as
 * tipc_link_build_proto_msg writes them (msg.h word 1, 5 and 9).
 */
export interface LinkProtoFields {
  /** The sender's link session (word 5 bits 16-31). */
  readonly session: number;
  /** ACTIVATE_MSG only: the peer session it answers (word 1 bits 0-15), when dest_session_valid (bit 16). */
  readonly dest_session?: number;
  /** The tolerance announced, ms (word 9 bits 0-15); 0 announces none. */
  readonly tolerance: number;
  /** The priority announced (word 5 bits 4-8); 0 announces none. */
  readonly priority: number;
  /** STATE_MSG: a probe, which the peer answers at once (word 5 bit 0). */
  readonly probe: boolean;
  /**
   * STATE_MSG: is_keepalive (word 0 bit 19), set on a probe and on a probe's reply
   * (tipc_link_build_proto_msg: probe || probe_reply); an acknowledgement, a NACK or a
   * tolerance/priority announcement has neither bit.
   */
  readonly keepalive: boolean;
  /** RESET_MSG: the sender's endpoint is going down (word 5 bit 13). */
  readonly peer_stopping: boolean;
  /**
   * The sender's last broadcast packet (msg_last_bcast, word 4 bits 16-31: its broadcast send
   * link's snd_nxt - 1), which tipc_link_bc_sync_rcv compares with what the receiver has.
   */
  readonly last_bcast: number;
  /**
   * STATE_MSG: bc_gap (word 8 bits 0-9), how many of the receiver's broadcast packets after
   * bcast_ack the sender lacks and asks for again (link_bc_rcv_gap); 0 when it lacks none.
   */
  readonly bc_gap?: number;
}

/** What a LINK_CONFIG frame says of its sender (tipc_disc_init_msg, tipc_disc_msg_xmit). */
export interface DiscFields {
  /** The message size, msg_size (word 0): the header and the 16-byte node identity. */
  readonly size: number;
  /** The sender's network id, msg_bc_netid (word 5). */
  readonly net_id: number;
  /** msg_dest_domain (word 2): 0 for a request to every node, the requester's address for a response. */
  readonly dest_domain: number;
  /** The sender's 128-bit node identity (msg_node_id, after the header), as text up to its first NUL byte. */
  readonly node_id: string;
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
  /**
   * 'deliver', 'drop(<rule>)', 'delay(<rule>)', 'released(<rule>; sent at <s> s)', ... (sim/simulator.ts
   * lists them). 'malformed(<rule>)': the rule altered the frame (FaultAction 'malform') and the
   * receiver got bytes tipc_msg_validate() rejects; the fields below are those of the frame as its
   * sender sent it, so the frame still names its message.
   */
  readonly fate: string;
  /** TIPC user and message type; undefined for bytes that do not decode. */
  readonly user?: number;
  readonly mtype?: number;
  /** For NAME_DISTRIBUTOR messages: the sequence-control fields of cad2929dc432 and the item count. */
  readonly named?: NamedFields;
  /** The link sequence number (msg_seqno) of a message sent on a link; undefined for LINK_CONFIG. */
  readonly seqno?: number;
  /**
   * The acknowledgement the frame carries (msg_ack, word 2 bits 16-31: the last packet the sender
   * received in sequence on this link, piggybacked on data and in every LINK_PROTOCOL message);
   * undefined for LINK_CONFIG and the broadcast link's packets.
   */
  readonly ack?: number;
  /**
   * For a LINK_PROTOCOL STATE message: seq_gap (word 1 bits 16-28), how many packets after `ack`
   * the sender lacks and asks for again (a NACK); 0 when it lacks none.
   */
  readonly seq_gap?: number;
  /**
   * The broadcast acknowledgement the frame carries (msg_bcast_ack, word 1 bits 0-15: the last
   * packet of the receiver's broadcast link the sender received in sequence, which tipc_rcv hands
   * to tipc_bcast_ack_rcv or tipc_bcast_sync_rcv); undefined for LINK_CONFIG, BCAST_PROTOCOL, the
   * broadcast link's own packets, and a frame whose bc_ack_invalid bit says it carries none.
   */
  readonly bcast_ack?: number;
  /**
   * For a user message (importance 0-3): its origin port (msg.h word 4), the port id of the
   * sending socket, which is also the selector tipc_node_xmit picks the active link slot by
   * (active_links[selector & 1]).
   */
  readonly origport?: number;
  /**
   * For TUNNEL_PROTOCOL frames: the inner message, when the frame carries a whole one (not a
   * dummy FAILOVER_MSG, nor a tunnel fragment) that decodes.
   */
  readonly tunnelled?: TunnelledMessage;
  /** For LINK_PROTOCOL frames: session, dest_session, tolerance, priority, probe, peer_stopping. */
  readonly proto?: LinkProtoFields;
  /** For LINK_CONFIG frames: size, network id, destination domain and the sender's node identity. */
  readonly disc?: DiscFields;
  /** For MSG_BUNDLER frames: msg_msgcnt (word 9 bits 16-31), how many messages the sender says the bundle holds. */
  readonly bundled?: number;
  /**
   * The frame as its sender sent it, read at msg.h's positions by hand, apart from the codec that
   * gives the fields above (the oracle of wire-format.feature); undefined for bytes shorter than
   * the smallest header (24 bytes).
   */
  readonly layout?: MsgLayout;
}

/** Per-node bearer settings applied before links exist. */
export interface BearerSettings {
  readonly tolerance?: number;
  readonly priority?: number;
}

export interface ClusterSpec {
  readonly nodes: readonly NodeId[];
  /** Nodes that are the implementation under test; the others are testers. */
  readonly iut: readonly NodeId[];
  readonly seed: number;
  /** Tester nodes that run another reference profile than `fixed`, e.g. a legacy node. */
  readonly testerProfiles?: ReadonlyMap<NodeId, ProfileName>;
  /** Bearer settings by node, then bearer. */
  readonly bearerSettings?: ReadonlyMap<NodeId, ReadonlyMap<BearerName, BearerSettings>>;
  /** The bearers every node has: A and B unless the scenario says A only. */
  readonly bearers?: readonly BearerName[];
  /** Nodes that join another network than the default (4711): their network id (NodeSetup.netId). */
  readonly netIds?: ReadonlyMap<NodeId, number>;
  /** Nodes whose interface under a bearer is down when the cluster starts (it can come back later). */
  readonly startDown?: ReadonlyMap<NodeId, readonly BearerName[]>;
}

/** What a scenario asks of the implementations, to tell whether it can run here at all; each part is asked when it is known. */
export interface ScenarioNeeds {
  /** The cluster as declared so far. */
  readonly spec?: Pick<ClusterSpec, 'nodes' | 'iut'>;
  /** Capabilities the scenario needs (@needs tags), of the IUT and of the testers alike. */
  readonly capabilities?: readonly Capability[];
  /** Tester nodes that must play a node from before cad2929dc432 (a legacy node). */
  readonly legacyTesters?: boolean;
  /** Tester nodes that must take and announce a link tolerance outside 50..30000 ms, as no Linux does. */
  readonly toleranceUncheckedTesters?: boolean;
  /** Tester nodes that must play a node from before v5.5, without TIPC_TUNNEL_ENHANCED. */
  readonly preTunnelEnhancedTesters?: boolean;
  /** Tester nodes that must play a node from before v4.18, without TIPC_LINK_PROTO_SEQNO. */
  readonly preLinkProtoSeqnoTesters?: boolean;
}

/** A condition a step waits for; it may need to ask a node (a child process) and so answer later. */
export type Condition = () => boolean | Promise<boolean>;

export interface ClusterAdapter {
  /** What is under test, e.g. "reference:fixed". */
  readonly iutDescription: string;
  /** Current time, ms since the cluster started. */
  now(): number;
  /** The most any node of the cluster declares: steps that time a reaction or a state allow this much more. */
  readonly latency: Latency;

  // -- bring-up
  /** Start the nodes and make each a neighbour of the others on every bearer of the spec. */
  start(): Promise<void>;
  stop(): Promise<void>;
  /** Makes what is seen of every node current before a step looks at it. */
  observeNow(): Promise<void>;
  /** Files the nodes left for the report (a console log), after stop(). */
  attachments(): readonly { readonly name: string; readonly path: string }[];

  // -- time
  advance(ms: number): Promise<void>;
  /**
   * Run until `pred` holds or `maxMs` passed; true if it held. Unless `settle` is false, whatever
   * else happens in the instant `pred` became true is processed too, so that no half-done step of
   * an implementation is observed.
   */
  waitUntil(pred: Condition, maxMs: number, opts?: { readonly settle?: boolean }): Promise<boolean>;

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
  /** Binds and unbinds a cluster-scope range `times` times, at once (no time passes between). */
  churn(node: NodeId, range: ServiceRange, times: number): Promise<boolean>;
  /**
   * Restarts a node: its implementation is stopped and started again with the same address and
   * bearers and a new signature, holding no bindings (a reboot; peers learn of it by discovery).
   */
  restartNode(node: NodeId): Promise<void>;
  sendData(node: NodeId, to: NodeId, port: number, payload: Uint8Array): Promise<boolean>;
  /**
   * The node's next `count` user messages to `to` (or, to 'broadcast', its next `count` binding
   * table updates on the broadcast link) go out as one MSG_BUNDLER bundle (NodeStack.bundleNext);
   * false if the node cannot.
   */
  bundleNext(node: NodeId, to: NodeId | 'broadcast', count: number): Promise<boolean>;
  /** The port on `node` that user messages for it must be sent to. */
  dataPort(node: NodeId): Promise<number>;
  setLinkTolerance(node: NodeId, peer: NodeId, bearer: BearerName, ms: number): Promise<boolean>;
  setLinkPriority(node: NodeId, peer: NodeId, bearer: BearerName, prio: number): Promise<boolean>;

  // -- observations
  linkState(node: NodeId, peer: NodeId, bearer: BearerName): Promise<LinkEndpointState>;
  nodeState(node: NodeId, peer: NodeId): Promise<PeerNodeState>;
  nameTable(node: NodeId): Promise<readonly Binding[]>;
  /** Internal failover state of a link endpoint; undefined where the IUT cannot show it. */
  dropPoint(node: NodeId, peer: NodeId, bearer: BearerName): Promise<number | undefined>;
  /** A link endpoint's tolerance, ms; undefined where there is no such endpoint or the IUT cannot show it. */
  linkTolerance(node: NodeId, peer: NodeId, bearer: BearerName): Promise<number | undefined>;
  /** A link endpoint's name (tipc link list); undefined where there is no such endpoint or the IUT cannot show it. */
  linkName(node: NodeId, peer: NodeId, bearer: BearerName): Promise<string | undefined>;
  deliveries(node: NodeId): readonly Delivery[];
  stateChanges(): readonly StateChange[];
  tunnelDrops(): readonly TunnelDrop[];
  /** Binding table items the nodes applied from peers, in order (nodes that declare named-events). */
  nameApplications(): readonly NameApplication[];
  /** Peers' binding table messages the nodes dropped as stale, in order (nodes that declare named-events). */
  staleDrops(): readonly StaleDrop[];
  /** Every frame the harness handled so far, in order. */
  wireFrames(): readonly WireFrame[];
  /**
   * wireFrames().length, without making the frames: a step that notes where its own frames will
   * start asks this, as a long run's wire is hundreds of thousands of frames.
   */
  wireFrameCount(): number;
  /**
   * The frames wireFrames() holds from `position` (0 ≤ position ≤ wireFrameCount()) on, in order:
   * wireFrames().slice(position), with no frame before it made.
   */
  wireFramesFrom(position: number): readonly WireFrame[];
  /**
   * The frames sent and not yet handled: on the wire, delayed, or held back by a rule; in the
   * order they were sent, `at` now, `fate` 'on-the-wire' or 'held(<rule>)'.
   */
  framesOnTheWay(): readonly WireFrame[];
}

/** What the report needs of a cluster once a scenario is over. */
export interface ClusterRecord {
  /** The decoded trace of every frame and note so far, one line each. */
  traceText(): string;
  /** traceText() in pieces of whole lines, made one at a time: a long run's trace is written out, never held whole. */
  traceChunks(): Iterable<string>;
  /** Every frame so far as a libpcap file (Ethernet II, ethertype 0x88CA). */
  pcap(): Uint8Array;
  /** pcap() in pieces (the file header first), made one at a time. */
  pcapChunks(): Iterable<Uint8Array>;
  /** Where the record stands now: a step's start, for the chart to draw the step where it began. */
  position(): RecordPosition;
  /**
   * The trace as an SVG message sequence chart; `failedAt` marks when a check failed, `steps` are
   * drawn as bands where they began; past `maxRows` rows (1500 unless given) the chart says how
   * much it left out.
   */
  sequenceChart(opts: { readonly title: string; readonly failedAt?: number; readonly steps?: readonly StepStart[]; readonly maxRows?: number }): string;
}

/** A point of a cluster's record: its time, and how many trace entries and state changes came before. */
export interface RecordPosition {
  /** Virtual time, ms (now()). */
  readonly at: number;
  /** Trace entries (frames and notes) so far. */
  readonly entries: number;
  /** State changes (stateChanges()) each node reported so far. */
  readonly changes: ReadonlyMap<NodeId, number>;
}

/** A scenario step as the chart shows it: "When bearer A is cut in both directions", and where it began. */
export interface StepStart {
  readonly text: string;
  readonly position: RecordPosition;
}

/** What names a scenario's files and bounds its requests to implementations that run outside the harness. */
export interface ScenarioIdentity {
  /** The file-name form of the scenario's name (traces, logs). */
  readonly name: string;
  /** Wall-clock time the scenario started (Date.now()). */
  readonly startedAt: number;
}

/** Builds clusters for a run and answers whether a scenario can run with its implementations. */
export interface ClusterFactory {
  /** Why this scenario cannot run with these implementations here (reported N/A), or undefined. */
  notApplicable(needs: ScenarioNeeds): string | undefined;
  create(spec: ClusterSpec, scenario: ScenarioIdentity): ClusterAdapter & ClusterRecord;
  /**
   * Whether the kernel's FSM tables (tipc_link_fsm_evt, tipc_node_fsm_evt) allow a state change an
   * implementation reported: the event leads from `from` to `to`, or the kernel leaves the state as
   * it is (`to` equal to `from`: an event it ignores there, or one it calls illegal, which it
   * refuses with an error and no change). A state or event the kernel does not know is not allowed.
   */
  transitionAllowed(change: Pick<StateChange, 'what' | 'from' | 'event' | 'to'>): boolean;
}

/**
 * One TIPC node behind the contract: what every implementation kind offers the harness, whatever
 * it is (the bundled reference in this process, a child process, a Linux kernel in a VM). Peers
 * are TIPC node addresses and bearers are indexes, as a stack knows them; the harness maps them to
 * the features' node numbers and bearer letters.
 *
 * A call may answer at once or later (a child process, a VM): `Maybe<T>`. Frames, events and notes
 * a node produced are drained with the poll* calls after each call, as in a sans-IO stack.
 */
import type { LinkEvent, LinkState, NodeEvent, NodeState } from './states';
import type { BearerIndex, OutFrame } from './wire';

export type Maybe<T> = T | Promise<T>;

/** A service binding as a node's binding table holds it; `node` is the TIPC address that bound it. */
export interface NodeBinding {
  readonly type: number;
  readonly lower: number;
  readonly upper: number;
  readonly scope: 'node' | 'cluster';
  readonly node: number;
  readonly port: number;
  readonly key: number;
}

/** What a node reports as it happens: the harness's observations are built from these. */
export type NodeEventReport =
  /** A link endpoint FSM transition (link.c tipc_link_fsm_evt) of the link to `peer` on `bearer`. */
  | {
      readonly kind: 'link-fsm';
      readonly peer: number;
      readonly bearer: BearerIndex;
      readonly from: LinkState;
      readonly evt: LinkEvent;
      readonly to: LinkState;
    }
  /** A peer node FSM transition (node.c tipc_node_fsm_evt). */
  | { readonly kind: 'node-fsm'; readonly peer: number; readonly from: NodeState; readonly evt: NodeEvent; readonly to: NodeState }
  /** User data handed to a socket (port) on this node. */
  | { readonly kind: 'data'; readonly from: number; readonly port: number; readonly payload: Uint8Array }
  /** A tunnelled inner message the tunnel endpoint to `peer` threw away (below drop_point). */
  | {
      readonly kind: 'tunnel-drop';
      readonly peer: number;
      readonly bearer: BearerIndex;
      readonly seqno: number;
      readonly drop_point: number;
      readonly user: number;
    }
  /**
   * A binding table item from `peer` (the node whose binding it is) handed to this node's binding
   * table (name_distr.c tipc_named_rcv → tipc_update_nametbl), from an update or a bulk;
   * `accepted`: the table took it (tipc_nametbl_insert_publ / tipc_nametbl_remove_publ found it
   * new / found it), false for a duplicate or an unknown binding.
   */
  | {
      readonly kind: 'name-applied';
      readonly peer: number;
      readonly op: 'publish' | 'withdraw';
      readonly type: number;
      readonly lower: number;
      readonly upper: number;
      readonly accepted: boolean;
    }
  /**
   * A binding table message from `peer` thrown away as stale (name_distr.c tipc_named_dequeue,
   * receive rule 4 of cad2929dc432: its named_seqno below the peer's named_rcv_nxt).
   */
  | { readonly kind: 'name-stale'; readonly peer: number; readonly named_seqno: number; readonly rcv_nxt: number };

/** The link tolerances Linux takes, ms (TIPC_MIN_LINK_TOL, TIPC_MAX_LINK_TOL in uapi tipc_config.h). */
export const MIN_LINK_TOLERANCE = 50;
export const MAX_LINK_TOLERANCE = 30000;

/** A bearer of a node as the harness sets it up. */
export interface BearerSetup {
  readonly id: BearerIndex;
  readonly if_name: string;
  /** MAC address, 12 lowercase hex digits (contract/addressing.ts). */
  readonly mac: string;
  readonly tolerance?: number;
  readonly priority?: number;
}

/** What a node needs to know to start. */
export interface NodeSetup {
  /** The features' number of the node (node 1, ...). */
  readonly id: number;
  /** Its TIPC address (contract/addressing.ts nodeAddress). */
  readonly address: number;
  readonly seed: number;
  readonly bearers: readonly BearerSetup[];
  /** Bearers whose interface starts down. */
  readonly startDown: readonly BearerIndex[];
  /**
   * The network id the node joins (tn->net_id, `tipc node set netid`, 1..9999): discovery ignores
   * a node of another network (tipc_disc_rcv). Absent: the kernel's default, 4711.
   */
  readonly netId?: number;
  /** 1 for the node a scenario starts with, 2 after its first restart, ...: a new node object, a new signature. */
  readonly incarnation?: number;
}

/**
 * How much later than in virtual time what a node does can be seen, in ms: 0 for a node on the
 * harness's clock. A node kind declares it; the steps allow for it without knowing why.
 */
export interface Latency {
  /** A reaction to a frame seen on the wire (both trips through a relay, an emulator's delay). */
  readonly reactionMs: number;
  /** A state of the node seen by the harness (a periodic read, the controls of the steps after it). */
  readonly observationMs: number;
  /**
   * How late the node's own timers may fire, as a fraction of their interval, seen on the
   * harness's clock: 0 for virtual time; a guest whose CPU is emulated (QEMU without KVM) runs its
   * timers late by up to some tenths when the host is busy.
   */
  readonly timerLate: number;
}

export const NO_LATENCY: Latency = { reactionMs: 0, observationMs: 0, timerLate: 0 };

/** The clock a node runs on: the harness's (virtual time, timers only when told) or its own wall clock. */
export type ClockKind = 'virtual' | 'wall';

/** The port (and key) of the binding a churn binds and unbinds: one per service type, recognisable. */
export function churnPort(type: number): number {
  return 0x7f000000 + (type % 0x1000000);
}

export interface NodeStack {
  readonly address: number;
  readonly bearerCount: number;
  /** The clock this node runs on; a cluster with one wall-clock node runs in real time. */
  readonly clock: ClockKind;
  readonly latency: Latency;

  /** Brought up before the cluster's clock starts (a VM boots); nothing on the wire counts before. */
  prepare(): Promise<void>;
  start(now: number): Maybe<void>;
  /** A frame arrived; `bytes` are the harness's record of it: read, never write (copy first). */
  receive(now: number, bearer: BearerIndex, bytes: Uint8Array): Maybe<void>;
  /** Virtual time reached `now`: run the timers that are due. A wall-clock node keeps its own. */
  tick(now: number): Maybe<void>;
  pollTimeout(): number | undefined;
  /** The frames, events and notes since the last call; the caller only reads the list it is given (a stack may hand out one shared empty list). */
  pollTransmit(): readonly OutFrame[];
  pollEvents(): readonly NodeEventReport[];
  pollNotes(): readonly string[];

  bearerUp(now: number, bearer: BearerIndex): Maybe<void>;
  bearerDown(now: number, bearer: BearerIndex): Maybe<void>;
  publish(now: number, b: Omit<NodeBinding, 'node'>): Maybe<boolean>;
  withdraw(now: number, type: number, lower: number, upper: number, key: number): Maybe<boolean>;
  /**
   * Binds the range at cluster scope and withdraws it again, `times` times, at once: 2 * times name
   * distribution updates (the node's named sequence number moves that far). Optional: without it
   * the cluster calls publish and withdraw in turn.
   */
  churn?(now: number, type: number, lower: number, upper: number, times: number): Maybe<boolean>;
  sendData(now: number, dest: number, port: number, payload: Uint8Array): Maybe<boolean>;
  /**
   * Staging, for a tester: the next `count` user messages to `dest` go out as one MSG_BUNDLER
   * bundle on one link sequence number, as 6.1 bundles what waits in a congested link's backlog
   * (tipc_msg_try_bundle); `dest` 0: its next `count` binding table updates on the broadcast link.
   * Optional: a node without it cannot stage bundles (false).
   */
  bundleNext?(now: number, dest: number, count: number): Maybe<boolean>;
  /** The port user messages for this node must go to. */
  dataPort(): Maybe<number>;
  setLinkTolerance(now: number, peer: number, bearer: BearerIndex, tolerance: number): Maybe<boolean>;
  setLinkPriority(now: number, peer: number, bearer: BearerIndex, priority: number): Maybe<boolean>;

  linkState(peer: number, bearer: BearerIndex): Maybe<LinkState | undefined>;
  nodeState(peer: number): Maybe<NodeState | undefined>;
  dropPoint(peer: number, bearer: BearerIndex): Maybe<number | undefined>;
  /**
   * The link tolerance (ms) of the link endpoint to `peer` on `bearer`, as the node uses it now
   * (what `tipc link get tolerance` prints); undefined if there is no such endpoint or the node
   * cannot show it (capability link-tolerance).
   */
  linkTolerance(peer: number, bearer: BearerIndex): Maybe<number | undefined>;
  /**
   * The name of the link endpoint to `peer` on `bearer` as the node has it now (what `tipc link
   * list` prints: own address:own interface-peer address:peer interface, the peer's interface
   * "unknown" until its RESET or ACTIVATE named it); undefined if there is no such endpoint or the
   * node cannot show it (capability link-name).
   */
  linkName(peer: number, bearer: BearerIndex): Maybe<string | undefined>;
  nameTable(): Maybe<readonly NodeBinding[]>;

  /**
   * Makes what is seen of the node current: a node whose state is read from outside (a VM) reads
   * it now (`fresh`: by a read that starts now, not one under way). Nothing to do for the others.
   */
  refresh(fresh: boolean): Promise<void>;
  /** Set by the cluster: the node sent frames or events by itself (a wall-clock node). */
  onActivity: (() => void) | undefined;
  /** A fault of the node found while the cluster ran (a VM that died): the scenario fails with it. */
  fault(): Error | undefined;
  /** Releases what the node holds (a child process, a VM); nothing outlives a scenario. */
  close(): Promise<void>;
  /** Files for the report (a console log), once the node is closed. */
  attachments(): readonly { readonly name: string; readonly path: string }[];
}

/**
 * The contract between the deterministic network simulator and whatever it drives.
 * The simulator knows nothing about TIPC beyond these types: it moves opaque frames
 * (real TIPC wire bytes) between endpoints on bearers, applies fault rules, and calls
 * tick() when an endpoint's timer is due. Time is virtual, in milliseconds.
 */

/** The simulator's name for a node (1, 2, ...), as the features say "node 1". */
export type NodeId = number;

/** Bearer index: 0 is bearer A (eth0), 1 is bearer B (eth1). */
export type BearerIndex = number;

/** `OutFrame.dest` of a frame for every other node on the bearer (the media broadcast address). */
export const BROADCAST_DEST = 0xffffffff;

/** A frame an endpoint wants sent: on its bearer, to the node with TIPC address `dest`. */
export interface OutFrame {
  readonly bearer: BearerIndex;
  /** TIPC node address of the receiver (the media address, resolved by the simulator). */
  readonly dest: number;
  readonly bytes: Uint8Array;
}

/** Something the simulator can drive: a sans-IO stack, or a proxy for an external one. */
export interface SimEndpoint {
  /** TIPC node address; frames whose dest equals it are delivered here. */
  readonly address: number;
  /**
   * A frame arrived on `bearer` at virtual time `now`. `bytes` are the trace's own copy: read them,
   * never write into them (copy first to change them). An endpoint in another process may answer
   * later (a Promise): only the async runners (runForAsync, runUntilAsync) drive such endpoints.
   */
  receive(now: number, bearer: BearerIndex, bytes: Uint8Array): void | Promise<void>;
  /** Virtual time has reached `now`: run whatever timers are due. */
  tick(now: number): void | Promise<void>;
  /** Absolute virtual time at which tick() is next wanted, or undefined for none. */
  pollTimeout(): number | undefined;
  /** Frames produced since the last call, in the order they were produced (a list the simulator only reads). */
  pollTransmit(): readonly OutFrame[];
  /** Human-readable notes since the last call (state changes, drops), for the trace. */
  pollNotes(): readonly string[];
}

/** Fault rules are the contract's: what the harness applies to frames on its wire. */
export type { FaultAction, FaultMatch, FaultRule, FrameAlteration } from '../contract/wire';

/** One line of the trace. */
export type TraceEntry =
  | {
      readonly t: number;
      readonly kind: 'frame';
      /** Sequence number of the frame in this run, 1-based, as "#N". */
      readonly n: number;
      /** The send it came from: the copies of one bearer broadcast share this number. */
      readonly send: number;
      /** A copy of a bearer broadcast (sent to the media broadcast address). */
      readonly broadcast: boolean;
      readonly from: NodeId;
      /** The receiver; -1 (NO_NODE in sim/simulator.ts) for a 'no-route' frame to an address no node has. */
      readonly to: NodeId;
      readonly bearer: BearerIndex;
      /** 'deliver', 'drop(<rule>)', 'delay(<rule>)', 'dup(<rule>)', 'reorder(<rule>)', 'malformed(<rule>)', 'released(<rule>; sent at <s> s)', 'bearer-down', 'no-route'; <rule> ends in '; retransmission <k>' for a retransmission of a message a rule picked */
      readonly fate: string;
      readonly summary: string;
      /** The bytes the receiver got (or would have). */
      readonly bytes: Uint8Array;
      /** For a frame a 'malform' rule altered: the bytes as the sender sent them. */
      readonly sent?: Uint8Array;
    }
  | { readonly t: number; readonly kind: 'note'; readonly node: NodeId; readonly text: string };

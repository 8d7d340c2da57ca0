/**
 * What a simulated cluster needs from one node: the driver side of a sans-IO stack. The bundled
 * reference (reference/net.ts TipcNode) has exactly this shape; adapters/process/remote-stack.ts
 * offers it for a node that runs in a child process.
 */
import type { StackEvent } from '../reference/events';
import type { LinkState } from '../reference/link-fsm';
import type { Publication } from '../reference/name-table';
import type { OutFrame } from '../reference/net';
import type { NodeState } from '../reference/node-fsm';

/** Controls of a node in a VM take time: they may answer later. */
export type Maybe<T> = T | Promise<T>;

export interface StackLike {
  readonly address: number;
  readonly bearerCount: number;
  start(now: number): Maybe<void>;
  receive(now: number, bearer: number, bytes: Uint8Array): void;
  tick(now: number): void;
  pollTimeout(): number | undefined;
  pollTransmit(): OutFrame[];
  pollEvents(): StackEvent[];
  pollNotes(): string[];
  bearerUp(now: number, bearer: number): Maybe<void>;
  bearerDown(now: number, bearer: number): Maybe<void>;
  publish(now: number, p: Omit<Publication, 'node'>): Maybe<boolean>;
  withdraw(now: number, type: number, lower: number, upper: number, key: number): Maybe<boolean>;
  sendData(now: number, dest: number, port: number, payload: Uint8Array): Maybe<boolean>;
  /** The port user messages for this node must go to (default: any port; the harness uses 4242). */
  dataPort?(): Maybe<number>;
  setLinkTolerance(now: number, peer: number, bearer: number, tolerance: number): Maybe<boolean>;
  setLinkPriority(now: number, peer: number, bearer: number, priority: number): Maybe<boolean>;
  linkState(peer: number, bearer: number): LinkState | undefined;
  nodeState(peer: number): NodeState | undefined;
  dropPoint(peer: number, bearer: number): number | undefined;
  nameTable(): readonly Publication[];
}

/** A stack that holds an outside resource (a child process, a VM) to release at the end of a scenario. */
export interface ClosableStack extends StackLike {
  close(): Maybe<void>;
  /**
   * A node that runs on its own wall clock (a kernel in a VM): a cluster with one runs in real
   * time, and such a node sends frames and events whenever it likes (it calls `onActivity`).
   */
  readonly realTime?: boolean;
  /** Brought up before the cluster's clock starts (a VM boots). */
  prepare?(): Promise<void>;
  /**
   * Called while the cluster waits, to refresh what is observed of the node (its name table);
   * `fresh`: by a read that starts now, not one already under way.
   */
  refresh?(fresh?: boolean): Promise<void>;
  /** Set by the cluster before prepare(): called when frames or events arrived by themselves. */
  onActivity?: () => void;
  /** A fault of the node found while the cluster waited (a VM that died): the scenario fails with it. */
  fault?(): Error | undefined;
  /** Files for the report (a console log), once the node is closed. */
  attachments?(): readonly { readonly name: string; readonly path: string }[];
}

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

export interface StackLike {
  readonly address: number;
  readonly bearerCount: number;
  start(now: number): void;
  receive(now: number, bearer: number, bytes: Uint8Array): void;
  tick(now: number): void;
  pollTimeout(): number | undefined;
  pollTransmit(): OutFrame[];
  pollEvents(): StackEvent[];
  pollNotes(): string[];
  bearerUp(now: number, bearer: number): void;
  bearerDown(now: number, bearer: number): void;
  publish(now: number, p: Omit<Publication, 'node'>): boolean;
  withdraw(now: number, type: number, lower: number, upper: number, key: number): boolean;
  sendData(now: number, dest: number, port: number, payload: Uint8Array): boolean;
  setLinkTolerance(now: number, peer: number, bearer: number, tolerance: number): boolean;
  setLinkPriority(now: number, peer: number, bearer: number, priority: number): boolean;
  linkState(peer: number, bearer: number): LinkState | undefined;
  nodeState(peer: number): NodeState | undefined;
  dropPoint(peer: number, bearer: number): number | undefined;
  nameTable(): readonly Publication[];
}

/** A stack that holds an outside resource (a child process) to release at the end of a scenario. */
export interface ClosableStack extends StackLike {
  close(): void;
}

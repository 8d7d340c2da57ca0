/**
 * The bundled reference stack (reference/net.ts TipcNode) as a node behind the contract: in this
 * process, on the harness's clock, answering every call at once. Its events cross the contract
 * through the reference's edge (edge.ts).
 */
import {
  type BearerIndex,
  churnPort,
  type LinkState,
  NO_LATENCY,
  type NodeBinding,
  type NodeEventReport,
  type NodeSetup,
  type NodeStack,
  type NodeState,
  type OutFrame,
} from '../../contract';
import { TipcNode } from '../../reference/net';
import type { Profile } from '../../reference/profiles';
import { contractFrames, reportsAndNotes } from './edge';

/** The port user messages go to on the reference, which takes them on any port. */
export const REFERENCE_DATA_PORT = 4242;

/** 12 hex digits → the 6 bytes of a MAC address. */
export function macFromHex(hex: string): Uint8Array {
  return Uint8Array.from(hex.match(/../g) ?? [], (h) => parseInt(h, 16));
}

/** The reference's configuration of a node the harness set up. */
export function referenceNode(setup: Omit<NodeSetup, 'id' | 'startDown'>, profile: Profile, netId?: number): TipcNode {
  return new TipcNode({
    address: setup.address,
    profile,
    seed: setup.seed,
    ...(netId !== undefined ? { netId } : {}),
    bearers: setup.bearers.map((b) => ({
      if_name: b.if_name,
      mac: macFromHex(b.mac),
      ...(b.tolerance !== undefined ? { tolerance: b.tolerance } : {}),
      ...(b.priority !== undefined ? { priority: b.priority } : {}),
    })),
  });
}

export class ReferenceNode implements NodeStack {
  readonly clock = 'virtual';
  readonly latency = NO_LATENCY;
  readonly address: number;
  onActivity: (() => void) | undefined;
  private readonly node: TipcNode;
  /** What the stack reported and the harness has not taken yet: as contract events, and as notes. */
  private reports: NodeEventReport[] = [];
  private notes: string[] = [];

  constructor(setup: NodeSetup, profile: Profile) {
    this.node = referenceNode(setup, profile, setup.netId);
    this.address = setup.address;
  }

  get bearerCount(): number {
    return this.node.bearerCount;
  }

  async prepare(): Promise<void> {}
  start(now: number): void {
    this.node.start(now);
  }
  receive(now: number, bearer: BearerIndex, bytes: Uint8Array): void {
    this.node.receive(now, bearer, bytes);
  }
  tick(now: number): void {
    this.node.tick(now);
  }
  pollTimeout(): number | undefined {
    return this.node.pollTimeout();
  }
  pollTransmit(): readonly OutFrame[] {
    return contractFrames(this.node.pollTransmit(), this.notes, this.address);
  }
  pollEvents(): readonly NodeEventReport[] {
    this.drain();
    const out = this.reports;
    if (out.length > 0) this.reports = [];
    return out;
  }
  pollNotes(): readonly string[] {
    this.drain();
    const out = this.notes;
    if (out.length > 0) this.notes = [];
    return out;
  }
  /** The stack's events since the last drain, each kept for both readers. */
  private drain(): void {
    const events = this.node.pollEvents();
    if (events.length === 0) return;
    const { reports, notes } = reportsAndNotes(events);
    for (const r of reports) this.reports.push(r);
    for (const n of notes) this.notes.push(n);
  }
  bearerUp(now: number, bearer: BearerIndex): void {
    this.node.bearerUp(now, bearer);
  }
  bearerDown(now: number, bearer: BearerIndex): void {
    this.node.bearerDown(now, bearer);
  }
  publish(now: number, b: Omit<NodeBinding, 'node'>): boolean {
    return this.node.publish(now, b);
  }
  withdraw(now: number, type: number, lower: number, upper: number, key: number): boolean {
    return this.node.withdraw(now, type, lower, upper, key);
  }
  /** One control call for the whole churn: the stack's own bind and unbind, in one instant. */
  churn(now: number, type: number, lower: number, upper: number, times: number): boolean {
    const port = churnPort(type);
    for (let i = 0; i < times; i++) {
      if (!this.node.publish(now, { type, lower, upper, scope: 'cluster', port, key: port })) return false;
      if (!this.node.withdraw(now, type, lower, upper, port)) return false;
    }
    return true;
  }
  sendData(now: number, dest: number, port: number, payload: Uint8Array): boolean {
    return this.node.sendData(now, dest, port, payload);
  }
  bundleNext(_now: number, dest: number, count: number): boolean {
    this.node.bundleNext(dest, count);
    return true;
  }
  dataPort(): number {
    return REFERENCE_DATA_PORT;
  }
  setLinkTolerance(now: number, peer: number, bearer: BearerIndex, tolerance: number): boolean {
    return this.node.setLinkTolerance(now, peer, bearer, tolerance);
  }
  setLinkPriority(now: number, peer: number, bearer: BearerIndex, priority: number): boolean {
    return this.node.setLinkPriority(now, peer, bearer, priority);
  }
  linkState(peer: number, bearer: BearerIndex): LinkState | undefined {
    return this.node.linkState(peer, bearer);
  }
  nodeState(peer: number): NodeState | undefined {
    return this.node.nodeState(peer);
  }
  dropPoint(peer: number, bearer: BearerIndex): number | undefined {
    return this.node.dropPoint(peer, bearer);
  }
  linkTolerance(peer: number, bearer: BearerIndex): number | undefined {
    return this.node.linkTolerance(peer, bearer);
  }
  linkName(peer: number, bearer: BearerIndex): string | undefined {
    return this.node.linkName(peer, bearer);
  }
  nameTable(): readonly NodeBinding[] {
    return this.node.nameTable();
  }
  async refresh(): Promise<void> {}
  fault(): Error | undefined {
    return undefined;
  }
  async close(): Promise<void> {}
  attachments(): readonly { readonly name: string; readonly path: string }[] {
    return [];
  }
}

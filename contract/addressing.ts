/**
 * How the harness names the nodes and interfaces of a cluster: node k has TIPC address 1.1.k and,
 * on bearer b, interface eth<b> with MAC 52:54:00:0a+b:kk:kk (as in shared/captures). The one MAC
 * scheme every implementation kind is given.
 */
import type { BearerIndex } from './wire';

/** "node 1", "node 2", ... as the features say. */
export type NodeId = number;

/** Bearer letters as the features say: A is bearer 0 (eth0), B is bearer 1 (eth1). */
export type BearerName = 'A' | 'B';

export const BEARERS: readonly BearerName[] = ['A', 'B'];

export function bearerIndex(b: BearerName): BearerIndex {
  return b === 'A' ? 0 : 1;
}

export function bearerName(b: BearerIndex): BearerName {
  const name = BEARERS[b];
  if (name === undefined) throw new Error(`bearer index ${b} names no bearer (0 is A, 1 is B)`);
  return name;
}

/** Interface name of a bearer: eth0 for A, eth1 for B. */
export function ifName(b: BearerIndex): string {
  return `eth${b}`;
}

/** TIPC address of "node k": 1.1.k */
export function nodeAddress(id: NodeId): number {
  return ((1 << 24) | (1 << 12) | id) >>> 0;
}

/** The node number of a TIPC address 1.1.k. */
export function nodeIdOf(address: number): NodeId {
  return address & 0xfff;
}

/** The MAC address of node k on a bearer, as 6 bytes: 52:54:00:0a+bearer:kk:kk. */
export function macBytes(id: NodeId, bearer: BearerIndex): Uint8Array {
  const mac = new Uint8Array(6);
  writeMacBytes(mac, 0, id, bearer);
  return mac;
}

/** macBytes(id, bearer) written at `at` of `out`, with no array of its own (a pcap writes two per frame). */
export function writeMacBytes(out: Uint8Array, at: number, id: NodeId, bearer: BearerIndex): void {
  out[at] = 0x52;
  out[at + 1] = 0x54;
  out[at + 2] = 0x00;
  out[at + 3] = 0x0a + bearer;
  out[at + 4] = (id >> 8) & 0xff;
  out[at + 5] = id & 0xff;
}

/** The same MAC as 12 lowercase hex digits. */
export function macHex(id: NodeId, bearer: BearerIndex): string {
  return [...macBytes(id, bearer)].map((b) => b.toString(16).padStart(2, '0')).join('');
}

/** The node whose MAC this is (6 bytes) by the scheme above, or undefined; nodeOfMac without text. */
export function nodeOfMacBytes(mac: Uint8Array): NodeId | undefined {
  return mac.length === 6 ? nodeOfMacAt(mac, 0) : undefined;
}

/** nodeOfMacBytes() of the 6 bytes of `bytes` from `at` (undefined where they are not all there). */
function nodeOfMacAt(bytes: Uint8Array, at: number): NodeId | undefined {
  if (bytes.length < at + 6 || bytes[at] !== 0x52 || bytes[at + 1] !== 0x54 || bytes[at + 2] !== 0x00 || (bytes[at + 3] !== 0x0a && bytes[at + 3] !== 0x0b)) return undefined;
  const id = ((bytes[at + 4] as number) << 8) | (bytes[at + 5] as number);
  return id >= 1 && id <= 0xfff ? id : undefined;
}

/**
 * The node that has this MAC (6 bytes) on bearer `b`, or undefined. Each bearer is its own medium
 * (eth0 and eth1 on two segments): a frame sent on bearer B to a node's bearer-A MAC reaches no
 * interface, as a node that took that address from a forged or corrupted discovery message finds.
 */
export function nodeOnBearer(mac: Uint8Array, b: BearerIndex): NodeId | undefined {
  return mac.length === 6 ? nodeOnBearerAt(mac, 0, b) : undefined;
}

/** nodeOnBearer() of the MAC at `at` in `bytes` (a media address as discovery carries it), without cutting it out. */
export function nodeOnBearerAt(bytes: Uint8Array, at: number, b: BearerIndex): NodeId | undefined {
  return bytes[at + 3] === 0x0a + b ? nodeOfMacAt(bytes, at) : undefined;
}

/** The node whose MAC this is (12 hex digits, any case) by the scheme above, or undefined. */
export function nodeOfMac(mac: string): NodeId | undefined {
  const m = /^525400(0[ab])([0-9a-f]{4})$/i.exec(mac);
  if (!m?.[1] || !m[2]) return undefined;
  const id = parseInt(m[2], 16);
  return id >= 1 && id <= 0xfff ? id : undefined;
}

/**
 * The frames of a run as a classic libpcap file (link type 1, Ethernet), the way Wireshark and
 * tshark read TIPC off a real Ethernet bearer: Ethernet II with ethertype 0x88CA around the TIPC
 * message bytes. The source MAC names the sending node and the bearer (52:54:00:0a+bearer:kk:kk,
 * as the reference nodes use), the destination MAC the receiver, or ff:ff:ff:ff:ff:ff for a copy
 * of a bearer broadcast. Timestamps are the virtual time of the frame since the start of the run.
 */

import { macBytes } from '../contract';
import { inPieces } from '../sim/trace';

export const ETH_P_TIPC = 0x88ca;

export interface PcapFrame {
  /** Virtual time, ms. */
  readonly at: number;
  readonly from: number;
  readonly to: number;
  /** Bearer index: 0 is A, 1 is B. */
  readonly bearer: number;
  readonly broadcast: boolean;
  /** The TIPC message as sent. */
  readonly bytes: Uint8Array;
}

const BROADCAST_MAC = Uint8Array.of(0xff, 0xff, 0xff, 0xff, 0xff, 0xff);

/** The pcap file's global header (24 bytes). */
function fileHeader(): Uint8Array {
  const out = new Uint8Array(24);
  const v = new DataView(out.buffer);
  v.setUint32(0, 0xa1b2c3d4, true); // microsecond timestamps, little-endian file
  v.setUint16(4, 2, true);
  v.setUint16(6, 4, true);
  v.setUint32(16, 262144, true); // snaplen
  v.setUint32(20, 1, true); // LINKTYPE_ETHERNET
  return out;
}

/** One frame's record: its header (16 bytes), the Ethernet header and the TIPC message. */
function record(f: PcapFrame): Uint8Array {
  const len = 14 + f.bytes.length;
  const out = new Uint8Array(16 + len);
  const v = new DataView(out.buffer);
  const us = Math.round(f.at * 1000);
  v.setUint32(0, Math.floor(us / 1e6), true);
  v.setUint32(4, us % 1e6, true);
  v.setUint32(8, len, true);
  v.setUint32(12, len, true);
  out.set(f.broadcast ? BROADCAST_MAC : macBytes(f.to, f.bearer), 16);
  out.set(macBytes(f.from, f.bearer), 22);
  v.setUint16(28, ETH_P_TIPC, false);
  out.set(f.bytes, 30);
  return out;
}

/**
 * The pcap file of every frame, in order, in pieces of about `chunk` bytes (the file header
 * first): a run of millions of frames is written out piece by piece, never held whole.
 */
export function* pcapChunks(frames: Iterable<PcapFrame>, chunk = 1 << 20): Generator<Uint8Array> {
  yield fileHeader();
  yield* inPieces(records(frames), (r) => r.length, (rs) => Buffer.concat(rs), chunk);
}

function* records(frames: Iterable<PcapFrame>): Generator<Uint8Array> {
  for (const f of frames) yield record(f);
}

/** One pcap file holding every frame, in order. */
export function pcapOf(frames: Iterable<PcapFrame>): Uint8Array {
  const parts = [...pcapChunks(frames)];
  return new Uint8Array(Buffer.concat(parts));
}

/**
 * The frames of a run as a classic libpcap file (link type 1, Ethernet), the way Wireshark and
 * tshark read TIPC off a real Ethernet bearer: Ethernet II with ethertype 0x88CA around the TIPC
 * message bytes. The source MAC names the sending node and the bearer (52:54:00:0a+bearer:kk:kk,
 * as the reference nodes use), the destination MAC the receiver, or ff:ff:ff:ff:ff:ff for a copy
 * of a bearer broadcast. Timestamps are the virtual time of the frame since the start of the run.
 */

import { macBytes } from '../contract';

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

/** Bytes of one frame's record: its header (16 bytes), the Ethernet header (14) and the TIPC message. */
function recordSize(f: PcapFrame): number {
  return 30 + f.bytes.length;
}

/** Writes one frame's record at `at` in `out`: its header, the Ethernet header and the TIPC message. */
function writeRecord(f: PcapFrame, out: Uint8Array, at: number): void {
  const len = 14 + f.bytes.length;
  const v = new DataView(out.buffer, out.byteOffset + at, 16);
  const us = Math.round(f.at * 1000);
  v.setUint32(0, Math.floor(us / 1e6), true);
  v.setUint32(4, us % 1e6, true);
  v.setUint32(8, len, true);
  v.setUint32(12, len, true);
  out.set(f.broadcast ? BROADCAST_MAC : macBytes(f.to, f.bearer), at + 16);
  out.set(macBytes(f.from, f.bearer), at + 22);
  out[at + 28] = ETH_P_TIPC >> 8;
  out[at + 29] = ETH_P_TIPC & 0xff;
  out.set(f.bytes, at + 30);
}

/**
 * Bytes of a piece: below V8's large-object size (128 KiB), so that a piece that has been written
 * out is collected young, not left in the old generation until its next full collection.
 */
const PIECE = 1 << 16;

/**
 * The pcap file of every frame, in order, in pieces of whole records, at most `chunk` bytes each
 * (or one record, if larger), the file header first: a run of millions of frames is written out
 * piece by piece, never held whole. The records are written straight into the piece.
 */
export function* pcapChunks(frames: Iterable<PcapFrame>, chunk = PIECE): Generator<Uint8Array> {
  yield fileHeader();
  let piece = new Uint8Array(0);
  let used = 0;
  for (const f of frames) {
    const size = recordSize(f);
    if (used + size > piece.length) {
      if (used > 0) yield piece.subarray(0, used);
      piece = new Uint8Array(Math.max(chunk, size));
      used = 0;
    }
    writeRecord(f, piece, used);
    used += size;
  }
  if (used > 0) yield piece.subarray(0, used);
}

/** One pcap file holding every frame, in order. */
export function pcapOf(frames: Iterable<PcapFrame>): Uint8Array {
  const parts = [...pcapChunks(frames)];
  return new Uint8Array(Buffer.concat(parts));
}

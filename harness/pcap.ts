/**
 * The frames of a run as a classic libpcap file (link type 1, Ethernet), the way Wireshark and
 * tshark read TIPC off a real Ethernet bearer: Ethernet II with ethertype 0x88CA around the TIPC
 * message bytes. The source MAC names the sending node and the bearer (52:54:00:0a+bearer:kk:kk,
 * as the reference nodes use), the destination MAC the receiver, or ff:ff:ff:ff:ff:ff for a copy
 * of a bearer broadcast. Timestamps are the virtual time of the frame since the start of the run.
 */

// from the contract's own module, not its index: this runs for every frame of a report
import { writeMacBytes } from '../contract/addressing';

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

/** Bytes of a record besides the TIPC message: the record header (16) and the Ethernet header (14). */
const RECORD_HEAD = 30;

/** Writes one frame's record at `at` of `out` (room checked by the caller): its header, the Ethernet header and the TIPC message. */
function writeRecord(out: Uint8Array, v: DataView, at: number, f: PcapFrame): number {
  const len = 14 + f.bytes.length;
  const us = Math.round(f.at * 1000);
  v.setUint32(at, Math.floor(us / 1e6), true);
  v.setUint32(at + 4, us % 1e6, true);
  v.setUint32(at + 8, len, true);
  v.setUint32(at + 12, len, true);
  if (f.broadcast) out.set(BROADCAST_MAC, at + 16);
  else writeMacBytes(out, at + 16, f.to, f.bearer);
  writeMacBytes(out, at + 22, f.from, f.bearer);
  v.setUint16(at + 28, ETH_P_TIPC, false);
  out.set(f.bytes, at + RECORD_HEAD);
  return at + RECORD_HEAD + f.bytes.length;
}

/**
 * Bytes of a piece: below V8's large-object size (128 KiB), so that a piece that has been written
 * out is collected young, not left in the old generation until its next full collection.
 */
const PIECE = 1 << 16;

/**
 * The pcap file of every frame, in order, in pieces of whole records, at most `chunk` bytes each
 * (or one record, if larger), the file header first: a run of millions of frames is written out
 * piece by piece, never held whole. Each piece's records are written straight into it: an object
 * per frame cost a 512-node run's report a minute.
 */
export function* pcapChunks(frames: Iterable<PcapFrame>, chunk = PIECE): Generator<Uint8Array> {
  yield fileHeader();
  let piece = new Uint8Array(0);
  let view = new DataView(piece.buffer);
  let used = 0;
  for (const f of frames) {
    const size = RECORD_HEAD + f.bytes.length;
    if (used + size > piece.length) {
      if (used > 0) yield piece.subarray(0, used);
      piece = new Uint8Array(Math.max(chunk, size));
      view = new DataView(piece.buffer);
      used = 0;
    }
    used = writeRecord(piece, view, used, f);
  }
  if (used > 0) yield piece.subarray(0, used);
}

/** One pcap file holding every frame, in order. */
export function pcapOf(frames: Iterable<PcapFrame>): Uint8Array {
  const parts = [...pcapChunks(frames)];
  return new Uint8Array(Buffer.concat(parts));
}

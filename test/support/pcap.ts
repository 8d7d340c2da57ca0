/**
 * A minimal reader for classic libpcap files (not pcapng): either byte order, microsecond
 * (magic 0xa1b2c3d4) or nanosecond (0xa1b23c4d) timestamps. Test support only: it throws on
 * a malformed file.
 */
import { readFileSync } from 'node:fs';

export interface PcapRecord {
  /** Capture time in seconds since the epoch (fractional). */
  ts: number;
  /** The captured bytes (incl_len of them), a view into the file's buffer. */
  bytes: Uint8Array;
  /** Length of the frame on the wire (orig_len); larger than bytes.length if snapped. */
  origLen: number;
}

export interface PcapFile {
  /** Link-layer header type (1 = Ethernet). */
  linktype: number;
  snaplen: number;
  records: PcapRecord[];
}

const GLOBAL_HDR = 24;
const RECORD_HDR = 16;

/** Parse a whole pcap file held in memory. */
export function parsePcapFile(buf: Uint8Array): PcapFile {
  if (buf.length < GLOBAL_HDR) throw new Error(`pcap: file of ${buf.length} bytes is shorter than the 24-byte global header`);
  const view = new DataView(buf.buffer, buf.byteOffset, buf.byteLength);
  const magicBE = view.getUint32(0, false);
  let little: boolean;
  let nano: boolean;
  if (magicBE === 0xa1b2c3d4 || magicBE === 0xa1b23c4d) {
    little = false;
    nano = magicBE === 0xa1b23c4d;
  } else {
    const magicLE = view.getUint32(0, true);
    if (magicLE !== 0xa1b2c3d4 && magicLE !== 0xa1b23c4d) {
      throw new Error(`pcap: bad magic 0x${magicBE.toString(16)} (expected a1b2c3d4 or a1b23c4d, either byte order; pcapng is not supported)`);
    }
    little = true;
    nano = magicLE === 0xa1b23c4d;
  }
  const snaplen = view.getUint32(16, little);
  const linktype = view.getUint32(20, little);
  const records: PcapRecord[] = [];
  let off = GLOBAL_HDR;
  while (off < buf.length) {
    if (off + RECORD_HDR > buf.length) throw new Error(`pcap: truncated record header at offset ${off}`);
    const sec = view.getUint32(off, little);
    const frac = view.getUint32(off + 4, little);
    const incl = view.getUint32(off + 8, little);
    const orig = view.getUint32(off + 12, little);
    off += RECORD_HDR;
    if (off + incl > buf.length) throw new Error(`pcap: record ${records.length + 1} claims ${incl} bytes, only ${buf.length - off} left`);
    records.push({ ts: sec + frac / (nano ? 1e9 : 1e6), bytes: buf.subarray(off, off + incl), origLen: orig });
    off += incl;
  }
  return { linktype, snaplen, records };
}

/** The records of a pcap: `{ ts, bytes }` per frame, in file order. */
export function parsePcap(buf: Uint8Array): PcapRecord[] {
  return parsePcapFile(buf).records;
}

/** Read and parse a pcap file from disk. */
export function readPcap(path: string): PcapFile {
  return parsePcapFile(new Uint8Array(readFileSync(path)));
}

/** Ethernet II ethertype of TIPC. */
export const ETH_P_TIPC = 0x88ca;
export const ETH_HLEN = 14;

/** The TIPC message of an Ethernet II frame, or undefined if the frame is not TIPC. */
export function ethTipcPayload(frame: Uint8Array): Uint8Array | undefined {
  if (frame.length < ETH_HLEN) return undefined;
  const ethertype = (frame[12] << 8) | frame[13];
  if (ethertype !== ETH_P_TIPC) return undefined;
  return frame.subarray(ETH_HLEN);
}

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

/** One pcap file holding every frame, in order. */
export function pcapOf(frames: readonly PcapFrame[]): Uint8Array {
  const size = 24 + frames.reduce((n, f) => n + 16 + 14 + f.bytes.length, 0);
  const out = new Uint8Array(size);
  const v = new DataView(out.buffer);
  v.setUint32(0, 0xa1b2c3d4, true); // microsecond timestamps, little-endian file
  v.setUint16(4, 2, true);
  v.setUint16(6, 4, true);
  v.setUint32(16, 262144, true); // snaplen
  v.setUint32(20, 1, true); // LINKTYPE_ETHERNET
  let o = 24;
  for (const f of frames) {
    const us = Math.round(f.at * 1000);
    const len = 14 + f.bytes.length;
    v.setUint32(o, Math.floor(us / 1e6), true);
    v.setUint32(o + 4, us % 1e6, true);
    v.setUint32(o + 8, len, true);
    v.setUint32(o + 12, len, true);
    o += 16;
    out.set(f.broadcast ? BROADCAST_MAC : macBytes(f.to, f.bearer), o);
    out.set(macBytes(f.from, f.bearer), o + 6);
    v.setUint16(o + 12, ETH_P_TIPC, false);
    out.set(f.bytes, o + 14);
    o += len;
  }
  return out;
}

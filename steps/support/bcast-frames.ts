/**
 * The frames of a node's broadcast link on the wire, for the broadcast steps. Pure: no cucumber.
 */
import { type ClusterAdapter, LINK_CONFIG, type WireFrame } from '../../contract';

/** A frame of the node's broadcast link (non_seq, to the media broadcast address, not LINK_CONFIG). */
export function isBcPacket(f: WireFrame, from: number): boolean {
  return f.from === from && f.broadcast && f.user !== LINK_CONFIG && f.seqno !== undefined && f.ack === undefined;
}

/** The frames the harness handled, in the order they were produced (wireFrames() is in the order they met their fate). */
export function wireFramesInOrder(c: ClusterAdapter): WireFrame[] {
  return [...c.wireFrames()].sort((a, b) => a.n - b.n);
}

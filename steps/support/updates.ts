/**
 * "That update": the binding table update a node made in the last bind or unbind step, as the
 * wire carried it, and how failure messages name it.
 */
import { type ClusterAdapter, NAME_DISTRIBUTOR, type NodeId, type WireFrame } from '../../contract';
import { delivered } from './bulks';
import { updateText } from './wire-state';
import type { ConformanceWorld } from './world';

/** "binding of {7000, 0, 9}": the last update a step made, for failure messages. */
export function lastUpdateText(w: ConformanceWorld): string | undefined {
  const u = w.wire.lastUpdate();
  return u && updateText(u);
}

/** A frame of the update and its position in the trace (ClusterAdapter.wireFrames()). */
export interface UpdateFrame {
  readonly frame: WireFrame;
  readonly position: number;
}

/**
 * The frames of the binding table update node `from` made in the last update step: its
 * PUBLICATION or WITHDRAWAL (no bulk), by its named_seqno, so that a broadcast retransmission of
 * an earlier update that a peer asked for meanwhile (bc_gap) is not counted as part of it.
 */
export function updateFramesAt(c: ClusterAdapter, w: ConformanceWorld, from: NodeId): UpdateFrame[] {
  const u = w.wire.lastUpdate();
  if (!u || u.node !== from) throw new Error(`no binding table update by node ${from} to look at: bind or unbind a range on node ${from} first`);
  // only the frames since the update step: a long run's earlier frames are neither made nor decoded
  const since = c.wireFramesFrom(u.fromFrame);
  const frames: UpdateFrame[] = [];
  for (let i = 0; i < since.length; i++) {
    const f = since[i];
    if (f !== undefined && f.from === from && f.user === NAME_DISTRIBUTOR && f.mtype === u.mtype && f.named !== undefined && !f.named.is_bulk) frames.push({ frame: f, position: u.fromFrame + i });
  }
  const seqno = frames[0]?.frame.named?.named_seqno;
  return frames.filter(({ frame: f }) => f.named?.named_seqno === seqno);
}

export function updateFrames(c: ClusterAdapter, w: ConformanceWorld, from: NodeId): WireFrame[] {
  return updateFramesAt(c, w, from).map((u) => u.frame);
}

/** The first copy of the update that reached `to`, by either path. */
export function updateArrival(c: ClusterAdapter, w: ConformanceWorld, from: NodeId, to: NodeId): UpdateFrame | undefined {
  return updateFramesAt(c, w, from).find(({ frame: f }) => f.to === to && delivered(f));
}

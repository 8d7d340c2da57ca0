/**
 * A node's binding table bulks to a peer, read off the wire: which NAME_DISTRIBUTOR frames are the
 * messages of which bulk (tipc_named_node_up → named_distribute sends one bulk per contact), and
 * when each message first reached the peer. The staging checks compare an update's arrival with
 * them; "its bulk" is the bulk of the pair's most recent contact, the last one sent.
 */
import { ACTIVATE_MSG, type ClusterAdapter, LINK_PROTOCOL, NAME_DISTRIBUTOR, type NodeId, RESET_MSG, type WireFrame } from '../../contract';

/** A frame that reached its destination (delivered, late, released or duplicated), not one lost. */
export function delivered(f: WireFrame): boolean {
  return !f.fate.startsWith('drop') && f.fate !== 'bearer-down' && f.fate !== 'no-route';
}

/** One message of a bulk: its copies (the first send, retransmissions, duplicates) and its first arrival. */
export interface BulkMessage {
  /** 1 for the first message of the bulk. */
  readonly index: number;
  readonly bearer: WireFrame['bearer'];
  readonly seqno: number | undefined;
  readonly copies: WireFrame[];
  /** The position in the trace (ClusterAdapter.wireFrames()) of its first copy that reached the peer. */
  arrival?: number;
}

export interface Bulk {
  readonly messages: BulkMessage[];
  /** Its last message (is_last_bulk) was sent. */
  complete: boolean;
}

function isBulkFrame(f: WireFrame, from: NodeId, to: NodeId): boolean {
  return f.from === from && f.to === to && !f.broadcast && f.user === NAME_DISTRIBUTOR && f.named?.is_bulk === true;
}

/** A LINK_PROTOCOL RESET or ACTIVATE between the two nodes: the link on that bearer starts again, its sequence numbers with it. */
function isLinkRestart(f: WireFrame, a: NodeId, b: NodeId): boolean {
  return f.user === LINK_PROTOCOL && (f.mtype === RESET_MSG || f.mtype === ACTIVATE_MSG) && ((f.from === a && f.to === b) || (f.from === b && f.to === a));
}

/**
 * Every bulk `from` sent `to` so far, oldest first, from the frames of the trace and those still on
 * the way (delayed or held back). A frame is another copy of a message already seen when it went
 * on the same bearer with the same link sequence number and the link did not start again (a RESET
 * or ACTIVATE between the two nodes on that bearer) since that message was first sent; any other
 * bulk frame is a new message, of the open bulk, or of a new one once the last bulk's is_last_bulk
 * message went out. Bulks of a legacy node, which marks nothing, are not seen.
 */
export function bulksSent(c: ClusterAdapter, from: NodeId, to: NodeId): Bulk[] {
  const trace = c.wireFrames();
  const position = new Map<WireFrame, number>();
  trace.forEach((f, i) => position.set(f, i));
  const frames = [...trace, ...c.framesOnTheWay()]
    .filter((f) => isBulkFrame(f, from, to) || isLinkRestart(f, from, to))
    .sort((x, y) => x.n - y.n);
  const restarts = frames.filter((f) => isLinkRestart(f, from, to));
  const restartedSince = (m: BulkMessage, f: WireFrame): boolean => {
    const first = m.copies[0]?.n ?? 0;
    return restarts.some((r) => r.bearer === f.bearer && r.n > first && r.n < f.n);
  };
  const bulks: Bulk[] = [];
  for (const f of frames) {
    if (!isBulkFrame(f, from, to)) continue;
    const known = bulks
      .flatMap((b) => b.messages)
      .reverse()
      .find((m) => m.bearer === f.bearer && m.seqno === f.seqno && !restartedSince(m, f));
    let message = known;
    if (!message) {
      let bulk = bulks[bulks.length - 1];
      if (!bulk || bulk.complete) {
        bulk = { messages: [], complete: false };
        bulks.push(bulk);
      }
      message = { index: bulk.messages.length + 1, bearer: f.bearer, seqno: f.seqno, copies: [] };
      bulk.messages.push(message);
      if (f.named?.is_last_bulk) bulk.complete = true;
    }
    message.copies.push(f);
    const at = position.get(f);
    if (at !== undefined && delivered(f) && (message.arrival === undefined || at < message.arrival)) message.arrival = at;
  }
  return bulks;
}

/** The bulk of the pair's most recent contact: the last `from` sent `to`. */
export function latestBulk(c: ClusterAdapter, from: NodeId, to: NodeId): Bulk | undefined {
  const all = bulksSent(c, from, to);
  return all[all.length - 1];
}

/** "message 2 of 3 (#41, seqno 7)" for failure messages. */
export function bulkMessageText(b: Bulk, m: BulkMessage | undefined, trace: readonly WireFrame[]): string {
  if (!m) return `no such message (the bulk has ${b.messages.length}${b.complete ? '' : ' so far'})`;
  const first = m.copies[0];
  const arrived = m.arrival === undefined ? 'not arrived' : `arrived at ${trace[m.arrival]?.at ?? '?'} ms (#${trace[m.arrival]?.n ?? '?'})`;
  return `message ${m.index} of ${b.messages.length} (#${first?.n ?? '?'}, seqno ${m.seqno ?? '?'}, ${arrived})`;
}

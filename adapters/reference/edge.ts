/**
 * The reference's edge: its own events mapped to the contract's node events. Only what the
 * contract reports crosses (FSM transitions, deliveries, tunnel drops, binding table items applied and messages dropped as stale); the rest of what the
 * reference tells its driver is for its own trace notes.
 */
// from the contract's own modules, not its index: this runs for every frame, and the index's re-exports are getters
import { bearerName, nodeAddress, nodeOfMacBytes, nodeOnBearerAt } from '../../contract/addressing';
import type { NodeEventReport } from '../../contract/node';
import { BROADCAST, type OutFrame } from '../../contract/wire';
import type { StackEvent } from '../../reference/events';
import { MEDIA_BROADCAST, type OutFrame as ReferenceFrame } from '../../reference/net';
import { describeEvent } from './event-notes';

export function nodeEventOf(e: StackEvent): NodeEventReport | undefined {
  switch (e.kind) {
    case 'link-fsm':
      return { kind: 'link-fsm', peer: e.peer, bearer: e.bearer, from: e.from, evt: e.evt, to: e.to };
    case 'node-fsm':
      return { kind: 'node-fsm', peer: e.peer, from: e.from, evt: e.evt, to: e.to };
    case 'data':
      return { kind: 'data', from: e.from, port: e.port, payload: e.payload };
    case 'tunnel-inner':
      return e.action === 'dropped-duplicate'
        ? { kind: 'tunnel-drop', peer: e.peer, bearer: e.bearer, seqno: e.seqno, drop_point: e.drop_point, user: e.user }
        : undefined;
    case 'name-update':
      return { kind: 'name-applied', peer: e.node, op: e.op, type: e.item.type, lower: e.item.lower, upper: e.item.upper, accepted: e.applied };
    case 'name-stale':
      return { kind: 'name-stale', peer: e.node, named_seqno: e.named_seqno, rcv_nxt: e.rcv_nxt };
    default:
      return undefined;
  }
}

/** What the stack reported, as the contract's events and as the trace's notes (one note per event). */
export function reportsAndNotes(events: readonly StackEvent[]): { reports: NodeEventReport[]; notes: string[] } {
  const reports: NodeEventReport[] = [];
  const notes: string[] = [];
  for (const e of events) {
    notes.push(describeEvent(e));
    const r = nodeEventOf(e);
    if (r) reports.push(r);
  }
  return { reports, notes };
}

const NO_FRAMES: readonly OutFrame[] = Object.freeze([]);

/** Where the Ethernet MAC sits in a media address as discovery carries it (TIPC_MEDIA_ADDR_OFFSET). */
const ETH_ADDR_OFFSET = 4;

/**
 * The reference's frames as the contract's. A frame to one neighbour goes where its media address
 * says, as on a real medium: to the node whose MAC that is by the harness's scheme
 * (contract/addressing.ts; the kernel adapter reads a guest's destination MAC the same way), and
 * nowhere, with a note, when no node has that MAC on the frame's bearer (a peer's announced address
 * that is not its own, or a node's MAC of the other bearer: each bearer is its own medium).
 */
export function contractFrames(frames: readonly ReferenceFrame[], notes: string[], self: number): readonly OutFrame[] {
  if (frames.length === 0) return NO_FRAMES;
  // the usual case, every frame going as it is, needs no list of its own: one is made at the first that does not
  let out: OutFrame[] | undefined;
  for (let i = 0; i < frames.length; i++) {
    const f = frames[i] as ReferenceFrame;
    const g = contractFrame(f, notes, self);
    if (out === undefined) {
      if (g === f) continue;
      out = frames.slice(0, i);
    }
    if (g !== undefined) out.push(g);
  }
  return out ?? frames;
}

/** One frame as the contract's: `f` itself when it goes as it is, another frame, or undefined (dropped, with a note). */
function contractFrame(f: ReferenceFrame, notes: string[], self: number): OutFrame | undefined {
  if (f.dest === MEDIA_BROADCAST) return { bearer: f.bearer, dest: BROADCAST, bytes: f.bytes };
  if (!f.maddr) return f;
  const id = nodeOnBearerAt(f.maddr, ETH_ADDR_OFFSET, f.bearer);
  if (id === undefined) {
    const mac = f.maddr.subarray(ETH_ADDR_OFFSET, ETH_ADDR_OFFSET + 6);
    const hex = [...mac].map((b) => b.toString(16).padStart(2, '0')).join('');
    const who = `reference ${self >>> 24}.${(self >>> 12) & 0xfff}.${self & 0xfff}`;
    notes.push(
      nodeOfMacBytes(mac) === undefined
        ? `${who} sent a frame to unknown MAC ${hex}; dropped`
        : `${who} sent a frame on bearer ${bearerName(f.bearer)} to MAC ${hex}, which no interface on bearer ${bearerName(f.bearer)} has; dropped`,
    );
    return undefined;
  }
  // the usual case, a peer's own MAC: the frame as it is (its extra maddr goes unread)
  const dest = nodeAddress(id);
  return dest === f.dest ? f : { bearer: f.bearer, dest, bytes: f.bytes };
}

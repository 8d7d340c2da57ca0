/**
 * The reference's edge: its own events mapped to the contract's node events. Only what the
 * contract reports crosses (FSM transitions, deliveries, tunnel drops, binding table items applied and messages dropped as stale); the rest of what the
 * reference tells its driver is for its own trace notes.
 */
import type { NodeEventReport } from '../../contract';
import type { StackEvent } from '../../reference/events';
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

/**
 * The reference's events as the lines of the trace (the contract's notes): one line per event,
 * in the order the stack reported them. Wording is for people reading a trace; no scenario judges
 * it (the recorded trace digests hold it still).
 */
import type { StackEvent } from '../../reference/events';
import { linkFsmNote, nodeFsmNote } from '../fsm-notes';

export function describeEvent(e: StackEvent): string {
  switch (e.kind) {
    case 'link-fsm':
      return linkFsmNote(e.link, e.from, e.evt, e.to, e.illegal);
    case 'node-fsm':
      return nodeFsmNote(e.peer, e.from, e.evt, e.to, e.illegal);
    case 'link-up':
    case 'link-down':
      return `${e.kind} <${e.link}>`;
    case 'node-up':
    case 'node-down':
    case 'node-deleted':
      return `${e.kind} <${e.peer.toString(16)}>`;
    case 'data':
      return `data from <${e.from.toString(16)}> to port ${e.port}: ${e.payload.length} bytes`;
    case 'tunnel-inner':
      return `tunnel <${e.link}> inner seqno ${e.seqno} ${e.action} (drop_point ${e.drop_point}, user ${e.user})`;
    case 'name-update':
      return (
        `name ${e.op} {${e.item.type},${e.item.lower},${e.item.upper}} from <${e.node.toString(16)}>` +
        (e.applied ? '' : ' REFUSED')
      );
    case 'name-stale':
      return `name message named_seqno ${e.named_seqno} from <${e.node.toString(16)}> dropped as stale (named_rcv_nxt ${e.rcv_nxt})`;
    case 'tolerance-ignored':
      return e.from === 'peer'
        ? `link <${e.link}> ignores the peer's tolerance ${e.tolerance} ms (not within 50..30000)`
        : `link <${e.link}> tolerance ${e.tolerance} ms refused (not within 50..30000): EINVAL`;
    case 'frame-rejected':
      return `frame on bearer ${e.bearer} rejected: ${e.error.message}`;
    default:
      return unknownEvent(e);
  }
}

/**
 * The stack's events are a closed union (reference/events.ts); one of another shape is a defect
 * of the stack, said at once rather than written to the trace as 'undefined'.
 */
function unknownEvent(e: never): never {
  throw new Error(`the reference reported an event of no known kind: ${JSON.stringify(e)}`);
}

/**
 * The trace's line of an FSM transition, one form for every node kind: the reference writes its
 * own (reference/event-notes.ts), the kernel adapter writes those of the kernel's tracepoints,
 * and the process adapter writes those of the `link-fsm` and `node-fsm` events an IUT reports but
 * did not write as notes itself. A reader sees every node's state changes between its frames,
 * whatever implements the node.
 */
import type { LinkEvent, LinkState, NodeEvent, NodeEventReport, NodeState } from '../contract';

/** "link <1001001:eth0-1001002:eth0> RESET--(PEER_RESET_EVT)->ESTABLISHING", " ILLEGAL" after an event the table refuses. */
export function linkFsmNote(link: string, from: LinkState, evt: LinkEvent, to: LinkState, illegal = false): string {
  return `link <${link}> ${from}--(${evt})->${to}${illegal ? ' ILLEGAL' : ''}`;
}

/** "node <1001002> SELF_DOWN_PEER_DOWN--(SELF_ESTABL_CONTACT_EVT)->SELF_UP_PEER_COMING": the peer node FSM toward `peer`. */
export function nodeFsmNote(peer: number, from: NodeState, evt: NodeEvent, to: NodeState, illegal = false): string {
  return `node <${peer.toString(16)}> ${from}--(${evt})->${to}${illegal ? ' ILLEGAL' : ''}`;
}

type FsmReport = Extract<NodeEventReport, { kind: 'link-fsm' | 'node-fsm' }>;

/**
 * What a line says, without the link's name (a node names its links as it likes): the transition,
 * and for the node FSM its peer. Undefined for a line of another form.
 */
function transitionOfNote(note: string): string | undefined {
  const link = /^link <[^>]*> (\w+)--\((\w+)\)->(\w+)(?: ILLEGAL)?$/.exec(note);
  if (link) return `link ${link[1]} ${link[2]} ${link[3]}`;
  const node = /^node <([0-9a-f]+)> (\w+)--\((\w+)\)->(\w+)(?: ILLEGAL)?$/.exec(note);
  return node ? `node ${node[1]} ${node[2]} ${node[3]} ${node[4]}` : undefined;
}

function transitionOfEvent(e: FsmReport): string {
  return e.kind === 'link-fsm' ? `link ${e.from} ${e.evt} ${e.to}` : `node ${e.peer.toString(16)} ${e.from} ${e.evt} ${e.to}`;
}

/**
 * The lines of the FSM transitions among `events` that `notes` (what the node wrote of the same
 * call) do not already say, in the events' order. A node that writes its transitions itself, in
 * this form, keeps its own lines (its link names, its order among its other notes); one that only
 * reports events gets them written. `linkName` names the link to `peer` on `bearer`.
 */
export function unwrittenFsmNotes(events: readonly NodeEventReport[], notes: readonly string[], linkName: (peer: number, bearer: number) => string): string[] {
  // how many times the node's own notes say each transition: each covers one event
  const said = new Map<string, number>();
  for (const n of notes) {
    const t = transitionOfNote(n);
    if (t !== undefined) said.set(t, (said.get(t) ?? 0) + 1);
  }
  const out: string[] = [];
  for (const e of events) {
    if (e.kind !== 'link-fsm' && e.kind !== 'node-fsm') continue;
    const t = transitionOfEvent(e);
    const left = said.get(t) ?? 0;
    if (left > 0) {
      said.set(t, left - 1);
      continue;
    }
    out.push(e.kind === 'link-fsm' ? linkFsmNote(linkName(e.peer, e.bearer), e.from, e.evt, e.to) : nodeFsmNote(e.peer, e.from, e.evt, e.to));
  }
  return out;
}

/**
 * Link endpoint and peer node states and FSM events, by the names the kernel's tracepoints print
 * (net/tipc/link.c tipc_link_fsm_evt, net/tipc/node.c tipc_node_fsm_evt). Every implementation
 * reports and is observed in these names, whatever it calls them inside.
 */

export const LINK_STATES = ['ESTABLISHED', 'ESTABLISHING', 'RESET', 'RESETTING', 'PEER_RESET', 'FAILINGOVER', 'SYNCHING'] as const;
export type LinkState = (typeof LINK_STATES)[number];

export const LINK_EVENTS = [
  'ESTABLISH_EVT',
  'PEER_RESET_EVT',
  'FAILURE_EVT',
  'RESET_EVT',
  'FAILOVER_BEGIN_EVT',
  'FAILOVER_END_EVT',
  'SYNCH_BEGIN_EVT',
  'SYNCH_END_EVT',
] as const;
export type LinkEvent = (typeof LINK_EVENTS)[number];

export const NODE_STATES = [
  'SELF_DOWN_PEER_DOWN',
  'SELF_UP_PEER_UP',
  'SELF_DOWN_PEER_LEAVING',
  'SELF_UP_PEER_COMING',
  'SELF_COMING_PEER_UP',
  'SELF_LEAVING_PEER_DOWN',
  'FAILINGOVER',
  'SYNCHING',
] as const;
export type NodeState = (typeof NODE_STATES)[number];

export const NODE_EVENTS = [
  'SELF_ESTABL_CONTACT_EVT',
  'SELF_LOST_CONTACT_EVT',
  'PEER_ESTABL_CONTACT_EVT',
  'PEER_LOST_CONTACT_EVT',
  'FAILOVER_BEGIN_EVT',
  'FAILOVER_END_EVT',
  'SYNCH_BEGIN_EVT',
  'SYNCH_END_EVT',
] as const;
export type NodeEvent = (typeof NODE_EVENTS)[number];

/** A link endpoint as the harness observes it: one of the kernel's states, or no link at all. */
export type LinkEndpointState = LinkState | 'ABSENT';
/** A peer node as the harness observes it: one of the kernel's states, or unknown to the node. */
export type PeerNodeState = NodeState | 'ABSENT';

export function isLinkState(s: string): s is LinkState {
  return (LINK_STATES as readonly string[]).includes(s);
}

export function isNodeState(s: string): s is NodeState {
  return (NODE_STATES as readonly string[]).includes(s);
}

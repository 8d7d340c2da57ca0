/**
 * The peer node FSM of net/tipc/node.c (tipc_node_fsm_evt), as a table.
 * States keep the kernel's values; events keep the names the kernel's tracepoint prints.
 */

export const NODE_STATE = {
  SELF_DOWN_PEER_DOWN: 0xdd,
  SELF_UP_PEER_UP: 0xaa,
  SELF_DOWN_PEER_LEAVING: 0xd1,
  SELF_UP_PEER_COMING: 0xac,
  SELF_COMING_PEER_UP: 0xca,
  SELF_LEAVING_PEER_DOWN: 0x1d,
  FAILINGOVER: 0xf0,
  SYNCHING: 0xcc,
} as const;

export type NodeState = keyof typeof NODE_STATE;
export const NODE_STATES = Object.keys(NODE_STATE) as NodeState[];

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

export type NodeOutcome = { readonly to: NodeState } | 'stay' | 'illegal';
type Row = Readonly<Record<NodeEvent, NodeOutcome>>;

const NODE_EVENTS_ILLEGAL = {
  FAILOVER_BEGIN_EVT: 'illegal',
  FAILOVER_END_EVT: 'illegal',
  SYNCH_BEGIN_EVT: 'illegal',
  SYNCH_END_EVT: 'illegal',
} as const;

/** kernel: tipc_node_fsm_evt() switch, one row per state. */
export const NODE_FSM: Readonly<Record<NodeState, Row>> = {
  SELF_DOWN_PEER_DOWN: {
    SELF_ESTABL_CONTACT_EVT: { to: 'SELF_UP_PEER_COMING' },
    PEER_ESTABL_CONTACT_EVT: { to: 'SELF_COMING_PEER_UP' },
    SELF_LOST_CONTACT_EVT: 'stay',
    PEER_LOST_CONTACT_EVT: 'stay',
    ...NODE_EVENTS_ILLEGAL,
  },
  SELF_UP_PEER_UP: {
    SELF_LOST_CONTACT_EVT: { to: 'SELF_DOWN_PEER_LEAVING' },
    PEER_LOST_CONTACT_EVT: { to: 'SELF_LEAVING_PEER_DOWN' },
    SYNCH_BEGIN_EVT: { to: 'SYNCHING' },
    FAILOVER_BEGIN_EVT: { to: 'FAILINGOVER' },
    SELF_ESTABL_CONTACT_EVT: 'stay',
    PEER_ESTABL_CONTACT_EVT: 'stay',
    SYNCH_END_EVT: 'stay',
    FAILOVER_END_EVT: 'stay',
  },
  SELF_DOWN_PEER_LEAVING: {
    PEER_LOST_CONTACT_EVT: { to: 'SELF_DOWN_PEER_DOWN' },
    SELF_ESTABL_CONTACT_EVT: 'stay',
    PEER_ESTABL_CONTACT_EVT: 'stay',
    SELF_LOST_CONTACT_EVT: 'stay',
    ...NODE_EVENTS_ILLEGAL,
  },
  SELF_UP_PEER_COMING: {
    PEER_ESTABL_CONTACT_EVT: { to: 'SELF_UP_PEER_UP' },
    SELF_LOST_CONTACT_EVT: { to: 'SELF_DOWN_PEER_DOWN' },
    SELF_ESTABL_CONTACT_EVT: 'stay',
    PEER_LOST_CONTACT_EVT: 'stay',
    SYNCH_END_EVT: 'stay',
    FAILOVER_BEGIN_EVT: 'stay',
    SYNCH_BEGIN_EVT: 'illegal',
    FAILOVER_END_EVT: 'illegal',
  },
  SELF_COMING_PEER_UP: {
    SELF_ESTABL_CONTACT_EVT: { to: 'SELF_UP_PEER_UP' },
    PEER_LOST_CONTACT_EVT: { to: 'SELF_DOWN_PEER_DOWN' },
    SELF_LOST_CONTACT_EVT: 'stay',
    PEER_ESTABL_CONTACT_EVT: 'stay',
    ...NODE_EVENTS_ILLEGAL,
  },
  SELF_LEAVING_PEER_DOWN: {
    SELF_LOST_CONTACT_EVT: { to: 'SELF_DOWN_PEER_DOWN' },
    SELF_ESTABL_CONTACT_EVT: 'stay',
    PEER_ESTABL_CONTACT_EVT: 'stay',
    PEER_LOST_CONTACT_EVT: 'stay',
    ...NODE_EVENTS_ILLEGAL,
  },
  FAILINGOVER: {
    SELF_LOST_CONTACT_EVT: { to: 'SELF_DOWN_PEER_LEAVING' },
    PEER_LOST_CONTACT_EVT: { to: 'SELF_LEAVING_PEER_DOWN' },
    FAILOVER_END_EVT: { to: 'SELF_UP_PEER_UP' },
    FAILOVER_BEGIN_EVT: 'stay',
    SELF_ESTABL_CONTACT_EVT: 'stay',
    PEER_ESTABL_CONTACT_EVT: 'stay',
    SYNCH_BEGIN_EVT: 'illegal',
    SYNCH_END_EVT: 'illegal',
  },
  SYNCHING: {
    SELF_LOST_CONTACT_EVT: { to: 'SELF_DOWN_PEER_LEAVING' },
    PEER_LOST_CONTACT_EVT: { to: 'SELF_LEAVING_PEER_DOWN' },
    SYNCH_END_EVT: { to: 'SELF_UP_PEER_UP' },
    FAILOVER_BEGIN_EVT: { to: 'FAILINGOVER' },
    SYNCH_BEGIN_EVT: 'stay',
    SELF_ESTABL_CONTACT_EVT: 'stay',
    PEER_ESTABL_CONTACT_EVT: 'stay',
    FAILOVER_END_EVT: 'illegal',
  },
};

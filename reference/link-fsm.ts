/**
 * The link endpoint FSM of net/tipc/link.c (tipc_link_fsm_evt), as a table.
 * States keep the kernel's values; events keep the names the kernel's tracepoint prints.
 */

export const LINK_STATE = {
  ESTABLISHED: 0xe,
  ESTABLISHING: 0xe0,
  RESET: 0x100,
  RESETTING: 0x2000,
  PEER_RESET: 0xd0000,
  FAILINGOVER: 0xf00000,
  SYNCHING: 0xc000000,
} as const;

export type LinkState = keyof typeof LINK_STATE;
export const LINK_STATES = Object.keys(LINK_STATE) as LinkState[];

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

/** What an event does in a state: go to a state (maybe reporting LINK_DOWN), stay, or be illegal. */
export type LinkOutcome =
  | { readonly to: LinkState; readonly linkDown?: true }
  | 'stay'
  | 'illegal';

type Row = Readonly<Record<LinkEvent, LinkOutcome>>;

const ESTABLISHED_ROW: Row = {
  ESTABLISH_EVT: 'stay',
  PEER_RESET_EVT: { to: 'PEER_RESET', linkDown: true },
  FAILURE_EVT: { to: 'RESETTING', linkDown: true },
  RESET_EVT: { to: 'RESET' },
  FAILOVER_BEGIN_EVT: 'illegal',
  FAILOVER_END_EVT: 'illegal',
  SYNCH_BEGIN_EVT: { to: 'SYNCHING' },
  SYNCH_END_EVT: 'stay',
};

/** kernel: tipc_link_fsm_evt() switch, one row per state. */
export const LINK_FSM: Readonly<Record<LinkState, Row>> = {
  RESETTING: {
    ESTABLISH_EVT: 'illegal',
    PEER_RESET_EVT: { to: 'PEER_RESET' },
    FAILURE_EVT: 'illegal',
    RESET_EVT: { to: 'RESET' },
    FAILOVER_BEGIN_EVT: 'illegal',
    FAILOVER_END_EVT: 'illegal',
    SYNCH_BEGIN_EVT: 'illegal',
    SYNCH_END_EVT: 'illegal',
  },
  RESET: {
    ESTABLISH_EVT: 'stay',
    PEER_RESET_EVT: { to: 'ESTABLISHING' },
    FAILURE_EVT: 'stay',
    RESET_EVT: 'stay',
    FAILOVER_BEGIN_EVT: { to: 'FAILINGOVER' },
    FAILOVER_END_EVT: 'stay',
    SYNCH_BEGIN_EVT: 'illegal',
    SYNCH_END_EVT: 'illegal',
  },
  PEER_RESET: {
    ESTABLISH_EVT: 'stay',
    PEER_RESET_EVT: 'stay',
    FAILURE_EVT: 'stay',
    RESET_EVT: { to: 'ESTABLISHING' },
    FAILOVER_BEGIN_EVT: 'illegal',
    FAILOVER_END_EVT: 'illegal',
    SYNCH_BEGIN_EVT: 'illegal',
    SYNCH_END_EVT: 'illegal',
  },
  FAILINGOVER: {
    ESTABLISH_EVT: 'stay',
    PEER_RESET_EVT: 'stay',
    FAILURE_EVT: 'stay',
    RESET_EVT: 'stay',
    FAILOVER_BEGIN_EVT: 'illegal',
    FAILOVER_END_EVT: { to: 'RESET' },
    SYNCH_BEGIN_EVT: 'illegal',
    SYNCH_END_EVT: 'illegal',
  },
  ESTABLISHING: {
    ESTABLISH_EVT: { to: 'ESTABLISHED' },
    PEER_RESET_EVT: 'stay',
    FAILURE_EVT: 'stay',
    RESET_EVT: { to: 'RESET' },
    FAILOVER_BEGIN_EVT: { to: 'FAILINGOVER' },
    FAILOVER_END_EVT: 'stay',
    SYNCH_BEGIN_EVT: 'stay',
    SYNCH_END_EVT: 'illegal',
  },
  ESTABLISHED: ESTABLISHED_ROW,
  SYNCHING: { ...ESTABLISHED_ROW, SYNCH_BEGIN_EVT: 'stay', SYNCH_END_EVT: { to: 'ESTABLISHED' } },
};

/** kernel: link_is_up() — ESTABLISHED or SYNCHING */
export function stateIsUp(s: LinkState): boolean {
  return s === 'ESTABLISHED' || s === 'SYNCHING';
}

/** kernel: tipc_link_is_reset() — RESET, FAILINGOVER or ESTABLISHING */
export function stateIsReset(s: LinkState): boolean {
  return s === 'RESET' || s === 'FAILINGOVER' || s === 'ESTABLISHING';
}

/** kernel: tipc_link_is_blocked() — RESETTING, PEER_RESET or FAILINGOVER */
export function stateIsBlocked(s: LinkState): boolean {
  return s === 'RESETTING' || s === 'PEER_RESET' || s === 'FAILINGOVER';
}

/**
 * The capabilities an implementation under test may declare in its conformance statement, and
 * that a scenario may need (@needs:CAPABILITY). One list for the adapters, the step catalogue and
 * the feature lint.
 */
export const CAPABILITIES = {
  link: 'discovers peers and sets up and supervises links (LINK_CONFIG, LINK_PROTOCOL); its link and node states can be read',
  failover: 'fails over when one of two parallel links goes down (FAILOVER_MSG, tunnelling)',
  synch: 'synchronises a second link coming up under traffic (SYNCH_MSG, sync point)',
  naming: 'keeps a binding table: bind, unbind, read it; NAME_DISTRIBUTOR bulk and updates',
  'named-bcast': 'distributes binding updates over the broadcast link with sequence control (TIPC_NAMED_BCAST, cad2929dc432)',
  data: 'sends numbered user messages and reports their delivery',
  'fsm-events': 'reports every link and node FSM transition as it happens',
  'tunnel-drops': 'reports each tunnelled message it drops (drop_point)',
  'named-events': "reports each binding table item from a peer it applies to its binding table, and each peer's binding table message it drops as stale",
  'drop-point': "exposes a tunnel link's drop_point",
  'link-tolerance': "shows a link endpoint's tolerance as it uses it now (tipc link get tolerance)",
  'link-name': "shows a link endpoint's name as it stands now (tipc link list), the peer's interface name included",
  'virtual-time': "runs on the harness's clock (timers only when told), so the harness can act in the instant between two of its events",
} as const;

export type Capability = keyof typeof CAPABILITIES;

export const CAPABILITY_NAMES = Object.keys(CAPABILITIES) as Capability[];

export function isCapability(name: string): name is Capability {
  return Object.prototype.hasOwnProperty.call(CAPABILITIES, name);
}

/**
 * What a Linux kernel in a QEMU guest can do for the harness, as a conformance statement.
 * Observed through the guest: link and node FSM states from the kernel's own tracepoints
 * (tipc_link_fsm, tipc_node_fsm), the binding table from `tipc -j nametable show`, a link's
 * tolerance from `tipc link get tolerance`, controls through the `tipc` tool, `ip link` and a
 * small helper in the guest that binds and unbinds, and sends and receives numbered user
 * messages on a SOCK_RDM socket. Not offered: tunnel-drop
 * reports, binding table items applied and stale drops (named-events), and drop_point (kernel internals with no tracepoint), virtual time.
 */
import type { Capability } from '../../contract';

export const KERNEL_CAPABILITIES: readonly Capability[] = ['link', 'failover', 'synch', 'naming', 'named-bcast', 'data', 'fsm-events', 'link-tolerance', 'link-name'];

/** Why a kernel node cannot offer the others, for the README and the N/A reason. */
export const KERNEL_MISSING: Readonly<Partial<Record<Capability, string>>> = {
  'tunnel-drops': 'the kernel reports no tracepoint when it drops a tunnelled message',
  'drop-point': 'drop_point is internal to the kernel link and not exported',
  'named-events':
    'the kernel has no tracepoint in its name distributor: what tipc_named_rcv hands to tipc_update_nametbl, and what tipc_named_dequeue drops as stale, cannot be counted without probes of our own',
  'virtual-time': "a kernel runs on its own clock: the harness cannot act in an instant between two steps of the kernel's own work",
};

/**
 * What a Linux kernel in a QEMU guest can do for the harness, as a conformance statement.
 * Observed through the guest: link and node FSM states from the kernel's own tracepoints
 * (tipc_link_fsm, tipc_node_fsm), the binding table from `tipc -j nametable show`, controls
 * through the `tipc` tool, `ip link` and a small binding helper. Not offered: user data (no
 * sender in the guest), tunnel-drop reports and drop_point (kernel internals with no tracepoint).
 */
import type { Capability } from '../capabilities';

export const KERNEL_CAPABILITIES: readonly Capability[] = ['link', 'failover', 'synch', 'naming', 'named-bcast', 'fsm-events'];

/** Why a kernel node cannot offer the others, for the README and the N/A reason. */
export const KERNEL_MISSING: Readonly<Partial<Record<Capability, string>>> = {
  data: 'the guest has no program that sends and counts numbered user messages',
  'tunnel-drops': 'the kernel reports no tracepoint when it drops a tunnelled message',
  'drop-point': 'drop_point is internal to the kernel link and not exported',
};

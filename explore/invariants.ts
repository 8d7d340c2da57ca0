/**
 * The explorer's invariants: what must hold after any schedule of faults once the faults heal and
 * the cluster settles. Each is a step of the bundled vocabulary (steps/invariants.steps.ts and
 * two older ones) and a requirement of docs/requirements.md (IV-1 to IV-5), so a counterexample
 * written as a .feature checks it exactly as the explorer did. docs/explore.md describes them.
 */

export interface Invariant {
  /** Its name in the explorer's reports. */
  readonly name: string;
  /** The requirement a counterexample that violates it is tagged with. */
  readonly req: string;
  /** What it says. */
  readonly says: string;
  /** Its step line, given the schedule's settle allowances; undefined when the schedule gives it nothing to check. */
  line(s: { readonly streams: number }): string | undefined;
}

/**
 * Time allowed, after the faults heal, for links to come back and failovers to end, ms: a node
 * that knows a peer asks for the others only every 60 s (TIPC_DISC_SLOW, discover.c), so a pair
 * the faults kept apart may meet that late.
 */
export const SETTLE_LINKS_MS = 75_000;
/** Time allowed for name tables and streams to catch up once the links are back, ms. */
export const SETTLE_TABLES_MS = 3000;

export const INVARIANTS: readonly Invariant[] = [
  {
    name: 'FAILOVER-ENDS',
    req: 'IV-1',
    says: 'no live node and none of its link endpoints is left in failover or synch',
    line: () => `within ${SETTLE_LINKS_MS} ms no live node or link endpoint is in failover or synch`,
  },
  {
    name: 'CONNECTED',
    req: 'IV-2',
    says: 'every live node has every other up',
    line: () => `every live node sees every other up within ${SETTLE_LINKS_MS} ms`,
  },
  {
    name: 'NAME-TABLES-AGREE',
    req: 'IV-3',
    says: "every live node's name table holds exactly the live nodes' own cluster-scope bindings",
    line: () => `the name tables of all live nodes agree within ${SETTLE_TABLES_MS} ms`,
  },
  {
    name: 'STREAMS-EXACT',
    req: 'IV-4',
    says: 'no numbered message delivered twice or out of order, none lost between nodes that stayed in contact',
    line: (s) =>
      s.streams > 0 ? `every numbered message arrived at most once and in order, and none was lost between nodes that stayed in contact, within ${SETTLE_TABLES_MS} ms` : undefined,
  },
  {
    name: 'FSM-TABLES',
    req: 'IV-5',
    says: "every reported state change is one the kernel's FSM tables allow",
    line: () => "every state change the nodes reported is one the kernel's FSM tables allow",
  },
];

/**
 * The invariant an IUT broke when a step of the schedule itself failed (a control refused, the
 * IUT crashed or broke the protocol): not one of the checks above, but a finding all the same.
 */
export const IUT_HEALTHY: Pick<Invariant, 'name' | 'req' | 'says'> = {
  name: 'IUT-HEALTHY',
  req: 'IV-6',
  says: 'the implementation answers every control and observation and breaks no rule of the process protocol',
};

/** The invariant whose step line this is, if any. */
export function invariantOfLine(text: string): Invariant | undefined {
  return INVARIANTS.find((inv) => inv.line({ streams: 1 }) === text);
}

/**
 * The words of the general wire rules ("the wire drops node 2's STATE messages to node 1 on bearer A
 * from now on"): which of a node's frames a rule takes ({traffic}) and what it does with them
 * ({wirefault}, {wiredelay}). The explorer (docs/explore.md) writes its disturbances in these words.
 */
import { ACTIVATE_MSG, type FaultAction, type FaultMatch, LINK_CONFIG, LINK_PROTOCOL, LOW_IMPORTANCE, NAME_DISTRIBUTOR, RESET_MSG, STATE_MSG, TUNNEL_PROTOCOL } from '../../contract';

/** The kinds of a node's traffic a rule can take, as step lines write them. */
export const TRAFFIC_KINDS = [
  'frames',
  'LINK_PROTOCOL frames',
  'RESET messages',
  'ACTIVATE messages',
  'STATE messages',
  'ACTIVATE and STATE messages',
  'TUNNEL_PROTOCOL frames',
  'binding table messages by broadcast',
  'binding table messages by unicast',
  'user messages',
  'discovery messages',
] as const;
export type TrafficKind = (typeof TRAFFIC_KINDS)[number];

/** What a rule matches besides sender, receiver and bearer: one match per kind (two for ACTIVATE and STATE). */
export interface Traffic {
  readonly kind: TrafficKind;
  readonly matches: readonly Omit<FaultMatch, 'bearer' | 'from' | 'to'>[];
}

const MATCHES: Readonly<Record<TrafficKind, readonly Omit<FaultMatch, 'bearer' | 'from' | 'to'>[]>> = {
  frames: [{}],
  'LINK_PROTOCOL frames': [{ user: LINK_PROTOCOL }],
  'RESET messages': [{ user: LINK_PROTOCOL, mtype: RESET_MSG }],
  'ACTIVATE messages': [{ user: LINK_PROTOCOL, mtype: ACTIVATE_MSG }],
  'STATE messages': [{ user: LINK_PROTOCOL, mtype: STATE_MSG }],
  'ACTIVATE and STATE messages': [
    { user: LINK_PROTOCOL, mtype: ACTIVATE_MSG },
    { user: LINK_PROTOCOL, mtype: STATE_MSG },
  ],
  'TUNNEL_PROTOCOL frames': [{ user: TUNNEL_PROTOCOL }],
  'binding table messages by broadcast': [{ user: NAME_DISTRIBUTOR, broadcast: true }],
  'binding table messages by unicast': [{ user: NAME_DISTRIBUTOR, broadcast: false }],
  'user messages': [{ user: LOW_IMPORTANCE }],
  'discovery messages': [{ user: LINK_CONFIG }],
};

export function parseTraffic(text: string): Traffic {
  const kind = TRAFFIC_KINDS.find((k) => k === text);
  if (kind === undefined) throw new Error(`unknown traffic '${text}': one of ${TRAFFIC_KINDS.join(', ')}`);
  return { kind, matches: MATCHES[kind] };
}

/** A fault without an amount: "drops", "duplicates", "holds back". */
export type WireFault = 'drops' | 'duplicates' | 'holds back';
/** A fault with an amount of time: "delays", "reorders" (held back that long beyond its arrival, so later frames overtake it). */
export type WireDelay = 'delays' | 'reorders';

export function parseWireFault(text: string): WireFault {
  if (text === 'drops' || text === 'duplicates' || text === 'holds back') return text;
  throw new Error(`unknown wire fault '${text}': drops, duplicates or holds back`);
}

export function parseWireDelay(text: string): WireDelay {
  if (text === 'delays' || text === 'reorders') return text;
  throw new Error(`unknown wire delay '${text}': delays or reorders`);
}

export function wireAction(f: WireFault | { readonly verb: WireDelay; readonly ms: number }): FaultAction {
  if (f === 'drops') return { kind: 'drop' };
  if (f === 'duplicates') return { kind: 'duplicate' };
  if (f === 'holds back') return { kind: 'hold' };
  return f.verb === 'delays' ? { kind: 'delay', ms: f.ms } : { kind: 'reorder', ms: f.ms };
}

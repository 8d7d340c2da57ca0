/**
 * What a reference node reports to its driver: every observable thing it did, in order.
 * The driver (a simulator, an adapter) drains them; the stack never does I/O itself.
 */
import type { DecodeError } from './msg-codec';
import type { DistrItem } from './msg-bodies';
import type { LinkEvent, LinkState } from './link-fsm';
import type { NodeEvent, NodeState } from './node-fsm';

export type StackEvent =
  | {
      readonly kind: 'link-fsm';
      readonly link: string;
      /** The link's peer node address and bearer id (the link name says the same, for people). */
      readonly peer: number;
      readonly bearer: number;
      readonly from: LinkState;
      readonly evt: LinkEvent;
      readonly to: LinkState;
      readonly illegal: boolean;
    }
  | {
      readonly kind: 'node-fsm';
      readonly peer: number;
      readonly from: NodeState;
      readonly evt: NodeEvent;
      readonly to: NodeState;
      readonly illegal: boolean;
    }
  | { readonly kind: 'link-up' | 'link-down'; readonly link: string }
  | { readonly kind: 'node-up' | 'node-down' | 'node-deleted'; readonly peer: number }
  /** User data handed to a socket (port) on this node. */
  | {
      readonly kind: 'data';
      readonly from: number;
      readonly port: number;
      readonly payload: Uint8Array;
    }
  /** A tunnelled inner message the tunnel endpoint threw away or parked. */
  | {
      readonly kind: 'tunnel-inner';
      readonly link: string;
      readonly peer: number;
      readonly bearer: number;
      readonly action: 'dropped-duplicate' | 'deferred' | 'delivered';
      readonly seqno: number;
      readonly drop_point: number;
      readonly user: number;
    }
  /** A name table update from a peer, applied or refused. */
  | {
      readonly kind: 'name-update';
      readonly op: 'publish' | 'withdraw';
      readonly node: number;
      readonly item: DistrItem;
      readonly applied: boolean;
    }
  /** A binding table message from a peer dropped as stale: below the expected sequence number (rule 4). */
  | { readonly kind: 'name-stale'; readonly node: number; readonly named_seqno: number; readonly rcv_nxt: number }
  /**
   * A link tolerance out of TIPC_MIN_LINK_TOL..TIPC_MAX_LINK_TOL, ignored: announced by the peer
   * (tipc_link_proto_rcv) or refused when set (tipc_nl_parse_link_prop, -EINVAL).
   */
  | { readonly kind: 'tolerance-ignored'; readonly link: string; readonly tolerance: number; readonly from: 'peer' | 'control' }
  /** A frame that could not be decoded; dropped, nothing else happens. */
  | { readonly kind: 'frame-rejected'; readonly bearer: number; readonly error: DecodeError };

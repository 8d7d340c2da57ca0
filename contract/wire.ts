/**
 * What crosses the harness's wire, and the rules it applies to frames. The harness owns the wire
 * whatever the implementation: frames are real TIPC wire bytes (net/tipc/msg.h), and the harness
 * matches rules on the TIPC user and message type numbers below.
 */

/** Bearer index on the wire: 0 is bearer A (eth0), 1 is bearer B (eth1). */
export type BearerIndex = number;

/** `OutFrame.dest` of a frame for every other node on the bearer (the media broadcast address). */
export const BROADCAST = 'broadcast';

/** A frame a node wants sent: on its bearer, to a neighbour's TIPC node address or to all of them. */
export interface OutFrame {
  readonly bearer: BearerIndex;
  readonly dest: number | typeof BROADCAST;
  readonly bytes: Uint8Array;
}

/** TIPC users and message types the harness's rules and observations name (msg.h). */
export const LINK_PROTOCOL = 7;
export const LINK_CONFIG = 13;
export const TUNNEL_PROTOCOL = 10;
export const NAME_DISTRIBUTOR = 11;
/** BCAST_PROTOCOL: a node's broadcast init message to a new peer (tipc_link_build_bc_init_msg), sent on the unicast link. */
export const BCAST_PROTOCOL = 5;
/** LINK_CONFIG (neighbour discovery, discover.c) types: a request, broadcast; a response, to the requester alone. */
export const DSC_REQ_MSG = 0;
export const DSC_RESP_MSG = 1;
/** LINK_PROTOCOL STATE_MSG: acknowledgement, probe, and the receiver's gap (seq_gap). */
export const STATE_MSG = 0;
export const RESET_MSG = 1;
export const ACTIVATE_MSG = 2;
/** User data a socket sends at the default importance (TIPC_LOW_IMPORTANCE) to a port (TIPC_DIRECT_MSG). */
export const LOW_IMPORTANCE = 0;
export const DIRECT_MSG = 3;
/** TUNNEL_PROTOCOL types (msg.h): SYNCH_MSG when a second link comes up, FAILOVER_MSG when one fails. */
export const SYNCH_MSG = 0;
export const FAILOVER_MSG = 1;
export const PUBLICATION = 0;
export const WITHDRAWAL = 1;

/** What a fault rule does with a frame it matches. */
export type FaultAction =
  | { readonly kind: 'pass' }
  | { readonly kind: 'drop' }
  | { readonly kind: 'delay'; readonly ms: number }
  | { readonly kind: 'duplicate' }
  /**
   * Hold the frame back `ms` beyond its normal arrival (sent + link delay + ms, the same timing as
   * 'delay'), so frames sent after it overtake it; the trace says 'reorder' rather than 'delay'.
   */
  | { readonly kind: 'reorder'; readonly ms: number }
  /** Park the frame until the driver releases the rule's frames. */
  | { readonly kind: 'hold' }
  /**
   * Deliver the frame with its bytes altered as a broken or hostile sender would make them, in a
   * way tipc_msg_validate() (net/tipc/msg.c) rejects, or (max_pkt, body, link priority) one
   * it passes, for what tipc_link_proto_rcv does with it, or ('media-address',
   * 'capabilities-cleared') a discovery message announcing another media address or fewer
   * capabilities, or rewritten in a header field it does not check
   * ('field', 'short'); the trace says 'malformed' for all.
   */
  | { readonly kind: 'malform'; readonly alteration: FrameAlteration };

/**
 * How a 'malform' rule alters a frame. Each alteration but 'field' and 'short' breaks one rule of
 * tipc_msg_validate() (msg.h word 0); the rest of the frame is left as its sender sent it.
 */
export type FrameAlteration =
  /** The header size field (bits 21-24, in 4-byte units) says `bytes`: a multiple of 4 in 0..60. */
  | { readonly kind: 'hsize'; readonly bytes: number }
  /** The version field (bits 29-31) says `version`: 0..7. */
  | { readonly kind: 'version'; readonly version: number }
  /** The message size field (bits 0-16) says the header size plus `body` bytes; a negative `body` is less than the header. */
  | { readonly kind: 'msize'; readonly body: number }
  /** The frame ends after its header and `body` bytes of its body (if it has more), its message size field unchanged. */
  | { readonly kind: 'cut'; readonly body: number }
  /**
   * Not for tipc_msg_validate: a RESET or ACTIVATE whose max_pkt field (word 9 bits 16-31, in
   * 4-byte units) says `bytes`; tipc_link_proto_rcv ignores one below the bearer's minimum MTU
   * (tipc_bearer_min_mtu, 100 bytes on Ethernet), and the link's MTU falls to one below its own.
   */
  | { readonly kind: 'maxpkt'; readonly bytes: number }
  /**
   * Not for tipc_msg_validate: a LINK_PROTOCOL message whose link priority field (word 5 bits
   * 4-8) says `priority`, 0..31: a RESET or ACTIVATE that announces a priority, as 6.1 never
   * sends one (tipc_link_build_reset_msg passes 0) but tipc_link_proto_rcv takes one above its own.
   */
  | { readonly kind: 'linkprio'; readonly priority: number }
  /**
   * Not for tipc_msg_validate: the frame ends after its header and `body` bytes of its body and
   * its message size field says so, a whole message with a short body (tipc_link_proto_rcv
   * ignores a RESET or ACTIVATE with less than TIPC_MAX_IF_NAME, 16, bytes of body).
   */
  | { readonly kind: 'shorten'; readonly body: number }
  /**
   * A MSG_BUNDLER frame (tipc_msg_try_bundle) whose `message`-th inner message (from 1) has its
   * word 0 altered as `alteration` says (not 'cut'); the bundle's own header is left as sent, so
   * the frame passes tipc_msg_validate and the receiver's tipc_msg_extract meets the broken message.
   */
  | { readonly kind: 'bundled'; readonly message: number; readonly alteration: FrameAlteration }
  /**
   * Not a malformation: a LINK_CONFIG frame (neighbour discovery) whose media address (msg.h
   * TIPC_MEDIA_INFO_OFFSET, header word 5; the Ethernet MAC 4 bytes in) says `mac`, 12 hex digits,
   * as if the sender's interface had another MAC (NETDEV_CHANGEADDR) or another station used its
   * node address and signature; the frame stays valid. A frame of another user is left as sent.
   */
  | { readonly kind: 'media-address'; readonly mac: string }
  /**
   * Not a malformation: a LINK_CONFIG frame whose node capabilities (msg_node_capabilities, word 1
   * bits 15-27) lack the bits of `mask` (node.h: TIPC_NAMED_BCAST is 1 << 11), as if its sender
   * ran another version; the frame stays valid, and a receiver that knows the sender takes the new
   * capabilities (tipc_node_create). A frame of another user is left as sent.
   */
  | { readonly kind: 'capabilities-cleared'; readonly mask: number }
  /**
   * Not a malformation: a header field that msg.h reads and tipc_msg_validate() does not check,
   * set to `value` (the whole word for a port or node, else the field's bits), so the frame stays
   * a valid TIPC message that says something its sender did not. A field the frame's header is
   * too short to hold (orignode, destnode in a 24-byte header) is left as it is.
   */
  | { readonly kind: 'field'; readonly field: RewrittenField; readonly value: number }
  /**
   * Not a malformation: a 32-byte (BASIC_H_SIZE) header cut to SHORT_H_SIZE (24 bytes): words 6
   * and 7 (orignode, destnode) taken out, the header and message size fields 8 bytes less, the
   * body as it was. A frame with another header size is left as it is.
   */
  | { readonly kind: 'short' };

/**
 * The header fields a 'field' alteration rewrites (msg.h): word 0 bits 25-28, word 1 bits 29-31 and
 * 25-28, words 5, 6 and 7; for a discovery message (LINK_CONFIG), word 2 (msg_dest_domain) and
 * word 3 (msg_prevnode, the address tipc_disc_rcv takes as the sender's); and a LINK_PROTOCOL
 * message's last_bcast (word 4 bits 16-31) and bc_ack_invalid (word 5 bit 14).
 */
export type RewrittenField = 'user' | 'mtype' | 'errcode' | 'destport' | 'orignode' | 'destnode' | 'destdomain' | 'prevnode' | 'last_bcast' | 'bc_ack_invalid';

/** What a rule matches; every field given must match. Nodes are the features' numbers (node 1, ...). */
export interface FaultMatch {
  readonly bearer?: BearerIndex;
  readonly from?: number;
  readonly to?: number;
  /** TIPC user (msg.h word 0 bits 25-28), e.g. 7 LINK_PROTOCOL. */
  readonly user?: number;
  /** TIPC message type (word 1 bits 29-31). */
  readonly mtype?: number;
  /** true: only copies of a bearer broadcast; false: only frames sent to one node. */
  readonly broadcast?: boolean;
  /**
   * NAME_DISTRIBUTOR messages only (a frame of another user never matches): true only a bulk
   * message (is_bulk, word 1 bit 28), false only an update (PUBLICATION or WITHDRAWAL without it).
   * A legacy node's bulk carries no is_bulk and counts as updates.
   */
  readonly is_bulk?: boolean;
}

/**
 * Which messages a rule affects when it picks whole messages rather than frames. A message is
 * known on the wire by its link-level sequence number (msg.h word 2 bits 0-15) on its link: the
 * sender, the receiver, the bearer and whether it goes on the broadcast link (non_seq, word 0 bit
 * 20); a retransmission carries the same number on the same link, so it is the same message. A
 * frame outside any link's sequence (LINK_CONFIG, LINK_PROTOCOL, BCAST_PROTOCOL) is a message of
 * its own. Of the messages the rule's `match` takes, in the order their first frames are sent:
 */
export interface MessagePick {
  /** The first `skip` are let by, their retransmissions too (the next rule is tried); default 0. */
  readonly skip?: number;
  /** Then this many are affected; every further one when absent. */
  readonly messages?: number;
  /**
   * Frames affected of each such message: 1 the first copy only (its retransmissions go by),
   * 2 the first and the first retransmission, ...; every copy when absent. A copy of a message
   * the rule no longer affects is let by, and the next rule is tried.
   */
  readonly copies?: number;
}

/** Rules are kept in order; the first that matches a frame decides its fate. */
export interface FaultRule {
  readonly name: string;
  readonly match: FaultMatch;
  readonly action: FaultAction;
  /**
   * Chance in [0, 1] that a matching frame is affected (seeded PRNG); default 1. Drawn only when
   * the rest of the rule matches; a lost draw means the rule does not match and the next is tried.
   */
  readonly probability?: number;
  /** Affect at most this many frames ('pass' included), then the rule stops matching. */
  readonly count?: number;
  /**
   * Pick whole messages, retransmissions included, rather than frames (see MessagePick); the
   * rule then takes no `count` nor `probability`. The trace names a retransmission it affected:
   * `delay(RULE; retransmission N)`.
   */
  readonly pick?: MessagePick;
}

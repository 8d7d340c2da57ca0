/**
 * A frame's header as net/tipc/msg.h lays it out, read by hand at msg.h's word and bit positions
 * (harness/msg-layout.ts), apart from the codec that gives WireFrame's other fields: the oracle
 * that tells whether what an implementation sends is a TIPC message where the kernel puts each
 * field. Only what the well-formedness checks read (steps/support/wire-format.ts).
 */
export interface MsgLayout {
  /** Bytes of the frame (Ethernet padding included, as the wire carries it). */
  readonly length: number;
  /** Word 0: version 29-31, user 25-28, hsize 21-24 (in bytes here), msize 0-16. */
  readonly version: number;
  readonly user: number;
  readonly hsize: number;
  readonly msize: number;
  /** Word 0 bit 19: LINK_PROTOCOL STATE: keepalive (msg_is_keepalive: sent as a probe or a probe's reply). */
  readonly keepalive: boolean;
  /** Word 1: type 29-31, errcode 25-28 (user messages), dest_session_valid 16 (ACTIVATE). */
  readonly mtype: number;
  readonly errcode: number;
  readonly dest_session_valid: boolean;
  /** Word 2: ack 16-31, seqno 0-15. */
  readonly ack: number;
  readonly seqno: number;
  /** Word 3: prevnode. */
  readonly prevnode: number;
  /** Word 4 whole: origport (user messages), network id (LINK_CONFIG). */
  readonly word4: number;
  /** Word 5 whole: destport (user messages); LINK_PROTOCOL session 16-31, bearer_id 9-11, priority 4-8, net_plane 1-3. */
  readonly word5: number;
  readonly session: number;
  readonly bearer_id: number;
  readonly priority: number;
  readonly net_plane: number;
  /** Word 9: max_pkt 16-31 (in bytes here: the field counts 4-byte units), link_tolerance 0-15. */
  readonly max_pkt: number;
  readonly tolerance: number;
  /** LINK_CONFIG: media type (byte 3 of the media address from word 5) and the MAC after it (12 hex digits). */
  readonly media_type: number;
  readonly media_mac: string;
  /** The body up to msize as text up to its first NUL (RESET/ACTIVATE: the interface name), at most 16 bytes read. */
  readonly body_cstring: string;
  /** Whether the body, up to msize, is empty. */
  readonly body_empty: boolean;
  /** TUNNEL_PROTOCOL: the message in the body, read the same way (undefined when the body holds no header, or when it lies deeper than the oracle reads: 8 messages). */
  readonly inner?: MsgLayout;
  /**
   * MSG_BUNDLER: importance (word 9 bits 0-2), msgcnt (word 9 bits 16-31) and the messages of the
   * body, each read the same way from the 4-byte boundary after the one before (tipc_msg_bundle),
   * as long as a header's worth of body is left (none when the bundle lies 8 messages deep).
   */
  readonly bundle?: { readonly importance: number; readonly msgcnt: number; readonly msgs: readonly MsgLayout[] };
}

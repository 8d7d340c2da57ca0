/**
 * What the harness reads off the frames on its wire, with the reference's codec (net/tipc/msg.h):
 * a one-line summary for the trace, the user and type the fault rules match on, the fields the
 * observations name, and a chart label. It never reaches into a node's state.
 */
import type { DiscFields, FrameAlteration, LinkProtoFields, NamedFields, RewrittenField, TunnelledMessage } from '../contract';
import type { FrameClass } from '../sim/faults';
import {
  LinkProtoType,
  type TipcMsg,
  User,
  msgAck,
  msgBcAckInvalid,
  msgBcGap,
  msgBcastAck,
  msgBcNetid,
  msgDestDomain,
  msgData,
  msgDestSession,
  msgDestSessionValid,
  msgIsBulk,
  msgIsLastBulk,
  msgLastBcast,
  msgLinkPriority,
  msgLinkTolerance,
  msgNamedSeqno,
  msgNonSeq,
  msgNotLegacy,
  msgPeerStopping,
  msgIsKeepalive,
  msgProbe,
  msgSeqGap,
  msgMsgcnt,
  msgSeqno,
  msgSession,
  msgSize,
  msgType,
  msgUser,
} from '../reference/msg';
import { msgNofFragms, msgOrigport } from './msg-fields';
import { ITEM_SIZE, decodeItems, msgNodeId } from '../reference/msg-bodies';
import { decode, msgInner } from '../reference/msg-codec';
import { readU32, writeU32 } from '../reference/msg-bytes';
import { chartLabel, chartRepeat, chartRoutine, describe } from './msg-describe';

/**
 * Users outside any link's packet sequence (kernel: tipc_rcv hands LINK_CONFIG to discovery,
 * LINK_PROTOCOL to tipc_link_proto_rcv, the legacy BCAST_PROTOCOL NACK is non_seq): their word 2
 * names no message. Everything else a link numbers once and retransmits with the same seqno (word
 * 2 bits 0-15; non_seq marks the broadcast link's packets), so the seqno on its link names it.
 */
const UNSEQUENCED: ReadonlySet<number> = new Set([User.LINK_CONFIG, User.LINK_PROTOCOL, User.BCAST_PROTOCOL]);

export class WireCodec {
  describe(bytes: Uint8Array): string {
    const d = decode(bytes);
    return d.ok ? describe(d.msg) : `UNDECODABLE (${d.error.message})`;
  }

  /** What the fault rules match on: user, type, the is_bulk mark, and the message's name on its link. */
  classify(bytes: Uint8Array): FrameClass | undefined {
    const d = decode(bytes);
    if (!d.ok) return undefined;
    const m = d.msg;
    const user = msgUser(m);
    return {
      user,
      mtype: msgType(m),
      ...(user === User.NAME_DISTRIBUTOR ? { is_bulk: msgIsBulk(m) } : {}),
      ...(UNSEQUENCED.has(user) ? {} : { message: `${msgNonSeq(m) ? 'broadcast link' : 'link'} seqno ${msgSeqno(m)}` }),
    };
  }

  /**
   * User, type, link sequence number, (for NAME_DISTRIBUTOR) the sequence-control fields and (for
   * TUNNEL_PROTOCOL) the message tunnelled inside, (for LINK_PROTOCOL) the supervision fields;
   * nothing for bytes that do not decode.
   */
  fields(bytes: Uint8Array): {
    user?: number;
    mtype?: number;
    seqno?: number;
    ack?: number;
    seq_gap?: number;
    bcast_ack?: number;
    origport?: number;
    named?: NamedFields;
    tunnelled?: TunnelledMessage;
    proto?: LinkProtoFields;
    disc?: DiscFields;
    bundled?: number;
  } {
    const d = decode(bytes);
    if (!d.ok) return {};
    const m = d.msg;
    const seqno = msgUser(m) === User.LINK_CONFIG ? {} : { seqno: msgSeqno(m) };
    return { user: msgUser(m), mtype: msgType(m), ...seqno, ...ackFields(m), ...bcAckFields(m), ...portFields(m), ...namedFields(m), ...tunnelledFields(m), ...protoFields(m), ...discFields(m), ...(msgUser(m) === User.MSG_BUNDLER ? { bundled: msgMsgcnt(m) } : {}) };
  }

  /** "LINK_PROTOCOL/STATE seq=7": user, type and sequence number of a frame for a chart. */
  chartLabel(bytes: Uint8Array): string {
    const d = decode(bytes);
    return d.ok ? chartLabel(d.msg) : 'UNDECODABLE';
  }

  /** "DSC_REQ", "STATE": the kind of a frame that says nothing new, which a chart folds; undefined for others. */
  chartRoutine(bytes: Uint8Array): string | undefined {
    const d = decode(bytes);
    return d.ok ? chartRoutine(d.msg) : undefined;
  }

  /** "RESET", "ACTIVATE": the kind of a frame that says nothing new when sent again; undefined for others. */
  chartRepeat(bytes: Uint8Array): string | undefined {
    const d = decode(bytes);
    return d.ok ? chartRepeat(d.msg) : undefined;
  }
}

/**
 * A frame as a 'malform' fault rule alters it (FrameAlteration, msg.h word 0): a new array, the
 * rest of the frame as it was. Bytes too short to have a word 0 are left as they are.
 */
export function alterFrame(bytes: Uint8Array, a: FrameAlteration): Uint8Array {
  const out = bytes.slice();
  if (out.length < 4) return out;
  const w0 = readU32(out, 0);
  const hsz = ((w0 >>> 21) & 0xf) << 2;
  switch (a.kind) {
    case 'hsize':
      writeU32(out, 0, (w0 & ~(0xf << 21)) | (((a.bytes >>> 2) & 0xf) << 21));
      return out;
    case 'version':
      writeU32(out, 0, (w0 & ~(0x7 << 29)) | ((a.version & 0x7) << 29));
      return out;
    case 'msize':
      writeU32(out, 0, (w0 & ~0x1ffff) | ((hsz + a.body) & 0x1ffff));
      return out;
    case 'cut':
      return out.slice(0, Math.max(0, Math.min(out.length, hsz + a.body)));
    case 'maxpkt':
      // msg_set_max_pkt: word 9 bits 16-31, bytes / 4
      if (out.length >= 40) writeU32(out, 36, (readU32(out, 36) & 0xffff) | (((a.bytes >>> 2) & 0xffff) << 16));
      return out;
    case 'linkprio':
      // msg_set_linkprio: word 5 bits 4-8
      if (out.length >= 24) writeU32(out, 20, (readU32(out, 20) & ~(0x1f << 4)) | ((a.priority & 0x1f) << 4));
      return out;
    case 'shorten': {
      const len = Math.max(hsz, Math.min(out.length, hsz + a.body));
      writeU32(out, 0, (w0 & ~0x1ffff) | (len & 0x1ffff));
      return out.slice(0, len);
      }
    case 'media-address': {
      // LINK_CONFIG (user 13, word 0 bits 25-28): the media info at word 5, the MAC 4 bytes in
      const at = 5 * 4 + 4;
      if (((w0 >>> 25) & 0xf) !== 13 || out.length < at + 6 || !/^[0-9a-f]{12}$/i.test(a.mac)) return out;
      for (let i = 0; i < 6; i++) out[at + i] = parseInt(a.mac.slice(2 * i, 2 * i + 2), 16);
      return out;
    }
    case 'capabilities-cleared':
      // LINK_CONFIG (user 13): msg_node_capabilities, word 1 bits 15-27
      if (((w0 >>> 25) & 0xf) !== 13 || out.length < 8) return out;
      writeU32(out, 4, (readU32(out, 4) & ~((a.mask & 0x1fff) << 15)) >>> 0);
      return out;
    case 'bundled': {
      // the inner messages start on 4-byte boundaries after the bundle's header (tipc_msg_bundle)
      let pos = hsz;
      for (let k = 1; k < a.message && pos + 4 <= out.length; k++) pos += ((readU32(out, pos) & 0x1ffff) + 3) & ~3;
      if (pos + 4 > out.length) return out;
      out.set(alterFrame(out.subarray(pos, pos + 4), a.alteration).subarray(0, 4), pos);
      return out;
    }
    case 'field':
      return rewriteField(out, hsz, a.field, a.value);
    case 'short': {
      // words 6 and 7 out: header 32 -> 24 bytes, message size 8 less, the body moved up
      const msz = w0 & 0x1ffff;
      if (hsz !== 32 || out.length < 32 || msz < 32) return out;
      const cut = new Uint8Array(out.length - 8);
      cut.set(out.subarray(0, 24));
      cut.set(out.subarray(32), 24);
      writeU32(cut, 0, (w0 & ~(0xf << 21) & ~0x1ffff) | ((24 >>> 2) << 21) | ((msz - 8) & 0x1ffff));
      return cut;
    }
  }
}

/** A 'field' alteration: the field set to `value` where the header holds it (msg.h places). */
function rewriteField(out: Uint8Array, hsz: number, field: RewrittenField, value: number): Uint8Array {
  const bits = (w: number, pos: number, mask: number): Uint8Array => {
    if (out.length >= 4 * (w + 1)) writeU32(out, 4 * w, ((readU32(out, 4 * w) & ~(mask << pos)) | ((value & mask) << pos)) >>> 0);
    return out;
  };
  const word = (w: number): Uint8Array => (hsz >= 4 * (w + 1) ? bits(w, 0, 0xffffffff) : out);
  switch (field) {
    case 'user':
      return bits(0, 25, 0xf);
    case 'mtype':
      return bits(1, 29, 0x7);
    case 'errcode':
      return bits(1, 25, 0xf);
    case 'destport':
      return word(5);
    case 'orignode':
      return word(6);
    case 'destnode':
      return word(7);
    case 'destdomain':
      return word(2);
    case 'prevnode':
      return word(3);
    case 'last_bcast':
      return bits(4, 16, 0xffff);
    case 'bc_ack_invalid':
      return bits(5, 14, 0x1);
  }
}

/**
 * A unicast link's acknowledgement (msg_ack) of every frame that carries one, and a STATE
 * message's seq_gap; the broadcast link's packets (non_seq) and LINK_CONFIG carry none.
 */
function ackFields(m: TipcMsg): { ack?: number; seq_gap?: number } {
  const user = msgUser(m);
  if (user === User.LINK_CONFIG || user === User.BCAST_PROTOCOL || msgNonSeq(m)) return {};
  if (user === User.LINK_PROTOCOL && msgType(m) === LinkProtoType.STATE_MSG) return { ack: msgAck(m), seq_gap: msgSeqGap(m) };
  return { ack: msgAck(m) };
}

/**
 * The broadcast acknowledgement (msg_bcast_ack) of a frame on a unicast link, unless its
 * bc_ack_invalid bit is set (a RESET/ACTIVATE before the node is up, a bulk, tipc_link_build_proto_msg
 * and named_prepare_buf); the broadcast link's packets, LINK_CONFIG and BCAST_PROTOCOL carry none.
 */
function bcAckFields(m: TipcMsg): { bcast_ack?: number } {
  const user = msgUser(m);
  if (user === User.LINK_CONFIG || user === User.BCAST_PROTOCOL || msgNonSeq(m) || msgBcAckInvalid(m)) return {};
  return { bcast_ack: msgBcastAck(m) };
}

/** A user message's origin port (msg.h word 4): the sending socket, whose port id tipc_node_xmit takes as selector. */
function portFields(m: TipcMsg): { origport?: number } {
  return msgUser(m) <= User.TIPC_CRITICAL_IMPORTANCE ? { origport: msgOrigport(m) } : {};
}

function namedFields(m: TipcMsg): { named?: NamedFields } {
  if (msgUser(m) !== User.NAME_DISTRIBUTOR) return {};
  return {
    named: {
      is_bulk: msgIsBulk(m),
      is_last_bulk: msgIsLastBulk(m),
      not_legacy: msgNotLegacy(m),
      named_seqno: msgNamedSeqno(m),
      bc_ack_invalid: msgBcAckInvalid(m),
      items: Math.floor(msgData(m).length / ITEM_SIZE),
      ranges: decodeItems(msgData(m)).map((it) => ({ type: it.type, lower: it.lower, upper: it.upper })),
    },
  };
}

/** tipc_link_tnl_rcv's view: the whole inner message of a tunnel frame (none in a dummy or a fragment). */
function tunnelledFields(m: TipcMsg): { tunnelled?: TunnelledMessage } {
  if (msgUser(m) !== User.TUNNEL_PROTOCOL || msgNofFragms(m) !== 0 || msgData(m).length === 0) return {};
  const inner = msgInner(m);
  if (!inner.ok) return {};
  const i = inner.msg;
  return { tunnelled: { user: msgUser(i), mtype: msgType(i), seqno: msgSeqno(i), ...namedFields(i) } };
}

/** tipc_link_proto_rcv's view of a LINK_PROTOCOL frame: what supervises the link. */
function protoFields(m: TipcMsg): { proto?: LinkProtoFields } {
  if (msgUser(m) !== User.LINK_PROTOCOL) return {};
  const activate = msgType(m) === LinkProtoType.ACTIVATE_MSG && msgDestSessionValid(m);
  return {
    proto: {
      session: msgSession(m),
      ...(activate ? { dest_session: msgDestSession(m) } : {}),
      tolerance: msgLinkTolerance(m),
      priority: msgLinkPriority(m),
      probe: msgProbe(m),
      keepalive: msgIsKeepalive(m),
      peer_stopping: msgPeerStopping(m),
      last_bcast: msgLastBcast(m),
      ...(msgType(m) === LinkProtoType.STATE_MSG ? { bc_gap: msgBcGap(m) } : {}),
    },
  };
}

/** tipc_disc_rcv's view of a LINK_CONFIG frame: who sends it, from which network, to whom. */
function discFields(m: TipcMsg): { disc?: DiscFields } {
  if (msgUser(m) !== User.LINK_CONFIG) return {};
  const id = msgNodeId(m);
  const end = id.indexOf(0);
  return {
    disc: {
      size: msgSize(m),
      net_id: msgBcNetid(m),
      dest_domain: msgDestDomain(m),
      node_id: String.fromCharCode(...id.subarray(0, end < 0 ? id.length : end)),
    },
  };
}

/**
 * What the harness reads off the frames on its wire, with the reference's codec (net/tipc/msg.h):
 * a one-line summary for the trace, the user and type the fault rules match on, the fields the
 * observations name, and a chart label. It never reaches into a node's state.
 */
import type { NamedFields } from '../contract';
import { type TipcMsg, User, msgData, msgIsBulk, msgIsLastBulk, msgNamedSeqno, msgNotLegacy, msgType, msgUser } from '../reference/msg';
import { ITEM_SIZE } from '../reference/msg-bodies';
import { decode } from '../reference/msg-codec';
import { chartLabel, describe } from '../reference/msg-describe';

export class WireCodec {
  describe(bytes: Uint8Array): string {
    const d = decode(bytes);
    return d.ok ? describe(d.msg) : `UNDECODABLE (${d.error.message})`;
  }

  classify(bytes: Uint8Array): { user: number; mtype: number } | undefined {
    const d = decode(bytes);
    return d.ok ? { user: msgUser(d.msg), mtype: msgType(d.msg) } : undefined;
  }

  /** User, type and (for NAME_DISTRIBUTOR) the sequence-control fields; nothing for bytes that do not decode. */
  fields(bytes: Uint8Array): { user?: number; mtype?: number; named?: NamedFields } {
    const d = decode(bytes);
    if (!d.ok) return {};
    return { user: msgUser(d.msg), mtype: msgType(d.msg), ...namedFields(d.msg) };
  }

  /** "LINK_PROTOCOL/STATE seq=7": user, type and sequence number of a frame for a chart. */
  chartLabel(bytes: Uint8Array): string {
    const d = decode(bytes);
    return d.ok ? chartLabel(d.msg) : 'UNDECODABLE';
  }
}

function namedFields(m: TipcMsg): { named?: NamedFields } {
  if (msgUser(m) !== User.NAME_DISTRIBUTOR) return {};
  return {
    named: {
      is_bulk: msgIsBulk(m),
      is_last_bulk: msgIsLastBulk(m),
      not_legacy: msgNotLegacy(m),
      named_seqno: msgNamedSeqno(m),
      items: Math.floor(msgData(m).length / ITEM_SIZE),
    },
  };
}

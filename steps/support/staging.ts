/**
 * The staging checks of the races between a node's update and its bulk: where, among the
 * messages of the bulk of the pair's most recent contact, the update reached the peer.
 */
import type { NodeId } from '../../contract';
import { type Bulk, type BulkMessage, bulkMessageText, latestBulk } from './bulks';
import { ExpectationError } from './expect';
import { lastUpdateText, updateArrival } from './updates';
import type { DeliveryPath } from './values';
import type { ConformanceWorld } from './world';

/** A message of a bulk by its number (1 the first), or its last message (is_last_bulk). */
export type BulkPlace = number | 'last';

/** How long a staging check lets pass for the bulk message it compares with to arrive. */
export const STAGING_WAIT_MS = 5000;

function messageAt(b: Bulk | undefined, place: BulkPlace): BulkMessage | undefined {
  if (!b) return undefined;
  if (place === 'last') return b.complete ? b.messages[b.messages.length - 1] : undefined;
  return b.messages[place - 1];
}

function placeText(place: BulkPlace): string {
  return place === 'last' ? 'the last message' : `message ${place}`;
}

/**
 * Lets up to 5000 ms pass for message `before` of the latest bulk `from` sent `to` to arrive, then
 * fails unless the first copy of `from`'s last update that reached `to` came by `path`, after the
 * first arrival of message `after` (when given) and before that of message `before`, in the order
 * the harness delivered them.
 */
export async function checkUpdateAmongBulk(
  w: ConformanceWorld,
  from: NodeId,
  to: NodeId,
  path: DeliveryPath,
  after: BulkPlace | undefined,
  before: BulkPlace,
): Promise<void> {
  if (after !== undefined && before !== 'last' && (after === 'last' || after >= before)) {
    throw new Error(`a staging check between bulk messages ${String(after)} and ${before} names the earlier first`);
  }
  const c = await w.cluster();
  let seen = -1;
  let arrived = false;
  await w.runUntil(() => {
    // The bulks are read off the whole trace: only again when it grew.
    const length = c.wireFrames().length;
    if (length !== seen) {
      seen = length;
      arrived = messageAt(latestBulk(c, from, to), before)?.arrival !== undefined;
    }
    return arrived;
  }, STAGING_WAIT_MS);
  const trace = c.wireFrames();
  const bulk = latestBulk(c, from, to);
  const upper = messageAt(bulk, before);
  const lower = after === undefined ? undefined : messageAt(bulk, after);
  const upd = updateArrival(c, w, from, to);
  const byPath = upd !== undefined && upd.frame.broadcast === (path === 'broadcast');
  const ok =
    upd !== undefined &&
    byPath &&
    upper?.arrival !== undefined &&
    upd.position < upper.arrival &&
    (after === undefined || (lower?.arrival !== undefined && lower.arrival < upd.position));
  if (ok) return;
  const where = after === undefined ? `ahead of ${placeText(before)}` : `between ${placeText(after)} and ${placeText(before)}`;
  const update = upd
    ? `update #${upd.frame.n} by ${upd.frame.broadcast ? 'broadcast' : 'unicast'} at ${upd.frame.at} ms`
    : 'update never';
  const bulkText = bulk
    ? [...(after === undefined ? [] : [after]), before].map((p) => `${placeText(p)}: ${bulkMessageText(bulk, messageAt(bulk, p), trace)}`).join('; ')
    : 'no bulk';
  throw new ExpectationError(
    `node ${from}'s ${lastUpdateText(w)} to reach node ${to} by ${path} ${where} of node ${from}'s latest bulk to node ${to}`,
    `${update}; ${bulkText}`,
  );
}

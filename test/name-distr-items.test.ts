/**
 * What a received NAME_DISTRIBUTOR item does to the name table (tipc_named_rcv →
 * tipc_update_nametbl), item by item, for items a well-behaved peer never sends (issue 22).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { nodeAddress } from '../contract';
import type { StackEvent } from '../reference/events';
import { INT_H_SIZE, NameDistrType, User, msgInit, msgSetData } from '../reference/msg';
import { type DistrItem, encodeItems } from '../reference/msg-bodies';
import { type DistrMode, namedRcv } from '../reference/name-distr';
import { NameTable } from '../reference/name-table';
import { PROFILES } from '../reference/profiles';

const p = PROFILES.fixed;
const MODE: DistrMode = {
  legacy: p.named_legacy,
  bulk_exempt: p.named_bulk_exempt,
  legacy_exempt: p.named_legacy_exempt,
  last_bulk_sync: p.named_last_bulk_sync,
  seqno: p.named_seqno,
  stale_drop: p.named_stale_drop,
  stale_drop_when_open: p.proposed_stale_drop_when_open,
  node_scope_local: p.named_node_scope_local,
};

test('a PUBLICATION item with lower > upper is refused, the others of its message are taken (Debian 6.1.192 tipc_update_nametbl)', () => {
  // A legacy message (no not_legacy bit): applied on arrival, whatever the sequence state.
  const items: DistrItem[] = [
    { type: 5000, lower: 20, upper: 10, port: 7, key: 7 },
    { type: 5000, lower: 10, upper: 20, port: 8, key: 8 },
    { type: 5001, lower: 3, upper: 3, port: 9, key: 9 },
  ];
  const m = msgInit(nodeAddress(2), User.NAME_DISTRIBUTOR, NameDistrType.PUBLICATION, INT_H_SIZE, nodeAddress(1));
  msgSetData(m, encodeItems(items));
  const nt = new NameTable();
  const events: StackEvent[] = [];
  namedRcv({ namedq: [m], named_rcv_nxt: 0, named_open: false }, nt, MODE, (e) => events.push(e));
  assert.deepEqual(
    nt.all().map((b) => [b.type, b.lower, b.upper, b.node]),
    [
      [5000, 10, 20, nodeAddress(2)],
      [5001, 3, 3, nodeAddress(2)],
    ],
  );
  assert.deepEqual(
    events.map((e) => (e.kind === 'name-update' ? [e.item.lower, e.item.upper, e.applied] : e.kind)),
    [
      [20, 10, false],
      [10, 20, true],
      [3, 3, true],
    ],
  );
});

/**
 * What a received NAME_DISTRIBUTOR item does to the name table (tipc_named_rcv →
 * tipc_update_nametbl), item by item, for items a well-behaved peer never sends (issue 22): a
 * range with lower > upper, and an orignode that is not the sending peer.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { nodeAddress } from '../contract';
import type { StackEvent } from '../reference/events';
import { INT_H_SIZE, NameDistrType, User, msgInit, msgSetData } from '../reference/msg';
import { type DistrItem, encodeItems } from '../reference/msg-bodies';
import { type DistrMode, namedRcv } from '../reference/name-distr';
import { NameTable, type Publication } from '../reference/name-table';
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
  namedRcv({ namedq: [m], named_rcv_nxt: 0, named_open: false }, nt, MODE, (e) => events.push(e), () => true);
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

/** One legacy PUBLICATION (applied on arrival) of `item` from prevnode 1.1.2, its orignode `orig`. */
function publication(orig: number, item: DistrItem): ReturnType<typeof msgInit> {
  const m = msgInit(orig, User.NAME_DISTRIBUTOR, NameDistrType.PUBLICATION, INT_H_SIZE, nodeAddress(1));
  msgSetData(m, encodeItems([item]));
  return m;
}

const at = (b: readonly Publication[]): string[] => b.map((x) => `${x.type}@${x.node & 0xfff}`);

test('a binding filed under a node then unknown stays when that node goes down; a known one goes (tipc_node_subscribe, tipc_publ_notify)', () => {
  // Node 1 knows node 2 only. Node 2 (or whoever can send as it) files one binding under node 2
  // and one under node 9, a node node 1 does not know: tipc_node_subscribe refuses to list it.
  const known = new Set([nodeAddress(2)]);
  const nt = new NameTable();
  const q = { namedq: [publication(nodeAddress(2), { type: 6000, lower: 1, upper: 1, port: 1, key: 1 }), publication(nodeAddress(9), { type: 6009, lower: 1, upper: 1, port: 1, key: 1 })], named_rcv_nxt: 0, named_open: false };
  namedRcv(q, nt, MODE, () => undefined, (a) => known.has(a));
  assert.deepEqual(at(nt.all()), ['6000@2', '6009@9']);
  // node 9 shows up later and goes down: its NODE_DOWN purges its publ_list, which never held 6009
  assert.equal(nt.purgeNode(nodeAddress(9)), 0);
  assert.equal(nt.purgeNode(nodeAddress(2)), 1);
  assert.deepEqual(at(nt.all()), ['6009@9'], 'the binding of the node that was unknown stays for good');
});

test("a binding filed under the receiver's own address is in its table but not in its bulk (nt->cluster_scope holds only its sockets' bindings)", () => {
  const own = nodeAddress(1);
  const nt = new NameTable();
  nt.insert({ type: 7000, lower: 0, upper: 9, scope: 'cluster', node: own, port: 5, key: 5 }, 'local');
  const q = { namedq: [publication(own, { type: 7001, lower: 0, upper: 9, port: 6, key: 6 })], named_rcv_nxt: 0, named_open: false };
  namedRcv(q, nt, MODE, () => undefined, (a) => a !== own);
  assert.deepEqual(at(nt.all()), ['7000@1', '7001@1']);
  assert.deepEqual(at(nt.clusterScope(own)), ['7000@1'], 'the bulk sends its own binding only');
  assert.deepEqual(at(nt.own(own)), ['7000@1']);
  assert.equal(nt.purgeNode(own), 0);
});

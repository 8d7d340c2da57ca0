import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { PeerTable, nodeInCluster } from '../reference/peer-table';

/** A peer as the table sees it: its address, and which one it is (a peer re-made at an address is another). */
interface Peer {
  readonly addr: number;
  readonly made: number;
}

const OWN = 0x01001001; // <1.1.1>
/** Addresses in the own cluster <1.1.N>, in another <1.2.N> or <2.1.N>, and ones a node identity's hash gives. */
const address = fc.oneof(
  fc.integer({ min: 1, max: 40 }).map((k) => 0x01001000 + k),
  fc.integer({ min: 1, max: 5 }).map((k) => 0x01002000 + k),
  fc.integer({ min: 1, max: 5 }).map((k) => 0x02001000 + k),
  fc.constantFrom(0x8a3c11f2, 0x0000_0fff, 0x01001fff),
);
const op = fc.oneof(
  fc.record({ kind: fc.constant('add' as const), addr: address }),
  fc.record({ kind: fc.constant('delete' as const), addr: address }),
);

describe('PeerTable', () => {
  test('finds, orders and forgets peers as a map by address with a join counter does', () => {
    fc.assert(
      fc.property(fc.array(op, { maxLength: 200 }), (ops) => {
        const table = new PeerTable<Peer>(OWN);
        // the model: the kernel's table as the reference kept it before (a Map, and the order each peer joined)
        const model = new Map<number, Peer>();
        const joined = new Map<Peer, number>();
        let counter = 0;
        let made = 0;
        const gone: Peer[] = [];
        for (const o of ops) {
          if (o.kind === 'add') {
            // the table is given a peer only where it has none (as checkDest makes one)
            if (model.has(o.addr)) continue;
            const p = { addr: o.addr, made: made++ };
            table.add(p);
            model.set(p.addr, p);
            joined.set(p, counter++);
          } else {
            const p = model.get(o.addr);
            if (p === undefined) continue;
            table.delete(p);
            model.delete(p.addr);
            joined.delete(p);
            gone.push(p);
          }
          for (const addr of [o.addr, OWN, 0x01001000 + 1]) {
            assert.equal(table.get(addr), model.get(addr));
            assert.equal(table.has(addr), model.has(addr));
          }
        }
        assert.deepEqual([...table.values()], [...model.values()]);
        for (const p of model.values()) assert.equal(table.joinedAt(p), joined.get(p));
        // a peer deleted (even one whose address has a peer again) is not in the table
        for (const p of gone) assert.equal(table.joinedAt(p), undefined);
      }),
    );
  });

  test('a peer not yet added has no join order, even at the address of one that is', () => {
    const table = new PeerTable<Peer>(OWN);
    const first = { addr: 0x01001002, made: 0 };
    table.add(first);
    assert.equal(table.joinedAt({ addr: 0x01001002, made: 1 }), undefined);
    assert.equal(table.joinedAt(first), 0);
  });

  test('nodeInCluster: the node number of an address in our zone and cluster, -1 elsewhere', () => {
    assert.equal(nodeInCluster(OWN, 0x01001002), 2);
    assert.equal(nodeInCluster(OWN, 0x01001fff), 0xfff);
    assert.equal(nodeInCluster(OWN, OWN), 1);
    assert.equal(nodeInCluster(OWN, 0x01002002), -1, 'another cluster');
    assert.equal(nodeInCluster(OWN, 0x02001002), -1, 'another zone');
    assert.equal(nodeInCluster(OWN, 0x8a3c11f2), -1, 'a hash of a node identity');
  });
});

import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { type Holding, NameTable, type Publication, type Scope, publication } from '../reference/name-table';

const OWN = 0x01001001; // <1.1.1>
/** A few nodes and ranges, so that inserts meet bindings already there and purges meet bindings of other holdings. */
const node = fc.constantFrom(OWN, 0x01001002, 0x01001003);
const binding = fc
  .record({
    type: fc.constantFrom(0, 5000, 0x10000),
    lower: fc.integer({ min: 0, max: 3 }),
    width: fc.integer({ min: 0, max: 1 }),
    scope: fc.constantFrom<Scope>('node', 'cluster'),
    node,
    port: fc.integer({ min: 1, max: 3 }),
    key: fc.constantFrom(1, 2, 0x10001),
  })
  .map((b) => publication(b.type, b.lower, b.lower + b.width, b.scope, b.node, b.port, b.key));
/** `again`: the op is on a binding an earlier op made (a re-insert, a remove that finds it), picked by index; else on `p`. */
const again = fc.option(fc.nat(), { freq: 2 });
const op = fc.oneof(
  fc.record({ kind: fc.constant('insert' as const), p: binding, again, holding: fc.constantFrom<Holding>('local', 'listed', 'unlisted') }),
  fc.record({ kind: fc.constant('remove' as const), p: binding, again }),
  fc.record({ kind: fc.constant('purge' as const), node }),
);

/** The same exact range, node and key: what the table keys a binding by (the port is not compared). */
const same = (a: Publication, b: Publication): boolean => a.type === b.type && a.lower === b.lower && a.upper === b.upper && a.node === b.node && a.key === b.key;

describe('NameTable', () => {
  test('inserts, removes, purges and lists bindings as a list in binding order does', () => {
    fc.assert(
      fc.property(fc.array(op, { maxLength: 120 }), (ops) => {
        const table = new NameTable();
        // the model: every binding with its holding, in the order it was bound
        let model: { p: Publication; holding: Holding }[] = [];
        const made: Publication[] = [];
        for (const o of ops) {
          if (o.kind !== 'purge' && (o.again === null || made.length === 0)) made.push(o.p);
          if (o.kind === 'insert') {
            const p = o.again === null ? o.p : (made[o.again % made.length] as Publication);
            const taken = model.some((e) => same(e.p, p));
            assert.equal(table.insert(p, o.holding), !taken, 'insert refuses exactly a binding already there');
            if (!taken) model.push({ p, holding: o.holding });
          } else if (o.kind === 'remove') {
            const p = o.again === null ? o.p : (made[o.again % made.length] as Publication);
            const { type, lower, upper, node: n, key } = p;
            const e = model.find((x) => same(x.p, p));
            assert.equal(table.remove(type, lower, upper, n, key), e?.p);
            model = model.filter((x) => x !== e);
          } else {
            // tipc_publ_notify(): only what is on the node's publ_list
            const purged = model.filter((e) => e.p.node === o.node && e.holding === 'listed');
            assert.equal(table.purgeNode(o.node), purged.length);
            model = model.filter((e) => !purged.includes(e));
          }
          assert.deepEqual(table.all(), model.map((e) => e.p));
        }
        const local = model.filter((e) => e.holding === 'local').map((e) => e.p);
        assert.deepEqual(table.own(OWN), local.filter((p) => p.node === OWN));
        assert.deepEqual(table.clusterScope(OWN), local.filter((p) => p.node === OWN && p.scope === 'cluster'));
      }),
    );
  });
});

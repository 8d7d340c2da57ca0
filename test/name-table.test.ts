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
/** Most ops on a few bindings, so that removes and purges leave holes among the rows and the table packs them. */
const churn = fc.oneof(
  { weight: 3, arbitrary: fc.record({ kind: fc.constant('insert' as const), p: binding, again, holding: fc.constantFrom<Holding>('local', 'listed', 'unlisted') }) },
  { weight: 3, arbitrary: fc.record({ kind: fc.constant('remove' as const), p: binding, again }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('purge' as const), node }) },
);
const op = fc.oneof(
  fc.record({ kind: fc.constant('insert' as const), p: binding, again, holding: fc.constantFrom<Holding>('local', 'listed', 'unlisted') }),
  fc.record({ kind: fc.constant('remove' as const), p: binding, again }),
  fc.record({ kind: fc.constant('purge' as const), node }),
);

/** The same exact range, node and key: what the table keys a binding by (the port is not compared). */
const same = (a: Publication, b: Publication): boolean => a.type === b.type && a.lower === b.lower && a.upper === b.upper && a.node === b.node && a.key === b.key;

describe('NameTable', () => {
  /** The table against a list of every binding with its holding, in binding order, op by op. */
  function holdsAsAList(ops: readonly (typeof op extends fc.Arbitrary<infer T> ? T : never)[], hashMask?: number): void {
        const table = new NameTable(hashMask);
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
            assert.deepEqual(table.remove(type, lower, upper, n, key), e?.p);
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
  }

  test('inserts, removes, purges and lists bindings as a list in binding order does', () => {
    fc.assert(fc.property(fc.array(op, { maxLength: 120 }), (o) => holdsAsAList(o)));
  });

  test('the same, through enough removes and purges that the rows are packed again', () => {
    // 96 bindings of 3 nodes × 4 types × 4 ranges × 2 keys: long runs remove dozens, which packs the rows
    const many = fc.record({ node, type: fc.integer({ min: 0, max: 3 }), lower: fc.integer({ min: 0, max: 3 }), key: fc.constantFrom(1, 0x10001) }).map((b) => publication(b.type, b.lower, b.lower, 'cluster', b.node, 1, b.key));
    const ops = fc.array(fc.oneof(churn, fc.record({ kind: fc.constant('insert' as const), p: many, again: fc.constant(null), holding: fc.constantFrom<Holding>('listed', 'local') })), { minLength: 200, maxLength: 600 });
    fc.assert(fc.property(ops, (o) => holdsAsAList(o)), { numRuns: 40 });
  });

  test('the same with an index of four keys: bindings share them, and are found, removed and packed along their chains', () => {
    fc.assert(fc.property(fc.array(churn, { minLength: 50, maxLength: 300 }), (ops) => holdsAsAList(ops, 3)), { numRuns: 60 });
  });

  test('thousands of bindings, over several pages of rows: found, refused again, purged and packed in order', () => {
    const table = new NameTable(0xff); // chains of a dozen rows, which cross pages
    const of = (i: number): Publication => publication(9, i, i + 1, 'cluster', 0x01001002 + (i % 2), i, i + 1);
    const n = 3000;
    for (let i = 0; i < n; i++) assert.equal(table.insert(of(i), 'listed'), true);
    for (const i of [0, 1023, 1024, 2999]) assert.equal(table.insert(of(i), 'listed'), false, `binding ${i} is there`);
    // half of them purged: as many holes as live rows, so the rows are packed
    assert.equal(table.purgeNode(0x01001003), n / 2);
    const even = Array.from({ length: n / 2 }, (_, k) => of(2 * k));
    assert.deepEqual(table.all(), even);
    for (const i of [0, 2048, 2998]) assert.deepEqual(table.remove(9, i, i + 1, 0x01001002, i + 1), of(i));
    assert.equal(table.remove(9, 2048, 2049, 0x01001002, 2049), undefined);
    assert.deepEqual(table.all(), even.filter((p) => ![0, 2048, 2998].includes(p.lower)));
    assert.equal(table.insert(of(2048), 'listed'), true);
    assert.deepEqual(table.all().at(-1), of(2048));
  });

  test('a binding with a field that is not a u32 reads back as it was given, and is the binding of its u32s', () => {
    const table = new NameTable();
    const odd = publication(-1, 2 ** 32 + 5, 2 ** 32 + 5, 'node', OWN, 7.5, 3);
    assert.equal(table.insert(odd, 'local'), true);
    // the wire's u32s of the same identity: the same binding, refused
    assert.equal(table.insert(publication(0xffffffff, 5, 5, 'cluster', OWN, 1, 3), 'listed'), false);
    assert.equal(table.insert(publication(0xffffffff, 5, 6, 'cluster', OWN, 1, 3), 'listed'), true);
    assert.deepEqual(table.all(), [odd, publication(0xffffffff, 5, 6, 'cluster', OWN, 1, 3)]);
    assert.deepEqual(table.own(OWN), [odd]);
    // rows bound and removed after it, enough to pack the rows: it keeps its fields as given
    for (let i = 0; i < 40; i++) table.insert(publication(7, i, i, 'cluster', 0x01001002, 1, i), 'listed');
    assert.equal(table.purgeNode(0x01001002), 40);
    assert.deepEqual(table.all(), [odd, publication(0xffffffff, 5, 6, 'cluster', OWN, 1, 3)]);
    assert.deepEqual(table.remove(0xffffffff, 5, 5, OWN, 3), odd);
    assert.deepEqual(table.all(), [publication(0xffffffff, 5, 6, 'cluster', OWN, 1, 3)]);
  });
});

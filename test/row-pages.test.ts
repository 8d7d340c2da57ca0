/**
 * Rows in pages (reference/row-pages.ts): what is set in a row reads back from it, whatever row and
 * number it is, across the first page's doublings and the pages added after it, and no row's
 * numbers touch another's.
 */
import { strict as assert } from 'node:assert';
import { test } from 'node:test';
import fc from 'fast-check';
import { RowPages } from '../reference/row-pages';

test('numbers set in rows read back as a plain array of rows holds them, across pages', () => {
  // rows up to a little past three full pages, in writes spread over them as the table grows
  const write = fc.record({ row: fc.nat({ max: 3500 }), f: fc.nat({ max: 4 }), v: fc.nat({ max: 0xffffffff }) });
  fc.assert(
    fc.property(fc.integer({ min: 1, max: 5 }), fc.array(write, { maxLength: 300 }), (width, writes) => {
      const rows = new RowPages(width, (n) => new Uint32Array(n));
      const model: number[][] = [];
      for (const w of writes) {
        const f = w.f % width;
        rows.reserve(w.row);
        while (model.length <= w.row) model.push(new Array<number>(width).fill(0));
        rows.page(w.row)[rows.at(w.row) + f] = w.v;
        (model[w.row] as number[])[f] = w.v;
      }
      for (let r = 0; r < model.length; r++) for (let f = 0; f < width; f++) assert.equal(rows.get(r, f), (model[r] as number[])[f], `row ${r}, number ${f}`);
    }),
    { numRuns: 200 },
  );
});

test('a row set before the first page doubles, and before pages are added, keeps its numbers', () => {
  const rows = new RowPages(2, (n) => new Float64Array(n));
  const rowsWritten = 5000;
  for (let r = 0; r < rowsWritten; r++) {
    rows.reserve(r);
    const page = rows.page(r);
    page[rows.at(r)] = r + 0.5;
    page[rows.at(r) + 1] = -r;
  }
  for (const r of [0, 7, 8, 1023, 1024, 1025, 2047, 2048, 4999]) assert.deepEqual([rows.get(r, 0), rows.get(r, 1)], [r + 0.5, -r], `row ${r}`);
});

/**
 * The bounded log of an IUT's stderr (adapters/process/stderr-log.ts) and the excerpt of a log the
 * reports attach (steps/support/file-excerpt.ts): whatever the pieces the stream comes in, the log
 * is its head, a line with what was cut and the whole size, and its tail; the excerpt is read
 * from the file's two ends.
 */
import { strict as assert } from 'node:assert';
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { after, describe, test } from 'node:test';
import { StderrLog, cutLine } from '../adapters/process/stderr-log';
import { fileExcerpt } from '../steps/support/file-excerpt';

const scratch = mkdtempSync(path.join(tmpdir(), 'tipc-stderr-log-'));
after(() => rmSync(scratch, { recursive: true, force: true }));

/** A deterministic byte stream: numbered lines, so that any cut shows where it fell. */
function stream(bytes: number): Buffer {
  const lines: string[] = [];
  let size = 0;
  for (let i = 0; size < bytes; i++) {
    const l = `line ${i}\n`;
    lines.push(l);
    size += l.length;
  }
  return Buffer.from(lines.join('')).subarray(0, bytes);
}

/** The stream cut into pieces of sizes drawn from a fixed-seed generator (1 to `max` bytes). */
function pieces(b: Buffer, max: number, seed: number): Buffer[] {
  let s = seed;
  const out: Buffer[] = [];
  for (let at = 0; at < b.length; ) {
    s = (Math.imul(s, 1103515245) + 12345) >>> 0;
    const n = 1 + (s % max);
    out.push(b.subarray(at, at + n));
    at += n;
  }
  return out;
}

describe('StderrLog', () => {
  const HEAD = 1000;
  const TAIL = 700;
  const cases: [string, number, number][] = [
    ['empty', 0, 10],
    ['shorter than the head', 999, 64],
    ['exactly the head', HEAD, 64],
    ['head and less than a tail', HEAD + 300, 64],
    ['head and exactly a tail', HEAD + TAIL, 64],
    ['one byte more than head and tail', HEAD + TAIL + 1, 64],
    ['many times the ring, in small pieces', 50_000, 97],
    ['many times the ring, in pieces larger than it', 50_000, 3000],
  ];
  for (const [name, bytes, max] of cases) {
    test(`${name} (${bytes} bytes in pieces up to ${max})`, () => {
      const all = stream(bytes);
      const file = path.join(scratch, `${name.replace(/\W+/g, '-')}.log`);
      const log = new StderrLog(file, HEAD, TAIL);
      for (const p of pieces(all, max, bytes + max)) log.write(p);
      log.close();
      log.close(); // idempotent
      assert.equal(log.bytes, bytes);
      const got = readFileSync(file);
      const left = bytes - HEAD - TAIL;
      const want = left > 0 ? Buffer.concat([all.subarray(0, HEAD), Buffer.from(cutLine(left, bytes, HEAD, TAIL)), all.subarray(bytes - TAIL)]) : all;
      assert.ok(got.equals(want), `the log (${got.length} bytes) is not the head, cut line and tail of the stream (${want.length} bytes)`);
    });
  }

  test('the cut line says how much was left out and how large stderr was', () => {
    assert.equal(cutLine(5_000_000, 7_097_152, 1_048_576, 1_048_576), '\n[... 5,000,000 bytes left out: stderr was 7,097,152 bytes; this log keeps the first 1,048,576 and the last 1,048,576 ...]\n');
  });

  test('without a file it only counts', () => {
    const log = new StderrLog(undefined, HEAD, TAIL);
    log.write(stream(5000));
    log.close();
    assert.equal(log.bytes, 5000);
  });
});

describe('fileExcerpt', () => {
  test('a small file whole', () => {
    const f = path.join(scratch, 'small.log');
    writeFileSync(f, 'one\ntwo\n');
    assert.equal(fileExcerpt(f, 100), 'one\ntwo\n');
  });

  test('a large file: its head and tail in whole lines, what was left out, its size and place', () => {
    const f = path.join(scratch, 'large.log');
    const all = stream(100_000);
    writeFileSync(f, all);
    const each = 1000;
    const ex = fileExcerpt(f, each);
    const m = /^([^]*)\[\.\.\. ([\d,]+) bytes left out: the whole file \(([\d,]+) bytes\) is (.*) \.\.\.\]\n([^]*)$/.exec(ex);
    assert.ok(m, ex.slice(0, 200));
    const [, head = '', left = '', size = '', where = '', tail = ''] = m;
    assert.equal(Number(size.replace(/,/g, '')), statSync(f).size);
    assert.equal(where, f);
    assert.ok(head.length <= each && head.length > each / 2 && head.endsWith('\n'), `head of ${head.length}`);
    assert.ok(tail.length <= each && tail.length > each / 2, `tail of ${tail.length}`);
    assert.ok(all.toString().startsWith(head));
    assert.ok(all.toString().endsWith(tail));
    assert.ok(tail.startsWith('line '), 'the tail starts at a line');
    assert.equal(Number(left.replace(/,/g, '')), all.length - head.length - tail.length);
  });
});

/**
 * The compact trace (sim/trace-store.ts), the trace and pcap written piece by piece, the
 * reference's heap of peer timers (reference/peer-timers.ts), and the @scale rows left out by
 * default (cli/args.ts withoutScale). Entries read back must be what was recorded, whatever page,
 * chunk or piece boundary they cross.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { ByteArena, type ChunkSpill, type SpillKind, TraceStore } from '../sim/trace-store';
import { FileSpill } from '../harness/trace-spill';
import { formatTrace, traceChunks } from '../sim/trace';
import type { TraceEntry } from '../sim/types';
import { pcapChunks, pcapOf } from '../harness/pcap';
import { PeerTimers } from '../reference/peer-timers';
import type { PeerNode } from '../reference/node';
import { parseArgs, withoutScale } from '../cli/args';

const describeBytes = (b: Uint8Array): string => `LEN${b.length}:${b[0] ?? '-'}`;

/** A frame entry's bytes (a note has none). */
function frameBytes(e: TraceEntry): Uint8Array | undefined {
  return e.kind === 'frame' ? e.bytes : undefined;
}

/** A frame of `len` bytes whose bytes say which frame it is. */
function bytesOf(k: number, len: number): Uint8Array {
  return Uint8Array.from({ length: len }, (_, i) => (k * 7 + i) & 0xff);
}

describe('TraceStore', () => {
  test('frames and notes read back as recorded, across pages (65,536 rows) and arena chunks (1 MB)', () => {
    const s = new TraceStore((b, sent) => (sent ? `${describeBytes(b)}; sent as ${describeBytes(sent)}` : describeBytes(b)));
    const rows = 70_000;
    for (let k = 0; k < rows; k++) {
      if (k % 1000 === 7) s.note(k / 2, k % 5, `note ${k}: état ✓ ${'x'.repeat(k % 13)}`);
      else {
        const b = bytesOf(k, 20 + (k % 50));
        s.frame(k / 2, k + 1, k, k % 3 === 0, k % 5, (k + 1) % 5, k % 2, k % 4 === 0 ? 'deliver' : `drop(r${k % 3})`, s.arena.keep(b), b.length);
      }
    }
    // one frame larger than a chunk, and one a malform rule altered
    const big = bytesOf(3, 1_500_000);
    s.frame(1, 0, 0, false, 1, 2, 0, 'deliver', s.arena.keep(big), big.length);
    const altered = bytesOf(4, 30);
    const sent = bytesOf(5, 40);
    s.frame(2, 0, 0, false, 1, 2, 1, 'malformed(m)', s.arena.keep(altered), altered.length, sent);
    assert.equal(s.length, rows + 2);
    for (const k of [0, 1, 7, 1007, 65_535, 65_536, 65_537, 69_007, 69_999]) {
      const e = s.at(k);
      assert.equal(e.t, k / 2, `row ${k}: time`);
      if (k % 1000 === 7) {
        assert.deepEqual(e, { t: k / 2, kind: 'note', node: k % 5, text: `note ${k}: état ✓ ${'x'.repeat(k % 13)}` });
        assert.equal(s.isFrame(k), false);
        continue;
      }
      assert.equal(e.kind, 'frame');
      if (e.kind !== 'frame') continue;
      assert.equal(s.isFrame(k), true);
      assert.deepEqual([e.n, e.send, e.broadcast, e.from, e.to, e.bearer, e.fate], [k + 1, k, k % 3 === 0, k % 5, (k + 1) % 5, k % 2, k % 4 === 0 ? 'deliver' : `drop(r${k % 3})`]);
      assert.deepEqual(e.bytes, bytesOf(k, 20 + (k % 50)), `row ${k}: bytes`);
      assert.equal(e.summary, describeBytes(bytesOf(k, 20 + (k % 50))));
      assert.equal(e.sent, undefined);
    }
    const b = s.at(rows);
    assert.ok(b.kind === 'frame' && b.bytes.length === big.length && b.bytes[1_499_999] === big[1_499_999]);
    const m = s.at(rows + 1);
    assert.ok(m.kind === 'frame');
    if (m.kind === 'frame') {
      assert.deepEqual(m.bytes, altered);
      assert.deepEqual(m.sent, sent);
      assert.equal(m.summary, `${describeBytes(altered)}; sent as ${describeBytes(sent)}`);
    }
    assert.throws(() => s.at(rows + 2), /trace entry 70002 does not exist \(the trace has 70002\)/);
    assert.throws(() => s.at(-1), RangeError);
  });

  test('a kept frame is a copy: changing the sender\'s bytes afterwards changes nothing', () => {
    const arena = new ByteArena();
    const b = bytesOf(1, 30);
    const h = arena.keep(b);
    b.fill(0);
    assert.deepEqual(arena.view(h, 30), bytesOf(1, 30));
    assert.equal(arena.size, 30);
  });

  test('the summary is described only when read, once per entry made', () => {
    let calls = 0;
    const s = new TraceStore((b) => {
      calls++;
      return describeBytes(b);
    });
    for (let k = 0; k < 100; k++) {
      const b = bytesOf(k, 10);
      s.frame(k, k, k, false, 1, 2, 0, 'deliver', s.arena.keep(b), 10);
    }
    assert.equal(calls, 0, 'recording describes nothing');
    const e = s.at(5);
    assert.equal(calls, 0, 'making an entry describes nothing');
    assert.equal(e.kind === 'frame' ? e.summary : '', describeBytes(bytesOf(5, 10)));
    assert.equal(e.kind === 'frame' ? e.summary : '', describeBytes(bytesOf(5, 10)));
    assert.equal(calls, 1);
  });

  test("a short trace's columns and bytes take memory outside V8's heap in proportion to it, not a full page and chunk (3.75 MB) each", () => {
    // V8 runs a full collection for every 64 MB of typed arrays made: a scenario's share of them
    // is what makes its cost grow with the heap (the plan of a large Outline)
    const traces = (count: number, frames: number): number => {
      const kept: TraceStore[] = [];
      const before = process.memoryUsage().arrayBuffers;
      for (let k = 0; k < count; k++) {
        const s = new TraceStore(describeBytes);
        for (let i = 0; i < frames; i++) {
          const b = bytesOf(i, 60);
          s.frame(i, i, i, false, 1, 2, 0, 'deliver', s.arena.keep(b), b.length);
        }
        kept.push(s);
      }
      const per = (process.memoryUsage().arrayBuffers - before) / count;
      assert.equal(kept.length, count);
      return per;
    };
    const small = traces(40, 200);
    assert.ok(small <= 64 * 1024, `a trace of 200 frames holds ${Math.round(small / 1024)} KiB of typed arrays`);
    const larger = traces(4, 2_000);
    assert.ok(larger <= 512 * 1024, `a trace of 2,000 frames holds ${Math.round(larger / 1024)} KiB of typed arrays`);
  });
});

describe('the trace written out as it goes (a spill)', () => {
  /** A spill in memory that counts what goes in and out. */
  class CountingSpill implements ChunkSpill {
    readonly held = new Map<string, Uint8Array>();
    gets = 0;
    put(kind: SpillKind, index: number, bytes: Uint8Array): void {
      this.held.set(`${kind} ${index}`, bytes.slice());
    }
    get(kind: SpillKind, index: number): Uint8Array {
      this.gets++;
      const b = this.held.get(`${kind} ${index}`);
      if (b === undefined) throw new Error(`no ${kind} chunk ${index}`);
      // a new buffer per read, as a file's
      return b.slice();
    }
  }

  /** Each test of a spill runs on both: the counting one in memory, and the harness's file. */
  const SPILLS = [
    ['in memory', (): ChunkSpill => new CountingSpill()],
    ['a file', (): ChunkSpill => new FileSpill()],
  ] as const;

  for (const [name, make] of SPILLS) {
    test(`past the bytes to keep, the oldest chunks go to the spill and read back the same (${name})`, () => {
      const spill = make();
      const s = new TraceStore(describeBytes, { to: spill, keepBytes: 2 * 1024 * 1024 });
      const frames = 120_000; // about 6 MB of frames: 6 chunks of 1 MB after the short first ones, all but 2 MB spilled
      for (let k = 0; k < frames; k++) {
        const b = bytesOf(k, 50);
        s.frame(k, k, k, false, 1, 2, 0, 'deliver', s.arena.keep(b), 50);
      }
      assert.ok(s.arena.spilled >= 3 * 1024 * 1024, `spilled ${s.arena.spilled} bytes`);
      assert.equal(s.arena.size, frames * 50);
      for (const k of [0, 1, 20_000, 20_971, 20_972, 60_000, 119_999]) {
        const e = s.at(k);
        assert.deepEqual(e.kind === 'frame' ? e.bytes : undefined, bytesOf(k, 50), `frame ${k}`);
      }
      if (spill instanceof CountingSpill) {
        const before = spill.gets;
        // frames 7,000..7,299 are all in chunk 4 (256 KiB: frames 5,000 to 10,000 or so), not read back before
        for (let k = 7_000; k < 7_300; k++) frameBytes(s.at(k));
        assert.equal(spill.gets - before, 1, 'reading in order reads a spilled chunk back once');
      }
      if (spill instanceof FileSpill) {
        assert.ok(spill.size >= s.arena.spilled);
        spill.close();
        assert.throws(() => spill.get('bytes', 0), /spill file has no bytes chunk 0 \(the cluster was stopped and its spill file closed\)/);
      }
    });
  }

  /**
   * A trace recorded as the simulator records one: each tick's frames are kept (sent) at once and
   * recorded (delivered) a tick later, each after a note made as it is delivered. So the trace, in
   * order, takes bytes from two places of the arena in turn, a tick's worth of frames apart.
   */
  function delayedTrace(spill: ChunkSpill, keepBytes: number): { s: TraceStore; frames: number } {
    const s = new TraceStore(describeBytes, { to: spill, keepBytes });
    let sent: { k: number; where: number }[] = [];
    let k = 0;
    for (let tick = 0; tick < 40; tick++) {
      const delivered = sent;
      sent = [];
      for (let i = 0; i < 3000; i++, k++) sent.push({ k, where: s.arena.keep(bytesOf(k, 60)) });
      for (const f of delivered) {
        s.note(tick, 1, `link <1001001:eth0-1001002:eth0> frame ${f.k}`);
        s.frame(tick, f.k, f.k, false, 1, 2, 0, 'deliver', f.where, 60);
      }
    }
    return { s, frames: k - sent.length };
  }

  test('reading a spilled trace down, in the order frames met their fate, reads each spilled chunk back once', () => {
    const spill = new CountingSpill();
    const { s, frames } = delayedTrace(spill, 1024 * 1024);
    assert.ok(spill.held.size >= 8, `${spill.held.size} chunks spilled`);
    let read = 0;
    for (let i = 0; i < s.length; i++) {
      const e = s.at(i);
      if (e.kind === 'frame') {
        assert.deepEqual(e.bytes, bytesOf(e.n, 60), `frame ${e.n}`);
        read++;
      } else assert.match(e.text, /^link <1001001:eth0-1001002:eth0> frame \d+$/);
    }
    assert.equal(read, frames);
    assert.ok(spill.gets <= spill.held.size, `${spill.gets} chunk reads for ${spill.held.size} chunks spilled`);
  });

  test("an entry's place, ends and fate are read without its bytes: nothing is read back", () => {
    const spill = new CountingSpill();
    const { s, frames } = delayedTrace(spill, 1024 * 1024);
    let seen = 0;
    // as wireFrames() does: notes skipped without being made (a note's text is in the arena too)
    for (let i = 0; i < s.length; i++) {
      if (!s.isFrame(i)) continue;
      const e = s.at(i);
      if (e.kind === 'frame' && e.to === 2 && e.fate === 'deliver') seen++;
    }
    assert.equal(seen, frames);
    assert.equal(spill.gets, 0);
  });

  test('entries kept from spilled chunks hold each chunk once, not a chunk per entry read back', () => {
    const spill = new CountingSpill();
    const keepBytes = 1024 * 1024;
    const { s } = delayedTrace(spill, keepBytes);
    // as a chart keeps the frames of its rows: here every 10th frame
    const kept: Uint8Array[] = [];
    for (let i = 0; i < s.length; i++) {
      const e = s.at(i);
      if (e.kind === 'frame' && e.n % 10 === 0) kept.push(e.bytes);
    }
    const buffers = new Set(kept.map((b) => b.buffer));
    const held = [...buffers].reduce((sum, b) => sum + b.byteLength, 0);
    // at most the whole trace's bytes: every chunk, spilled or in memory, once
    const bound = s.arena.size + 1024 * 1024;
    assert.ok(held <= bound, `${(held / 1048576).toFixed(1)} MB held for ${kept.length} frames of 60 bytes (bound ${(bound / 1048576).toFixed(1)} MB)`);
  });

  /**
   * A trace of `rows` rows, every third a note, the rest frames whose every column says which frame
   * it is: one of them with a sender past 16 bits (a `wide` row) and one a 'malform' rule altered.
   */
  function mixedTrace(spill: ChunkSpill, rows: number, keepRows?: number): TraceStore {
    const s = new TraceStore(describeBytes, { to: spill, keepBytes: 64 * 1024 * 1024, ...(keepRows !== undefined ? { keepRows } : {}) });
    for (let k = 0; k < rows; k++) {
      if (k % 3 === 2) s.note(k / 4, 3, `note ${k}`);
      else s.frame(k / 4, k, k - 1, k % 2 === 0, k === 70_000 ? 70_000 : 1 + (k % 7), 2, k % 2, k % 5 === 0 ? 'drop' : 'deliver', s.arena.keep(bytesOf(k, 20)), 20, k === 90_001 ? bytesOf(1, 8) : undefined);
    }
    return s;
  }

  /** Row k of mixedTrace() read back is the row written. */
  function assertMixedRow(s: TraceStore, k: number): void {
    const e = s.at(k);
    assert.equal(e.t, k / 4, `row ${k}'s time`);
    assert.equal(s.isFrame(k), k % 3 !== 2, `row ${k} is a frame`);
    if (k % 3 === 2) {
      assert.deepEqual(e, { t: k / 4, kind: 'note', node: 3, text: `note ${k}` });
      return;
    }
    assert.ok(e.kind === 'frame', `row ${k} is a frame`);
    assert.deepEqual(
      { n: e.n, send: e.send, broadcast: e.broadcast, from: e.from, to: e.to, bearer: e.bearer, fate: e.fate, bytes: e.bytes, sent: e.sent },
      { n: k, send: k - 1, broadcast: k % 2 === 0, from: k === 70_000 ? 70_000 : 1 + (k % 7), to: 2, bearer: k % 2, fate: k % 5 === 0 ? 'drop' : 'deliver', bytes: bytesOf(k, 20), sent: k === 90_001 ? bytesOf(1, 8) : undefined },
      `row ${k}`,
    );
  }

  // a page is 65,536 rows: 300,000 rows fill four and start a fifth
  const PAGE_ROWS = 65_536;
  const EDGES = [0, 1, 2, 65_534, 65_535, 65_536, 70_000, 90_001, 131_071, 131_072, 196_607, 196_608, 262_143, 262_144, 299_999];

  for (const [name, make] of SPILLS) {
    test(`past the rows to keep, the oldest pages go to the spill and read back the same (${name})`, () => {
      const spill = make();
      const s = mixedTrace(spill, 300_000, PAGE_ROWS);
      assert.equal(s.length, 300_000);
      if (spill instanceof CountingSpill) assert.deepEqual([...spill.held.keys()].filter((key) => key.startsWith('rows')), ['rows 0', 'rows 1', 'rows 2', 'rows 3']);
      if (spill instanceof FileSpill) assert.equal(spill.size, 4 * PAGE_ROWS * 36, 'four pages of 36-byte rows written out');
      for (const k of EDGES) assertMixedRow(s, k);
      // and in an order that jumps between pages, back and forth
      for (const k of [299_999, 0, 200_000, 65_536, 131_073, 1]) assertMixedRow(s, k);
      if (spill instanceof FileSpill) spill.close();
    });
  }

  test('reading a trace with spilled pages down reads each page back once, and every row is the one written', () => {
    const spill = new CountingSpill();
    const s = mixedTrace(spill, 300_000, PAGE_ROWS);
    for (let k = 0; k < s.length; k++) assertMixedRow(s, k);
    assert.equal(spill.gets, 4, 'four spilled pages, each read back once');
  });

  test('a trace within its rows to keep writes none out; one over it keeps what it was told to', () => {
    const within = new CountingSpill();
    mixedTrace(within, 300_000);
    assert.equal(within.held.size, 0, 'the default keeps 8 pages: nothing of 300,000 rows is written out');
    const over = new CountingSpill();
    const s = mixedTrace(over, 300_000, 2 * PAGE_ROWS);
    // two pages' rows in memory, as told: the last full page and the one being written
    assert.deepEqual([...over.held.keys()], ['rows 0', 'rows 1', 'rows 2']);
    for (const k of [196_608, 262_143, 299_999]) assertMixedRow(s, k);
    assert.equal(over.gets, 0, 'the pages kept are read in memory');
  });

  test('without a spill nothing is written out', () => {
    const s = new TraceStore(describeBytes);
    for (let k = 0; k < 50_000; k++) s.frame(k, k, k, false, 1, 2, 0, 'deliver', s.arena.keep(bytesOf(k, 50)), 50);
    assert.equal(s.arena.spilled, 0);
  });
});

describe('the trace and the pcap in pieces', () => {
  const entries: TraceEntry[] = Array.from({ length: 500 }, (_, k) =>
    k % 10 === 3
      ? { t: k, kind: 'note', node: 1, text: `note ${k}` }
      : { t: k, kind: 'frame', n: k, send: k, broadcast: k % 2 === 0, from: 1, to: 2, bearer: 0, fate: 'deliver', summary: `F${k}`, bytes: bytesOf(k, 24) },
  );

  test('the pieces joined are the whole text, and each ends on a line', () => {
    const whole = formatTrace(entries);
    const pieces = [...traceChunks(entries, {}, 300)];
    assert.ok(pieces.length > 10, `small pieces: ${pieces.length}`);
    assert.equal(pieces.join(''), whole);
    for (const p of pieces) assert.ok(p.endsWith('\n'));
    assert.deepEqual([...traceChunks([], {}, 300)], []);
  });

  test('the pcap in pieces is the pcap: file header first, every record whole', () => {
    const frames = entries.flatMap((e) => (e.kind === 'frame' ? [{ at: e.t, from: e.from, to: e.to, bearer: e.bearer, broadcast: e.broadcast, bytes: e.bytes }] : []));
    const pieces = [...pcapChunks(frames, 1000)];
    assert.equal(pieces[0]?.length, 24, 'the file header alone first');
    const whole = pcapOf(frames);
    assert.deepEqual(new Uint8Array(Buffer.concat(pieces)), whole);
    // 24-byte file header, then per frame 16 + 14 + 24 bytes
    assert.equal(whole.length, 24 + frames.length * (16 + 14 + 24));
  });
});

describe('PeerTimers', () => {
  /** The part of a PeerNode the heap reads. */
  const peer = (timer_due: number | undefined): PeerNode => ({ timer_due, timerVersion: 0 }) as unknown as PeerNode;
  const set = (p: PeerNode, due: number | undefined): void => {
    const m = p as unknown as { timer_due: number | undefined; timerVersion: number };
    m.timer_due = due;
    m.timerVersion++;
  };

  test('the earliest current timer; due peers by time, then by the order they were added', () => {
    const t = new PeerTimers();
    const a = peer(300);
    const b = peer(100);
    const c = peer(100);
    t.set(a, 0);
    t.set(c, 2);
    t.set(b, 1);
    assert.equal(t.next(), 100);
    assert.deepEqual(t.due(99), []);
    assert.deepEqual(t.due(100), [b, c]);
    assert.equal(t.next(), 300);
  });

  test('a changed or cleared timer leaves its old entry stale: skipped, never fired', () => {
    const t = new PeerTimers();
    const a = peer(100);
    const b = peer(200);
    t.set(a, 0);
    t.set(b, 1);
    set(a, 500);
    t.set(a, 0);
    set(b, undefined);
    assert.equal(t.next(), 500);
    assert.deepEqual(t.due(400), []);
    assert.deepEqual(t.due(500), [a]);
    assert.equal(t.next(), undefined);
    t.set(b, 1); // no timer: nothing queued
    assert.equal(t.next(), undefined);
  });

  test('a peer set twice with its timer unchanged comes out once, in its place among the others', () => {
    const t = new PeerTimers();
    const a = peer(100);
    const b = peer(100);
    const c = peer(50);
    t.set(a, 0);
    t.set(b, 1);
    t.set(a, 0);
    t.set(c, 2);
    t.set(b, 1);
    assert.deepEqual(t.due(100), [c, a, b]);
    assert.equal(t.next(), undefined);
  });

  test('against a model: any sets, changes and clears of timers, asked at any times', () => {
    type Op = { kind: 'set'; p: number; due: number | undefined; requeue: boolean } | { kind: 'due'; now: number } | { kind: 'next' };
    const op: fc.Arbitrary<Op> = fc.oneof(
      // due times mostly later than the asking times: the heap fills, and each ask takes a few out
      fc.record({ kind: fc.constant('set' as const), p: fc.nat(11), due: fc.option(fc.nat(99), { nil: undefined, freq: 8 }), requeue: fc.boolean() }),
      fc.record({ kind: fc.constant('due' as const), now: fc.nat(40) }),
      fc.constant({ kind: 'next' as const }),
    );
    fc.assert(
      fc.property(fc.array(op, { maxLength: 120 }), (ops) => {
        const t = new PeerTimers();
        const peers = Array.from({ length: 12 }, () => peer(undefined));
        // the model: which peers have their timer as it is now in the heap
        const queued = new Set<number>();
        const dueOf = (i: number): number | undefined => (peers[i] as PeerNode).timer_due;
        for (const o of ops) {
          if (o.kind === 'set') {
            // a timer changed (or set again unchanged: requeue), then the owner's peerChanged
            if (!o.requeue) {
              set(peers[o.p] as PeerNode, o.due);
              queued.delete(o.p);
            }
            t.set(peers[o.p] as PeerNode, o.p);
            if (dueOf(o.p) !== undefined) queued.add(o.p);
          } else if (o.kind === 'due') {
            const want = [...queued].filter((i) => (dueOf(i) as number) <= o.now).sort((a, b) => (dueOf(a) as number) - (dueOf(b) as number) || a - b);
            for (const i of want) queued.delete(i);
            assert.deepEqual(t.due(o.now), want.map((i) => peers[i]));
          } else {
            const times = [...queued].map((i) => dueOf(i) as number);
            assert.equal(t.next(), times.length === 0 ? undefined : Math.min(...times));
          }
        }
      }),
      { numRuns: 300 },
    );
  });

  test('many peers come out in time order, ties in the order added', () => {
    const t = new PeerTimers();
    const peers = Array.from({ length: 200 }, (_, i) => peer(((i * 37) % 50) * 10));
    peers.forEach((p, i) => t.set(p, i));
    const out = t.due(10_000);
    const key = (p: PeerNode): [number, number] => [p.timer_due ?? 0, peers.indexOf(p)];
    const sorted = [...peers].sort((x, y) => key(x)[0] - key(y)[0] || key(x)[1] - key(y)[1]);
    assert.deepEqual(out, sorted);
  });
});

describe('@scale rows', () => {
  test('left out unless --scale or a --tags naming @scale', () => {
    assert.equal(withoutScale('', false), 'not @scale');
    assert.equal(withoutScale('@req:NB-6', false), '(@req:NB-6) and not @scale');
    assert.equal(withoutScale('@req:NB-6', true), '@req:NB-6');
    assert.equal(withoutScale('', true), '');
    assert.equal(withoutScale('@req:NB-6 and @scale', false), '@req:NB-6 and @scale');
    assert.equal(withoutScale('@scaled', false), '(@scaled) and not @scale', 'another tag that starts alike');
  });

  test('run and certify take --scale; the tags the user gave stay as given', () => {
    for (const kind of ['run', 'certify'] as const) {
      const on = parseArgs([kind, '--scale', '--tags', '@req:NB-6'], process.cwd());
      const off = parseArgs([kind, '--tags', '@req:NB-6'], process.cwd());
      if (on.kind !== kind || off.kind !== kind || !('options' in on) || !('options' in off)) assert.fail(`${kind}: parsed as ${on.kind}, ${off.kind}, without options`);
      assert.equal(on.options.scale, true);
      assert.equal(off.options.scale, false);
      assert.equal(on.options.tags, '@req:NB-6');
    }
  });
});

test('a row whose node ids or fate do not fit the narrow columns reads back as recorded', () => {
  const s = new TraceStore(describeBytes);
  const b = s.arena.keep(bytesOf(1, 10));
  const rows: [number, number, string][] = [
    [1, 2, 'deliver'],
    [40_000, -1, 'deliver'],
    [3, -40_000, 'drop(x)'],
    [2 ** 31, 5, 'deliver'],
    [-0, 0, 'deliver'],
    [4095, 4094, 'delay(y)'],
  ];
  for (const [from, to, fate] of rows) s.frame(0, 1, 1, false, from, to, 0, fate, b, 10);
  s.note(1, 70_000, 'a note of a node past 16 bits');
  s.note(1, 7, 'a note');
  const got = Array.from({ length: s.length }, (_, i) => s.at(i)).map((e) => (e.kind === 'frame' ? [e.from, e.to, e.fate] : [e.node, e.text]));
  assert.deepStrictEqual(got, [...rows, [70_000, 'a note of a node past 16 bits'], [7, 'a note']]);
});

test('past 65,535 fates, a frame still reads back its own', () => {
  const s = new TraceStore(describeBytes);
  const b = s.arena.keep(bytesOf(1, 10));
  const n = 70_000;
  for (let k = 0; k < n; k++) s.frame(k, k, k, false, 1, 2, 0, `delay(r; retransmission ${k})`, b, 10);
  for (const k of [0, 65_535, 65_536, 65_537, n - 1]) {
    const e = s.at(k);
    assert.equal(e.kind === 'frame' ? e.fate : '', `delay(r; retransmission ${k})`);
  }
});

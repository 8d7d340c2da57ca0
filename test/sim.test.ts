/**
 * The deterministic network simulator (sim/) with toy endpoints instead of TIPC: frames are a
 * 5-byte fake header [user, mtype, seq hi, seq lo, source address], described and classified by
 * trivial fakes. Checks delivery times and order, every fault action, bearers, timers, the event
 * order, the trace format and determinism.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { FrameClass } from '../sim/faults';
import { Prng } from '../sim/prng';
import { NO_NODE, Simulator } from '../sim/simulator';
import { formatEntry, formatTime, formatTrace } from '../sim/trace';
import { BROADCAST_DEST } from '../sim/types';
import type { BearerIndex, FaultRule, NodeId, OutFrame, SimEndpoint, TraceEntry } from '../sim/types';
import { type FifoFrame, WireFifo } from '../sim/wire-fifo';
import fc from 'fast-check';

const PING = 1;
const PONG = 2;
const KEEPALIVE = 3;
const OTHER = 5;

function header(user: number, mtype: number, seq: number, src: number): Uint8Array {
  return Uint8Array.of(user, mtype, (seq >> 8) & 0xff, seq & 0xff, src);
}

function fakeDescribe(b: Uint8Array): string {
  if (b.length < 5) return `RAW(${b.length})`;
  const name = b[0] === PING ? 'PING' : b[0] === PONG ? 'PONG' : b[0] === KEEPALIVE ? 'KEEPALIVE' : `U${b[0]}`;
  return `${name}/${b[1]} seq=${((b[2] ?? 0) << 8) | (b[3] ?? 0)}`;
}

function fakeClassify(b: Uint8Array): { user: number; mtype: number } | undefined {
  return b.length < 5 ? undefined : { user: b[0] ?? 0, mtype: b[1] ?? 0 };
}

interface Arrival {
  readonly t: number;
  readonly bearer: BearerIndex;
  readonly user: number;
  readonly seq: number;
  readonly bytes: Uint8Array;
}

interface ToyOptions {
  /** Addresses this endpoint sends keepalives to. */
  readonly peers?: readonly number[];
  /** Keepalive period; none if undefined. */
  readonly keepaliveMs?: number;
  /** Answer PINGs with a PONG (default), every frame (a ping-pong that never ends), or nothing. */
  readonly answer?: 'pings' | 'all' | 'none';
  /** Bearers keepalives go out on; default [0, 1]. */
  readonly bearers?: readonly BearerIndex[];
}

/** Answers frames back to their source on the bearer they came in on; sends keepalives on a timer. */
class Toy implements SimEndpoint {
  readonly received: Arrival[] = [];
  readonly ticks: number[] = [];
  /** "rx <seq>@t" and "tick@t", in the order the simulator called. */
  readonly calls: string[] = [];
  private out: OutFrame[] = [];
  private notes: string[] = [];
  private timer: number | undefined;
  private seq = 0;

  constructor(
    readonly address: number,
    private readonly opts: ToyOptions = {},
  ) {
    this.timer = opts.keepaliveMs;
  }

  receive(now: number, bearer: BearerIndex, bytes: Uint8Array): void {
    const user = bytes[0] ?? 0;
    const seq = ((bytes[2] ?? 0) << 8) | (bytes[3] ?? 0);
    this.received.push({ t: now, bearer, user, seq, bytes });
    this.calls.push(`rx ${seq}@${now}`);
    const answer = this.opts.answer ?? 'pings';
    if (bytes.length >= 5 && (answer === 'all' || (answer === 'pings' && user === PING))) {
      this.out.push({ bearer, dest: bytes[4] ?? 0, bytes: header(PONG, 0, seq, this.address) });
    }
  }

  tick(now: number): void {
    this.ticks.push(now);
    this.calls.push(`tick@${now}`);
    const period = this.opts.keepaliveMs;
    if (this.timer === undefined || now < this.timer) return;
    if (period === undefined) {
      this.timer = undefined;
      return;
    }
    this.notes.push('keepalive');
    for (const peer of this.opts.peers ?? []) {
      for (const b of this.opts.bearers ?? [0, 1]) this.send(peer, b, KEEPALIVE);
    }
    while (this.timer <= now) this.timer += period;
  }

  pollTimeout(): number | undefined {
    return this.timer;
  }
  pollTransmit(): OutFrame[] {
    const out = this.out;
    this.out = [];
    return out;
  }
  pollNotes(): string[] {
    const notes = this.notes;
    this.notes = [];
    return notes;
  }

  /** Control call: queue a frame (the test then pokes the simulator). Returns its seq. */
  send(dest: number, bearer: BearerIndex, user: number = PING, mtype = 0): number {
    const seq = ++this.seq;
    this.out.push({ bearer, dest, bytes: header(user, mtype, seq, this.address) });
    return seq;
  }
  sendRaw(dest: number, bearer: BearerIndex, bytes: Uint8Array): void {
    this.out.push({ bearer, dest, bytes });
  }
  /** Control call: want tick() at `at` (once). */
  setTimer(at: number | undefined): void {
    this.timer = at;
  }
  note(text: string): void {
    this.notes.push(text);
  }

  seqs(user?: number): number[] {
    return this.received.filter((r) => user === undefined || r.user === user).map((r) => r.seq);
  }
  times(user?: number): number[] {
    return this.received.filter((r) => user === undefined || r.user === user).map((r) => r.t);
  }
}

const A1 = 101;
const A2 = 102;

interface Pair {
  readonly sim: Simulator;
  readonly a: Toy;
  readonly b: Toy;
}

function pair(
  o: { seed?: number; linkDelayMs?: number; maxEvents?: number; a?: ToyOptions; b?: ToyOptions; classify?: typeof fakeClassify } = {},
): Pair {
  const sim = new Simulator({
    seed: o.seed ?? 1,
    ...(o.linkDelayMs !== undefined ? { linkDelayMs: o.linkDelayMs } : {}),
    ...(o.maxEvents !== undefined ? { maxEvents: o.maxEvents } : {}),
    describe: fakeDescribe,
    classify: o.classify ?? fakeClassify,
  });
  const a = new Toy(A1, o.a);
  const b = new Toy(A2, o.b);
  sim.addNode(1, a, [0, 1]);
  sim.addNode(2, b, [0, 1]);
  return { sim, a, b };
}

type FrameEntry = Extract<TraceEntry, { kind: 'frame' }>;

function frames(sim: Simulator): FrameEntry[] {
  return sim.trace().filter((e): e is FrameEntry => e.kind === 'frame');
}

/** "t #n from>to fate" for each frame entry: compact enough to assert on. */
function fates(sim: Simulator): string[] {
  return frames(sim).map((e) => `${e.t} #${e.n} ${e.from}>${e.to} b${e.bearer} ${e.fate}`);
}

function text(sim: Simulator): string {
  return formatTrace(sim.trace(), { bearerName: (b) => 'AB'[b] ?? String(b) });
}

/** Sends from node `from`'s toy right now and lets the simulator collect it. */
function sendNow(sim: Simulator, from: NodeId, toy: Toy, dest: number, bearer: BearerIndex, user: number = PING, mtype = 0): number {
  const seq = toy.send(dest, bearer, user, mtype);
  sim.poke(from);
  return seq;
}

describe('Prng', () => {
  test('a fixed seed gives a fixed sequence (the same on every platform)', () => {
    const p = new Prng(1);
    assert.deepEqual([p.nextU32(), p.nextU32(), p.nextU32(), p.nextU32()], [1828152527, 3394835397, 2967886022, 2251045104]);
    const q = new Prng(42).fork('node-1');
    assert.equal(q.seed, 1422144425);
    assert.equal(q.nextU32(), 115352387);
  });

  test('same seed, same numbers; next() in [0, 1); int() inclusive and checked', () => {
    const x = new Prng(7);
    const y = new Prng(7);
    const seen = new Set<number>();
    for (let i = 0; i < 2000; i++) {
      const v = x.next();
      assert.equal(v, y.next());
      assert.ok(v >= 0 && v < 1);
      const k = x.int(3, 5);
      assert.equal(k, y.int(3, 5));
      seen.add(k);
    }
    assert.deepEqual([...seen].sort(), [3, 4, 5]);
    assert.equal(x.int(9, 9), 9);
    assert.throws(() => x.int(5, 3), /lo <= hi/);
    assert.throws(() => new Prng(Number.NaN), /finite/);
  });

  test('fork is deterministic, independent of the parent stream, and differs per label', () => {
    const p = new Prng(99);
    const f1 = p.fork('node-1').nextU32();
    for (let i = 0; i < 10; i++) p.next();
    assert.equal(p.fork('node-1').nextU32(), f1, 'fork does not depend on how far the parent went');
    assert.equal(new Prng(99).fork('node-1').nextU32(), f1);
    assert.notEqual(p.fork('node-2').nextU32(), f1);
    assert.notEqual(new Prng(100).fork('node-1').nextU32(), f1);
    assert.notEqual(p.fork('node-1').fork('x').nextU32(), p.fork('node-1').nextU32());
  });
});

describe('delivery', () => {
  test('a frame arrives linkDelayMs later on the same bearer; the answer comes back as fast', () => {
    const { sim, a, b } = pair();
    sendNow(sim, 1, a, A2, 1);
    sim.runFor(10);
    assert.deepEqual(b.received.map((r) => [r.t, r.bearer, r.user, r.seq]), [[1, 1, PING, 1]]);
    assert.deepEqual(a.received.map((r) => [r.t, r.bearer, r.user, r.seq]), [[2, 1, PONG, 1]]);
    assert.deepEqual(fates(sim), ['1 #1 1>2 b1 deliver', '2 #2 2>1 b1 deliver']);
    assert.equal(sim.now, 10);
  });

  test('linkDelayMs is configurable', () => {
    const { sim, a, b } = pair({ linkDelayMs: 5 });
    sendNow(sim, 1, a, A2, 0);
    sim.runFor(20);
    assert.deepEqual(b.times(), [5]);
    assert.deepEqual(a.times(), [10]);
  });

  test('frames sent together arrive in the order they were sent', () => {
    const { sim, a, b } = pair({ b: { answer: 'none' } });
    for (let i = 0; i < 5; i++) a.send(A2, 0);
    sim.poke(1);
    sim.runFor(5);
    assert.deepEqual(b.seqs(), [1, 2, 3, 4, 5]);
    assert.deepEqual(b.times(), [1, 1, 1, 1, 1]);
  });

  test('frames at the same time go in the order they were scheduled', () => {
    const { sim, a, b } = pair({ b: { answer: 'none' } });
    sim.addRule({ name: 'slow', match: { from: 1 }, action: { kind: 'delay', ms: 1 }, count: 1 });
    sendNow(sim, 1, a, A2, 0); // scheduled at t=0 for t=2
    sim.runFor(1);
    sendNow(sim, 1, a, A2, 0); // scheduled at t=1 for t=2
    sim.runFor(5);
    assert.deepEqual(b.seqs(), [1, 2]);
    assert.deepEqual(b.times(), [2, 2]);
  });

  test('an unknown address is no-route at send time; so is a bearer one end lacks', () => {
    const { sim, a } = pair();
    const c = new Toy(103, { answer: 'none' });
    sim.addNode(3, c, [0]);
    sendNow(sim, 1, a, 999, 0);
    sendNow(sim, 1, a, 103, 1);
    sim.runFor(5);
    assert.deepEqual(fates(sim), [`0 #1 1>${NO_NODE} b0 no-route`, '0 #2 1>3 b1 no-route']);
    assert.match(text(sim), /#    1 1>\? bearer A no-route PING\/0 seq=1/);
    assert.equal(c.received.length, 0);
  });

  test('the bytes are a snapshot: changing the sender\'s buffer later changes nothing', () => {
    const { sim, a, b } = pair({ b: { answer: 'none' } });
    const buf = header(PING, 0, 7, A1);
    a.sendRaw(A2, 0, buf);
    sim.poke(1);
    buf[3] = 99;
    sim.runFor(5);
    assert.equal(b.seqs()[0], 7);
    assert.equal(frames(sim)[0]?.bytes[3], 7);
  });

  test('addNode refuses a second node with the same id or address', () => {
    const { sim } = pair();
    assert.throws(() => sim.addNode(1, new Toy(200), [0]), /node 1 added twice/);
    assert.throws(() => sim.addNode(3, new Toy(A1), [0]), /already has/);
    assert.throws(() => sim.node(9), /no node 9/);
  });
});

describe('fault rules', () => {
  test('drop: traced at send time, never delivered', () => {
    const { sim, a, b } = pair();
    sim.addRule({ name: 'cut', match: { from: 1 }, action: { kind: 'drop' } });
    sim.runFor(3);
    sendNow(sim, 1, a, A2, 0);
    sim.runFor(10);
    assert.equal(b.received.length, 0);
    assert.deepEqual(fates(sim), ['3 #1 1>2 b0 drop(cut)']);
  });

  test('delay(ms): delivered ms later than normal, and later frames overtake it', () => {
    const { sim, a, b } = pair({ b: { answer: 'none' } });
    sim.addRule({ name: 'slow', match: { from: 1 }, action: { kind: 'delay', ms: 10 }, count: 1 });
    a.send(A2, 0);
    a.send(A2, 0);
    sim.poke(1);
    sim.runFor(20);
    assert.deepEqual(b.seqs(), [2, 1]);
    assert.deepEqual(b.times(), [1, 11]);
    assert.deepEqual(fates(sim), ['1 #2 1>2 b0 deliver', '11 #1 1>2 b0 delay(slow)']);
  });

  test('duplicate: delivered twice, the second copy 1 ms later, one trace entry per copy', () => {
    const { sim, a, b } = pair();
    sim.addRule({ name: 'twice', match: { from: 1 }, action: { kind: 'duplicate' } });
    sendNow(sim, 1, a, A2, 0);
    sim.runFor(10);
    assert.deepEqual(b.received.map((r) => [r.t, r.seq]), [[1, 1], [2, 1]]);
    assert.deepEqual(a.times(PONG), [2, 3], 'each copy was answered');
    // At t=2 the second copy (scheduled at t=0) goes before the first answer (scheduled at t=1).
    assert.deepEqual(fates(sim), ['1 #1 1>2 b0 dup(twice)', '2 #1 1>2 b0 dup(twice)', '2 #2 2>1 b0 deliver', '3 #3 2>1 b0 deliver']);
  });

  test('reorder(ms): held back ms, so a frame sent after it overtakes it', () => {
    const { sim, a, b } = pair({ b: { answer: 'none' } });
    sim.addRule({ name: 'late', match: { from: 1 }, action: { kind: 'reorder', ms: 5 }, count: 1 });
    sendNow(sim, 1, a, A2, 0);
    sim.runFor(2);
    sendNow(sim, 1, a, A2, 0);
    sim.runFor(10);
    assert.deepEqual(b.seqs(), [2, 1]);
    assert.deepEqual(b.times(), [3, 6]);
    assert.deepEqual(fates(sim), ['3 #2 1>2 b0 deliver', '6 #1 1>2 b0 reorder(late)']);
  });

  test('pass: lets a frame through untouched and stops the search', () => {
    const { sim, a, b } = pair();
    sim.addRule({ name: 'pings pass', match: { user: PING }, action: { kind: 'pass' } });
    sim.addRule({ name: 'all lost', match: {}, action: { kind: 'drop' } });
    sendNow(sim, 1, a, A2, 0, PING);
    sendNow(sim, 1, a, A2, 0, OTHER);
    sim.runFor(10);
    assert.deepEqual(b.received.map((r) => r.user), [PING]);
    assert.deepEqual(fates(sim), ['0 #2 1>2 b0 drop(all lost)', '1 #1 1>2 b0 deliver', '1 #3 2>1 b0 drop(all lost)']);
  });

  test('count: a rule affects at most that many frames, then stops matching ("pass" counts too)', () => {
    const { sim, a, b } = pair({ b: { answer: 'none' } });
    sim.addRule({ name: 'two', match: { from: 1 }, action: { kind: 'drop' }, count: 2 });
    for (let i = 0; i < 4; i++) a.send(A2, 0);
    sim.poke(1);
    sim.runFor(5);
    assert.deepEqual(b.seqs(), [3, 4]);
    assert.deepEqual(sim.rules().map((r) => r.name), ['two'], 'a used-up rule stays listed');

    const p = pair({ b: { answer: 'none' } });
    p.sim.addRule({ name: 'first passes', match: {}, action: { kind: 'pass' }, count: 1 });
    p.sim.addRule({ name: 'rest lost', match: {}, action: { kind: 'drop' } });
    for (let i = 0; i < 3; i++) p.a.send(A2, 0);
    p.sim.poke(1);
    p.sim.runFor(5);
    assert.deepEqual(p.b.seqs(), [1]);
  });

  test('probability: a seeded share of the frames, the same ones for the same seed', () => {
    const dropped = (seed: number): number[] => {
      const { sim, a, b } = pair({ seed, b: { answer: 'none' } });
      sim.addRule({ name: 'coin', match: { from: 1 }, action: { kind: 'drop' }, probability: 0.5 });
      for (let i = 0; i < 200; i++) a.send(A2, 0);
      sim.poke(1);
      sim.runFor(5);
      const got = new Set(b.seqs());
      return Array.from({ length: 200 }, (_, i) => i + 1).filter((s) => !got.has(s));
    };
    const d = dropped(5);
    assert.ok(d.length > 60 && d.length < 140, `about half dropped, got ${d.length}`);
    assert.deepEqual(dropped(5), d);
    assert.notDeepEqual(dropped(6), d);
  });

  test('probability draws only when the rest of the rule matches; a lost draw tries the next rule', () => {
    const { sim, a, b } = pair({ seed: 7, a: { answer: 'none' }, b: { answer: 'none' } });
    sim.addRule({ name: 'coin', match: { from: 2 }, action: { kind: 'drop' }, probability: 0.5 });
    const fresh = new Prng(7);
    for (let i = 0; i < 10; i++) a.send(A2, 0);
    sim.poke(1);
    assert.equal(sim.rng.nextU32(), fresh.nextU32(), 'ten frames that do not match drew nothing');
    sendNow(sim, 2, b, A1, 0);
    fresh.nextU32(); // the one draw for node 2's frame
    assert.equal(sim.rng.nextU32(), fresh.nextU32());
    sim.clearRules();
    sim.addRule({ name: 'sure', match: {}, action: { kind: 'drop' } });
    sendNow(sim, 2, b, A1, 0);
    assert.equal(sim.rng.nextU32(), fresh.nextU32(), 'a rule without probability draws nothing');

    const p = pair({ seed: 3, b: { answer: 'none' } });
    p.sim.addRule({ name: 'maybe', match: {}, action: { kind: 'drop' }, probability: 0.5 });
    p.sim.addRule({ name: 'else', match: {}, action: { kind: 'delay', ms: 2 } });
    for (let i = 0; i < 40; i++) p.a.send(A2, 0);
    p.sim.poke(1);
    p.sim.runFor(10);
    const fs = new Set(frames(p.sim).map((e) => e.fate));
    assert.deepEqual([...fs].sort(), ['delay(else)', 'drop(maybe)']);
  });

  test('first matching rule wins', () => {
    const run = (rules: FaultRule[]): string[] => {
      const { sim, a } = pair({ b: { answer: 'none' } });
      for (const r of rules) sim.addRule(r);
      sendNow(sim, 1, a, A2, 0);
      sim.runFor(10);
      return fates(sim);
    };
    const drop: FaultRule = { name: 'first', match: { from: 1 }, action: { kind: 'drop' } };
    const delay: FaultRule = { name: 'second', match: {}, action: { kind: 'delay', ms: 3 } };
    assert.deepEqual(run([drop, delay]), ['0 #1 1>2 b0 drop(first)']);
    assert.deepEqual(run([delay, drop]), ['4 #1 1>2 b0 delay(second)']);
  });

  test('match fields: bearer, from, to, user, mtype; unclassifiable frames match no user/mtype rule', () => {
    let classified = 0;
    const { sim, a, b } = pair({
      b: { answer: 'none' },
      classify: (bytes) => {
        classified++;
        return fakeClassify(bytes);
      },
    });
    sim.addRule({ name: 'bearer 1 to 2', match: { bearer: 1, to: 2 }, action: { kind: 'drop' } });
    sendNow(sim, 1, a, A2, 1);
    sendNow(sim, 1, a, A2, 0);
    assert.equal(classified, 0, 'rules without user/mtype never classify');
    sim.clearRules();
    sim.addRule({ name: 'user 5 type 3', match: { user: OTHER, mtype: 3 }, action: { kind: 'drop' } });
    sendNow(sim, 1, a, A2, 0, OTHER, 3);
    sendNow(sim, 1, a, A2, 0, OTHER, 4);
    sendNow(sim, 1, a, A2, 0, PING, 3);
    a.sendRaw(A2, 0, Uint8Array.of(OTHER));
    sim.poke(1);
    sim.addRule({ name: 'anything from 1', match: { from: 1 }, action: { kind: 'delay', ms: 10 } });
    a.sendRaw(A2, 0, Uint8Array.of(OTHER));
    sim.poke(1);
    sim.runFor(20);
    assert.deepEqual(fates(sim), [
      '0 #1 1>2 b1 drop(bearer 1 to 2)',
      '0 #3 1>2 b0 drop(user 5 type 3)',
      '1 #2 1>2 b0 deliver',
      '1 #4 1>2 b0 deliver',
      '1 #5 1>2 b0 deliver',
      '1 #6 1>2 b0 deliver',
      '11 #7 1>2 b0 delay(anything from 1)',
    ]);
    assert.equal(b.received.length, 5);
  });

  test('removeRule removes every rule of that name; clearRules removes all; bad rules are refused', () => {
    const { sim, a, b } = pair({ b: { answer: 'none' } });
    sim.addRule({ name: 'x', match: {}, action: { kind: 'drop' } });
    sim.addRule({ name: 'y', match: { from: 2 }, action: { kind: 'drop' } });
    sim.addRule({ name: 'x', match: {}, action: { kind: 'duplicate' } });
    sim.removeRule('x');
    assert.deepEqual(sim.rules().map((r) => r.name), ['y']);
    sendNow(sim, 1, a, A2, 0);
    sim.clearRules();
    assert.deepEqual(sim.rules(), []);
    sim.runFor(5);
    assert.deepEqual(b.seqs(), [1]);
    assert.throws(() => sim.addRule({ name: 'p', match: {}, action: { kind: 'drop' }, probability: 2 }), /'p': probability/);
    assert.throws(() => sim.addRule({ name: 'c', match: {}, action: { kind: 'drop' }, count: -1 }), /'c': count/);
    assert.throws(() => sim.addRule({ name: 'd', match: {}, action: { kind: 'delay', ms: -1 } }), /'d': delay/);
    assert.deepEqual(sim.rules(), []);
  });

  test('hold: parked until release(), then delivered in that instant in send order; the trace says released by which rule, and when it was sent', () => {
    const { sim, a, b } = pair({ b: { answer: 'none' } });
    sim.addRule({ name: 'park', match: { from: 1 }, action: { kind: 'hold' } });
    a.send(A2, 0);
    sim.poke(1);
    sim.runFor(3);
    a.send(A2, 0);
    sim.poke(1);
    sim.runFor(7);
    assert.equal(b.received.length, 0);
    assert.equal(sim.heldCount('park'), 2);
    assert.deepEqual(fates(sim), [], 'a held frame has no entry until it is released');
    sim.removeRule('park');
    assert.equal(sim.release('park'), 2);
    assert.equal(sim.heldCount(), 0);
    sim.runFor(0);
    assert.deepEqual(b.received.map((r) => [r.t, r.seq]), [[10, 1], [10, 2]]);
    // delivered at the release, not held any more: the fate says so
    assert.deepEqual(fates(sim), ['10 #1 1>2 b0 released(park; sent at 0.000 s)', '10 #2 1>2 b0 released(park; sent at 0.003 s)']);
    assert.match(text(sim), /^\[ {3}0\.010\] # {4}1 1>2 bearer A released\(park; sent at 0\.000 s\) /m);
    assert.equal(sim.release('park'), 0);
  });
});

const NAMED = 11;
/** The toy's is_bulk mark: this bit of a NAMED frame's mtype. */
const BULK = 0x80;

/**
 * fakeClassify, and a message name: the seq of every frame but KEEPALIVEs (outside any sequence),
 * so a frame sent again with the same header is a retransmission; NAMED frames carry is_bulk.
 */
function messageClassify(b: Uint8Array): FrameClass | undefined {
  const k = fakeClassify(b);
  if (k === undefined) return undefined;
  return {
    ...k,
    ...(k.user === NAMED ? { is_bulk: (k.mtype & BULK) !== 0 } : {}),
    ...(k.user === KEEPALIVE ? {} : { message: `seq ${((b[2] ?? 0) << 8) | (b[3] ?? 0)}` }),
  };
}

/** Node 1's toy sends a frame again with the same header: what the rule book sees as a retransmission. */
function resend(p: Pair, seq: number, bearer: BearerIndex = 0, user: number = PING, mtype = 0): void {
  p.a.sendRaw(A2, bearer, header(user, mtype, seq, A1));
  p.sim.poke(1);
}

describe('fault rules that pick messages (pick)', () => {
  test('skip and messages: the first message goes by, the second is affected, the third goes by; retransmissions share their message\'s fate', () => {
    const p = pair({ b: { answer: 'none' }, classify: messageClassify });
    p.sim.addRule({ name: 'second', match: { from: 1 }, action: { kind: 'drop' }, pick: { skip: 1, messages: 1 } });
    for (let i = 0; i < 3; i++) p.a.send(A2, 0);
    p.sim.poke(1);
    p.sim.runFor(5);
    resend(p, 2);
    resend(p, 1);
    resend(p, 2);
    p.sim.runFor(5);
    assert.deepEqual(p.b.seqs(), [1, 3, 1]);
    assert.deepEqual(fates(p.sim), [
      '0 #2 1>2 b0 drop(second)',
      '1 #1 1>2 b0 deliver',
      '1 #3 1>2 b0 deliver',
      '5 #4 1>2 b0 drop(second; retransmission 1)',
      '5 #6 1>2 b0 drop(second; retransmission 2)',
      '6 #5 1>2 b0 deliver',
    ]);
  });

  test('copies 1: only the first copy is affected, so a retransmission recovers a dropped message', () => {
    const p = pair({ b: { answer: 'none' }, classify: messageClassify });
    p.sim.addRule({ name: 'lost once', match: { from: 1 }, action: { kind: 'drop' }, pick: { messages: 1, copies: 1 } });
    sendNow(p.sim, 1, p.a, A2, 0);
    p.sim.runFor(2);
    resend(p, 1);
    sendNow(p.sim, 1, p.a, A2, 0);
    p.sim.runFor(2);
    assert.deepEqual(p.b.seqs(), [1, 2]);
    assert.deepEqual(fates(p.sim), ['0 #1 1>2 b0 drop(lost once)', '3 #2 1>2 b0 deliver', '3 #3 1>2 b0 deliver']);
  });

  test('a delay with its retransmissions: every copy arrives late, so the message does too', () => {
    const p = pair({ b: { answer: 'none' }, classify: messageClassify });
    p.sim.addRule({ name: 'late', match: { from: 1 }, action: { kind: 'delay', ms: 10 }, pick: { messages: 1 } });
    sendNow(p.sim, 1, p.a, A2, 0);
    p.sim.runFor(2);
    resend(p, 1);
    p.sim.runFor(1);
    resend(p, 1);
    p.sim.runFor(20);
    assert.deepEqual(p.b.times(), [11, 13, 14]);
    assert.deepEqual(fates(p.sim), ['11 #1 1>2 b0 delay(late)', '13 #2 1>2 b0 delay(late; retransmission 1)', '14 #3 1>2 b0 delay(late; retransmission 2)']);
    assert.match(text(p.sim), /^\[ {3}0\.013\] # {4}2 1>2 bearer A delay\(late; retransmission 1\) PING\/0 seq=1$/m);
  });

  test('a message is its number on its link: the same number on another bearer or to another node is another message', () => {
    const p = pair({ a: { answer: 'none' }, b: { answer: 'none' }, classify: messageClassify });
    p.sim.addRule({ name: 'one', match: {}, action: { kind: 'drop' }, pick: { messages: 1 } });
    sendNow(p.sim, 1, p.a, A2, 0);
    resend(p, 1, 1);
    p.b.sendRaw(A1, 0, header(PING, 0, 1, A2));
    p.sim.poke(2);
    resend(p, 1, 0);
    p.sim.runFor(3);
    assert.deepEqual(fates(p.sim), ['0 #1 1>2 b0 drop(one)', '0 #4 1>2 b0 drop(one; retransmission 1)', '1 #2 1>2 b1 deliver', '1 #3 2>1 b0 deliver']);
  });

  test('frames without a message name are messages of their own; a skipped or spent message goes on to the next rule', () => {
    const p = pair({ b: { answer: 'none' }, classify: messageClassify });
    p.sim.addRule({ name: 'third keepalive', match: { user: KEEPALIVE }, action: { kind: 'duplicate' }, pick: { skip: 2, messages: 1 } });
    p.sim.addRule({ name: 'the rest', match: {}, action: { kind: 'delay', ms: 5 } });
    for (let i = 0; i < 4; i++) resend(p, 7, 0, KEEPALIVE);
    p.sim.runFor(10);
    assert.deepEqual(fates(p.sim), ['1 #3 1>2 b0 dup(third keepalive)', '2 #3 1>2 b0 dup(third keepalive)', '6 #1 1>2 b0 delay(the rest)', '6 #2 1>2 b0 delay(the rest)', '6 #4 1>2 b0 delay(the rest)']);
  });

  test('is_bulk: true takes only marked NAMED frames, false only unmarked ones; other users never match', () => {
    const p = pair({ b: { answer: 'none' }, classify: messageClassify });
    p.sim.addRule({ name: 'bulk', match: { is_bulk: true }, action: { kind: 'drop' } });
    p.sim.addRule({ name: 'update', match: { is_bulk: false }, action: { kind: 'delay', ms: 5 } });
    sendNow(p.sim, 1, p.a, A2, 0, NAMED, BULK);
    sendNow(p.sim, 1, p.a, A2, 0, NAMED, 0);
    sendNow(p.sim, 1, p.a, A2, 0, OTHER, BULK);
    p.sim.runFor(10);
    assert.deepEqual(fates(p.sim), ['0 #1 1>2 b0 drop(bulk)', '1 #3 1>2 b0 deliver', '6 #2 1>2 b0 delay(update)']);
  });

  test('hold: a retransmission it parked is released under the rule\'s name, and says so', () => {
    const p = pair({ b: { answer: 'none' }, classify: messageClassify });
    p.sim.addRule({ name: 'park', match: { from: 1 }, action: { kind: 'hold' }, pick: { messages: 1 } });
    sendNow(p.sim, 1, p.a, A2, 0);
    p.sim.runFor(2);
    resend(p, 1);
    assert.equal(p.sim.heldCount('park'), 2);
    p.sim.removeRule('park');
    p.sim.release('park');
    p.sim.runFor(0);
    assert.deepEqual(fates(p.sim), ['2 #1 1>2 b0 released(park; sent at 0.000 s)', '2 #2 1>2 b0 released(park; retransmission 1; sent at 0.002 s)']);
  });

  test('the same frames give the same fates; bad picks are refused', () => {
    const run = (): string => {
      const p = pair({ seed: 4, a: { keepaliveMs: 7, peers: [A2] }, b: { answer: 'none' }, classify: messageClassify });
      p.sim.addRule({ name: 'after the first', match: { user: PING }, action: { kind: 'delay', ms: 3 }, pick: { skip: 1 } });
      p.sim.addRule({ name: 'fifth keepalive', match: { user: KEEPALIVE }, action: { kind: 'drop' }, pick: { skip: 4, messages: 1 } });
      for (let i = 0; i < 5; i++) {
        sendNow(p.sim, 1, p.a, A2, i % 2);
        p.sim.runFor(4);
        resend(p, i + 1, i % 2);
      }
      p.sim.runFor(30);
      return text(p.sim);
    };
    const first = run();
    assert.ok(first.includes('delay(after the first; retransmission 1)') && first.includes('drop(fifth keepalive)'), first);
    assert.equal(run(), first);
    const { sim } = pair();
    assert.throws(() => sim.addRule({ name: 'c', match: {}, action: { kind: 'drop' }, count: 1, pick: {} }), /'c': a rule that picks messages takes no count nor probability/);
    assert.throws(() => sim.addRule({ name: 'p', match: {}, action: { kind: 'drop' }, probability: 0.5, pick: {} }), /'p': a rule that picks/);
    assert.throws(() => sim.addRule({ name: 'k', match: {}, action: { kind: 'drop' }, pick: { copies: 0 } }), /'k': pick.copies must be an integer >= 1/);
    assert.throws(() => sim.addRule({ name: 's', match: {}, action: { kind: 'drop' }, pick: { skip: -1 } }), /'s': pick.skip/);
    assert.deepEqual(sim.rules(), []);
  });
});

describe('bearers', () => {
  test('a bearer down blocks both directions on that bearer only; up restores it', () => {
    const { sim, a, b } = pair({ a: { answer: 'none' }, b: { answer: 'none' } });
    sim.setBearerUp(1, 0, false);
    assert.equal(sim.bearerUp(1, 0), false);
    sendNow(sim, 1, a, A2, 0); // #1: node 1 cannot send on bearer 0
    sendNow(sim, 2, b, A1, 0); // #2: node 1 cannot receive on bearer 0
    sendNow(sim, 1, a, A2, 1); // #3: bearer 1 is fine
    sim.runFor(5);
    assert.deepEqual(fates(sim), ['0 #1 1>2 b0 bearer-down', '1 #2 2>1 b0 bearer-down', '1 #3 1>2 b1 deliver']);
    assert.deepEqual(a.received.length, 0);
    assert.deepEqual(b.received.map((r) => r.bearer), [1]);

    sim.setBearerUp(1, 0, true);
    sendNow(sim, 1, a, A2, 0);
    sendNow(sim, 2, b, A1, 0);
    sim.runFor(5);
    assert.deepEqual(a.received.map((r) => [r.t, r.bearer]), [[6, 0]]);
    assert.deepEqual(b.received.map((r) => [r.t, r.bearer]), [[1, 1], [6, 0]]);
    assert.throws(() => sim.setBearerUp(1, 7, false), /no bearer 7/);
  });

  test('a frame in flight when the receiver\'s bearer goes down is lost at arrival', () => {
    const { sim, a, b } = pair({ linkDelayMs: 10, b: { answer: 'none' } });
    sendNow(sim, 1, a, A2, 0);
    sim.runFor(5);
    sim.setBearerUp(2, 0, false);
    sim.runFor(10);
    sim.setBearerUp(2, 0, true);
    sim.runFor(10);
    assert.equal(b.received.length, 0);
    assert.deepEqual(fates(sim), ['10 #1 1>2 b0 bearer-down']);
  });
});

describe('timers and the event loop', () => {
  test('timers fire at their virtual times; runFor includes its end; notes are traced', () => {
    const { sim, a, b } = pair({ a: { keepaliveMs: 100, peers: [A2], bearers: [0] } });
    sim.runFor(250);
    assert.deepEqual(a.ticks, [100, 200]);
    assert.equal(sim.now, 250);
    assert.deepEqual(b.times(KEEPALIVE), [101, 201]);
    sim.runFor(50);
    assert.deepEqual(a.ticks, [100, 200, 300]);
    assert.equal(sim.now, 300);
    const notes = sim.trace().filter((e) => e.kind === 'note');
    assert.deepEqual(notes.map((e) => [e.t, e.node, e.kind === 'note' ? e.text : '']), [[100, 1, 'keepalive'], [200, 1, 'keepalive'], [300, 1, 'keepalive']]);
  });

  test('a timer due in the past fires now; with nothing pending, time just moves', () => {
    const { sim, a } = pair();
    assert.equal(sim.step(), false);
    sim.runFor(1234);
    assert.equal(sim.now, 1234);
    assert.equal(sim.nextEventAt(), undefined);
    a.setTimer(10);
    sim.poke(1);
    assert.equal(sim.nextEventAt(), 1234);
    assert.equal(sim.step(), true);
    assert.deepEqual(a.ticks, [1234]);
    assert.equal(sim.step(), false);
  });

  test('a frame and a timer due at the same time: the frame first; timers in node id order', () => {
    const { sim, a, b } = pair({ a: { keepaliveMs: 100, peers: [A2] }, b: { answer: 'none' } });
    sim.runFor(99);
    sendNow(sim, 2, b, A1, 0); // arrives at node 1 at 100, when its timer is due
    sim.runFor(1);
    assert.deepEqual(a.calls, ['rx 1@100', 'tick@100']);
    const at100 = sim.trace().filter((e) => e.t === 100);
    assert.deepEqual(at100.map((e) => e.kind), ['frame', 'note']);

    const sim2 = new Simulator({ seed: 1, describe: fakeDescribe, classify: fakeClassify });
    const two = new Toy(A2, { keepaliveMs: 50 });
    const one = new Toy(A1, { keepaliveMs: 50 });
    const order: string[] = [];
    const spy = (id: NodeId, t: Toy): SimEndpoint => ({
      address: t.address,
      receive: (now, bearer, bytes) => t.receive(now, bearer, bytes),
      tick: (now) => {
        order.push(`${id}@${now}`);
        t.tick(now);
      },
      pollTimeout: () => t.pollTimeout(),
      pollTransmit: () => t.pollTransmit(),
      pollNotes: () => t.pollNotes(),
    });
    sim2.addNode(2, spy(2, two), [0]);
    sim2.addNode(1, spy(1, one), [0]);
    sim2.runFor(100);
    assert.deepEqual(order, ['1@50', '2@50', '1@100', '2@100']);
  });

  test('runUntil: true as soon as pred holds, false at its limit', () => {
    const { sim, a, b } = pair({ a: { keepaliveMs: 100, peers: [A2] } });
    sendNow(sim, 1, a, A2, 0);
    assert.equal(sim.runUntil(() => b.received.length > 0, 1000), true);
    assert.equal(sim.now, 1);
    assert.equal(sim.runUntil(() => true, 1000), true);
    assert.equal(sim.now, 1, 'a pred that already holds does not move time');
    assert.equal(sim.runUntil(() => false, 500), false);
    assert.equal(sim.now, 501);
    assert.deepEqual(a.ticks, [100, 200, 300, 400, 500]);
  });

  test('maxEvents: a runaway ping-pong throws an error naming the limit, even in zero time', () => {
    const { sim, a } = pair({ maxEvents: 1000, a: { answer: 'all' }, b: { answer: 'all' } });
    sendNow(sim, 1, a, A2, 0);
    assert.throws(() => sim.runFor(1e9), /maxEvents limit of 1000 events/);
    assert.equal(sim.eventCount, 1000);

    const z = pair({ linkDelayMs: 0, maxEvents: 500, a: { answer: 'all' }, b: { answer: 'all' } });
    sendNow(z.sim, 1, z.a, A2, 0);
    assert.throws(() => z.sim.runFor(1), /maxEvents limit of 500 events reached at t=0 ms/);
  });
});

describe('trace', () => {
  test('the format: fixed-width time, frame number, ends, bearer, fate, summary; notes', () => {
    const { sim, a } = pair();
    sim.addRule({ name: 'no pongs', match: { user: PONG }, action: { kind: 'drop' } });
    a.note('publishing');
    sendNow(sim, 1, a, A2, 0);
    sendNow(sim, 1, a, 0x1001009, 1);
    sim.runFor(7393);
    a.note('late');
    sim.poke(1);
    const out = formatTrace(sim.trace(), { nodeName: (id) => `n${id}`, bearerName: (b) => (b === 0 ? 'A' : 'B') });
    assert.equal(
      out,
      [
        '[   0.000] node n1: publishing',
        '[   0.000] #    2 n1>? bearer B no-route PING/0 seq=2',
        '[   0.001] #    1 n1>n2 bearer A deliver PING/0 seq=1',
        '[   0.001] #    3 n2>n1 bearer A drop(no pongs) PONG/0 seq=1',
        '[   7.393] node n1: late',
        '',
      ].join('\n'),
    );
    assert.equal(formatTime(12345678), '[12345.678]');
    assert.equal(formatTrace([]), '');
  });

  test('the same seed and inputs give a byte-identical trace; another seed a different one', () => {
    const run = (seed: number): string => {
      const { sim, a } = pair({
        seed,
        a: { keepaliveMs: 100, peers: [A2] },
        b: { keepaliveMs: 130, peers: [A1] },
      });
      sim.addRule({ name: 'loss', match: {}, action: { kind: 'drop' }, probability: 0.2 });
      sim.addRule({ name: 'echo', match: { user: KEEPALIVE }, action: { kind: 'duplicate' }, probability: 0.1 });
      sim.addRule({ name: 'shuffle', match: { bearer: 1 }, action: { kind: 'reorder', ms: 3 }, probability: 0.1 });
      for (let i = 0; i < 30; i++) {
        sendNow(sim, 1, a, A2, i % 2);
        sim.runFor(17);
      }
      sim.setBearerUp(2, 1, false);
      sim.runFor(500);
      sim.setBearerUp(2, 1, true);
      sim.runFor(1000);
      return text(sim);
    };
    const first = run(1);
    assert.ok(first.split('\n').length > 100, 'a real trace');
    for (const f of ['drop(loss)', 'dup(echo)', 'reorder(shuffle)', 'bearer-down', 'node 2: keepalive']) {
      assert.ok(first.includes(f), `trace shows ${f}`);
    }
    assert.equal(run(1), first);
    assert.notEqual(run(2), first);
  });
});

// --- bearer broadcasts and the timer queue -----------------------------------------------------

interface Cluster {
  readonly sim: Simulator;
  /** The toy of node `id` (address 100 + id). */
  readonly toy: (id: NodeId) => Toy;
  /** "rx <node>@t" and "tick <node>@t" across all nodes, in the order the simulator called. */
  readonly log: string[];
}

/** A Toy that wants a tick 30 ms after every frame it receives. */
class Snoozer extends Toy {
  override receive(now: number, bearer: BearerIndex, bytes: Uint8Array): void {
    super.receive(now, bearer, bytes);
    this.setTimer(now + 30);
  }
}

/** Nodes added in the order given, node `id` with address 100 + id, every call logged in one list. */
function cluster(
  ids: readonly NodeId[],
  o: {
    linkDelayMs?: number;
    bearers?: (id: NodeId) => BearerIndex[];
    opts?: (id: NodeId) => ToyOptions;
    make?: (id: NodeId, address: number, opts: ToyOptions) => Toy;
  } = {},
): Cluster {
  const sim = new Simulator({
    seed: 1,
    ...(o.linkDelayMs !== undefined ? { linkDelayMs: o.linkDelayMs } : {}),
    describe: fakeDescribe,
    classify: fakeClassify,
  });
  const toys = new Map<NodeId, Toy>();
  const log: string[] = [];
  for (const id of ids) {
    const opts = o.opts?.(id) ?? { answer: 'none' };
    const t = o.make?.(id, 100 + id, opts) ?? new Toy(100 + id, opts);
    toys.set(id, t);
    const ep: SimEndpoint = {
      address: t.address,
      receive: (now, bearer, bytes) => {
        log.push(`rx ${id}@${now}`);
        t.receive(now, bearer, bytes);
      },
      tick: (now) => {
        log.push(`tick ${id}@${now}`);
        t.tick(now);
      },
      pollTimeout: () => t.pollTimeout(),
      pollTransmit: () => t.pollTransmit(),
      pollNotes: () => t.pollNotes(),
    };
    sim.addNode(id, ep, o.bearers?.(id) ?? [0, 1]);
  }
  const toy = (id: NodeId): Toy => {
    const t = toys.get(id);
    if (!t) throw new Error(`no toy ${id}`);
    return t;
  };
  return { sim, toy, log };
}

/** Sets node `id`'s timer and lets the simulator re-read it. */
function setTimer(c: Cluster, id: NodeId, at: number | undefined): void {
  c.toy(id).setTimer(at);
  c.sim.poke(id);
}

/** "t #n from>to [bcast ]fate" for each frame entry. */
function castFates(sim: Simulator): string[] {
  return frames(sim).map((e) => `${e.t} #${e.n} ${e.from}>${e.to} ${e.broadcast ? 'bcast ' : ''}${e.fate}`);
}

describe('bearer broadcasts', () => {
  test('one copy per other node on the bearer, all with one send number; each unicast its own send', () => {
    // Node 5 lacks bearer 0, so it gets no copy; nodes are added out of id order.
    const c = cluster([3, 1, 5, 4, 2], { bearers: (id) => (id === 5 ? [1] : [0, 1]) });
    const { sim } = c;
    sendNow(sim, 1, c.toy(1), BROADCAST_DEST, 0, KEEPALIVE); // seq 1: #1..#3
    sendNow(sim, 1, c.toy(1), 102, 0, KEEPALIVE); // seq 2: #4
    sendNow(sim, 1, c.toy(1), BROADCAST_DEST, 0, KEEPALIVE); // seq 3: #5..#7
    sim.runFor(5);

    const fs = frames(sim);
    assert.equal(fs.length, 7);
    const first = fs.filter((e) => e.n <= 3);
    const uni = fs.filter((e) => e.n === 4);
    const second = fs.filter((e) => e.n >= 5);
    assert.equal(first.length, 3);
    assert.equal(uni.length, 1);
    assert.equal(second.length, 3);

    // The first broadcast: three copies, distinct numbers, one send, all marked broadcast.
    assert.deepEqual(first.map((e) => e.n).sort(), [1, 2, 3]);
    assert.deepEqual(first.map((e) => e.to).sort(), [2, 3, 4]);
    const s1 = first[0]?.send;
    assert.ok(s1 !== undefined);
    for (const e of first) {
      assert.equal(e.send, s1, `#${e.n} shares the send of the broadcast`);
      assert.equal(e.broadcast, true);
      assert.equal(e.from, 1);
      assert.equal(e.bearer, 0);
      assert.equal(e.fate, 'deliver');
      assert.equal(e.t, 1);
    }

    // The unicast after it: a send of its own, not a broadcast.
    const u = uni[0];
    assert.ok(u !== undefined);
    assert.equal(u.broadcast, false);
    assert.equal(u.to, 2);
    assert.ok(u.send > s1, `the unicast's send ${u.send} is a new, later send than ${s1}`);

    // The second broadcast: again one shared send, new again.
    const s3 = second[0]?.send;
    assert.ok(s3 !== undefined);
    assert.ok(s3 > u.send);
    assert.ok(second.every((e) => e.send === s3 && e.broadcast));
    assert.deepEqual(second.map((e) => e.to).sort(), [2, 3, 4]);

    // What the nodes got: both broadcasts everywhere on bearer 0, the unicast only at node 2.
    assert.deepEqual(c.toy(2).seqs(), [1, 2, 3]);
    assert.deepEqual(c.toy(3).seqs(), [1, 3]);
    assert.deepEqual(c.toy(4).seqs(), [1, 3]);
    assert.deepEqual(c.toy(5).seqs(), []);
    assert.deepEqual(c.toy(1).seqs(), [], 'the sender gets no copy');
  });

  test('several unicasts in one poll each get their own send', () => {
    const c = cluster([1, 2, 3]);
    c.toy(1).send(102, 0, KEEPALIVE);
    c.toy(1).send(103, 0, KEEPALIVE);
    c.toy(1).send(102, 1, KEEPALIVE);
    c.sim.poke(1);
    c.sim.runFor(5);
    const fs = frames(c.sim);
    assert.equal(fs.length, 3);
    assert.equal(new Set(fs.map((e) => e.send)).size, 3);
    assert.ok(fs.every((e) => !e.broadcast));
  });

  test('match {broadcast: true} takes only broadcast copies, {broadcast: false} only unicasts', () => {
    const run = (broadcast: boolean | undefined): string[] => {
      const c = cluster([1, 2, 3]);
      c.sim.addRule({
        name: 'r',
        match: { user: KEEPALIVE, mtype: 4, ...(broadcast !== undefined ? { broadcast } : {}) },
        action: { kind: 'drop' },
      });
      sendNow(c.sim, 1, c.toy(1), BROADCAST_DEST, 0, KEEPALIVE, 4); // #1 to 2, #2 to 3
      sendNow(c.sim, 1, c.toy(1), 102, 0, KEEPALIVE, 4); // #3 to 2
      c.sim.runFor(5);
      return [...castFates(c.sim), `2 got ${c.toy(2).seqs().join(',')}`, `3 got ${c.toy(3).seqs().join(',')}`];
    };
    assert.deepEqual(run(true), ['0 #1 1>2 bcast drop(r)', '0 #2 1>3 bcast drop(r)', '1 #3 1>2 deliver', '2 got 2', '3 got ']);
    assert.deepEqual(run(false), ['0 #3 1>2 drop(r)', '1 #1 1>2 bcast deliver', '1 #2 1>3 bcast deliver', '2 got 1', '3 got 1']);
    assert.deepEqual(run(undefined), ['0 #1 1>2 bcast drop(r)', '0 #2 1>3 bcast drop(r)', '0 #3 1>2 drop(r)', '2 got ', '3 got ']);
  });

  test('a broadcast rule can single out one receiver; the other copies go on', () => {
    const c = cluster([1, 2, 3, 4]);
    c.sim.addRule({ name: 'not 3', match: { to: 3, broadcast: true }, action: { kind: 'delay', ms: 5 } });
    sendNow(c.sim, 1, c.toy(1), BROADCAST_DEST, 1, PING);
    sendNow(c.sim, 1, c.toy(1), 103, 1, PING);
    c.sim.runFor(10);
    assert.deepEqual(castFates(c.sim), ['1 #1 1>2 bcast deliver', '1 #3 1>4 bcast deliver', '1 #4 1>3 deliver', '6 #2 1>3 bcast delay(not 3)']);
  });

  test('formatEntry writes "bcast " before the fate of broadcast copies only', () => {
    const c = cluster([1, 2, 3]);
    c.sim.addRule({ name: 'x', match: { to: 3, broadcast: true }, action: { kind: 'drop' } });
    sendNow(c.sim, 1, c.toy(1), BROADCAST_DEST, 0, KEEPALIVE); // #1 to 2, #2 to 3 (dropped)
    sendNow(c.sim, 1, c.toy(1), 103, 1, KEEPALIVE); // #3
    c.sim.runFor(5);
    const ab = { bearerName: (b: BearerIndex): string => 'AB'[b] ?? String(b) };
    assert.deepEqual(
      c.sim.trace().map((e) => formatEntry(e, ab)),
      [
        '[   0.000] #    2 1>3 bearer A bcast drop(x) KEEPALIVE/0 seq=1',
        '[   0.001] #    1 1>2 bearer A bcast deliver KEEPALIVE/0 seq=1',
        '[   0.001] #    3 1>3 bearer B deliver KEEPALIVE/0 seq=2',
      ],
    );

    const entry = (broadcast: boolean, to: NodeId): TraceEntry => ({
      t: 7393,
      kind: 'frame',
      n: 31,
      send: 12,
      broadcast,
      from: 1,
      to,
      bearer: 0,
      fate: 'no-route',
      summary: 'S',
      bytes: new Uint8Array(0),
    });
    assert.equal(formatEntry(entry(true, 2)), '[   7.393] #   31 1>2 bearer 0 bcast no-route S');
    assert.equal(formatEntry(entry(false, 2)), '[   7.393] #   31 1>2 bearer 0 no-route S');
    assert.equal(formatEntry(entry(false, NO_NODE)), '[   7.393] #   31 1>? bearer 0 no-route S');
    assert.equal(formatEntry({ t: 0, kind: 'note', node: 4, text: 'bcast' }), '[   0.000] node 4: bcast');
    const whole = formatTrace(c.sim.trace(), ab);
    assert.equal(whole.split('bcast ').length - 1, 2, 'formatTrace agrees: two broadcast copies');
  });
});

describe('timer queue order', () => {
  test('timers due at the same time tick in ascending node id, whatever the add or set order', () => {
    const c = cluster([5, 3, 7, 1, 6, 2, 4]);
    for (const id of [4, 7, 1, 3, 6, 2, 5]) setTimer(c, id, 50);
    c.sim.runFor(100);
    assert.deepEqual(c.log, [1, 2, 3, 4, 5, 6, 7].map((id) => `tick ${id}@50`));

    c.log.length = 0;
    // Odd ids at 150, even ids at 140, set in a scrambled order.
    for (const id of [7, 2, 5, 4, 1, 6, 3]) setTimer(c, id, id % 2 === 0 ? 140 : 150);
    assert.equal(c.sim.nextEventAt(), 140);
    c.sim.runFor(100);
    assert.deepEqual(c.log, ['tick 2@140', 'tick 4@140', 'tick 6@140', 'tick 1@150', 'tick 3@150', 'tick 5@150', 'tick 7@150']);
  });

  test('a changed pollTimeout is ticked at the new time only (earlier, later, undefined, and back)', () => {
    const c = cluster([1, 2, 3, 4]);
    setTimer(c, 1, 100);
    setTimer(c, 2, 50);
    setTimer(c, 3, 60);
    setTimer(c, 4, 80);
    c.sim.runFor(10);
    setTimer(c, 1, 50); // earlier
    setTimer(c, 2, 200); // later
    setTimer(c, 3, undefined); // none
    setTimer(c, 4, 120); // later, then back to where it was
    setTimer(c, 4, 80);
    assert.equal(c.sim.nextEventAt(), 50);
    c.sim.runFor(290);
    assert.deepEqual(c.log, ['tick 1@50', 'tick 4@80', 'tick 2@200']);
    assert.deepEqual(c.toy(1).ticks, [50]);
    assert.deepEqual(c.toy(2).ticks, [200]);
    assert.deepEqual(c.toy(3).ticks, []);
    assert.deepEqual(c.toy(4).ticks, [80]);
    assert.equal(c.sim.nextEventAt(), undefined);
    assert.equal(c.sim.step(), false);
  });

  test('a pollTimeout changed by receive() is re-read: ticked at the new time, not the old', () => {
    const c = cluster([1, 2], { make: (id, address, opts) => (id === 2 ? new Snoozer(address, opts) : new Toy(address, opts)) });
    setTimer(c, 2, 100);
    c.sim.runFor(10);
    sendNow(c.sim, 1, c.toy(1), 102, 0, KEEPALIVE); // arrives at 11; node 2 then wants a tick at 41
    c.sim.runFor(190);
    assert.deepEqual(c.log, ['rx 2@11', 'tick 2@41']);
  });

  test('a timer due in the past ticks now, and ties with timers due now by node id', () => {
    const c = cluster([1, 2, 3, 4]);
    c.sim.runFor(100);
    setTimer(c, 4, 101); // later
    setTimer(c, 3, 40); // overdue the longest
    setTimer(c, 2, 70); // overdue
    setTimer(c, 1, 100); // due now
    assert.equal(c.sim.nextEventAt(), 100);
    c.sim.runFor(10);
    assert.deepEqual(c.log, ['tick 1@100', 'tick 2@100', 'tick 3@100', 'tick 4@101']);
    assert.equal(c.sim.now, 110);

    // Only overdue timers: all at now, in node id order (not in order of how overdue they are).
    const d = cluster([1, 2, 3]);
    d.sim.runFor(500);
    setTimer(d, 3, 10);
    setTimer(d, 1, 400);
    setTimer(d, 2, 200);
    assert.equal(d.sim.nextEventAt(), 500);
    assert.equal(d.sim.step(), true);
    assert.equal(d.sim.now, 500);
    assert.equal(d.sim.nextEventAt(), 500, 'the other two are still due now');
    d.sim.runFor(0);
    assert.deepEqual(d.log, ['tick 1@500', 'tick 2@500', 'tick 3@500']);
  });

  test('a frame due now goes before an overdue timer', () => {
    const c = cluster([1, 2]);
    c.sim.addRule({ name: 'park', match: { from: 2 }, action: { kind: 'hold' } });
    sendNow(c.sim, 2, c.toy(2), 101, 0, KEEPALIVE);
    c.sim.runFor(100);
    setTimer(c, 2, 30); // overdue the longest
    setTimer(c, 1, 60); // overdue, lower id, and the frame's receiver
    assert.equal(c.sim.release('park'), 1);
    c.sim.runFor(0);
    assert.deepEqual(c.log, ['rx 1@100', 'tick 1@100', 'tick 2@100']);
  });

  test('a frame and a timer due at the same time: the frame first, even on another node', () => {
    const c = cluster([1, 2]);
    setTimer(c, 1, 100);
    setTimer(c, 2, 100);
    c.sim.runFor(99);
    sendNow(c.sim, 1, c.toy(1), 102, 0, KEEPALIVE); // arrives at node 2 at 100
    c.sim.runFor(1);
    assert.deepEqual(c.log, ['rx 2@100', 'tick 1@100', 'tick 2@100']);
  });

  test('with linkDelayMs 0 a frame sent by a tick goes before the other timers due then', () => {
    const c = cluster([1, 2], {
      linkDelayMs: 0,
      opts: (id) => (id === 1 ? { answer: 'none', keepaliveMs: 50, peers: [102], bearers: [0] } : { answer: 'none' }),
    });
    setTimer(c, 2, 50);
    c.sim.runFor(50);
    assert.deepEqual(c.log, ['tick 1@50', 'rx 2@50', 'tick 2@50']);
  });
});

describe('the wire FIFO (frames due at send time + link delay, as columns)', () => {
  test('gives back what was queued, in order, across wrap-around and growth', () => {
    // a model run: pushes (times never decreasing) and drops in any mix, more rows than the first ring holds
    const ops = fc.array(fc.oneof({ arbitrary: fc.record({ push: fc.integer({ min: 0, max: 3 }) }), weight: 2 }, { arbitrary: fc.constant({ drop: true as const }), weight: 1 }), { minLength: 1, maxLength: 5000 });
    fc.assert(
      fc.property(ops, (list) => {
        const q = new WireFifo();
        const model: FifoFrame[] = [];
        let at = 0;
        let seq = 0;
        for (const op of list) {
          if ('push' in op) {
            at += op.push;
            const f: FifoFrame = { at, seq, n: seq + 1, send: seq + 2, broadcast: seq % 3 === 0, from: seq % 7, to: seq % 11, bearer: seq % 2, where: seq * 40.5, len: seq % 100 };
            seq++;
            q.push(f.at, f.seq, f.n, f.send, f.broadcast, f.from, f.to, f.bearer, f.where, f.len);
            model.push(f);
          } else {
            const head = model.shift();
            if (head !== undefined) {
              assert.deepEqual(
                { at: q.headAt(), seq: q.headSeq(), n: q.headN(), send: q.headSend(), broadcast: q.headBroadcast(), from: q.headFrom(), to: q.headTo(), bearer: q.headBearer(), where: q.headWhere(), len: q.headLen() },
                head,
              );
            }
            q.drop();
          }
          assert.equal(q.size, model.length);
        }
        assert.deepEqual(q.rows(), model);
      }),
      { seed: 1, numRuns: 40 },
    );
  });

  test('grows while wrapped around: the rows keep their order', () => {
    const q = new WireFifo();
    const row = (k: number): FifoFrame => ({ at: k, seq: k, n: k, send: k, broadcast: k % 2 === 0, from: k % 5, to: k % 9, bearer: k % 2, where: k * 64, len: k % 60 });
    const put = (k: number): void => {
      const f = row(k);
      q.push(f.at, f.seq, f.n, f.send, f.broadcast, f.from, f.to, f.bearer, f.where, f.len);
    };
    // 800 in, 700 out: the head is at 700 of the first ring (1,024 rows); 1,000 more wrap round and outgrow it
    for (let k = 0; k < 800; k++) put(k);
    for (let k = 0; k < 700; k++) q.drop();
    for (let k = 800; k < 1800; k++) put(k);
    assert.equal(q.size, 1100);
    assert.deepEqual(q.rows(), Array.from({ length: 1100 }, (_, i) => row(700 + i)));
    assert.equal(q.headN(), 700);
  });

  test('refuses a frame due before the last one queued', () => {
    const q = new WireFifo();
    q.push(5, 1, 1, 1, false, 1, 2, 0, 0, 40);
    assert.throws(() => q.push(4, 2, 2, 2, false, 1, 2, 0, 40, 40), /due at 4 \(#2\) queued after one due at 5 \(#1\)/);
    assert.throws(() => q.push(5, 0, 2, 2, false, 1, 2, 0, 40, 40), /#0/);
    assert.equal(q.size, 1);
  });
});

/**
 * The simulator on toy endpoints: fault rules, bearers, timers, determinism. The toy frames are
 * two bytes: [user, counter]; the "user" byte is what rules match on.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Simulator } from '../sim/simulator';
import { formatTrace } from '../sim/trace';
import { Prng } from '../sim/prng';
import type { OutFrame, SimEndpoint } from '../sim/types';

class Toy implements SimEndpoint {
  got: { t: number; bearer: number; user: number; k: number }[] = [];
  out: OutFrame[] = [];
  notes: string[] = [];
  timer: number | undefined;
  ticks: number[] = [];
  constructor(
    readonly address: number,
    private readonly peer: number,
    private readonly every?: number,
  ) {
    this.timer = every;
  }
  send(bearer: number, user: number, k: number): void {
    this.out.push({ bearer, dest: this.peer, bytes: Uint8Array.of(user, k) });
  }
  receive(now: number, bearer: number, bytes: Uint8Array): void {
    this.got.push({ t: now, bearer, user: bytes[0], k: bytes[1] });
  }
  tick(now: number): void {
    this.ticks.push(now);
    this.notes.push(`tick ${now}`);
    this.send(0, 9, this.ticks.length & 0xff);
    this.timer = now + (this.every as number);
  }
  pollTimeout(): number | undefined {
    return this.timer;
  }
  pollTransmit(): OutFrame[] {
    const o = this.out;
    this.out = [];
    return o;
  }
  pollNotes(): string[] {
    const n = this.notes;
    this.notes = [];
    return n;
  }
}

function setup(seed = 1, every?: number): { sim: Simulator; a: Toy; b: Toy } {
  const sim = new Simulator({
    seed,
    describe: (b) => `toy user=${b[0]} k=${b[1]}`,
    classify: (b) => (b.length >= 2 ? { user: b[0], mtype: 0 } : undefined),
  });
  const a = new Toy(100, 200, every);
  const b = new Toy(200, 100);
  sim.addNode(1, a, [0, 1]);
  sim.addNode(2, b, [0, 1]);
  return { sim, a, b };
}

function burst(sim: Simulator, a: Toy, n: number, user = 1, bearer = 0): void {
  for (let k = 0; k < n; k++) a.send(bearer, user, k);
  sim.poke(1);
}

test('frames arrive after the link delay, in order', () => {
  const { sim, a, b } = setup();
  burst(sim, a, 3);
  sim.runFor(10);
  assert.deepEqual(b.got.map((g) => [g.t, g.k]), [[1, 0], [1, 1], [1, 2]]);
});

test('drop, delay, duplicate, reorder, pass, count and first match', () => {
  const { sim, a, b } = setup();
  sim.addRule({ name: 'pass-user-2', match: { user: 2 }, action: { kind: 'pass' } });
  sim.addRule({ name: 'drop-two', match: { from: 1 }, action: { kind: 'drop' }, count: 2 });
  sim.addRule({ name: 'later-all', match: { from: 1 }, action: { kind: 'delay', ms: 5 } });
  a.send(0, 2, 50); // passes untouched despite later rules
  burst(sim, a, 3); // k=0,1 dropped (count 2), k=2 delayed
  sim.runFor(20);
  assert.deepEqual(b.got.map((g) => [g.t, g.k]), [[1, 50], [6, 2]]);
  sim.clearRules();
  sim.addRule({ name: 'dup', match: {}, action: { kind: 'duplicate' }, count: 1 });
  sim.addRule({ name: 'hold-back', match: { user: 3 }, action: { kind: 'reorder', ms: 4 } });
  b.got = [];
  a.send(0, 3, 1);
  a.send(0, 1, 2);
  a.send(0, 1, 3);
  sim.poke(1);
  sim.runFor(20);
  // k=1 matches 'dup' first (delivered twice); nothing else is duplicated; user 3 is only reordered when not duplicated
  assert.deepEqual(b.got.map((g) => g.k), [1, 2, 3, 1]);
  assert.match(formatTrace(sim.trace()), /drop\(drop-two\)/);
  assert.match(formatTrace(sim.trace()), /dup\(dup\)/);
});

test('reorder lets later frames overtake', () => {
  const { sim, a, b } = setup();
  sim.addRule({ name: 'slow-first', match: {}, action: { kind: 'reorder', ms: 3 }, count: 1 });
  burst(sim, a, 3);
  sim.runFor(10);
  assert.deepEqual(b.got.map((g) => g.k), [1, 2, 0]);
});

test('hold parks frames until released, then they arrive in that instant', () => {
  const { sim, a, b } = setup();
  sim.addRule({ name: 'park', match: { user: 4 }, action: { kind: 'hold' } });
  a.send(1, 4, 7);
  a.send(1, 1, 8);
  sim.poke(1);
  sim.runFor(50);
  assert.deepEqual(b.got.map((g) => g.k), [8]);
  sim.removeRule('park');
  assert.equal(sim.release('park'), 1);
  sim.runFor(0);
  assert.deepEqual(b.got.map((g) => [g.t, g.k]), [[1, 8], [50, 7]]);
});

test('probability draws from the seed: same seed same losses, other seed other losses', () => {
  const lost = (seed: number): string => {
    const { sim, a, b } = setup(seed);
    sim.addRule({ name: 'coin', match: {}, action: { kind: 'drop' }, probability: 0.5 });
    burst(sim, a, 64);
    sim.runFor(5);
    return b.got.map((g) => g.k).join(',');
  };
  assert.equal(lost(11), lost(11));
  assert.notEqual(lost(11), lost(12));
  const n = lost(11).split(',').length;
  assert.ok(n > 16 && n < 48, `about half of 64 get through, got ${n}`);
});

test('a bearer that is down neither sends nor receives; up again restores it', () => {
  const { sim, a, b } = setup();
  sim.setBearerUp(2, 0, false);
  burst(sim, a, 1, 1, 0);
  burst(sim, a, 1, 1, 1);
  sim.runFor(5);
  assert.deepEqual(b.got.map((g) => g.bearer), [1]);
  sim.setBearerUp(1, 0, false);
  sim.setBearerUp(2, 0, true);
  burst(sim, a, 1, 1, 0);
  sim.runFor(5);
  assert.equal(b.got.length, 1);
  sim.setBearerUp(1, 0, true);
  burst(sim, a, 1, 1, 0);
  sim.runFor(5);
  assert.deepEqual(b.got.map((g) => g.bearer), [1, 0]);
  assert.match(formatTrace(sim.trace()), /bearer-down/);
});

test('timers fire at their virtual times; runUntil stops at its limit', () => {
  const { sim, a, b } = setup(1, 100);
  sim.runFor(350);
  assert.deepEqual(a.ticks, [100, 200, 300]);
  assert.deepEqual(b.got.map((g) => g.t), [101, 201, 301]);
  assert.equal(sim.runUntil(() => false, 1000), false);
  assert.equal(sim.now, 1350);
  assert.equal(sim.runUntil(() => a.ticks.length >= 15, 1000), true);
  assert.equal(sim.now, 1500);
});

test('frames to an unknown address are traced as no-route', () => {
  const { sim } = setup();
  const lost = new Toy(300, 999);
  sim.addNode(3, lost, [0]);
  lost.send(0, 1, 1);
  sim.poke(3);
  assert.match(formatTrace(sim.trace()), /no-route/);
});

test('a runaway endpoint is stopped by maxEvents with a clear error', () => {
  const sim = new Simulator({ seed: 1, maxEvents: 1000, describe: () => '', classify: () => undefined });
  const spin: SimEndpoint = {
    address: 1,
    receive: () => undefined,
    tick: () => undefined,
    pollTimeout: () => 0,
    pollTransmit: () => [],
    pollNotes: () => [],
  };
  sim.addNode(1, spin, [0]);
  assert.throws(() => sim.runFor(10), /1000 events/);
});

test('same seed, same formatted trace', () => {
  const run = (seed: number): string => {
    const { sim, a } = setup(seed, 37);
    sim.addRule({ name: 'coin', match: {}, action: { kind: 'drop' }, probability: 0.3 });
    sim.runFor(2000);
    void a;
    return formatTrace(sim.trace());
  };
  assert.equal(run(5), run(5));
  assert.notEqual(run(5), run(6));
});

test('the PRNG is deterministic and forks independent streams', () => {
  const p = new Prng(99);
  const q = new Prng(99);
  const xs = Array.from({ length: 5 }, () => p.nextU32());
  assert.deepEqual(xs, Array.from({ length: 5 }, () => q.nextU32()));
  assert.notDeepEqual(new Prng(99).fork('a').nextU32(), new Prng(99).fork('b').nextU32());
  for (let i = 0; i < 1000; i++) {
    const v = p.int(3, 7);
    assert.ok(v >= 3 && v <= 7 && Number.isInteger(v));
  }
});

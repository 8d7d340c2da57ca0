/**
 * The 'malform' fault action: the harness alters a frame's word 0 or cuts it as FrameAlteration
 * says, each alteration makes the frame fail the codec's tipc_msg_validate() checks with the
 * matching reason, the rest of the frame is untouched, and the simulator delivers the altered
 * bytes under the fate 'malformed(<rule>)' while the trace keeps the frame as sent.
 */
import { strict as assert } from 'node:assert';
import { describe, test } from 'node:test';
import type { FrameAlteration } from '../contract';
import { WireCodec, alterFrame } from '../harness/wire-codec';
import { INT_H_SIZE, User, msgInit, msgSetData } from '../reference/msg';
import { decode, decodeUnchecked, encode, msgBundle, msgExtract } from '../reference/msg-codec';
import { Simulator } from '../sim/simulator';
import type { OutFrame, SimEndpoint } from '../sim/types';

/** A 60-byte NAME_DISTRIBUTOR frame: a 40-byte header and one 20-byte item. */
function frame(): Uint8Array {
  const m = msgInit(0x1001001, User.NAME_DISTRIBUTOR, 0, INT_H_SIZE, 0x1001002);
  msgSetData(m, Uint8Array.from({ length: 20 }, (_, i) => i + 1));
  return encode(m);
}

describe('malformed frames', () => {
  const cases: { a: FrameAlteration; code: string; len: number }[] = [
    { a: { kind: 'hsize', bytes: 20 }, code: 'BAD_HSIZE', len: 60 },
    { a: { kind: 'version', version: 3 }, code: 'BAD_VERSION', len: 60 },
    { a: { kind: 'msize', body: -4 }, code: 'BAD_MSIZE', len: 60 },
    { a: { kind: 'msize', body: 66001 }, code: 'BAD_MSIZE', len: 60 },
    { a: { kind: 'cut', body: 0 }, code: 'TRUNCATED', len: 40 },
  ];
  for (const { a, code, len } of cases) {
    test(`${JSON.stringify(a)} fails validation as ${code}, the rest of the frame as sent`, () => {
      const sent = frame();
      const bad = alterFrame(sent, a);
      assert.deepEqual(sent, frame(), 'the frame as sent is not touched');
      assert.equal(bad.length, len);
      assert.deepEqual(bad.subarray(4), sent.subarray(4, len), 'only word 0 changes, or the tail goes');
      const d = decode(bad);
      assert.equal(d.ok, false);
      if (!d.ok) assert.equal(d.error.code, code);
      // Ethernet pads a frame to 46 bytes of payload: still invalid
      const padded = new Uint8Array(Math.max(46, bad.length));
      padded.set(bad);
      assert.equal(decode(padded).ok, false);
    });
  }

  test('the ablation reads a malformed frame at the fixed places of the header', () => {
    const sent = frame();
    const d = decodeUnchecked(alterFrame(sent, { kind: 'version', version: 3 }));
    assert.equal(d.ok, true);
    const whole = decode(sent);
    if (d.ok && whole.ok) {
      assert.deepEqual(d.msg.hdr.slice(1, INT_H_SIZE / 4), whole.msg.hdr.slice(1, INT_H_SIZE / 4));
      assert.deepEqual(d.msg.data, whole.msg.data);
    }
    // cut after its header: read all the same, with an empty body
    const cut = decodeUnchecked(alterFrame(sent, { kind: 'cut', body: 0 }));
    assert.equal(cut.ok && cut.msg.data.length, 0);
  });

  test("the simulator delivers the altered bytes as 'malformed(<rule>)' and keeps the frame as sent", () => {
    const got: Uint8Array[] = [];
    const out: OutFrame[] = [];
    const ep = (address: number, rx: boolean): SimEndpoint => ({
      address,
      receive: (_now, _b, bytes) => void (rx && got.push(bytes)),
      tick: () => undefined,
      pollTimeout: () => undefined,
      pollTransmit: () => (address === 1 ? out.splice(0) : []),
      pollNotes: () => [],
    });
    const codec = new WireCodec();
    const sim = new Simulator({ seed: 1, describe: (b) => codec.describe(b), classify: (b) => codec.classify(b), alter: alterFrame });
    sim.addNode(1, ep(1, false), [0]);
    sim.addNode(2, ep(2, true), [0]);
    sim.addRule({ name: 'bad', match: { from: 1 }, action: { kind: 'malform', alteration: { kind: 'version', version: 3 } } });
    out.push({ bearer: 0, dest: 2, bytes: frame() });
    sim.poke(1);
    sim.runFor(10);
    assert.equal(got.length, 1);
    assert.equal(decode(got[0]).ok, false);
    const e = sim.trace().find((t) => t.kind === 'frame');
    assert.ok(e && e.kind === 'frame');
    assert.equal(e.fate, 'malformed(bad)');
    assert.deepEqual(e.sent, frame());
    assert.match(e.summary, /^UNDECODABLE \(expected version 2, got 3\); sent as NAME_DISTRIBUTOR/);
  });

  test('a simulator without an alter function refuses to malform', () => {
    const sim = new Simulator({ seed: 1, describe: () => '', classify: () => undefined });
    const out: OutFrame[] = [{ bearer: 0, dest: 2, bytes: frame() }];
    const ep = (address: number): SimEndpoint => ({
      address,
      receive: () => undefined,
      tick: () => undefined,
      pollTimeout: () => undefined,
      pollTransmit: () => (address === 1 ? out.splice(0) : []),
      pollNotes: () => [],
    });
    sim.addNode(2, ep(2), [0]);
    sim.addRule({ name: 'bad', match: {}, action: { kind: 'malform', alteration: { kind: 'cut', body: 0 } } });
    assert.throws(() => sim.addNode(1, ep(1), [0]), /no alter function/);
  });
});

describe('a malformed message inside a bundle', () => {
  const data = (n: number, bytes: number) => {
    const m = msgInit(0x1001002, User.TIPC_LOW_IMPORTANCE, 3, 32, 0x1001001);
    msgSetData(m, new Uint8Array(bytes).fill(n));
    return m;
  };
  for (const inner of [{ kind: 'version', version: 3 }, { kind: 'msize', body: 66001 }, { kind: 'msize', body: -4 }] as FrameAlteration[]) {
    test(`message 2 altered (${JSON.stringify(inner)}): the bundle validates, extraction stops before message 2`, () => {
      const sent = encode(msgBundle(0x1001002, 0x1001001, [data(1, 5), data(2, 4), data(3, 4)]));
      const bad = alterFrame(sent, { kind: 'bundled', message: 2, alteration: inner });
      assert.deepEqual(bad.subarray(0, 40 + 40), sent.subarray(0, 80), 'the header and message 1 (37 bytes, padded to 40) as sent');
      assert.notDeepEqual(bad.subarray(80, 84), sent.subarray(80, 84), "message 2's word 0 altered");
      assert.deepEqual(bad.subarray(84), sent.subarray(84), 'the rest as sent');
      const d = decode(bad);
      assert.ok(d.ok, 'the bundle itself passes tipc_msg_validate');
      if (d.ok) assert.deepEqual(msgExtract(d.msg).map((m) => m.data[0]), [1]);
    });
  }
  test('a bundle with fewer messages than the one named is left as sent', () => {
    const sent = encode(msgBundle(0x1001002, 0x1001001, [data(1, 4), data(2, 4)]));
    assert.deepEqual(alterFrame(sent, { kind: 'bundled', message: 3, alteration: { kind: 'version', version: 3 } }), sent);
  });
});

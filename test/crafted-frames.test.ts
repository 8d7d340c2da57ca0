/**
 * Issue 22 item 8: a crafted frame must cost no more to describe than a real one. A
 * TUNNEL_PROTOCOL message nested 1,650 deep (66,000 bytes, and valid: every body is within
 * TIPC_MAX_USER_MSG_SIZE) decodes at once; its description, the layout oracle, the trace and the
 * pcap of a run that carries it must stay bounded, and nothing may recurse as deep as the frame.
 * Work is counted (decodes, which copy the rest of the body), not timed.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { INT_H_SIZE, MIN_H_SIZE, User, msgInit, msgSetData } from '../reference/msg';
import { decode, encode } from '../reference/msg-codec';
import { encodeGapAckBlks } from '../harness/msg-fields';
import { DESCRIBE_MAX_CHARS, DESCRIBE_MAX_INNER, describe } from '../harness/msg-describe';
import { MSG_LAYOUT_MAX_DEPTH, msgLayout } from '../harness/msg-layout';
import { WireCodec } from '../harness/wire-codec';
import { nodeAddress } from '../contract';
import { DESCRIPTION_LIMIT, deepestNesting, layoutDepth, nestedTunnel } from './support/fuzz';
import { referenceCluster } from './support/harness';

/** Bytes that count every array made from them: decode() copies a body with slice(), which makes one of these. */
class CountedBytes extends Uint8Array {
  static made = 0;
  static bytes = 0;
  // slice() and from() make the array of the species with its length
  constructor(length: number) {
    super(length);
    CountedBytes.made++;
    CountedBytes.bytes += this.length;
  }
}

/** The crafted frame's message, its bytes counted from here on. */
function crafted(depth: number, hsize?: number): ReturnType<typeof decode> {
  const d = decode(CountedBytes.from(nestedTunnel(depth, hsize)));
  CountedBytes.made = 0;
  CountedBytes.bytes = 0;
  return d;
}

test('the crafted frame is a valid message 1,650 levels deep, 66,000 bytes', () => {
  const bytes = nestedTunnel(1650);
  assert.equal(bytes.length, 66_000);
  const d = decode(bytes);
  assert.ok(d.ok, 'it decodes');
});

test('its description is bounded and says what it left out', () => {
  const d = crafted(1650);
  assert.ok(d.ok);
  const text = describe(d.msg);
  assert.ok(text.length <= DESCRIPTION_LIMIT, `at most ${DESCRIPTION_LIMIT} chars, got ${text.length}`);
  assert.equal(text.split('|| INNER:').length - 1, DESCRIBE_MAX_INNER + 1, `${DESCRIBE_MAX_INNER} inner messages described, then a note: ${text}`);
  assert.match(text, /\|\| INNER: \.\.\. \(\d+ bytes nested deeper than 4 levels, not described\)$/);
});

test('describing it decodes DESCRIBE_MAX_INNER inner messages, not 1,649', () => {
  const d = crafted(1650);
  assert.ok(d.ok);
  describe(d.msg);
  assert.ok(CountedBytes.made <= DESCRIBE_MAX_INNER, `at most ${DESCRIBE_MAX_INNER} bodies copied, saw ${CountedBytes.made} (${CountedBytes.bytes} bytes)`);
  assert.ok(CountedBytes.bytes <= DESCRIBE_MAX_INNER * 66_000, `at most ${DESCRIBE_MAX_INNER} x 66,000 bytes copied, saw ${CountedBytes.bytes}`);
});

test('the work is the same at every depth past the bound', () => {
  const work = [DESCRIBE_MAX_INNER + 2, 100, deepestNesting(MIN_H_SIZE)].map((depth) => {
    const d = crafted(depth, MIN_H_SIZE);
    assert.ok(d.ok, `depth ${depth} decodes`);
    describe(d.msg);
    return CountedBytes.made;
  });
  assert.deepEqual(work, [DESCRIBE_MAX_INNER, DESCRIBE_MAX_INNER, DESCRIBE_MAX_INNER], 'bodies copied at depth 6, 100, 2,751');
});

test('a description longer than DESCRIBE_MAX_CHARS is cut, with how much was cut', () => {
  // a STATE whose gap ACK record lists 2 x 255 blocks: some 6,000 characters
  const state = msgInit(nodeAddress(1), User.LINK_PROTOCOL, 0, INT_H_SIZE, nodeAddress(2));
  const blocks = Array.from({ length: 255 }, () => ({ ack: 65535, gap: 65535 }));
  msgSetData(state, encodeGapAckBlks({ bc: blocks, uc: blocks }));
  const withBody = encode(state);
  const d = decode(withBody);
  assert.ok(d.ok, 'the STATE with 510 gap ACK blocks decodes');
  const full = describe(d.msg);
  assert.ok(full.length > DESCRIBE_MAX_CHARS, `the uncut text is longer than the bound: ${full.length}`);
  assert.match(full, /^LINK_PROTOCOL\/STATE .* gacks=bc\[/);
  assert.match(full, / \.\.\. \(cut, \d+ more chars\)$/);
  assert.equal(full.length, DESCRIBE_MAX_CHARS + ` ... (cut, ${/\(cut, (\d+) more/.exec(full)?.[1]} more chars)`.length);
});

test('the layout oracle reads MSG_LAYOUT_MAX_DEPTH levels of it, not 1,650', () => {
  const l = msgLayout(nestedTunnel(1650));
  assert.ok(l);
  assert.equal(layoutDepth(l), MSG_LAYOUT_MAX_DEPTH + 1);
  assert.equal(JSON.stringify(l).length < 20_000, true, 'its JSON is small');
});

test('the layout oracle still reads what real traffic nests: a tunnelled message', () => {
  const l = msgLayout(nestedTunnel(2));
  assert.ok(l?.inner, 'the inner message is read');
  assert.equal(l.inner.user, 7);
});

test('a run that carries the crafted frame: trace line, pcap and observations bounded', async () => {
  const c = referenceCluster({ nodes: [1, 2], iut: [1], seed: 5 }, 'fixed', (n) => {
    if (n.address !== nodeAddress(1)) return n;
    let sent = false;
    return new Proxy(n, {
      get(target, prop, receiver) {
        if (prop === 'pollTransmit')
          return () => {
            const own = target.pollTransmit();
            if (sent || own.length === 0) return own;
            sent = true;
            return [...own, { bearer: 0, dest: nodeAddress(2), bytes: nestedTunnel(1650) }];
          };
        const v: unknown = Reflect.get(target, prop, receiver);
        return typeof v === 'function' ? (v as (...a: unknown[]) => unknown).bind(target) : v;
      },
    });
  });
  await c.start();
  await c.advance(2000);
  const lines = c.traceText().split('\n');
  const big = lines.filter((l) => l.includes('nested deeper than'));
  assert.equal(big.length, 1, 'the crafted frame is in the trace once');
  assert.ok(Math.max(...lines.map((l) => l.length)) <= DESCRIPTION_LIMIT + 200, 'no trace line longer than a description and its prefix');
  const frames = c.wireFrames().filter((f) => (f.layout?.msize ?? 0) === 66_000);
  assert.equal(frames.length, 1, 'the frame is on the wire');
  assert.equal(frames[0]?.tunnelled?.user, 10, 'its tunnelled message is the next tunnel');
  assert.ok(c.pcap().length > 66_000, 'the pcap holds it');
  assert.equal(new WireCodec().describe(nestedTunnel(1650)).length <= DESCRIPTION_LIMIT, true);
  c.throwIfFaulty();
  await c.stop();
});

test('a TUNNEL_PROTOCOL or MSG_BUNDLER frame whose header size says 0 (its body is itself) reads once, without recursion', () => {
  // found by the campaign: 40 bytes that overflowed the stack of the layout oracle
  for (const user of [User.TUNNEL_PROTOCOL, User.MSG_BUNDLER]) {
    const b = encode(msgInit(nodeAddress(1), user, 1, INT_H_SIZE, nodeAddress(2)));
    b[1] &= 0x1f; // word 0 bits 21-24: header size 0
    b[0] &= 0xfe;
    const l = msgLayout(b);
    assert.ok(l, `user ${user}: read`);
    assert.equal(l.hsize, 0);
    assert.equal(l.inner, undefined, `user ${user}: no inner message read from a body that is the frame`);
    assert.deepEqual(l.bundle?.msgs ?? [], [], `user ${user}: no bundled message read from it`);
  }
});

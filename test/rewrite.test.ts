/**
 * The rewrites of the receive-filter scenarios (RF-1..RF-5): FrameAlteration 'field' and 'short'
 * leave a frame that tipc_msg_validate() still accepts, with the one field (or the header size)
 * changed as msg.h places it; the features' text for them parses and prints back the same.
 */
import { strict as assert } from 'node:assert';
import { describe, test } from 'node:test';
import { type FrameAlteration, nodeAddress } from '../contract';
import { alterFrame } from '../harness/wire-codec';
import { BASIC_H_SIZE, SHORT_H_SIZE, msgDestDomain, msgDestnode, msgDestport, msgErrcode, msgHdrSz, msgInit, msgOrignode, msgPrevnode, msgSetData, msgSetDestport, msgType, msgUser } from '../reference/msg';
import { decode, encode } from '../reference/msg-codec';
import { alterationText, parseRewrite } from '../steps/support/values';

/** A 36-byte user message: LOW importance, TIPC_DIRECT_MSG, a 32-byte header, 4 bytes of body. */
function frame(): Uint8Array {
  const m = msgInit(nodeAddress(2), 0, 3, BASIC_H_SIZE, nodeAddress(1));
  msgSetDestport(m, 4711);
  msgSetData(m, Uint8Array.of(0, 0, 0, 20));
  return encode(m);
}

describe('rewritten frames', () => {
  test('each field rewrite changes that field only, and the frame still validates', () => {
    const cases: [FrameAlteration, (b: Uint8Array) => number, number][] = [
      [{ kind: 'field', field: 'user', value: 4 }, (b) => (ok(b), msgUser(dec(b))), 4],
      [{ kind: 'field', field: 'mtype', value: 0 }, (b) => msgType(dec(b)), 0],
      [{ kind: 'field', field: 'errcode', value: 2 }, (b) => msgErrcode(dec(b)), 2],
      [{ kind: 'field', field: 'destport', value: 0 }, (b) => msgDestport(dec(b)), 0],
      [{ kind: 'field', field: 'orignode', value: nodeAddress(3) }, (b) => msgOrignode(dec(b)), nodeAddress(3)],
      [{ kind: 'field', field: 'destnode', value: nodeAddress(3) }, (b) => msgDestnode(dec(b)), nodeAddress(3)],
      [{ kind: 'field', field: 'destdomain', value: nodeAddress(3) }, (b) => msgDestDomain(dec(b)), nodeAddress(3)],
      [{ kind: 'field', field: 'prevnode', value: nodeAddress(1) }, (b) => msgPrevnode(dec(b)), nodeAddress(1)],
    ];
    for (const [a, read, want] of cases) {
      const sent = frame();
      const got = alterFrame(sent, a);
      assert.deepEqual(sent, frame(), 'the frame as sent is not touched');
      assert.equal(read(got), want, alterationText(a));
      assert.equal(got.length, sent.length);
      assert.equal([...got].filter((x, i) => x !== sent[i]).length <= 4, true, 'one word at most');
    }
  });

  test('a 24-byte header: words 6 and 7 out, sizes 8 less, the body and orignode (prevnode) as sent', () => {
    const got = alterFrame(frame(), { kind: 'short' });
    assert.equal(got.length, 28);
    const m = dec(got);
    assert.equal(msgHdrSz(m), SHORT_H_SIZE);
    assert.deepEqual([...m.data], [0, 0, 0, 20]);
    assert.equal(msgOrignode(m), msgPrevnode(m));
    assert.equal(msgPrevnode(m), nodeAddress(2));
    assert.equal(msgDestport(m), 4711);
  });

  test('the features\' text parses and prints back the same', () => {
    for (const t of ['user 4', 'user 8', 'message type 0', 'error code 2', 'destination port 0', 'originating node 3', 'destination node 3', 'destination domain 3', 'destination domain 0', 'previous node 1', 'a 24-byte header']) {
      assert.equal(alterationText(parseRewrite(t)), t);
    }
    assert.deepEqual(parseRewrite('destination node 3'), { kind: 'field', field: 'destnode', value: nodeAddress(3) });
    assert.throws(() => parseRewrite('user 16'), /at most 15/);
    assert.throws(() => parseRewrite('version 3'), /not a rewrite/);
  });
});

function dec(b: Uint8Array) {
  const d = decode(b);
  if (!d.ok) throw new Error(`does not validate: ${d.error.message}`);
  return d.msg;
}

function ok(b: Uint8Array): void {
  assert.equal(decode(b).ok, true);
}

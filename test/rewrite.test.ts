/**
 * The rewrites of the receive-filter scenarios (RF-1..RF-5): FrameAlteration 'field' and 'short'
 * leave a frame that tipc_msg_validate() still accepts, with the one field (or the header size)
 * changed as msg.h places it; 'capabilities-cleared' takes bits out of a discovery message's
 * capabilities (NB-14) and nothing else; the features' text for them parses and prints back the same.
 */
import { strict as assert } from 'node:assert';
import { describe, test } from 'node:test';
import { type FrameAlteration, nodeAddress } from '../contract';
import { alterFrame } from '../harness/wire-codec';
import { DSC_REQ, discMsg, nodeIdFromAddr } from '../reference/discover';
import { BASIC_H_SIZE, Capability, SHORT_H_SIZE, TIPC_NODE_CAPABILITIES, msgDestDomain, msgDestnode, msgDestport, msgErrcode, msgHdrSz, msgInit, msgNodeCapabilities, msgNodeSig, msgOrignode, msgPrevnode, msgSetData, msgSetDestport, msgType, msgUser } from '../reference/msg';
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

  test('capabilities without TIPC_NAMED_BCAST: that bit out of a discovery message, the rest as sent; other frames untouched', () => {
    const id = { ownAddr: nodeAddress(2), signature: 0xbeef, netId: 4711, nodeId: nodeIdFromAddr(nodeAddress(2)), peerNetHash: 0, capabilities: TIPC_NODE_CAPABILITIES };
    const sent = encode(discMsg(id, DSC_REQ, new Uint8Array(32), 0));
    const got = alterFrame(sent, parseRewrite('capabilities without TIPC_NAMED_BCAST'));
    const m = dec(got);
    assert.equal(msgNodeCapabilities(m), TIPC_NODE_CAPABILITIES & ~Capability.TIPC_NAMED_BCAST);
    assert.equal(msgNodeSig(m), 0xbeef, 'the signature shares word 1');
    assert.equal(msgUser(m), 13);
    assert.equal(msgType(m), DSC_REQ);
    assert.deepEqual([...got].map((x, i) => (x === sent[i] ? -1 : i)).filter((i) => i >= 0), [4], 'one byte of word 1 only');
    const data = frame();
    assert.deepEqual(alterFrame(data, { kind: 'capabilities-cleared', mask: Capability.TIPC_NAMED_BCAST }), data, 'a user message is left as sent');
  });

  test('the features\' text parses and prints back the same', () => {
    assert.throws(() => parseRewrite('capabilities without TIPC_NAGLE'), /can take away are TIPC_NAMED_BCAST/);
    for (const t of ['user 4', 'user 8', 'message type 0', 'error code 2', 'destination port 0', 'originating node 3', 'destination node 3', 'destination domain 3', 'destination domain 0', 'previous node 1', 'a 24-byte header', 'capabilities without TIPC_NAMED_BCAST']) {
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

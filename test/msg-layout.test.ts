/**
 * The oracle of wire-format.feature (harness/msg-layout.ts reads a header at msg.h's positions by
 * hand; steps/support/wire-format.ts holds it to the rules of the kernel's senders) proved on the
 * frames of two real Linux 6.1 kernels (test/vectors/captures): it reads what the relay's log says
 * they carry, and finds nothing wrong in any of them. So when MF-4 fails an implementation, the
 * oracle is not the reference's codec checking itself.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as path from 'node:path';
import { type BearerIndex, type NodeId, nodeOfMac } from '../contract';
import { msgLayout } from '../harness/msg-layout';
import { layoutProblems } from '../steps/support/wire-format';
import { ethTipcPayload, readPcap } from './support/pcap';
import { CAPTURES_DIR } from './support/vectors';

interface KernelFrame {
  readonly node: NodeId;
  readonly bearer: BearerIndex;
  readonly bytes: Uint8Array;
}

/** The TIPC frames of a capture, each with its sender (by its MAC) and bearer (eth0 = A, eth1 = B). */
function kernelFrames(dir: string, file: string): KernelFrame[] {
  const pcap = readPcap(path.join(CAPTURES_DIR, dir, file));
  assert.equal(pcap.linktype, 1);
  return pcap.records.flatMap((r) => {
    const bytes = ethTipcPayload(r.bytes);
    if (!bytes) return [];
    const src = [...r.bytes.subarray(6, 12)].map((b) => b.toString(16).padStart(2, '0')).join('');
    const node = nodeOfMac(src);
    assert.ok(node !== undefined, `source MAC ${src} names no node`);
    return [{ node, bearer: (r.bytes[9] - 0x0a) as BearerIndex, bytes }];
  });
}

const CAPTURES: readonly (readonly [string, string])[] = [
  ['link-setup', 'delivered-frames.pcap'],
  ['half-failover', 'all-frames.pcap'],
];

test('every frame two Linux 6.1 kernels sent is well-formed by the oracle', () => {
  for (const [dir, file] of CAPTURES) {
    const frames = kernelFrames(dir, file);
    assert.ok(frames.length > 100, `${dir}/${file}: ${frames.length} frames`);
    for (const [i, f] of frames.entries()) {
      const l = msgLayout(f.bytes);
      assert.ok(l, `${dir} frame ${i + 1}: too short`);
      assert.deepEqual(layoutProblems(l, f), [], `${dir} frame ${i + 1} of node ${f.node} on bearer ${f.bearer}`);
    }
  }
});

/** The first frame of a node on a bearer with this LINK_PROTOCOL type. */
function firstProto(frames: readonly KernelFrame[], node: NodeId, bearer: BearerIndex, mtype: number): KernelFrame {
  const f = frames.find((x) => x.node === node && x.bearer === bearer && msgLayout(x.bytes)?.user === 7 && msgLayout(x.bytes)?.mtype === mtype);
  return f ?? assert.fail(`no LINK_PROTOCOL type ${mtype} of node ${node} on bearer ${bearer}`);
}

test('the oracle reads the fields the relay logged (link-setup #26: RESET on eth1, #27: ACTIVATE)', () => {
  const frames = kernelFrames('link-setup', 'delivered-frames.pcap');
  // frames.log: "#26 bearer B A>B LINK_PROTOCOL/RESET hsz=40 msz=56 seq=32768 ack=0 prev=1.1.1
  // session=36653 bearer_id=1 ... max_pkt=1500 if=eth1 plane=B"; "#27 ... ACTIVATE ... prev=1.1.2
  // session=21949 bearer_id=1 ... dest_session=36653 max_pkt=1500 if=eth1 plane=B"
  const reset = msgLayout(firstProto(frames, 1, 1, 1).bytes);
  const activate = msgLayout(firstProto(frames, 2, 1, 2).bytes);
  assert.ok(reset && activate);
  assert.deepEqual(
    { user: reset.user, mtype: reset.mtype, hsize: reset.hsize, msize: reset.msize, seqno: reset.seqno, ack: reset.ack, prevnode: reset.prevnode, session: reset.session, bearer_id: reset.bearer_id, net_plane: reset.net_plane, max_pkt: reset.max_pkt, if_name: reset.body_cstring, dsv: reset.dest_session_valid },
    { user: 7, mtype: 1, hsize: 40, msize: 56, seqno: 32768, ack: 0, prevnode: 0x01001001, session: 36653, bearer_id: 1, net_plane: 1, max_pkt: 1500, if_name: 'eth1', dsv: false },
  );
  assert.deepEqual(
    { mtype: activate.mtype, prevnode: activate.prevnode, session: activate.session, dest_session: activate.word5 === 0 ? -1 : activate.dest_session_valid },
    { mtype: 2, prevnode: 0x01001002, session: 21949, dest_session: true },
  );
});

test("the kernel's failover dummy reads as a LOW/DIRECT message from no port with TIPC_ERR_NO_PORT", () => {
  const dummies = kernelFrames('half-failover', 'all-frames.pcap')
    .map((f) => msgLayout(f.bytes)?.inner)
    .filter((i) => i !== undefined && i.user === 0 && i.word4 === 0);
  assert.ok(dummies.length >= 2, `${dummies.length} dummies`);
  for (const d of dummies) assert.deepEqual([d?.mtype, d?.errcode, d?.hsize, d?.body_empty], [3, 2, 32, true]);
});

test('the rules catch a frame with a field out of its place', () => {
  const reset = firstProto(kernelFrames('link-setup', 'delivered-frames.pcap'), 1, 1, 1);
  const moved = Uint8Array.from(reset.bytes);
  moved[23] = (moved[23] & ~0x0e) | (0 << 1); // net_plane 'A' on eth1
  const l = msgLayout(moved);
  assert.ok(l);
  assert.deepEqual(layoutProblems(l, reset), ["net_plane (word 5 bits 1-3: l->net_plane = 'A' + bearer_id): expected 1, saw 0"]);
  const silent = Uint8Array.from(reset.bytes);
  silent.fill(0, 40, 56); // no interface name
  assert.deepEqual(layoutProblems(msgLayout(silent) ?? assert.fail(), reset), ['interface name in the body (strcpy(data, l->if_name)): expected eth1, saw ']);
});

test("the keepalive bit (word 0 bit 19) is set on every probe the kernels sent, and clear on some STATE that is none", () => {
  let probes = 0;
  let plain = 0;
  for (const [dir, file] of CAPTURES) {
    for (const f of kernelFrames(dir, file)) {
      const l = msgLayout(f.bytes);
      if (l?.user !== 7 || l.mtype !== 0) continue;
      if ((l.word5 & 1) === 1) {
        probes++;
        assert.equal(l.keepalive, true, `${dir}: a probe of node ${f.node} without the keepalive bit`);
      } else if (!l.keepalive) plain++;
    }
  }
  assert.ok(probes > 0, 'no probe in the captures');
  assert.ok(plain > 0, 'no STATE without the keepalive bit in the captures');
});

/**
 * Discovery (discover.c) against the real kernels: the LINK_CONFIG frames the reference sends
 * equal the 6.1 kernels' in test/vectors/captures byte for byte, apart from the random node
 * signature; requests back off 125, 250, 500, 1000 ms as the kernels' did; and nodes that share a
 * bearer find each other and bring their links up.
 */
import { macBytes } from '../contract';
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { DSC_REQ, DSC_RESP, DiscResponse, discMsg, nodeIdFromAddr } from '../reference/discover';
import fc from 'fast-check';
import { msgNodeSig, msgPeerNetHash, msgType, msgUser, User } from '../reference/msg';
import { decode, encode } from '../reference/msg-codec';
import { ethMediaInfo } from '../reference/msg-bodies';
import { MEDIA_BROADCAST, TipcNode } from '../reference/net';
import { PROFILES } from '../reference/profiles';
import { readPcap } from './support/pcap';
import { CAPTURES_DIR } from './support/vectors';

const A = 0x01001001;

function capturedLinkConfig(): Uint8Array[] {
  const file = path.join(CAPTURES_DIR, 'link-setup/delivered-frames.pcap');
  assert.ok(fs.existsSync(file), `capture missing: ${file}`);
  return readPcap(file)
    .records.map((r) => r.bytes.subarray(14))
    .filter((t) => {
      const d = decode(t);
      return d.ok && msgUser(d.msg) === User.LINK_CONFIG;
    });
}

test('DSC_REQ and DSC_RESP equal the kernel frames byte for byte, signature aside', () => {
  const frames = capturedLinkConfig();
  assert.ok(frames.length >= 4, `discovery frames in the capture: ${frames.length}`);
  let req = 0;
  let resp = 0;
  for (const bytes of frames) {
    const d = decode(bytes);
    assert.ok(d.ok);
    const m = d.msg;
    const prevnode = (bytes[12] << 24) | (bytes[13] << 16) | (bytes[14] << 8) | bytes[15];
    const mac = Uint8Array.from(bytes.subarray(20 + 4, 20 + 10));
    const type = msgType(m);
    const dest = type === DSC_RESP ? ((bytes[8] << 24) | (bytes[9] << 16) | (bytes[10] << 8) | bytes[11]) >>> 0 : 0;
    const ours = discMsg(
      {
        ownAddr: prevnode >>> 0,
        signature: msgNodeSig(m),
        netId: 4711,
        nodeId: nodeIdFromAddr(prevnode >>> 0),
        peerNetHash: msgPeerNetHash(m),
        capabilities: 0xfff,
      },
      type,
      ethMediaInfo(mac),
      dest,
    );
    assert.deepEqual(Buffer.from(encode(ours)), Buffer.from(bytes.subarray(0, encode(ours).length)), `frame from ${prevnode.toString(16)} type ${type}`);
    if (type === DSC_RESP) {
      const id = { ownAddr: prevnode >>> 0, signature: msgNodeSig(m), netId: 4711, nodeId: nodeIdFromAddr(prevnode >>> 0), peerNetHash: msgPeerNetHash(m), capabilities: 0xfff };
      const kept = new DiscResponse(id, ethMediaInfo(mac));
      kept.to(0x1001999); // answered another node first
      assert.deepEqual(Buffer.from(kept.to(dest)), Buffer.from(bytes.subarray(0, encode(ours).length)), `kept response of ${prevnode.toString(16)}`);
    }
    if (type === DSC_REQ) req++;
    else resp++;
  }
  assert.ok(req > 0 && resp > 0, `both requests (${req}) and responses (${resp}) compared`);
});

test('a kept DSC_RESP, re-addressed request after request, is the one built afresh for each', () => {
  const u32 = fc.integer({ min: 0, max: 0xffffffff });
  const identity = fc.record({
    ownAddr: u32,
    signature: fc.integer({ min: 0, max: 0xffff }),
    netId: u32,
    peerNetHash: u32,
    capabilities: fc.integer({ min: 0, max: 0xffff }),
  });
  fc.assert(
    fc.property(identity, fc.uint8Array({ minLength: 6, maxLength: 6 }), fc.array(u32, { minLength: 1, maxLength: 5 }), (id, mac, dests) => {
      const full = { ...id, nodeId: nodeIdFromAddr(id.ownAddr) };
      const kept = new DiscResponse(full, ethMediaInfo(mac));
      for (const dest of dests) assert.deepEqual(kept.to(dest), encode(discMsg(full, DSC_RESP, ethMediaInfo(mac), dest)));
    }),
  );
});

test('a lone node backs its requests off 125, 250, 500, then every 1000 ms', () => {
  const n = new TipcNode({ address: A, profile: PROFILES.fixed, seed: 1, bearers: [{ if_name: 'eth0', mac: macBytes(A & 0xfff, 0) }] });
  n.start(0);
  const sent: number[] = [];
  for (let t = 0; t <= 5000; ) {
    n.tick(t);
    for (const f of n.pollTransmit()) {
      assert.equal(f.dest, MEDIA_BROADCAST);
      const d = decode(f.bytes);
      assert.ok(d.ok && msgType(d.msg) === DSC_REQ);
      sent.push(t);
    }
    t = n.pollTimeout() ?? t + 1;
  }
  assert.deepEqual(sent, [0, 125, 375, 875, 1875, 2875, 3875, 4875]);
});

test("each peer's media address is a copy of its own: learning 300 peers changes no address the node sends to", () => {
  const n = new TipcNode({ address: A, profile: PROFILES.fixed, seed: 1, bearers: [{ if_name: 'eth0', mac: macBytes(A & 0xfff, 0) }] });
  n.start(0);
  n.pollTransmit();
  // more peers than one slab of addresses holds (net.ts keeps 128 to a slab)
  const peers = Array.from({ length: 300 }, (_, i) => 0x01001002 + i);
  const info = (addr: number): Uint8Array => ethMediaInfo(macBytes(addr & 0xfff, 0));
  const answered = new Map<number, Uint8Array | undefined>();
  for (const addr of peers) {
    const id = { ownAddr: addr, signature: 7, netId: 4711, nodeId: nodeIdFromAddr(addr), peerNetHash: 7, capabilities: 0xfff };
    n.receive(1, 0, encode(discMsg(id, DSC_REQ, info(addr), A)));
    for (const f of n.pollTransmit()) if (f.dest === addr) answered.set(addr, f.maddr);
  }
  // the links' first RESETs, at the node timers, go to the addresses kept for the peers
  const reset = new Map<number, Uint8Array | undefined>();
  for (let t = 1; t <= 2000 && reset.size < peers.length; t = Math.max(t + 1, n.pollTimeout() ?? t + 1)) {
    n.tick(t);
    for (const f of n.pollTransmit()) if (f.dest !== MEDIA_BROADCAST && !reset.has(f.dest)) reset.set(f.dest, f.maddr);
  }
  for (const addr of peers) {
    const want = [...info(addr)];
    assert.deepEqual([...(answered.get(addr) ?? [])], want, `the DSC_RESP to ${addr.toString(16)}`);
    assert.deepEqual([...(reset.get(addr) ?? [])], want, `the link's first frame to ${addr.toString(16)}`);
  }
});

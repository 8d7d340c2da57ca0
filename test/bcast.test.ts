/**
 * The broadcast link (reference/bcast.ts) and its wiring in TipcNode (reference/net.ts). Every
 * expected value comes from the kernel facts in docs/notes/broadcast-link.md (section numbers in
 * the test names and comments), not from running the model.
 */
import { macBytes } from '../contract';
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { BCLINK_WIN_DEFAULT, BcastRcvLink, BcastSndLink, TIPC_BC_RETR_LIM, addBcPeer, bcAckRcv, removeBcPeer } from '../reference/bcast';
import {
  INT_H_SIZE,
  LinkProtoType,
  NameDistrType,
  User,
  type TipcMsg,
  msgAck,
  msgBcastAck,
  msgBcGap,
  msgDestnode,
  msgInit,
  msgMcNetid,
  msgNonSeq,
  msgSeqno,
  msgSetAck,
  msgSetBcastAck,
  msgSetData,
  msgSetLastBcast,
  msgSetMcNetid,
  msgSetNonSeq,
  msgSetSeqno,
  msgType,
  msgUser,
  msgWord,
} from '../reference/msg';
import { decode, encode } from '../reference/msg-codec';
import { encodeItems } from '../reference/msg-bodies';
import { describe as describeMsg } from '../harness/msg-describe';
import { MEDIA_BROADCAST, type OutFrame as NodeFrame, TipcNode } from '../reference/net';
import { describeEvent } from '../adapters/reference/event-notes';
import { PROFILES, type Profile } from '../reference/profiles';
import { Simulator } from '../sim/simulator';
import { BROADCAST_DEST, type BearerIndex, type OutFrame, type SimEndpoint, type TraceEntry } from '../sim/types';

const OWN = 0x01001001; // 1.1.1
const P2 = 0x01001002;
const P3 = 0x01001003;
const NET = 5005; // not the default 4711: word 5 must come from the constructor

/** A NAME_DISTRIBUTOR publication as named_prepare_buf builds it (destnode 0, one item). */
function named(i: number, from = OWN): TipcMsg {
  const m = msgInit(from, User.NAME_DISTRIBUTOR, NameDistrType.PUBLICATION, INT_H_SIZE, 0);
  msgSetData(m, encodeItems([{ type: 1000, lower: i, upper: i, port: i, key: i }]));
  return m;
}

/** The peer's BCAST_PROTOCOL init message (3.5): last_bcast = its bcl snd_nxt − 1. */
function initMsg(from: number, lastBcast: number): TipcMsg {
  const m = msgInit(from, User.BCAST_PROTOCOL, 0, INT_H_SIZE, OWN);
  msgSetLastBcast(m, lastBcast);
  return m;
}

/** A LINK_PROTOCOL STATE from the peer with unicast ack and last_bcast (4.5). */
function stateMsg(from: number, ack: number, lastBcast: number): TipcMsg {
  const m = msgInit(from, User.LINK_PROTOCOL, LinkProtoType.STATE_MSG, INT_H_SIZE, OWN);
  msgSetAck(m, ack);
  msgSetLastBcast(m, lastBcast);
  return m;
}

/** A packet of the peer's broadcast link as it arrives (2.4: non_seq, word 5 = net id). */
function bcPkt(from: number, seqno: number): TipcMsg {
  const m = named(seqno, from);
  msgSetSeqno(m, seqno);
  msgSetNonSeq(m, true);
  msgSetMcNetid(m, NET);
  return m;
}

/** Our receive link for a peer, synchronised (3.5) and with bc_peer_is_up (4.5), so its acks count. */
function syncedPeer(addr: number, lastBcast = 0): BcastRcvLink {
  const r = new BcastRcvLink(OWN);
  r.initRcv(initMsg(addr, lastBcast));
  r.syncRcv(stateMsg(addr, 1, lastBcast), true, true);
  return r;
}

const seqnos = (q: readonly TipcMsg[]): number[] => q.map(msgSeqno);
const txSeqnos = (l: BcastSndLink): number[] => l.transmq.map((e) => msgSeqno(e.msg));

describe('BcastSndLink', () => {
  test('2.1: without peers xmit drops the packets', () => {
    const l = new BcastSndLink(NET);
    assert.equal(l.xmit([named(1)], 0), false);
    assert.deepEqual([l.outq.length, l.transmq.length, l.backlogq.length, l.snd_nxt], [0, 0, 0, 1]);
  });

  test('2.2/2.3: seqnos from 1, non_seq set, word 5 = net id, ack and bcast_ack 0', () => {
    const l = new BcastSndLink(NET);
    addBcPeer(l, syncedPeer(P2));
    const msgs = [named(1), named(2), named(3)];
    for (const m of msgs) {
      msgSetAck(m, 77);
      msgSetBcastAck(m, 99);
    }
    assert.equal(l.xmit(msgs, 0), true);
    assert.deepEqual(seqnos(l.outq), [1, 2, 3]);
    for (const m of l.outq) {
      const d = decode(encode(m));
      assert.ok(d.ok);
      assert.equal(msgNonSeq(d.msg), true);
      assert.equal(msgWord(d.msg, 5), NET, 'the whole of word 5 is the net id');
      assert.equal(msgMcNetid(d.msg), NET);
      assert.equal(msgAck(d.msg), 0);
      assert.equal(msgBcastAck(d.msg), 0);
      assert.equal(msgDestnode(d.msg), 0);
    }
    assert.equal(l.snd_nxt, 4);
  });

  test('2.2: the 51st unacked packet waits in the backlog until an ack makes room', () => {
    const l = new BcastSndLink(NET);
    const r = syncedPeer(P2);
    addBcPeer(l, r);
    l.xmit(Array.from({ length: BCLINK_WIN_DEFAULT + 1 }, (_, i) => named(i + 1)), 0);
    assert.equal(l.transmq.length, 50);
    assert.equal(l.backlogq.length, 1);
    assert.deepEqual(seqnos(l.outq), Array.from({ length: 50 }, (_, i) => i + 1));
    l.outq = [];
    bcAckRcv(l, r, 1, 0, 1);
    assert.deepEqual(seqnos(l.outq), [51], 'the backlog packet is numbered and sent');
    assert.equal(l.backlogq.length, 0);
    assert.equal(l.transmq.length, 50);
    assert.equal(txSeqnos(l)[0], 2, 'packet 1 released');
  });

  test('4.4/1.4: released when every peer counted at send time acked; a later peer is not waited for', () => {
    const l = new BcastSndLink(NET);
    const a = syncedPeer(P2);
    const b = syncedPeer(P3);
    addBcPeer(l, a);
    addBcPeer(l, b);
    l.xmit([named(1), named(2)], 0);
    bcAckRcv(l, a, 1, 0, 1);
    bcAckRcv(l, a, 1, 0, 2);
    bcAckRcv(l, a, 2, 0, 2);
    assert.deepEqual(txSeqnos(l), [1, 2], 'a peer counts once per packet: b still owes both');
    const c = syncedPeer(0x01001004);
    addBcPeer(l, c);
    assert.equal(c.acked, 2, 'acked = snd_nxt − 1 on joining');
    bcAckRcv(l, b, 2, 0, 3);
    assert.deepEqual(txSeqnos(l), [], 'released without the new peer');
    l.xmit([named(3)], 4);
    bcAckRcv(l, a, 3, 0, 5);
    bcAckRcv(l, b, 3, 0, 5);
    assert.deepEqual(txSeqnos(l), [3], 'the new peer counts for packets sent after it joined');
    const unsynced = new BcastRcvLink(OWN); // not up, no bc_peer_is_up: its acks are ignored
    bcAckRcv(l, unsynced, 3, 0, 6);
    assert.deepEqual(txSeqnos(l), [3]);
    bcAckRcv(l, c, 3, 0, 6);
    assert.deepEqual(txSeqnos(l), []);
  });

  test('5.3: a gap is retransmitted at most once per TIPC_BC_RETR_LIM, counting from the send', () => {
    assert.equal(TIPC_BC_RETR_LIM, 10);
    const l = new BcastSndLink(NET);
    const r = syncedPeer(P2);
    addBcPeer(l, r);
    l.xmit([named(1), named(2), named(3)], 100);
    const sent = l.outq.map((m) => encode(m));
    l.outq = [];
    bcAckRcv(l, r, 0, 2, 105);
    assert.deepEqual(l.outq, [], 'within 10 ms of the original broadcast: nothing');
    bcAckRcv(l, r, 0, 2, 110);
    assert.deepEqual(seqnos(l.outq), [1, 2], 'the two gap packets, not packet 3');
    assert.deepEqual(l.outq.map((m) => encode(m)), sent.slice(0, 2), 'byte-identical to the originals');
    l.outq = [];
    bcAckRcv(l, r, 0, 2, 119);
    assert.deepEqual(l.outq, [], 'not again within 10 ms');
    bcAckRcv(l, r, 0, 2, 120);
    assert.deepEqual(seqnos(l.outq), [1, 2], 'again after 10 ms');
    l.outq = [];
    bcAckRcv(l, r, 1, 1, 130);
    assert.deepEqual(seqnos(l.outq), [2]);
    assert.deepEqual(txSeqnos(l), [2, 3], 'the ack released packet 1');
  });

  test('1.5: a removed peer counts as having acked everything; with no peer left numbering restarts', () => {
    const l = new BcastSndLink(NET);
    const a = syncedPeer(P2);
    const b = syncedPeer(P3, 5);
    addBcPeer(l, a);
    addBcPeer(l, b);
    b.rcv(bcPkt(P3, 8)); // deferred: b has state to lose
    l.xmit([named(1), named(2)], 0);
    bcAckRcv(l, a, 1, 0, 1);
    removeBcPeer(l, b, 2, true);
    assert.equal(l.ackers, 1);
    assert.deepEqual(txSeqnos(l), [2], 'packet 1 (only b owed it) released; a still owes 2');
    assert.deepEqual([b.up, b.rcv_nxt, b.snd_nxt, b.acked, b.bc_peer_is_up, b.deferdq.length], [false, 1, 1, 0, false, 0]);
    l.outq = [];
    removeBcPeer(l, a, 3, true);
    assert.equal(l.ackers, 0);
    assert.deepEqual([l.snd_nxt, l.transmq.length, l.outq.length], [1, 0, 0]);
    assert.equal(l.xmit([named(3)], 4), false, 'no peer: dropped');
    addBcPeer(l, syncedPeer(P2));
    l.xmit([named(4)], 5);
    assert.deepEqual(seqnos(l.outq), [1], 'starts over at seqno 1');
  });
});

describe('BcastRcvLink', () => {
  test('3.4: a link that is not up drops broadcasts', () => {
    const r = new BcastRcvLink(OWN);
    r.rcv(bcPkt(P2, 1));
    assert.deepEqual([r.inputq.length, r.deferdq.length, r.rcv_nxt], [0, 0, 1]);
  });

  test('3.5/3.4/4.1: init, in-order delivery, deferral, duplicates, gap', () => {
    const r = new BcastRcvLink(OWN);
    r.initRcv(initMsg(P2, 7));
    assert.deepEqual([r.up, r.rcv_nxt], [true, 8], 'rcv_nxt = last_bcast + 1');
    r.initRcv(initMsg(P2, 20));
    assert.equal(r.rcv_nxt, 8, 'a second init on an up link changes nothing');
    r.rcv(bcPkt(P2, 8));
    assert.deepEqual(seqnos(r.inputq), [8]);
    r.rcv(bcPkt(P2, 11));
    r.rcv(bcPkt(P2, 10));
    r.rcv(bcPkt(P2, 10));
    assert.deepEqual(seqnos(r.deferdq), [10, 11], 'sorted, duplicate dropped');
    assert.deepEqual(seqnos(r.inputq), [8]);
    assert.equal(r.gap(), 1, 'first deferred − rcv_nxt');
    r.rcv(bcPkt(P2, 9));
    assert.deepEqual(seqnos(r.inputq), [8, 9, 10, 11]);
    assert.deepEqual([r.rcv_nxt, r.deferdq.length, r.gap()], [12, 0, 0]);
    r.rcv(bcPkt(P2, 9));
    r.rcv(bcPkt(P2, 12 + 8192)); // beyond rcv_nxt + TIPC_MAX_LINK_WIN (8191)
    assert.deepEqual([r.inputq.length, r.deferdq.length, r.rcv_nxt], [4, 0, 12]);
  });

  test('3.4: a kernel peer\'s bundle (MSG_BUNDLER, its bcl backlog) is one seqno, its messages handed up in order', () => {
    const r = new BcastRcvLink(OWN);
    r.initRcv(initMsg(P2, 0));
    const inner = [named(7, P2), named(8, P2)].map(encode);
    const body = new Uint8Array(inner.reduce((n, b) => n + ((b.length + 3) & ~3), 0));
    let at = 0;
    for (const b of inner) {
      body.set(b, at);
      at += (b.length + 3) & ~3;
    }
    const bundle = msgInit(P2, User.MSG_BUNDLER, 0, INT_H_SIZE, 0);
    msgSetData(bundle, body);
    msgSetSeqno(bundle, 1);
    r.rcv(bundle);
    assert.deepEqual([r.rcv_nxt, r.inputq.map(msgUser)], [2, [User.NAME_DISTRIBUTOR, User.NAME_DISTRIBUTOR]]);
  });

  test('5.1/4.2: NACK on the k-th deferral and ack when (rcv_nxt ^ own) & 0xf == 0xf, own nibble k = 3', () => {
    const r = new BcastRcvLink(P3);
    r.initRcv(initMsg(OWN, 0));
    assert.deepEqual([2, 3, 4].map((s) => r.rcv(bcPkt(OWN, s))), [false, false, true]);
    const q = new BcastRcvLink(P3);
    q.initRcv(initMsg(OWN, 0));
    const want = Array.from({ length: 40 }, (_, i) => (q.rcv(bcPkt(OWN, i + 1)) ? i + 1 : 0)).filter((s) => s > 0);
    assert.deepEqual(want, [27], 'after ≥ 16 unacked, first rcv_nxt with low nibble 0xc is 28');
  });

  test('4.5: syncRcv waits for a STATE with ack ≠ 0, then reports a gap when last_bcast is ahead', () => {
    const down = new BcastRcvLink(OWN);
    assert.equal(down.syncRcv(stateMsg(P2, 1, 3), true, true), false, 'not up: ignored');
    assert.equal(down.bc_peer_is_up, false);
    const r = new BcastRcvLink(OWN);
    r.initRcv(initMsg(P2, 0));
    assert.equal(r.syncRcv(stateMsg(P2, 0, 3), true, true), false);
    assert.deepEqual([r.bc_peer_is_up, r.gap()], [false, 0]);
    assert.equal(r.syncRcv(stateMsg(P2, 1, 3), true, true), true);
    assert.deepEqual([r.bc_peer_is_up, r.snd_nxt, r.gap()], [true, 4, 3]);
    assert.equal(r.syncRcv(stateMsg(P2, 0, 60), true, true), false, 'last_bcast beyond rcv_nxt + 50: ignored');
    assert.equal(r.snd_nxt, 4);
    for (const s of [1, 2, 3]) r.rcv(bcPkt(P2, s));
    assert.equal(r.syncRcv(stateMsg(P2, 0, 3), true, true), false, 'caught up: no gap');
  });
});

// --------------------------------------------------------------------- TipcNode on the simulator

const addr = (id: number): number => (0x01001000 | id) >>> 0;

interface Sent extends NodeFrame {
  readonly at: number;
}

/** A TipcNode as a simulator endpoint, keeping what it sent (MEDIA_BROADCAST as the node said it). */
class Ep implements SimEndpoint {
  readonly address: number;
  readonly sent: Sent[] = [];
  private now = 0;
  constructor(readonly node: TipcNode) {
    this.address = node.address;
  }
  receive(now: number, bearer: BearerIndex, bytes: Uint8Array): void {
    this.now = now;
    this.node.receive(now, bearer, bytes);
  }
  tick(now: number): void {
    this.now = now;
    this.node.tick(now);
  }
  pollTimeout(): number | undefined {
    return this.node.pollTimeout();
  }
  pollTransmit(): OutFrame[] {
    const f = this.node.pollTransmit();
    for (const x of f) this.sent.push({ ...x, at: this.now });
    return f.map((x) => (x.dest === MEDIA_BROADCAST ? { ...x, dest: BROADCAST_DEST } : x));
  }
  pollNotes(): string[] {
    return this.node.pollEvents().map(describeEvent);
  }
}

function msgOf(bytes: Uint8Array): TipcMsg {
  const d = decode(bytes);
  assert.ok(d.ok, 'decodable frame');
  return d.msg;
}

const BINDING = { lower: 1, upper: 1, scope: 'cluster', port: 7, key: 7 } as const;

function cluster(profiles: Profile[]): { sim: Simulator; eps: Ep[]; has: (id: number, type: number) => number } {
  const sim = new Simulator({
    seed: 11,
    describe: (b) => {
      const d = decode(b);
      return d.ok ? describeMsg(d.msg) : 'UNDECODABLE';
    },
    classify: (b) => {
      const d = decode(b);
      return d.ok ? { user: msgUser(d.msg), mtype: msgType(d.msg) } : undefined;
    },
  });
  const eps = profiles.map((profile, i) => new Ep(new TipcNode({ address: addr(i + 1), profile, seed: 100 + i, bearers: [{ if_name: 'eth0', mac: macBytes(i + 1, 0) }] })));
  eps.forEach((ep, i) => sim.addNode(i + 1, ep, [0]));
  eps.forEach((ep, i) => {
    ep.node.start(sim.now);
    sim.poke(i + 1);
  });
  const allUp = (): boolean => eps.every((a) => eps.every((b) => a === b || a.node.nodeState(b.address) === 'SELF_UP_PEER_UP'));
  assert.equal(sim.runUntil(allUp, 5000), true, 'all three nodes up');
  sim.runFor(1000); // init messages, bulks and first STATEs exchanged
  const has = (id: number, type: number): number =>
    eps[id - 1].node.nameTable().filter((p) => p.type === type && p.node === addr(1)).length;
  return { sim, eps, has };
}

function publish(sim: Simulator, ep: Ep, type: number): Sent[] {
  const mark = ep.sent.length;
  assert.equal(ep.node.publish(sim.now, { type, ...BINDING }), true);
  sim.poke(1);
  return ep.sent.slice(mark).filter((f) => msgUser(msgOf(f.bytes)) === User.NAME_DISTRIBUTOR);
}

type FrameEntry = Extract<TraceEntry, { kind: 'frame' }>;
const frames = (sim: Simulator): FrameEntry[] => sim.trace().filter((e): e is FrameEntry => e.kind === 'frame');

describe('TipcNode: bindings over the broadcast link', () => {
  test('8: one broadcast frame reaches both peers; a loss to node 3 is repaired by NACK and broadcast', () => {
    const { sim, eps, has } = cluster([PROFILES.fixed, PROFILES.fixed, PROFILES.fixed]);
    const first = publish(sim, eps[0], 4000);
    assert.equal(first.length, 1, 'exactly one NAME_DISTRIBUTOR frame');
    assert.equal(first[0].dest, MEDIA_BROADCAST);
    // 2.4: the exact header of the first broadcast of 1.1.1 with named_seqno 1 (net id 4711)
    const words = Array.from({ length: 10 }, (_, w) => msgWord(msgOf(first[0].bytes), w).toString(16).padStart(8, '0'));
    assert.deepEqual(words, ['5750003c', '04000000', '00000001', '01001001', '00000001', '00001267', '01001001', '00000000', '00000000', '00000000']);
    assert.equal(sim.runUntil(() => has(2, 4000) === 1 && has(3, 4000) === 1, 100), true, 'nodes 2 and 3 hold it');
    const copies = frames(sim).filter((e) => e.from === 1 && e.broadcast && msgUser(msgOf(e.bytes)) === User.NAME_DISTRIBUTOR);
    assert.deepEqual(copies.map((e) => e.to).sort(), [2, 3], 'one copy per peer');
    assert.equal(new Set(copies.map((e) => e.send)).size, 1, 'of a single send');

    sim.addRule({ name: 'lose', match: { from: 1, to: 3, broadcast: true, user: User.NAME_DISTRIBUTOR }, action: { kind: 'drop' }, count: 1 });
    const lostAt = sim.now;
    const second = publish(sim, eps[0], 4001);
    assert.equal(second.length, 1);
    assert.equal(msgSeqno(msgOf(second[0].bytes)), 2, 'the next bcl seqno');
    const lost = frames(sim).find((e) => e.fate === 'drop(lose)');
    assert.ok(lost, 'the copy to node 3 was dropped');
    sim.runFor(5);
    assert.deepEqual([has(2, 4001), has(3, 4001)], [1, 0]);
    assert.equal(sim.runUntil(() => has(3, 4001) === 1, 3000), true, 'node 3 recovers within 3 s');
    const later = frames(sim).filter((e) => e.t >= lostAt && e.fate === 'deliver');
    const nack = later.find((e) => {
      const m = msgOf(e.bytes);
      return e.from === 3 && e.to === 1 && msgUser(m) === User.LINK_PROTOCOL && msgType(m) === LinkProtoType.STATE_MSG && msgBcGap(m) > 0;
    });
    assert.ok(nack, 'node 3 sent a STATE with bc_gap');
    assert.deepEqual([msgBcastAck(msgOf(nack.bytes)), msgBcGap(msgOf(nack.bytes))], [1, 1], 'has 1, misses 2');
    const retr = later.filter((e) => e.from === 1 && e.n > lost.n && e.send !== lost.send && msgUser(msgOf(e.bytes)) === User.NAME_DISTRIBUTOR);
    assert.ok(retr.length >= 1, 'a retransmission');
    assert.ok(retr.every((e) => e.broadcast && e.t >= nack.t && e.t >= lost.t + TIPC_BC_RETR_LIM), 'by broadcast, after the NACK');
    assert.deepEqual(retr.filter((e) => e.send === retr[0].send).map((e) => e.to).sort(), [2, 3], 'to every peer');
    assert.equal(msgSeqno(msgOf(retr[0].bytes)), msgSeqno(msgOf(lost.bytes)), 'same seqno');
    assert.deepEqual(retr[0].bytes, lost.bytes, 'byte-identical to the lost frame');
    sim.runFor(1000);
    assert.equal(has(2, 4001), 1, 'node 2 dropped the duplicate');
  });

  test('2.5/7: with a legacy peer up, a binding goes as one unicast copy per peer', () => {
    const { sim, eps, has } = cluster([PROFILES.fixed, PROFILES.fixed, PROFILES.legacy]);
    const out = publish(sim, eps[0], 4100);
    assert.equal(out.length, 2, 'two copies');
    assert.ok(out.every((f) => f.dest !== MEDIA_BROADCAST && !msgNonSeq(msgOf(f.bytes))), 'no broadcast');
    assert.deepEqual(out.map((f) => [f.dest, msgDestnode(msgOf(f.bytes))]).sort(), [[P2, P2], [P3, P3]]);
    assert.equal(frames(sim).filter((e) => e.from === 1 && e.broadcast && msgUser(msgOf(e.bytes)) === User.NAME_DISTRIBUTOR).length, 0);
    assert.equal(sim.runUntil(() => has(2, 4100) === 1 && has(3, 4100) === 1, 100), true, 'both hold it');
  });
});

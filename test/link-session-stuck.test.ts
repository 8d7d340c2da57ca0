/**
 * A liveness hole of Linux 6.1's link session check, found by the hostile-input storm (issue 22,
 * `npm run fuzz -- --frames 0 --storm-frames 4000 --seed 1`) and written here as the kernel's
 * behaviour, which the reference models: a candidate for docs/kernel-findings.md, read off Debian's
 * 6.1 source (link.c, node.c) and not yet run on a real kernel.
 *
 * A link endpoint that was ESTABLISHING when its node started a failover (tipc_node_link_failover,
 * node.c, after the half-failover fix) goes FAILINGOVER and then RESET without tipc_link_reset():
 * it keeps in_session and the peer_session of the RESET it took. It then takes only a RESET of a
 * newer session, or an ACTIVATE of one that is not older (tipc_link_validate_msg). The peer's
 * session moves only forward, one step per reset, so that normally holds; but an ACTIVATE whose
 * dest_session is ahead of the receiver's session moves that session to dest_session + 1
 * (tipc_link_proto_rcv, "Force re-synch"), up to 32,768 ahead at once: one crafted or corrupted
 * ACTIVATE puts the peer's session behind the one the endpoint holds. From then on the endpoint
 * refuses the peer's RESETs and ACTIVATEs, and the peer, ESTABLISHING on the endpoint's RESET,
 * refuses its RESETs (same session): the link never comes back, after the bad frame is long gone.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { nodeAddress, type ClusterAdapter, type ClusterRecord, type NodeStack, type OutFrame } from '../contract';
import { mod } from '../reference/core';
import { INT_H_SIZE, LinkProtoType, User, msgInit, msgSetBearerId, msgSetData, msgSetDestSession, msgSetDestSessionValid, msgSetMaxPkt, msgSetSession } from '../reference/msg';
import { encode } from '../reference/msg-codec';
import { encodeIfName } from '../reference/msg-bodies';
import { referenceCluster } from './support/harness';

const B = 1;
const LINK_PROTOCOL = User.LINK_PROTOCOL;

/** Node 1's stack, able to put one extra frame on the wire with its own (the crafted ACTIVATE). */
class Injector {
  private pending: OutFrame[] = [];
  send(f: OutFrame): void {
    this.pending.push(f);
  }
  wrap(n: NodeStack): NodeStack {
    const take = (): OutFrame[] => this.pending.splice(0);
    return new Proxy(n, {
      get(target, prop, receiver) {
        if (prop === 'pollTransmit') return () => target.pollTransmit().concat(take());
        const v: unknown = Reflect.get(target, prop, receiver);
        return typeof v === 'function' ? (v as (...a: unknown[]) => unknown).bind(target) : v;
      },
    });
  }
}

/** An ACTIVATE as node 1's link B would send it, naming `destSession` as node 2's session. */
function craftedActivate(destSession: number): OutFrame {
  const m = msgInit(nodeAddress(1), LINK_PROTOCOL, LinkProtoType.ACTIVATE_MSG, INT_H_SIZE, nodeAddress(2));
  msgSetSession(m, 1);
  msgSetBearerId(m, B);
  msgSetDestSessionValid(m, true);
  msgSetDestSession(m, destSession);
  msgSetMaxPkt(m, 1500);
  msgSetData(m, encodeIfName('eth1'));
  return { bearer: B, dest: nodeAddress(2), bytes: encode(m) };
}

/** The session of the last RESET node 2 sent node 1 on bearer B. */
function lastResetSession(c: ClusterAdapter): number {
  const resets = c.wireFrames().filter((f) => f.from === 2 && f.to === 1 && f.bearer === 'B' && f.user === LINK_PROTOCOL && f.mtype === LinkProtoType.RESET_MSG);
  const s = resets.at(-1)?.proto?.session;
  assert.ok(s !== undefined, 'node 2 sent a RESET on bearer B');
  return s;
}

/**
 * Links A up; on bearer B a half-failover: node 2's RESET reaches node 1 (1B ESTABLISHING in
 * node 2's session S), node 1's ACTIVATE brings 2B up, nothing else of node 2's gets through, 2B
 * times out and node 2 fails over onto A; its FAILOVER_MSG makes node 1 fail over too, with 1B
 * still ESTABLISHING. Bearer B is then cut until both failovers are over: 1B is RESET, holding S;
 * 2B is RESET in session S + 1 (tipc_link_reset). With `craft`, the one crafted ACTIVATE reaches
 * 2B then. Returns S.
 */
async function halfFailoverOnB(c: ClusterAdapter & ClusterRecord, inject: Injector, craft: boolean): Promise<number> {
  // discovery crosses bearer B throughout, so both nodes have a link endpoint there
  const cutB = (): void => {
    c.addRule({ name: 'discovery', match: { bearer: B, user: User.LINK_CONFIG }, action: { kind: 'pass' } });
    c.addRule({ name: 'cut B', match: { bearer: B }, action: { kind: 'drop' } });
  };
  cutB();
  await c.start();
  assert.equal(await c.waitUntil(async () => (await c.linkState(1, 2, 'A')) === 'ESTABLISHED' && (await c.linkState(2, 1, 'A')) === 'ESTABLISHED', 3000), true, 'link A up');
  await c.advance(500);
  // only node 2's RESETs cross bearer B, to node 1
  c.clearRules();
  c.addRule({ name: 'discovery', match: { bearer: B, user: User.LINK_CONFIG }, action: { kind: 'pass' } });
  c.addRule({ name: "2B's RESETs", match: { bearer: B, from: 2, to: 1, user: LINK_PROTOCOL, mtype: LinkProtoType.RESET_MSG }, action: { kind: 'pass' } });
  c.addRule({ name: 'mute 2B', match: { bearer: B, from: 2, to: 1 }, action: { kind: 'drop' } });
  c.addRule({ name: 'mute 1B', match: { bearer: B, from: 1, to: 2 }, action: { kind: 'drop' } });
  assert.equal(await c.waitUntil(async () => (await c.linkState(1, 2, 'B')) === 'ESTABLISHING', 5000), true, '1B takes a RESET of 2B');
  const s = lastResetSession(c);
  // node 1's ACTIVATE brings 2B up; 2B's STATEs never reach node 1, so 1B stays ESTABLISHING
  c.removeRule('mute 1B');
  assert.equal(await c.waitUntil(async () => ['ESTABLISHED', 'SYNCHING'].includes(await c.linkState(2, 1, 'B')), 2000), true, '2B up');
  assert.equal(await c.linkState(1, 2, 'B'), 'ESTABLISHING');
  // 2B hears no STATE and fails after its tolerance; node 2 fails over onto A, and so does node 1
  assert.equal(await c.waitUntil(async () => !['ESTABLISHED', 'SYNCHING'].includes(await c.linkState(2, 1, 'B')), 5000), true, '2B times out');
  c.clearRules();
  cutB();
  const over = async (): Promise<boolean> =>
    (await c.linkState(1, 2, 'B')) === 'RESET' && (await c.linkState(2, 1, 'B')) === 'RESET' && (await c.nodeState(1, 2)) === 'SELF_UP_PEER_UP' && (await c.nodeState(2, 1)) === 'SELF_UP_PEER_UP';
  assert.equal(await c.waitUntil(over, 5000), true, 'both failovers over, 1B and 2B RESET');
  assert.ok(
    c.stateChanges().some((x) => x.node === 1 && x.what === 'link' && x.bearer === 'B' && x.event === 'FAILOVER_BEGIN_EVT' && x.from === 'ESTABLISHING'),
    'node 1 failed over with 1B ESTABLISHING (tipc_node_link_failover)',
  );
  if (craft) {
    // 2B is in session S + 1; dest_session S + 32768 moves it to S + 32769, behind S in 16-bit serial arithmetic
    c.addRule({ name: 'crafted', match: { bearer: B, from: 1, to: 2, user: LINK_PROTOCOL, mtype: LinkProtoType.ACTIVATE_MSG }, action: { kind: 'pass' }, count: 1 });
    c.removeRule('discovery');
    c.removeRule('cut B');
    cutB();
    inject.send(craftedActivate(mod(s + 1 + 32767)));
    await c.advance(400);
    assert.ok(c.wireFrames().some((f) => f.from === 1 && f.to === 2 && f.bearer === 'B' && f.user === LINK_PROTOCOL && f.mtype === LinkProtoType.ACTIVATE_MSG && f.fate === 'deliver'), 'the crafted ACTIVATE reached node 2');
  }
  c.clearRules();
  return s;
}

const SETTLE_MS = 600_000;

test('without a crafted ACTIVATE, link B comes back after the half-failover (1B takes the RESET of 2B\'s next session)', async () => {
  const inject = new Injector();
  const c = referenceCluster({ nodes: [1, 2], iut: [1], seed: 1 }, 'fixed', (n) => (n.address === nodeAddress(1) ? inject.wrap(n) : n));
  await halfFailoverOnB(c, inject, false);
  const up = async (): Promise<boolean> => (await c.linkState(1, 2, 'B')) === 'ESTABLISHED' && (await c.linkState(2, 1, 'B')) === 'ESTABLISHED';
  assert.equal(await c.waitUntil(up, 10_000), true, 'link B up again');
});

test('one crafted ACTIVATE after the half-failover keeps link B down for good: 1B RESET, 2B ESTABLISHING, each refusing the other', async () => {
  const inject = new Injector();
  const c = referenceCluster({ nodes: [1, 2], iut: [1], seed: 1 }, 'fixed', (n) => (n.address === nodeAddress(1) ? inject.wrap(n) : n));
  const s = await halfFailoverOnB(c, inject, true);
  const from = c.wireFrames().length;
  const t0 = c.now();
  const up = async (): Promise<boolean> => (await c.linkState(1, 2, 'B')) === 'ESTABLISHED' || (await c.linkState(2, 1, 'B')) === 'ESTABLISHED';
  assert.equal(await c.waitUntil(up, SETTLE_MS), false, `link B still down ${SETTLE_MS / 1000} s after the crafted frame, with nothing dropped`);
  assert.equal(await c.linkState(1, 2, 'B'), 'RESET');
  assert.equal(await c.linkState(2, 1, 'B'), 'ESTABLISHING');
  assert.equal(await c.linkState(1, 2, 'A'), 'ESTABLISHED', 'link A carries the node');
  const after = c.wireFrames().slice(from);
  assert.ok(after.every((f) => f.fate === 'deliver'), 'every frame since was delivered');
  const behind = mod(s + 32769);
  // 2B's ACTIVATEs are in the session the crafted frame gave it, behind S: 1B refuses them
  const activates = after.filter((f) => f.from === 2 && f.bearer === 'B' && f.user === LINK_PROTOCOL && f.mtype === LinkProtoType.ACTIVATE_MSG);
  assert.ok(activates.length > 1000, `2B keeps sending ACTIVATEs (${activates.length})`);
  assert.ok(activates.every((f) => f.proto?.session === behind), `every ACTIVATE of 2B is in session ${behind}`);
  // 1B's RESETs name the session 2B already holds for it: 2B refuses them
  const resets = after.filter((f) => f.from === 1 && f.bearer === 'B' && f.user === LINK_PROTOCOL && f.mtype === LinkProtoType.RESET_MSG);
  assert.ok(resets.length > 10, `1B keeps sending RESETs (${resets.length})`);
  assert.equal(new Set(resets.map((f) => f.proto?.session)).size, 1, '1B stays in one session');
  assert.ok(activates.every((f) => f.proto?.dest_session === resets[0]?.proto?.session), "2B's ACTIVATEs name 1B's session");
  assert.ok(c.now() - t0 >= SETTLE_MS);
});

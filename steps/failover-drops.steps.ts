/**
 * What a failover's receiver throws away: the messages the peer tunnels again (FAILOVER_MSG) that
 * it already had from the failed link, below the tunnel endpoint's drop_point (tipc_link_tnl_rcv).
 * The expectation is read off the wire, the drops off the node's reports (capability tunnel-drops).
 */
import { Then } from '@cucumber/cucumber';
import {
  ACTIVATE_MSG,
  type BearerName,
  type ClusterAdapter,
  FAILOVER_MSG,
  LINK_CONFIG,
  LINK_PROTOCOL,
  type NodeId,
  RESET_MSG,
  TUNNEL_PROTOCOL,
  type WireFrame,
} from '../contract';
import { ExpectationError } from './support/expect';
import type { ConformanceWorld } from './support/world';
import { catalogue } from './vocabulary';

/** The inner sequence numbers of the messages `from` tunnelled to `to` in FAILOVER_MSGs since `since`, and the tunnel's bearer. */
function tunnelled(c: ClusterAdapter, from: NodeId, to: NodeId, since: number): { seqnos: Set<number>; bearer?: BearerName; firstN: number } {
  const frames = [...c.wireFrames(), ...c.framesOnTheWay()].filter(
    (f) => f.from === from && f.to === to && f.at >= since && f.user === TUNNEL_PROTOCOL && f.mtype === FAILOVER_MSG && f.tunnelled !== undefined,
  );
  return { seqnos: new Set(frames.map((f) => f.tunnelled?.seqno ?? -1)), bearer: frames[0]?.bearer, firstN: Math.min(...frames.map((f) => f.n)) };
}

/** Whether a frame reached its receiver (delivered at once, late or as a duplicate). */
function delivered(f: WireFrame): boolean {
  return f.fate === 'deliver' || ['delay(', 'reorder(', 'dup(', 'released('].some((p) => f.fate.startsWith(p));
}

/**
 * The link sequence numbers of the packets `from` sent `to` on the bearer that reached `to` after
 * the link last came up there (its last RESET or ACTIVATE), of those sent before frame `beforeN`
 * (the first FAILOVER_MSG: the failover began).
 */
function receivedOnLink(frames: readonly WireFrame[], from: NodeId, to: NodeId, bearer: BearerName, beforeN: number): Set<number> {
  const mine = frames.filter((f) => f.from === from && f.to === to && f.bearer === bearer && !f.broadcast && f.n < beforeN);
  let start = 0;
  mine.forEach((f, i) => {
    if (f.user === LINK_PROTOCOL && (f.mtype === RESET_MSG || f.mtype === ACTIVATE_MSG)) start = i + 1;
  });
  const packets = mine.slice(start).filter((f) => f.user !== LINK_PROTOCOL && f.user !== LINK_CONFIG && f.seqno !== undefined && delivered(f));
  return new Set(packets.map((f) => f.seqno as number));
}

function list(s: Iterable<number>): string {
  const a = [...s].sort((x, y) => x - y);
  return a.length ? a.slice(0, 12).join(', ') + (a.length > 12 ? `, ... (${a.length})` : '') : 'none';
}

Then(
  'node {int} dropped, of what node {int} tunnelled in this failover, exactly what it had already received on the failed link',
  catalogue({
    group: 'observation',
    means:
      "Since a bearer was last cut: the peer tunnels in FAILOVER_MSGs every packet of the failed link it had not seen acknowledged, some of which the node had received before the cut; the node must throw away as duplicates exactly those, the tunnelled messages below its tunnel endpoint's drop_point, which is the failed link's rcv_nxt (tipc_link_tnl_prepare sets it, tipc_link_tnl_rcv drops below it), and deliver the others. The expected drops come off the wire (the failed link's packets that reached the node since the link came up, and the inner sequence numbers the FAILOVER_MSGs carried), the drops off the node's reports. Fails if there was none to drop (the scenario must cut a link with packets unacknowledged), or with the difference. Does not wait; the failover must have ended.",
    params: [
      { name: 'node', meaning: 'the receiver (node number)' },
      { name: 'peer', meaning: 'the node that tunnelled (node number)' },
    ],
    needs: ['failover', 'tunnel-drops'],
    example: 'node 2 dropped, of what node 1 tunnelled in this failover, exactly what it had already received on the failed link',
  }),
  async function (this: ConformanceWorld, node: number, peer: number) {
    const c = await this.cluster();
    const cutAt = this.wire.lastCutAt();
    const tnl = tunnelled(c, peer, node, cutAt);
    if (!tnl.bearer) throw new ExpectationError(`FAILOVER_MSGs carrying messages from node ${peer} to node ${node} since the cut at ${cutAt} ms`, 'none');
    const failed: BearerName = tnl.bearer === 'A' ? 'B' : 'A';
    const had = receivedOnLink(c.wireFrames(), peer, node, failed, tnl.firstN);
    const expected = new Set([...tnl.seqnos].filter((s) => had.has(s)));
    if (expected.size === 0) {
      throw new ExpectationError(`some of what node ${peer} tunnelled to have reached node ${node} on bearer ${failed} before the failover`, `none did; tunnelled: ${list(tnl.seqnos)}`);
    }
    const dropped = new Set(c.tunnelDrops().filter((d) => d.node === node && d.peer === peer && d.at >= cutAt).map((d) => d.seqno));
    const missing = [...expected].filter((s) => !dropped.has(s));
    const extra = [...dropped].filter((s) => !expected.has(s));
    if (missing.length || extra.length) {
      throw new ExpectationError(
        `node ${node} to drop as duplicates the tunnelled seqnos ${list(expected)} (received on bearer ${failed} before the failover), and no other`,
        `dropped ${list(dropped)}${missing.length ? `; not dropped: ${list(missing)}` : ''}${extra.length ? `; dropped but not received on the failed link: ${list(extra)}` : ''}`,
      );
    }
  },
);

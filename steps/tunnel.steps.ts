/**
 * What the FAILOVER_MSGs of a failover carried, read off the wire: the harness decodes the message
 * each tunnel frame carries inside it (tipc_link_tnl_prepare puts one whole message in each; a
 * dummy FAILOVER_MSG carries none). Works for any implementation.
 */
import { Then } from '@cucumber/cucumber';
import { type ClusterAdapter, FAILOVER_MSG, NAME_DISTRIBUTOR, type NodeId, SYNCH_MSG, TUNNEL_PROTOCOL, WITHDRAWAL, type WireFrame } from '../contract';
import { ExpectationError } from './support/expect';
import { lastUpdateText } from './support/updates';
import { rangeText } from './support/values';
import type { ConformanceWorld } from './support/world';
import { catalogue } from './vocabulary';

/**
 * The FAILOVER_MSGs `from` sent `to` since the last bearer cut that carry a message, one per
 * tunnel message: a retransmission of one (same bearer, same tunnel sequence number) or a
 * duplicate counts once. Those still on the way count: they were sent.
 */
function failoverMessages(c: ClusterAdapter, from: NodeId, to: NodeId, since: number): WireFrame[] {
  const seen = new Set<string>();
  const out: WireFrame[] = [];
  const sent = [...c.wireFrames(), ...c.framesOnTheWay()].filter(
    (f) => f.from === from && f.to === to && f.user === TUNNEL_PROTOCOL && f.mtype === FAILOVER_MSG && f.tunnelled !== undefined,
  );
  // A frame lost or on the way is in the list at its send time or now; a delivered one at its arrival.
  for (const f of [...sent].sort((a, b) => a.n - b.n)) {
    if (f.at < since) continue;
    const key = `${f.bearer}/${f.seqno ?? f.n}`;
    if (seen.has(key)) continue;
    seen.add(key);
    out.push(f);
  }
  return out;
}

function innerText(f: WireFrame): string {
  const t = f.tunnelled;
  if (!t) return `#${f.n}: nothing`;
  const what = t.user === NAME_DISTRIBUTOR ? `NAME_DISTRIBUTOR/${t.mtype === WITHDRAWAL ? 'WITHDRAWAL' : 'PUBLICATION'} seqno ${t.seqno}` : `user ${t.user} type ${t.mtype} seqno ${t.seqno}`;
  const named = t.named ? ` ${t.named.is_bulk ? 'bulk ' : ''}[${t.named.ranges.map(rangeText).join(' ')}]` : '';
  return `#${f.n}: ${what}${named}`;
}

Then(
  "node {int}'s FAILOVER_MSGs to node {int} in this failover carried {int} message(s)",
  catalogue({
    group: 'observation',
    means:
      "Counts, on the wire, the messages the first node tunnelled to the second in FAILOVER_MSGs since a bearer was last cut: one per FAILOVER_MSG that carries a message (a retransmission or duplicate of it counts once, a dummy FAILOVER_MSG, which carries none, not at all), whatever became of it. Does not wait. Fails unless the count is as given, listing what they carried.",
    params: [
      { name: 'from', meaning: 'the node that tunnelled (node number)' },
      { name: 'to', meaning: 'the node it tunnelled to (node number)' },
      { name: 'count', meaning: 'number of tunnelled messages' },
    ],
    needs: ['failover'],
    example: "node 2's FAILOVER_MSGs to node 1 in this failover carried 3 messages",
  }),
  async function (this: ConformanceWorld, from: number, to: number, count: number) {
    const c = await this.cluster();
    const since = this.wire.lastCutAt();
    const carried = failoverMessages(c, from, to, since);
    if (carried.length !== count) {
      throw new ExpectationError(
        `node ${from}'s FAILOVER_MSGs to node ${to} since ${since} ms to carry ${count} messages`,
        `${carried.length}${carried.length ? `: ${carried.slice(0, 8).map(innerText).join('; ')}${carried.length > 8 ? ` (+${carried.length - 8} more)` : ''}` : ''}`,
      );
    }
  },
);

Then(
  "node {int}'s FAILOVER_MSGs to node {int} in this failover carried that update",
  catalogue({
    group: 'observation',
    means:
      "Checks that a race was staged: fails unless one of the FAILOVER_MSGs the first node sent the second since a bearer was last cut carried the first node's last binding table update (a NAME_DISTRIBUTOR PUBLICATION or WITHDRAWAL, not a bulk message, whose items hold the range of the last bind or unbind step), as read off the wire. Does not wait.",
    params: [
      { name: 'from', meaning: 'the node that tunnelled (node number)' },
      { name: 'to', meaning: 'the node it tunnelled to (node number)' },
    ],
    needs: ['failover', 'naming'],
    example: "node 2's FAILOVER_MSGs to node 1 in this failover carried that update",
  }),
  async function (this: ConformanceWorld, from: number, to: number) {
    const c = await this.cluster();
    const u = this.wire.lastUpdate();
    if (!u || u.node !== from) throw new Error(`no binding table update by node ${from} to look at: bind or unbind a range on node ${from} first`);
    const since = this.wire.lastCutAt();
    const carried = failoverMessages(c, from, to, since);
    const isIt = (f: WireFrame): boolean => {
      const t = f.tunnelled;
      return t?.user === NAME_DISTRIBUTOR && t.mtype === u.mtype && t.named?.is_bulk === false && t.named.ranges.some((r) => rangeText(r) === rangeText(u.range));
    };
    if (!carried.some(isIt)) {
      throw new ExpectationError(
        `node ${from}'s FAILOVER_MSGs to node ${to} since ${since} ms to carry its ${lastUpdateText(this)}`,
        carried.length ? `they carried ${carried.slice(0, 8).map(innerText).join('; ')}${carried.length > 8 ? ` (+${carried.length - 8} more)` : ''}` : 'none carried a message',
      );
    }
  },
);

Then(
  'node {int} sent node {int} each SYNCH_MSG once',
  catalogue({
    group: 'observation',
    means:
      "On the wire, now, without waiting: no TUNNEL_PROTOCOL SYNCH_MSG the first node sent the second was sent again (a SYNCH_MSG is a packet of the new link, known by its bearer and sequence number; a copy the harness duplicated is not a retransmission). While the new link synchs, the receiver holds the user data that arrives on it back (tipc_node_check_state drops it, to be sent again after the synch point) but lets SYNCH_MSGs and LINK_PROTOCOL messages through to the link, which takes them in sequence, so on a wire that loses none of them none is asked for again. Fails listing those sent more than once.",
    params: [
      { name: 'from', meaning: 'the node whose second link came up (node number)' },
      { name: 'to', meaning: 'the node it synched with (node number)' },
    ],
    needs: ['synch'],
    example: 'node 1 sent node 2 each SYNCH_MSG once',
  }),
  async function (this: ConformanceWorld, from: number, to: number) {
    const c = await this.cluster();
    const copies = new Map<string, Set<number>>();
    for (const f of [...c.wireFrames(), ...c.framesOnTheWay()]) {
      if (f.from !== from || f.to !== to || f.user !== TUNNEL_PROTOCOL || f.mtype !== SYNCH_MSG) continue;
      const key = `${f.bearer}/${f.seqno ?? f.n}`;
      copies.set(key, (copies.get(key) ?? new Set<number>()).add(f.n));
    }
    const again = [...copies].filter(([, ns]) => ns.size > 1);
    if (!copies.size) throw new ExpectationError(`node ${from} to have sent node ${to} SYNCH_MSGs`, 'none on the wire');
    if (again.length) {
      throw new ExpectationError(
        `node ${from} to send node ${to} each of its ${copies.size} SYNCH_MSG(s) once`,
        `${again.length} sent again: ${again.slice(0, 10).map(([k, ns]) => `${k.replace('/', ' seqno ')} (${ns.size} times)`).join(', ')}${again.length > 10 ? ', ...' : ''}`,
      );
    }
  },
);

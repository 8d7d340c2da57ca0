/**
 * What a node did with the binding table messages it received, as it reports it (capability
 * named-events): the items it applied (tipc_named_rcv → tipc_update_nametbl) and the messages it
 * dropped as stale (tipc_named_dequeue, receive rule 4). A duplicate the binding table refuses
 * leaves the table as it was, so only these reports tell a message applied twice.
 */
import { Then } from '@cucumber/cucumber';
import { PUBLICATION, type NameApplication, type StaleDrop } from '../contract';
import { latestBulk } from './support/bulks';
import { ExpectationError } from './support/expect';
import { lastUpdateText, updateFrames } from './support/updates';
import { rangeText } from './support/values';
import { lessEq } from './support/serial';
import type { ConformanceWorld } from './support/world';
import { catalogue } from './vocabulary';

function applicationText(a: NameApplication): string {
  return `${a.op} ${rangeText(a.range)} of node ${a.peer} at ${a.at} ms${a.accepted ? '' : ' (refused by the table)'}`;
}

function staleText(d: StaleDrop): string {
  return `named_seqno ${d.named_seqno} from node ${d.peer} at ${d.at} ms (named_rcv_nxt ${d.rcv_nxt})`;
}

/** What the node reported applying of the last bind or unbind step's update since that step. */
async function applicationsOfThatUpdate(w: ConformanceWorld, node: number): Promise<{ applied: NameApplication[]; op: string; since: number; peer: number }> {
  const c = await w.cluster();
  await c.observeNow();
  const u = w.wire.lastUpdate();
  if (!u) throw new Error('no binding table update to look at: bind or unbind a range first');
  const op = u.mtype === PUBLICATION ? 'publish' : 'withdraw';
  const since = u.at ?? 0;
  const applied = c
    .nameApplications()
    .filter((a) => a.node === node && a.peer === u.node && a.op === op && a.at >= since && rangeText(a.range) === rangeText(u.range));
  return { applied, op, since, peer: u.node };
}

Then(
  'node {int} applied that update exactly once',
  catalogue({
    group: 'observation',
    means:
      "Checks what the node reported applying, now, without waiting (put it after a step that waited, such as a name table check): since the last bind or unbind step, the node must have handed the binding or unbinding that step made (same owner node, PUBLICATION or WITHDRAWAL, service range) to its binding table exactly once (tipc_named_rcv → tipc_update_nametbl), whether it came in the update itself, in a bulk, or tunnelled in a failover; a second time, even one the table refuses as a duplicate, fails, and so does never.",
    params: [
      { name: 'node', meaning: 'the receiving node (node number)' },
    ],
    needs: ['named-events'],
    example: 'node 1 applied that update exactly once',
  }),
  async function (this: ConformanceWorld, node: number) {
    const { applied, op, since, peer } = await applicationsOfThatUpdate(this, node);
    if (applied.length !== 1) {
      throw new ExpectationError(
        `node ${node} to apply node ${peer}'s ${lastUpdateText(this)} exactly once (a ${op} item)`,
        applied.length === 0 ? `never applied since ${since} ms` : `applied ${applied.length} times: ${applied.map(applicationText).join('; ')}`,
      );
    }
  },
);

Then(
  'node {int} applied that update exactly once, and its binding table took it',
  catalogue({
    group: 'observation',
    means:
      "As 'node N applied that update exactly once', and the binding table took it: a binding inserted, or for an unbinding the binding removed (tipc_update_nametbl returns true; a withdrawal of a binding the table does not hold fails with \"Failed to remove binding\", as when it overtakes the bulk that adds it).",
    params: [
      { name: 'node', meaning: 'the receiving node (node number)' },
    ],
    needs: ['named-events'],
    example: 'node 2 applied that update exactly once, and its binding table took it',
  }),
  async function (this: ConformanceWorld, node: number) {
    const { applied, op, since, peer } = await applicationsOfThatUpdate(this, node);
    if (applied.length !== 1 || !applied[0]?.accepted) {
      throw new ExpectationError(
        `node ${node} to apply node ${peer}'s ${lastUpdateText(this)} exactly once (a ${op} item), and its binding table to take it`,
        applied.length === 0 ? `never applied since ${since} ms` : `applied ${applied.length} time(s): ${applied.map(applicationText).join('; ')}`,
      );
    }
  },
);

Then(
  'node {int} dropped that update as stale, below the synch point of its bulk',
  catalogue({
    group: 'observation',
    means:
      "Checks what the node reported, now, without waiting: it must have dropped the last bind or unbind step's update (the named_seqno its first frame on the wire carried, from that step's node) as stale exactly once (tipc_named_dequeue, receive rule 4 of cad2929dc432 v2), with a named_rcv_nxt above that named_seqno and at least the synch point (named_seqno of the last message, is_last_bulk) of the bulk the update's node sent it last (16-bit serial arithmetic).",
    params: [
      { name: 'node', meaning: 'the receiving node (node number)' },
    ],
    needs: ['named-events'],
    example: 'node 2 dropped that update as stale, below the synch point of its bulk',
  }),
  async function (this: ConformanceWorld, node: number) {
    const c = await this.cluster();
    await c.observeNow();
    const u = this.wire.lastUpdate();
    if (!u) throw new Error('no binding table update to look at: bind or unbind a range first');
    const seqno = updateFrames(c, this, u.node)[0]?.named?.named_seqno;
    const bulk = latestBulk(c, u.node, node);
    const synch = bulk?.complete ? bulk.messages[bulk.messages.length - 1]?.copies[0]?.named?.named_seqno : undefined;
    const drops = c.staleDrops().filter((d) => d.node === node && d.peer === u.node && d.named_seqno === seqno);
    const right = drops.filter((d) => synch !== undefined && d.rcv_nxt !== d.named_seqno && lessEq(d.named_seqno, d.rcv_nxt) && lessEq(synch, d.rcv_nxt));
    if (seqno === undefined || drops.length !== 1 || right.length !== 1) {
      const all = c.staleDrops().filter((d) => d.node === node);
      throw new ExpectationError(
        `node ${node} to drop node ${u.node}'s ${lastUpdateText(this)} (named_seqno ${seqno ?? '?'}) as stale once, with named_rcv_nxt at or above its bulk's synch point ${synch ?? '(no last bulk message seen)'}`,
        all.length === 0 ? 'no update dropped as stale' : `dropped: ${all.slice(0, 6).map(staleText).join('; ')}`,
      );
    }
  },
);

Then(
  'node {int} dropped no update as stale',
  catalogue({
    group: 'observation',
    means:
      "Checks what the node reported, now, without waiting: since the scenario began it must have dropped no peer's binding table message as stale (tipc_named_dequeue, receive rule 4 of cad2929dc432: a named_seqno below the peer's named_rcv_nxt). Fails listing those it dropped.",
    params: [
      { name: 'node', meaning: 'the receiving node (node number)' },
    ],
    needs: ['named-events'],
    example: 'node 1 dropped no update as stale',
  }),
  async function (this: ConformanceWorld, node: number) {
    const c = await this.cluster();
    await c.observeNow();
    const stale = c.staleDrops().filter((d) => d.node === node);
    if (stale.length > 0) {
      throw new ExpectationError(
        `node ${node} to drop no binding table message as stale`,
        `${stale.length} dropped: ${stale.slice(0, 6).map(staleText).join('; ')}${stale.length > 6 ? ` (+${stale.length - 6} more)` : ''}`,
      );
    }
  },
);

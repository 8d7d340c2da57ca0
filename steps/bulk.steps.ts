/**
 * What a node's binding table messages carry on the wire: how its bulk for a new peer is packed
 * (named_distribute: as many items as the link MTU holds, bc_ack_invalid on every message), that a
 * legacy node marks nothing, and that a node-scope binding is in no message at all.
 */
import { Then } from '@cucumber/cucumber';
import { NAME_DISTRIBUTOR, type ServiceRange, type WireFrame } from '../contract';
import { latestBulk } from './support/bulks';
import { ExpectationError } from './support/expect';
import { RANGE } from './support/parameter-types';
import { rangeText } from './support/values';
import type { ConformanceWorld } from './support/world';
import { catalogue } from './vocabulary';

/** "#41 items=69 bc_ack_invalid=1" for failure messages. */
function frameText(f: WireFrame): string {
  const n = f.named;
  if (!n) return `#${f.n}`;
  return `#${f.n} is_bulk=${Number(n.is_bulk)} is_last_bulk=${Number(n.is_last_bulk)} not_legacy=${Number(n.not_legacy)} named_seqno=${n.named_seqno} bc_ack_invalid=${Number(n.bc_ack_invalid)} items=${n.items}`;
}

Then(
  "node {int}'s bulk to node {int} held {int} bindings, {int} to a message, every message bc_ack_invalid",
  catalogue({
    group: 'observation',
    means:
      "On the wire, the first node's NAME_DISTRIBUTOR bulk for the second (is_bulk, the bulk of their most recent contact, after up to 5000 ms for its last message, is_last_bulk, to be sent): fails unless its messages hold that many binding items in all, every message but the last exactly the number given and the last the rest (named_distribute packs as many 20-byte items as the node's MTU entry leaves room for after the 40-byte header: (1428 - 40) / 20 = 69 on a 1500-byte Ethernet link, whose MTU entry is the link's mss, 1500 - 40 - 32), and unless every copy of every message has bc_ack_invalid set (its bcast_ack acknowledges nothing). The node's own node-state binding {0, addr, addr} is one of the items.",
    params: [
      { name: 'from', meaning: 'the node that sends the bulk (node number)' },
      { name: 'to', meaning: 'the new peer (node number)' },
      { name: 'bindings', meaning: 'binding items in the whole bulk' },
      { name: 'per message', meaning: 'items in every message but the last' },
    ],
    needs: ['named-bcast'],
    example: "node 1's bulk to node 2 held 138 bindings, 69 to a message, every message bc_ack_invalid",
  }),
  async function (this: ConformanceWorld, from: number, to: number, total: number, perMessage: number) {
    const c = await this.cluster();
    await this.runUntil(() => latestBulk(c, from, to)?.complete === true, 5000);
    const bulk = latestBulk(c, from, to);
    const firsts = bulk?.messages.map((m) => m.copies[0]).filter((f): f is WireFrame => f !== undefined) ?? [];
    const seen = firsts.map(frameText).join('; ') || 'no bulk message (is_bulk)';
    const counts = firsts.map((f) => f.named?.items ?? 0);
    const sum = counts.reduce((a, b) => a + b, 0);
    const last = counts[counts.length - 1] ?? 0;
    const packed = counts.slice(0, -1).every((n) => n === perMessage) && last >= 1 && last <= perMessage;
    if (!bulk?.complete || sum !== total || !packed) {
      throw new ExpectationError(
        `node ${from}'s bulk to node ${to}: ${total} bindings, ${perMessage} in every message but the last, the rest in the last (${Math.ceil(total / perMessage)} messages)`,
        `${firsts.length} messages${bulk?.complete ? '' : ' (no last one, is_last_bulk)'}: ${seen}`,
      );
    }
    const unflagged = (bulk.messages.flatMap((m) => m.copies)).filter((f) => f.named?.bc_ack_invalid !== true);
    if (unflagged.length > 0) {
      throw new ExpectationError(`every message of node ${from}'s bulk to node ${to} with bc_ack_invalid set`, `without it: ${unflagged.map(frameText).join('; ')}`);
    }
  },
);

Then(
  "node {int}'s binding table messages to node {int} carry none of the sequence-control marks",
  catalogue({
    group: 'observation',
    means:
      'Checks that the first node really is a node from before cad2929dc432: on the wire, the NAME_DISTRIBUTOR messages it sent the second node (its bulk and its updates, by unicast) must be there, and none may have is_bulk, is_last_bulk or not_legacy set or a named_seqno other than 0 (those bits and word 4 came with the commit).',
    params: [
      { name: 'from', meaning: 'the sending node (node number)' },
      { name: 'to', meaning: 'the receiving node (node number)' },
    ],
    needs: ['named-bcast'],
    example: "node 2's binding table messages to node 1 carry none of the sequence-control marks",
  }),
  async function (this: ConformanceWorld, from: number, to: number) {
    const c = await this.cluster();
    const named = c.wireFrames().filter((f) => f.from === from && f.to === to && f.user === NAME_DISTRIBUTOR && f.named !== undefined);
    const marked = named.filter((f) => f.named?.is_bulk || f.named?.is_last_bulk || f.named?.not_legacy || f.named?.named_seqno !== 0);
    if (named.length === 0 || marked.length > 0) {
      throw new ExpectationError(
        `NAME_DISTRIBUTOR messages from node ${from} to node ${to}, none with is_bulk, is_last_bulk, not_legacy or a named_seqno`,
        named.length === 0 ? 'no NAME_DISTRIBUTOR message' : `${marked.length} of ${named.length} marked: ${marked.slice(0, 6).map(frameText).join('; ')}`,
      );
    }
  },
);

/** The ranges a frame carries as binding table items, its own or those of the message it tunnels. */
function rangesOf(f: WireFrame): readonly ServiceRange[] {
  return [...(f.user === NAME_DISTRIBUTOR ? (f.named?.ranges ?? []) : []), ...(f.tunnelled?.named?.ranges ?? [])];
}

Then(
  'no binding table message of node {int} carried the service range {range}',
  catalogue({
    group: 'observation',
    means:
      'On the wire, every NAME_DISTRIBUTOR message the node sent since the scenario began (bulk, update, broadcast or unicast, and those tunnelled inside a FAILOVER_MSG or SYNCH_MSG), whatever became of it: fails if any carried an item with exactly that service range. For a node-scope binding, which must never leave its node.',
    params: [
      { name: 'node', meaning: 'the node that bound the range (node number)' },
      { name: 'range', meaning: 'a service range as {type, lower, upper}, e.g. {7000, 0, 9}', type: RANGE },
    ],
    needs: ['naming'],
    example: 'no binding table message of node 1 carried the service range {7000, 0, 9}',
  }),
  async function (this: ConformanceWorld, node: number, range: ServiceRange) {
    const c = await this.cluster();
    const want = rangeText(range);
    const carrying = [...c.wireFrames(), ...c.framesOnTheWay()].filter((f) => f.from === node && rangesOf(f).some((r) => rangeText(r) === want));
    if (carrying.length > 0) {
      throw new ExpectationError(
        `no binding table message of node ${node} with ${want}`,
        `${carrying.length} frames carried it: ${carrying.slice(0, 6).map((f) => `${frameText(f)} to node ${f.to}${f.broadcast ? ' (broadcast)' : ''}`).join('; ')}`,
      );
    }
  },
);

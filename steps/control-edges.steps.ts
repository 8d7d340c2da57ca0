/**
 * Control calls at their edges: told to act on something it does not have (a link to a peer it
 * does not know, a link on a bearer it has none on, a binding it does not hold) a node refuses and
 * changes nothing; an interface brought up while up changes nothing; and the named sequence number
 * the node-state binding of tipc_net_finalize takes.
 */
import { Then, When } from '@cucumber/cucumber';
import { type BearerName, DSC_REQ_MSG, LINK_CONFIG, type ServiceRange } from '../contract';
import { latestBulk } from './support/bulks';
import { ExpectationError } from './support/expect';
import { BEARER, RANGE } from './support/parameter-types';
import { rangeText } from './support/values';
import type { ConformanceWorld } from './support/world';
import { catalogue } from './vocabulary';

const NODE = { name: 'node', meaning: 'node number (address 1.1.N)' };
const PEER = { name: 'peer', meaning: 'the other end of the link (node number; need not be in the cluster)' };
const BEARER_PARAM = { name: 'bearer', meaning: 'bearer letter: A (eth0) or B (eth1)', type: BEARER };

/** Fails (as staging) unless the node has no link endpoint towards the peer on the bearer. */
async function expectNoLink(w: ConformanceWorld, node: number, peer: number, bearer: BearerName): Promise<void> {
  const c = await w.cluster();
  const state = await c.linkState(node, peer, bearer);
  if (state !== 'ABSENT') throw new ExpectationError(`node ${node} to have no link to node ${peer} on bearer ${bearer}`, `its endpoint there is ${state}`);
}

When(
  'node {int} is refused the tolerance {int} ms for a link to node {int} on bearer {bearer}, which it does not have',
  catalogue({
    group: 'action',
    means:
      'Checks the node has no link endpoint towards the peer on the bearer (the peer may be a node it never heard of), then tells it to set that link\'s tolerance, as `tipc link set tolerance ... link NAME` does, and fails if it accepts: 6.1 finds no link of that name (tipc_nl_node_set_link → tipc_node_find_by_name) and answers -EINVAL, in range or not (an out-of-range tolerance is refused earlier, by tipc_nl_parse_link_prop).',
    params: [NODE, { name: 'tolerance', meaning: 'the tolerance asked for, ms' }, PEER, BEARER_PARAM],
    needs: ['link'],
    example: 'node 1 is refused the tolerance 1000 ms for a link to node 3 on bearer A, which it does not have',
  }),
  async function (this: ConformanceWorld, node: number, ms: number, peer: number, bearer: BearerName) {
    await expectNoLink(this, node, peer, bearer);
    const ok = await (await this.cluster()).setLinkTolerance(node, peer, bearer, ms);
    if (ok) throw new ExpectationError(`node ${node} to refuse a tolerance of ${ms} ms for a link to node ${peer} on bearer ${bearer} it does not have`, 'accepted');
  },
);

When(
  'node {int} is refused the priority {int} for a link to node {int} on bearer {bearer}, which it does not have',
  catalogue({
    group: 'action',
    means:
      'Checks the node has no link endpoint towards the peer on the bearer, then tells it to set that link\'s priority, as `tipc link set priority ... link NAME` does, and fails if it accepts: 6.1 finds no link of that name (tipc_nl_node_set_link) and answers -EINVAL.',
    params: [NODE, { name: 'priority', meaning: 'the priority asked for (0..31)' }, PEER, BEARER_PARAM],
    needs: ['link'],
    example: 'node 1 is refused the priority 20 for a link to node 2 on bearer B, which it does not have',
  }),
  async function (this: ConformanceWorld, node: number, prio: number, peer: number, bearer: BearerName) {
    await expectNoLink(this, node, peer, bearer);
    const ok = await (await this.cluster()).setLinkPriority(node, peer, bearer, prio);
    if (ok) throw new ExpectationError(`node ${node} to refuse priority ${prio} for a link to node ${peer} on bearer ${bearer} it does not have`, 'accepted');
  },
);

Then(
  'node {int} shows no link tolerance towards node {int} on bearer {bearer}',
  catalogue({
    group: 'observation',
    means:
      'Asks the node for the tolerance of its link endpoint towards the peer on the bearer, as `tipc link get tolerance` does, and fails if it shows one: it has no such link (6.1: no link of that name, -EINVAL).',
    params: [NODE, PEER, BEARER_PARAM],
    needs: ['link', 'link-tolerance'],
    example: 'node 1 shows no link tolerance towards node 3 on bearer A',
  }),
  async function (this: ConformanceWorld, node: number, peer: number, bearer: BearerName) {
    const tol = await (await this.cluster()).linkTolerance(node, peer, bearer);
    if (tol !== undefined) throw new ExpectationError(`no link tolerance of node ${node} towards node ${peer} on bearer ${bearer} (it has no such link)`, `${tol} ms`);
  },
);

When(
  'node {int} is refused unbinding the service range {range}, which it does not hold',
  catalogue({
    group: 'action',
    means:
      'Checks the node holds no binding of its own with that range, then tells it to unbind the range and fails if it accepts: no socket holds it, so there is no publication to withdraw (6.1 tipc_sk_withdraw finds none and sends no WITHDRAWAL; tipc_nametbl_withdraw would find nothing to remove either). Then lets 100 ms pass.',
    params: [NODE, { name: 'range', meaning: 'a service range as {type, lower, upper}, e.g. {7000, 0, 9}', type: RANGE }],
    needs: ['naming'],
    example: 'node 1 is refused unbinding the service range {7000, 0, 9}, which it does not hold',
  }),
  async function (this: ConformanceWorld, node: number, range: ServiceRange) {
    const c = await this.cluster();
    const { type, lower, upper } = range;
    const held = (await c.nameTable(node)).find((b) => b.node === node && b.type === type && b.lower === lower && b.upper === upper);
    if (held) throw new ExpectationError(`node ${node} to hold no binding ${rangeText(range)}`, `it holds one, port ${held.port}`);
    const ok = await this.bindings.withdraw(node, { type, lower, upper, key: ((type << 8) >>> 0) });
    if (ok) throw new ExpectationError(`node ${node} to refuse unbinding ${rangeText(range)}, which it does not hold`, 'accepted');
    await this.runUntil(() => false, 100);
  },
);

When(
  'the interface of bearer {bearer} on node {int}, already up, is brought up again',
  catalogue({
    group: 'disturbance',
    means:
      'Checks the node\'s interface under the bearer is up, then tells the node it comes up (`ip link set ethN up`): for an interface already up nothing happens, no NETDEV_UP reaches TIPC (tipc_l2_device_event), so its bearer and discovery go on as they were.',
    params: [BEARER_PARAM, NODE],
    needs: [],
    example: 'the interface of bearer A on node 1, already up, is brought up again',
  }),
  async function (this: ConformanceWorld, bearer: BearerName, node: number) {
    if (this.interfaces.isDown(node, bearer)) throw new Error(`the interface of bearer ${bearer} on node ${node} is down: the step brings up one that is up`);
    await this.setInterface(node, bearer, true);
  },
);

Then(
  'node {int} sends at most {int} discovery request(s) on bearer {bearer} in {int} ms',
  catalogue({
    group: 'observation',
    means:
      'Lets time run for the given time and counts the LINK_CONFIG DSC_REQ broadcasts the node sent on the bearer in it (one per send, whatever reached whom): fails if there were more than the number given, listing when each went out. With a link up on the bearer a node asks ever less often, the interval doubling up to TIPC_DISC_SLOW, 60 s (tipc_disc_timeout); only a bearer that starts over (tipc_disc_reset) asks at once and again 125 ms later.',
    params: [NODE, { name: 'count', meaning: 'the most requests allowed' }, BEARER_PARAM, { name: 'time', meaning: 'how long to watch, ms' }],
    needs: ['link'],
    example: 'node 1 sends at most 1 discovery request on bearer A in 1500 ms',
  }),
  async function (this: ConformanceWorld, node: number, most: number, bearer: BearerName, ms: number) {
    const c = await this.cluster();
    const start = c.now();
    await this.runUntil(() => false, ms);
    const sends = new Map<number, number>();
    for (const f of c.wireFrames()) {
      if (f.from !== node || f.bearer !== bearer || f.user !== LINK_CONFIG || f.mtype !== DSC_REQ_MSG || !f.broadcast || f.at < start) continue;
      if (!sends.has(f.send)) sends.set(f.send, f.at);
    }
    if (sends.size > most) {
      throw new ExpectationError(
        `node ${node} to send at most ${most} discovery requests on bearer ${bearer} in ${ms} ms from ${start} ms`,
        `${sends.size}, at ${[...sends.values()].sort((a, b) => a - b).join(', ')} ms`,
      );
    }
  },
);

Then(
  "the last message of node {int}'s bulk to node {int} carried named_seqno {int}",
  catalogue({
    group: 'observation',
    means:
      "On the wire, the first node's NAME_DISTRIBUTOR bulk for the second (the bulk of their most recent contact, after up to 5000 ms for its last message, is_last_bulk, to be sent): fails unless its last message carries that named_seqno, the node's named sequence number (nt->snd_nxt) when the bulk was made (named_distribute). A node starts at 0 and every cluster-scope binding or unbinding of its own takes one (tipc_named_publish / tipc_named_withdraw: nt->snd_nxt++), distributed or not: the node-state binding {0, addr, addr} that tipc_net_finalize makes before any peer is up takes the first.",
    params: [
      { name: 'from', meaning: 'the node that sends the bulk (node number)' },
      { name: 'to', meaning: 'the new peer (node number)' },
      { name: 'seqno', meaning: 'the named_seqno of its last message' },
    ],
    needs: ['named-bcast'],
    example: "the last message of node 1's bulk to node 2 carried named_seqno 1",
  }),
  async function (this: ConformanceWorld, from: number, to: number, seqno: number) {
    const c = await this.cluster();
    await this.runUntil(() => latestBulk(c, from, to)?.complete === true, 5000);
    const bulk = latestBulk(c, from, to);
    const last = bulk?.complete ? bulk.messages[bulk.messages.length - 1]?.copies[0] : undefined;
    if (last?.named?.named_seqno !== seqno) {
      throw new ExpectationError(
        `the last message of node ${from}'s bulk to node ${to} with named_seqno ${seqno}`,
        last ? `#${last.n} at ${last.at} ms with named_seqno ${last.named?.named_seqno}` : `no last bulk message (is_last_bulk) of node ${from} to node ${to}`,
      );
    }
  },
);

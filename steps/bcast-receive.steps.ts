/**
 * What a node takes from the broadcast packets it hears (bcast-receive.feature): tipc_rcv hands a
 * non-sequenced frame that is not LINK_CONFIG to tipc_node_bc_rcv, which drops one from a node it
 * does not know, and tipc_bcast_rcv drops one whose word 5 (msg_mc_netid) is not its own network
 * id. The harness rewrites word 5 of one node's broadcast binding table updates on the wire, as a
 * node of another network with the same address would send them; the receiver is under test.
 * And `tipc link list` of a node that never linked up with another shows no link to it.
 */
import { Then, When } from '@cucumber/cucumber';
import { type BearerName, NAME_DISTRIBUTOR, type ServiceRange } from '../contract';
import { ExpectationError } from './support/expect';
import { BEARER, RANGE } from './support/parameter-types';
import { rangeText } from './support/values';
import type { ConformanceWorld } from './support/world';
import { catalogue } from './vocabulary';

const NODE = { name: 'node', meaning: 'node number (address 1.1.N)' };

When(
  "node {int}'s binding table updates by broadcast reach node {int} with network id {int}",
  catalogue({
    group: 'disturbance',
    means:
      "From now on, every copy of the sender's binding table updates on its broadcast link (NAME_DISTRIBUTOR PUBLICATION or WITHDRAWAL, non_seq, to the media broadcast address; retransmissions included, no bulk) that reaches the receiver has word 5, where a broadcast packet carries its network id (msg_mc_netid), rewritten to the id given: what a node of another network with the same address, on the same LAN, would send. The frame stays a valid TIPC message (tipc_msg_validate reads no word 5); the other nodes get it as sent. The trace names the rule in the fate of every frame it touched: malformed(<rule>).",
    params: [
      { name: 'from', meaning: 'the broadcasting node (node number)' },
      { name: 'to', meaning: 'the receiving node (node number)' },
      { name: 'id', meaning: 'the network id word 5 says' },
    ],
    needs: ['named-bcast'],
    example: "node 2's binding table updates by broadcast reach node 1 with network id 4712",
  }),
  async function (this: ConformanceWorld, from: number, to: number, id: number) {
    const c = await this.cluster();
    c.addRule({
      name: `node ${from}'s broadcast updates to node ${to} with network id ${id}`,
      match: { from, to, user: NAME_DISTRIBUTOR, broadcast: true, is_bulk: false },
      action: { kind: 'malform', alteration: { kind: 'field', field: 'destport', value: id } },
    });
  },
);

Then(
  "node {int}'s name table holds no binding of the service range {range} for {int} ms",
  catalogue({
    group: 'observation',
    means:
      "Lets time run for the given time and fails as soon as the node's name table holds a binding of that range (same type, lower and upper bound), whoever's, with the binding and when it came; a table that never holds one passes at the end. For a binding the node must not have learnt (an update it had to drop). The table is given no settle time of 1000 ms as the checks of what a table holds are: the watch itself lets it settle, for the whole time given, and a binding that arrives at any moment of it fails the step.",
    params: [NODE, { name: 'range', meaning: 'a service range as {type, lower, upper}, e.g. {7000, 0, 9}', type: RANGE }, { name: 'time', meaning: 'how long to watch, ms' }],
    needs: ['naming'],
    example: "node 1's name table holds no binding of the service range {7001, 0, 9} for 500 ms",
  }),
  async function (this: ConformanceWorld, node: number, range: ServiceRange, ms: number) {
    const c = await this.cluster();
    const find = async () => (await c.nameTable(node)).find((b) => b.type === range.type && b.lower === range.lower && b.upper === range.upper);
    const start = await this.now();
    const seen = await this.poll(async () => (await find()) !== undefined, ms);
    if (seen) {
      const b = await find();
      throw new ExpectationError(
        `node ${node}'s name table to hold no binding ${rangeText(range)} for ${ms} ms`,
        `${rangeText(range)} of node ${b?.node ?? '?'}, port ${b?.port ?? '?'}, held ${(await this.now()) - start} ms in`,
      );
    }
  },
);

Then(
  'node {int} lists no link to node {int} on bearer {bearer}',
  catalogue({
    group: 'observation',
    means:
      "Reads the node's link names now, as `tipc link list` shows them, and fails if one names a link to the other node on that bearer (the other may be a node it never heard of): it has no endpoint of that link, so no name (tipc_nl_node_dump_link lists the links of the nodes it knows). Fails with the name seen. Waits no longer than the observation latency the implementation declares (0 for the reference).",
    params: [NODE, { name: 'peer', meaning: 'the other node (node number; need not be one the node knows)' }, { name: 'bearer', meaning: 'bearer letter: A (eth0) or B (eth1)', type: BEARER }],
    needs: ['link', 'link-name'],
    example: 'node 1 lists no link to node 3 on bearer A',
  }),
  async function (this: ConformanceWorld, node: number, peer: number, bearer: BearerName) {
    const c = await this.cluster();
    await this.runUntil(() => false, c.latency.observationMs);
    const name = await c.linkName(node, peer, bearer);
    if (name !== undefined) throw new ExpectationError(`node ${node} to list no link to node ${peer} on bearer ${bearer}`, `it lists ${name}`);
  },
);

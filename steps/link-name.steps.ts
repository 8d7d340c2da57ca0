/**
 * A link endpoint's name, as `tipc link list` prints it: tipc_link_create names the endpoint
 * "<own address>:<own interface>-<peer address>:unknown", and tipc_link_proto_rcv puts the
 * interface name the peer's RESET or ACTIVATE carries in its body in place of "unknown".
 */
import { Then } from '@cucumber/cucumber';
import type { EndpointRef } from '../contract';
import { ExpectationError, peerOf } from './support/expect';
import { ENDPOINT } from './support/parameter-types';
import { endpointText } from './support/values';
import type { ConformanceWorld } from './support/world';
import { catalogue } from './vocabulary';

Then(
  'link endpoint {endpoint} is named {word}',
  catalogue({
    group: 'observation',
    means:
      "Reads the name of the link endpoint (towards the only peer of a two-node cluster) as `tipc link list` shows it now: own address in hex, own interface, peer address in hex, and the interface name the peer's last RESET or ACTIVATE carried (\"unknown\" before one came), as own:if-peer:peerif. Fails with the name seen (or the endpoint's state if it has none) unless it is the one given. Waits no longer than the observation latency the implementation declares (0 for the reference).",
    params: [
      { name: 'endpoint', meaning: "a link endpoint as 1A: node 1's end of its link on bearer A", type: ENDPOINT },
      { name: 'name', meaning: 'the name it must have, as 1001001:eth0-1001002:eth0 (node N has address 1.1.N, 100100N in hex; bearer A is eth0, B eth1)' },
    ],
    needs: ['link', 'link-name'],
    example: 'link endpoint 1A is named 1001001:eth0-1001002:eth0',
  }),
  async function (this: ConformanceWorld, e: EndpointRef, name: string) {
    const c = await this.cluster();
    const peer = peerOf(this.setup.nodes(), e.node);
    const ep = endpointText(e);
    const limit = c.latency.observationMs;
    if (await this.runUntil(async () => (await c.linkName(e.node, peer, e.bearer)) === name, limit)) return;
    const seen = await c.linkName(e.node, peer, e.bearer);
    throw new ExpectationError(
      `link endpoint ${ep} to be named ${name}${limit > 0 ? ` (within ${limit} ms, the observation latency the implementation declares)` : ''}`,
      seen === undefined ? `no name: link endpoint ${ep} is ${await c.linkState(e.node, peer, e.bearer)}` : `${ep} is named ${seen}`,
    );
  },
);

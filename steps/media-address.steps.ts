/**
 * A peer's discovery messages announcing another media address than the one a node holds for it
 * (tipc_node_check_dest's addr_match): the harness rewrites, on the wire, the MAC in the media
 * address of a node's LINK_CONFIG frames, as if its interface had taken another MAC or another
 * station used its node address and signature. What the receiver then does (answer, reset, take
 * the address, or ignore it) is for the discovery and link steps to observe. Also: the pace of a
 * node's discovery requests once its last link went down, and a tester that comes back announcing
 * other capabilities (a restart as a legacy node).
 */
import { Then, When } from '@cucumber/cucumber';
import { type BearerName, DSC_REQ_MSG, type FrameAlteration, LINK_CONFIG } from '../contract';
import { ExpectationError } from './support/expect';
import { BEARER } from './support/parameter-types';
import { alterationText } from './support/values';
import { restartAs } from './support/restart';
import type { ConformanceWorld } from './support/world';
import { catalogue } from './vocabulary';

When(
  "node {int}'s discovery messages on bearer {bearer} announce media address {word}",
  catalogue({
    group: 'disturbance',
    means:
      "A fault rule of the bearer rewrites, in every LINK_CONFIG frame (DSC_REQ or DSC_RESP) the node sends on it from now on, the MAC of the media address the message carries (msg.h TIPC_MEDIA_INFO_OFFSET, the address tipc_disc_rcv reads as the sender's and tipc_node_check_dest compares with the one it holds); the frame stays valid and the node itself does not know. A receiver that takes the address sends the peer its DSC_RESP and its link's frames there: to a MAC no node of the cluster has (the harness's scheme is 52:54:00:0a+bearer:kk:kk), they reach nobody (the harness drops them, with a note in the trace). \"Bearer X carries all traffic again\" lifts it.",
    params: [
      { name: 'node', meaning: 'the node whose discovery messages announce the address (node number)' },
      { name: 'bearer', meaning: 'bearer letter: A (eth0) or B (eth1)', type: BEARER },
      { name: 'mac', meaning: 'the MAC announced, as six colon-separated hex bytes: 02:00:00:00:00:02' },
    ],
    needs: [],
    example: "node 2's discovery messages on bearer A announce media address 02:00:00:00:00:02",
  }),
  async function (this: ConformanceWorld, from: number, bearer: BearerName, mac: string) {
    if (!/^[0-9a-f]{2}(?::[0-9a-f]{2}){5}$/i.test(mac)) throw new Error(`"${mac}" is not a MAC address: six colon-separated hex bytes, as 02:00:00:00:00:02`);
    const alteration: FrameAlteration = { kind: 'media-address', mac: mac.replace(/:/g, '').toLowerCase() };
    await this.wire.addBearerRule(bearer, `node ${from}'s discovery messages announce ${alterationText(alteration)}`, { from, user: LINK_CONFIG }, { kind: 'malform', alteration });
  },
);

Then(
  'node {int} sends its next discovery request on bearer {bearer} no sooner than {int} ms from now',
  catalogue({
    group: 'observation',
    means:
      "Lets time run until the node sends its next LINK_CONFIG DSC_REQ broadcast on the bearer (waiting up to 1000 ms more than the given time), and fails if it went out sooner than the given time after this step began (1 ms of the wire's link delay allowed), or not at all. When the last link on a bearer goes down, tipc_disc_remove_dest brings the next request forward to TIPC_DISC_INIT, 125 ms, only if the discoverer's interval had grown beyond TIPC_DISC_FAST, 1 s; at 1 s or less the request already scheduled keeps its time.",
    params: [
      { name: 'node', meaning: 'node number (address 1.1.N)' },
      { name: 'bearer', meaning: 'bearer letter: A (eth0) or B (eth1)', type: BEARER },
      { name: 'delay', meaning: 'ms after this step began' },
    ],
    needs: ['link', 'virtual-time'],
    example: 'node 1 sends its next discovery request on bearer A no sooner than 500 ms from now',
  }),
  async function (this: ConformanceWorld, node: number, bearer: BearerName, delay: number) {
    const c = await this.cluster();
    const start = c.now();
    const next = () =>
      c
        .wireFrames()
        .filter((f) => f.from === node && f.bearer === bearer && f.user === LINK_CONFIG && f.mtype === DSC_REQ_MSG && f.broadcast && f.at > start)
        .sort((a, b) => a.at - b.at)[0];
    await this.runUntil(() => next() !== undefined, delay + 1000);
    const r = next();
    const expected = `node ${node}'s next discovery request on bearer ${bearer} no sooner than ${delay} ms after ${start} ms`;
    if (!r) throw new ExpectationError(expected, `none within ${c.now() - start} ms`);
    if (r.at - start < delay - 1) throw new ExpectationError(expected, `#${r.n} ${r.at - start} ms after ${start} ms`);
  },
);

When(
  'node {int} restarts, keeping its address, with a new signature, as a legacy node from before cad2929dc432',
  catalogue({
    group: 'disturbance',
    means:
      'As "node N restarts, keeping its address, with a new signature", but the next incarnation is a TIPC from before cad2929dc432 (as "node N is a legacy node, from before cad2929dc432"): its discovery messages announce other capabilities, without TIPC_NAMED_BCAST. A peer that still knows the node takes them (tipc_node_create: "Same node may come back with new capabilities") and, once the node is up again, sends it binding updates by replicast. A tester node only.',
    params: [{ name: 'node', meaning: 'a tester node, not under test (node number)' }],
    needs: ['named-bcast'],
    example: 'node 2 restarts, keeping its address, with a new signature, as a legacy node from before cad2929dc432',
  }),
  async function (this: ConformanceWorld, node: number) {
    const why = await restartAs(this, node, 'legacy');
    if (why === undefined) return undefined;
    this.attach(`not applicable: ${why}`);
    return 'skipped';
  },
);

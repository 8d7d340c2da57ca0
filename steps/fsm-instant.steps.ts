/**
 * Two links of one peer going down in the same instant. The kernel takes a link down
 * (tipc_node_link_down) only after tipc_rcv has dropped the link lock, so two frames handled in
 * the same instant on two bearers (two CPUs) can both find their link up and both leave it
 * PEER_RESET or RESETTING before either tipc_node_link_down runs. The first then finds no other
 * link up and loses contact from whatever state the node is in (SYNCHING too), and the second
 * meets a node already down: the node and link FSM pairs ordinary failover never reaches.
 */
import { When } from '@cucumber/cucumber';
import { type BearerName, LINK_PROTOCOL, RESET_MSG, SYNCH_MSG, TUNNEL_PROTOCOL, bearerIndex } from '../contract';
import { BEARER } from './support/parameter-types';
import { ExpectationError } from './support/expect';
import type { ConformanceWorld } from './support/world';
import { catalogue } from './vocabulary';

const BOTH: readonly BearerName[] = ['A', 'B'];

function heldResetRule(from: number, to: number, bearer: BearerName): string {
  return `bearer ${bearer}: RESETs of node ${from} to node ${to} held`;
}

When(
  "node {int}'s RESETs to node {int} are held back on bearers A and B",
  catalogue({
    group: 'disturbance',
    means:
      'Fault rules hold back, undelivered, every LINK_PROTOCOL RESET_MSG the first node sends the second on bearer A and on bearer B, until the step that lets the held RESETs arrive; everything else passes.',
    params: [
      { name: 'from', meaning: 'the node whose RESETs are held (node number)' },
      { name: 'to', meaning: 'the node they are for (node number)' },
    ],
    needs: ['link'],
    example: "node 2's RESETs to node 1 are held back on bearers A and B",
  }),
  async function (this: ConformanceWorld, from: number, to: number) {
    const c = await this.cluster();
    for (const bearer of BOTH) {
      c.addRule({ name: heldResetRule(from, to, bearer), match: { bearer: bearerIndex(bearer), from, to, user: LINK_PROTOCOL, mtype: RESET_MSG }, action: { kind: 'hold' } });
    }
  },
);

When(
  "node {int}'s held RESETs reach node {int} on bearers A and B in one instant",
  catalogue({
    group: 'disturbance',
    means:
      'Lets time run, up to 5000 ms, until the first node has sent the second a RESET on each bearer (held back by "node N\'s RESETs to node M are held back on bearers A and B"), then lifts the hold and delivers every held RESET in the same instant, before anything else due then is processed (timers, and so the deferred tipc_node_link_down of a link the first RESET took down): the two links of a peer going down at once, on two CPUs. Fails if a bearer has no RESET held by then.',
    params: [
      { name: 'from', meaning: 'the node whose RESETs were held (node number)' },
      { name: 'to', meaning: 'the node they are for (node number)' },
    ],
    needs: ['link', 'virtual-time'],
    example: "node 2's held RESETs reach node 1 on bearers A and B in one instant",
  }),
  async function (this: ConformanceWorld, from: number, to: number) {
    const c = await this.cluster();
    const held = (bearer: BearerName): number => c.framesOnTheWay().filter((f) => f.fate === `held(${heldResetRule(from, to, bearer)})`).length;
    const both = await this.runUntil(() => BOTH.every((b) => held(b) > 0), 5000, { settle: false });
    if (!both) throw new ExpectationError(`node ${from} to send node ${to} a RESET on bearers A and B within 5000 ms`, BOTH.map((b) => `${held(b)} held on ${b}`).join(', '));
    for (const bearer of BOTH) {
      c.removeRule(heldResetRule(from, to, bearer));
      c.releaseHeld(heldResetRule(from, to, bearer));
    }
    await c.advance(0);
  },
);

When(
  "node {int}'s first SYNCH_MSG to node {int} on bearer {bearer} arrives {int} ms late",
  catalogue({
    group: 'disturbance',
    means:
      "The next TUNNEL_PROTOCOL SYNCH_MSG the first node sends the second on the bearer (from now: the first packet, sequence number 1, of the link's next coming up next to a working one; tipc_node_link_up tunnels what the working link has not delivered, or a dummy) is delivered that much later than sent, longer by the observation latency the implementation declares; its retransmissions and the SYNCH_MSGs after it are not touched, and lifting the bearer's rules does not lift this one.",
    params: [
      { name: 'from', meaning: 'the sending node (node number)' },
      { name: 'to', meaning: 'the receiving node (node number)' },
      { name: 'bearer', meaning: 'bearer letter: A (eth0) or B (eth1)', type: BEARER },
      { name: 'delay', meaning: 'how late, ms' },
    ],
    needs: ['synch'],
    example: "node 2's first SYNCH_MSG to node 1 on bearer B arrives 500 ms late",
  }),
  async function (this: ConformanceWorld, from: number, to: number, bearer: BearerName, ms: number) {
    const c = await this.cluster();
    c.addRule({
      name: `bearer ${bearer}: node ${from}'s first SYNCH_MSG to node ${to} late`,
      match: { bearer: bearerIndex(bearer), from, to, user: TUNNEL_PROTOCOL, mtype: SYNCH_MSG },
      action: { kind: 'delay', ms: ms + c.latency.observationMs },
      count: 1,
    });
  },
);

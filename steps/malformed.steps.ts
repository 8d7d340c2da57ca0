/**
 * Frames that fail tipc_msg_validate(): the harness malforms a node's frames on the wire (a fault
 * rule with the 'malform' action), as a broken or hostile sender would make them, and counts those
 * that reached the receiver. What the receiver then does (nothing: tipc_rcv discards the frame) is
 * for the other steps to observe. The RESET faults of link set-up are in link-setup.steps.ts; a
 * single message of a kind is malformed by the {fault} steps (message-faults, delivery).
 */
import { Then, When } from '@cucumber/cucumber';
import { type BearerName, type FrameAlteration, LINK_PROTOCOL, RESET_MSG } from '../contract';
import { ExpectationError } from './support/expect';
import { ALTERATION, BEARER } from './support/parameter-types';
import { alterationText } from './support/values';
import type { ConformanceWorld } from './support/world';
import { catalogue } from './vocabulary';

When(
  "node {int}'s RESETs to node {int} on bearer {bearer} are malformed: {alteration}",
  catalogue({
    group: 'disturbance',
    means:
      'A fault rule of the bearer malforms every LINK_PROTOCOL RESET_MSG the first node sends the second on it from now on (see {alteration}), so the second node gets bytes tipc_msg_validate() rejects: tipc_rcv() discards them before it reads any field, and no RESET of whatever session reaches the link; or, with "max_pkt N" or "body of N bytes", a RESET that passes tipc_msg_validate and meets the checks of tipc_link_proto_rcv. "Bearer X carries all traffic again" and "link ... comes up" lift it.',
    params: [
      { name: 'from', meaning: 'the node whose RESETs are malformed (node number)' },
      { name: 'to', meaning: 'the node that receives them (node number)' },
      { name: 'bearer', meaning: 'bearer letter: A (eth0) or B (eth1)', type: BEARER },
      { name: 'alteration', meaning: 'how each RESET is malformed', type: ALTERATION },
    ],
    needs: [],
    example: "node 1's RESETs to node 2 on bearer A are malformed: version 3",
  }),
  async function (this: ConformanceWorld, from: number, to: number, bearer: BearerName, alteration: FrameAlteration) {
    await this.wire.addBearerRule(bearer, `node ${from}'s RESETs to node ${to} malformed (${alterationText(alteration)})`, { from, to, user: LINK_PROTOCOL, mtype: RESET_MSG }, { kind: 'malform', alteration });
  },
);

Then(
  "at least {int} of node {int}'s frames reached node {int} malformed",
  catalogue({
    group: 'observation',
    means:
      "On the wire, now, without waiting: counts the frames of the first node that a malforming fault rule altered and the harness delivered to the second (fate malformed(...)); fails if fewer than the given number. Shows that the malformed frames were really put before the receiver, so that what it did not do (take a link down, deliver a message) was its own choice.",
    params: [
      { name: 'count', meaning: 'the fewest malformed frames expected' },
      { name: 'from', meaning: 'the sending node (node number)' },
      { name: 'to', meaning: 'the receiving node (node number)' },
    ],
    needs: [],
    example: "at least 2 of node 1's frames reached node 2 malformed",
  }),
  async function (this: ConformanceWorld, count: number, from: number, to: number) {
    const c = await this.cluster();
    const got = c.wireFrames().filter((f) => f.from === from && f.to === to && f.fate.startsWith('malformed('));
    if (got.length < count) {
      throw new ExpectationError(`at least ${count} malformed frame(s) of node ${from} delivered to node ${to}`, `${got.length}`);
    }
  },
);

/**
 * RESET and ACTIVATE messages altered on the wire in fields tipc_msg_validate does not look at
 * (max_pkt, the interface-name body), as a broken or hostile sender would send them, for what
 * tipc_link_proto_rcv takes from them. The RESET-only form is in malformed.steps.ts.
 */
import { When } from '@cucumber/cucumber';
import { ACTIVATE_MSG, type BearerName, type FrameAlteration, LINK_PROTOCOL, RESET_MSG } from '../contract';
import { ALTERATION, BEARER } from './support/parameter-types';
import { alterationText } from './support/values';
import type { ConformanceWorld } from './support/world';
import { catalogue } from './vocabulary';

When(
  "node {int}'s RESETs and ACTIVATEs to node {int} on bearer {bearer} are malformed: {alteration}",
  catalogue({
    group: 'disturbance',
    means:
      'Two fault rules of the bearer malform every LINK_PROTOCOL RESET_MSG and ACTIVATE_MSG the first node sends the second on it from now on (see {alteration}), so whichever of them brings the second node\'s endpoint up, it is an altered one: with "max_pkt N" or "body of N bytes" a message that passes tipc_msg_validate and meets the checks of tipc_link_proto_rcv. "Bearer X carries all traffic again" and "link ... comes up" lift them; "link ... is up on both nodes within" does not.',
    params: [
      { name: 'from', meaning: 'the node whose RESETs and ACTIVATEs are altered (node number)' },
      { name: 'to', meaning: 'the node that receives them (node number)' },
      { name: 'bearer', meaning: 'bearer letter: A (eth0) or B (eth1)', type: BEARER },
      { name: 'alteration', meaning: 'how each is altered', type: ALTERATION },
    ],
    needs: [],
    example: "node 1's RESETs and ACTIVATEs to node 2 on bearer A are malformed: max_pkt 600",
  }),
  async function (this: ConformanceWorld, from: number, to: number, bearer: BearerName, alteration: FrameAlteration) {
    const what = alterationText(alteration);
    await this.wire.addBearerRule(bearer, `node ${from}'s RESETs to node ${to} malformed (${what})`, { from, to, user: LINK_PROTOCOL, mtype: RESET_MSG }, { kind: 'malform', alteration });
    await this.wire.addBearerRule(bearer, `node ${from}'s ACTIVATEs to node ${to} malformed (${what})`, { from, to, user: LINK_PROTOCOL, mtype: ACTIVATE_MSG }, { kind: 'malform', alteration });
  },
);

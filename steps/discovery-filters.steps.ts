/**
 * The filters of tipc_disc_rcv() before tipc_node_check_dest(): a discovery message that carries
 * the receiving bearer's own media address (its own, looped back), one whose destination domain
 * names another node, and one from a node using the receiver's address are dropped. The harness
 * rewrites, on the wire, the field of a node's LINK_CONFIG frames that says so; what the receiver
 * then does is for the discovery steps to observe ("node N has ignored node M ...").
 */
import { When } from '@cucumber/cucumber';
import { type BearerName, type FrameAlteration, LINK_CONFIG } from '../contract';
import { BEARER, REWRITE } from './support/parameter-types';
import { alterationText } from './support/values';
import type { ConformanceWorld } from './support/world';
import { catalogue } from './vocabulary';

When(
  "node {int}'s discovery messages on bearer {bearer} are rewritten: {rewrite}",
  catalogue({
    group: 'disturbance',
    means:
      'A fault rule of the bearer rewrites, in every LINK_CONFIG frame (DSC_REQ or DSC_RESP) the node sends on it from now on, the field {rewrite} names: "destination domain N" (msg_dest_domain, the node or domain the message is for, which tipc_disc_rcv holds against its own address with tipc_in_scope) or "previous node N" (msg_prevnode, the address tipc_disc_rcv takes as the sender\'s), or the capabilities it announces, "capabilities without TIPC_NAMED_BCAST" (msg_node_capabilities, which a receiver that knows the node takes at once, link up or not: tipc_node_create); the frame stays valid and the node itself does not know. "Bearer X carries all traffic again" lifts it.',
    params: [
      { name: 'node', meaning: 'the node whose discovery messages are rewritten (node number)' },
      { name: 'bearer', meaning: 'bearer letter: A (eth0) or B (eth1)', type: BEARER },
      { name: 'rewrite', meaning: 'what the harness rewrites in each of them', type: REWRITE },
    ],
    needs: [],
    example: "node 2's discovery messages on bearer A are rewritten: destination domain 3",
  }),
  async function (this: ConformanceWorld, from: number, bearer: BearerName, alteration: FrameAlteration) {
    await this.wire.addBearerRule(bearer, `node ${from}'s discovery messages rewritten (${alterationText(alteration)})`, { from, user: LINK_CONFIG }, { kind: 'malform', alteration });
  },
);

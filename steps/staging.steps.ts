/**
 * Staging checks of the races between a node's binding table update and its bulk, relative to any
 * message of the bulk: that a scenario really staged the race it means to (cad2929dc432). The
 * check against the bulk's last message is in distribution.steps.ts.
 */
import { Then } from '@cucumber/cucumber';
import { DELIVERY_PATH } from './support/parameter-types';
import { STAGING_WAIT_MS, checkUpdateAmongBulk } from './support/staging';
import type { DeliveryPath } from './support/values';
import type { ConformanceWorld } from './support/world';
import { catalogue } from './vocabulary';

const PARAMS = [
  { name: 'from', meaning: 'the sending node (node number)' },
  { name: 'to', meaning: 'the receiving node (node number)' },
  { name: 'path', meaning: 'broadcast (copies of a send on the broadcast link) or unicast (a frame to that node alone: bulk, replicast)', type: DELIVERY_PATH },
];

const ITS_BULK =
  "Its bulk is the bulk of the two nodes' most recent contact: the last the first node sent the second, even one still delayed or held back when the step begins; its messages are numbered from 1 in the order they were first sent, a retransmission or duplicate of one counting as that message, and a message arrives with its first copy the second node received.";

Then(
  "node {int}'s update reached node {int} by {path} ahead of the first message of its bulk",
  catalogue({
    group: 'observation',
    means: `Checks that the race was staged: lets up to ${STAGING_WAIT_MS} ms pass for the first message of the first node's NAME_DISTRIBUTOR bulk to reach the second node, then fails unless the first delivered copy of the first node's last update reached the second node by that path before it: the update overtook the whole bulk. ${ITS_BULK}`,
    params: PARAMS,
    needs: ['named-bcast'],
    example: "node 1's update reached node 2 by broadcast ahead of the first message of its bulk",
  }),
  async function (this: ConformanceWorld, from: number, to: number, path: DeliveryPath) {
    await checkUpdateAmongBulk(this, from, to, path, undefined, 1);
  },
);

Then(
  "node {int}'s update reached node {int} by {path} between messages {int} and {int} of its bulk",
  catalogue({
    group: 'observation',
    means: `Checks that the race was staged: lets up to ${STAGING_WAIT_MS} ms pass for the later of the two messages of the first node's NAME_DISTRIBUTOR bulk to reach the second node, then fails unless the first delivered copy of the first node's last update reached the second node by that path after the earlier message and before the later one, in the order the harness delivered them. ${ITS_BULK}`,
    params: [
      ...PARAMS,
      { name: 'after', meaning: 'the bulk message it arrived after, 1 for the first' },
      { name: 'before', meaning: 'the bulk message it arrived before, a higher number (k + 1: just between two)' },
    ],
    needs: ['named-bcast'],
    example: "node 1's update reached node 2 by broadcast between messages 1 and 2 of its bulk",
  }),
  async function (this: ConformanceWorld, from: number, to: number, path: DeliveryPath, after: number, before: number) {
    await checkUpdateAmongBulk(this, from, to, path, after, before);
  },
);

/**
 * The step that picks one numbered message on the wire ("node 1's numbered message 20 to node 2
 * is ..."): a fault rule on the k-th user message of the sender's stream, recorded in the world's
 * numbered picks so that later steps find the message's frames by the rule's name.
 */
import { type ClusterAdapter, DIRECT_MSG, type FaultAction, LOW_IMPORTANCE, type NodeId } from '../../contract';
import type { ConformanceWorld } from './world';

/**
 * Puts a rule on the wire that picks the k-th numbered message `from` sends `to`. Before the
 * sender's first numbered message only, so that k is the number the message carries.
 */
export async function pickNumbered(w: ConformanceWorld, from: NodeId, k: number, to: NodeId, action: (c: ClusterAdapter) => FaultAction, copies: number | undefined, fault: string): Promise<void> {
  if (!(Number.isSafeInteger(k) && k >= 1)) throw new Error(`numbered message ${k}: messages are numbered from 1`);
  if (w.streams.between(from, to).length > 0) {
    throw new Error(`node ${from} already sends numbered messages to node ${to}: pick a message before its stream starts`);
  }
  const c = await w.cluster();
  const rule = `node ${from}'s numbered message ${k} to node ${to}`;
  const skip = k - 1 - w.numberedPicks.pickedBefore(from, to, k);
  c.addRule({
    name: rule,
    match: { from, to, user: LOW_IMPORTANCE, mtype: DIRECT_MSG },
    action: action(c),
    pick: { skip, messages: 1, ...(copies === undefined ? {} : { copies }) },
  });
  w.numberedPicks.add({ from, to, k, rule, fault });
}

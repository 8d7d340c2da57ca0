/**
 * A link endpoint held up, or down, for a while: the watch the stays-up/stays-down steps and the
 * restart steps' discovery-answer watch share.
 */
import type { EndpointRef } from '../../contract';
import { endpointHolds, peerOf } from './expect';
import { endpointText } from './values';
import type { ConformanceWorld } from './world';

/** The endpoint (towards the only peer of a two-node cluster) stays up, or down, for `ms`. */
export async function endpointStays(world: ConformanceWorld, e: EndpointRef, ms: number, up: boolean): Promise<void> {
  const c = await world.cluster();
  const peer = peerOf(world.setup.nodes(), e.node);
  const watch = { now: () => world.now(), runUntil: world.runUntil.bind(world), linkState: () => c.linkState(e.node, peer, e.bearer) };
  await endpointHolds(watch, endpointText(e), ms, up);
}

/**
 * The V8 setting of a process that runs simulations, applied once, before its first cluster.
 *
 * Allocation-site pretenuring off. V8 notes which allocation sites' objects survive young-
 * generation collections and then allocates that site's objects in the old generation at once.
 * The reference's messages share their sites (msgInit, decode): in a bring-up, sequenced messages
 * wait in link queues and survive, so V8 then allocates every keepalive STATE in the old
 * generation. A dead old message keeps its young parts (its header array, its bytes) alive through
 * the old-to-new remembered set until a full collection, so each young collection copied and
 * promoted megabytes of garbage: in a 64-node mesh, 4 MB promoted per scavenge with it, 0.4 MB
 * without, and a third of the scavenge time gone (scripts/bench.ts; the README has the figures).
 *
 * Why a flag and not code: the sites are the message literals every message kind goes through;
 * splitting them by kind to steer V8's heuristic would be code shaped by the engine's internals.
 * The flag is read when V8 decides, so setting it at run time takes effect from then on.
 */
import { setFlagsFromString } from 'node:v8';

let applied = false;

export function tuneEngineForSimulation(): void {
  if (applied) return;
  applied = true;
  setFlagsFromString('--no-allocation-site-pretenuring');
}

/**
 * A node behind the contract as the simulator sees it: frames in and out, timers, notes. It also
 * keeps what the node reported (its events) with the time it reported them, for the observations
 * (compactly: harness/event-log.ts).
 * A node that answers at once costs no promise: the simulator awaits only what is a Promise.
 */
// from the contract's own modules, not its index: these run for every frame, and the index's re-exports are getters
import type { NodeEventReport, NodeStack } from '../contract/node';
import type { NodeId } from '../contract/addressing';
import { BROADCAST, type OutFrame as ContractFrame } from '../contract/wire';
import { BROADCAST_DEST, type BearerIndex, type OutFrame, type SimEndpoint } from '../sim/types';
import { EventLog } from './event-log';

const NO_FRAMES: readonly OutFrame[] = Object.freeze([]);

function isBroadcast(f: ContractFrame): boolean {
  return f.dest === BROADCAST;
}

export class NodeEndpoint implements SimEndpoint {
  readonly address: number;
  readonly events = new EventLog();

  constructor(
    readonly id: NodeId,
    private current: NodeStack,
  ) {
    this.address = current.address;
  }

  /** The node's implementation: the same one for the whole scenario, unless the node restarts. */
  get stack(): NodeStack {
    return this.current;
  }

  /** A restart: the next incarnation takes the node's place on the wire; its events so far stay. */
  replace(next: NodeStack): void {
    if (next.address !== this.address) throw new Error(`node ${this.id} restarted with address ${next.address}, not ${this.address}`);
    this.current = next;
  }

  receive(now: number, bearer: BearerIndex, bytes: Uint8Array): void | Promise<void> {
    return this.then(this.stack.receive(now, bearer, bytes), now);
  }

  tick(now: number): void | Promise<void> {
    return this.then(this.stack.tick(now), now);
  }

  pollTimeout(): number | undefined {
    return this.stack.pollTimeout();
  }

  pollTransmit(): readonly OutFrame[] {
    const frames = this.stack.pollTransmit();
    if (frames.length === 0) return NO_FRAMES;
    // without a broadcast, the contract's frames are the simulator's as they are (a numeric dest)
    if (!frames.some(isBroadcast)) return frames as readonly OutFrame[];
    const out: OutFrame[] = new Array<OutFrame>(frames.length);
    for (let i = 0; i < frames.length; i++) {
      const f = frames[i] as (typeof frames)[number];
      // a frame to one node is the simulator's as it is; only the broadcast address differs
      out[i] = f.dest === BROADCAST ? { bearer: f.bearer, dest: BROADCAST_DEST, bytes: f.bytes } : (f as OutFrame);
    }
    return out;
  }

  pollNotes(): readonly string[] {
    return this.stack.pollNotes();
  }

  /** Takes in the events the node reported, stamped with `now`. */
  collect(now: number): void {
    const events = this.stack.pollEvents();
    for (let i = 0; i < events.length; i++) this.events.push(now, events[i] as NodeEventReport);
  }

  /** Collects once the node's call is done: at once for a node that answered at once. */
  private then(answer: void | Promise<void>, now: number): void | Promise<void> {
    if (answer instanceof Promise) return answer.then(() => this.collect(now));
    this.collect(now);
    return undefined;
  }
}

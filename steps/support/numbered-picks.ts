/**
 * The numbered messages the delivery steps picked on the wire ("node 1's numbered message 20 to
 * node 2 is dropped once"): the fault rule of each, so that later steps find the message's frames
 * by the rule's name in their fate, and the last one picked is "that message". Pure: no cucumber.
 */
import { type ClusterAdapter, DIRECT_MSG, LOW_IMPORTANCE, type NodeId, type WireFrame } from '../../contract';

export interface NumberedPick {
  readonly from: NodeId;
  readonly to: NodeId;
  /** The message's number: the k-th numbered message the sender sends the receiver. */
  readonly k: number;
  /** The name of the fault rule that picked it. */
  readonly rule: string;
  /** What the rule does to it, as the step said it ("dropped once"). */
  readonly fault: string;
}

export class NumberedPicks {
  private readonly all: NumberedPick[] = [];

  add(p: NumberedPick): void {
    this.all.push(p);
  }

  /**
   * How many messages of the same pair with a lower number rules picked before: a later rule only
   * sees the frames the earlier ones let by, so it must let that many fewer by to reach message k.
   */
  pickedBefore(from: NodeId, to: NodeId, k: number): number {
    return this.all.filter((p) => p.from === from && p.to === to && p.k < k).length;
  }

  between(from: NodeId, to: NodeId): NumberedPick[] {
    return this.all.filter((p) => p.from === from && p.to === to);
  }

  last(): NumberedPick | undefined {
    return this.all[this.all.length - 1];
  }
}

/** Whether a frame's fate names the rule: drop(R), delay(R; retransmission 1), dup(R), ... */
export function fateNames(fate: string, rule: string): boolean {
  return fate.includes(`(${rule})`) || fate.includes(`(${rule};`);
}

/** A message on its link, the same in each of its retransmissions: bearer and sequence number. */
export function messageKey(f: WireFrame): string {
  return `${f.bearer}/${f.seqno ?? `#${f.n}`}`;
}

/** The numbered messages' frames: user data at the default importance to a port (DIRECT_MSG), as the streams send. */
export function isNumbered(f: WireFrame, from: NodeId, to: NodeId): boolean {
  return f.from === from && f.to === to && f.user === LOW_IMPORTANCE && f.mtype === DIRECT_MSG && f.seqno !== undefined;
}

/** Every frame the harness handled or still carries, in the order they were produced. */
export function allFrames(c: ClusterAdapter): WireFrame[] {
  return [...c.wireFrames(), ...c.framesOnTheWay()].sort((a, b) => a.n - b.n);
}

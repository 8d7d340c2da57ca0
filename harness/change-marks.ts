/**
 * The state changes the chart marks on the lifelines, in its order, as typed columns: a mark
 * object (its time, node and text) is made when the chart reads it. A 128-node run has 100,000
 * changes and the chart draws a few hundred rows; an object per change, sorted, was 7.7 MB
 * promoted to the old generation while the chart went down the trace.
 */
import { type NodeId, bearerName, nodeIdOf } from '../contract';
import type { ChartMark, MarkList } from '../sim/sequence-chart';
import type { EventLog } from './event-log';

/** A node's log of events, for the marks. */
export interface MarkedNode {
  readonly id: NodeId;
  readonly log: EventLog;
}

export class ChangeMarks implements MarkList {
  readonly length: number;
  private readonly t: Float64Array;
  private readonly epochs: Uint32Array;
  /** The mark's node, as its index in `nodes`. */
  private readonly node: Uint32Array;
  /** The mark's change: its place in its node's log. */
  private readonly change: Uint32Array;
  /** Indexes into the columns, in the chart's order. */
  private readonly order: Uint32Array;

  /**
   * The changes of `nodes` to another state (stateChanges(), but those to the same state), each
   * with its epoch: the number of steps whose position counts fewer of its node's changes, the
   * steps that began before it was recorded. Ordered by time, then epoch: the changes before a
   * step are the ones ahead of it; changes of one time and epoch stay in stateChanges()'s order.
   */
  constructor(
    private readonly nodes: readonly MarkedNode[],
    stepChanges: readonly ReadonlyMap<NodeId, number>[],
  ) {
    let n = 0;
    for (const { log } of nodes) for (let k = 0; k < log.changes; k++) if (!log.selfChange(k)) n++;
    this.length = n;
    this.t = new Float64Array(n);
    this.epochs = new Uint32Array(n);
    this.node = new Uint32Array(n);
    this.change = new Uint32Array(n);
    let i = 0;
    nodes.forEach(({ id, log }, index) => {
      for (let k = 0; k < log.changes; k++) {
        if (log.selfChange(k)) continue;
        let epoch = 0;
        for (const changes of stepChanges) if ((changes.get(id) ?? 0) <= k) epoch++;
        this.t[i] = log.changeAt(k);
        this.epochs[i] = epoch;
        this.node[i] = index;
        this.change[i] = k;
        i++;
      }
    });
    const { t, epochs } = this;
    // the index last: the order of the list the marks were made in, for changes of one time and epoch
    this.order = new Uint32Array(n).map((_, j) => j).sort((a, b) => (t[a] as number) - (t[b] as number) || (epochs[a] as number) - (epochs[b] as number) || a - b);
  }

  at(i: number): ChartMark | undefined {
    const j = this.order[i];
    if (j === undefined) return undefined;
    const node = this.nodes[this.node[j] as number] as MarkedNode;
    return new ChangeMark(this.t[j] as number, node.id, node.log, this.change[j] as number);
  }

  /** Marks of epoch `epoch` or lower: the marks ahead of the step of that index. */
  upToEpoch(epoch: number): number {
    let n = 0;
    for (const e of this.epochs) if (e <= epoch) n++;
    return n;
  }
}

/** A state change on the chart: "<1A-2A> ESTABLISHING (ESTABLISH_EVT)", the transition in the features' names, made when drawn. */
class ChangeMark implements ChartMark {
  constructor(
    readonly t: number,
    readonly node: NodeId,
    private readonly log: EventLog,
    /** The change's place in the node's log. */
    private readonly change: number,
  ) {}

  get text(): string {
    const { node } = this;
    const e = this.log.change(this.change);
    const peer = nodeIdOf(e.peer);
    if (e.kind === 'node-fsm') return `node ${peer} ${e.to} (${e.evt})`;
    const bearer = bearerName(e.bearer);
    return `<${node}${bearer}-${peer}${bearer}> ${e.to} (${e.evt})`;
  }
}

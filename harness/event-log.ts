/**
 * What one node reported (NodeStack.pollEvents), with the time it reported it, kept compactly.
 * Most of a large run's events are FSM transitions (a 128-node run: 114,000 of 130,000): they are
 * rows of typed columns, their state and event names numbered, and made into objects again when
 * read. Kept as they came, with a `{at, e}` wrapper each, they were 13 MB that lived to the end
 * of the run; read back, the objects are garbage a step drops at once. The other events (user
 * data, tunnel drops, binding table items) are few, and kept as they came.
 */
import type { NodeEventReport } from '../contract/node';
import type { LinkEvent, LinkState, NodeEvent, NodeState } from '../contract/states';

/** A link or peer node FSM transition. */
export type FsmEvent = Extract<NodeEventReport, { readonly kind: 'link-fsm' | 'node-fsm' }>;
/** Any other event. */
export type OtherEvent = Exclude<NodeEventReport, FsmEvent>;

/** Rows of a log's first columns; they double as they fill. Most scenarios' nodes report a few dozen transitions. */
const FIRST_ROWS = 32;
/** Numbers per row: the time, the peer, the bearer (link-fsm). Kept as doubles: a node may report any number. */
const NUMS = 3;
/** Codes per row: the kind (LINK or NODE), from, evt, to. */
const CODES = 4;
const LINK = 0;
const NODE = 1;

/** Strings of one kind, numbered in the order they were first seen. */
class Names<T extends string> {
  private readonly names: T[] = [];
  private readonly index = new Map<T, number>();

  code(name: T): number {
    let c = this.index.get(name);
    if (c === undefined) {
      c = this.names.length;
      this.names.push(name);
      this.index.set(name, c);
    }
    return c;
  }

  name(code: number): T {
    const n = this.names[code];
    if (n === undefined) throw new RangeError(`no name numbered ${code}`);
    return n;
  }
}

export class EventLog {
  private nums = new Float64Array(NUMS * FIRST_ROWS);
  private codes = new Uint32Array(CODES * FIRST_ROWS);
  private rows = 0;
  private readonly linkStates = new Names<LinkState>();
  private readonly linkEvents = new Names<LinkEvent>();
  private readonly nodeStates = new Names<NodeState>();
  private readonly nodeEvents = new Names<NodeEvent>();
  private readonly otherAt: number[] = [];
  private readonly other: OtherEvent[] = [];

  push(at: number, e: NodeEventReport): void {
    if (e.kind === 'link-fsm' || e.kind === 'node-fsm') this.pushChange(at, e);
    else {
      this.otherAt.push(at);
      this.other.push(e);
    }
  }

  /** FSM transitions so far. */
  get changes(): number {
    return this.rows;
  }

  /** When FSM transition `i` (0 ≤ i < changes, in the order reported) was reported. */
  changeAt(i: number): number {
    return this.nums[i * NUMS] as number;
  }

  /** FSM transition `i`, made now. */
  change(i: number): FsmEvent {
    if (!(i >= 0 && i < this.rows)) throw new RangeError(`FSM transition ${i} does not exist (the node reported ${this.rows})`);
    const k = i * CODES;
    const peer = this.nums[i * NUMS + 1] as number;
    const c = this.codes;
    if (c[k] === NODE) {
      return { kind: 'node-fsm', peer, from: this.nodeStates.name(c[k + 1] as number), evt: this.nodeEvents.name(c[k + 2] as number), to: this.nodeStates.name(c[k + 3] as number) };
    }
    const bearer = this.nums[i * NUMS + 2] as number;
    return { kind: 'link-fsm', peer, bearer, from: this.linkStates.name(c[k + 1] as number), evt: this.linkEvents.name(c[k + 2] as number), to: this.linkStates.name(c[k + 3] as number) };
  }

  /** Whether FSM transition `i` is to the state it was in (from = to), without making it. */
  selfChange(i: number): boolean {
    const k = i * CODES;
    return this.codes[k + 1] === this.codes[k + 3];
  }

  /** Every other event, in the order reported, with its time. */
  forEachOther(visit: (at: number, e: OtherEvent) => void): void {
    for (let i = 0; i < this.other.length; i++) visit(this.otherAt[i] as number, this.other[i] as OtherEvent);
  }

  private pushChange(at: number, e: FsmEvent): void {
    if (this.rows * NUMS === this.nums.length) this.grow();
    const i = this.rows++;
    const n = i * NUMS;
    this.nums[n] = at;
    this.nums[n + 1] = e.peer;
    const k = i * CODES;
    if (e.kind === 'node-fsm') {
      this.codes[k] = NODE;
      this.codes[k + 1] = this.nodeStates.code(e.from);
      this.codes[k + 2] = this.nodeEvents.code(e.evt);
      this.codes[k + 3] = this.nodeStates.code(e.to);
      return;
    }
    this.nums[n + 2] = e.bearer;
    this.codes[k] = LINK;
    this.codes[k + 1] = this.linkStates.code(e.from);
    this.codes[k + 2] = this.linkEvents.code(e.evt);
    this.codes[k + 3] = this.linkStates.code(e.to);
  }

  private grow(): void {
    const nums = new Float64Array(this.nums.length * 2);
    nums.set(this.nums);
    this.nums = nums;
    const codes = new Uint32Array(this.codes.length * 2);
    codes.set(this.codes);
    this.codes = codes;
  }
}

/**
 * What one node reported (NodeStack.pollEvents), with the time it reported it, kept compactly.
 * Most of a large run's events are FSM transitions (a 128-node run: 114,000 of 130,000): they are
 * rows of typed columns (17 bytes a row), their state and event names numbered, and made into
 * objects again when read. Kept as they came, with a `{at, e}` wrapper each, they were 13 MB that
 * lived to the end of the run; read back, the objects are garbage a step drops at once. Binding
 * table items applied are rows of columns too: a publication reaches every node, so 10,000 of them
 * in a 1,024-node cluster are ten million items, about 110 bytes of heap each as objects. The
 * columns grow a page at a time (reference/row-pages.ts). The other events (user data, tunnel
 * drops, stale drops) are few, and kept as they came.
 */
import type { NodeEventReport } from '../contract/node';
import type { LinkEvent, LinkState, NodeEvent, NodeState } from '../contract/states';
import { RowPages } from '../reference/row-pages';

/** A link or peer node FSM transition. */
export type FsmEvent = Extract<NodeEventReport, { readonly kind: 'link-fsm' | 'node-fsm' }>;
/** A binding table item handed to the node's table. */
type NameApplied = Extract<NodeEventReport, { readonly kind: 'name-applied' }>;
/** Any other event. */
export type OtherEvent = Exclude<NodeEventReport, FsmEvent>;

/** Codes per row, a byte each: the kind (LINK or NODE), the bearer (link-fsm), from, evt, to. */
const CODES = 5;
const LINK = 0;
const NODE = 1;
/** A name-applied row's flags byte. */
const WITHDRAW = 1;
const ACCEPTED = 2;

/** x as a Uint32Array keeps it (-0 would come back as 0). */
function fitsU32(x: number): boolean {
  return x >>> 0 === x && !Object.is(x, -0);
}

/** x as a Uint8Array keeps it. */
function fitsU8(x: number): boolean {
  return (x & 0xff) === x && !Object.is(x, -0);
}

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
  private readonly times = new RowPages(1, (n) => new Float64Array(n));
  private readonly peers = new RowPages(1, (n) => new Uint32Array(n));
  private readonly codes = new RowPages(CODES, (n) => new Uint8Array(n));
  private rows = 0;
  /**
   * Transitions whose numbers do not fit the columns (a peer outside 32 bits, a bearer past 255,
   * a 257th name): kept as reported. A node reports addresses, bearers 0 and 1 and the kernel's
   * names, so this is empty unless one reports something else.
   */
  private readonly odd = new Map<number, FsmEvent>();
  private readonly linkStates = new Names<LinkState>();
  private readonly linkEvents = new Names<LinkEvent>();
  private readonly nodeStates = new Names<NodeState>();
  private readonly nodeEvents = new Names<NodeEvent>();
  /** Binding table items applied: peer, type, lower, upper; a flags byte (WITHDRAW, ACCEPTED); when each was reported. */
  private readonly names = new RowPages(4, (n) => new Uint32Array(n));
  private readonly nameFlags = new RowPages(1, (n) => new Uint8Array(n));
  private readonly nameTimes = new RowPages(1, (n) => new Float64Array(n));
  private nameRows = 0;
  /**
   * The other events, each as it came, with when it was reported and how many binding table items'
   * rows were reported before it: what puts the two back in the order reported. A 1,024-node run's
   * ten million items are rows alone (they were an entry of these lists each as well, 16 bytes).
   */
  private readonly other: OtherEvent[] = [];
  private readonly otherAt: number[] = [];
  private readonly namesBefore: number[] = [];

  push(at: number, e: NodeEventReport): void {
    if (e.kind === 'link-fsm' || e.kind === 'node-fsm') return this.pushChange(at, e);
    if (e.kind === 'name-applied' && this.nameRow(at, e)) return;
    this.other.push(e);
    this.otherAt.push(at);
    this.namesBefore.push(this.nameRows);
  }

  /** FSM transitions so far. */
  get changes(): number {
    return this.rows;
  }

  /** When FSM transition `i` (0 ≤ i < changes, in the order reported) was reported. */
  changeAt(i: number): number {
    return this.times.get(i, 0);
  }

  /** FSM transition `i`, made now. */
  change(i: number): FsmEvent {
    if (!(i >= 0 && i < this.rows)) throw new RangeError(`FSM transition ${i} does not exist (the node reported ${this.rows})`);
    const odd = this.odd.get(i);
    if (odd !== undefined) return odd;
    const peer = this.peers.get(i, 0);
    const c = this.codes;
    if (c.get(i, 0) === NODE) {
      return { kind: 'node-fsm', peer, from: this.nodeStates.name(c.get(i, 2)), evt: this.nodeEvents.name(c.get(i, 3)), to: this.nodeStates.name(c.get(i, 4)) };
    }
    return { kind: 'link-fsm', peer, bearer: c.get(i, 1), from: this.linkStates.name(c.get(i, 2)), evt: this.linkEvents.name(c.get(i, 3)), to: this.linkStates.name(c.get(i, 4)) };
  }

  /** Whether FSM transition `i` is to the state it was in (from = to), without making it. */
  selfChange(i: number): boolean {
    const odd = this.odd.get(i);
    if (odd !== undefined) return odd.from === odd.to;
    return this.codes.get(i, 2) === this.codes.get(i, 4);
  }

  /** Every other event, in the order reported, with its time. */
  forEachOther(visit: (at: number, e: OtherEvent) => void): void {
    let row = 0;
    for (let i = 0; i < this.other.length; i++) {
      for (const before = this.namesBefore[i] as number; row < before; row++) visit(this.nameTimes.get(row, 0), this.nameApplied(row));
      visit(this.otherAt[i] as number, this.other[i] as OtherEvent);
    }
    for (; row < this.nameRows; row++) visit(this.nameTimes.get(row, 0), this.nameApplied(row));
  }

  /** Binding table item `row`, made now. */
  private nameApplied(row: number): NameApplied {
    const c = this.names;
    const flags = this.nameFlags.get(row, 0);
    return { kind: 'name-applied', peer: c.get(row, 0), op: flags & WITHDRAW ? 'withdraw' : 'publish', type: c.get(row, 1), lower: c.get(row, 2), upper: c.get(row, 3), accepted: (flags & ACCEPTED) !== 0 };
  }

  /** Puts a binding table item in the columns; false if its numbers do not fit them (it is then kept as reported). */
  private nameRow(at: number, e: NameApplied): boolean {
    if (!fitsU32(e.peer) || !fitsU32(e.type) || !fitsU32(e.lower) || !fitsU32(e.upper)) return false;
    if ((e.op !== 'publish' && e.op !== 'withdraw') || typeof e.accepted !== 'boolean') return false;
    const row = this.nameRows++;
    this.names.reserve(row);
    this.nameFlags.reserve(row);
    this.nameTimes.reserve(row);
    // each array written at its own line, where V8 sees one kind of array (reference/row-pages.ts)
    this.nameTimes.page(row)[this.nameTimes.at(row)] = at;
    const names = this.names.page(row);
    const k = this.names.at(row);
    names[k] = e.peer;
    names[k + 1] = e.type;
    names[k + 2] = e.lower;
    names[k + 3] = e.upper;
    this.nameFlags.page(row)[this.nameFlags.at(row)] = (e.op === 'withdraw' ? WITHDRAW : 0) | (e.accepted ? ACCEPTED : 0);
    return true;
  }

  private pushChange(at: number, e: FsmEvent): void {
    const i = this.rows++;
    this.times.reserve(i);
    this.peers.reserve(i);
    this.codes.reserve(i);
    this.times.page(i)[this.times.at(i)] = at;
    const node = e.kind === 'node-fsm';
    const bearer = node ? 0 : e.bearer;
    const from = node ? this.nodeStates.code(e.from) : this.linkStates.code(e.from);
    const evt = node ? this.nodeEvents.code(e.evt) : this.linkEvents.code(e.evt);
    const to = node ? this.nodeStates.code(e.to) : this.linkStates.code(e.to);
    if (!fitsU32(e.peer) || !fitsU8(bearer) || !fitsU8(from) || !fitsU8(evt) || !fitsU8(to)) {
      this.odd.set(i, e);
      return;
    }
    this.peers.page(i)[this.peers.at(i)] = e.peer;
    const c = this.codes.page(i);
    const k = this.codes.at(i);
    c[k] = node ? NODE : LINK;
    c[k + 1] = bearer;
    c[k + 2] = from;
    c[k + 3] = evt;
    c[k + 4] = to;
  }
}

/**
 * The ordered fault rules of a simulation: which rule, if any, decides a frame's fate.
 *
 * - Rules are tried in the order they were added; the first that matches decides. A 'pass' rule
 *   that matches lets the frame through untouched and ends the search.
 * - A rule matches when every field of its `match` holds, its `count` is not used up and, last, its
 *   `probability` draw succeeds. The draw (one rng.next()) happens only for a rule whose other
 *   conditions hold and whose probability is strictly between 0 and 1; a lost draw means "does not
 *   match" and the search goes on with the next rule.
 * - `count` counts the frames a rule matched, whatever its action ('pass' included); a duplicated
 *   frame counts once.
 * - Names need not be unique: remove() takes out every rule with that name.
 * - A rule with `pick` counts messages, not frames: a frame whose message (its `message` name
 *   from classify, on its link: sender, receiver, bearer) the rule skipped is let by; one of a
 *   message it picked is affected while the rule's `copies` last; a frame of a message not seen
 *   before is skipped, picked or let by as `skip` and `messages` say. A frame without a message
 *   name is a message of its own. Frames a pick rule lets by go on to the next rule.
 */
import type { Prng } from './prng';
import type { BearerIndex, FaultRule, NodeId } from './types';

/** What the rule book reads off a frame's bytes. */
export interface FrameClass {
  readonly user: number;
  readonly mtype: number;
  /** The is_bulk mark of a NAME_DISTRIBUTOR message; undefined for other users. */
  readonly is_bulk?: boolean;
  /**
   * The message's name on its link, the same in every retransmission of it (for rules that pick
   * messages); undefined for a frame outside any link's sequence.
   */
  readonly message?: string;
}

/** Undefined for bytes that do not decode. */
export type Classify = (bytes: Uint8Array) => FrameClass | undefined;

/** What the rule book is asked about: one frame on its way. */
export interface FrameFacts {
  readonly broadcast?: boolean;
  readonly from: NodeId;
  readonly to: NodeId;
  readonly bearer: BearerIndex;
  readonly bytes: Uint8Array;
}

/** The rule that decides a frame's fate, and which copy of its message the frame is. */
export interface Decision {
  readonly rule: FaultRule;
  /** For a rule that picks messages: 1 for the first frame of the message, 2 for its first retransmission, ...; else 1. */
  readonly copy: number;
}

interface RuleState {
  readonly rule: FaultRule;
  /** Frames matched (a rule without `pick`). */
  used: number;
  /** A pick rule's messages let by. */
  readonly skipped: Set<string>;
  /** A pick rule's messages affected, with the copies of each seen so far. */
  readonly picked: Map<string, number>;
}

function checkCount(bad: (why: string) => Error, what: string, v: number | undefined, min: number): void {
  if (v !== undefined && !(Number.isSafeInteger(v) && v >= min)) throw bad(`${what} must be an integer >= ${min}, got ${v}`);
}

function checkRule(rule: FaultRule): void {
  const bad = (why: string): Error => new Error(`fault rule '${rule.name}': ${why}`);
  if (typeof rule.name !== 'string' || rule.name === '') throw new Error('fault rule: a rule needs a non-empty name');
  const p = rule.probability;
  if (p !== undefined && !(p >= 0 && p <= 1)) throw bad(`probability must be in [0, 1], got ${p}`);
  const c = rule.count;
  if (c !== undefined && !(Number.isSafeInteger(c) && c >= 0)) throw bad(`count must be an integer >= 0, got ${c}`);
  const pick = rule.pick;
  if (pick !== undefined) {
    if (c !== undefined || p !== undefined) throw bad('a rule that picks messages takes no count nor probability');
    checkCount(bad, 'pick.skip', pick.skip, 0);
    checkCount(bad, 'pick.messages', pick.messages, 0);
    checkCount(bad, 'pick.copies', pick.copies, 1);
  }
  const a = rule.action;
  if ((a.kind === 'delay' || a.kind === 'reorder') && !(Number.isFinite(a.ms) && a.ms >= 0)) {
    throw bad(`${a.kind} needs a finite ms >= 0, got ${a.ms}`);
  }
}

export class RuleBook {
  private list: RuleState[] = [];
  /** Frames without a message name, each a message of its own. */
  private unnamed = 0;

  constructor(
    private readonly classify: Classify,
    private readonly rng: Prng,
  ) {}

  add(rule: FaultRule): void {
    checkRule(rule);
    this.list.push({ rule, used: 0, skipped: new Set(), picked: new Map() });
  }

  /** Removes every rule named `name`; returns how many there were. */
  remove(name: string): number {
    const before = this.list.length;
    this.list = this.list.filter((r) => r.rule.name !== name);
    return before - this.list.length;
  }

  clear(): void {
    this.list = [];
  }

  /** Rules in the book. */
  get size(): number {
    return this.list.length;
  }

  rules(): readonly FaultRule[] {
    return this.list.map((r) => r.rule);
  }

  /** The rule that decides this frame's fate (its count is charged), or undefined for none. */
  decide(f: FrameFacts): Decision | undefined {
    if (this.list.length === 0) return undefined;
    let kind: FrameClass | undefined | null = null; // null: not classified yet
    const classified = (): FrameClass | undefined => {
      if (kind === null) kind = this.classify(f.bytes);
      return kind;
    };
    let message: string | undefined;
    const messageOf = (): string => {
      if (message === undefined) {
        const name = classified()?.message;
        message = name === undefined ? `frame ${++this.unnamed}` : `${f.from}>${f.to} bearer ${f.bearer} ${name}`;
      }
      return message;
    };
    for (const r of this.list) {
      const { rule } = r;
      const m = rule.match;
      if (rule.count !== undefined && r.used >= rule.count) continue;
      if (m.bearer !== undefined && m.bearer !== f.bearer) continue;
      if (m.from !== undefined && m.from !== f.from) continue;
      if (m.to !== undefined && m.to !== f.to) continue;
      if (m.broadcast !== undefined && m.broadcast !== (f.broadcast === true)) continue;
      if (m.user !== undefined || m.mtype !== undefined || m.is_bulk !== undefined) {
        const k = classified();
        if (k === undefined) continue;
        if (m.user !== undefined && m.user !== k.user) continue;
        if (m.mtype !== undefined && m.mtype !== k.mtype) continue;
        if (m.is_bulk !== undefined && (k.is_bulk === undefined || m.is_bulk !== k.is_bulk)) continue;
      }
      if (rule.pick !== undefined) {
        const copy = this.pickCopy(r, messageOf());
        if (copy === undefined) continue;
        return { rule, copy };
      }
      const p = rule.probability ?? 1;
      if (p <= 0) continue;
      if (p < 1 && this.rng.next() >= p) continue;
      r.used++;
      return { rule, copy: 1 };
    }
    return undefined;
  }

  /** Which copy of `message` a pick rule affects with this frame, or undefined if it lets the frame by. */
  private pickCopy(r: RuleState, message: string): number | undefined {
    const pick = r.rule.pick ?? {};
    if (r.skipped.has(message)) return undefined;
    const seen = r.picked.get(message);
    if (seen === undefined) {
      if (r.skipped.size < (pick.skip ?? 0)) {
        r.skipped.add(message);
        return undefined;
      }
      if (pick.messages !== undefined && r.picked.size >= pick.messages) return undefined;
    }
    const copy = (seen ?? 0) + 1;
    if (pick.copies !== undefined && copy > pick.copies) return undefined;
    r.picked.set(message, copy);
    return copy;
  }
}

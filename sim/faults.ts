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
 */
import type { Prng } from './prng';
import type { BearerIndex, FaultRule, NodeId } from './types';

export type Classify = (bytes: Uint8Array) => { user: number; mtype: number } | undefined;

/** What the rule book is asked about: one frame on its way. */
export interface FrameFacts {
  readonly broadcast?: boolean;
  readonly from: NodeId;
  readonly to: NodeId;
  readonly bearer: BearerIndex;
  readonly bytes: Uint8Array;
}

interface RuleState {
  readonly rule: FaultRule;
  used: number;
}

function checkRule(rule: FaultRule): void {
  const bad = (why: string): Error => new Error(`fault rule '${rule.name}': ${why}`);
  if (typeof rule.name !== 'string' || rule.name === '') throw new Error('fault rule: a rule needs a non-empty name');
  const p = rule.probability;
  if (p !== undefined && !(p >= 0 && p <= 1)) throw bad(`probability must be in [0, 1], got ${p}`);
  const c = rule.count;
  if (c !== undefined && !(Number.isSafeInteger(c) && c >= 0)) throw bad(`count must be an integer >= 0, got ${c}`);
  const a = rule.action;
  if ((a.kind === 'delay' || a.kind === 'reorder') && !(Number.isFinite(a.ms) && a.ms >= 0)) {
    throw bad(`${a.kind} needs a finite ms >= 0, got ${a.ms}`);
  }
}

export class RuleBook {
  private list: RuleState[] = [];

  constructor(
    private readonly classify: Classify,
    private readonly rng: Prng,
  ) {}

  add(rule: FaultRule): void {
    checkRule(rule);
    this.list.push({ rule, used: 0 });
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

  rules(): readonly FaultRule[] {
    return this.list.map((r) => r.rule);
  }

  /** The rule that decides this frame's fate (its count is charged), or undefined for none. */
  decide(f: FrameFacts): FaultRule | undefined {
    let kind: { user: number; mtype: number } | undefined | null = null; // null: not classified yet
    const classified = (): { user: number; mtype: number } | undefined => {
      if (kind === null) kind = this.classify(f.bytes);
      return kind;
    };
    for (const r of this.list) {
      const { rule } = r;
      const m = rule.match;
      if (rule.count !== undefined && r.used >= rule.count) continue;
      if (m.bearer !== undefined && m.bearer !== f.bearer) continue;
      if (m.from !== undefined && m.from !== f.from) continue;
      if (m.to !== undefined && m.to !== f.to) continue;
      if (m.broadcast !== undefined && m.broadcast !== (f.broadcast === true)) continue;
      if (m.user !== undefined || m.mtype !== undefined) {
        const k = classified();
        if (k === undefined) continue;
        if (m.user !== undefined && m.user !== k.user) continue;
        if (m.mtype !== undefined && m.mtype !== k.mtype) continue;
      }
      const p = rule.probability ?? 1;
      if (p <= 0) continue;
      if (p < 1 && this.rng.next() >= p) continue;
      r.used++;
      return rule;
    }
    return undefined;
  }
}

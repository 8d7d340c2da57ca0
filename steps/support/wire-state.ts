/**
 * What the steps did to the wire and remember: the fault rules each bearer carries (lifted
 * together by "carries all traffic again"), the rule holding FAILOVER_MSGs back, when a bearer was
 * last cut ("this failover"), and the last binding table update a node made ("that update").
 */
import { type BearerName, type ClusterAdapter, type FaultAction, type FaultMatch, type NodeId, type ServiceRange, bearerIndex } from '../../contract';
import { rangeText } from './values';

/** The binding table update a bind or unbind step made, to check how it travelled. */
export interface BindingUpdate {
  readonly node: NodeId;
  /** The number of frames on the wire before it: its frames come after. */
  readonly fromFrame: number;
  /** When the step made it, ms. */
  readonly at?: number;
  readonly kind: 'binding' | 'unbinding';
  readonly range: ServiceRange;
  /** PUBLICATION or WITHDRAWAL. */
  readonly mtype: number;
}

/** "binding of {7000, 0, 9}", as failure messages say it. */
export function updateText(u: BindingUpdate): string {
  return `${u.kind} of ${rangeText(u.range)}`;
}

export class WireState {
  /** Fault rules applied per bearer, by name, in the order applied. */
  private readonly bearerRules = new Map<BearerName, string[]>();
  private hold: string | undefined;
  private cutAt = 0;
  private update: BindingUpdate | undefined;

  constructor(
    private readonly cluster: () => Promise<ClusterAdapter>,
    private readonly started: () => ClusterAdapter | undefined,
  ) {}

  /**
   * Applies a fault rule that belongs to a bearer, named "bearer A: <what>" and matching only
   * frames on that bearer; returns its name.
   */
  async addBearerRule(bearer: BearerName, what: string, match: Omit<FaultMatch, 'bearer'>, action: FaultAction): Promise<string> {
    const c = await this.cluster();
    const name = `bearer ${bearer}: ${what}`;
    c.addRule({ name, match: { bearer: bearerIndex(bearer), ...match }, action });
    this.bearerRules.set(bearer, [...(this.bearerRules.get(bearer) ?? []), name]);
    return name;
  }

  /** Lifts every rule the steps put on the bearer (nothing to lift before the cluster started). */
  liftBearerRules(bearer: BearerName): void {
    const c = this.started();
    if (!c) return;
    for (const r of this.bearerRules.get(bearer) ?? []) c.removeRule(r);
    this.bearerRules.delete(bearer);
  }

  /**
   * Lifts every rule the steps put on any bearer, and delivers in this instant the frames those
   * that hold frames back parked; returns how many frames were delivered so.
   */
  liftAllBearerRules(): number {
    const c = this.started();
    if (!c) return 0;
    let released = 0;
    for (const [bearer, names] of this.bearerRules) {
      for (const r of names) {
        c.removeRule(r);
        released += c.releaseHeld(r);
      }
      this.bearerRules.delete(bearer);
    }
    this.hold = undefined;
    return released;
  }

  /** The rule that holds FAILOVER_MSGs back until they are let through. */
  holding(rule: string): void {
    this.hold = rule;
  }

  holdRule(): string | undefined {
    return this.hold;
  }

  released(): void {
    this.hold = undefined;
  }

  /** A bearer was cut now: "this failover" means since then. */
  cut(at: number): void {
    this.cutAt = at;
  }

  lastCutAt(): number {
    return this.cutAt;
  }

  updated(u: BindingUpdate): void {
    this.update = u;
  }

  lastUpdate(): BindingUpdate | undefined {
    return this.update;
  }
}

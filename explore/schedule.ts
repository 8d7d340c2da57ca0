/**
 * A schedule: a cluster's shape, then commands (workload and disturbances) drawn by fast-check's
 * model-based testing (fc.commands), each written as the bundled steps that do it. The model is
 * what the schedule has done so far (bindings held, interfaces down, streams started, rules on the
 * wire), so a command is drawn only where its step makes sense, and shrinking, which drops
 * commands, drops with them whatever later ones no longer fit.
 */
import fc from 'fast-check';
import type { BearerName, Capability, NodeId } from '../contract';
import { nodeListText, nodesUpTo } from '../steps/support/values';
import type { StepLine } from './step-runner';

/** The cluster a schedule runs on. */
export interface Shape {
  readonly nodes: number;
  readonly bearers: readonly BearerName[];
  /** A node from before cad2929dc432 (a tester that plays a legacy node), or none. */
  readonly legacy: NodeId | null;
  /** Link tolerances set before the links come up: node, bearer, ms. */
  readonly tolerances: readonly { readonly node: NodeId; readonly bearer: BearerName; readonly ms: number }[];
  /** Wire rules in place from the start, before the links come up (a faulty network from the first frame). */
  readonly rules: readonly WireRuleSpec[];
}

/** A wire rule as a schedule draws it. */
export interface WireRuleSpec {
  readonly verb: WireVerb;
  readonly from: NodeId;
  readonly to: NodeId;
  readonly bearer: BearerName;
  readonly traffic: string;
  readonly ms: number;
}

/** The step line of a wire rule. */
function wireRuleLine(r: WireRuleSpec): string {
  const who = `node ${r.from}'s ${r.traffic} to node ${r.to} on bearer ${r.bearer}`;
  return r.verb === 'delays' || r.verb === 'reorders' ? `the wire ${r.verb} ${who} by ${r.ms} ms from now on` : `the wire ${r.verb} ${who} from now on`;
}

/** The step that takes a node's interface under a bearer down or brings it back. */
function interfaceLine(node: NodeId, bearer: BearerName, up: boolean): string {
  return `the interface of bearer ${bearer} on node ${node} ${up ? 'comes back' : 'goes down'}`;
}

/** The interface goes down (`up` false) or comes back in the model: its step, or none when it already is. */
function setInterface(m: Model, node: NodeId, bearer: BearerName, up: boolean): string[] {
  const key = `${node}${bearer}`;
  if (m.down.has(key) !== up) return [];
  if (up) m.down.delete(key);
  else m.down.add(key);
  return [interfaceLine(node, bearer, up)];
}

/** What the schedule has done so far. */
export class Model {
  /** Service ranges each node holds, by key "type,lower,upper". */
  readonly held = new Map<NodeId, Set<string>>();
  /** Interfaces down: "2A". */
  readonly down = new Set<string>();
  /** Streams started: "1>2". */
  readonly streams = new Set<string>();
  /** A rule is on the wire, so healing has something to lift. */
  rules = false;
  /** Nodes holding a bulk load of bindings (BulkBind), until they restart. */
  readonly loaded = new Set<NodeId>();

  constructor(readonly shape: Shape) {
    this.rules = shape.rules.length > 0;
  }

  has(node: NodeId): boolean {
    return node >= 1 && node <= this.shape.nodes;
  }

  hasBearer(b: BearerName): boolean {
    return this.shape.bearers.includes(b);
  }

  holds(node: NodeId, range: string): boolean {
    return this.held.get(node)?.has(range) === true;
  }
}

/** Runs the steps of the commands, and keeps every line it ran: the scenario to write. */
export interface Driver {
  exec(group: StepLine['keyword'], text: string): Promise<void>;
}

/** A command of a schedule: when it fits the model, what it does to it, and the steps that do it. */
export abstract class ScheduleCommand implements fc.AsyncCommand<Model, Driver> {
  /** Capabilities its steps need of the implementation; a command the IUT cannot do is never drawn. */
  abstract readonly needs: readonly Capability[];
  abstract check(m: Readonly<Model>): boolean;
  /** The step lines, given the model before it, and the model after. */
  protected abstract apply(m: Model): readonly string[];

  async run(m: Model, d: Driver): Promise<void> {
    for (const line of this.apply(m)) await d.exec('When', line);
  }

  toString(): string {
    return this.constructor.name;
  }
}

const RANGES = ['{7000, 0, 9}', '{7001, 0, 9}', '{7002, 10, 19}'] as const;
const WAITS = [1, 10, 50, 100, 200, 300, 500, 1000, 2000, 5000] as const;

class Wait extends ScheduleCommand {
  readonly needs = [];
  constructor(readonly ms: number) {
    super();
  }
  check(): boolean {
    return true;
  }
  protected apply(): readonly string[] {
    return [`${this.ms} ms pass`];
  }
  override toString(): string {
    return `wait ${this.ms}`;
  }
}

/** A node binds a range of the swarm at cluster scope (`bind` true), or unbinds one it holds. */
class Binding extends ScheduleCommand {
  readonly needs: readonly Capability[] = ['naming'];
  constructor(
    readonly node: NodeId,
    readonly range: string,
    readonly bind: boolean,
  ) {
    super();
  }
  check(m: Readonly<Model>): boolean {
    return m.has(this.node) && m.holds(this.node, this.range) !== this.bind;
  }
  protected apply(m: Model): readonly string[] {
    const held = new Set(m.held.get(this.node) ?? []);
    if (this.bind) held.add(this.range);
    else held.delete(this.range);
    m.held.set(this.node, held);
    return [this.bind ? `node ${this.node} binds the service range ${this.range} at cluster scope` : `node ${this.node} unbinds the service range ${this.range}`];
  }
  override toString(): string {
    return `${this.bind ? 'bind' : 'unbind'} ${this.node} ${this.range}`;
  }
}

/**
 * Many bindings at once on one node, so that its bulk to a peer that comes up later takes several
 * messages (tipc_named_node_up splits it by the link's MTU): service types 8000 + i, never unbound.
 */
class BulkBind extends ScheduleCommand {
  readonly needs: readonly Capability[] = ['naming'];
  constructor(
    readonly node: NodeId,
    readonly count: number,
  ) {
    super();
  }
  check(m: Readonly<Model>): boolean {
    return m.has(this.node) && !m.loaded.has(this.node);
  }
  protected apply(m: Model): readonly string[] {
    m.loaded.add(this.node);
    return [`node ${this.node} binds ${this.count} cluster-scope service ranges {8000+i, 10i, 10i+9}`];
  }
  override toString(): string {
    return `bulk ${this.node} ${this.count}`;
  }
}

class Stream extends ScheduleCommand {
  readonly needs: readonly Capability[] = ['data', 'fsm-events'];
  constructor(
    readonly from: NodeId,
    readonly to: NodeId,
    readonly everyMs: number,
  ) {
    super();
  }
  check(m: Readonly<Model>): boolean {
    return m.has(this.from) && m.has(this.to) && this.from !== this.to && !m.streams.has(`${this.from}>${this.to}`);
  }
  protected apply(m: Model): readonly string[] {
    m.streams.add(`${this.from}>${this.to}`);
    return [`node ${this.from} starts sending numbered messages to node ${this.to}, one every ${this.everyMs} ms`];
  }
  override toString(): string {
    return `stream ${this.from}>${this.to}`;
  }
}

/** The kinds of traffic a wire rule takes, weighted: whole one-way cuts and binding table paths most. */
const TRAFFIC = [
  { arbitrary: fc.constant('frames'), weight: 6 },
  { arbitrary: fc.constant('LINK_PROTOCOL frames'), weight: 1 },
  { arbitrary: fc.constant('RESET messages'), weight: 1 },
  { arbitrary: fc.constant('ACTIVATE messages'), weight: 1 },
  { arbitrary: fc.constant('STATE messages'), weight: 1 },
  { arbitrary: fc.constant('ACTIVATE and STATE messages'), weight: 1 },
  { arbitrary: fc.constant('TUNNEL_PROTOCOL frames'), weight: 1 },
  { arbitrary: fc.constant('binding table messages by broadcast'), weight: 5 },
  { arbitrary: fc.constant('binding table messages by unicast'), weight: 5 },
  { arbitrary: fc.constant('user messages'), weight: 1 },
  { arbitrary: fc.constant('discovery messages'), weight: 1 },
] as const;

type WireVerb = 'drops' | 'duplicates' | 'holds back' | 'delays' | 'reorders';
const VERBS = [
  { arbitrary: fc.constant<WireVerb>('drops'), weight: 5 },
  { arbitrary: fc.constant<WireVerb>('holds back'), weight: 4 },
  { arbitrary: fc.constant<WireVerb>('delays'), weight: 3 },
  { arbitrary: fc.constant<WireVerb>('duplicates'), weight: 1 },
  { arbitrary: fc.constant<WireVerb>('reorders'), weight: 1 },
] as const;

class WireRule extends ScheduleCommand {
  readonly needs = [];
  constructor(readonly rule: WireRuleSpec) {
    super();
  }
  check(m: Readonly<Model>): boolean {
    return ruleFits(this.rule, m.shape);
  }
  protected apply(m: Model): readonly string[] {
    m.rules = true;
    return [wireRuleLine(this.rule)];
  }
  override toString(): string {
    const r = this.rule;
    return `wire ${r.verb} ${r.from}>${r.to} ${r.bearer} ${r.traffic}`;
  }
}

function ruleFits(r: WireRuleSpec, s: Shape): boolean {
  return r.from >= 1 && r.from <= s.nodes && r.to >= 1 && r.to <= s.nodes && r.from !== r.to && s.bearers.includes(r.bearer);
}

class Cut extends ScheduleCommand {
  readonly needs = [];
  constructor(readonly bearer: BearerName) {
    super();
  }
  check(m: Readonly<Model>): boolean {
    return m.hasBearer(this.bearer);
  }
  protected apply(m: Model): readonly string[] {
    m.rules = true;
    return [`bearer ${this.bearer} is cut in both directions`];
  }
  override toString(): string {
    return `cut ${this.bearer}`;
  }
}

class Heal extends ScheduleCommand {
  readonly needs = [];
  check(m: Readonly<Model>): boolean {
    return m.rules;
  }
  protected apply(m: Model): readonly string[] {
    m.rules = false;
    return ['the wire carries all traffic again'];
  }
  override toString(): string {
    return 'heal';
  }
}

/** One interface of a node goes down (`up` false) or comes back (`up` true). */
class Interface extends ScheduleCommand {
  readonly needs = [];
  constructor(
    readonly node: NodeId,
    readonly bearer: BearerName,
    readonly up: boolean,
  ) {
    super();
  }
  check(m: Readonly<Model>): boolean {
    const down = m.down.has(`${this.node}${this.bearer}`);
    return this.up ? down : m.has(this.node) && m.hasBearer(this.bearer) && !down;
  }
  protected apply(m: Model): readonly string[] {
    return setInterface(m, this.node, this.bearer, this.up);
  }
  override toString(): string {
    return `${this.up ? 'up' : 'down'} ${this.node}${this.bearer}`;
  }
}

/** A node leaves the cluster (every interface of it goes down), or comes back (every one that is down comes back). */
class Isolate extends ScheduleCommand {
  readonly needs = [];
  constructor(
    readonly node: NodeId,
    readonly back: boolean,
  ) {
    super();
  }
  check(m: Readonly<Model>): boolean {
    if (!m.has(this.node)) return false;
    const down = m.shape.bearers.filter((b) => m.down.has(`${this.node}${b}`));
    return this.back ? down.length > 0 : down.length < m.shape.bearers.length;
  }
  protected apply(m: Model): readonly string[] {
    return m.shape.bearers.flatMap((b) => setInterface(m, this.node, b, this.back));
  }
  override toString(): string {
    return `${this.back ? 'rejoin' : 'isolate'} ${this.node}`;
  }
}

/** Within the peers' node timeout (a reboot), or after it (`peer` given: down for longer than its 300 s). */
class Restart extends ScheduleCommand {
  readonly needs = [];
  constructor(
    readonly node: NodeId,
    readonly peer: NodeId | null,
  ) {
    super();
  }
  check(m: Readonly<Model>): boolean {
    return m.has(this.node) && this.node !== m.shape.legacy && (this.peer === null || (m.has(this.peer) && this.peer !== this.node));
  }
  protected apply(m: Model): readonly string[] {
    // a reboot: no bindings, every interface up again
    m.held.delete(this.node);
    m.loaded.delete(this.node);
    for (const b of m.shape.bearers) m.down.delete(`${this.node}${b}`);
    return [
      this.peer === null
        ? `node ${this.node} restarts, keeping its address, with a new signature`
        : `node ${this.node} is down for longer than node ${this.peer}'s node timeout and then restarts, keeping its address, with a new signature`,
    ];
  }
  override toString(): string {
    return `restart ${this.node}${this.peer === null ? '' : ' long'}`;
  }
}

/**
 * What one schedule draws its commands from (swarm testing: each schedule uses a few of the
 * ranges, kinds of traffic and fault verbs, so that the commands of a chain that needs several of
 * one kind, a hold and a bind and an unbind of the same range, meet far more often than if every
 * schedule drew from everything).
 */
export interface Swarm {
  /** The node most of the workload runs on and most wire rules take the traffic of. */
  readonly focus: NodeId;
  readonly ranges: readonly string[];
  readonly traffic: readonly string[];
  readonly verbs: readonly WireVerb[];
}

/** A schedule: its cluster, what it draws from, and its commands. */
export interface Schedule {
  readonly shape: Shape;
  readonly commands: Iterable<fc.AsyncCommand<Model, Driver>>;
}

/** Cluster sizes, as often as drawn: two nodes four times in ten, three three times, 4, 5, 6 once each. */
const SIZES = [2, 2, 2, 2, 3, 3, 3, 4, 5, 6] as const;
const WAIT = fc.constantFrom(...WAITS);

/** A non-empty subset of `all`, each member in with probability about one half. */
function subset<T>(all: readonly T[], max: number): fc.Arbitrary<T[]> {
  return fc.uniqueArray(fc.constantFrom(...all), { minLength: 1, maxLength: max });
}

/** The commands of a schedule on `shape`, drawing from `swarm`, with their weights. */
function commandArbitraries(shape: Shape, swarm: Swarm): { readonly arbitrary: fc.Arbitrary<ScheduleCommand>; readonly weight: number }[] {
  const node = fc.integer({ min: 1, max: shape.nodes });
  // the focus node three times in four: a bind, a fault on its traffic and its unbind meet often
  const worker = fc.oneof({ arbitrary: fc.constant(swarm.focus), weight: 3 }, { arbitrary: node, weight: 1 });
  // a legacy node's comings and goings switch its peers between broadcast and replicast: it is the one isolated half the time
  const mover = shape.legacy === null ? node : fc.oneof({ arbitrary: fc.constant(shape.legacy), weight: 1 }, { arbitrary: node, weight: 1 });
  const bearer = fc.constantFrom(...shape.bearers);
  const range = fc.constantFrom(...swarm.ranges);
  const rule = wireRule(shape, swarm);
  return [
    { arbitrary: WAIT.map((ms) => new Wait(ms)), weight: 6 },
    { arbitrary: rule.map((r) => new WireRule(r)), weight: 6 },
    { arbitrary: fc.tuple(worker, range).map(([n, r]) => new Binding(n, r, true)), weight: 4 },
    { arbitrary: fc.tuple(worker, range).map(([n, r]) => new Binding(n, r, false)), weight: 4 },
    { arbitrary: fc.constant(null).map(() => new Heal()), weight: 1 },
    { arbitrary: fc.tuple(worker, fc.constantFrom(20, 150)).map(([n, k]) => new BulkBind(n, k)), weight: 0.5 },
    { arbitrary: bearer.map((b) => new Cut(b)), weight: 1 },
    { arbitrary: fc.tuple(node, bearer).map(([n, b]) => new Interface(n, b, false)), weight: 2 },
    { arbitrary: fc.tuple(node, bearer).map(([n, b]) => new Interface(n, b, true)), weight: 2 },
    // a node leaving and rejoining: a legacy node coming and going switches its peers between broadcast and replicast
    { arbitrary: mover.map((n) => new Isolate(n, false)), weight: 2 },
    { arbitrary: mover.map((n) => new Isolate(n, true)), weight: 2 },
    { arbitrary: fc.tuple(node, node, fc.constantFrom(10, 20, 50)).map(([from, to, every]) => new Stream(from, to, every)), weight: 1 },
    { arbitrary: node.map((n) => new Restart(n, null)), weight: 1 },
    { arbitrary: fc.tuple(node, node).map(([n, p]) => new Restart(n, p)), weight: 0.25 },
  ].map((c) => ({ ...c, weight: Math.max(1, Math.round(c.weight * 4)) }));
}

function wireRule(shape: Shape, swarm: Swarm): fc.Arbitrary<WireRuleSpec> {
  const node = fc.integer({ min: 1, max: shape.nodes });
  return fc
    .record({
      verb: fc.constantFrom(...swarm.verbs),
      from: fc.oneof({ arbitrary: fc.constant(swarm.focus), weight: 3 }, { arbitrary: node, weight: 1 }),
      to: node,
      bearer: fc.constantFrom(...shape.bearers),
      traffic: fc.constantFrom(...swarm.traffic),
      ms: fc.constantFrom(10, 50, 200, 1000),
    })
    .filter((r) => r.from !== r.to);
}

/**
 * Schedules for an implementation with these capabilities: 2 to 6 nodes, one or two bearers, a
 * legacy node (the highest) in half of them, and commands of the kinds the IUT can run.
 */
export function schedules(capabilities: readonly Capability[], maxCommands: number): fc.Arbitrary<Schedule> {
  const legacyOk = capabilities.includes('named-bcast');
  return fc
    .record({
      // small clusters most (a bug between two nodes is found sooner there, and runs are shorter);
      // an index into SIZES, so that shrinking (towards index 0) ends at two nodes
      nodes: fc.integer({ min: 0, max: SIZES.length - 1 }).map((i) => SIZES[i]),
      bearers: fc.constantFrom<readonly BearerName[]>(['A'], ['A', 'B']),
      // the highest node, when there is one: a boolean shrinks to none
      legacy: legacyOk ? fc.boolean() : fc.constant(false),
      swarm: fc.record({
        focus: fc.integer({ min: 1, max: 6 }),
        ranges: subset(RANGES, 2),
        traffic: fc.uniqueArray(fc.oneof(...TRAFFIC), { minLength: 1, maxLength: 3 }),
        verbs: fc.uniqueArray(fc.oneof(...VERBS), { minLength: 1, maxLength: 2 }),
      }),
    })
    .chain((drawn) => {
      // the focus is a node of the cluster, not its legacy node (a tester)
      const s = { ...drawn, swarm: { ...drawn.swarm, focus: ((drawn.swarm.focus - 1) % (drawn.legacy && drawn.nodes > 1 ? drawn.nodes - 1 : drawn.nodes)) + 1 } };
      const base: Shape = { nodes: s.nodes, bearers: s.bearers, legacy: s.legacy ? s.nodes : null, tolerances: [], rules: [] };
      const member = fc.integer({ min: 1, max: s.nodes });
      const own = fc.constantFrom(...s.bearers);
      const usable = commandArbitraries(base, s.swarm).map((c) => ({ ...c, arbitrary: c.arbitrary.filter((cmd) => cmd.needs.every((n) => capabilities.includes(n))) }));
      return fc
        .record({
          tolerances: fc.array(fc.record({ node: member, bearer: own, ms: fc.constantFrom(1500, 500, 3000, 10000) }), { maxLength: 2 }),
          // a faulty network from the first frame in half the schedules
          rules: fc.oneof({ arbitrary: fc.constant<WireRuleSpec[]>([]), weight: 1 }, { arbitrary: fc.array(wireRule(base, s.swarm), { minLength: 1, maxLength: 2 }), weight: 1 }),
          commands: fc.commands([fc.oneof(...usable)], { maxCommands, size: 'large' }),
        })
        .map(({ commands, ...r }): Schedule => ({ shape: { ...base, ...r }, commands }));
    });
}

/** The set-up lines of a shape (Given): the cluster, its legacy node, its tolerances. */
export function setupLines(s: Shape): string[] {
  const lines = [`a cluster of nodes ${nodeListText(nodesUpTo(s.nodes))} joined by ${s.bearers.length === 2 ? 'bearers A and B' : 'bearer A'}`];
  if (s.legacy !== null) lines.push(`node ${s.legacy} is a legacy node, from before cad2929dc432`);
  const seen = new Set<string>();
  for (const t of s.tolerances) {
    if (seen.has(`${t.node}${t.bearer}`)) continue;
    seen.add(`${t.node}${t.bearer}`);
    lines.push(`node ${t.node} has link tolerance ${t.ms} ms on bearer ${t.bearer}`);
  }
  return lines;
}

/** The wire rules in place from the start (When lines before the commands). */
export function startRuleLines(s: Shape): string[] {
  return s.rules.map(wireRuleLine);
}

/** The nodes under test: every node but a legacy one (which is a tester). */
export function iutNodes(s: Shape): NodeId[] {
  return nodesUpTo(s.nodes).filter((n) => n !== s.legacy);
}

/** The lines that heal what the schedule left: the wire, then every interface still down. */
export function healLines(m: Readonly<Model>): string[] {
  const lines = m.rules ? ['the wire carries all traffic again'] : [];
  for (const d of [...m.down].sort()) lines.push(interfaceLine(Number(d.slice(0, -1)), d.slice(-1) as BearerName, true));
  return lines;
}

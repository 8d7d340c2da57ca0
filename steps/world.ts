/**
 * The cucumber World: one cluster under test per scenario, built from the run's parameters
 * (--iut, --seed, --out) and the scenario's tags (@iut:1,2 names the nodes under test).
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { After, Before, BeforeStep, type IWorldOptions, Status, World, setWorldConstructor } from '@cucumber/cucumber';
import type { GherkinDocument, Pickle } from '@cucumber/messages';
import type { BearerName, Binding, ClusterAdapter, NodeId } from '../adapters/adapter';
import type { FaultRule } from '../sim/types';
import { MAX_KERNEL_GUESTS, MAX_REAL_TIME_NODES, createCluster } from '../adapters/factory';
import type { Capability } from '../adapters/capabilities';
import { KERNEL_MISSING } from '../adapters/kernel/statement';
import type { RunParameters } from '../contract/run';
import { formatIutSpec } from '../adapters/iut-spec';
import { replayCommand } from '../harness/replay';

/** One message stream a node sent, kept to check what the receiver got. */
export interface Stream {
  readonly from: NodeId;
  readonly to: NodeId;
  readonly port: number;
  readonly everyMs: number;
  sent: number;
  nextAt: number;
  active: boolean;
  limit?: number;
}

/** A service range as the world remembers it: "type lower upper". */
export function rangeKey(r: { readonly type: number; readonly lower: number; readonly upper: number }): string {
  return `${r.type} ${r.lower} ${r.upper}`;
}

export class ConformanceWorld extends World<RunParameters> {
  nodes: NodeId[] = [];
  iut: NodeId[] = [];
  bearerSettings = new Map<string, { tolerance?: number; priority?: number }>();
  /** Tester nodes that run another reference profile (e.g. a legacy node). */
  testerProfiles = new Map<NodeId, string>();
  streams: Stream[] = [];
  /** The fault rule holding frames back, if a step set one up. */
  holdRule: string | undefined;
  /** The bearers of the cluster: A and B unless the scenario says "joined by bearer A". */
  bearers: BearerName[] = ['A', 'B'];
  /** Interfaces that are down now ("node:bearer"), set before or after the start. */
  readonly downBearers = new Set<string>();
  /** The last binding table update a step made, to check how it travelled. */
  lastUpdate: { readonly node: NodeId; readonly fromFrame: number; readonly what: string; readonly mtype: number } | undefined;
  /** When a bearer was last cut: "this failover" in the steps means since then. */
  lastCutAt = 0;
  /** Cluster-scope ranges the scenario bound on each node and has not unbound ("type lower upper"). */
  readonly bound = new Map<NodeId, Set<string>>();
  /** Fault rules currently applied per bearer, by name. */
  private readonly bearerRules = new Map<BearerName, string[]>();
  private clusterInstance: ClusterAdapter | undefined;
  /** Wall-clock time the scenario started (Date.now()), for the scenario limit. */
  readonly scenarioStart = Date.now();
  /** File-name form of the scenario's name, for traces and IUT logs. */
  scenarioSlug = 'scenario';

  constructor(options: IWorldOptions<RunParameters>) {
    super(options);
  }

  /** The cluster, started on first use with the nodes the Given steps declared. */
  async cluster(): Promise<ClusterAdapter> {
    if (!this.clusterInstance) {
      if (this.nodes.length === 0) throw new Error('no nodes declared: start the scenario with "Given a cluster of nodes ..."');
      const iut = this.iut.filter((n) => this.nodes.includes(n));
      if (iut.length === 0) {
        throw new Error(
          `the scenario names no node of the cluster (${this.nodes.join(', ')}) under test: tag it @iut:N (nodes tagged: ${this.iut.join(', ') || 'none'})`,
        );
      }
      // bridge until the steps rewrite: createCluster still takes --iut as text
      this.clusterInstance = createCluster(formatIutSpec(this.parameters.iut), {
        nodes: this.nodes,
        iut,
        seed: this.parameters.seed,
        bearerSettings: this.bearerSettings,
        testerProfiles: this.testerProfiles,
        bearers: this.bearers,
        startDown: this.startDownMap(),
      }, {
        logDir: path.join(this.parameters.out, 'iut-logs'),
        logName: this.scenarioSlug,
        ...(this.parameters.iutTimeoutMs !== undefined ? { stepTimeoutMs: this.parameters.iutTimeoutMs } : {}),
        ...(this.parameters.scenarioTimeoutMs !== undefined ? { deadline: this.scenarioStart + this.parameters.scenarioTimeoutMs } : {}),
      }, this.parameters.testers === 'kernel' ? 'kernel' : 'reference');
      await this.clusterInstance.start();
    }
    return this.clusterInstance;
  }

  private startDownMap(): Map<NodeId, BearerName[]> {
    const m = new Map<NodeId, BearerName[]>();
    for (const key of this.downBearers) {
      const [node, bearer] = key.split(':');
      m.set(Number(node), [...(m.get(Number(node)) ?? []), bearer as BearerName]);
    }
    return m;
  }

  /** Nodes with at least one interface up: the nodes that are part of the cluster now. */
  liveNodes(): NodeId[] {
    return this.nodes.filter((n) => this.bearers.some((b) => !this.downBearers.has(`${n}:${b}`)));
  }

  /**
   * Why this machine cannot run the declared cluster with the chosen implementations (kernel
   * nodes are QEMU guests, and a cluster with one runs in real time), or undefined.
   */
  cannotRun(): string | undefined {
    const iutKernel = this.parameters.iut.kind === 'kernel';
    const testersKernel = this.parameters.testers === 'kernel';
    if (!iutKernel && !testersKernel) return undefined;
    const iut = this.iut.filter((n) => this.nodes.includes(n)).length;
    const guests = (iutKernel ? iut : 0) + (testersKernel ? this.nodes.length - iut : 0);
    if (this.nodes.length > MAX_REAL_TIME_NODES) {
      return `${this.nodes.length} nodes; a cluster with kernel nodes runs in real time, and at most ${MAX_REAL_TIME_NODES} nodes keep up with the wall clock here`;
    }
    if (guests > MAX_KERNEL_GUESTS) return `the scenario needs ${guests} kernel guests; at most ${MAX_KERNEL_GUESTS} run at once here`;
    return undefined;
  }

  /** Binds through the cluster and remembers a cluster-scope range the node now holds. */
  async publish(node: NodeId, b: Omit<Binding, 'node'>): Promise<boolean> {
    const ok = await (await this.cluster()).publish(node, b);
    if (ok && b.scope === 'cluster') {
      const set = this.bound.get(node) ?? new Set<string>();
      set.add(rangeKey(b));
      this.bound.set(node, set);
    }
    return ok;
  }

  /** Unbinds through the cluster and forgets the range. */
  async withdraw(node: NodeId, b: Omit<Binding, 'node' | 'scope' | 'port'>): Promise<boolean> {
    const ok = await (await this.cluster()).withdraw(node, b);
    if (ok) this.bound.get(node)?.delete(rangeKey(b));
    return ok;
  }

  /** The cluster if it was started, for hooks. */
  started(): ClusterAdapter | undefined {
    return this.clusterInstance;
  }

  /** Apply a fault rule that belongs to a bearer (lifted again by "carries all traffic again"). */
  async addBearerRule(bearer: BearerName, rule: FaultRule): Promise<void> {
    const c = await this.cluster();
    c.addRule(rule);
    this.bearerRules.set(bearer, [...(this.bearerRules.get(bearer) ?? []), rule.name]);
  }

  rulesOn(bearer: BearerName): readonly string[] {
    return this.bearerRules.get(bearer) ?? [];
  }

  forgetRules(bearer: BearerName): void {
    this.bearerRules.delete(bearer);
  }

  /**
   * Let virtual time run until `pred` holds or `maxMs` passed, sending the numbered messages of
   * every active stream on their schedule meanwhile. Every step that lets time pass uses this.
   */
  async runUntil(pred: () => boolean, maxMs: number, opts: { settle?: boolean } = {}): Promise<boolean> {
    const c = await this.cluster();
    const deadline = c.now() + maxMs;
    for (;;) {
      if (pred()) return true;
      const next = Math.min(deadline, ...this.streams.filter((s) => s.active).map((s) => s.nextAt));
      if (next > c.now() && (await c.waitUntil(pred, next - c.now(), opts))) return true;
      for (const s of this.streams) {
        while (s.active && s.nextAt <= c.now()) {
          s.sent++;
          const payload = new Uint8Array(4);
          new DataView(payload.buffer).setUint32(0, s.sent);
          await c.sendData(s.from, s.to, s.port, payload);
          s.nextAt += s.everyMs;
          if (s.limit !== undefined && s.sent >= s.limit) s.active = false;
        }
      }
      if (c.now() >= deadline) return pred();
    }
  }

  /**
   * Let time run until `pred` holds, looking every `everyMs` of virtual time rather than after
   * every event: for conditions that cost a walk over the whole cluster (name tables, every pair).
   */
  async poll(pred: () => boolean, maxMs: number, everyMs = 25): Promise<boolean> {
    const c = await this.cluster();
    const deadline = c.now() + maxMs;
    for (;;) {
      if (pred()) return true;
      if (c.now() >= deadline) return false;
      await this.runUntil(() => false, Math.min(everyMs, deadline - c.now()));
    }
  }

  setBearer(node: NodeId, bearer: BearerName, s: { tolerance?: number; priority?: number }): void {
    if (this.clusterInstance) throw new Error('bearer settings must be given before the cluster starts');
    const key = `${node}:${bearer}`;
    this.bearerSettings.set(key, { ...this.bearerSettings.get(key), ...s });
  }
}

setWorldConstructor(ConformanceWorld);

/**
 * A scenario tagged @needs:CAPABILITY is not applicable to an IUT that does not declare that
 * capability: it is skipped (reported N/A), never failed.
 */
Before(function (this: ConformanceWorld, { pickle }) {
  const needs = pickle.tags.map((t) => /^@needs:(.+)$/.exec(t.name)?.[1]).filter((c): c is string => c !== undefined);
  const lacking = (list: readonly Capability[] | undefined): string[] => {
    if (list === undefined) return [];
    const have = new Set<string>(list);
    return needs.filter((c) => !have.has(c));
  };
  const why = (cap: string): string => {
    const reason = this.parameters.iut.kind === 'kernel' || this.parameters.testers === 'kernel' ? KERNEL_MISSING[cap as Capability] : undefined;
    return reason ? `${cap} (${reason})` : cap;
  };
  const iut = lacking(this.parameters.capabilities);
  // The testers play their part in the same scenario (they send, bind, fail over): they need it too.
  const testers = lacking(this.parameters.testerCapabilities).filter((c) => !iut.includes(c));
  if (iut.length === 0 && testers.length === 0) return undefined;
  const parts = [
    ...(iut.length > 0 ? [`the implementation under test does not declare ${iut.map(why).join(', ')}`] : []),
    ...(testers.length > 0 ? [`the tester nodes (${this.parameters.testers}) do not offer ${testers.map(why).join(', ')}`] : []),
  ];
  this.attach(`not applicable: ${parts.join('; ')}`);
  return 'skipped';
});

/**
 * Kernel nodes are QEMU guests: a tester from before cad2929dc432 (a legacy node) where testers
 * are kernels is not applicable (and so is a cluster too big for this machine: cannotRun).
 */
Before(function (this: ConformanceWorld, { pickle }) {
  if (this.parameters.testers !== 'kernel') return undefined;
  if (pickle.steps.some((s) => /\blegacy node\b/.test(s.text))) {
    this.attach('not applicable: a tester that is a Linux 6.1 kernel cannot play a legacy node (before cad2929dc432)');
    return 'skipped';
  }
  return undefined;
});

Before(function (this: ConformanceWorld, { pickle }) {
  this.scenarioSlug = `${slug(path.basename(pickle.uri, '.feature'))}--${slug(pickle.name)}`;
  for (const t of pickle.tags) {
    const m = /^@iut:([\d,]+)$/.exec(t.name);
    if (m) this.iut = m[1].split(',').map((s) => Number(s));
  }
});

/**
 * Largest trace or pcap put into the reports as it is. Reports embed attachments (cucumber.html
 * and messages.ndjson inline, Allure as files): the 128-node cost scenario's trace is 59 MB, which
 * no browser opens in a report. Past this, the trace's head and tail go in, and the file's place.
 */
const MAX_ATTACHMENT = 4_000_000;

function attachable(text: string, file: string): string {
  if (text.length <= MAX_ATTACHMENT) return text;
  const half = MAX_ATTACHMENT / 2;
  const head = text.slice(0, text.lastIndexOf('\n', half) + 1);
  const tail = text.slice(text.indexOf('\n', text.length - half) + 1);
  return `${head}[... ${(text.length - head.length - tail.length).toLocaleString('en')} characters left out: the whole trace is ${file} ...]\n${tail}`;
}

/**
 * An observation (a Then step, or an And after one) looks at the nodes as they are when it starts:
 * a node in a VM is read afresh first, so that an instant check (a name table now) or a wait that
 * holds at once ("within 2000 ms neither node is in failover") does not judge a kernel by a read
 * from before the steps that came first. Nothing happens in virtual time.
 */
BeforeStep(async function (this: ConformanceWorld, { pickleStep }) {
  const c = this.started();
  if (c && pickleStep.type === 'Outcome') await c.observeNow();
});

/** FNV-1a, 32 bits, as 8 hex digits: tells apart names that share a long prefix. */
function hash8(s: string): string {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 0x01000193) >>> 0;
  return h.toString(16).padStart(8, '0');
}

/** A file name part from a scenario name: at most 80 characters, distinct for distinct names. */
function slug(s: string): string {
  const full = s
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '');
  return full.length <= 80 ? full : `${full.slice(0, 71).replace(/-$/, '')}-${hash8(s)}`;
}

/** The line of the scenario (or of its Examples row) a pickle came from, for a replay command. */
function pickleLine(doc: GherkinDocument, pickle: Pickle): number | undefined {
  const [scenarioId, rowId] = pickle.astNodeIds;
  for (const child of doc.feature?.children ?? []) {
    const scenarios = [child.scenario, ...(child.rule?.children.map((c) => c.scenario) ?? [])];
    for (const sc of scenarios) {
      if (!sc || sc.id !== scenarioId) continue;
      const row = sc.examples.flatMap((e) => e.tableBody).find((r) => r.id === rowId);
      return (row ?? sc).location.line;
    }
  }
  return undefined;
}

After(async function (this: ConformanceWorld, { pickle, result, gherkinDocument }) {
  const c = this.started();
  if (!c) return;
  try {
    const failed = result?.status === Status.FAILED;
    const chart = c.sequenceChart({ title: pickle.name, ...(failed ? { failedAt: c.now() } : {}) });
    const chartDir = path.join(this.parameters.out, 'charts');
    fs.mkdirSync(chartDir, { recursive: true });
    fs.writeFileSync(path.join(chartDir, `${this.scenarioSlug}.svg`), chart);
    this.attach(chart, { mediaType: 'image/svg+xml', fileName: `${this.scenarioSlug}.svg` });
    const trace = c.traceText();
    const dir = path.join(this.parameters.out, 'traces');
    fs.mkdirSync(dir, { recursive: true });
    const base = this.scenarioSlug;
    fs.writeFileSync(path.join(dir, `${base}.trace.txt`), trace);
    this.attach(attachable(trace, path.join(dir, `${base}.trace.txt`)), { mediaType: 'text/plain', fileName: `${base}.trace.txt` });
    const pcapDir = path.join(this.parameters.out, 'pcaps');
    fs.mkdirSync(pcapDir, { recursive: true });
    const pcap = c.pcap();
    fs.writeFileSync(path.join(pcapDir, `${base}.pcap`), pcap);
    if (pcap.length <= MAX_ATTACHMENT) this.attach(Buffer.from(pcap), { mediaType: 'application/vnd.tcpdump.pcap', fileName: `${base}.pcap` });
    else this.attach(`the pcap (${(pcap.length / 1e6).toFixed(1)} MB) is too large to attach: ${path.join(pcapDir, `${base}.pcap`)}`, { mediaType: 'text/plain', fileName: `${base}.pcap.txt` });
    this.attach(`seed ${this.parameters.seed}, IUT ${c.iutDescription}, nodes under test: ${this.iut.join(', ') || 'none'}`);
    const line = pickleLine(gherkinDocument, pickle);
    const where = line === undefined ? pickle.uri : `${pickle.uri}:${line}`;
    this.attach(`replay: ${replayCommand([...this.parameters.replay, '--features', where])}`, {
      mediaType: 'text/plain',
      fileName: 'replay.txt',
    });
  } finally {
    // A process IUT is stopped, and killed if it does not stop, whatever happened above.
    await c.stop();
  }
  // The IUT processes' stderr, once they are stopped and have written all of it.
  const logDir = path.join(this.parameters.out, 'iut-logs');
  for (const f of fs.existsSync(logDir) ? fs.readdirSync(logDir) : []) {
    if (!f.startsWith(`${this.scenarioSlug}--node`) || !fs.statSync(path.join(logDir, f)).isFile()) continue;
    this.attach(fs.readFileSync(path.join(logDir, f), 'utf8'), { mediaType: 'text/plain', fileName: f });
  }
  // Kernel guests' console logs.
  for (const a of c.attachments?.() ?? []) {
    if (fs.existsSync(a.path)) this.attach(fs.readFileSync(a.path, 'utf8'), { mediaType: 'text/plain', fileName: a.name });
  }
});

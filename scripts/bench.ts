/**
 * Benchmark of the simulator and the reference: prints figures, asserts nothing. Each row runs in
 * a child process of its own, so its peak memory is its own (Linux's high-water mark of the
 * process's resident set, VmHWM: scripts/bench-rusage.cjs).
 *
 *   mesh N     N nodes on two bearers, full mesh: bring-up (discovery, links, the name table
 *              bulk) and keepalive up to 5 s of virtual time.
 *   simulator N  the simulator alone, the mesh row's traffic with no protocol: N endpoints on two
 *              bearers, each of which answers every frame at once with one LINK_PROTOCOL STATE of
 *              its own to the sender, N × (N − 1) × 2 frames always on the wire. What a delivery
 *              costs the simulator and its trace; the mesh row's CPU per delivery less this one's
 *              is what the reference stack costs.
 *   NB-6       the 128-node row of NB-6 (features/naming/broadcast.feature, @long): the CLI
 *              itself, `node bin/tipc-conformance.js run --no-report`, as a user starts it (its
 *              loading included; scripts/bench-rusage.cjs reads its figures at exit), twice: the
 *              figures are the second start's, the first (which transpiles what the .ts cache
 *              lacks) beside them.
 *   scale N    N nodes on one bearer come up fully meshed, then P publications from random nodes
 *              (seeded), one every 0.1 ms of virtual time; done when every node's name table
 *              holds all of them. Bounded as issue 20 bounds it: a heap of 4 GiB, 60 s of wall
 *              time; a row past either says so, with how far it got. `--scale-bound 0` lifts the
 *              time bound (not the heap's), to see how long the row takes and how much it needs.
 *
 * The mesh and simulator rows run twice in their child process, cold then warm (V8 compiled):
 * their figures are the warm run's, with the cold run's times beside them.
 *
 * Figures: frame deliveries (frames handed to a receiver; each copy of a bearer broadcast
 * counts), wall time, deliveries per wall second, CPU time, peak resident memory, and for the rows
 * run in-process here (not NB-6) the collector's pauses of the main thread as Node reports them:
 * V8's scavenges of the young generation, and its full collections' last pauses (not the
 * incremental marking steps before them, nor the concurrent marking threads, which count in the
 * CPU time).
 * Before the rows, what a load from memory costs here by how much memory is in play
 * (scripts/memory-latency.ts): the large rows' state is cold at each delivery.
 * Last, for the rows issue 20 sets a target for (mesh 64, scale 1024 with 10,000 publications,
 * NB-6), the target and met or NOT MET (scripts/bench-targets.ts); printed, not an exit code.
 * Run: npm run bench [-- options]; --help lists them.
 */
import { fork, spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { PerformanceObserver, type PerformanceEntry, constants } from 'node:perf_hooks';
import { Command, InvalidArgumentError } from 'commander';
import { type RevisionTree, type Side, UnknownRevision, compareLines, exportRevision } from './bench-against';
import { SCALE_TARGET, type TargetRow, targetLines } from './bench-targets';
import { type HarnessCluster, harnessSimulator } from '../harness/cluster';
import { referenceCluster } from '../test/support/harness';
import { Prng } from '../sim/prng';
import type { OutFrame, SimEndpoint } from '../sim/types';
import { FileSpill } from '../harness/trace-spill';
import { WireCodec } from '../harness/wire-codec';
import { nodeAddress, type BearerName } from '../contract';
import { INT_H_SIZE, LinkProtoType, User, msgInit } from '../reference/msg';
import { encode } from '../reference/msg-codec';
import { readU32 } from '../reference/msg-bytes';
import { memoryLine } from './memory-latency';
const { peakRssKb } = require('./bench-rusage.cjs') as { peakRssKb: () => number };

/** The scale row's `boundS`: its wall-time bound in seconds (the target's 60 unless told; 0: none, to see how long it takes). */
type Row = { readonly kind: 'mesh'; readonly n: number } | { readonly kind: 'simulator'; readonly n: number } | { readonly kind: 'scale'; readonly n: number; readonly publications: number; readonly boundS: number } | { readonly kind: 'nb6' };

interface Figures {
  readonly row: string;
  /** Absent for the scenario row: the run's frames are the cucumber run's, not counted here. */
  readonly deliveries?: number;
  readonly wallMs: number;
  readonly cpuMs: number;
  readonly peakMb: number;
  readonly virtualMs?: number;
  readonly detail: string;
  /** The collector's pauses of the main thread (perf_hooks 'gc' entries), for the child-process rows. */
  readonly gc?: GcPauses;
  /** A row run twice in its process: the first run's times (V8 compiling as it goes); the figures above are the second's. */
  readonly cold?: { readonly wallMs: number; readonly cpuMs: number };
  /** The scale row: every name table held every publication before the row ended. */
  readonly converged?: boolean;
}

/**
 * Pauses by kind: scavenges of the young generation, and full collections (their last, atomic
 * pause: Node reports no entry for the incremental marking steps before it, nor for the concurrent
 * marking threads, so a full collection costs more than this says).
 */
interface GcPauses {
  readonly minorMs: number;
  readonly minor: number;
  readonly majorMs: number;
  readonly major: number;
}

/**
 * Counts the collector's pauses from now on. Node hands 'gc' entries to observers from the event
 * loop, after the collection (takeRecords() does not hold them): read() lets the loop turn first.
 */
function watchGc(): { read(): Promise<GcPauses>; stop(): void } {
  const t = { minorMs: 0, minor: 0, majorMs: 0, major: 0 };
  const add = (entries: readonly PerformanceEntry[]): void => {
    for (const e of entries) {
      // the entry's detail: { kind, flags } (Node's own type for it is not in @types/node's PerformanceEntry)
      const detail: unknown = 'detail' in e ? e.detail : undefined;
      const kind = typeof detail === 'object' && detail !== null && 'kind' in detail ? detail.kind : undefined;
      if (kind === constants.NODE_PERFORMANCE_GC_MINOR) {
        t.minorMs += e.duration;
        t.minor++;
      } else if (kind === constants.NODE_PERFORMANCE_GC_MAJOR) {
        t.majorMs += e.duration;
        t.major++;
      } else if (kind === constants.NODE_PERFORMANCE_GC_INCREMENTAL) t.majorMs += e.duration;
    }
  };
  const obs = new PerformanceObserver((list) => add(list.getEntries()));
  obs.observe({ entryTypes: ['gc'] });
  return {
    read: async () => {
      await new Promise((resolve) => setTimeout(resolve, 10));
      return { ...t };
    },
    stop: () => obs.disconnect(),
  };
}

function whole(min: number, max: number, what: string) {
  return (text: string, list: number[] = []): number[] => {
    const n = Number(text);
    if (!Number.isInteger(n) || n < min || n > max) throw new InvalidArgumentError(`${what} is a whole number from ${min} to ${max}, not "${text}"`);
    return [...list, n];
  };
}

/**
 * N reference nodes (`fixed`), node 1 the IUT, seed 1. No guard against a runaway loop of events
 * (the simulator's 5 million): a row has its own bounds, and a 1,024-node bring-up is tens of
 * millions of events.
 */
function cluster(n: number, bearers: readonly BearerName[]): HarnessCluster {
  return referenceCluster({ nodes: Array.from({ length: n }, (_, i) => i + 1), iut: [1], seed: 1, bearers }, 'fixed', (s) => s, Infinity);
}

/**
 * Every link endpoint of every node ESTABLISHED on every bearer (stops at the first that is not,
 * and past the wall-clock `deadline`, read once per node, with false).
 */
async function allUp(c: HarnessCluster, n: number, bearers: readonly BearerName[], deadline = Infinity): Promise<boolean> {
  for (let a = 1; a <= n; a++) {
    if (performance.now() > deadline) return false;
    for (let b = 1; b <= n; b++) {
      if (a === b) continue;
      for (const x of bearers) if ((await c.linkState(a, b, x)) !== 'ESTABLISHED') return false;
    }
  }
  return true;
}

/** Thrown when the scale row passes its wall-time bound: the row is reported as over it, with how far it got. */
class OverTime extends Error {}

/**
 * Advances until `pred` holds, asking it every `step` ms, or until `maxMs` have passed; the time it
 * held, or undefined. Past the wall-clock `deadline` (performance.now()), throws OverTime: the
 * clock is read every 4,096 events, not between steps, since one virtual ms can hold a million
 * deliveries (a discovery round of 1,024 nodes: 20 s of wall time; read between 50 ms steps, the
 * row overran its 60 s to 81.6 s, and read every 65,536 events, to 61–67 s). `pred` is given the
 * deadline too: a check of a million link endpoints is seconds of its own.
 */
async function upWithin(c: HarnessCluster, pred: (deadline: number) => Promise<boolean>, step: number, maxMs: number, deadline = Infinity): Promise<number | undefined> {
  const end = c.now() + maxMs;
  let events = 0;
  const overdue = (): boolean => (++events & 0xfff) === 0 && performance.now() > deadline;
  while (c.now() < end) {
    // advance(), but stopping when overdue: the cluster's own wait, with nothing run after it holds
    if (await c.waitUntil(overdue, Math.min(step, end - c.now()), { settle: false })) throw new OverTime();
    if (performance.now() > deadline) throw new OverTime();
    if (await pred(deadline)) return c.now();
  }
  return undefined;
}

function cpuMs(since: NodeJS.CpuUsage): number {
  const u = process.cpuUsage(since);
  return (u.user + u.system) / 1000;
}

async function mesh(n: number): Promise<Omit<Figures, 'peakMb'>> {
  const bearers: BearerName[] = ['A', 'B'];
  const c = cluster(n, bearers);
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  await c.start();
  // checked once per virtual ms: the figures are the simulator's and the reference's, not the check's
  const upAt = await upWithin(c, () => allUp(c, n, bearers), 1, 5000);
  await c.advance(5000 - c.now());
  const wallMs = performance.now() - t0;
  const cpu = cpuMs(cpu0);
  const table = (await c.nameTable(1)).length;
  await c.stop();
  return {
    row: `mesh ${n}`,
    deliveries: c.sim.deliveries,
    wallMs,
    cpuMs: cpu,
    virtualMs: c.now(),
    detail: `links up ${upAt === undefined ? 'NO' : `at ${upAt} ms`}, name table of node 1: ${table}, trace ${(c.sim.traceBytes / 1e6).toFixed(0)} MB of frames and notes`,
  };
}

/** Virtual time of the simulator row: 1 ms a round trip's leg, so 500 rounds of N × (N − 1) × 2 frames. */
const SIMULATOR_ROW_MS = 500;

/**
 * An endpoint with no protocol (the simulator row): at its first tick it sends every other node a
 * STATE on each bearer, then answers every frame with the same STATE to the frame's prevnode
 * (header word 3). Its STATE is real wire bytes, built by the reference's codec once; the
 * simulator copies what it is given, so the endpoint hands it the same bytes every time.
 */
class EchoEndpoint implements SimEndpoint {
  private readonly state: Uint8Array;
  private out: OutFrame[] = [];
  private started = false;

  constructor(
    readonly address: number,
    private readonly peers: readonly number[],
    private readonly bearers: readonly number[],
  ) {
    this.state = encode(msgInit(address, User.LINK_PROTOCOL, LinkProtoType.STATE_MSG, INT_H_SIZE, 0));
  }
  receive(_now: number, bearer: number, bytes: Uint8Array): void {
    this.out.push({ bearer, dest: readU32(bytes, 12), bytes: this.state });
  }
  tick(): void {
    this.started = true;
    for (const bearer of this.bearers) for (const dest of this.peers) this.out.push({ bearer, dest, bytes: this.state });
  }
  pollTimeout(): number | undefined {
    return this.started ? undefined : 0;
  }
  pollTransmit(): readonly OutFrame[] {
    const out = this.out;
    if (out.length > 0) this.out = [];
    return out;
  }
  pollNotes(): readonly string[] {
    return [];
  }
}

/** The simulator row: the simulator as a cluster makes it (harnessSimulator), echo endpoints. */
function simulatorAlone(n: number): Omit<Figures, 'peakMb'> {
  const spill = new FileSpill();
  try {
    const sim = harnessSimulator(1, spill, new WireCodec(), { maxEvents: Infinity });
    const bearers = [0, 1];
    const ids = Array.from({ length: n }, (_, i) => i + 1);
    for (const id of ids) {
      const peers = ids.filter((p) => p !== id).map(nodeAddress);
      sim.addNode(id, new EchoEndpoint(nodeAddress(id), peers, bearers), bearers);
    }
    const cpu0 = process.cpuUsage();
    const t0 = performance.now();
    sim.runFor(SIMULATOR_ROW_MS);
    return {
      row: `simulator ${n}`,
      deliveries: sim.deliveries,
      wallMs: performance.now() - t0,
      cpuMs: cpuMs(cpu0),
      virtualMs: sim.now,
      detail: `no protocol: every frame answered at once with one STATE; trace ${(sim.traceBytes / 1e6).toFixed(0)} MB, ${(sim.traceSpilled / 1e6).toFixed(0)} MB of it written out`,
    };
  } finally {
    spill.close();
  }
}

async function scale(n: number, publications: number, boundS: number): Promise<Omit<Figures, 'peakMb'>> {
  const bearers: BearerName[] = ['A'];
  const c = cluster(n, bearers);
  const rng = new Prng(1);
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  const deadline = boundS === 0 ? Infinity : t0 + boundS * 1000;
  let stage = 'bring-up';
  const figures = (detail: string, converged = false): Omit<Figures, 'peakMb'> => ({
    row: `scale ${n}`,
    converged,
    deliveries: c.sim.deliveries,
    wallMs: performance.now() - t0,
    cpuMs: cpuMs(cpu0),
    virtualMs: c.now(),
    detail: `${detail}; trace ${(c.sim.traceBytes / 1e6).toFixed(0)} MB of frames and notes, ${(c.sim.traceSpilled / 1e6).toFixed(0)} MB of it written out`,
  });
  try {
    await c.start();
    const upAt = await upWithin(c, (by) => allUp(c, n, bearers, by), 50, 10_000, deadline);
    if (upAt === undefined) return figures('the links were NOT all up within 10 s of virtual time');
    const upWall = performance.now() - t0;
    stage = `publications (links up at ${upAt} ms, ${(upWall / 1000).toFixed(1)} s wall)`;
    // one publication every 0.1 ms of virtual time, each from a node drawn at random
    for (let i = 0; i < publications; i++) {
      await c.publish(rng.int(1, n), { type: 5000, lower: i, upper: i, scope: 'cluster', port: 1, key: i + 1 });
      if (i % 10 === 9) await c.advance(1);
      if (performance.now() > deadline) throw new OverTime();
    }
    const want = n + publications; // every node's own node-state binding, and the publications
    const converged = async (by: number): Promise<boolean> => {
      for (let a = 1; a <= n; a++) if (performance.now() > by || (await c.nameTable(a)).length !== want) return false;
      return true;
    };
    const doneAt = await upWithin(c, converged, 100, 30_000, deadline);
    return figures(
      `links up at ${upAt} ms (${(upWall / 1000).toFixed(1)} s wall); ${publications} publications ` +
        `${doneAt === undefined ? 'NOT in every name table within 30 s' : `in every name table at ${doneAt} ms`}`,
      doneAt !== undefined,
    );
  } catch (e) {
    if (!(e instanceof OverTime)) throw e;
    return figures(`OVER the ${boundS} s bound, stopped in the ${stage}`);
  }
}

/** What scripts/bench-rusage.cjs wrote at the CLI's exit. */
interface RunUsage {
  readonly maxRssKb: number;
  readonly cpuMs: number;
}

/** One start of the CLI on the NB-6 row: its wall time, and what bench-rusage.cjs wrote at its exit (undefined if it ended before). */
interface Nb6Start {
  readonly wallMs: number;
  readonly usage: RunUsage | undefined;
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
  readonly stderr: string;
}

function nb6Start(out: string): Promise<Nb6Start> {
  const usageFile = path.join(os.tmpdir(), `bench-nb6-${process.pid}.json`);
  const bin = path.join(__dirname, '..', 'bin', 'tipc-conformance.js');
  const argv = ['--require', path.join(__dirname, 'bench-rusage.cjs'), bin, 'run', '--no-report', '--out', out, '--tags', '@req:NB-6 and @long'];
  return new Promise((resolve, reject) => {
    const t0 = performance.now();
    const p = spawn(process.execPath, argv, { stdio: ['ignore', 'ignore', 'pipe'], env: { ...process.env, BENCH_RUSAGE_FILE: usageFile } });
    let stderr = '';
    p.stderr.on('data', (d: Buffer) => (stderr = (stderr + d.toString()).slice(-2000)));
    p.on('error', reject);
    p.on('exit', (code, signal) => {
      const wallMs = performance.now() - t0;
      let usage: RunUsage | undefined;
      try {
        usage = JSON.parse(fs.readFileSync(usageFile, 'utf8')) as RunUsage;
        fs.rmSync(usageFile);
      } catch {
        // it ended before its exit handler ran
      }
      resolve({ wallMs, usage, code, signal, stderr });
    });
  });
}

/**
 * The NB-6 row: `tipc-conformance run` in a process of its own, started as a user starts it (no V8
 * flags), twice. The first start transpiles whatever .ts files bin/ts-cache.js has not cached yet
 * (after an edit: npm install fills the cache), with SWC's native library in memory: 306 MB
 * against 268 on the same tree. The row's figures are the second start's, as a user's runs after
 * their first are; the first's are printed beside them.
 */
async function nb6(): Promise<Figures> {
  // under reports/ (git-ignored), one run's at a time: 8 MB a bench left in the temporary folder before
  const out = path.join(__dirname, '..', 'reports', 'bench', 'nb6');
  fs.rmSync(out, { recursive: true, force: true });
  const first = await nb6Start(out);
  const f = await nb6Start(out);
  const mb = (s: Nb6Start): string => (s.usage === undefined ? 'no figures' : `peak ${(s.usage.maxRssKb / 1024).toFixed(0)} MB`);
  return {
    row: 'NB-6 128 nodes',
    wallMs: f.wallMs,
    cpuMs: f.usage?.cpuMs ?? NaN,
    peakMb: f.usage === undefined ? NaN : f.usage.maxRssKb / 1024,
    detail:
      `run exit ${f.code ?? f.signal}, output in ${out}${f.usage === undefined ? `: ${f.stderr.trim().split('\n').slice(-3).join(' / ')}` : ''}` +
      `; the first start (transpiling what the cache lacked): exit ${first.code ?? first.signal}, wall ${(first.wallMs / 1000).toFixed(2)} s, ${mb(first)}`,
  };
}

async function child(row: Exclude<Row, { kind: 'nb6' }>): Promise<void> {
  const run = async (): Promise<Omit<Figures, 'peakMb'>> =>
    row.kind === 'mesh' ? mesh(row.n) : row.kind === 'simulator' ? simulatorAlone(row.n) : scale(row.n, row.publications, row.boundS);
  // The mesh and simulator rows run twice: a run of a second or two is half V8 compiling the code
  // it runs (its JIT warming up), which a longer run, a suite of scenarios, pays once. The second
  // run is the row's figures, the first's times are printed beside them; the scale row, a minute
  // long, runs once.
  const cold = row.kind === 'scale' ? undefined : await run();
  const gc = watchGc();
  const f = await run();
  // the same seed gives the same run: a warm run that differs is a defect to show, not to average
  const same = cold === undefined || cold.deliveries === f.deliveries;
  // the largest resident set this process had (both runs, when there are two)
  const figures: Figures = {
    ...f,
    detail: same ? f.detail : `${f.detail}; NOT THE SAME RUN TWICE: ${cold?.deliveries ?? 0} deliveries the first time`,
    peakMb: peakRssKb() / 1024,
    gc: await gc.read(),
    cold: cold === undefined ? undefined : { wallMs: cold.wallMs, cpuMs: cold.cpuMs },
  };
  gc.stop();
  process.send?.(figures);
}

/** A row in a child process: this script's, or the same script in another tree (`root`, for --against). */
function runRow(row: Row, root = path.join(__dirname, '..')): Promise<Figures> {
  if (row.kind === 'nb6') return nb6();
  return new Promise((resolve, reject) => {
    // the scale row's heap is bounded as its memory bound says; the others get room
    const heap = row.kind === 'scale' ? SCALE_TARGET.peakMb : 8192;
    const t0 = performance.now();
    const script = path.join(root, 'scripts', path.basename(__filename));
    const p = fork(script, ['--child', JSON.stringify(row)], { cwd: root, execArgv: ['--require', 'ts-node/register', `--max-old-space-size=${heap}`], stdio: ['ignore', 'ignore', 'pipe', 'ipc'] });
    let got: Figures | undefined;
    let stderr = '';
    p.stderr?.on('data', (d: Buffer) => (stderr = (stderr + d.toString()).slice(-2000)));
    p.on('message', (m) => (got = m as Figures));
    p.on('error', reject);
    p.on('exit', (code, signal) => {
      if (got) return resolve(got);
      const oom = /heap out of memory|Allocation failed/.test(stderr);
      // a row that dies (out of memory above all) is a row of figures too: how long it lasted
      resolve({
        row: `${row.kind} ${row.n}`,
        wallMs: performance.now() - t0,
        cpuMs: NaN,
        peakMb: NaN,
        detail: oom ? `OUT OF MEMORY: its heap passed ${heap} MB` : `ended with exit ${code ?? signal} before its figures: ${stderr.trim().split('\n').slice(-3).join(' / ')}`,
      });
    });
  });
}

function line(f: Figures): string {
  const perSecond = (ms: number): string => (f.deliveries === undefined ? '' : `${Math.round((f.deliveries / ms) * 1000).toLocaleString('en')}/s, `);
  const rate = f.deliveries === undefined ? '' : `${f.deliveries.toLocaleString('en')} deliveries, ${f.cold === undefined ? '' : 'warm '}${perSecond(f.wallMs)}`;
  const cold = f.cold === undefined ? '' : `\n${''.padEnd(16)}cold (the process's first run, V8 compiling as it goes): ${perSecond(f.cold.wallMs)}wall ${(f.cold.wallMs / 1000).toFixed(2)} s, CPU ${(f.cold.cpuMs / 1000).toFixed(2)} s`;
  // CPU per delivery: the figure that adds up (the simulator row's and the stack's), whatever the load
  const perDelivery = f.deliveries === undefined || f.deliveries === 0 ? '' : ` (${((f.cpuMs * 1000) / f.deliveries).toFixed(2)} µs a delivery)`;
  const cpu = Number.isNaN(f.cpuMs) ? '' : `, CPU ${(f.cpuMs / 1000).toFixed(2)} s${perDelivery}, peak ${f.peakMb.toFixed(0)} MB`;
  return `${f.row.padEnd(15)} ${rate}wall ${(f.wallMs / 1000).toFixed(2)} s${cpu}` + (f.virtualMs === undefined ? '' : `, ${f.virtualMs} ms virtual`) + cold + `\n${''.padEnd(16)}${f.detail}` + (f.gc === undefined ? '' : `\n${''.padEnd(16)}${gcLine(f.gc, f.wallMs)}`);
}

/** Where the collector stopped the row: the young generation's scavenges, and the full collections' last pauses. */
function gcLine(g: GcPauses, wallMs: number): string {
  const s = (ms: number): string => (ms < 1000 ? `${Math.round(ms)} ms` : `${(ms / 1000).toFixed(2)} s`);
  const share = wallMs > 0 ? ` (${Math.round((100 * (g.minorMs + g.majorMs)) / wallMs)}% of the wall time)` : '';
  const many = (k: number, one: string, more: string): string => `${k.toLocaleString('en')} ${k === 1 ? one : more}`;
  return `GC pauses ${s(g.minorMs + g.majorMs)}${share}: ${many(g.minor, 'scavenge', 'scavenges')} ${s(g.minorMs)}, ${many(g.major, 'full collection', 'full collections')} ${s(g.majorMs)}`;
}

async function parent(): Promise<void> {
  const program = new Command('bench')
    .description('Throughput, wall time, peak memory and GC pauses of the simulator with the reference stack (each row in a child process of its own; the mesh and simulator rows run twice there, cold then warm)')
    .option('--mesh <N...>', 'full-mesh rows, two bearers, bring-up and keepalive to 5 s virtual (default: 16 32 64)', whole(2, 4095, 'a cluster size'))
    .option('--scale <N>', 'the scale row: N nodes on one bearer, then publications from random nodes (0: none)', (t) => whole(0, 4095, 'a cluster size')(t)[0], 1024)
    .option('--publications <P>', 'publications in the scale row', (t) => whole(1, 1_000_000, 'a count of publications')(t)[0], 10_000)
    .option('--scale-bound <S>', 'wall-time bound of the scale row in seconds, the target\'s unless told (0: none, to see how long the row takes; its peak is bounded by the target\'s heap all the same)', (t) => whole(0, 86_400, 'a number of seconds')(t)[0], SCALE_TARGET.wallMs / 1000)
    .option('--simulator <N>', 'the simulator row: N endpoints with no protocol, the mesh row\'s traffic (0: none)', (t) => whole(0, 4095, 'a cluster size')(t)[0], 64)
    .option('--no-nb6', 'leave out the NB-6 128-node scenario row')
    .option('--only-mesh', 'only the mesh rows')
    .option('--against <rev>', 'run each row here and at git revision <rev> by turns, and compare them (the NB-6 row is left out)')
    .option('--runs <K>', 'with --against: runs of each row on each side', (t) => whole(1, 100, 'a count of runs')(t)[0], 5)
    .exitOverride((e) => process.exit(e.exitCode === 0 ? 0 : 2))
    .parse();
  const o = program.opts<{ mesh?: number[]; simulator: number; scale: number; publications: number; scaleBound: number; nb6: boolean; onlyMesh?: boolean; against?: string; runs: number }>();
  const rows: Row[] = (o.mesh ?? [16, 32, 64]).map((n) => ({ kind: 'mesh', n }));
  if (!o.onlyMesh && o.simulator > 0) rows.push({ kind: 'simulator', n: o.simulator });
  if (!o.onlyMesh && o.nb6) rows.push({ kind: 'nb6' });
  if (!o.onlyMesh && o.scale > 0) rows.push({ kind: 'scale', n: o.scale, publications: o.publications, boundS: o.scaleBound });
  console.log(`node ${process.version}, ${os.availableParallelism()} CPUs, load ${os.loadavg().map((l) => l.toFixed(1)).join(' ')}`);
  console.log(memoryLine());
  if (o.against !== undefined) return against(o.against, rows.filter((r): r is Exclude<Row, { kind: 'nb6' }> => r.kind !== 'nb6'), o.runs);
  const done: TargetRow[] = [];
  for (const row of rows) {
    const f = await runRow(row);
    console.log(line(f));
    const target = targetRow(row, f);
    if (target !== undefined) done.push(target);
  }
  for (const l of targetLines(done)) console.log(l);
}

/** A row's figures as its target reads them (undefined for the simulator row, which has no target). A row whose process died has NaN figures. */
function targetRow(row: Row, f: Figures): TargetRow | undefined {
  if (row.kind === 'nb6') return { kind: 'nb6', peakMb: f.peakMb };
  if (row.kind === 'mesh') return { kind: 'mesh', n: row.n, perSecond: f.deliveries === undefined ? Number.NaN : (f.deliveries / f.wallMs) * 1000 };
  if (row.kind === 'scale') return { kind: 'scale', n: row.n, publications: row.publications, wallMs: f.wallMs, peakMb: f.peakMb, converged: f.converged === true };
  return undefined;
}

/** --against: each row `runs` times here and at `rev`, by turns (the side that goes first alternates too). */
async function against(rev: string, rows: readonly Exclude<Row, { kind: 'nb6' }>[], runs: number): Promise<void> {
  let tree: RevisionTree;
  try {
    tree = exportRevision(path.join(__dirname, '..'), rev, ['scripts/bench.ts', 'scripts/bench-against.ts', 'scripts/bench-targets.ts']);
  } catch (e) {
    if (!(e instanceof UnknownRevision)) throw e;
    console.error(e.message);
    process.exit(2);
  }
  try {
    console.log(`against ${tree.label}: ${runs} runs of each row on each side, by turns`);
    for (const row of rows) {
      const here = emptySide();
      const there = emptySide();
      for (let k = 0; k < runs; k++) {
        const order: [Side, string | undefined][] = [
          [here, undefined],
          [there, tree.root],
        ];
        if (k % 2 === 1) order.reverse();
        for (const [side, root] of order) record(side, await runRow(row, root));
      }
      console.log(compareLines(`${row.kind} ${row.n}`, here, there, tree.label));
    }
  } finally {
    tree.remove();
  }
}

function emptySide(): Side {
  return { deliveries: [], warm: [], cold: [], failed: [] };
}

function record(side: Side, f: Figures): void {
  if (f.deliveries === undefined || Number.isNaN(f.cpuMs)) {
    side.failed.push(f.detail);
    return;
  }
  side.deliveries.push(f.deliveries);
  side.warm.push((f.deliveries / f.wallMs) * 1000);
  if (f.cold !== undefined) side.cold.push((f.deliveries / f.cold.wallMs) * 1000);
}

const at = process.argv.indexOf('--child');
(at >= 0 ? child(JSON.parse(process.argv[at + 1] ?? '{}') as Exclude<Row, { kind: 'nb6' }>) : parent()).catch((e: unknown) => {
  console.error(e);
  process.exit(2);
});

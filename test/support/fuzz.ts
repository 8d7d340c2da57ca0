/**
 * The hostile-input campaign (issue 22), shared by test/fuzz.test.ts (small, in npm test) and
 * scripts/fuzz.ts (big, by hand): frames of real kernel traffic mutated with a seeded PRNG, fed
 * (a) to the codec and everything that reads a frame (describe, the layout oracle, the wire
 * fields), and (b) onto the wire between two live reference nodes, which must come back to full
 * health once the storm ends. The same seed gives the same frames, so a finding replays.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { nodeAddress, type BearerName, type NodeId, type NodeStack, type OutFrame } from '../../contract';
import { Prng } from '../../sim/prng';
import { INT_H_SIZE, MIN_H_SIZE, TIPC_MAX_USER_MSG_SIZE, User, msgInit, msgSetData, msgSize } from '../../reference/msg';
import { decode, encode, msgExtract, msgInner } from '../../reference/msg-codec';
import { decodeItems } from '../../reference/msg-bodies';
import { decodeGapAckBlks } from '../../harness/msg-fields';
import { DESCRIBE_MAX_CHARS, describe } from '../../harness/msg-describe';
import { MSG_LAYOUT_MAX_DEPTH, msgLayout } from '../../harness/msg-layout';
import { WireCodec } from '../../harness/wire-codec';
import type { MsgLayout } from '../../contract';
import { ethTipcPayload, readPcap } from './pcap';
import { referenceCluster } from './harness';
import type { HarnessCluster } from '../../harness/cluster';

// ---------------------------------------------------------------------------------------------
// Seeds and crafted frames
// ---------------------------------------------------------------------------------------------

/** The TIPC payloads of every pcap under `capturesDir` (one folder per capture), in a fixed order. */
export function captureFrames(capturesDir: string): Uint8Array[] {
  const out: Uint8Array[] = [];
  for (const dir of fs.readdirSync(capturesDir, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
    if (!dir.isDirectory()) continue;
    const base = path.join(capturesDir, dir.name);
    for (const file of fs.readdirSync(base).filter((f) => f.endsWith('.pcap')).sort()) {
      for (const r of readPcap(path.join(base, file)).records) {
        const p = ethTipcPayload(r.bytes);
        if (p) out.push(p);
      }
    }
  }
  return out;
}

/**
 * `depth` TUNNEL_PROTOCOL (FAILOVER) headers of `hsize` bytes, each the body of the one outside
 * it, around a LINK_PROTOCOL STATE: the crafted frame of issue 22 item 8 (1,650 deep with 40-byte
 * headers is 66,000 bytes, and decodes: every body is within TIPC_MAX_USER_MSG_SIZE).
 */
export function nestedTunnel(depth: number, hsize: number = INT_H_SIZE): Uint8Array {
  const state = encode(msgInit(nodeAddress(1), User.LINK_PROTOCOL, 0, hsize, nodeAddress(2)));
  return depth <= 1 ? state : nest(state, depth - 1, hsize, () => 0);
}

/**
 * `levels` TUNNEL_PROTOCOL headers of `hsize` bytes around `inner`, written into one buffer (a
 * header at a time around a copy would copy the body once per level); `seqno` numbers each.
 */
function nest(inner: Uint8Array, levels: number, hsize: number, seqno: (level: number) => number): Uint8Array {
  const header = encode(msgInit(nodeAddress(1), User.TUNNEL_PROTOCOL, 1, hsize, nodeAddress(2)));
  const out = new Uint8Array(levels * hsize + inner.length);
  out.set(inner, levels * hsize);
  for (let i = 0; i < levels; i++) {
    const at = i * hsize;
    out.set(header, at);
    setU32(out, at, ((getU32(header, 0) & ~0x1ffff) | ((out.length - at) & 0x1ffff)) >>> 0);
    setU32(out, at + 8, seqno(i) & 0xffff);
  }
  return out;
}

/** The deepest nesting of `hsize`-byte tunnel headers whose outer body fits TIPC_MAX_USER_MSG_SIZE. */
export function deepestNesting(hsize: number): number {
  return Math.floor(TIPC_MAX_USER_MSG_SIZE / hsize) + 1;
}

// ---------------------------------------------------------------------------------------------
// Mutations
// ---------------------------------------------------------------------------------------------

export const MUTATIONS = ['bitflip', 'truncate', 'extend', 'field', 'word0', 'nest', 'bundle', 'splice'] as const;
export type Mutation = (typeof MUTATIONS)[number];

function setU32(b: Uint8Array, o: number, v: number): void {
  if (o + 4 > b.length) return;
  b[o] = v >>> 24;
  b[o + 1] = (v >>> 16) & 0xff;
  b[o + 2] = (v >>> 8) & 0xff;
  b[o + 3] = v & 0xff;
}

function getU32(b: Uint8Array, o: number): number {
  return o + 4 > b.length ? 0 : ((b[o] << 24) | (b[o + 1] << 16) | (b[o + 2] << 8) | b[o + 3]) >>> 0;
}

/** A value a field is likely to mishandle: 0, all ones, a boundary, or anything. */
function edgy(r: Prng): number {
  const pick = [0, 0xffffffff, 0x7fffffff, 0x80000000, 1, 0xffff, 0x10000, 0x1ffff, 66000, 24, 40, 60];
  return r.int(0, 3) === 0 ? r.int(0, 0xffffffff) : (pick[r.int(0, pick.length - 1)] as number);
}

/**
 * `seed` changed one way: bits flipped, cut short, grown with random bytes, a header word or
 * a field of word 0 overwritten, wrapped in tunnel headers (once, or as deep as the body allows),
 * put in a bundle with others, or spliced with another frame. A new array; `seed` is untouched.
 */
export function mutate(r: Prng, seed: Uint8Array, other: Uint8Array, kind: Mutation): Uint8Array {
  switch (kind) {
    case 'bitflip': {
      const b = Uint8Array.from(seed);
      if (b.length === 0) return b;
      // mostly in the header, where the meaning is
      const span = r.int(0, 3) === 0 ? b.length : Math.min(b.length, 64);
      for (let k = r.int(1, 8); k > 0; k--) {
        const bit = r.int(0, span * 8 - 1);
        b[bit >> 3] ^= 1 << (bit & 7);
      }
      return b;
    }
    case 'truncate':
      return seed.slice(0, r.int(0, seed.length));
    case 'extend': {
      const b = new Uint8Array(seed.length + r.int(1, r.int(0, 7) === 0 ? 2000 : 64));
      b.set(seed);
      for (let i = seed.length; i < b.length; i++) b[i] = r.int(0, 255);
      if (r.int(0, 1) === 0) setU32(b, 0, ((getU32(b, 0) & ~0x1ffff) | (b.length & 0x1ffff)) >>> 0); // msize covers it
      return b;
    }
    case 'field': {
      const b = Uint8Array.from(seed);
      for (let k = r.int(1, 3); k > 0; k--) setU32(b, 4 * r.int(0, Math.max(0, Math.min(15, (b.length >> 2) - 1))), edgy(r));
      return b;
    }
    case 'word0': {
      // one field of word 0 at a time: version 29-31, user 25-28, hsize 21-24, msize 0-16
      const b = Uint8Array.from(seed);
      const w0 = getU32(b, 0);
      const fields: Array<[number, number]> = [
        [29, 0x7],
        [25, 0xf],
        [21, 0xf],
        [0, 0x1ffff],
      ];
      const [pos, mask] = fields[r.int(0, fields.length - 1)] as [number, number];
      setU32(b, 0, ((w0 & ~(mask << pos)) | ((edgy(r) & mask) << pos)) >>> 0);
      return b;
    }
    case 'nest': {
      const hsize = [MIN_H_SIZE, INT_H_SIZE, 60][r.int(0, 2)] as number;
      const room = Math.floor((TIPC_MAX_USER_MSG_SIZE - seed.length) / hsize);
      // now and then as deep as the body allows (issue 22 item 8); else a few levels
      const levels = r.int(0, 15) === 0 ? Math.max(1, room) : r.int(1, Math.max(1, Math.min(6, room)));
      const b = nest(seed, levels, hsize, () => r.int(0, 0xffff));
      // FAILOVER or SYNCH at each level
      for (let i = 0; i < levels; i++) if (r.int(0, 1) === 0) b[i * hsize + 4] &= 0x1f;
      return b;
    }
    case 'bundle': {
      const parts = [seed, other, seed].slice(0, r.int(1, 3));
      let body = new Uint8Array(0);
      for (const p of parts) {
        const start = (body.length + 3) & ~3;
        const next = new Uint8Array(start + p.length);
        next.set(body);
        next.set(p, start);
        body = next;
      }
      const m = msgInit(nodeAddress(1), User.MSG_BUNDLER, 0, INT_H_SIZE, nodeAddress(2));
      msgSetData(m, body);
      const b = encode(m);
      setU32(b, 8, r.int(0, 0xffff));
      setU32(b, 36, ((r.int(0, 255) << 16) | r.int(0, 7)) >>> 0); // msgcnt may lie
      return b;
    }
    case 'splice': {
      const at = r.int(0, seed.length);
      const from = r.int(0, other.length);
      const b = new Uint8Array(at + other.length - from);
      b.set(seed.subarray(0, at));
      b.set(other.subarray(from), at);
      return b;
    }
  }
}

/** A mutation kind, a frame of `seeds` and another, mutated: the campaign's unit. */
export function nextMutant(r: Prng, seeds: readonly Uint8Array[]): { kind: Mutation; bytes: Uint8Array } {
  const kind = MUTATIONS[r.int(0, MUTATIONS.length - 1)] as Mutation;
  const seed = seeds[r.int(0, seeds.length - 1)] as Uint8Array;
  const other = seeds[r.int(0, seeds.length - 1)] as Uint8Array;
  // a second mutation now and then: a bit flip inside a nested frame, a cut bundle, ...
  const once = mutate(r, seed, other, kind);
  return { kind, bytes: r.int(0, 3) === 0 ? mutate(r, once, other, MUTATIONS[r.int(0, MUTATIONS.length - 1)] as Mutation) : once };
}

// ---------------------------------------------------------------------------------------------
// (a) the codec and the readers of a frame
// ---------------------------------------------------------------------------------------------

/** The longest description describe() gives: the bound and its note of what was cut. */
export const DESCRIPTION_LIMIT = DESCRIBE_MAX_CHARS + ' ... (cut, 1000000 more chars)'.length;

/** How deep a layout goes (1: no inner message, no bundled messages). */
export function layoutDepth(l: MsgLayout): number {
  let deepest = 1;
  const below = [...(l.inner ? [l.inner] : []), ...(l.bundle?.msgs ?? [])];
  for (const x of below) deepest = Math.max(deepest, 1 + layoutDepth(x));
  return deepest;
}

export interface CodecFigures {
  frames: number;
  accepted: number;
  /** Rejections by DecodeError code. */
  rejected: Record<string, number>;
  /** Anything that threw, or broke a promise of the codec, by kind: "mutation: what". */
  problems: Record<string, number>;
  /** The first few problems, with the frame in hex, to replay. */
  examples: string[];
  longestDescription: number;
  deepestLayout: number;
}

const codec = new WireCodec();

function note(f: CodecFigures, key: string, example: string): void {
  f.problems[key] = (f.problems[key] ?? 0) + 1;
  if (f.examples.length < 10) f.examples.push(`${key}: ${example}`);
}

/**
 * One frame through the codec and every reader of frames: decode returns (never throws); what
 * it accepts re-encodes to its first msize bytes (the round trip test/codec.test.ts promises);
 * describe() stays within DESCRIPTION_LIMIT; the oracle's layout within MSG_LAYOUT_MAX_DEPTH.
 */
export function checkFrame(f: CodecFigures, kind: string, bytes: Uint8Array): void {
  f.frames++;
  const hex = (): string => Buffer.from(bytes.subarray(0, 96)).toString('hex') + (bytes.length > 96 ? `... (${bytes.length} bytes)` : '');
  try {
    const d = decode(bytes);
    if (!d.ok) {
      f.rejected[d.error.code] = (f.rejected[d.error.code] ?? 0) + 1;
    } else {
      f.accepted++;
      const again = encode(d.msg);
      const want = bytes.subarray(0, msgSize(d.msg));
      if (Buffer.compare(again, want) !== 0) note(f, `${kind}: round trip differs`, hex());
      const text = describe(d.msg);
      f.longestDescription = Math.max(f.longestDescription, text.length);
      if (text.length > DESCRIPTION_LIMIT) note(f, `${kind}: description of ${text.length} chars`, hex());
      msgInner(d.msg);
      msgExtract(d.msg);
      decodeItems(d.msg.data);
      decodeGapAckBlks(d.msg.data);
    }
    // what the harness reads off every frame, accepted or not
    codec.describe(bytes);
    codec.fields(bytes);
    codec.classify(bytes);
    codec.chartLabel(bytes);
    const l = msgLayout(bytes);
    if (l) {
      const depth = layoutDepth(l);
      f.deepestLayout = Math.max(f.deepestLayout, depth);
      if (depth > MSG_LAYOUT_MAX_DEPTH + 1) note(f, `${kind}: layout ${depth} deep`, hex());
    }
  } catch (e) {
    note(f, `${kind}: ${e instanceof Error ? `${e.name}: ${e.message.split('\n')[0]}` : String(e)}`, hex());
  }
}

/** `frames` mutants of `seeds` (seeded), each through checkFrame; `progress` sees the figures every `every` frames. */
export function codecCampaign(seed: number, frames: number, seeds: readonly Uint8Array[], progress?: { every: number; see(f: CodecFigures): void }): CodecFigures {
  const r = new Prng(seed);
  const f: CodecFigures = { frames: 0, accepted: 0, rejected: {}, problems: {}, examples: [], longestDescription: 0, deepestLayout: 0 };
  for (let i = 0; i < frames; i++) {
    const m = nextMutant(r, seeds);
    checkFrame(f, m.kind, m.bytes);
    if (progress && f.frames % progress.every === 0) progress.see(f);
  }
  return f;
}

// ---------------------------------------------------------------------------------------------
// (b) a storm on the wire of a live cluster
// ---------------------------------------------------------------------------------------------

export interface StormOptions {
  readonly seed: number;
  /** Mutated frames to put on the wire from node 1 to node 2. */
  readonly frames: number;
  /** Of them, how many every millisecond of virtual time (4: a storm of 2,000 lasts twice as long as a link's 1,500 ms tolerance). */
  readonly perMs?: number;
  /** Frames of other traffic to mutate besides node 1's own (the captures). */
  readonly extraSeeds?: readonly Uint8Array[];
  /** Read every frame's description, layout and the pcap at the end, as a report does. */
  readonly readTrace?: boolean;
  /** Called with the cluster when an invariant did not hold after the settle time (to keep its trace and pcap). */
  readonly onBroken?: (c: HarnessCluster) => Promise<void>;
}

export interface StormFigures {
  injected: number;
  /** Virtual time the storm took, ms. */
  stormMs: number;
  /** Virtual time from the end of the storm until all invariants held, ms; undefined if they never did. */
  healedMs: number | undefined;
  /** What the nodes threw, by "node k receive|tick: Error: message". */
  exceptions: Record<string, number>;
  /** Invariants that did not hold after the settle time, with what was seen. */
  broken: string[];
  /** Link endpoint and peer node state changes the nodes reported from the storm's start until healed: what the storm disturbed. */
  stateChanges: number;
  /** Frames on the wire at the end (the storm's and the nodes'). */
  wireFrames: number;
  longestTraceLine: number;
  pcapBytes: number;
}

/** The cluster's nodes: a storm from node 1 to node 2, node 3 a bystander that must stay in agreement. */
const NODES: readonly NodeId[] = [1, 2, 3];
const BEARERS: readonly BearerName[] = ['A', 'B'];
/** Virtual time allowed for the links to come back and tables to agree after the storm, ms (explore/invariants.ts SETTLE_LINKS_MS). */
export const STORM_SETTLE_MS = 75_000;

/**
 * A NodeStack that passes everything through, except: exceptions of receive() and tick() are
 * counted, not thrown (so a storm counts them all); and, for the storm's sender, mutants of its
 * own recent frames and of `extra` go out after its own, `perMs` every millisecond, to node 2.
 */
class StormNode {
  readonly recent: OutFrame[] = [];
  injected = 0;
  budget = 0;
  private nextAt: number | undefined;
  private queue: OutFrame[] = [];

  constructor(
    readonly id: NodeId,
    private readonly r: Prng,
    private readonly extra: readonly Uint8Array[],
    private readonly perMs: number,
    private readonly exceptions: Record<string, number>,
  ) {}

  /** Starts the storm at `now`: `frames` mutants from then on. */
  start(now: number, frames: number): void {
    this.budget = frames;
    this.nextAt = now;
  }

  get storming(): boolean {
    return this.budget > 0;
  }

  wrap(n: NodeStack): NodeStack {
    const guard = (what: string, f: () => void | Promise<void>): void | Promise<void> => {
      const count = (e: unknown): void => {
        const key = `node ${this.id} ${what}: ${e instanceof Error ? `${e.name}: ${e.message.split('\n')[0]}` : String(e)}`;
        this.exceptions[key] = (this.exceptions[key] ?? 0) + 1;
      };
      try {
        const a = f();
        return a instanceof Promise ? a.catch(count) : a;
      } catch (e) {
        count(e);
        return undefined;
      }
    };
    const self = this;
    return new Proxy(n, {
      get(target, prop, receiver) {
        if (prop === 'receive') return (now: number, b: number, bytes: Uint8Array) => guard('receive', () => target.receive(now, b, bytes));
        if (prop === 'tick')
          return (now: number) => {
            self.fill(now);
            return guard('tick', () => target.tick(now));
          };
        if (prop === 'pollTimeout')
          return () => {
            const own = target.pollTimeout();
            if (!self.storming || self.nextAt === undefined) return own;
            return own === undefined ? self.nextAt : Math.min(own, self.nextAt);
          };
        if (prop === 'pollTransmit')
          return () => {
            const own = target.pollTransmit();
            for (const f of own) {
              self.recent.push(f);
              if (self.recent.length > 64) self.recent.shift();
            }
            const out = own.concat(self.queue);
            self.queue = [];
            return out;
          };
        const v: unknown = Reflect.get(target, prop, receiver);
        return typeof v === 'function' ? (v as (...a: unknown[]) => unknown).bind(target) : v;
      },
    });
  }

  /** Queues the mutants due by `now`. */
  private fill(now: number): void {
    if (!this.storming || this.nextAt === undefined || now < this.nextAt) return;
    const seeds = [...this.recent.map((f) => f.bytes), ...this.extra];
    if (seeds.length === 0) return;
    const bearers = [...new Set(this.recent.map((f) => f.bearer))];
    for (let i = Math.min(this.perMs, this.budget); i > 0; i--) {
      const m = nextMutant(this.r, seeds);
      this.queue.push({ bearer: bearers.length ? (bearers[this.r.int(0, bearers.length - 1)] as number) : 0, dest: nodeAddress(2), bytes: m.bytes });
      this.budget--;
      this.injected++;
    }
    this.nextAt = now + 1;
  }
}

/** The cluster-scope bindings each node publishes; node 1 and 2 publish more during the storm. */
function binding(node: NodeId, k: number): { type: number; lower: number; upper: number; scope: 'cluster'; port: number; key: number } {
  return { type: 18_000 + node, lower: k * 10, upper: k * 10 + 9, scope: 'cluster', port: 100 + k, key: 1000 * node + k };
}

/**
 * Brings up a three-node reference cluster, lets node 1 put `frames` mutants on the wire to node 2
 * (while nodes 1 and 2 publish), heals (the storm ends), and checks what explore/invariants.ts
 * requires after any history of faults: every node sees every other up with every link
 * ESTABLISHED, no failover or synch left, the name tables agree; and that nothing threw.
 */
export async function stormCampaign(o: StormOptions): Promise<StormFigures> {
  const exceptions: Record<string, number> = {};
  const r = new Prng(o.seed);
  const nodes = new Map<number, StormNode>(NODES.map((id) => [nodeAddress(id), new StormNode(id, r.fork(`node ${id}`), id === 1 ? (o.extraSeeds ?? []) : [], o.perMs ?? 4, exceptions)]));
  const c = referenceCluster({ nodes: NODES, iut: [1], seed: o.seed }, 'fixed', (n) => (nodes.get(n.address) as StormNode).wrap(n));
  const published = new Map<NodeId, number>(NODES.map((id) => [id, 0]));
  const publish = async (id: NodeId): Promise<void> => {
    const k = (published.get(id) ?? 0) + 1;
    published.set(id, k);
    await c.publish(id, binding(id, k));
  };

  const problems = async (): Promise<string[]> => {
    const out: string[] = [];
    for (const n of NODES) {
      const want = NODES.flatMap((p) => Array.from({ length: published.get(p) ?? 0 }, (_, i) => binding(p, i + 1)).map((b) => `${b.type}:${b.lower}-${b.upper}@${p}`))
        .sort()
        .join(' ');
      const got = (await c.nameTable(n))
        .filter((b) => b.type >= 18_000 && b.type < 19_000)
        .map((b) => `${b.type}:${b.lower}-${b.upper}@${b.node}`)
        .sort()
        .join(' ');
      if (got !== want) out.push(`node ${n}'s name table: ${got || '(empty)'}, expected ${want}`);
      for (const p of NODES) {
        if (p === n) continue;
        const s = await c.nodeState(n, p);
        if (s !== 'SELF_UP_PEER_UP') out.push(`node ${n} sees node ${p} ${s}, expected SELF_UP_PEER_UP`);
        for (const b of BEARERS) {
          const l = await c.linkState(n, p, b);
          if (l !== 'ESTABLISHED') out.push(`link ${n}${b} to node ${p} ${l}, expected ESTABLISHED`);
        }
      }
    }
    return out;
  };

  await c.start();
  for (const id of NODES) await publish(id);
  if (!(await c.waitUntil(async () => (await problems()).length === 0, 5000))) {
    throw new Error(`the cluster did not come up before the storm: ${(await problems()).join('; ')}`);
  }
  const sender = nodes.get(nodeAddress(1)) as StormNode;
  const t0 = c.now();
  const changesBefore = c.stateChanges().length;
  sender.start(t0, o.frames);
  // publications during the storm, which must reach every node once it ends
  for (let step = 0; sender.storming; step++) {
    await c.advance(50);
    if (step % 40 === 0) await publish(step % 80 === 0 ? 1 : 2);
  }
  const stormMs = c.now() - t0;
  const t1 = c.now();
  const healed = await c.waitUntil(async () => (await problems()).length === 0, STORM_SETTLE_MS);
  const healedMs = healed ? c.now() - t1 : undefined;
  const broken = healed ? [] : await problems();
  if (!healed && o.onBroken) await o.onBroken(c);
  const stateChanges = c.stateChanges().length - changesBefore;

  let longestTraceLine = 0;
  let pcapBytes = 0;
  let wireFrames = 0;
  if (o.readTrace !== false) {
    for (const chunk of c.traceChunks()) for (const line of chunk.split('\n')) longestTraceLine = Math.max(longestTraceLine, line.length);
    for (const chunk of c.pcapChunks()) pcapBytes += chunk.length;
    for (const f of c.wireFrames()) {
      wireFrames++;
      void f.layout;
      void f.tunnelled;
    }
  }
  c.throwIfFaulty();
  await c.stop();
  return { injected: sender.injected, stormMs, healedMs, exceptions, broken, stateChanges, wireFrames, longestTraceLine, pcapBytes };
}

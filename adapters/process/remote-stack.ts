/**
 * The process node kind: a TIPC node that runs in a child process, behind the contract's
 * NodeStack (contract/node.ts). Every call becomes one request of the process protocol
 * (protocol.ts) in a session (session.ts); the frames, events, notes and next timer a reply
 * carries are kept until the harness polls for them. The node runs on the harness's virtual
 * clock, so it has no latency. Whatever the IUT does wrong surfaces as an IutFault.
 */
import {
  BROADCAST,
  type BearerIndex,
  type BearerSetup,
  type LinkState,
  NO_LATENCY,
  type NodeBinding,
  type NodeEventReport,
  type NodeStack,
  type NodeState,
  type OutFrame,
  ifName,
} from '../../contract';
import { unwrittenFsmNotes } from '../fsm-notes';
import { decode } from '../../reference/msg-codec';
import type { IutFault } from './channel';
import { type Output, type ReplyOf, type RequestBody, type RequestOf, fromHex, fromWireEvent, toHex } from './protocol';
import { type IutStatement, ProtocolSession, describeRequest } from './session';

export type { IutStatement } from './session';

export interface RemoteStackOptions {
  readonly argv: readonly string[];
  readonly address: number;
  readonly netId: number;
  readonly seed: number;
  readonly bearers: readonly BearerSetup[];
  /** Limit for one request, ms of wall-clock time. */
  readonly stepTimeoutMs: number;
  /** Wall-clock time (Date.now()) by which the scenario must be done: the scenario limit. */
  readonly deadline?: number;
  readonly maxLine: number;
  readonly logFile?: string;
  /** Bytes of stderr past which the process is a `stderr-flood` fault (channel.ts stderrFloodBytes by default). */
  readonly stderrLimit?: number;
}

/** Time an IUT process has to start and answer its hello, at least (its requests get --iut-timeout). */
const STARTUP_MS = 10_000;

/** A numeric `dest` that means broadcast too (the media broadcast address as a u32). */
const BROADCAST_ADDRESS = 0xffffffff;

/**
 * The port user messages for the node go to: the protocol has none to ask, and an IUT takes them
 * on any port, as the reference does; the harness's port.
 */
const DATA_PORT = 4242;

export class RemoteStack implements NodeStack {
  readonly address: number;
  readonly bearerCount: number;
  readonly clock = 'virtual' as const;
  readonly latency = NO_LATENCY;
  onActivity: (() => void) | undefined = undefined;
  private session: ProtocolSession | undefined;
  private hello: IutStatement | undefined;
  private frames: OutFrame[] = [];
  private events: NodeEventReport[] = [];
  private notes: string[] = [];
  private timer: number | undefined;

  constructor(private readonly opts: RemoteStackOptions) {
    this.address = opts.address;
    this.bearerCount = opts.bearers.length;
  }

  /** Who the IUT said it is in its hello (after prepare()). */
  get statement(): IutStatement {
    if (!this.hello) throw new Error('the process node is not prepared: no hello yet');
    return this.hello;
  }

  /** The IUT's process id (0 before prepare(), or if it could not start). */
  get pid(): number {
    return this.session?.pid ?? 0;
  }

  /** Start the process: hello, then init. */
  async prepare(): Promise<void> {
    if (this.session) throw new Error('the process node is prepared already');
    const o = this.opts;
    this.session = new ProtocolSession({
      argv: o.argv,
      maxLine: o.maxLine,
      requestTimeoutMs: o.stepTimeoutMs,
      // the hello also waits for the process to start (a runtime loading, a busy machine)
      helloTimeoutMs: Math.max(o.stepTimeoutMs, STARTUP_MS),
      ...(o.deadline !== undefined ? { deadline: o.deadline } : {}),
      ...(o.logFile !== undefined ? { logFile: o.logFile } : {}),
      ...(o.stderrLimit !== undefined ? { stderrLimit: o.stderrLimit } : {}),
    });
    this.hello = await this.session.hello();
    await this.call({ op: 'init', address: o.address, net_id: o.netId, seed: o.seed, bearers: o.bearers.map((b) => ({ ...b })) });
  }

  /** One request; the frames, events, notes and timer of its reply are taken in. */
  private async call<R extends RequestBody>(req: R): Promise<ReplyOf<R['op']>> {
    const session = this.session;
    if (!session) throw new Error(`the process node is not prepared: cannot send ${req.op}`);
    const what = describeRequest(req);
    const reply = await session.call(req, what);
    await this.take(session, reply, what);
    return reply;
  }

  private async take(session: ProtocolSession, r: Output, what: string): Promise<void> {
    for (const o of r.out ?? []) {
      const bytes = fromHex(o.hex);
      const d = decode(bytes);
      if (!d.ok) throw await session.fail('bad-frame', `sent an undecodable frame after ${what}: ${d.error.message} (${o.hex.slice(0, 96)})`);
      this.frames.push({ bearer: o.bearer, dest: o.dest === BROADCAST_ADDRESS ? BROADCAST : o.dest, bytes });
    }
    const events = (r.events ?? []).map(fromWireEvent);
    const notes = r.notes ?? [];
    this.events.push(...events);
    // the IUT's state changes are in the trace whether or not it wrote them: those it did not
    // write come first, as they are what happened; its own notes say what it made of it
    this.notes.push(...unwrittenFsmNotes(events, notes, (peer, bearer) => this.tracedLinkName(peer, bearer)), ...notes);
    if (r.timer !== undefined) this.timer = r.timer ?? undefined;
  }

  /**
   * The link to `peer` on `bearer` as the kernel names it (own address:interface-peer's
   * address:interface), for the trace lines the harness writes: the peer's interface is the one
   * the harness wires to this bearer (every node's bearer N is ethN), which the IUT learns from
   * the peer's RESET or ACTIVATE.
   */
  private tracedLinkName(peer: number, bearer: number): string {
    const own = this.opts.bearers[bearer]?.if_name ?? ifName(bearer);
    return `${this.address.toString(16)}:${own}-${peer.toString(16)}:${ifName(bearer)}`;
  }

  private async control(req: RequestOf<'publish' | 'withdraw' | 'send_data' | 'set_link_tolerance' | 'set_link_priority'>): Promise<boolean> {
    return (await this.call(req)).accepted;
  }

  async start(now: number): Promise<void> {
    for (let b = 0; b < this.bearerCount; b++) await this.bearerUp(now, b);
  }
  async receive(now: number, bearer: BearerIndex, bytes: Uint8Array): Promise<void> {
    await this.call({ op: 'frame', now, bearer, hex: toHex(bytes) });
  }
  async tick(now: number): Promise<void> {
    await this.call({ op: 'tick', now });
  }
  pollTimeout(): number | undefined {
    return this.timer;
  }
  pollTransmit(): OutFrame[] {
    const f = this.frames;
    this.frames = [];
    return f;
  }
  pollEvents(): NodeEventReport[] {
    const e = this.events;
    this.events = [];
    return e;
  }
  pollNotes(): string[] {
    const n = this.notes;
    this.notes = [];
    return n;
  }

  async bearerUp(now: number, bearer: BearerIndex): Promise<void> {
    await this.call({ op: 'bearer_up', now, bearer });
  }
  async bearerDown(now: number, bearer: BearerIndex): Promise<void> {
    await this.call({ op: 'bearer_down', now, bearer });
  }
  publish(now: number, b: Omit<NodeBinding, 'node'>): Promise<boolean> {
    return this.control({ op: 'publish', now, binding: { type: b.type, lower: b.lower, upper: b.upper, scope: b.scope, port: b.port, key: b.key } });
  }
  withdraw(now: number, type: number, lower: number, upper: number, key: number): Promise<boolean> {
    return this.control({ op: 'withdraw', now, type, lower, upper, key });
  }
  sendData(now: number, dest: number, port: number, payload: Uint8Array): Promise<boolean> {
    return this.control({ op: 'send_data', now, dest, port, hex: toHex(payload) });
  }
  dataPort(): number {
    return DATA_PORT;
  }
  setLinkTolerance(now: number, peer: number, bearer: BearerIndex, tolerance: number): Promise<boolean> {
    return this.control({ op: 'set_link_tolerance', now, peer, bearer, tolerance });
  }
  setLinkPriority(now: number, peer: number, bearer: BearerIndex, priority: number): Promise<boolean> {
    return this.control({ op: 'set_link_priority', now, peer, bearer, priority });
  }

  async linkState(peer: number, bearer: BearerIndex): Promise<LinkState | undefined> {
    const { state } = await this.call({ op: 'link_state', peer, bearer });
    return state === 'ABSENT' ? undefined : state;
  }
  async nodeState(peer: number): Promise<NodeState | undefined> {
    const { state } = await this.call({ op: 'node_state', peer });
    return state === 'ABSENT' ? undefined : state;
  }
  async dropPoint(peer: number, bearer: BearerIndex): Promise<number | undefined> {
    return (await this.call({ op: 'drop_point', peer, bearer })).value ?? undefined;
  }
  async linkTolerance(peer: number, bearer: BearerIndex): Promise<number | undefined> {
    return (await this.call({ op: 'link_tolerance', peer, bearer })).value ?? undefined;
  }
  async linkName(peer: number, bearer: BearerIndex): Promise<string | undefined> {
    return (await this.call({ op: 'link_name', peer, bearer })).value ?? undefined;
  }
  async nameTable(): Promise<readonly NodeBinding[]> {
    return (await this.call({ op: 'name_table' })).bindings;
  }

  /** Everything the node does is the answer to a request: nothing to read from outside. */
  async refresh(): Promise<void> {}

  /** The fault the process broke the session with, if it did. */
  fault(): IutFault | undefined {
    return this.session?.fault;
  }

  /** Ask the IUT to stop, then make sure it has (killed and reaped). */
  async close(): Promise<void> {
    await this.session?.close();
  }

  /** The stderr log is attached by its file name, by whoever chose it. */
  attachments(): readonly { readonly name: string; readonly path: string }[] {
    return [];
  }
}

/**
 * A node that runs in a child process, seen by the simulator as an ordinary stack: every call
 * becomes one request of the process protocol (protocol.ts) over a synchronous channel
 * (channel.ts). Frames, events, notes and the next timer that come with a reply are kept until
 * the simulator polls for them. Whatever the IUT does wrong surfaces as an IutFault.
 */
import { decode } from '../../reference/msg-codec';
import type { StackEvent } from '../../reference/events';
import { LINK_EVENTS, LINK_STATES, type LinkEvent, type LinkState } from '../../reference/link-fsm';
import type { Publication } from '../../reference/name-table';
import { MEDIA_BROADCAST, type OutFrame } from '../../reference/net';
import { NODE_EVENTS, NODE_STATES, type NodeEvent, type NodeState } from '../../reference/node-fsm';
import type { ClosableStack } from '../stack';
import { IutFault, SyncChannel } from './channel';
import { type BearerSpec, PROTOCOL_VERSION, ProtocolError, type Reply, type Request, type WireEvent, parseReply } from './protocol';

export interface RemoteStackOptions {
  readonly argv: readonly string[];
  readonly address: number;
  readonly netId: number;
  readonly seed: number;
  readonly bearers: readonly BearerSpec[];
  /** Limit for one request, ms of wall-clock time. */
  readonly stepTimeoutMs: number;
  /** Wall-clock time (Date.now()) by which the scenario must be done: the scenario limit. */
  readonly deadline?: number;
  readonly maxLine: number;
  readonly logFile?: string;
}

/** The implementation conformance statement an IUT gives in its hello. */
export interface IutStatement {
  readonly name: string;
  readonly version: string;
  readonly capabilities: readonly string[];
}

function toHex(b: Uint8Array): string {
  return Buffer.from(b.buffer, b.byteOffset, b.byteLength).toString('hex');
}

function fromHex(h: string): Uint8Array {
  return new Uint8Array(Buffer.from(h, 'hex'));
}

function oneOf<T extends string>(v: string, all: readonly T[], what: string): T {
  if ((all as readonly string[]).includes(v)) return v as T;
  throw new ProtocolError(`unknown ${what} ${JSON.stringify(v)} (expected one of ${all.join(', ')})`);
}

/** Interim, until protocol v2 carries them: the peer and bearer a v1 link name says ("1001001:eth0-1001002:eth0"). */
function linkEnds(name: string): { peer: number; bearer: number } {
  const m = /^[0-9a-f]+:eth(\d+)-([0-9a-f]+):/i.exec(name);
  return { bearer: Number(m?.[1] ?? 0), peer: parseInt(m?.[2] ?? '0', 16) >>> 0 };
}

function toStackEvent(e: WireEvent): StackEvent {
  switch (e.kind) {
    case 'link-fsm':
      return {
        kind: 'link-fsm',
        link: e.link,
        ...linkEnds(e.link),
        from: oneOf<LinkState>(e.from, LINK_STATES, 'link state'),
        evt: oneOf<LinkEvent>(e.evt, LINK_EVENTS, 'link event'),
        to: oneOf<LinkState>(e.to, LINK_STATES, 'link state'),
        illegal: false,
      };
    case 'node-fsm':
      return {
        kind: 'node-fsm',
        peer: e.peer,
        from: oneOf<NodeState>(e.from, NODE_STATES, 'node state'),
        evt: oneOf<NodeEvent>(e.evt, NODE_EVENTS, 'node event'),
        to: oneOf<NodeState>(e.to, NODE_STATES, 'node state'),
        illegal: false,
      };
    case 'data':
      return { kind: 'data', from: e.from, port: e.port, payload: fromHex(e.hex) };
    case 'tunnel-drop':
      return { kind: 'tunnel-inner', link: e.link, ...linkEnds(e.link), action: 'dropped-duplicate', seqno: e.seqno, drop_point: e.drop_point, user: e.user };
  }
}

/** Time an IUT process has to start and answer its hello, at least (its requests get --iut-timeout). */
const STARTUP_MS = 10_000;

export class RemoteStack implements ClosableStack {
  readonly address: number;
  readonly bearerCount: number;
  readonly statement: IutStatement;
  private readonly ch: SyncChannel;
  private nextId = 1;
  private frames: OutFrame[] = [];
  private events: StackEvent[] = [];
  private notes: string[] = [];
  private timer: number | undefined;

  constructor(private readonly opts: RemoteStackOptions) {
    this.address = opts.address;
    this.bearerCount = opts.bearers.length;
    this.ch = new SyncChannel(opts.argv, { maxLine: opts.maxLine, logFile: opts.logFile });
    const hello = this.call({ op: 'hello', protocol: PROTOCOL_VERSION });
    this.statement = { name: hello.name ?? '', version: hello.version ?? '', capabilities: hello.capabilities ?? [] };
    this.call({ op: 'init', address: opts.address, net_id: opts.netId, seed: opts.seed, bearers: opts.bearers });
  }

  /** One request, one checked reply; its frames, events, notes and timer are taken in. */
  private call(req: Request): Reply {
    const id = this.nextId++;
    const line = JSON.stringify({ id, ...req });
    const what = `${req.op}${'now' in req ? ` at ${req.now} ms` : ''}`;
    const left = this.opts.deadline === undefined ? Infinity : this.opts.deadline - Date.now();
    if (left <= 0) throw this.ch.fail('hung', `the scenario's time limit ran out before ${what}`);
    // the hello also waits for the process to start (a runtime loading, a busy machine)
    const limit = req.op === 'hello' ? Math.max(this.opts.stepTimeoutMs, STARTUP_MS) : this.opts.stepTimeoutMs;
    const answer = this.ch.request(line, Math.min(limit, left), what);
    let reply: Reply;
    try {
      reply = parseReply(answer, { id, op: req.op });
    } catch (e) {
      if (e instanceof ProtocolError) {
        const garbage = !answer.trimStart().startsWith('{');
        throw this.ch.fail(garbage ? 'garbage' : 'protocol', `answered ${what} with ${e.message}`);
      }
      throw e;
    }
    if (!reply.ok) throw this.ch.fail('refused', `refused ${what}: ${reply.error ?? ''}`);
    this.take(reply, what);
    return reply;
  }

  private take(r: Reply, what: string): void {
    for (const o of r.out ?? []) {
      const bytes = fromHex(o.hex);
      const d = decode(bytes);
      if (!d.ok) throw this.ch.fail('bad-frame', `sent an undecodable frame after ${what}: ${d.error.message} (${o.hex.slice(0, 96)})`);
      this.frames.push({ bearer: o.bearer, dest: o.dest === 'broadcast' ? MEDIA_BROADCAST : o.dest, bytes });
    }
    try {
      for (const e of r.events ?? []) this.events.push(toStackEvent(e));
    } catch (e) {
      if (e instanceof ProtocolError) throw this.ch.fail('protocol', `answered ${what} with ${e.message}`);
      throw e;
    }
    this.notes.push(...(r.notes ?? []));
    if (r.timer !== undefined) this.timer = r.timer ?? undefined;
  }

  private control(req: Request): boolean {
    const r = this.call(req);
    return r.accepted ?? false;
  }

  start(now: number): void {
    for (let b = 0; b < this.bearerCount; b++) this.bearerUp(now, b);
  }
  receive(now: number, bearer: number, bytes: Uint8Array): void {
    this.call({ op: 'frame', now, bearer, hex: toHex(bytes) });
  }
  tick(now: number): void {
    this.call({ op: 'tick', now });
  }
  pollTimeout(): number | undefined {
    return this.timer;
  }
  pollTransmit(): OutFrame[] {
    const f = this.frames;
    this.frames = [];
    return f;
  }
  pollEvents(): StackEvent[] {
    const e = this.events;
    this.events = [];
    return e;
  }
  pollNotes(): string[] {
    const n = this.notes;
    this.notes = [];
    return n;
  }
  bearerUp(now: number, bearer: number): void {
    this.call({ op: 'bearer_up', now, bearer });
  }
  bearerDown(now: number, bearer: number): void {
    this.call({ op: 'bearer_down', now, bearer });
  }
  publish(now: number, p: Omit<Publication, 'node'>): boolean {
    return this.control({ op: 'publish', now, binding: { type: p.type, lower: p.lower, upper: p.upper, scope: p.scope, port: p.port, key: p.key } });
  }
  withdraw(now: number, type: number, lower: number, upper: number, key: number): boolean {
    return this.control({ op: 'withdraw', now, type, lower, upper, key });
  }
  sendData(now: number, dest: number, port: number, payload: Uint8Array): boolean {
    return this.control({ op: 'send_data', now, dest, port, hex: toHex(payload) });
  }
  setLinkTolerance(now: number, peer: number, bearer: number, tolerance: number): boolean {
    return this.control({ op: 'set_link_tolerance', now, peer, bearer, tolerance });
  }
  setLinkPriority(now: number, peer: number, bearer: number, priority: number): boolean {
    return this.control({ op: 'set_link_priority', now, peer, bearer, priority });
  }
  linkState(peer: number, bearer: number): LinkState | undefined {
    const s = this.call({ op: 'link_state', peer, bearer }).state ?? 'ABSENT';
    return s === 'ABSENT' ? undefined : this.checked(() => oneOf<LinkState>(s, LINK_STATES, 'link state'), 'link_state');
  }
  nodeState(peer: number): NodeState | undefined {
    const s = this.call({ op: 'node_state', peer }).state ?? 'ABSENT';
    return s === 'ABSENT' ? undefined : this.checked(() => oneOf<NodeState>(s, NODE_STATES, 'node state'), 'node_state');
  }
  dropPoint(peer: number, bearer: number): number | undefined {
    return this.call({ op: 'drop_point', peer, bearer }).value ?? undefined;
  }
  nameTable(): readonly Publication[] {
    return (this.call({ op: 'name_table' }).bindings ?? []).map((b) => ({ ...b, node: b.node ?? this.address }));
  }

  private checked<T>(f: () => T, what: string): T {
    try {
      return f();
    } catch (e) {
      if (e instanceof ProtocolError) throw this.ch.fail('protocol', `answered ${what} with ${e.message}`);
      throw e;
    }
  }

  /** Ask the IUT to stop, then make sure it has. */
  close(): void {
    try {
      this.ch.request(JSON.stringify({ id: this.nextId++, op: 'stop' }), 2000, 'stop');
    } catch (e) {
      if (!(e instanceof IutFault)) throw e;
    }
    this.ch.close();
  }
}

/**
 * The process protocol between the harness and an implementation under test (IUT) that runs as a
 * child process, one TIPC node per process. Newline-delimited JSON: the harness writes one request
 * per line on the IUT's stdin, the IUT answers each with exactly one line on stdout, in order.
 * Frames cross as lowercase hex of the real TIPC wire bytes; time is virtual and only the
 * harness advances it. docs/adapter-protocol.md documents every message for implementers.
 *
 * Pure: types, request building and reply validation, no I/O.
 */

export const PROTOCOL_VERSION = 1;

/** Longest line either side may write, in bytes (a frame is at most 66 KB, so 4 MiB is ample). */
export const DEFAULT_MAX_LINE = 4 * 1024 * 1024;

/** A service binding as the protocol carries it. */
export interface WireBinding {
  readonly type: number;
  readonly lower: number;
  readonly upper: number;
  readonly scope: 'node' | 'cluster';
  /** TIPC address of the node that bound it (only in name_table replies). */
  readonly node?: number;
  readonly port: number;
  readonly key: number;
}

export interface BearerSpec {
  /** Bearer id: 0 is bearer A, 1 is bearer B. */
  readonly id: number;
  readonly if_name: string;
  /** MAC address as 12 hex digits. */
  readonly mac: string;
  readonly tolerance?: number;
  readonly priority?: number;
}

/** What the harness asks. Every request has an `id`; the reply echoes it. */
export type Request =
  | { readonly op: 'hello'; readonly protocol: number }
  | {
      readonly op: 'init';
      /** The node's TIPC address, e.g. 16781313 (0x01001001, 1.1.1). */
      readonly address: number;
      readonly net_id: number;
      /** Seed for anything random in the node (signature, session numbers). */
      readonly seed: number;
      readonly bearers: readonly BearerSpec[];
    }
  | { readonly op: 'bearer_up' | 'bearer_down'; readonly now: number; readonly bearer: number }
  | { readonly op: 'frame'; readonly now: number; readonly bearer: number; readonly hex: string }
  | { readonly op: 'tick'; readonly now: number }
  | { readonly op: 'publish'; readonly now: number; readonly binding: WireBinding }
  | { readonly op: 'withdraw'; readonly now: number; readonly type: number; readonly lower: number; readonly upper: number; readonly key: number }
  | { readonly op: 'send_data'; readonly now: number; readonly dest: number; readonly port: number; readonly hex: string }
  | { readonly op: 'set_link_tolerance'; readonly now: number; readonly peer: number; readonly bearer: number; readonly tolerance: number }
  | { readonly op: 'set_link_priority'; readonly now: number; readonly peer: number; readonly bearer: number; readonly priority: number }
  | { readonly op: 'link_state'; readonly peer: number; readonly bearer: number }
  | { readonly op: 'node_state'; readonly peer: number }
  | { readonly op: 'name_table' }
  | { readonly op: 'drop_point'; readonly peer: number; readonly bearer: number }
  | { readonly op: 'stop' };

export type Op = Request['op'];

/** A frame the IUT wants on the wire: `dest` is a node address, or "broadcast" for the bearer's broadcast address. */
export interface WireOut {
  readonly bearer: number;
  readonly dest: number | 'broadcast';
  readonly hex: string;
}

/** Structured events the harness reads observations from (the rest goes to `notes`). */
export type WireEvent =
  | { readonly kind: 'link-fsm'; readonly link: string; readonly from: string; readonly evt: string; readonly to: string }
  | { readonly kind: 'node-fsm'; readonly peer: number; readonly from: string; readonly evt: string; readonly to: string }
  | { readonly kind: 'data'; readonly from: number; readonly port: number; readonly hex: string }
  | { readonly kind: 'tunnel-drop'; readonly link: string; readonly seqno: number; readonly drop_point: number; readonly user: number };

/** What an IUT answers. `out`, `events`, `notes` and `timer` may come with any successful reply. */
export interface Reply {
  readonly id: number;
  readonly ok: boolean;
  /** ok false: why. */
  readonly error?: string;
  /** hello: the implementation conformance statement. */
  readonly name?: string;
  readonly version?: string;
  readonly capabilities?: readonly string[];
  /** publish, withdraw, send_data, set_*: whether the node accepted it. */
  readonly accepted?: boolean;
  /** link_state, node_state: the kernel's state name, or "ABSENT". */
  readonly state?: string;
  /** name_table. */
  readonly bindings?: readonly WireBinding[];
  /** drop_point: a number, or null if the IUT cannot show it. */
  readonly value?: number | null;
  readonly out?: readonly WireOut[];
  readonly events?: readonly WireEvent[];
  readonly notes?: readonly string[];
  /** Virtual time (ms) at which the IUT wants its next tick, or null for none. */
  readonly timer?: number | null;
}

/** A reply that breaks the protocol: what was wrong, for the failure message. */
export class ProtocolError extends Error {
  override readonly name = 'ProtocolError';
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function isU32(v: unknown): v is number {
  return typeof v === 'number' && Number.isInteger(v) && v >= 0 && v <= 0xffffffff;
}

function isTime(v: unknown): v is number {
  return typeof v === 'number' && Number.isFinite(v) && v >= 0;
}

const HEX = /^(?:[0-9a-f]{2})*$/;

function checkOut(o: unknown, i: number): WireOut {
  if (!isRecord(o)) throw new ProtocolError(`out[${i}] is not an object`);
  if (!isU32(o.bearer) || o.bearer > 1) throw new ProtocolError(`out[${i}].bearer must be 0 or 1`);
  if (!(o.dest === 'broadcast' || isU32(o.dest))) throw new ProtocolError(`out[${i}].dest must be a node address or "broadcast"`);
  if (typeof o.hex !== 'string' || !HEX.test(o.hex) || o.hex.length === 0) throw new ProtocolError(`out[${i}].hex must be lowercase hex of whole bytes`);
  return { bearer: o.bearer, dest: o.dest, hex: o.hex };
}

function checkEvent(e: unknown, i: number): WireEvent {
  if (!isRecord(e) || typeof e.kind !== 'string') throw new ProtocolError(`events[${i}] has no kind`);
  const str = (k: string): string => {
    const v = e[k];
    if (typeof v !== 'string') throw new ProtocolError(`events[${i}] (${String(e.kind)}).${k} must be a string`);
    return v;
  };
  const num = (k: string): number => {
    const v = e[k];
    if (!isU32(v)) throw new ProtocolError(`events[${i}] (${String(e.kind)}).${k} must be an unsigned integer`);
    return v;
  };
  switch (e.kind) {
    case 'link-fsm':
      return { kind: 'link-fsm', link: str('link'), from: str('from'), evt: str('evt'), to: str('to') };
    case 'node-fsm':
      return { kind: 'node-fsm', peer: num('peer'), from: str('from'), evt: str('evt'), to: str('to') };
    case 'data': {
      const hex = str('hex');
      if (!HEX.test(hex)) throw new ProtocolError(`events[${i}] (data).hex must be lowercase hex`);
      return { kind: 'data', from: num('from'), port: num('port'), hex };
    }
    case 'tunnel-drop':
      return { kind: 'tunnel-drop', link: str('link'), seqno: num('seqno'), drop_point: num('drop_point'), user: num('user') };
    default:
      throw new ProtocolError(`events[${i}] has unknown kind ${JSON.stringify(e.kind)}`);
  }
}

function checkBinding(b: unknown, i: number): WireBinding {
  if (!isRecord(b)) throw new ProtocolError(`bindings[${i}] is not an object`);
  for (const k of ['type', 'lower', 'upper', 'node', 'port', 'key']) {
    if (!isU32(b[k])) throw new ProtocolError(`bindings[${i}].${k} must be an unsigned 32-bit integer`);
  }
  if (b.scope !== 'node' && b.scope !== 'cluster') throw new ProtocolError(`bindings[${i}].scope must be "node" or "cluster"`);
  return {
    type: b.type as number,
    lower: b.lower as number,
    upper: b.upper as number,
    scope: b.scope,
    node: b.node as number,
    port: b.port as number,
    key: b.key as number,
  };
}

/**
 * Parse and check one reply line against the request it answers. Throws ProtocolError naming
 * the first thing wrong.
 */
export function parseReply(line: string, req: { readonly id: number; readonly op: Op }): Reply {
  let v: unknown;
  try {
    v = JSON.parse(line);
  } catch {
    throw new ProtocolError(`not JSON: ${line.length > 120 ? `${line.slice(0, 120)}...` : line}`);
  }
  if (!isRecord(v)) throw new ProtocolError('a reply must be a JSON object');
  if (v.id !== req.id) throw new ProtocolError(`reply id ${JSON.stringify(v.id)} does not answer request ${req.id} (${req.op})`);
  if (typeof v.ok !== 'boolean') throw new ProtocolError(`reply to ${req.op} has no boolean "ok"`);
  if (!v.ok) {
    if (typeof v.error !== 'string') throw new ProtocolError(`failed reply to ${req.op} has no "error" string`);
    return { id: req.id, ok: false, error: v.error };
  }
  const out = v.out === undefined ? undefined : Array.isArray(v.out) ? v.out.map(checkOut) : fail('"out" must be an array');
  const events = v.events === undefined ? undefined : Array.isArray(v.events) ? v.events.map(checkEvent) : fail('"events" must be an array');
  const notes =
    v.notes === undefined
      ? undefined
      : Array.isArray(v.notes) && v.notes.every((n) => typeof n === 'string')
        ? (v.notes as string[])
        : fail('"notes" must be an array of strings');
  if (v.timer !== undefined && v.timer !== null && !isTime(v.timer)) fail('"timer" must be a time in ms, or null');
  const timer = v.timer === undefined ? undefined : (v.timer as number | null);
  const base = { id: req.id, ok: true, out, events, notes, timer };
  switch (req.op) {
    case 'hello': {
      if (typeof v.name !== 'string' || v.name === '') fail('hello: "name" must be a non-empty string');
      if (typeof v.version !== 'string') fail('hello: "version" must be a string');
      if (!Array.isArray(v.capabilities) || !v.capabilities.every((c) => typeof c === 'string')) fail('hello: "capabilities" must be an array of strings');
      return { ...base, name: v.name as string, version: v.version as string, capabilities: v.capabilities as string[] };
    }
    case 'publish':
    case 'withdraw':
    case 'send_data':
    case 'set_link_tolerance':
    case 'set_link_priority':
      if (typeof v.accepted !== 'boolean') fail(`${req.op}: "accepted" must be a boolean`);
      return { ...base, accepted: v.accepted as boolean };
    case 'link_state':
    case 'node_state':
      if (typeof v.state !== 'string') fail(`${req.op}: "state" must be a string`);
      return { ...base, state: v.state as string };
    case 'name_table':
      if (!Array.isArray(v.bindings)) fail('name_table: "bindings" must be an array');
      return { ...base, bindings: (v.bindings as unknown[]).map(checkBinding) };
    case 'drop_point':
      if (v.value !== null && !isU32(v.value)) fail('drop_point: "value" must be a number or null');
      return { ...base, value: v.value as number | null };
    default:
      return base;
  }
}

function fail(why: string): never {
  throw new ProtocolError(why);
}

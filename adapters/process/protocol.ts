/**
 * The process protocol between the harness and an implementation under test (IUT) that runs as a
 * child process, one TIPC node per process. Newline-delimited JSON: the harness writes one request
 * per line on the IUT's stdin, the IUT answers each with exactly one line on stdout, in order.
 * Frames cross as lowercase hex of the real TIPC wire bytes; time is virtual and only the
 * harness advances it. docs/adapter-protocol.md documents every message for implementers.
 *
 * What each message may hold is schema.ts, one schema for both sides; this module parses a line
 * against it (a reply on the harness's side, a request on the IUT's) and turns what is wrong into
 * one line that names the field. Pure: no I/O.
 */
import type { z } from 'zod';
import type { NodeEventReport } from '../../contract';
import { type BindingSchema, type EventSchema, FailedReplySchema, type Op, type OutFrameSchema, type Request, RequestSchema, SUCCESS_REPLY } from './schema';

export { OPS, PROTOCOL_VERSION, type Op, type Request } from './schema';

/** Longest line either side may write, in bytes (a frame is at most 66 KB, so 4 MiB is ample). */
export const DEFAULT_MAX_LINE = 4 * 1024 * 1024;

type DistributiveOmit<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never;

/** A request as the harness builds it: the channel gives it its `id`. */
export type RequestBody = DistributiveOmit<Request, 'id'>;
export type RequestOf<O extends Op> = Extract<RequestBody, { readonly op: O }>;
/** The reply a request of `O` gets when it succeeds. */
export type ReplyOf<O extends Op> = z.infer<(typeof SUCCESS_REPLY)[O]>;
export type FailedReply = z.infer<typeof FailedReplySchema>;
/** What a successful reply to any op may carry besides its own fields. */
export type Output = ReplyOf<'tick'>;

export type WireOut = z.infer<typeof OutFrameSchema>;
export type WireEvent = z.infer<typeof EventSchema>;
export type WireBinding = z.infer<typeof BindingSchema>;

/** A line that breaks the protocol: what was wrong, for the failure message. */
export class ProtocolError extends Error {
  override readonly name = 'ProtocolError';
}

// -------------------------------------------------------------------------- issues, one line

/** How many of a message's problems one line names. */
const MAX_ISSUES = 3;

function pathText(path: readonly PropertyKey[], subject: string): string {
  if (path.length === 0) return subject;
  return path.map((p, i) => (typeof p === 'number' ? `[${p}]` : i === 0 ? String(p) : `.${String(p)}`)).join('');
}

function short(v: unknown): string {
  const s = JSON.stringify(v) ?? String(v);
  return s.length > 60 ? `${s.slice(0, 60)}…` : s;
}

/** What the issue's field held: a missing discriminator is missing from the object it is about. */
function found(issue: z.core.$ZodIssue): { readonly present: boolean; readonly value?: unknown } {
  // JSON has no undefined: a field whose input is undefined is missing
  if (!('input' in issue) || issue.input === undefined) return { present: false };
  if (issue.code === 'invalid_union' && 'discriminator' in issue && typeof issue.discriminator === 'string') {
    const obj = issue.input;
    if (typeof obj === 'object' && obj !== null && issue.discriminator in obj) return { present: true, value: (obj as Record<string, unknown>)[issue.discriminator] };
    return { present: false };
  }
  return { present: true, value: issue.input };
}

function describeIssue(issue: z.core.$ZodIssue, subject: string): string {
  const at = pathText(issue.path, subject);
  // a field that must not be there: its value says nothing more
  if (issue.code === 'invalid_type' && issue.expected === 'never') return `${at} ${issue.message}`;
  const got = found(issue);
  return `${at} ${issue.message}${got.present ? `, not ${short(got.value)}` : ' (it is missing)'}`;
}

/**
 * A message's problems as one readable line: each names its field (`out[0].hex must be lowercase
 * hex of whole bytes, not "AB"`). A field of protocol 1 comes first: it explains the rest.
 */
export function describeIssues(issues: readonly z.core.$ZodIssue[], subject: string): string {
  const stale = (i: z.core.$ZodIssue): number => (i.code === 'invalid_type' && i.expected === 'never' ? 0 : 1);
  const sorted = [...issues].sort((a, b) => stale(a) - stale(b));
  const shown = sorted.slice(0, MAX_ISSUES).map((i) => describeIssue(i, subject));
  const more = sorted.length - shown.length;
  return `${shown.join('; ')}${more > 0 ? `; and ${more} more` : ''}`;
}

// ---------------------------------------------------------------------------------- parsing

function parseJson(line: string): unknown {
  try {
    return JSON.parse(line);
  } catch {
    throw new ProtocolError(`not JSON: ${line.length > 120 ? `${line.slice(0, 120)}...` : line}`);
  }
}

/**
 * Parse and check one reply line against the request it answers (its id, and what its op needs).
 * Throws ProtocolError saying what is wrong.
 */
export function parseReply<O extends Op>(line: string, req: { readonly id: number; readonly op: O }): ReplyOf<O> | FailedReply {
  const v = parseJson(line);
  if (typeof v === 'object' && v !== null && !Array.isArray(v) && 'id' in v && v.id !== req.id) {
    throw new ProtocolError(`reply id ${short(v.id)} does not answer request ${req.id} (${req.op})`);
  }
  const failed = typeof v === 'object' && v !== null && 'ok' in v && v.ok === false;
  // TypeScript cannot follow an index by a generic key: SUCCESS_REPLY[O] parses to ReplyOf<O>
  const schema = (failed ? FailedReplySchema : SUCCESS_REPLY[req.op]) as z.ZodType<ReplyOf<O> | FailedReply>;
  const r = schema.safeParse(v, { reportInput: true });
  if (!r.success) throw new ProtocolError(describeIssues(r.error.issues, 'the reply'));
  return r.data;
}

/** The IUT's side: check one request (parsed JSON). Throws ProtocolError saying what is wrong. */
export function parseRequest(v: unknown): Request {
  const r = RequestSchema.safeParse(v, { reportInput: true });
  if (!r.success) throw new ProtocolError(describeIssues(r.error.issues, 'the request'));
  return r.data;
}

// ------------------------------------------------------------------ the contract's events, bytes

export function toHex(b: Uint8Array): string {
  return Buffer.from(b.buffer, b.byteOffset, b.byteLength).toString('hex');
}

export function fromHex(h: string): Uint8Array {
  return new Uint8Array(Buffer.from(h, 'hex'));
}

/** A node's event as the protocol carries it: the contract's shape, a delivery's payload as hex. */
export function toWireEvent(e: NodeEventReport): WireEvent {
  return e.kind === 'data' ? { kind: 'data', from: e.from, port: e.port, hex: toHex(e.payload) } : e;
}

/** An event of a (checked) reply as the contract reports it. */
export function fromWireEvent(e: WireEvent): NodeEventReport {
  return e.kind === 'data' ? { kind: 'data', from: e.from, port: e.port, payload: fromHex(e.hex) } : e;
}

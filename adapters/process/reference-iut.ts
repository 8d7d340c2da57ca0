/**
 * The bundled reference stack served over the process protocol (protocol.ts), one node per
 * process: what `tipc-conformance run --iut process:'tipc-reference-iut --profile P'` runs, and a
 * worked example for anyone implementing the protocol. Reads requests from stdin, one JSON object
 * per line, and writes one reply per line to stdout; logs go to stderr.
 */
import * as readline from 'node:readline';
import type { StackEvent } from '../../reference/events';
import { MEDIA_BROADCAST, TipcNode } from '../../reference/net';
import { PROFILES, PROFILE_NAMES, type ProfileName, isProfileName } from '../../reference/profiles';
import { PROTOCOL_VERSION, type WireEvent, type WireOut } from './protocol';
import { VERSION } from '../../cli/package-info';
import { CAPABILITY_NAMES, type Capability } from '../capabilities';

/** Every capability a scenario may need (@needs:...), all of which the reference has. */
export const REFERENCE_CAPABILITIES: readonly Capability[] = CAPABILITY_NAMES;

const HELP = `usage: tipc-reference-iut [--profile PROFILE] [--capabilities LIST]

Serves one node of the bundled TIPC reference stack over the tipc-conformance process protocol
(docs/adapter-protocol.md): requests on stdin, replies on stdout, one JSON object per line.

  --profile PROFILE   behaviour profile (default fixed): ${PROFILE_NAMES.join(', ')}
  --capabilities LIST declare only these capabilities (comma-separated; default all:
                      ${REFERENCE_CAPABILITIES.join(',')}), to see scenarios reported N/A
  --help              this text
`;

type Json = Record<string, unknown>;

function num(m: Json, k: string): number {
  const v = m[k];
  if (typeof v !== 'number' || !Number.isFinite(v)) throw new Error(`"${k}" must be a number`);
  return v;
}

function str(m: Json, k: string): string {
  const v = m[k];
  if (typeof v !== 'string') throw new Error(`"${k}" must be a string`);
  return v;
}

function wireEvent(e: StackEvent): WireEvent | undefined {
  switch (e.kind) {
    case 'link-fsm':
      return { kind: 'link-fsm', link: e.link, from: e.from, evt: e.evt, to: e.to };
    case 'node-fsm':
      return { kind: 'node-fsm', peer: e.peer, from: e.from, evt: e.evt, to: e.to };
    case 'data':
      return { kind: 'data', from: e.from, port: e.port, hex: Buffer.from(e.payload).toString('hex') };
    case 'tunnel-inner':
      return e.action === 'dropped-duplicate' ? { kind: 'tunnel-drop', link: e.link, seqno: e.seqno, drop_point: e.drop_point, user: e.user } : undefined;
    default:
      return undefined;
  }
}

export class ReferenceIut {
  private node: TipcNode | undefined;

  constructor(
    private readonly profile: ProfileName,
    private readonly capabilities: readonly string[] = REFERENCE_CAPABILITIES,
  ) {}

  private need(): TipcNode {
    if (!this.node) throw new Error('no node yet: send "init" first');
    return this.node;
  }

  /** One request in, one reply out (both as parsed JSON). */
  handle(m: Json): Json {
    const op = str(m, 'op');
    switch (op) {
      case 'hello':
        if (num(m, 'protocol') !== PROTOCOL_VERSION) throw new Error(`protocol ${String(m.protocol)} not spoken; this IUT speaks ${PROTOCOL_VERSION}`);
        return { name: `tipc-conformance reference (${this.profile})`, version: VERSION, capabilities: [...this.capabilities] };
      case 'init': {
        const bearers = m.bearers;
        if (!Array.isArray(bearers)) throw new Error('"bearers" must be an array');
        this.node = new TipcNode({
          address: num(m, 'address'),
          profile: PROFILES[this.profile],
          seed: num(m, 'seed'),
          netId: num(m, 'net_id'),
          bearers: bearers.map((b: Json) => ({
            if_name: str(b, 'if_name'),
            mac: new Uint8Array(Buffer.from(str(b, 'mac'), 'hex')),
            ...(typeof b.tolerance === 'number' ? { tolerance: b.tolerance } : {}),
            ...(typeof b.priority === 'number' ? { priority: b.priority } : {}),
          })),
        });
        return this.output();
      }
      case 'bearer_up':
        this.need().bearerUp(num(m, 'now'), num(m, 'bearer'));
        return this.output();
      case 'bearer_down':
        this.need().bearerDown(num(m, 'now'), num(m, 'bearer'));
        return this.output();
      case 'frame':
        this.need().receive(num(m, 'now'), num(m, 'bearer'), new Uint8Array(Buffer.from(str(m, 'hex'), 'hex')));
        return this.output();
      case 'tick':
        this.need().tick(num(m, 'now'));
        return this.output();
      case 'publish': {
        const b = m.binding as Json;
        const scope = str(b, 'scope') === 'node' ? 'node' : 'cluster';
        const accepted = this.need().publish(num(m, 'now'), { type: num(b, 'type'), lower: num(b, 'lower'), upper: num(b, 'upper'), scope, port: num(b, 'port'), key: num(b, 'key') });
        return { accepted, ...this.output() };
      }
      case 'withdraw':
        return { accepted: this.need().withdraw(num(m, 'now'), num(m, 'type'), num(m, 'lower'), num(m, 'upper'), num(m, 'key')), ...this.output() };
      case 'send_data':
        return { accepted: this.need().sendData(num(m, 'now'), num(m, 'dest'), num(m, 'port'), new Uint8Array(Buffer.from(str(m, 'hex'), 'hex'))), ...this.output() };
      case 'set_link_tolerance':
        return { accepted: this.need().setLinkTolerance(num(m, 'now'), num(m, 'peer'), num(m, 'bearer'), num(m, 'tolerance')), ...this.output() };
      case 'set_link_priority':
        return { accepted: this.need().setLinkPriority(num(m, 'now'), num(m, 'peer'), num(m, 'bearer'), num(m, 'priority')), ...this.output() };
      case 'link_state':
        return { state: this.need().linkState(num(m, 'peer'), num(m, 'bearer')) ?? 'ABSENT' };
      case 'node_state':
        return { state: this.need().nodeState(num(m, 'peer')) ?? 'ABSENT' };
      case 'name_table':
        return { bindings: this.need().nameTable().map((p) => ({ type: p.type, lower: p.lower, upper: p.upper, scope: p.scope, node: p.node, port: p.port, key: p.key })) };
      case 'drop_point':
        return { value: this.need().dropPoint(num(m, 'peer'), num(m, 'bearer')) ?? null };
      case 'stop':
        return {};
      default:
        throw new Error(`unknown op "${op}"`);
    }
  }

  /** What the node produced since the last reply. */
  private output(): Json {
    const n = this.need();
    const out: WireOut[] = n.pollTransmit().map((f) => ({ bearer: f.bearer, dest: f.dest === MEDIA_BROADCAST ? 'broadcast' : f.dest, hex: Buffer.from(f.bytes).toString('hex') }));
    const events = n.pollEvents().map(wireEvent).filter((e): e is WireEvent => e !== undefined);
    return { out, events, notes: n.pollNotes(), timer: n.pollTimeout() ?? null };
  }
}

/** Entry point: returns the exit code. */
export async function serve(argv: readonly string[]): Promise<number> {
  let profile: ProfileName = 'fixed';
  let capabilities: readonly string[] = REFERENCE_CAPABILITIES;
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--help' || a === '-h') {
      process.stdout.write(HELP);
      return 0;
    }
    if (a === '--profile') {
      const p = argv[++i] ?? '';
      if (!isProfileName(p)) {
        process.stderr.write(`tipc-reference-iut: unknown profile '${p}'; valid: ${PROFILE_NAMES.join(', ')}\n`);
        return 2;
      }
      profile = p;
      continue;
    }
    if (a === '--capabilities') {
      capabilities = (argv[++i] ?? '').split(',').filter((c) => c !== '');
      continue;
    }
    process.stderr.write(`tipc-reference-iut: unknown argument '${a}'\n${HELP}`);
    return 2;
  }
  const iut = new ReferenceIut(profile, capabilities);
  const rl = readline.createInterface({ input: process.stdin, crlfDelay: Infinity });
  for await (const line of rl) {
    if (line.trim() === '') continue;
    let id: unknown = null;
    let reply: Json;
    let stop = false;
    try {
      const m = JSON.parse(line) as Json;
      id = m.id;
      stop = m.op === 'stop';
      reply = { id, ok: true, ...iut.handle(m) };
    } catch (e) {
      reply = { id, ok: false, error: e instanceof Error ? e.message : String(e) };
    }
    process.stdout.write(`${JSON.stringify(reply)}\n`);
    if (stop) return 0;
  }
  return 0;
}

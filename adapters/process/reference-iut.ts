/**
 * The bundled reference stack served over the process protocol (protocol.ts), one node per
 * process: what `tipc-conformance run --iut process:'tipc-reference-iut --profile P'` runs, and a
 * worked example for anyone implementing the protocol. Reads requests from stdin, one JSON object
 * per line, checks each against the protocol's schema, and writes one reply per line to stdout;
 * logs go to stderr. The reference's events cross as the contract's (adapters/reference/edge.ts).
 */
import * as readline from 'node:readline';
import { Command, CommanderError, Option } from 'commander';
import { TipcNode } from '../../reference/net';
import { PROFILES, PROFILE_NAMES, type ProfileName } from '../../reference/profiles';
import { VERSION } from '../../harness/package-info';
import { CAPABILITY_NAMES, type Capability } from '../../contract';
import { contractFrames, reportsAndNotes } from '../reference/edge';
import { type Op, type Output, PROTOCOL_VERSION, type ReplyOf, type WireOut, fromHex, parseRequest, toHex, toWireEvent } from './protocol';

/** Every capability a scenario may need (@needs:...), all of which the reference has. */
export const REFERENCE_CAPABILITIES: readonly Capability[] = CAPABILITY_NAMES;

/** What a successful reply holds besides `id` and `ok`. */
export type ReplyBody = { [O in Op]: Omit<ReplyOf<O>, 'id' | 'ok'> }[Op];

export class ReferenceIut {
  private node: TipcNode | undefined;

  constructor(
    private readonly profile: ProfileName,
    private readonly capabilities: readonly string[] = REFERENCE_CAPABILITIES,
    /** Whether replies carry the trace notes; without, only events, as an IUT that writes none. */
    private readonly withNotes = true,
  ) {}

  private need(): TipcNode {
    if (!this.node) throw new Error('no node yet: send "init" first');
    return this.node;
  }

  /** One request in (parsed JSON, checked here), one reply out; throws saying why it cannot. */
  handle(raw: unknown): ReplyBody {
    const m = parseRequest(raw);
    switch (m.op) {
      case 'hello':
        if (m.protocol !== PROTOCOL_VERSION) throw new Error(`protocol ${m.protocol} not spoken; this IUT speaks ${PROTOCOL_VERSION}`);
        return { name: `tipc-conformance reference (${this.profile})`, version: VERSION, capabilities: [...this.capabilities] };
      case 'init':
        this.node = new TipcNode({
          address: m.address,
          profile: PROFILES[this.profile],
          seed: m.seed,
          netId: m.net_id,
          bearers: m.bearers.map((b) => ({
            if_name: b.if_name,
            mac: fromHex(b.mac),
            ...(b.tolerance !== undefined ? { tolerance: b.tolerance } : {}),
            ...(b.priority !== undefined ? { priority: b.priority } : {}),
          })),
        });
        return this.output();
      case 'bearer_up':
        this.need().bearerUp(m.now, m.bearer);
        return this.output();
      case 'bearer_down':
        this.need().bearerDown(m.now, m.bearer);
        return this.output();
      case 'frame':
        this.need().receive(m.now, m.bearer, fromHex(m.hex));
        return this.output();
      case 'tick':
        this.need().tick(m.now);
        return this.output();
      case 'publish': {
        const b = m.binding;
        const accepted = this.need().publish(m.now, { type: b.type, lower: b.lower, upper: b.upper, scope: b.scope, port: b.port, key: b.key });
        return { accepted, ...this.output() };
      }
      case 'withdraw':
        return { accepted: this.need().withdraw(m.now, m.type, m.lower, m.upper, m.key), ...this.output() };
      case 'send_data':
        return { accepted: this.need().sendData(m.now, m.dest, m.port, fromHex(m.hex)), ...this.output() };
      case 'set_link_tolerance':
        return { accepted: this.need().setLinkTolerance(m.now, m.peer, m.bearer, m.tolerance), ...this.output() };
      case 'set_link_priority':
        return { accepted: this.need().setLinkPriority(m.now, m.peer, m.bearer, m.priority), ...this.output() };
      case 'link_state':
        return { state: this.need().linkState(m.peer, m.bearer) ?? 'ABSENT' };
      case 'node_state':
        return { state: this.need().nodeState(m.peer) ?? 'ABSENT' };
      case 'name_table':
        return { bindings: this.need().nameTable().map((p) => ({ type: p.type, lower: p.lower, upper: p.upper, scope: p.scope, node: p.node, port: p.port, key: p.key })) };
      case 'drop_point':
        return { value: this.need().dropPoint(m.peer, m.bearer) ?? null };
      case 'link_tolerance':
        return { value: this.need().linkTolerance(m.peer, m.bearer) ?? null };
      case 'link_name':
        return { value: this.need().linkName(m.peer, m.bearer) ?? null };
      case 'stop':
        return {};
    }
  }

  /** What the node produced since the last reply. */
  private output(): Omit<Output, 'id' | 'ok'> {
    const n = this.need();
    const dropped: string[] = [];
    const out = contractFrames(n.pollTransmit(), dropped, n.address).map((f): WireOut => ({ bearer: f.bearer, dest: f.dest, hex: toHex(f.bytes) }));
    const { reports, notes } = reportsAndNotes(n.pollEvents());
    notes.push(...dropped);
    return { out, events: reports.map(toWireEvent), ...(this.withNotes ? { notes } : {}), timer: n.pollTimeout() ?? null };
  }
}

interface IutArgs {
  readonly profile: ProfileName;
  readonly capabilities?: string;
  readonly notes: boolean;
}

function commandLine(): Command {
  return new Command('tipc-reference-iut')
    .description(
      `Serves one node of the bundled TIPC reference stack over the tipc-conformance process protocol (version ${PROTOCOL_VERSION}, ` +
        'docs/adapter-protocol.md): requests on stdin, replies on stdout, one JSON object per line.',
    )
    .addOption(new Option('--profile <profile>', 'behaviour profile').choices(PROFILE_NAMES).default('fixed'))
    .option(
      '--capabilities <list>',
      `declare only these capabilities (comma-separated; default all: ${REFERENCE_CAPABILITIES.join(',')}), to see scenarios reported N/A`,
    )
    .option('--no-notes', 'send no trace notes, only events, as an IUT that writes none (the harness then writes its state changes itself)')
    .exitOverride()
    .configureOutput({
      writeOut: (s) => process.stdout.write(s),
      writeErr: (s) => process.stderr.write(s),
    });
}

/** Entry point: returns the exit code (0, or 2 for a bad command line). */
export async function serve(argv: readonly string[]): Promise<number> {
  const program = commandLine();
  try {
    program.parse([...argv], { from: 'user' });
  } catch (e) {
    if (e instanceof CommanderError) return e.exitCode === 0 ? 0 : 2;
    throw e;
  }
  const args = program.opts<IutArgs>();
  const capabilities = args.capabilities === undefined ? REFERENCE_CAPABILITIES : args.capabilities.split(',').filter((c) => c !== '');
  const iut = new ReferenceIut(args.profile, capabilities, args.notes);
  const rl = readline.createInterface({ input: process.stdin, crlfDelay: Infinity });
  for await (const line of rl) {
    if (line.trim() === '') continue;
    let id: unknown = null;
    let reply: Record<string, unknown>;
    let stop = false;
    try {
      const m: unknown = JSON.parse(line);
      if (typeof m === 'object' && m !== null && 'id' in m) id = m.id;
      stop = typeof m === 'object' && m !== null && 'op' in m && m.op === 'stop';
      reply = { id, ok: true, ...iut.handle(m) };
    } catch (e) {
      reply = { id, ok: false, error: e instanceof Error ? e.message : String(e) };
    }
    process.stdout.write(`${JSON.stringify(reply)}\n`);
    if (stop) return 0;
  }
  return 0;
}

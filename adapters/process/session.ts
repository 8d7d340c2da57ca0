/**
 * One conversation with an IUT process: numbered requests over a channel (channel.ts), each reply
 * checked against the request it answers (protocol.ts), and whatever the IUT does wrong turned
 * into an IutFault of the right kind. The node (remote-stack.ts) and the pre-run hello
 * (adapters/statement.ts) both talk to an IUT through it.
 */
import type { IutHelloFault, KernelModule } from '../../contract';
import { IutFault, type IutFaultKind, ProcessChannel } from './channel';
import { type Op, PROTOCOL_VERSION, ProtocolError, type ReplyOf, type RequestBody, parseReply } from './protocol';

/** The implementation conformance statement an IUT gives in its hello. */
export interface IutStatement {
  readonly name: string;
  readonly version: string;
  readonly capabilities: readonly string[];
  /** A kernel IUT's tipc.ko: where it came from, its hashes, whether it was signed. */
  readonly kernelModule?: KernelModule;
  /**
   * The IUT failed its hello before the run: it said nothing of itself (the name and version say
   * so, the capabilities are empty), and every scenario fails with this (adapters/statement.ts).
   */
  readonly fault?: IutHelloFault;
}

export interface SessionOptions {
  readonly argv: readonly string[];
  readonly maxLine: number;
  /** Where the process's stderr is appended. */
  readonly logFile?: string;
  /** Bytes of stderr past which the process is a `stderr-flood` fault. */
  readonly stderrLimit?: number;
  /** Limit for one request, ms of wall-clock time. */
  readonly requestTimeoutMs: number;
  /** Limit for the hello, which waits for the process to start too. */
  readonly helloTimeoutMs: number;
  /** Wall-clock time (Date.now()) by which every request must be answered: the scenario limit. */
  readonly deadline?: number;
}

/** How long `stop` may take before the process is killed anyway. */
const STOP_MS = 2000;

export class ProtocolSession {
  private readonly ch: ProcessChannel;
  private nextId = 1;

  constructor(private readonly opts: SessionOptions) {
    this.ch = new ProcessChannel(opts.argv, {
      maxLine: opts.maxLine,
      ...(opts.logFile !== undefined ? { logFile: opts.logFile } : {}),
      ...(opts.stderrLimit !== undefined ? { stderrLimit: opts.stderrLimit } : {}),
    });
  }

  get pid(): number {
    return this.ch.pid;
  }

  /** The fault the session broke with, if it did. */
  get fault(): IutFault | undefined {
    return this.ch.fault;
  }

  /** One request and its checked reply; an IutFault if the IUT fails it in any way. */
  async call<R extends RequestBody>(req: R, what = describeRequest(req)): Promise<ReplyOf<R['op']>> {
    const id = this.nextId++;
    const left = this.opts.deadline === undefined ? Infinity : this.opts.deadline - Date.now();
    if (left <= 0) throw await this.ch.fail('hung', `the scenario's time limit ran out before ${what}`);
    const limit = req.op === 'hello' ? this.opts.helloTimeoutMs : this.opts.requestTimeoutMs;
    const line = await this.ch.request(JSON.stringify({ id, ...req }), Math.min(limit, left), what);
    let reply;
    try {
      reply = parseReply<R['op']>(line, { id, op: req.op });
    } catch (e) {
      if (!(e instanceof ProtocolError)) throw e;
      const garbage = !line.trimStart().startsWith('{');
      throw await this.ch.fail(garbage ? 'garbage' : 'protocol', `answered ${what} with ${e.message}`);
    }
    if (reply.ok === false) throw await this.ch.fail('refused', `refused ${what}: ${reply.error}`);
    return reply;
  }

  /** Break the session for something found in a reply (a bad frame). */
  fail(kind: IutFaultKind, what: string): Promise<IutFault> {
    return this.ch.fail(kind, what);
  }

  /** Who the IUT is. `what` names the request in a fault: `hello before the run`. */
  async hello(what = 'hello'): Promise<IutStatement> {
    const r = await this.call({ op: 'hello', protocol: PROTOCOL_VERSION }, what);
    return { name: r.name, version: r.version, capabilities: r.capabilities };
  }

  /** Ask the IUT to stop (unless it broke), then make sure it has: killed, and reaped. */
  async close(): Promise<void> {
    if (this.ch.fault === undefined) {
      try {
        await this.ch.request(JSON.stringify({ id: this.nextId++, op: 'stop' }), STOP_MS, 'stop');
      } catch (e) {
        if (!(e instanceof IutFault)) throw e;
      }
    }
    await this.ch.close();
  }
}

/** A request as failure messages name it: `bearer_up at 0 ms`. */
export function describeRequest(req: { readonly op: Op; readonly now?: number }): string {
  return `${req.op}${req.now !== undefined ? ` at ${req.now} ms` : ''}`;
}

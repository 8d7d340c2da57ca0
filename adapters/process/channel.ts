/**
 * An asynchronous request/reply channel to a child process that speaks newline-delimited text:
 * each request is one line on the child's stdin, its answer the next line on the child's stdout.
 * Nothing here knows TIPC.
 *
 * The child is started from argv (never a shell) as the leader of a process group of its own,
 * so that whatever it forks can be ended with it. Its stderr goes to a bounded log (its head and
 * tail, stderr-log.ts) and a tail kept for failure messages; a child that writes more than
 * STDERR_FLOOD_BYTES to stderr is a fault (`stderr-flood`). Lines are size-limited, and every
 * child's group is killed when its channel is closed or breaks, when the harness exits, and on
 * SIGINT / SIGTERM / SIGHUP (exit-hooks.ts): a group of its own does not get the terminal's
 * Ctrl-C, so the harness must end it. An idle channel does not keep the harness alive: only a
 * request under way does.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { Socket } from 'node:net';
import * as path from 'node:path';
import { StringDecoder } from 'node:string_decoder';
import { killOnExit } from '../exit-hooks';
import { StderrLog } from './stderr-log';

/** How an implementation under test failed the harness, as the report classifies it. */
export const IUT_FAULT_KINDS = ['spawn', 'exited', 'hung', 'line-too-long', 'stderr-flood', 'garbage', 'protocol', 'bad-frame', 'refused'] as const;
export type IutFaultKind = (typeof IUT_FAULT_KINDS)[number];

function isIutFaultKind(s: string): s is IutFaultKind {
  return (IUT_FAULT_KINDS as readonly string[]).includes(s);
}

/** How many lines of the IUT's stderr a fault's message shows, and how long each may be. */
export const SHOWN_STDERR_LINES = 10;
export const SHOWN_STDERR_LINE_CHARS = 200;

/**
 * The end of the IUT's stderr as a fault's message shows it: its last few lines, each cut to a
 * length a terminal takes, with what was left out said; the whole of it is in the log (attached
 * to the scenario in the reports) and the fault's stderrTail.
 */
export function shownStderr(tail: string, logFile?: string): string {
  const all = tail.replace(/\n$/, '').split('\n');
  const lines = all.slice(-SHOWN_STDERR_LINES).map((l) => (l.length > SHOWN_STDERR_LINE_CHARS ? `${l.slice(0, SHOWN_STDERR_LINE_CHARS - 1)}…` : l));
  const cut = all.length > lines.length ? ` (its last ${lines.length} lines)` : '';
  const log = logFile === undefined ? '' : `\n     all of it: ${shownLog(logFile)}`;
  return `\n     its stderr ends${cut}:\n${indent(lines.join('\n'))}${log}`;
}

/** The log relative to the current folder when it is under it, as the reports name files; else absolute. */
function shownLog(file: string): string {
  const rel = path.relative(process.cwd(), file);
  return rel !== '' && !rel.startsWith('..') && !path.isAbsolute(rel) ? rel : file;
}

export class IutFault extends Error {
  override readonly name = 'IutFault';
  constructor(
    readonly kind: IutFaultKind,
    /** What happened, naming the request: `exited with code 3 (while answering bearer_up at 0 ms)`. */
    readonly what: string,
    /** The end of its stderr, up to 8 KB; the message shows its last lines (shownStderr). */
    readonly stderrTail: string,
    /** Where the whole of its stderr is, if it is kept. */
    readonly logFile?: string,
  ) {
    super(`implementation under test: ${kind}: ${what}${stderrTail ? shownStderr(stderrTail, logFile) : ''}`);
  }
}

/** The IutFault of a fault recorded earlier as plain data (the hello before the run: RunParameters.iutHelloFault). */
export function iutFaultOf(f: { readonly kind: string; readonly what: string; readonly stderrTail: string }): IutFault {
  return new IutFault(isIutFaultKind(f.kind) ? f.kind : 'protocol', f.what, f.stderrTail);
}

function indent(s: string): string {
  return s
    .split('\n')
    .map((l) => `       | ${l}`)
    .join('\n');
}

export interface ChannelOptions {
  /** Longest line the child may write, bytes. */
  readonly maxLine: number;
  /** Where the child's stderr is appended (its head and tail, stderr-log.ts); undefined keeps only the tail. */
  readonly logFile?: string;
  readonly cwd?: string;
  /** Bytes of stderr past which the child is a `stderr-flood` fault; default stderrFloodBytes(). */
  readonly stderrLimit?: number;
}

/**
 * Bytes of stderr one IUT process may write. Past it the process is killed and the scenario fails
 * as a `stderr-flood` fault of the IUT: only the head and tail are kept, but reading an endless
 * stream costs the run its time, and no conformant node logs this much in one scenario.
 */
export const STDERR_FLOOD_BYTES = 64 * 1024 * 1024;
/** A smaller bound for the tests (bytes, a positive integer); not an option a user needs. */
export const STDERR_LIMIT_ENV = 'TIPC_IUT_STDERR_LIMIT';

/** STDERR_FLOOD_BYTES, or the test's bound from the environment. */
export function stderrFloodBytes(env: NodeJS.ProcessEnv = process.env): number {
  const v = env[STDERR_LIMIT_ENV];
  return v !== undefined && /^[1-9][0-9]{0,15}$/.test(v) ? Number(v) : STDERR_FLOOD_BYTES;
}

/** The end of the child's stderr kept for failure messages, characters. */
const TAIL = 8192;
/**
 * How long a dying child may take to be reaped and to have its stderr read to the end; and how
 * long its group has after SIGTERM before SIGKILL.
 */
const SETTLE_MS = 2000;
/** How often a group that was sent SIGTERM is looked at, to see whether it is gone. */
const GROUP_POLL_MS = 20;
/** After its exit, how long the child's pipes may stay open (a grandchild holding them) before it counts as gone. */
const PIPES_AFTER_EXIT_MS = 200;
/** setTimeout's longest delay. */
const MAX_TIMER_MS = 0x7fffffff;

/** Every child a channel started that has not exited. */
const live = new Set<number>();
/**
 * The process group of every child a channel started (its pid: each leads its own), until the
 * channel has killed the whole group: killed at exit whatever happens. A group outlives its
 * leader when a grandchild holds on.
 */
const groups = new Set<number>();

/** Sends `sig` to the process group; false when no process of it is left. */
function signalGroup(pgid: number, sig: NodeJS.Signals | 0): boolean {
  try {
    process.kill(-pgid, sig);
    return true;
  } catch {
    return false; // ESRCH: the group is empty
  }
}

function killAll(): void {
  for (const pgid of groups) signalGroup(pgid, 'SIGKILL');
  groups.clear();
  live.clear();
}

/** Process groups started by channels that have not been killed yet (for tests). */
export function liveGroups(): readonly number[] {
  return [...groups];
}

/** Children started by channels that have not exited yet (for tests). */
export function liveChildren(): readonly number[] {
  return [...live];
}

/** `p`, or nothing after `ms`. */
async function within(p: Promise<void>, ms: number): Promise<void> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  await Promise.race([p, new Promise<void>((resolve) => (timer = setTimeout(resolve, ms)))]);
  clearTimeout(timer);
}

/** The stdio pipes must not keep the harness alive by themselves. */
function unref(stream: unknown): void {
  if (stream instanceof Socket) stream.unref();
}

interface Waiter {
  readonly what: string;
  readonly resolve: (line: string) => void;
  readonly reject: (fault: IutFault) => void;
  readonly timer: ReturnType<typeof setTimeout>;
}

/** Why the child cannot answer any more (it died, or wrote too long a line), before it is reported. */
interface Death {
  readonly kind: IutFaultKind;
  readonly what: string;
}

export class ProcessChannel {
  private readonly child: ChildProcess | undefined;
  /** Requests waiting for their line, in the order they were written. */
  private readonly waiters: Waiter[] = [];
  /** Lines the child wrote that no request took yet. */
  private readonly lines: string[] = [];
  private partial: Buffer[] = [];
  private partialBytes = 0;
  private tail = '';
  private readonly stderrText = new StringDecoder('utf8');
  private readonly log: StderrLog;
  private readonly stderrLimit: number;
  private death: Death | undefined;
  private exitWhat: string | undefined;
  /** The fault the channel broke with: every later request gets it. */
  private breaking: Promise<IutFault> | undefined;
  private brokenWith: IutFault | undefined;
  private closed = false;
  /** The child has exited and been reaped (or never started). */
  private readonly exited: Promise<void>;
  /** ... and its pipes are closed: its stderr has been read to the end. */
  private readonly drained: Promise<void>;

  constructor(
    readonly argv: readonly string[],
    private readonly opts: ChannelOptions,
  ) {
    if (argv.length === 0 || argv[0] === '') throw new IutFault('spawn', 'empty command line', '');
    killOnExit(killAll);
    let onExit = (): void => {};
    let onDrained = (): void => {};
    this.exited = new Promise((resolve) => (onExit = resolve));
    this.drained = new Promise((resolve) => (onDrained = resolve));
    this.log = new StderrLog(opts.logFile);
    this.stderrLimit = opts.stderrLimit ?? stderrFloodBytes();
    let child: ChildProcess;
    try {
      // detached: a process group (and session) of its own, which kill() ends as a whole
      child = spawn(argv[0] ?? '', argv.slice(1), { stdio: ['pipe', 'pipe', 'pipe'], cwd: opts.cwd ?? path.resolve('.'), shell: false, detached: true });
    } catch (e) {
      this.death = { kind: 'spawn', what: e instanceof Error ? e.message : String(e) };
      onExit();
      onDrained();
      this.closeLog();
      return;
    }
    this.child = child;
    if (child.pid !== undefined) {
      live.add(child.pid);
      groups.add(child.pid);
    }
    child.unref();
    for (const s of [child.stdin, child.stdout, child.stderr]) unref(s);
    child.stdin?.on('error', () => {
      // the child went away; its exit says so
    });
    child.stdout?.on('data', (d: Buffer) => this.stdout(d));
    child.stderr?.on('data', (d: Buffer) => this.stderr(d));
    child.on('error', (e) => {
      // only a failure to start is the child's fault; the rest (a kill that found it gone) is not
      if (child.pid === undefined) this.died({ kind: 'spawn', what: e.message });
    });
    child.on('exit', (code, signal) => {
      if (child.pid !== undefined) live.delete(child.pid);
      this.exitWhat = signal ? `killed by ${signal}` : `exited with code ${code}`;
      onExit();
      // normally 'close' follows at once; a grandchild may hold the pipes open
      setTimeout(() => this.died(), PIPES_AFTER_EXIT_MS).unref();
    });
    child.on('close', () => {
      this.stderr(Buffer.alloc(0), true);
      this.closeLog();
      onExit();
      onDrained();
      this.died();
    });
  }

  /** The child's process id (0 if it could not start). */
  get pid(): number {
    return this.child?.pid ?? 0;
  }

  /** The fault the channel broke with, if it did. */
  get fault(): IutFault | undefined {
    return this.brokenWith;
  }

  /** Send one line; the line the child answers, or an IutFault. */
  request(line: string, timeoutMs: number, what: string): Promise<string> {
    if (this.breaking) return this.breaking.then((f) => Promise.reject(f));
    if (this.closed) return Promise.reject(new IutFault('exited', 'the channel is closed', ''));
    return new Promise<string>((resolve, reject) => {
      const timer = setTimeout(() => void this.hung(what, timeoutMs), Math.max(0, Math.min(timeoutMs, MAX_TIMER_MS)));
      this.waiters.push({ what, resolve, reject, timer });
      if (this.death === undefined) this.child?.stdin?.write(`${line}\n`);
      this.flush();
    });
  }

  /**
   * Break the channel for something the harness found (a reply that is garbage, breaks the
   * protocol, carries a bad frame): the child is killed, and the fault comes with the end of its
   * stderr. Every later request fails with the first fault.
   */
  fail(kind: IutFaultKind, what: string): Promise<IutFault> {
    this.breaking ??= (async () => {
      this.kill();
      await within(this.drained, SETTLE_MS);
      const f = new IutFault(kind, what, this.tail, this.opts.logFile);
      this.brokenWith = f;
      for (const w of this.waiters.splice(0)) {
        clearTimeout(w.timer);
        w.reject(f);
      }
      return f;
    })();
    return this.breaking;
  }

  /** The last few KB of the child's stderr. */
  stderrTail(): string {
    return this.tail;
  }

  /**
   * End the child's process group: SIGTERM, then SIGKILL to whatever of it is left after the
   * settle time (at once when the group is empty). Waits until the child is reaped. Idempotent.
   */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.endGroup();
    await within(this.exited, SETTLE_MS);
    for (const w of this.waiters.splice(0)) {
      clearTimeout(w.timer);
      w.reject(new IutFault('exited', `the channel was closed (while answering ${w.what})`, this.tail, this.opts.logFile));
    }
    this.closeLog();
  }

  /** SIGKILL to the child's whole group (a broken child gets no grace), whether or not the child itself is still there. */
  private kill(): void {
    const pgid = this.child?.pid;
    if (pgid === undefined || !groups.has(pgid)) return;
    signalGroup(pgid, 'SIGKILL');
    groups.delete(pgid);
  }

  /** SIGTERM to the group, then SIGKILL once it is empty or the settle time is over. */
  private async endGroup(): Promise<void> {
    const pgid = this.child?.pid;
    if (pgid === undefined || !groups.has(pgid)) return;
    if (signalGroup(pgid, 'SIGTERM')) {
      const deadline = Date.now() + SETTLE_MS;
      while (Date.now() < deadline && signalGroup(pgid, 0)) await new Promise((resolve) => setTimeout(resolve, GROUP_POLL_MS));
    }
    this.kill();
  }

  private hung(what: string, timeoutMs: number): void {
    void this.fail('hung', `no answer to ${what} within ${timeoutMs} ms`);
  }

  /** The child can answer no more: the requests waiting, and the next one, get a fault. */
  private died(death: Death = { kind: 'exited', what: this.exitWhat ?? 'exited' }): void {
    this.death ??= death;
    this.flush();
  }

  /** Give waiting requests the lines there are, then the child's death if it has no more. */
  private flush(): void {
    while (this.waiters.length > 0 && this.lines.length > 0) {
      const w = this.waiters.shift();
      const line = this.lines.shift();
      if (w === undefined || line === undefined) break;
      clearTimeout(w.timer);
      w.resolve(line);
    }
    const first = this.waiters[0];
    if (first !== undefined && this.death !== undefined) void this.fail(this.death.kind, `${this.death.what} (while answering ${first.what})`);
  }

  private stdout(d: Buffer): void {
    if (this.death?.kind === 'line-too-long') return;
    let start = 0;
    for (let nl = d.indexOf(0x0a); nl >= 0; nl = d.indexOf(0x0a, start)) {
      const piece = d.subarray(start, nl);
      const bytes = this.partialBytes + piece.length;
      const line = Buffer.concat([...this.partial, piece], bytes);
      this.partial = [];
      this.partialBytes = 0;
      start = nl + 1;
      if (bytes > this.opts.maxLine) return this.tooLong();
      this.lines.push(line.toString('utf8'));
    }
    if (start < d.length) {
      this.partial.push(d.subarray(start));
      this.partialBytes += d.length - start;
      if (this.partialBytes > this.opts.maxLine) return this.tooLong();
    }
    this.flush();
  }

  private tooLong(): void {
    this.partial = [];
    this.partialBytes = 0;
    this.kill();
    this.died({ kind: 'line-too-long', what: `wrote a line longer than ${this.opts.maxLine} bytes` });
  }

  private stderr(d: Buffer, end = false): void {
    this.log.write(d);
    this.tail = (this.tail + (end ? this.stderrText.end(d) : this.stderrText.write(d.length > TAIL ? d.subarray(d.length - TAIL) : d))).slice(-TAIL);
    if (this.log.bytes > this.stderrLimit && this.death === undefined) {
      this.kill();
      this.died({ kind: 'stderr-flood', what: `wrote more than ${this.stderrLimit.toLocaleString('en')} bytes to stderr` });
    }
  }

  private closeLog(): void {
    this.log.close();
  }
}

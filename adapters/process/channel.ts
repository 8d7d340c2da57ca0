/**
 * A synchronous request/reply channel to a child process that speaks newline-delimited text.
 *
 * The simulator drives its endpoints synchronously (receive, tick, pollTimeout), so a node that
 * lives in another process must answer within the call. A worker thread owns the child's pipes;
 * the calling thread posts a request and blocks on an Atomics.wait with the step limit as its
 * timeout, then takes the worker's answer with receiveMessageOnPort. Nothing here knows TIPC.
 *
 * The child is started from argv (never a shell), its stderr goes to a log file and a tail kept
 * for failure messages, lines are size-limited, and every child is killed when its channel is
 * closed, when the harness exits, and on SIGINT / SIGTERM.
 */
import * as path from 'node:path';
import { MessageChannel, Worker, receiveMessageOnPort, type MessagePort } from 'node:worker_threads';
import { killOnExit } from '../exit-hooks';

/** How an implementation under test failed the harness, as the report classifies it. */
export type IutFaultKind = 'spawn' | 'exited' | 'hung' | 'line-too-long' | 'garbage' | 'protocol' | 'bad-frame' | 'refused';

export class IutFault extends Error {
  override readonly name = 'IutFault';
  constructor(
    readonly kind: IutFaultKind,
    what: string,
    readonly stderrTail: string,
  ) {
    super(`implementation under test: ${kind}: ${what}${stderrTail ? `\n     its stderr ends:\n${indent(stderrTail)}` : ''}`);
  }
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
  /** Where the child's stderr is appended; undefined keeps only the tail. */
  readonly logFile?: string;
  readonly cwd?: string;
}

/** Replies from the worker to the calling thread. */
type WorkerReply = { readonly seq: number } & (
  | { readonly kind: 'line'; readonly line: string }
  | { readonly kind: 'fault'; readonly fault: IutFaultKind; readonly what: string; readonly stderr: string }
  | { readonly kind: 'stderr'; readonly stderr: string }
);

function isWorkerReply(v: unknown): v is WorkerReply {
  return typeof v === 'object' && v !== null && 'kind' in v && 'seq' in v;
}

// The worker, plain JavaScript so that it needs no TypeScript loader. It keeps the child's stdout
// as lines, answers one line per request, and reports the child's death or an over-long line.
const WORKER_SOURCE = `
'use strict';
const { workerData } = require('node:worker_threads');
const { spawn } = require('node:child_process');
const fs = require('node:fs');
const { StringDecoder } = require('node:string_decoder');
const utf8 = new StringDecoder('utf8');
const { argv, maxLine, logFile, cwd, port, flag } = workerData;
const TAIL = 8192;
let stderrTail = '';
let buf = '';
const lines = [];
let waiting = false;
let dead = null;
let exited = false;
let killWaiting = false;
let log = null;
if (logFile) { try { log = fs.openSync(logFile, 'a'); } catch (e) { log = null; } }
let seq = 0;
function answer(msg) { msg.seq = seq; port.postMessage(msg); Atomics.add(flag, 0, 1); Atomics.notify(flag, 0); }
function fault(kind, what) { return { kind: 'fault', fault: kind, what, stderr: stderrTail }; }
let child;
try {
  child = spawn(argv[0], argv.slice(1), { stdio: ['pipe', 'pipe', 'pipe'], cwd, shell: false });
} catch (e) { dead = fault('spawn', String(e && e.message || e)); }
if (child) {
  Atomics.store(flag, 1, child.pid || 0);
  child.on('error', (e) => { dead = fault('spawn', String(e.message)); if (waiting) { waiting = false; answer(dead); } });
  child.stdin.on('error', () => {});
  child.stderr.on('data', (d) => {
    if (log !== null) { try { fs.writeSync(log, d); } catch (e) {} }
    stderrTail = (stderrTail + d.toString('utf8')).slice(-TAIL);
  });
  child.stdout.on('data', (d) => {
    buf += utf8.write(d);
    let i;
    while ((i = buf.indexOf('\\n')) >= 0) { lines.push(buf.slice(0, i)); buf = buf.slice(i + 1); }
    if (Buffer.byteLength(buf) > maxLine) {
      dead = fault('line-too-long', 'wrote a line longer than ' + maxLine + ' bytes');
      try { child.kill('SIGKILL'); } catch (e) {}
    }
    flush();
  });
  child.on('exit', (code, signal) => {
    exited = true;
    if (killWaiting) { killWaiting = false; answer({ kind: 'stderr', stderr: stderrTail }); }
    if (!dead) dead = fault('exited', signal ? 'killed by ' + signal : 'exited with code ' + code);
    flush();
  });
}
function flush() {
  if (!waiting) return;
  if (lines.length > 0) {
    const line = lines.shift();
    if (Buffer.byteLength(line) > maxLine) { waiting = false; answer(fault('line-too-long', 'wrote a line longer than ' + maxLine + ' bytes')); return; }
    waiting = false; answer({ kind: 'line', line }); return;
  }
  if (dead) { waiting = false; answer(dead); }
}
port.on('message', (m) => {
  seq = m.seq;
  if (m.op === 'stderr') { answer({ kind: 'stderr', stderr: stderrTail }); return; }
  if (m.op === 'kill') {
    // Answered once the child has exited and been reaped, so that no zombie is left behind.
    if (!child || exited) { answer({ kind: 'stderr', stderr: stderrTail }); return; }
    killWaiting = true;
    try { child.kill('SIGKILL'); } catch (e) {}
    return;
  }
  if (dead && lines.length === 0) { answer(dead); return; }
  waiting = true;
  if (child && !dead) child.stdin.write(m.line + '\\n');
  flush();
});
`;

/** Every child this process started and has not seen closed: killed at exit whatever happens. */
const live = new Set<number>();

function killAll(): void {
  for (const pid of live) {
    try {
      process.kill(pid, 'SIGKILL');
    } catch {
      // already gone
    }
  }
  live.clear();
}


/** Number of children started by channels and not yet closed (for tests). */
export function liveChildren(): readonly number[] {
  return [...live];
}

export class SyncChannel {
  private readonly worker: Worker;
  private readonly port: MessagePort;
  private readonly flag = new Int32Array(new SharedArrayBuffer(8));
  private closed = false;
  private broken: IutFault | undefined;
  private seq = 0;

  constructor(
    readonly argv: readonly string[],
    opts: ChannelOptions,
  ) {
    if (argv.length === 0 || argv[0] === '') throw new IutFault('spawn', 'empty command line', '');
    killOnExit(killAll);
    const { port1, port2 } = new MessageChannel();
    this.port = port1;
    this.worker = new Worker(WORKER_SOURCE, {
      eval: true,
      workerData: { argv: [...argv], maxLine: opts.maxLine, logFile: opts.logFile, cwd: opts.cwd ?? path.resolve('.'), port: port2, flag: this.flag },
      transferList: [port2],
    });
    this.worker.unref();
  }

  /** The child's process id once it started (0 before, or if it could not start). */
  get pid(): number {
    return Atomics.load(this.flag, 1);
  }

  private call(msg: { op: 'line'; line: string } | { op: 'stderr' } | { op: 'kill' }, timeoutMs: number): WorkerReply | 'timed-out' {
    const seq = ++this.seq;
    const deadline = Date.now() + timeoutMs;
    this.port.postMessage({ ...msg, seq });
    // The worker bumps flag[0] after posting each answer. Answers to calls that timed out earlier
    // carry older sequence numbers and are thrown away; short waits re-check the port in case an
    // answer becomes visible after its bump.
    for (;;) {
      const pid = this.pid;
      if (pid) live.add(pid);
      const seen = Atomics.load(this.flag, 0);
      for (let got = receiveMessageOnPort(this.port); got; got = receiveMessageOnPort(this.port)) {
        if (!isWorkerReply(got.message)) throw new Error('process channel: the worker answered something unexpected');
        if (got.message.seq === seq) return got.message;
      }
      const left = deadline - Date.now();
      if (left <= 0) return 'timed-out';
      Atomics.wait(this.flag, 0, seen, Math.min(left, 20));
    }
  }

  /** Send one line and return the line the child answers, or throw an IutFault. */
  request(line: string, timeoutMs: number, what: string): string {
    if (this.broken) throw this.broken;
    if (this.closed) throw new IutFault('exited', 'the channel is closed', '');
    const r = this.call({ op: 'line', line }, timeoutMs);
    if (r === 'timed-out') {
      const tail = this.kill();
      this.broken = new IutFault('hung', `no answer to ${what} within ${timeoutMs} ms`, tail);
      throw this.broken;
    }
    if (r.kind === 'line') return r.line;
    if (r.kind === 'fault') {
      this.kill();
      this.broken = new IutFault(r.fault, `${r.what} (while answering ${what})`, r.stderr);
      throw this.broken;
    }
    throw new Error('process channel: unexpected worker reply');
  }

  /** Mark the channel broken by something the harness found in a reply (garbage, protocol, bad frame). */
  fail(kind: IutFaultKind, what: string): IutFault {
    const tail = this.kill();
    this.broken = new IutFault(kind, what, tail);
    return this.broken;
  }

  /** The last few KB of the child's stderr. */
  stderrTail(): string {
    if (this.closed) return '';
    const r = this.call({ op: 'stderr' }, 2000);
    return r !== 'timed-out' && r.kind !== 'line' ? ('stderr' in r ? r.stderr : '') : '';
  }

  /** Kill the child now; returns its stderr tail. */
  private kill(): string {
    const pid = this.pid;
    let tail = '';
    if (!this.closed) {
      const r = this.call({ op: 'kill' }, 2000);
      if (r !== 'timed-out' && 'stderr' in r) tail = r.stderr;
    }
    if (pid) {
      try {
        process.kill(pid, 'SIGKILL');
      } catch {
        // already gone
      }
      live.delete(pid);
    }
    return tail;
  }

  /** Kill the child if it still runs and stop the worker. Idempotent. */
  close(): void {
    if (this.closed) return;
    this.kill();
    this.closed = true;
    void this.worker.terminate();
  }
}

/**
 * One Linux kernel TIPC node in a QEMU guest (software emulation), booted from the image that
 * adapters/kernel/image.ts builds.
 *
 * Wire: each guest NIC (virtio-net-pci, eth0, eth1, ...) is a QEMU `-netdev dgram` endpoint on
 * 127.0.0.1; its peer is a node:dgram socket of this process. Every datagram is one whole Ethernet
 * frame: what the guest sends arrives through onFrame(nic, frame), sendFrame(nic, frame) delivers
 * one to the guest. Nothing else is connected, so this process is the wire (relay, observer,
 * fault injector).
 *
 * Control: the serial console (a unix socket of QEMU, also logged to workDir/console.log) runs a
 * busybox shell; exec() runs one command there and returns its output, found between two markers
 * the shell computes (`echo @@S$((6+1))@@` prints @@S7@@, which the echoed command line does not
 * contain).
 *
 * Every live guest is killed when this process exits (exit, SIGINT, SIGTERM, SIGHUP), and QEMU
 * is started through `setpriv --pdeathsig KILL`, so that the kernel kills it should this process
 * die without running its exit hooks (SIGKILL, a crash).
 */
import { macHex } from '../../contract';
import { type ChildProcess, spawn } from 'node:child_process';
import * as dgram from 'node:dgram';
import { appendFileSync, closeSync, existsSync, mkdirSync, mkdtempSync, openSync, readSync, rmSync, statSync, writeFileSync } from 'node:fs';
import * as net from 'node:net';
import { tmpdir } from 'node:os';
import { StringDecoder } from 'node:string_decoder';
import * as path from 'node:path';
import { FAILED_MARKER, type KernelImage, READY_MARKER, checkBootPrerequisites, which } from './image';
import { killOnExit } from '../exit-hooks';

export type KernelGuestFaultKind = 'spawn' | 'panic' | 'exited' | 'timeout' | 'setup-failed' | 'console';

/** A guest that could not boot, died, or did not answer; the message holds the console tail. */
export class KernelGuestError extends Error {
  constructor(
    readonly kind: KernelGuestFaultKind,
    message: string,
    readonly consoleTail: string,
  ) {
    // "kernel guest: KIND:" lets the reports file it with the IUT faults, not the assertions.
    super(`kernel guest: ${kind}: ${consoleTail ? `${message}\n--- console tail ---\n${consoleTail}` : message}`);
    this.name = 'KernelGuestError';
  }
}

/** A console command that ran but exited non-zero. */
export class GuestCommandError extends Error {
  constructor(
    readonly command: string,
    readonly status: number,
    readonly output: string,
  ) {
    super(`guest command \`${command}\` exited ${status}${output ? `: ${output.trim().split('\n').slice(-5).join(' | ')}` : ''}`);
    this.name = 'GuestCommandError';
  }
}

export interface KernelGuestOptions {
  image: KernelImage;
  /** Node number N: the guest is TIPC node 1.1.N (1..255; also the last MAC byte). */
  node: number;
  /** NICs, one Ethernet bearer each (eth0..eth(nics-1)); 1..8. */
  nics: number;
  /** TIPC network id (default: the kernel's 4711). */
  netId?: number;
  /** Per-NIC link tolerance in ms, applied before the bearer is enabled (undefined: default). */
  tolerances?: (number | undefined)[];
  /** Per-NIC bearer priority (0..31), given when the bearer is enabled (undefined: the media's). */
  priorities?: (number | undefined)[];
  /** Called as soon as QEMU runs, before the guest is ready: the guest can be stopped from then on. */
  onSpawn?: (guest: KernelGuest) => void;
  /** Folder for console.log, the console socket and qemu.log (created if missing). */
  workDir: string;
  /** Every Ethernet frame the guest sends, with the NIC index it left from. */
  onFrame: (nic: number, frame: Uint8Array) => void;
  /** Boot-to-ready limit (default 30 s; software emulation boots in 3-6 s on an idle machine). */
  readyTimeoutMs?: number;
  /** Guest memory in MB (default 256). */
  memoryMb?: number;
  /** More kernel command-line words. */
  extraAppend?: string;
  /** MAC of each NIC as 12 hex digits (default: the harness's scheme, contract/addressing.ts macHex). */
  macs?: readonly string[];
}

export interface ExecResult {
  output: string;
  status: number;
}

/** One tipc_link_fsm / tipc_node_fsm tracepoint line, parsed. */
export interface FsmTraceEvent {
  /** Guest uptime in seconds, as the trace clock reports it. */
  time: number;
  kind: 'link' | 'node';
  /** Link name (1001001:eth0-1001002:eth0, `unknown` peer bearer before contact) or node address in hex (1001002). */
  name: string;
  from: string;
  event: string;
  to: string;
  raw: string;
}

const FSM_LINE = /^\s*(.*?)\s+\[(\d+)\]\s+\S+\s+(\d+\.\d+):\s+tipc_(link|node)_fsm:\s+<([^>]*)>\s+(\S+)--\((\S+)\)->(\S+)\s*$/;

/** Parses one tracefs line of tipc_link_fsm / tipc_node_fsm (undefined for any other line). */
export function parseFsmTrace(line: string): FsmTraceEvent | undefined {
  const m = FSM_LINE.exec(line);
  if (!m) return undefined;
  return {
    time: Number(m[3]),
    kind: m[4] === 'link' ? 'link' : 'node',
    name: m[5] ?? '',
    from: m[6] ?? '',
    event: m[7] ?? '',
    to: m[8] ?? '',
    raw: line.trim(),
  };
}

function colonMac(hex: string): string {
  return hex.match(/../g)?.join(':') ?? hex;
}

// ---------------------------------------------------------------------------------------------
// Registry of live guests: none outlives this process.

const live = new Set<KernelGuest>();

function killAll(): void {
  for (const g of live) g.killNow();
  live.clear();
}


/** Number of guests started and not yet stopped. */
export function liveGuests(): number {
  return live.size;
}

// ---------------------------------------------------------------------------------------------

const CONSOLE_TAIL_BYTES = 4000;
/** Longer console input lines are cut by the shell's line editor. */
const MAX_COMMAND = 900;

function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}

/** Strips what the serial shell adds: CRs, cursor queries and other escape sequences. */
export function cleanConsole(s: string): string {
  return s
    .replace(/\x1b\[[0-9;?]*[A-Za-z]/g, '')
    .replace(/\x1b[()][A-Za-z0-9]/g, '')
    .replace(/\x1b[c78=>]/g, '')
    .replace(/\r/g, '');
}

/** A value inside a QEMU option list: commas are doubled. */
function optEscape(v: string): string {
  return v.replace(/,/g, ',,');
}

function freeUdpPort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = dgram.createSocket('udp4');
    s.once('error', reject);
    s.bind(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
  });
}

function bindHostSocket(): Promise<dgram.Socket> {
  return new Promise((resolve, reject) => {
    const s = dgram.createSocket({ type: 'udp4', recvBufferSize: 4 * 1024 * 1024 });
    s.once('error', reject);
    s.bind(0, '127.0.0.1', () => {
      s.removeListener('error', reject);
      resolve(s);
    });
  });
}

function readTail(file: string, bytes: number): string {
  try {
    const size = statSync(file).size;
    const n = Math.min(size, bytes);
    const buf = Buffer.alloc(n);
    const fd = openSync(file, 'r');
    try {
      readSync(fd, buf, 0, n, size - n);
    } finally {
      closeSync(fd);
    }
    return cleanConsole(buf.toString('utf8'));
  } catch {
    return '';
  }
}

interface Nic {
  index: number;
  mac: string;
  socket: dgram.Socket;
  hostPort: number;
  guestPort: number;
}

interface Capture {
  text: string;
  onData: () => void;
  /** Called if QEMU exits while the capture is active. */
  onExit?: () => void;
}

export class KernelGuest {
  readonly node: number;
  readonly workDir: string;
  readonly consoleLog: string;
  readonly qemuLog: string;
  /** Wall time from spawning QEMU to the ready marker, ms. */
  bootMs = 0;
  /** Guest uptime (s) when /init printed the ready marker. */
  readyUptime = 0;

  private readonly nics: Nic[];
  private readonly child: ChildProcess;
  private readonly exited: Promise<void>;
  private exitInfo: string | undefined;
  private console: net.Socket | undefined;
  private consoleText = '';
  private ready = false;
  private readonly decoder = new StringDecoder('utf8');
  private capture: Capture | undefined;
  private stderrText = '';
  private seq = 0;
  private queue: Promise<unknown> = Promise.resolve();
  private stopping: Promise<void> | undefined;
  private readonly socketDir: string | undefined;
  private readonly onFrame: (nic: number, frame: Uint8Array) => void;
  private readonly exitListeners: ((fault: KernelGuestError) => void)[] = [];

  private constructor(opts: KernelGuestOptions, nics: Nic[], child: ChildProcess, socketDir: string | undefined) {
    this.node = opts.node;
    this.workDir = opts.workDir;
    this.consoleLog = path.resolve(opts.workDir, 'console.log');
    this.qemuLog = path.resolve(opts.workDir, 'qemu.log');
    this.nics = nics;
    this.child = child;
    this.socketDir = socketDir;
    this.onFrame = opts.onFrame;
    this.exited = new Promise((resolve) => {
      child.once('exit', (code, signal) => {
        this.exitInfo = signal ? `signal ${signal}` : `code ${code}`;
        live.delete(this);
        resolve();
        this.capture?.onExit?.();
        if (!this.stopping && this.ready) {
          const panic = /Kernel panic/.test(this.consoleTail(20000));
          const fault = this.fault(panic ? 'panic' : 'exited', `QEMU exited (${this.exitInfo}) in the middle of the scenario${panic ? ' (kernel panic)' : ''}`);
          for (const l of this.exitListeners) l(fault);
        }
      });
    });
    // QEMU's own messages: kept for errors and appended to qemu.log (after its command line)
    const onOutput = (b: Buffer): void => {
      this.stderrText = (this.stderrText + b.toString()).slice(-4000);
      try {
        appendFileSync(this.qemuLog, b);
      } catch {
        // the work folder is gone: the text is still kept for errors
      }
    };
    child.stderr?.on('data', onOutput);
    child.stdout?.on('data', onOutput);
    for (const nic of nics) {
      nic.socket.on('error', (e) => {
        this.stderrText = `${this.stderrText}\nhost socket of NIC ${nic.index}: ${e.message}`.slice(-4000);
      });
      nic.socket.on('message', (msg, rinfo) => {
        if (rinfo.port !== nic.guestPort || rinfo.address !== '127.0.0.1') return;
        this.onFrame(nic.index, msg);
      });
    }
  }

  /** Boots a guest and resolves when its TIPC node is set up (the ready marker). */
  static async boot(opts: KernelGuestOptions): Promise<KernelGuest> {
    let lastError: unknown;
    for (let attempt = 0; attempt < 3; attempt++) {
      try {
        return await KernelGuest.bootOnce(opts);
      } catch (e) {
        // the guest ports are chosen free but could be taken before QEMU binds them: retry that only
        if (e instanceof KernelGuestError && e.kind === 'exited' && /Address already in use/i.test(e.message)) {
          lastError = e;
          continue;
        }
        throw e;
      }
    }
    throw lastError;
  }

  private static async bootOnce(opts: KernelGuestOptions): Promise<KernelGuest> {
    const { image, node, nics: nicCount } = opts;
    if (!Number.isInteger(node) || node < 1 || node > 255) throw new Error(`node must be 1..255, got ${node}`);
    if (!Number.isInteger(nicCount) || nicCount < 1 || nicCount > 8) throw new Error(`nics must be 1..8, got ${nicCount}`);
    let qemu: string;
    try {
      qemu = checkBootPrerequisites();
    } catch (e) {
      throw new KernelGuestError('spawn', (e as Error).message, '');
    }
    mkdirSync(opts.workDir, { recursive: true });
    const consoleLog = path.resolve(opts.workDir, 'console.log');
    rmSync(consoleLog, { force: true });

    // unix socket paths are limited to 107 bytes
    let socketDir: string | undefined;
    let consoleSock = path.join(path.resolve(opts.workDir), 'console.sock');
    if (Buffer.byteLength(consoleSock) > 100) {
      socketDir = mkdtempSync(path.join(tmpdir(), 'tipc-guest-'));
      consoleSock = path.join(socketDir, 'console.sock');
    }
    rmSync(consoleSock, { force: true });

    const nics: Nic[] = [];
    try {
      for (let i = 0; i < nicCount; i++) {
        const socket = await bindHostSocket();
        const guestPort = await freeUdpPort();
        nics.push({ index: i, mac: opts.macs?.[i] ?? macHex(node, i), socket, hostPort: socket.address().port, guestPort });
      }
    } catch (e) {
      for (const n of nics) n.socket.close();
      throw e;
    }

    const append = [
      'console=ttyS0',
      'quiet',
      'panic=-1',
      'oops=panic',
      `tipc_addr=1.1.${node}`,
      `tipc_nics=${nicCount}`,
      ...(opts.netId !== undefined ? [`tipc_netid=${opts.netId}`] : []),
      ...(opts.tolerances ?? []).flatMap((t, i) => (t !== undefined ? [`tipc_tol${i}=${t}`] : [])),
      ...(opts.priorities ?? []).flatMap((p, i) => (p !== undefined ? [`tipc_prio${i}=${p}`] : [])),
      ...(opts.extraAppend ? [opts.extraAppend] : []),
    ].join(' ');
    const args = [
      '-accel', 'tcg',
      '-m', String(opts.memoryMb ?? 256),
      '-smp', '1',
      '-nographic',
      '-no-reboot',
      '-kernel', image.kernelPath,
      '-initrd', image.initrdPath,
      '-append', append,
      '-chardev', `socket,id=con0,path=${optEscape(consoleSock)},server=on,wait=off,logfile=${optEscape(consoleLog)}`,
      '-serial', 'chardev:con0',
      '-display', 'none',
      '-monitor', 'none',
      '-nodefaults',
      '-vga', 'none',
    ];
    for (const n of nics) {
      args.push(
        '-netdev',
        `dgram,id=n${n.index},local.type=inet,local.host=127.0.0.1,local.port=${n.guestPort},` +
          `remote.type=inet,remote.host=127.0.0.1,remote.port=${n.hostPort}`,
        '-device',
        `virtio-net-pci,netdev=n${n.index},mac=${colonMac(n.mac)},romfile=`,
      );
    }

    const qemuLog = path.resolve(opts.workDir, 'qemu.log');
    writeFileSync(qemuLog, `${[qemu, ...args].map((a) => (/^[\w,.:=/+-]+$/.test(a) ? a : `'${a}'`)).join(' ')}\n`);
    // util-linux's setpriv sets the parent-death signal and execs QEMU: no guest outlives us
    const setpriv = which('setpriv');
    const [file, argv] = setpriv ? [setpriv, ['--pdeathsig', 'KILL', '--', qemu, ...args]] : [qemu, args];
    const started = Date.now();
    let child: ChildProcess;
    try {
      child = spawn(file, argv, { stdio: ['ignore', 'pipe', 'pipe'], detached: false });
    } catch (e) {
      for (const n of nics) n.socket.close();
      throw new KernelGuestError('spawn', `cannot start ${qemu}: ${(e as Error).message}`, '');
    }
    const guest = new KernelGuest(opts, nics, child, socketDir);
    if (child.pid !== undefined) {
      live.add(guest);
      killOnExit(killAll);
    }
    const spawnError = new Promise<Error>((resolve) => child.once('error', resolve));
    opts.onSpawn?.(guest);
    try {
      await guest.waitReady(opts.readyTimeoutMs ?? 30_000, consoleSock, spawnError);
    } catch (e) {
      await guest.stop();
      throw e;
    }
    guest.bootMs = Date.now() - started;
    return guest;
  }

  /** Called once if QEMU exits after the guest was ready and before stop() (a panic, a kill). */
  onUnexpectedExit(listener: (fault: KernelGuestError) => void): void {
    this.exitListeners.push(listener);
  }

  /** The tail of the console log (escape sequences and CRs removed). */
  consoleTail(bytes = CONSOLE_TAIL_BYTES): string {
    return readTail(this.consoleLog, bytes);
  }

  private fault(kind: KernelGuestFaultKind, what: string): KernelGuestError {
    const qemu = this.stderrText.trim();
    return new KernelGuestError(kind, `kernel guest 1.1.${this.node}: ${what}${qemu ? `\nQEMU said: ${qemu}` : ''}`, this.consoleTail());
  }

  private async waitReady(timeoutMs: number, consoleSock: string, spawnError: Promise<Error>): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    let spawnFailed: Error | undefined;
    void spawnError.then((e) => {
      spawnFailed = e;
    });
    let exited = false;
    void this.exited.then(() => {
      exited = true;
    });
    // the console socket appears once QEMU has parsed its options
    while (!this.console) {
      if (spawnFailed) throw this.fault('spawn', `cannot start qemu-system-x86_64: ${spawnFailed.message}`);
      if (exited) throw this.fault('exited', `QEMU exited (${this.exitInfo}) before opening its console`);
      if (Date.now() > deadline) throw this.fault('timeout', `QEMU opened no console socket within ${timeoutMs} ms`);
      if (existsSync(consoleSock)) {
        try {
          this.console = await connectUnix(consoleSock);
        } catch {
          // not listening yet
        }
      }
      if (!this.console) await sleep(10);
    }
    this.console.on('data', (b: Buffer) => this.onConsole(this.decoder.write(b)));
    this.console.on('error', () => undefined);

    const ready = new RegExp(`${READY_MARKER} ([0-9.]+)\\r?\\n`);
    // the whole line: the reason may reach the console after the marker
    const failed = new RegExp(`${FAILED_MARKER} ([^\\r\\n]*)\\r?\\n`);
    for (;;) {
      const text = this.consoleText;
      const r = ready.exec(text);
      if (r) {
        this.readyUptime = Number(r[1]);
        this.ready = true;
        this.consoleText = '';
        return;
      }
      const f = failed.exec(text);
      if (f) throw this.fault('setup-failed', `/init failed at: ${f[1]}`);
      if (/Kernel panic/.test(text)) {
        await sleep(200); // let the panic message reach the log
        throw this.fault('panic', 'the guest kernel panicked while booting');
      }
      if (exited) {
        const panic = /Kernel panic/.test(this.consoleTail(20000));
        throw this.fault(panic ? 'panic' : 'exited', `QEMU exited (${this.exitInfo}) before the guest was ready${panic ? ' (kernel panic)' : ''}`);
      }
      if (Date.now() > deadline) throw this.fault('timeout', `no ${READY_MARKER} within ${timeoutMs} ms`);
      await new Promise<void>((resolve) => {
        const t = setTimeout(resolve, 50);
        this.capture = {
          text: '',
          onData: () => {
            clearTimeout(t);
            resolve();
          },
        };
      });
      this.capture = undefined;
    }
  }

  private onConsole(s: string): void {
    // kept for the ready wait only; command output is captured per command
    if (!this.ready) this.consoleText = (this.consoleText + s).slice(-65536);
    if (this.capture) {
      this.capture.text += s;
      this.capture.onData();
    }
  }

  /** Runs a shell command on the console; resolves with its output (stdout and stderr) and status. */
  run(cmd: string, timeoutMs = 10_000): Promise<ExecResult> {
    const p = this.queue.then(() => this.runNow(cmd, timeoutMs));
    this.queue = p.catch(() => undefined);
    return p;
  }

  /** Runs a shell command on the console and returns its output; throws GuestCommandError on a non-zero status. */
  async exec(cmd: string, timeoutMs = 10_000): Promise<string> {
    const r = await this.run(cmd, timeoutMs);
    if (r.status !== 0) throw new GuestCommandError(cmd, r.status, r.output);
    return r.output;
  }

  private async runNow(cmd: string, timeoutMs: number): Promise<ExecResult> {
    const con = this.console;
    if (!con || this.stopping || this.exitInfo) throw this.fault('console', `cannot run \`${cmd}\`: the guest is not running`);
    if (cmd.includes('\n')) throw new Error('guest commands are one line');
    if (cmd.length > MAX_COMMAND) throw new Error(`guest command longer than ${MAX_COMMAND} characters (the console line editor would cut it)`);
    const n = ++this.seq;
    const start = `@@S${n}@@`;
    const end = new RegExp(`@@E${n}:(\\d+)@@`);
    const line = `echo @@S$((${n - 1}+1))@@; { ${cmd}\n} </dev/null 2>&1; echo @@E$((${n - 1}+1)):$?@@\n`;
    let scanned = 0;
    return new Promise<ExecResult>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.capture = undefined;
        con.write('\x03'); // interrupt whatever still runs
        reject(this.fault('timeout', `\`${cmd}\` gave no answer within ${timeoutMs} ms`));
      }, timeoutMs);
      const capture: Capture = {
        text: '',
        onExit: () => {
          clearTimeout(timer);
          if (this.capture === capture) this.capture = undefined;
          const panic = /Kernel panic/.test(this.consoleTail());
          reject(this.fault(panic ? 'panic' : 'exited', `QEMU exited (${this.exitInfo}) while running \`${cmd}\``));
        },
        onData: () => {
          // look for the end marker in what is new only (outputs can be long, chunks are small)
          const raw = capture.text;
          const from = Math.max(0, scanned - 32);
          scanned = raw.length;
          const m = end.exec(raw.slice(from));
          if (!m) return;
          const text = cleanConsole(raw.slice(0, from + m.index + m[0].length));
          const s = text.indexOf(`${start}\n`);
          if (s < 0) return;
          const body = text.slice(s + start.length + 1);
          const e = end.exec(body);
          if (!e) return;
          clearTimeout(timer);
          this.capture = undefined;
          resolve({ output: body.slice(0, e.index), status: Number(e[1]) });
        },
      };
      this.capture = capture;
      con.write(line);
    });
  }

  /** Sends one Ethernet frame to the guest's NIC. */
  sendFrame(nic: number, frame: Uint8Array): void {
    const n = this.nics[nic];
    if (!n) throw new Error(`guest 1.1.${this.node} has no NIC ${nic}`);
    if (this.stopping) return;
    n.socket.send(frame, n.guestPort, '127.0.0.1');
  }

  /** MAC of a NIC as 12 hex digits. */
  mac(nic: number): string {
    const n = this.nics[nic];
    if (!n) throw new Error(`guest 1.1.${this.node} has no NIC ${nic}`);
    return n.mac;
  }

  get nicCount(): number {
    return this.nics.length;
  }

  /** QEMU's process id. */
  get pid(): number | undefined {
    return this.child.pid;
  }

  /** `tipc -j ARGS`, parsed. */
  async tipcJson(args: string): Promise<unknown> {
    const out = (await this.exec(`tipc -j ${args}`)).trim();
    if (!out) return undefined;
    try {
      return JSON.parse(out) as unknown;
    } catch {
      throw new Error(`\`tipc -j ${args}\` printed no JSON: ${out.slice(0, 500)}`);
    }
  }

  /** `tipc -j link list` as { linkName: 'up' | 'down' } (the broadcast link included as "broadcast-link"). */
  async linkList(): Promise<Record<string, string>> {
    return linkStates(await this.tipcJson('link list'));
  }

  /**
   * `tipc node list` (this iproute2 prints no JSON for it): the peers with their identity (the
   * hex address for address-configured nodes, e.g. 1001002), hash and state ('up' | 'down').
   */
  async nodeList(): Promise<{ identity: string; hash: string; state: string }[]> {
    const out = await this.exec('tipc node list');
    const nodes: { identity: string; hash: string; state: string }[] = [];
    for (const line of out.split('\n')) {
      const m = /^(\S+)\s+([0-9a-fA-F]{8})\s+(\S+)\s*$/.exec(line);
      if (m?.[1] && m[2] && m[3]) nodes.push({ identity: m[1], hash: m[2], state: m[3] });
    }
    return nodes;
  }

  /** Drains the kernel's tipc_link_fsm / tipc_node_fsm trace lines recorded since the last call. */
  async traceEvents(): Promise<string[]> {
    const out = await this.exec('tipc-bind trace', 20_000);
    return out.split('\n').filter((l) => /tipc_(link|node)_fsm:/.test(l));
  }

  /**
   * What the harness reads of the kernel while it waits, in one console round trip: the FSM
   * trace lines since the last call, the binding table (`tipc -j nametable show`, undefined when
   * the dump failed, e.g. interrupted because the table changed under it: read again next time),
   * and the user messages the receiving socket got since the last call.
   */
  async observe(withData: boolean): Promise<{ trace: FsmTraceEvent[]; table: unknown; links: string[] | undefined; received: Received[] }> {
    const out = await this.exec(
      `tipc-bind trace; echo @@NT; tipc -j nametable show; echo "@@NT:$?"; tipc -j link list; echo "@@LL:$?"${withData ? '; echo @@RX; tipc-bind received' : ''}`,
      20_000,
    );
    const nt = out.indexOf('@@NT\n');
    const ntEnd = /@@NT:(\d+)\n/.exec(out);
    if (nt < 0 || !ntEnd) throw new Error(`the guest's observation of itself came back garbled: ${out.slice(0, 300)}`);
    const trace = out
      .slice(0, nt)
      .split('\n')
      .map(parseFsmTrace)
      .filter((e): e is FsmTraceEvent => e !== undefined);
    const table = jsonSection(out.slice(nt + 5, ntEnd.index), ntEnd[1]);
    // the links that exist now: one the kernel deleted (its bearer went down) leaves no trace line
    const llEnd = /@@LL:(\d+)\n/.exec(out);
    const linkJson = llEnd ? jsonSection(out.slice(ntEnd.index + ntEnd[0].length, llEnd.index), llEnd[1]) : undefined;
    const links = linkJson === undefined ? undefined : Object.keys(linkStates(linkJson));
    const rx = out.indexOf('@@RX\n');
    return { trace, table, links, received: rx < 0 ? [] : parseReceived(out.slice(rx + 5)) };
  }

  /** Opens (once) the socket that receives user messages; resolves with its port. */
  async openReceiver(): Promise<number> {
    const out = await this.exec('tipc-bind open');
    const m = /^ok (\d+)\s*$/m.exec(out);
    if (!m?.[1]) throw new Error(`tipc-bind open answered: ${out.trim()}`);
    return Number(m[1]);
  }

  /**
   * Sends one 4-byte big-endian message per value to `port` on node `node`, in order, `gapUs`
   * microseconds apart: the guest's helper queues them and paces them itself (after any it still
   * has queued), so a stream handed over in batches leaves the guest evenly. Returns how many
   * messages the helper has found no route for since it last said (EHOSTUNREACH: the link to the
   * node is down): those are lost, as a socket user's would be, and no fault of the guest.
   */
  async send(node: number, port: number, values: readonly number[], gapUs = 0): Promise<number> {
    let unreachable = 0;
    for (let i = 0; i < values.length; ) {
      let cmd = `tipc-bind send ${(node >>> 0).toString(16)} ${port >>> 0} ${Math.max(0, Math.round(gapUs))}`;
      while (i < values.length && cmd.length + String(values[i] >>> 0).length + 1 < MAX_COMMAND - 20) cmd += ` ${values[i++] >>> 0}`;
      const m = /^ok unreachable (\d+)\s*$/m.exec(await this.exec(cmd));
      unreachable += Number(m?.[1] ?? 0);
    }
    return unreachable;
  }

  /** Binds {type, lower, upper} on a socket the guest's helper keeps open. */
  async bind(type: number, lower: number, upper: number, scope: 'cluster' | 'node' = 'cluster'): Promise<number | undefined> {
    const out = await this.exec(`tipc-bind bind ${type >>> 0} ${lower >>> 0} ${upper >>> 0} ${scope}`);
    // "ok PORT": the port (socket reference) that holds the binding
    const m = /^ok (\d+)\s*$/m.exec(out);
    return m?.[1] === undefined ? undefined : Number(m[1]);
  }

  /** Binds many ranges with as few console commands as the line length allows. */
  async bindMany(ranges: readonly { type: number; lower: number; upper: number; scope?: 'cluster' | 'node' }[]): Promise<void> {
    let cmd = '';
    for (const r of ranges) {
      const part = ` bind ${r.type >>> 0} ${r.lower >>> 0} ${r.upper >>> 0} ${r.scope ?? 'cluster'}`;
      if (cmd && cmd.length + part.length > MAX_COMMAND - 20) {
        await this.exec(`tipc-bind${cmd}`);
        cmd = '';
      }
      cmd += part;
    }
    if (cmd) await this.exec(`tipc-bind${cmd}`);
  }

  /**
   * Binds the range at cluster scope and withdraws it, `times` times, in the guest at native speed
   * (tipc-bind churn: one socket, bind() with a negative scope withdraws): 2 * times updates.
   */
  async churn(type: number, lower: number, upper: number, times: number): Promise<boolean> {
    // about 10 us a round in the guest under emulation; generous for a busy machine
    const out = await this.exec(`tipc-bind churn ${type >>> 0} ${lower >>> 0} ${upper >>> 0} ${Math.trunc(times)}`, 10_000 + times);
    return new RegExp(`^ok ${Math.trunc(times)}\\s*$`, 'm').test(out);
  }

  /** Closes the socket of a binding made with bind(): the kernel withdraws it. */
  async unbind(type: number, lower: number, upper: number): Promise<void> {
    await this.exec(`tipc-bind unbind ${type >>> 0} ${lower >>> 0} ${upper >>> 0}`);
  }

  async setLinkTolerance(linkName: string, ms: number): Promise<void> {
    await this.exec(`tipc link set tolerance ${Math.trunc(ms)} link '${linkName}'`);
  }

  /**
   * `tipc link get tolerance link NAME`: the tolerance the kernel reports for the link
   * (tipc_nl_node_get_link → __tipc_nl_add_link, TIPC_NLA_PROP_TOL = l->tolerance), which
   * iproute2 prints as a number on a line of its own. Not yet run against a kernel here.
   */
  async linkTolerance(linkName: string): Promise<number> {
    const out = await this.exec(`tipc link get tolerance link '${linkName}'`);
    const lines = out.split('\n').map((l) => /^\s*(\d+)\s*$/.exec(l)?.[1]).filter((v): v is string => v !== undefined);
    const value = lines[lines.length - 1];
    if (value === undefined) throw new Error(`\`tipc link get tolerance link '${linkName}'\` printed no tolerance: ${out.trim().slice(0, 300)}`);
    return Number(value);
  }

  async setLinkPriority(linkName: string, priority: number): Promise<void> {
    await this.exec(`tipc link set priority ${Math.trunc(priority)} link '${linkName}'`);
  }

  async setBearerTolerance(nic: number, ms: number): Promise<void> {
    await this.exec(`tipc bearer set tolerance ${Math.trunc(ms)} media eth device eth${nic}`);
  }

  async ifDown(nic: number): Promise<void> {
    await this.exec(`ip link set eth${nic} down`);
  }

  async ifUp(nic: number): Promise<void> {
    await this.exec(`ip link set eth${nic} up`);
  }

  /** Kills QEMU at once (for exit handlers). */
  killNow(): void {
    try {
      this.child.kill('SIGKILL');
    } catch {
      // already gone
    }
    if (this.socketDir) rmSync(this.socketDir, { recursive: true, force: true });
  }

  /** Stops QEMU (SIGTERM, then SIGKILL after 2 s), closes the sockets, resolves when it has exited. */
  stop(): Promise<void> {
    if (!this.stopping) this.stopping = this.stopNow();
    return this.stopping;
  }

  private async stopNow(): Promise<void> {
    if (!this.exitInfo && this.child.pid !== undefined) {
      try {
        this.child.kill('SIGTERM');
      } catch {
        // gone
      }
      const killed = await Promise.race([this.exited.then(() => true), sleep(2000).then(() => false)]);
      if (!killed) {
        this.killNow();
        await this.exited;
      }
    }
    live.delete(this);
    this.console?.destroy();
    for (const n of this.nics) {
      try {
        n.socket.close();
      } catch {
        // closed
      }
    }
    if (this.socketDir) rmSync(this.socketDir, { recursive: true, force: true });
  }
}

/** `tipc -j link list` JSON ([{"NAME": "up"}, ...]) as { NAME: state }. */
function linkStates(j: unknown): Record<string, string> {
  const out: Record<string, string> = {};
  if (Array.isArray(j)) {
    for (const o of j) {
      if (typeof o !== 'object' || o === null) continue;
      for (const [k, v] of Object.entries(o as Record<string, unknown>)) out[k] = String(v);
    }
  }
  return out;
}

/** A `tipc -j` command's output in a combined console answer, parsed; undefined if it failed. */
function jsonSection(text: string, status: string | undefined): unknown {
  if (status !== '0') return undefined;
  const t = text.trim();
  try {
    return t === '' ? [] : (JSON.parse(t) as unknown);
  } catch {
    return undefined;
  }
}

/** User messages a guest's receiving socket got: the sending node and the 4-byte value of each. */
export interface Received {
  readonly from: number;
  readonly value: number;
}

/** `tipc-bind received` output: "NODE V V ..." lines (NODE in hex), then "ok" or "err ...". */
export function parseReceived(text: string): Received[] {
  const out: Received[] = [];
  for (const line of text.split('\n')) {
    const words = line.trim().split(/\s+/);
    if (words.length < 2 || !/^[0-9a-f]+$/i.test(words[0] ?? '')) continue;
    const from = parseInt(words[0] ?? '', 16) >>> 0;
    for (const w of words.slice(1)) if (/^\d+$/.test(w)) out.push({ from, value: Number(w) });
  }
  return out;
}

function connectUnix(p: string): Promise<net.Socket> {
  return new Promise((resolve, reject) => {
    const s = net.createConnection({ path: p });
    s.once('connect', () => {
      s.removeListener('error', reject);
      resolve(s);
    });
    s.once('error', reject);
  });
}

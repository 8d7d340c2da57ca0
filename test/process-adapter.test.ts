/**
 * The process node kind: RemoteStack (contract NodeStack) and its channel, against the bundled
 * reference IUT and against the deliberately faulty IUTs of test/fixtures/iut/, driven through
 * the contract's calls directly, then through the CLI. Every fault must surface as an IutFault of
 * the right kind, with a message that names the request and what happened, and the stderr tail
 * where the IUT wrote one; and no child process may outlive the case that started it.
 *
 * The CLI runs are started before the direct cases (they are separate processes, and one waits
 * out the default 10 s step limit), so that the file finishes in well under 30 s.
 */
import { strict as assert } from 'node:assert';
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import { after, before, describe, test } from 'node:test';
import { BROADCAST, NO_LATENCY, type NodeEventReport, type NodeStack, nodeAddress } from '../contract';
import { clusterFactory } from '../adapters/factory';
import { IUT_FAULT_KINDS, IutFault, type IutFaultKind, ProcessChannel, SHOWN_STDERR_LINES, STDERR_FLOOD_BYTES, STDERR_LIMIT_ENV, liveChildren, liveGroups, shownStderr } from '../adapters/process/channel';
import { STDERR_LOG_HEAD, STDERR_LOG_TAIL } from '../adapters/process/stderr-log';
import { LOG_EXCERPT_BYTES } from '../steps/support/file-excerpt';
import { PROTOCOL_VERSION } from '../adapters/process/protocol';
import { REFERENCE_CAPABILITIES } from '../adapters/process/reference-iut';
import { RemoteStack, type RemoteStackOptions } from '../adapters/process/remote-stack';
import { VERSION } from '../harness/package-info';
import { User, msgUser } from '../reference/msg';
import { decode } from '../reference/msg-codec';
import { type CliResult, PACKAGE_ROOT, runCli } from './support/cli';

const FIXTURES = path.join(PACKAGE_ROOT, 'test', 'fixtures', 'iut');
const REFERENCE_IUT = path.join(PACKAGE_ROOT, 'bin', 'tipc-reference-iut.js');
const ADDRESS = nodeAddress(1);
const MAX_LINE = 1024 * 1024;
/** Generous: a hello includes starting node, and the machine may be busy. Costs nothing unless an IUT hangs. */
const PATIENT_MS = 8000;
/** For the cases that wait out a hang on purpose. */
const SHORT_MS = 300;

let scratch = '';

/** The stderr bound of the flood cases, and what the flooding IUT writes: four times as much. */
const FLOOD_LIMIT = 4_000_000;
const FLOOD_BYTES = 4 * FLOOD_LIMIT;
/** A log cut to its head and tail: those, and the line between. */
const MAX_LOG = STDERR_LOG_HEAD + STDERR_LOG_TAIL + 200;

function fixture(name: string, ...args: string[]): string[] {
  return [process.execPath, path.join(FIXTURES, name), ...args];
}

function options(argv: readonly string[], more: Partial<RemoteStackOptions> = {}): RemoteStackOptions {
  return {
    argv,
    address: ADDRESS,
    netId: 4711,
    seed: 1,
    bearers: [{ id: 0, if_name: 'eth0', mac: '5254000a0001' }],
    stepTimeoutMs: PATIENT_MS,
    maxLine: MAX_LINE,
    ...more,
  };
}

/** The one child a RemoteStack just started (no other may be live between cases). */
function onlyChild(): number {
  const live = liveChildren();
  assert.equal(live.length, 1, `expected exactly one live child, got ${live.join(', ') || 'none'}`);
  return live[0] ?? 0;
}

/** 'gone' (no such process), 'zombie' (dead, not reaped yet) or 'alive'. */
function processState(pid: number): 'gone' | 'zombie' | 'alive' {
  try {
    process.kill(pid, 0);
  } catch (e) {
    if (e instanceof Error && 'code' in e && e.code === 'ESRCH') return 'gone';
    throw e;
  }
  try {
    // /proc/PID/stat: "pid (comm) S ..."; the command may hold spaces and parentheses
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2).startsWith('Z') ? 'zombie' : 'alive';
  } catch {
    return 'gone';
  }
}

/** The processes of a process group, from /proc (field 5 of /proc/PID/stat). */
function groupMembers(pgid: number): number[] {
  const found: number[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      if (Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[2]) === pgid) found.push(Number(entry));
    } catch {
      // ended meanwhile
    }
  }
  return found;
}

/** What forks.js wrote to its --pids file: each IUT process's pid and group, and its grandchild's. */
function forkedPids(file: string): { readonly iut: { pid: number; pgid: number }; readonly grandchild: { pid: number; pgid: number } }[] {
  const rows = readFileSync(file, 'utf8')
    .trim()
    .split('\n')
    .map((l) => l.split(' '))
    .map(([role, pid, pgid]) => ({ role, pid: Number(pid), pgid: Number(pgid) }));
  const pairs = [];
  // each IUT process writes its own line, then its grandchild's
  for (let i = 0; i + 1 < rows.length; i += 2) {
    const [iut, grandchild] = [rows[i], rows[i + 1]];
    assert.ok(iut?.role === 'iut' && grandchild?.role === 'grandchild', `forks.js wrote ${readFileSync(file, 'utf8')}`);
    pairs.push({ iut, grandchild });
  }
  assert.ok(pairs.length > 0, `forks.js wrote ${readFileSync(file, 'utf8')}`);
  return pairs;
}

/**
 * Every IUT process led a process group of its own, its grandchild was in it, and (within `ms`)
 * no process of the group is left. Cleans up (by pid) what it finds.
 */
async function assertGroupGone(file: string, ms = 3000): Promise<void> {
  for (const { iut, grandchild } of forkedPids(file)) {
    const deadline = Date.now() + ms;
    let left = groupMembers(iut.pgid);
    while (left.length > 0 && Date.now() < deadline) {
      await delay(20);
      left = groupMembers(iut.pgid);
    }
    const still = processState(grandchild.pid);
    for (const pid of [grandchild.pid, ...(iut.pgid === iut.pid ? left : [])]) {
      try {
        if (processState(pid) === 'alive') process.kill(pid, 'SIGKILL');
      } catch {
        // gone
      }
    }
    assert.notEqual(still, 'alive', `the grandchild ${grandchild.pid} of IUT process ${iut.pid} (it ignores SIGTERM, holds stdout) outlived it`);
    assert.equal(iut.pgid, iut.pid, 'the IUT leads a process group of its own');
    assert.equal(grandchild.pgid, iut.pgid, 'its grandchild is in its group');
    assert.deepEqual(left, [], `processes of the IUT's group ${iut.pgid} left`);
  }
}

/** Wait up to `ms` for the process to be gone (or, unless `reaped`, at least dead); the state last seen. */
async function waitDead(pid: number, ms = 2000, reaped = false): Promise<'gone' | 'zombie' | 'alive'> {
  const deadline = Date.now() + ms;
  for (;;) {
    const s = processState(pid);
    if (s === 'gone' || (s === 'zombie' && !reaped) || Date.now() >= deadline) return s;
    await delay(20);
  }
}

/**
 * The child must no longer run, and no channel may still count it. A killed child not yet reaped
 * is a zombie: dead, so accepted here; that close() reaps it is checked on its own at the end of
 * the direct cases.
 */
async function assertChildGone(pid: number): Promise<void> {
  assert.ok(pid > 0, 'no child pid');
  const s = await waitDead(pid);
  assert.notEqual(s, 'alive', `child ${pid} is still running`);
  assert.deepEqual(liveChildren(), [], 'liveChildren() after the case');
}

/** Run `act`, which must fail with an IutFault of `kind`; returns it. */
async function fault(kind: IutFaultKind, act: () => Promise<unknown>): Promise<IutFault> {
  let thrown: unknown;
  try {
    await act();
  } catch (e) {
    thrown = e;
  }
  assert.ok(thrown instanceof IutFault, `expected an IutFault (${kind}), got ${thrown instanceof Error ? thrown.stack : String(thrown)}`);
  assert.equal(thrown.kind, kind, thrown.message);
  assert.ok(thrown.message.startsWith(`implementation under test: ${kind}: `), thrown.message);
  return thrown;
}

/** A prepared node on a fixture, the fault it must raise on `act`, then close it and check nothing is left. */
async function stackFault(
  argv: readonly string[],
  kind: IutFaultKind,
  act: (s: RemoteStack) => Promise<unknown>,
  more: Partial<RemoteStackOptions> = {},
): Promise<{ readonly fault: IutFault; readonly pid: number }> {
  const s = new RemoteStack(options(argv, more));
  let pid = 0;
  try {
    await s.prepare();
    pid = onlyChild();
    const f = await fault(kind, () => act(s));
    // The channel is broken now: the next request fails at once with the same fault.
    assert.equal(await fault(kind, () => s.tick(1000)), f, 'a broken channel gives its first fault again');
    assert.equal(s.fault(), f, 'the node reports the fault it broke with');
    await assertChildGone(pid);
    return { fault: f, pid };
  } finally {
    await s.close();
    if (pid !== 0) await assertChildGone(pid);
  }
}

const PUBLICATION = { type: 1000, lower: 1, upper: 9, scope: 'cluster', port: 42, key: 7 } as const;

/**
 * A tiny driver for process nodes on one bearer, all on the same virtual clock: frames cross at
 * once, timers run when due. Until `until` ms, or until nothing is left to do. The events each
 * node reported, in order.
 */
async function drive(nodes: readonly RemoteStack[], until: number): Promise<Map<RemoteStack, NodeEventReport[]>> {
  const events = new Map<RemoteStack, NodeEventReport[]>(nodes.map((n) => [n, []]));
  const collect = (): { to: RemoteStack; bearer: number; bytes: Uint8Array }[] => {
    const frames: { to: RemoteStack; bearer: number; bytes: Uint8Array }[] = [];
    for (const n of nodes) {
      events.get(n)?.push(...n.pollEvents());
      for (const f of n.pollTransmit()) {
        for (const to of nodes) if (to !== n && (f.dest === BROADCAST || f.dest === to.address)) frames.push({ to, bearer: f.bearer, bytes: f.bytes });
      }
    }
    return frames;
  };
  let now = 0;
  for (;;) {
    const frames = collect();
    if (frames.length > 0) {
      for (const f of frames) await f.to.receive(now, f.bearer, f.bytes);
      continue;
    }
    const due = nodes.map((n) => n.pollTimeout()).filter((t): t is number => t !== undefined);
    if (due.length === 0) break;
    const next = Math.max(now, Math.min(...due));
    if (next > until) break;
    now = next;
    for (const n of nodes) {
      const t = n.pollTimeout();
      if (t !== undefined && t <= now) await n.tick(now);
    }
  }
  return events;
}

// ---------------------------------------------------------------------------------- the CLI runs

/** Something unique to put on an IUT's command line, to find its processes afterwards. */
function token(name: string): string {
  return `pa-${name}-${process.pid}-${Math.random().toString(36).slice(2, 10)}`;
}

/** Processes whose command line contains `needle` (not this one). */
function processesWith(needle: string): { readonly pid: number; readonly args: string }[] {
  const found: { pid: number; args: string }[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry) || Number(entry) === process.pid) continue;
    let args: string;
    try {
      args = readFileSync(`/proc/${entry}/cmdline`, 'utf8').split('\0').join(' ');
    } catch {
      continue; // ended meanwhile
    }
    if (args.includes(needle)) found.push({ pid: Number(entry), args });
  }
  return found;
}

/** After a CLI run: nothing started with `tok` may still run. Cleans up (by pid) what it finds. */
function assertNoProcessWith(tok: string): void {
  const left = processesWith(tok);
  for (const p of left) {
    try {
      process.kill(p.pid, 'SIGKILL');
    } catch {
      // gone
    }
  }
  assert.deepEqual(left, [], `processes left behind by the run: ${left.map((p) => `${p.pid} ${p.args}`).join('; ')}`);
}

function show(r: CliResult): string {
  return `exit ${r.code}\n--- stdout\n${r.stdout}\n--- stderr\n${r.stderr}`;
}

const SEQUENCE_CONTROL = 'features/naming/sequence-control.feature';

interface PlannedRun {
  readonly out: string;
  readonly tok: string;
  readonly result: Promise<CliResult>;
}

const runs = new Map<string, PlannedRun>();

function startRun(name: string, iut: (tok: string, dir: string) => string, tags: string, env: Readonly<Record<string, string>> = {}): void {
  const tok = token(name);
  const out = path.join(scratch, `out-${name}`);
  const result = runCli(['run', '--no-report', '--iut', iut(tok, scratch), '--features', SEQUENCE_CONTROL, '--tags', tags, '--out', out], PACKAGE_ROOT, env);
  runs.set(name, { out, tok, result });
}

function planned(name: string): PlannedRun {
  const r = runs.get(name);
  assert.ok(r, `run ${name} was not started`);
  return r;
}

function quoteArg(s: string): string {
  return `'${s.replace(/'/g, `'\\''`)}'`;
}

before(() => {
  scratch = mkdtempSync(path.join(tmpdir(), 'tipc-process-adapter-'));
  startRun('exits', (tok) => `process:node test/fixtures/iut/exits.js --token ${tok}`, '@req:NB-3');
  startRun(
    'crash-first',
    (tok, dir) => `process:node test/fixtures/iut/exits.js --once ${quoteArg(path.join(dir, 'crashed-once'))} --token ${tok}`,
    '@req:NB-3 or @req:NB-4',
  );
  startRun('stubborn-hang', (tok) => `process:node test/fixtures/iut/stubborn.js --on bearer_up --token ${tok}`, '@req:NB-3');
  startRun('stubborn-stop', (tok) => `process:node test/fixtures/iut/stubborn.js --on stop --reference --token ${tok}`, '@req:NB-3');
  startRun('forks', (tok, dir) => `process:node test/fixtures/iut/forks.js --reference --pids ${quoteArg(path.join(dir, 'forks-pids'))} --token ${tok}`, '@req:NB-3');
  // a smaller bound than the default 64 MB, so that the flood takes a moment (test/long/iut-flood.test.ts floods 100 MB)
  startRun('flood', (tok) => `process:node test/fixtures/iut/flood.js --bytes ${FLOOD_BYTES} --token ${tok}`, '@req:NB-3', { [STDERR_LIMIT_ENV]: String(FLOOD_LIMIT) });
});

after(async () => {
  // Whatever happened, wait for the runs (never leave a CLI behind), then clean up.
  await Promise.all([...runs.values()].map((r) => r.result));
  if (scratch !== '') rmSync(scratch, { recursive: true, force: true });
});

// ------------------------------------------------------------------------------ direct, per fault

describe('RemoteStack against the reference IUT process', () => {
  test('a NodeStack on the virtual clock: hello and init in prepare(), bearer_up with a LINK_CONFIG broadcast, the node-state binding, stop', async () => {
    const s: RemoteStack = new RemoteStack(options([process.execPath, REFERENCE_IUT]));
    const node: NodeStack = s;
    assert.equal(node.clock, 'virtual');
    assert.deepEqual(node.latency, NO_LATENCY);
    assert.deepEqual(liveChildren(), [], 'nothing runs before prepare()');
    assert.throws(() => s.statement, /not prepared/);
    await s.prepare();
    const pid = onlyChild();
    try {
      assert.equal(s.statement.name, 'tipc-conformance reference (fixed)');
      assert.equal(s.statement.version, VERSION);
      assert.deepEqual(s.statement.capabilities, [...REFERENCE_CAPABILITIES]);
      assert.equal(s.address, ADDRESS);
      assert.equal(s.bearerCount, 1);
      assert.equal(s.fault(), undefined);
      assert.deepEqual(s.attachments(), []);
      await node.refresh(true);

      // Discovery starts with the bearer: its first LINK_CONFIG request is due at once.
      await s.bearerUp(0, 0);
      assert.equal(s.pollTimeout(), 0, 'the first discovery request is due the instant the bearer comes up');
      await s.tick(0);
      const frames = s.pollTransmit();
      const discovery = frames.filter((f) => f.dest === BROADCAST && f.bearer === 0);
      assert.ok(discovery.length >= 1, `no broadcast after bearer_up: ${JSON.stringify(frames)}`);
      for (const f of discovery) {
        const d = decode(f.bytes);
        assert.ok(d.ok, `the broadcast does not decode: ${d.ok ? '' : d.error.message}`);
        assert.equal(msgUser(d.msg), User.LINK_CONFIG);
      }
      assert.equal(typeof s.pollTimeout(), 'number', 'a node with a bearer up wants a tick (discovery)');

      const table = await s.nameTable();
      assert.ok(
        table.some((b) => b.type === 0 && b.lower === ADDRESS && b.upper === ADDRESS && b.node === ADDRESS),
        `no node-state binding {0, ${ADDRESS}} in ${JSON.stringify(table)}`,
      );
      assert.equal(await s.publish(0, PUBLICATION), true);
      assert.ok((await s.nameTable()).some((b) => b.type === PUBLICATION.type && b.port === PUBLICATION.port));
      assert.equal(await s.linkState(nodeAddress(2), 0), undefined, 'no link to a node never heard of');
      assert.equal(await s.nodeState(nodeAddress(2)), undefined, 'no record of a node never heard of');
      assert.equal(await s.dataPort(), 4242);
    } finally {
      await s.close();
    }
    await assertChildGone(pid);
  });

  test('two reference IUT processes link up: events in the contract\'s shapes, states, a delivery', async () => {
    const a = new RemoteStack(options([process.execPath, REFERENCE_IUT]));
    const b = new RemoteStack(options([process.execPath, REFERENCE_IUT], { address: nodeAddress(2), seed: 2, bearers: [{ id: 0, if_name: 'eth0', mac: '5254000a0002' }] }));
    try {
      await Promise.all([a.prepare(), b.prepare()]);
      await a.start(0);
      await b.start(0);
      const events = await drive([a, b], 2000);
      assert.equal(await a.linkState(b.address, 0), 'ESTABLISHED');
      assert.equal(await b.nodeState(a.address), 'SELF_UP_PEER_UP');
      const linkEvents = (events.get(a) ?? []).filter((e) => e.kind === 'link-fsm');
      assert.ok(linkEvents.length > 0, 'no link-fsm event');
      for (const e of linkEvents) {
        assert.deepEqual(Object.keys(e).sort(), ['bearer', 'evt', 'from', 'kind', 'peer', 'to'], JSON.stringify(e));
        assert.equal(e.peer, b.address);
        assert.equal(e.bearer, 0);
      }
      assert.ok(linkEvents.some((e) => e.to === 'ESTABLISHED' && e.from !== 'ESTABLISHED'), JSON.stringify(linkEvents));
      assert.ok((events.get(b) ?? []).some((e) => e.kind === 'node-fsm' && e.peer === a.address && e.to === 'SELF_UP_PEER_UP'));

      assert.equal(await a.sendData(2000, b.address, 4242, Uint8Array.of(0, 0, 0, 7)), true);
      const delivered = await drive([a, b], 2001);
      const data = (delivered.get(b) ?? []).filter((e) => e.kind === 'data');
      assert.equal(data.length, 1, JSON.stringify(data));
      assert.deepEqual(data[0], { kind: 'data', from: a.address, port: 4242, payload: Uint8Array.of(0, 0, 0, 7) });
    } finally {
      await Promise.all([a.close(), b.close()]);
    }
    assert.deepEqual(liveChildren(), []);
  });

  test("an IUT's FSM events are trace notes whether or not it writes them, each once", async () => {
    // a: events only (as an IUT that writes no notes); b: events and its own notes of them
    const a = new RemoteStack(options([process.execPath, REFERENCE_IUT, '--no-notes']));
    const b = new RemoteStack(options([process.execPath, REFERENCE_IUT], { address: nodeAddress(2), seed: 2, bearers: [{ id: 0, if_name: 'eth0', mac: '5254000a0002' }] }));
    try {
      await Promise.all([a.prepare(), b.prepare()]);
      await a.start(0);
      await b.start(0);
      const events = await drive([a, b], 2000);
      const fsmLines = (notes: readonly string[]): string[] => notes.filter((n) => /^(link|node) <[^>]*> \w+--\(\w+\)->\w+/.test(n));
      const expected = (events.get(a) ?? []).flatMap((e) =>
        e.kind === 'link-fsm'
          ? [`link <1001001:eth0-1001002:eth0> ${e.from}--(${e.evt})->${e.to}`]
          : e.kind === 'node-fsm'
            ? [`node <1001002> ${e.from}--(${e.evt})->${e.to}`]
            : [],
      );
      assert.ok(expected.some((l) => l.endsWith('->ESTABLISHED')) && expected.some((l) => l.endsWith('->SELF_UP_PEER_UP')), expected.join('\n'));
      assert.deepEqual(a.pollNotes(), expected, 'the harness writes every transition of an IUT that writes none, in order');
      const bLines = fsmLines(b.pollNotes());
      const bEvents = (events.get(b) ?? []).filter((e) => e.kind === 'link-fsm' || e.kind === 'node-fsm');
      assert.equal(bLines.length, bEvents.length, `an IUT that writes its transitions gets none twice:\n${bLines.join('\n')}`);
      assert.ok(bLines.some((l) => l.includes(':unknown>')), 'its own lines stand (the link named with the peer\'s interface unknown at first)');
    } finally {
      await Promise.all([a.close(), b.close()]);
    }
    assert.deepEqual(liveChildren(), []);
  });
});


describe('faulty IUTs through RemoteStack and ProcessChannel', () => {
  test('exits on bearer_up: exited, with the exit code, the request and the stderr tail', async () => {
    const { fault: f } = await stackFault(fixture('exits.js'), 'exited', (s) => s.bearerUp(0, 0));
    assert.match(f.message, /exited: exited with code 3 \(while answering bearer_up at 0 ms\)/);
    assert.match(f.stderrTail, /exits\.js: giving up on bearer_up \(request 3\), exit code 3/);
    assert.match(f.message, /its stderr ends:\n {7}\| exits\.js: giving up on bearer_up/);
  });

  test('exits on a frame: exited, naming the frame and its time', async () => {
    const { fault: f } = await stackFault(fixture('exits.js', '--code', '7'), 'exited', (s) => s.receive(25, 0, new Uint8Array([1, 2, 3])));
    assert.match(f.message, /exited with code 7 \(while answering frame at 25 ms\)/);
  });

  test('hangs on bearer_up (RemoteStack): hung after the step limit, stderr tail, the child killed', async () => {
    const limit = 2500; // the hello has at least 10 s to start in: this limit is the bearer_up's
    const t0 = Date.now();
    let took = 0;
    const { fault: f } = await stackFault(
      fixture('hangs.js'),
      'hung',
      async (s) => {
        const start = Date.now();
        try {
          await s.bearerUp(0, 0);
        } finally {
          took = Date.now() - start;
        }
      },
      { stepTimeoutMs: limit },
    );
    assert.match(f.message, new RegExp(`hung: no answer to bearer_up at 0 ms within ${limit} ms`));
    assert.match(f.stderrTail, /hangs\.js: not answering bearer_up/);
    assert.ok(took >= limit - 50 && took < limit + 2500, `the hang was cut after ${took} ms (limit ${limit})`);
    assert.ok(Date.now() - t0 < limit + 10_000);
  });

  test('the scenario limit ran out: hung before the request is sent', async () => {
    // room enough for hello and init on a busy machine (the CLI runs of before() compete); then
    // the limit runs out while the scenario waits, and the next request is never sent
    const deadline = Date.now() + 3000;
    const { fault: f } = await stackFault(fixture('hangs.js'), 'hung', async (s) => {
      await delay(Math.max(0, deadline - Date.now()) + 100);
      await s.bearerUp(0, 0);
    }, { deadline });
    assert.match(f.message, /hung: the scenario's time limit ran out before bearer_up at 0 ms/);
  });

  test('hangs on a query (ProcessChannel, per-request limit): hung, names the request', async () => {
    const ch = new ProcessChannel(fixture('hangs.js', '--on', 'name_table'), { maxLine: MAX_LINE });
    try {
      const hello = await ch.request(JSON.stringify({ id: 1, op: 'hello', protocol: PROTOCOL_VERSION }), PATIENT_MS, 'hello');
      assert.match(hello, /"ok":true/);
      const pid = ch.pid;
      assert.deepEqual(liveChildren(), [pid]);
      const f = await fault('hung', () => ch.request(JSON.stringify({ id: 2, op: 'name_table' }), SHORT_MS, 'name_table'));
      assert.match(f.message, new RegExp(`no answer to name_table within ${SHORT_MS} ms`));
      assert.match(f.stderrTail, /hangs\.js: not answering name_table/);
      await assertChildGone(pid);
      assert.equal(await fault('hung', () => ch.request('{}', SHORT_MS, 'anything')), f);
    } finally {
      await ch.close();
    }
    assert.deepEqual(liveChildren(), []);
  });

  test('ignores SIGTERM and stdin EOF and hangs: killed all the same (SIGKILL)', async () => {
    const ch = new ProcessChannel(fixture('stubborn.js', '--on', 'bearer_up'), { maxLine: MAX_LINE });
    let pid = 0;
    try {
      await ch.request(JSON.stringify({ id: 1, op: 'hello', protocol: PROTOCOL_VERSION }), PATIENT_MS, 'hello');
      pid = ch.pid;
      // It really does ignore SIGTERM: still running a while after one.
      process.kill(pid, 'SIGTERM');
      await delay(300);
      assert.equal(processState(pid), 'alive', 'the fixture should survive SIGTERM');
      const f = await fault('hung', () => ch.request(JSON.stringify({ id: 2, op: 'bearer_up', now: 0, bearer: 0 }), SHORT_MS, 'bearer_up at 0 ms'));
      assert.match(f.message, /no answer to bearer_up at 0 ms within 300 ms/);
      assert.match(f.stderrTail, new RegExp(`stubborn\\.js: pid ${pid}, hanging on bearer_up`));
      assert.match(f.stderrTail, /stubborn\.js: ignoring SIGTERM/);
      await assertChildGone(pid);
    } finally {
      await ch.close();
    }
    await assertChildGone(pid);
  });

  test('answers garbage: garbage, quoting what it wrote', async () => {
    const { fault: f } = await stackFault(fixture('garbage.js'), 'garbage', (s) => s.bearerUp(0, 0));
    assert.match(f.message, /garbage: answered bearer_up at 0 ms with not JSON: this is not json$/);
  });

  test('writes an endless line: line-too-long at the limit, not 5 MB later', async () => {
    const t0 = Date.now();
    const { fault: f } = await stackFault(fixture('endless-line.js'), 'line-too-long', (s) => s.bearerUp(0, 0));
    assert.match(f.message, new RegExp(`line-too-long: wrote a line longer than ${MAX_LINE} bytes \\(while answering bearer_up at 0 ms\\)`));
    assert.ok(Date.now() - t0 < PATIENT_MS, 'the over-long line was not cut short');
  });

  test('answers with a wrong id: protocol, naming the ids', async () => {
    const { fault: f } = await stackFault(fixture('protocol.js', '--mode', 'wrong-id'), 'protocol', (s) => s.bearerUp(0, 0));
    assert.match(f.message, /protocol: answered bearer_up at 0 ms with reply id 1003 does not answer request 3 \(bearer_up\)/);
  });

  test('answers publish ok but without "accepted": protocol, naming the field', async () => {
    const { fault: f } = await stackFault(fixture('protocol.js', '--mode', 'no-accepted'), 'protocol', (s) => s.publish(0, PUBLICATION));
    assert.match(f.message, /protocol: answered publish at 0 ms with accepted must be a boolean \(it is missing\)$/);
  });

  test('answers link_state with a state no kernel has: protocol', async () => {
    const { fault: f } = await stackFault(fixture('protocol.js', '--mode', 'bad-state'), 'protocol', (s) => s.linkState(nodeAddress(2), 0));
    assert.match(f.message, /protocol: answered link_state with state must be a link state or "ABSENT": ESTABLISHED, .*, not "DANCING"$/);
  });

  test('answers with an event of protocol 1 (a link name, no peer and bearer): protocol, saying so first', async () => {
    const { fault: f } = await stackFault(fixture('protocol.js', '--mode', 'v1-event'), 'protocol', (s) => s.bearerUp(0, 0));
    assert.match(f.message, /protocol: answered bearer_up at 0 ms with events\[0\]\.link is protocol 1's; protocol 2 gives peer and bearer instead; events\[0\]\.peer must be a node address/);
  });

  test('sends an undecodable frame after a tick or a frame: bad-frame, with its bytes', async () => {
    const tick = await stackFault(fixture('bad-frame.js'), 'bad-frame', (s) => s.tick(10));
    assert.match(tick.fault.message, /bad-frame: sent an undecodable frame after tick at 10 ms: .*\(00\)$/);
    const frame = await stackFault(fixture('bad-frame.js'), 'bad-frame', (s) => s.receive(20, 0, new Uint8Array([0xde, 0xad])));
    assert.match(frame.fault.message, /sent an undecodable frame after frame at 20 ms: expected at least 24 bytes .*got 1 \(00\)$/);
  });

  test('refuses bearer_up: refused, with its error', async () => {
    const { fault: f } = await stackFault(fixture('refuses.js'), 'refused', (s) => s.bearerUp(0, 0));
    assert.match(f.message, /refused: refused bearer_up at 0 ms: nope/);
  });

  test('refuses init: prepare() fails, and the child is gone', async () => {
    const s = new RemoteStack(options(fixture('refuses.js', '--on', 'init')));
    try {
      const f = await fault('refused', () => s.prepare());
      assert.match(f.message, /refused init: nope/);
      assert.deepEqual(liveChildren(), []);
    } finally {
      await s.close();
    }
  });

  test('refuses a hello of protocol 2 (an IUT of protocol 1): refused, with its reason', async () => {
    const s = new RemoteStack(options(fixture('refuses.js', '--on', 'hello')));
    try {
      const f = await fault('refused', () => s.prepare());
      assert.match(f.message, /refused hello: nope/);
    } finally {
      await s.close();
    }
    assert.deepEqual(liveChildren(), []);
  });

  test('cannot be started: spawn', async () => {
    const ch = new ProcessChannel([path.join(scratch, 'no-such-iut')], { maxLine: MAX_LINE });
    try {
      const f = await fault('spawn', () => ch.request('{}', PATIENT_MS, 'hello'));
      assert.match(f.message, /ENOENT \(while answering hello\)/);
    } finally {
      await ch.close();
    }
    assert.deepEqual(liveChildren(), []);
    assert.throws(() => new ProcessChannel([], { maxLine: MAX_LINE }), (e: unknown) => e instanceof IutFault && e.kind === 'spawn' && /empty command line/.test(e.message));
  });

  test('writes 16 KB to stderr, then exits: the tail is the end of it, the log has all of it', async () => {
    const logFile = path.join(scratch, 'noisy-exit.stderr.log');
    const { fault: f } = await stackFault(fixture('noisy.js', '--then', 'exit'), 'exited', (s) => s.bearerUp(0, 0), { logFile });
    assert.match(f.message, /exited with code 4 \(while answering bearer_up at 0 ms\)/);
    assert.match(f.stderrTail, /noisy\.js: last words before exit on bearer_up\n$/);
    assert.match(f.stderrTail, /stderr line 0200 of 200/);
    assert.ok(!f.stderrTail.includes('stderr line 0001 of 200'), 'the tail is the end, not all of it');
    assert.ok(f.stderrTail.length <= 8192);
    const log = readFileSync(logFile, 'utf8');
    assert.match(log, /^noisy\.js: stderr line 0001 of 200/);
    assert.match(log, /noisy\.js: last words before exit on bearer_up\n$/);
    // the message, which the terminal prints under the scenario, shows the last lines and where the rest is
    const shown = f.message.split('\n').filter((l) => l.startsWith('       | '));
    assert.equal(shown.length, SHOWN_STDERR_LINES, f.message);
    assert.equal(shown[0], '       | noisy.js: stderr line 0192 of 200 ' + '.'.repeat(60));
    assert.equal(shown[SHOWN_STDERR_LINES - 1], '       | noisy.js: last words before exit on bearer_up');
    assert.match(f.message, new RegExp(`\n {5}its stderr ends \\(its last ${SHOWN_STDERR_LINES} lines\\):\n`));
    assert.ok(f.message.endsWith(`\n     all of it: ${logFile}`), f.message);
    assert.ok(f.message.length < 2000, `${f.message.length} characters`);
  });

  test('docs/adapter-protocol.md section 7 names every fault kind, and the stderr bound the harness applies', () => {
    const all = readFileSync(path.join(PACKAGE_ROOT, 'docs', 'adapter-protocol.md'), 'utf8');
    const doc = all.slice(all.indexOf('\n## 7. '), all.indexOf('\n## 8. '));
    const table = [...doc.matchAll(/^\| `([a-z-]+)` \|/gm)].map((m) => m[1]);
    assert.deepEqual(table, [...IUT_FAULT_KINDS]);
    assert.match(doc, new RegExp(`\\| \`stderr-flood\` \\| more than 64 MiB \\(${STDERR_FLOOD_BYTES.toLocaleString('en')} bytes, \`STDERR_FLOOD_BYTES\`\\)`));
  });

  test("the message shows a long stderr line cut, a short stderr whole, and names the log only when there is one", () => {
    const long = `${'x'.repeat(5000)}\nshort\n`;
    assert.equal(shownStderr(long), `\n     its stderr ends:\n       | ${'x'.repeat(199)}…\n       | short`);
    assert.equal(shownStderr('one\ntwo\n', path.join(PACKAGE_ROOT, 'reports', 'iut-logs', 'a--node1.stderr.log')).split('\n').slice(-1)[0], '     all of it: reports/iut-logs/a--node1.stderr.log');
    assert.equal(new IutFault('exited', 'exited with code 1', 'bye\n').message, 'implementation under test: exited: exited with code 1\n     its stderr ends:\n       | bye');
  });

  test('writes to stderr, then refuses or answers garbage: the tail comes with those faults too', async () => {
    const refused = await stackFault(fixture('noisy.js', '--then', 'refuse', '--lines', '3'), 'refused', (s) => s.bearerUp(0, 0));
    assert.match(refused.fault.stderrTail, /stderr line 0003 of 3 .*\nnoisy\.js: last words before refuse on bearer_up\n$/);
    const garbage = await stackFault(fixture('noisy.js', '--then', 'garbage', '--lines', '3'), 'garbage', (s) => s.bearerUp(0, 0));
    assert.match(garbage.fault.message, /its stderr ends:\n(?: {7}\| .*\n)* {7}\| noisy\.js: last words before garbage on bearer_up/);
  });

  test('a cluster whose second IUT node fails to start leaves no child behind', async () => {
    const node2 = nodeAddress(2);
    const factory = clusterFactory(
      {
        iut: { kind: 'process', argv: ['node', 'test/fixtures/iut/refuses.js', '--on', 'init', '--address', String(node2)] },
        testers: 'reference',
        seed: 1,
        out: scratch,
        capabilities: [],
        iutTimeoutMs: PATIENT_MS,
        replay: [],
      },
      { logDir: path.join(scratch, 'refuses-logs') },
    );
    const c = factory.create({ nodes: [1, 2], iut: [1, 2], seed: 1 }, { name: 'refuses', startedAt: Date.now() });
    try {
      const f = await fault('refused', () => c.start());
      assert.match(f.message, /refused init: nope/);
    } finally {
      await c.stop();
    }
    const left = liveChildren();
    for (const pid of left) {
      try {
        process.kill(pid, 'SIGKILL'); // ours: clean up so that later cases start empty
      } catch {
        // gone
      }
    }
    assert.deepEqual(left, [], 'node 1 was started, node 2 refused, and node 1 still runs');
  });

  test('writes 3 MB to stderr under the bound, then exits: exited; the log keeps 1 MB of head and of tail and says what it cut', async () => {
    const logFile = path.join(scratch, 'flood-3mb.stderr.log');
    const bytes = 3_000_000;
    const { fault: f } = await stackFault(fixture('flood.js', '--bytes', String(bytes)), 'exited', (s) => s.bearerUp(0, 0), { logFile });
    assert.match(f.message, /exited with code 5 \(while answering bearer_up at 0 ms\)/);
    assert.match(f.stderrTail, /flood\.js: the last line\n$/);
    // what flood.js writes: its first line, lines of 100 bytes up to `bytes`, its last line
    const total = 'flood.js: the first line\n'.length + Math.ceil(bytes / 100) * 100 + 'flood.js: the last line\n'.length;
    const log = readFileSync(logFile, 'utf8');
    assert.ok(log.length <= MAX_LOG, `the log is ${log.length} bytes`);
    assert.ok(log.startsWith('flood.js: the first line\nflood.js: line 0000000001 '), log.slice(0, 100));
    assert.ok(log.endsWith('flood.js: the last line\n'), log.slice(-100));
    const cut = /\n\[\.\.\. ([\d,]+) bytes left out: stderr was ([\d,]+) bytes; this log keeps the first ([\d,]+) and the last ([\d,]+) \.\.\.\]\n/.exec(log);
    assert.ok(cut, 'the log says where it was cut');
    const n = (s: string | undefined): number => Number((s ?? '').replace(/,/g, ''));
    assert.equal(n(cut[2]), total);
    assert.equal(n(cut[1]), total - STDERR_LOG_HEAD - STDERR_LOG_TAIL);
    assert.equal(cut.index, STDERR_LOG_HEAD, 'the cut line follows the head');
  });

  test('floods stderr past the bound: stderr-flood, killed, the log its head and tail', async () => {
    const logFile = path.join(scratch, 'flood.stderr.log');
    const { fault: f } = await stackFault(fixture('flood.js', '--bytes', String(FLOOD_BYTES), '--then', 'answer'), 'stderr-flood', (s) => s.bearerUp(0, 0), {
      logFile,
      stderrLimit: FLOOD_LIMIT,
    });
    assert.match(f.message, /stderr-flood: wrote more than 4,000,000 bytes to stderr \(while answering bearer_up at 0 ms\)/);
    assert.match(f.message, /\| flood\.js: line \d{10} \.+/);
    assert.ok(f.stderrTail.length <= 8192);
    const size = statSync(logFile).size;
    assert.ok(size <= MAX_LOG, `the log is ${size} bytes`);
    const log = readFileSync(logFile, 'utf8');
    assert.ok(log.startsWith('flood.js: the first line\n'));
    assert.ok(!log.includes('flood.js: the last line'), 'killed before the end of its flood');
    const total = Number(/stderr was ([\d,]+) bytes/.exec(log)?.[1]?.replace(/,/g, ''));
    assert.ok(total > FLOOD_LIMIT && total < FLOOD_BYTES, `stderr was ${total} bytes`);
  });

  test('forks a grandchild that ignores SIGTERM and holds stdout: close() ends the whole process group', async () => {
    const pids = path.join(scratch, 'forks-direct-pids');
    const s = new RemoteStack(options(fixture('forks.js', '--reference', '--pids', pids)));
    try {
      await s.prepare();
      assert.deepEqual(liveGroups(), [s.pid], 'the IUT leads its own group, which the channel counts');
    } finally {
      await s.close();
    }
    await assertGroupGone(pids);
    assert.deepEqual(liveGroups(), []);
  });

  test('a closed child is reaped, not left a zombie', async () => {
    const s = new RemoteStack(options(fixture('hangs.js')));
    await s.prepare();
    const pid = onlyChild();
    await s.close();
    assert.equal(await waitDead(pid, 1000, true), 'gone', `child ${pid} after close()`);
  });

  test('an idle channel does not keep the harness alive; its child is killed when the harness exits', async () => {
    // A script that opens a channel, answers nothing, and ends: node must exit by itself.
    const script = [
      "require('ts-node/register');",
      `const { ProcessChannel } = require(${JSON.stringify(path.join(PACKAGE_ROOT, 'adapters', 'process', 'channel.ts'))});`,
      `const ch = new ProcessChannel(${JSON.stringify(fixture('stubborn.js', '--on', 'nothing'))}, { maxLine: 1024 });`,
      "ch.request(JSON.stringify({ id: 1, op: 'hello', protocol: 2 }), 8000, 'hello').then(() => console.log(ch.pid));",
    ].join('\n');
    const child = spawn(process.execPath, ['-e', script], { cwd: PACKAGE_ROOT, stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => (out += d));
    const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
    assert.equal(code, 0);
    const pid = Number(out.trim());
    assert.ok(pid > 0, out);
    assert.notEqual(await waitDead(pid), 'alive', 'the stubborn child outlived the harness');
  });

  test("a harness stopped by SIGINT (Ctrl-C, which an IUT's own group does not get) ends its IUTs' groups, grandchildren too", async () => {
    const pids = path.join(scratch, 'forks-sigint-pids');
    const script = [
      "require('ts-node/register');",
      `const { ProcessChannel } = require(${JSON.stringify(path.join(PACKAGE_ROOT, 'adapters', 'process', 'channel.ts'))});`,
      `const ch = new ProcessChannel(${JSON.stringify(fixture('forks.js', '--pids', pids))}, { maxLine: 1024 });`,
      // a timer keeps it alive until the signal
      "ch.request(JSON.stringify({ id: 1, op: 'hello', protocol: 2 }), 8000, 'hello').then(() => { console.log('ready'); setInterval(() => {}, 1000); });",
    ].join('\n');
    const child = spawn(process.execPath, ['-e', script], { cwd: PACKAGE_ROOT, stdio: ['ignore', 'pipe', 'inherit'] });
    const closed = new Promise<number | null>((resolve) => child.on('close', resolve));
    await new Promise<void>((resolve) => child.stdout.setEncoding('utf8').on('data', (d: string) => d.includes('ready') && resolve()));
    child.kill('SIGINT');
    assert.equal(await closed, 130);
    await assertGroupGone(pids);
  });
});

// ------------------------------------------------------------------------------- through the CLI

describe('through the CLI', { concurrency: true }, () => {
  test('an IUT that exits on bearer_up: FAIL with the fault and its stderr, reports written, no process left', async () => {
    const run = planned('exits');
    const r = await run.result;
    assert.equal(r.code, 1, show(r));
    const lines = r.stdout.split('\n');
    const fail = lines.findIndex((l) => /^\[1\/1\] FAIL {2}.*A bulk of several messages is applied whole {2}@req:NB-3/.test(l));
    assert.ok(fail >= 0, show(r));
    const detail = lines.slice(fail + 1, fail + 8).join('\n');
    assert.match(detail, /implementation under test: exited: exited with code 3 \(while answering bearer_up at 0 ms\)/);
    assert.match(detail, /its stderr ends:\n\s+\| exits\.js: giving up on bearer_up \(request 3\), exit code 3/);
    assert.match(r.stdout, /\nconformance: 0 passed, 1 failed\n/);
    assert.equal(r.stderr, '', 'an IUT fault is a failed scenario, not a harness error');

    const messages = readFileSync(path.join(run.out, 'messages.ndjson'), 'utf8');
    assert.match(messages, /"status":"FAILED"/);
    assert.match(messages, /implementation under test: exited: exited with code 3/);
    const junit = readFileSync(path.join(run.out, 'junit.xml'), 'utf8');
    assert.match(junit, /failures="1"/);
    assert.match(junit, /<failure type="IutFault" message="implementation under test: exited: exited with code 3/);
    assert.ok(existsSync(path.join(run.out, 'cucumber.html')));
    const logs = readdirSync(path.join(run.out, 'iut-logs'));
    assert.deepEqual(logs, ['sequence-control--a-bulk-of-several-messages-is-applied-whole--node1.stderr.log']);
    assert.match(readFileSync(path.join(run.out, 'iut-logs', logs[0] ?? ''), 'utf8'), /exits\.js: giving up on bearer_up/);
    // the terminal names the log under the stderr's tail
    assert.match(r.stdout, new RegExp(`\n {4,}all of it: \\S*iut-logs/${logs[0]?.replace(/[.]/g, '\\.')}\n`));
    assertNoProcessWith(run.tok);
  });

  test('the IUT crashes in the first of two scenarios: the second runs on a fresh process and passes', async () => {
    const run = planned('crash-first');
    const r = await run.result;
    assert.equal(r.code, 1, show(r));
    assert.match(r.stdout, /\[1\/2\] FAIL {2}.*A bulk of several messages is applied whole {2}@req:NB-3/, show(r));
    assert.match(r.stdout, /implementation under test: exited: exited with code 3 \(while answering bearer_up at 0 ms\)/);
    assert.match(r.stdout, /\[2\/2\] PASS {2}.*Bindings from a legacy node are applied as they arrive {2}@req:NB-4/, show(r));
    assert.match(r.stdout, /\nconformance: 1 passed, 1 failed\n/);
    // The crashed process wrote its pid to the marker; it is dead, and the second scenario's
    // node was another process.
    const crashed = Number(readFileSync(path.join(scratch, 'crashed-once'), 'utf8').trim());
    assert.ok(crashed > 0);
    assert.notEqual(processState(crashed), 'alive');
    const junit = readFileSync(path.join(run.out, 'junit.xml'), 'utf8');
    assert.match(junit, /tests="2"/);
    assert.match(junit, /failures="1"/);
    assert.equal(readdirSync(path.join(run.out, 'iut-logs')).length, 2, 'one IUT log per scenario');
    assertNoProcessWith(run.tok);
  });

  test('an IUT that hangs on bearer_up and ignores SIGTERM and EOF: FAIL hung after the 10 s limit, then killed', async () => {
    const run = planned('stubborn-hang');
    const r = await run.result;
    assert.equal(r.code, 1, show(r));
    assert.match(r.stdout, /FAIL {2}.*@req:NB-3/, show(r));
    assert.match(r.stdout, /implementation under test: hung: no answer to bearer_up at 0 ms within 10000 ms/);
    assert.match(r.stdout, /\| stubborn\.js: not answering bearer_up/);
    assertNoProcessWith(run.tok);
  });

  test('an IUT whose grandchild ignores SIGTERM and holds its stdout: the run passes, and nothing of its process group is left', async () => {
    const run = planned('forks');
    const r = await run.result;
    assert.equal(r.code, 0, show(r));
    await assertGroupGone(path.join(scratch, 'forks-pids'));
    assertNoProcessWith(run.tok);
  });

  test('an IUT that floods stderr: FAIL as a stderr-flood fault, not a harness error; the log and the attachments bounded', async () => {
    const run = planned('flood');
    const r = await run.result;
    assert.equal(r.code, 1, show(r));
    assert.match(r.stdout, /FAIL {2}.*@req:NB-3/, show(r));
    assert.match(r.stdout, /implementation under test: stderr-flood: wrote more than 4,000,000 bytes to stderr \(while answering bearer_up at 0 ms\)/);
    assert.equal(r.stderr, '', 'an IUT fault is a failed scenario, not a harness error');
    const logs = path.join(run.out, 'iut-logs');
    const [log] = readdirSync(logs);
    assert.ok(log !== undefined);
    assert.ok(statSync(path.join(logs, log)).size <= MAX_LOG, `the log is ${statSync(path.join(logs, log)).size} bytes`);
    // each report holds the log's head and tail only
    const attached = readFileSync(path.join(run.out, 'messages.ndjson'), 'utf8')
      .split('\n')
      .filter((l) => l.includes('"attachment"'))
      .map((l) => (JSON.parse(l) as { attachment: { fileName?: string; body: string } }).attachment)
      .filter((a) => a.fileName === log);
    assert.equal(attached.length, 1);
    assert.ok((attached[0]?.body.length ?? Infinity) <= 2 * LOG_EXCERPT_BYTES + 300, `the attachment is ${attached[0]?.body.length} characters`);
    assert.match(attached[0]?.body ?? '', /\[\.\.\. [\d,]+ bytes left out: the whole file \([\d,]+ bytes\) is \S+ \.\.\.\]\n/);
    for (const f of readdirSync(path.join(run.out, 'allure-results'))) {
      const size = statSync(path.join(run.out, 'allure-results', f)).size;
      assert.ok(size <= 2 * LOG_EXCERPT_BYTES + 300 || !f.endsWith('.txt'), `allure-results/${f} is ${size} bytes`);
    }
    assertNoProcessWith(run.tok);
  });

  test('an IUT that never answers stop and ignores SIGTERM and EOF: the run passes and it is killed', async () => {
    const run = planned('stubborn-stop');
    const r = await run.result;
    assert.equal(r.code, 0, show(r));
    assert.match(r.stdout, /PASS {2}.*@req:NB-3/);
    const log = readFileSync(path.join(run.out, 'iut-logs', 'sequence-control--a-bulk-of-several-messages-is-applied-whole--node1.stderr.log'), 'utf8');
    assert.match(log, /stubborn\.js: not answering stop/);
    assertNoProcessWith(run.tok);
  });
});

/**
 * The process adapter against implementations that misbehave: the deliberately faulty IUTs of
 * test/fixtures/iut/ driven through RemoteStack and SyncChannel directly, then through the CLI.
 * Every fault must surface as an IutFault of the right kind, with a message that names the
 * request and what happened, and the stderr tail where the IUT wrote one; and no child process
 * may outlive the case that started it.
 *
 * The CLI runs are started before the direct cases (they are separate processes, and one waits
 * out the default 10 s step limit), so that the file finishes in well under 30 s.
 */
import { strict as assert } from 'node:assert';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { createCluster } from '../adapters/factory';
import { IutFault, type IutFaultKind, SyncChannel, liveChildren } from '../adapters/process/channel';
import { PROTOCOL_VERSION } from '../adapters/process/protocol';
import { REFERENCE_CAPABILITIES } from '../adapters/process/reference-iut';
import { RemoteStack, type RemoteStackOptions } from '../adapters/process/remote-stack';
import { nodeAddress } from '../adapters/reference/cluster';
import { VERSION } from '../cli/package-info';
import { User, msgUser } from '../reference/msg';
import { decode } from '../reference/msg-codec';
import { MEDIA_BROADCAST } from '../reference/net';
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

function sleep(ms: number): void {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
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

/** Wait up to `ms` for the process to be gone (or, unless `reaped`, at least dead); the state last seen. */
function waitDead(pid: number, ms = 2000, reaped = false): 'gone' | 'zombie' | 'alive' {
  const deadline = Date.now() + ms;
  for (;;) {
    const s = processState(pid);
    if (s === 'gone' || (s === 'zombie' && !reaped) || Date.now() >= deadline) return s;
    sleep(20);
  }
}

/**
 * The child must no longer run, and no channel may still count it. A killed child not yet reaped
 * is a zombie: dead, so accepted here; that close() reaps it is checked on its own at the end of
 * the direct cases.
 */
function assertChildGone(pid: number): void {
  assert.ok(pid > 0, 'no child pid');
  const s = waitDead(pid);
  assert.notEqual(s, 'alive', `child ${pid} is still running`);
  assert.deepEqual(liveChildren(), [], 'liveChildren() after the case');
}

/** Run `act`, which must throw an IutFault of `kind`; returns it. */
function fault(kind: IutFaultKind, act: () => unknown): IutFault {
  let thrown: unknown;
  try {
    act();
  } catch (e) {
    thrown = e;
  }
  assert.ok(thrown instanceof IutFault, `expected an IutFault (${kind}), got ${thrown instanceof Error ? thrown.stack : String(thrown)}`);
  assert.equal(thrown.kind, kind, thrown.message);
  assert.ok(thrown.message.startsWith(`implementation under test: ${kind}: `), thrown.message);
  return thrown;
}

/** A stack on a fixture, the fault it must raise on `act`, then close it and check nothing is left. */
function stackFault(
  argv: readonly string[],
  kind: IutFaultKind,
  act: (s: RemoteStack) => unknown,
  more: Partial<RemoteStackOptions> = {},
): { readonly fault: IutFault; readonly pid: number } {
  const s = new RemoteStack(options(argv, more));
  const pid = onlyChild();
  try {
    const f = fault(kind, () => act(s));
    // The channel is broken now: the next request fails at once with the same fault.
    assert.equal(fault(kind, () => s.tick(1000)), f, 'a broken channel gives its first fault again');
    assertChildGone(pid);
    return { fault: f, pid };
  } finally {
    s.close();
    assertChildGone(pid);
  }
}

const PUBLICATION = { type: 1000, lower: 1, upper: 9, scope: 'cluster', port: 42, key: 7 } as const;

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

function startRun(name: string, iut: (tok: string, dir: string) => string, tags: string): void {
  const tok = token(name);
  const out = path.join(scratch, `out-${name}`);
  const result = runCli(['run', '--no-report', '--iut', iut(tok, scratch), '--features', SEQUENCE_CONTROL, '--tags', tags, '--out', out]);
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
});

after(async () => {
  // Whatever happened, wait for the runs (never leave a CLI behind), then clean up.
  await Promise.all([...runs.values()].map((r) => r.result));
  if (scratch !== '') rmSync(scratch, { recursive: true, force: true });
});

// ------------------------------------------------------------------------------ direct, per fault

describe('RemoteStack against the reference IUT process', () => {
  test('hello, init, bearer_up with a LINK_CONFIG broadcast, the node-state binding, stop', () => {
    const s = new RemoteStack(options([process.execPath, REFERENCE_IUT]));
    const pid = onlyChild();
    try {
      assert.equal(s.statement.name, 'tipc-conformance reference (fixed)');
      assert.equal(s.statement.version, VERSION);
      assert.deepEqual(s.statement.capabilities, [...REFERENCE_CAPABILITIES]);
      assert.equal(s.address, ADDRESS);
      assert.equal(s.bearerCount, 1);

      // Discovery starts with the bearer: its first LINK_CONFIG request is due at once.
      s.bearerUp(0, 0);
      assert.equal(s.pollTimeout(), 0, 'the first discovery request is due the instant the bearer comes up');
      s.tick(0);
      const frames = s.pollTransmit();
      const discovery = frames.filter((f) => f.dest === MEDIA_BROADCAST && f.bearer === 0);
      assert.ok(discovery.length >= 1, `no broadcast after bearer_up: ${JSON.stringify(frames)}`);
      for (const f of discovery) {
        const d = decode(f.bytes);
        assert.ok(d.ok, `the broadcast does not decode: ${d.ok ? '' : d.error.message}`);
        assert.equal(msgUser(d.msg), User.LINK_CONFIG);
      }
      assert.equal(typeof s.pollTimeout(), 'number', 'a node with a bearer up wants a tick (discovery)');

      const table = s.nameTable();
      assert.ok(
        table.some((b) => b.type === 0 && b.lower === ADDRESS && b.upper === ADDRESS && b.node === ADDRESS),
        `no node-state binding {0, ${ADDRESS}} in ${JSON.stringify(table)}`,
      );
      assert.equal(s.publish(0, PUBLICATION), true);
      assert.ok(s.nameTable().some((b) => b.type === PUBLICATION.type && b.port === PUBLICATION.port));
      assert.equal(s.linkState(nodeAddress(2), 0), undefined, 'no link to a node never heard of');
    } finally {
      s.close();
    }
    assertChildGone(pid);
  });
});

describe('faulty IUTs through RemoteStack and SyncChannel', () => {
  test('exits on bearer_up: exited, with the exit code, the request and the stderr tail', () => {
    const { fault: f } = stackFault(fixture('exits.js'), 'exited', (s) => s.bearerUp(0, 0));
    assert.match(f.message, /exited: exited with code 3 \(while answering bearer_up at 0 ms\)/);
    assert.match(f.stderrTail, /exits\.js: giving up on bearer_up \(request 3\), exit code 3/);
    assert.match(f.message, /its stderr ends:\n {7}\| exits\.js: giving up on bearer_up/);
  });

  test('exits on a frame: exited, naming the frame and its time', () => {
    const { fault: f } = stackFault(fixture('exits.js', '--code', '7'), 'exited', (s) => s.receive(25, 0, new Uint8Array([1, 2, 3])));
    assert.match(f.message, /exited with code 7 \(while answering frame at 25 ms\)/);
  });

  test('hangs on bearer_up (RemoteStack): hung after the step limit, stderr tail, the child killed', () => {
    const limit = 2500; // the hello has at least 10 s to start in: this limit is the bearer_up's
    const t0 = Date.now();
    let took = 0;
    const { fault: f } = stackFault(
      fixture('hangs.js'),
      'hung',
      (s) => {
        const start = Date.now();
        try {
          s.bearerUp(0, 0);
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

  test('hangs on a query (SyncChannel, per-request limit): hung, names the request', () => {
    const ch = new SyncChannel(fixture('hangs.js', '--on', 'name_table'), { maxLine: MAX_LINE });
    try {
      const hello = ch.request(JSON.stringify({ id: 1, op: 'hello', protocol: PROTOCOL_VERSION }), PATIENT_MS, 'hello');
      assert.match(hello, /"ok":true/);
      const pid = ch.pid;
      assert.deepEqual(liveChildren(), [pid]);
      const f = fault('hung', () => ch.request(JSON.stringify({ id: 2, op: 'name_table' }), SHORT_MS, 'name_table'));
      assert.match(f.message, new RegExp(`no answer to name_table within ${SHORT_MS} ms`));
      assert.match(f.stderrTail, /hangs\.js: not answering name_table/);
      assertChildGone(pid);
      assert.equal(fault('hung', () => ch.request('{}', SHORT_MS, 'anything')), f);
    } finally {
      ch.close();
    }
    assert.deepEqual(liveChildren(), []);
  });

  test('ignores SIGTERM and stdin EOF and hangs: killed all the same (SIGKILL)', () => {
    const ch = new SyncChannel(fixture('stubborn.js', '--on', 'bearer_up'), { maxLine: MAX_LINE });
    let pid = 0;
    try {
      ch.request(JSON.stringify({ id: 1, op: 'hello', protocol: PROTOCOL_VERSION }), PATIENT_MS, 'hello');
      pid = ch.pid;
      // It really does ignore SIGTERM: still running a while after one.
      process.kill(pid, 'SIGTERM');
      sleep(300);
      assert.equal(processState(pid), 'alive', 'the fixture should survive SIGTERM');
      const f = fault('hung', () => ch.request(JSON.stringify({ id: 2, op: 'bearer_up', now: 0, bearer: 0 }), SHORT_MS, 'bearer_up at 0 ms'));
      assert.match(f.message, /no answer to bearer_up at 0 ms within 300 ms/);
      assert.match(f.stderrTail, new RegExp(`stubborn\\.js: pid ${pid}, hanging on bearer_up`));
      assert.match(f.stderrTail, /stubborn\.js: ignoring SIGTERM/);
      assertChildGone(pid);
    } finally {
      ch.close();
    }
    assertChildGone(pid);
  });

  test('answers garbage: garbage, quoting what it wrote', () => {
    const { fault: f } = stackFault(fixture('garbage.js'), 'garbage', (s) => s.bearerUp(0, 0));
    assert.match(f.message, /garbage: answered bearer_up at 0 ms with not JSON: this is not json$/);
  });

  test('writes an endless line: line-too-long at the limit, not 5 MB later', () => {
    const t0 = Date.now();
    const { fault: f } = stackFault(fixture('endless-line.js'), 'line-too-long', (s) => s.bearerUp(0, 0));
    assert.match(f.message, new RegExp(`line-too-long: wrote a line longer than ${MAX_LINE} bytes \\(while answering bearer_up at 0 ms\\)`));
    assert.ok(Date.now() - t0 < PATIENT_MS, 'the over-long line was not cut short');
  });

  test('answers with a wrong id: protocol, naming the ids', () => {
    const { fault: f } = stackFault(fixture('protocol.js', '--mode', 'wrong-id'), 'protocol', (s) => s.bearerUp(0, 0));
    assert.match(f.message, /protocol: answered bearer_up at 0 ms with reply id 1003 does not answer request 3 \(bearer_up\)/);
  });

  test('answers publish ok but without "accepted": protocol', () => {
    const { fault: f } = stackFault(fixture('protocol.js', '--mode', 'no-accepted'), 'protocol', (s) => s.publish(0, PUBLICATION));
    assert.match(f.message, /protocol: answered publish at 0 ms with publish: "accepted" must be a boolean/);
  });

  test('answers link_state with a state no kernel has: protocol', () => {
    const { fault: f } = stackFault(fixture('protocol.js', '--mode', 'bad-state'), 'protocol', (s) => s.linkState(nodeAddress(2), 0));
    assert.match(f.message, /protocol: answered link_state with unknown link state "DANCING"/);
  });

  test('sends an undecodable frame after a tick or a frame: bad-frame, with its bytes', () => {
    const tick = stackFault(fixture('bad-frame.js'), 'bad-frame', (s) => s.tick(10));
    assert.match(tick.fault.message, /bad-frame: sent an undecodable frame after tick at 10 ms: .*\(00\)$/);
    const frame = stackFault(fixture('bad-frame.js'), 'bad-frame', (s) => s.receive(20, 0, new Uint8Array([0xde, 0xad])));
    assert.match(frame.fault.message, /sent an undecodable frame after frame at 20 ms: expected at least 24 bytes .*got 1 \(00\)$/);
  });

  test('refuses bearer_up: refused, with its error', () => {
    const { fault: f } = stackFault(fixture('refuses.js'), 'refused', (s) => s.bearerUp(0, 0));
    assert.match(f.message, /refused: refused bearer_up at 0 ms: nope/);
  });

  test('refuses init: the constructor throws, and the child is gone', () => {
    const f = fault('refused', () => new RemoteStack(options(fixture('refuses.js', '--on', 'init'))));
    assert.match(f.message, /refused init: nope/);
    assert.deepEqual(liveChildren(), []);
  });

  test('cannot be started: spawn', () => {
    const ch = new SyncChannel([path.join(scratch, 'no-such-iut')], { maxLine: MAX_LINE });
    try {
      const f = fault('spawn', () => ch.request('{}', PATIENT_MS, 'hello'));
      assert.match(f.message, /ENOENT/);
    } finally {
      ch.close();
    }
    assert.deepEqual(liveChildren(), []);
    assert.throws(() => new SyncChannel([], { maxLine: MAX_LINE }), (e: unknown) => e instanceof IutFault && e.kind === 'spawn' && /empty command line/.test(e.message));
  });

  test('writes 16 KB to stderr, then exits: the tail is the end of it, the log has all of it', () => {
    const logFile = path.join(scratch, 'noisy-exit.stderr.log');
    const { fault: f } = stackFault(fixture('noisy.js', '--then', 'exit'), 'exited', (s) => s.bearerUp(0, 0), { logFile });
    assert.match(f.message, /exited with code 4 \(while answering bearer_up at 0 ms\)/);
    assert.match(f.stderrTail, /noisy\.js: last words before exit on bearer_up\n$/);
    assert.match(f.stderrTail, /stderr line 0200 of 200/);
    assert.ok(!f.stderrTail.includes('stderr line 0001 of 200'), 'the tail is the end, not all of it');
    assert.ok(f.stderrTail.length <= 8192);
    const log = readFileSync(logFile, 'utf8');
    assert.match(log, /^noisy\.js: stderr line 0001 of 200/);
    assert.match(log, /noisy\.js: last words before exit on bearer_up\n$/);
  });

  test('writes to stderr, then refuses or answers garbage: the tail comes with those faults too', () => {
    const refused = stackFault(fixture('noisy.js', '--then', 'refuse', '--lines', '3'), 'refused', (s) => s.bearerUp(0, 0));
    assert.match(refused.fault.stderrTail, /stderr line 0003 of 3 .*\nnoisy\.js: last words before refuse on bearer_up\n$/);
    const garbage = stackFault(fixture('noisy.js', '--then', 'garbage', '--lines', '3'), 'garbage', (s) => s.bearerUp(0, 0));
    assert.match(garbage.fault.message, /its stderr ends:\n(?: {7}\| .*\n)* {7}\| noisy\.js: last words before garbage on bearer_up/);
  });

  test('a cluster whose second IUT node fails to start leaves no child behind', () => {
    const node2 = nodeAddress(2);
    const f = fault('refused', () =>
      createCluster(
        `process:node test/fixtures/iut/refuses.js --on init --address ${node2}`,
        { nodes: [1, 2], iut: [1, 2], seed: 1 },
        { stepTimeoutMs: PATIENT_MS, maxLine: MAX_LINE },
      ),
    );
    assert.match(f.message, /refused init: nope/);
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

  test('a closed child is reaped, not left a zombie', () => {
    const s = new RemoteStack(options(fixture('hangs.js')));
    const pid = onlyChild();
    s.close();
    assert.equal(waitDead(pid, 1000, true), 'gone', `child ${pid} after close()`);
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

/**
 * The suite against the real Linux kernel (Debian 6.1 in QEMU guests), through the CLI as a user
 * runs it: the differential check (reference vs kernel, every scenario), the pre-fix reference held
 * against kernel testers, and Ctrl-C in the middle of a kernel run. The guest image is built by
 * `run` itself when the cache has none.
 */
import { strict as assert } from 'node:assert';
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { after, describe, test } from 'node:test';
import type { ConformanceStatement } from '../../cli/certify';
import type { Difference } from '../../cli/diff';
import { BIN, PACKAGE_ROOT, runCli } from '../support/cli';

const scratch = mkdtempSync(path.join(tmpdir(), 'tipc-kernel-suite-'));
after(() => rmSync(scratch, { recursive: true, force: true }));

/** Processes whose environment carries this marker: QEMU guests started by a run given it. */
function processesMarked(marker: string): number[] {
  const pids: number[] = [];
  for (const p of readdirSync('/proc')) {
    if (!/^\d+$/.test(p)) continue;
    try {
      if (readFileSync(`/proc/${p}/environ`, 'latin1').split('\0').includes(`TIPC_TEST_MARK=${marker}`)) pids.push(Number(p));
    } catch {
      // gone, or not ours to read
    }
  }
  return pids;
}

function qemuMarked(marker: string): number[] {
  return processesMarked(marker).filter((pid) => {
    try {
      return readFileSync(`/proc/${pid}/comm`, 'utf8').startsWith('qemu');
    } catch {
      return false;
    }
  });
}

function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}

/** A run of the CLI in the background, its output collected, its guests marked. */
function startRun(args: readonly string[], marker: string, env: Readonly<Record<string, string>> = {}): { child: ReturnType<typeof spawn>; output: () => string; exited: Promise<number | null> } {
  const child = spawn(process.execPath, [BIN, ...args], {
    cwd: PACKAGE_ROOT,
    env: { ...process.env, TIPC_TEST_MARK: marker, NO_COLOR: '1', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout?.on('data', (b: Buffer) => (output += b.toString()));
  child.stderr?.on('data', (b: Buffer) => (output += b.toString()));
  const exited = new Promise<number | null>((resolve) => child.on('close', (code, signal) => resolve(code ?? (signal ? 128 : null))));
  return { child, output: () => output, exited };
}

/** Waits until some guest console under `out` shows the guest ready (its TIPC node is set up). */
async function guestReady(out: string, ms: number): Promise<string> {
  const logs = path.join(out, 'iut-logs');
  for (let waited = 0; waited < ms; waited += 100) {
    for (const d of existsSync(logs) ? readdirSync(logs) : []) {
      const log = path.join(logs, d, 'console.log');
      if (existsSync(log) && readFileSync(log, 'latin1').includes('TIPC-GUEST-READY')) return log;
    }
    await sleep(100);
  }
  throw new Error(`no guest under ${out} got ready within ${ms} ms`);
}

/** Waits until none of the marked QEMU processes is left, or the time is up; returns those left. */
async function qemuGone(marker: string, ms: number): Promise<number[]> {
  let left = qemuMarked(marker);
  for (let waited = 0; waited < ms && left.length > 0; waited += 100) {
    await sleep(100);
    left = qemuMarked(marker);
  }
  return left;
}

function scenarioStatus(s: ConformanceStatement, req: string): string[] {
  return s.requirements.find((r) => r.id === req)?.scenarios.map((x) => x.status) ?? [];
}

describe('the suite against Linux 6.1 in QEMU', () => {
  test('diff: half-failover, failover, synch, tolerance and naming pass on the kernel, and every other outcome that differs is explained', { timeout: 1_500_000 }, async () => {
    const out = path.join(scratch, 'diff');
    const marker = `diff-${process.pid}-${Date.now()}`;
    const r = await runCli(['diff', '--out', out, '--no-report'], PACKAGE_ROOT, { TIPC_TEST_MARK: marker });
    // what failed on either side, and the differences left unexplained, first: the tail alone hid them
    const failures = r.stdout.split('\n').filter((l) => /^\[\s*\d+\/\d+\] FAIL|^\s+(step |expected:|seen:)|NO: fix the reference/.test(l));
    assert.equal(r.code, 0, `${failures.join('\n')}\n[…]\n${r.stdout.slice(-1500)}${r.stderr}`);
    assert.deepEqual(qemuMarked(marker), [], 'no QEMU outlives the diff');
    const kernel = JSON.parse(readFileSync(path.join(out, 'kernel', 'conformance-statement.json'), 'utf8')) as ConformanceStatement;
    assert.match(kernel.iut.name, /^Linux 6\.1\.\S+ \(Debian linux-image-6\.1\.\S+ 6\.1\.\d+-\d+\) in QEMU$/);
    // The half-failover scenario and every naming scenario that can run against a kernel pass on it.
    for (const req of ['FO-1', 'FO-2', 'FO-6', 'FO-7', 'FO-8', 'ND-1', 'SY-1', 'LK-1', 'LK-2']) assert.deepEqual(scenarioStatus(kernel, req), ['passed'], req);
    // link set-up, a peer's restart, the active link, the unicast data path, the broadcast link,
    // discovery
    for (const req of ['LS-1', 'LS-2', 'LS-3', 'LS-4', 'LS-6', 'LS-10', 'LS-11', 'LS-12', 'LS-13', 'LD-1', 'LD-2', 'LD-3', 'LD-4', 'LD-5', 'LD-6']) {
      assert.deepEqual(scenarioStatus(kernel, req), ['passed'], req);
    }
    for (const req of ['BC-1', 'BC-2', 'BC-3', 'BC-4', 'BC-5', 'BC-7', 'BC-8', 'BC-9', 'BC-10', 'DS-1', 'DS-3', 'DS-4', 'DS-5', 'DS-6', 'DS-7']) {
      assert.deepEqual(scenarioStatus(kernel, req), ['passed'], req);
    }
    // STATE order within a session, losses and acks both ways, a long synch, FSM races, msg.h layout
    for (const req of ['LS-14', 'LS-15', 'LD-7', 'LD-8', 'SY-2', 'FM-1', 'FM-2', 'FM-3', 'MF-4']) assert.deepEqual(scenarioStatus(kernel, req), ['passed'], req);
    // failover edges, session edges, the node timer, bundles taken apart, the broadcast primary bearer
    for (const req of ['FO-10', 'FO-11', 'FO-12', 'FO-13', 'FO-14', 'FM-4', 'LS-16', 'LS-17', 'LS-18', 'LS-19', 'LD-13', 'MF-5', 'MF-7', 'BC-14']) {
      assert.deepEqual(scenarioStatus(kernel, req), ['passed'], req);
    }
    assert.deepEqual(scenarioStatus(kernel, 'MF-6'), ['passed', 'passed', 'passed'], 'MF-6');
    // control calls and bindings at their edges, tipc_node_check_dest's other-address cases, the
    // link name and what a RESET or ACTIVATE carries, the broadcast link's edges, receive filters
    for (const req of ['LK-3', 'DS-8', 'DS-9', 'DS-11', 'DS-12', 'NB-11', 'NB-12', 'NB-13', 'LN-1', 'LN-3', 'LN-4', 'LN-5', 'LN-6', 'BC-17', 'RF-2', 'RF-3', 'RF-4', 'RF-5', 'RF-6', 'RF-7', 'RF-8']) {
      assert.deepEqual(scenarioStatus(kernel, req), ['passed'], req);
    }
    assert.deepEqual(scenarioStatus(kernel, 'LN-2'), ['passed', 'passed'], 'LN-2');
    assert.deepEqual(scenarioStatus(kernel, 'RF-1'), ['passed', 'passed', 'passed', 'passed', 'passed'], 'RF-1');
    // LS-5: the restarted peer met again, its bindings renewed; MF-1..3: malformed frames dropped
    assert.deepEqual(scenarioStatus(kernel, 'LS-5'), ['passed', 'passed'], 'LS-5');
    assert.deepEqual(scenarioStatus(kernel, 'MF-1'), ['passed', 'passed', 'passed'], 'MF-1');
    assert.deepEqual(scenarioStatus(kernel, 'MF-2'), ['passed', 'passed', 'passed', 'passed'], 'MF-2');
    assert.deepEqual(scenarioStatus(kernel, 'MF-3'), ['passed', 'passed'], 'MF-3');
    // FO-3 with the interface down, and with the bearer cut (the tunnel carries nearly all)
    assert.deepEqual(scenarioStatus(kernel, 'FO-3'), ['passed', 'passed'], 'FO-3');
    for (const req of ['NB-0', 'NB-2a', 'NB-2b', 'NB-3', 'NB-9', 'NB-10']) assert.deepEqual(scenarioStatus(kernel, req), ['passed'], req);
    // NB-1's second scenario counts what node 1 applies (named-events); NB-4's second is a legacy bulk
    assert.deepEqual(scenarioStatus(kernel, 'NB-1'), ['passed', 'skipped'], 'NB-1');
    assert.deepEqual(scenarioStatus(kernel, 'NB-4'), ['passed', 'passed'], 'NB-4');
    assert.deepEqual(scenarioStatus(kernel, 'NB-6'), ['passed', 'passed', 'skipped']);
    // What differs is listed and explained: what cannot run on a kernel (docs/kernel-differences.md)
    const d = JSON.parse(readFileSync(path.join(out, 'differences.json'), 'utf8')) as { differences: Difference[] };
    assert.deepEqual(
      d.differences.map((x) => `${x.requirement} ${x.reference}→${x.kernel} ${x.explanation ? 'explained' : 'UNEXPLAINED'}`).sort(),
      [
        'BC-11 passed→N/A explained',
        'BC-12 passed→N/A explained',
        'BC-13 passed→N/A explained',
        'BC-15 passed→N/A explained',
        'BC-16 passed→N/A explained',
        'BC-18 passed→N/A explained',
        'BC-19 passed→N/A explained',
        'BC-20 passed→N/A explained',
        'BC-21 passed→N/A explained',
        'BC-22 passed→N/A explained',
        'BC-24 passed→N/A explained',
        'BC-25 passed→N/A explained',
        'BC-6 passed→N/A explained',
        'DS-10 passed→N/A explained',
        'DS-2 passed→N/A explained',
        'FM-5 passed→N/A explained',
        'FM-6 passed→N/A explained',
        'FM-7 passed→N/A explained',
        'FM-8 passed→N/A explained',
        'FO-4 passed→N/A explained',
        'FO-5 passed→N/A explained',
        'FO-9 passed→N/A explained',
        'LD-10 passed→N/A explained',
        'LD-11 passed→N/A explained',
        'LD-12 passed→N/A explained',
        'LD-14 passed→N/A explained',
        'LD-9 passed→N/A explained',
        'LT-1 passed→N/A explained',
        'LT-2 passed→N/A explained',
        'LT-3 passed→N/A explained',
        'LT-4 passed→N/A explained',
        'LT-5 passed→N/A explained',
        'LT-6 passed→N/A explained',
        'LT-7 passed→N/A explained',
        'LT-8 passed→N/A explained',
        'NB-1 passed→N/A explained',
        'NB-3b passed→N/A explained',
        'NB-5 passed→N/A explained',
        'NB-5 passed→N/A explained',
        'NB-6 passed→N/A explained',
        'NB-7 passed→N/A explained',
      ],
    );
    // the known bugs of 6.1 (docs/kernel-findings.md): the kernel has them, as the reference's fixed does
    for (const req of ['NB-7', 'NB-8', 'NB-14']) {
      // NB-7's restart after the node timeout needs virtual time: N/A on a kernel
      const want = req === 'NB-7' ? ['failed', 'failed', 'skipped'] : req === 'NB-14' ? ['failed', 'failed', 'failed'] : ['failed'];
      assert.deepEqual(scenarioStatus(kernel, req), want, req);
      assert.equal(kernel.requirements.find((x) => x.id === req)?.verdict, 'known bug', req);
    }
    assert.match(r.stdout, /172 scenarios, 41 with different outcomes/);
    // Reports like any other run, with each guest's console log attached.
    const messages = readFileSync(path.join(out, 'kernel', 'messages.ndjson'), 'utf8');
    assert.match(messages, /"fileName":"node1-linux-console\.log"/);
    assert.match(readFileSync(path.join(out, 'kernel', 'junit.xml'), 'utf8'), /Node 1 fails over too when node 2/);
    assert.ok(readdirSync(path.join(out, 'kernel', 'pcaps')).length >= 10);
  });

  test('the reference against kernel testers: fixed passes; the pre-fix profiles fail what they catch', { timeout: 300_000 }, async () => {
    const out = path.join(scratch, 'testers');
    const tags = '@req:FO-1 or @req:SY-1 or @req:NB-1';
    const fixed = await runCli(['run', '--iut', 'reference', '--testers', 'kernel', '--tags', tags, '--out', out, '--no-report']);
    assert.equal(fixed.code, 0, fixed.stdout + fixed.stderr);
    assert.match(fixed.stdout, /conformance: 3 passed, 0 failed/);
    // the half-failover fix (FO-1), synch with a kernel sender (SY-1), the last-bulk synch point (NB-1)
    for (const [profile, req, step] of [
      ['pre-half-failover-fix', 'FO-1', /name table holds every cluster-scope binding of node 2' .* failed/],
      ['ablation-no-synch', 'SY-1', /receives every message node 1 sent, exactly once and in order, within 5000 ms' .* failed:\n.*\n\s+seen: \d+ deliveries: out of order/],
      ['no-last-bulk-sync', 'NB-1', /name tables of all live nodes agree within 1000 ms' .* failed:\n.*\n\s+seen: node 2 still holds \{6000, 0, 9\} of node 1/],
    ] as const) {
      const r = await runCli(['run', '--iut', `reference:${profile}`, '--testers', 'kernel', '--tags', `@req:${req}`, '--out', out, '--no-report']);
      assert.equal(r.code, 1, `${profile}: ${r.stdout}${r.stderr}`);
      assert.match(r.stdout, step, profile);
      assert.match(r.stdout, /replay: .*--testers kernel/);
    }
  });

  test('two kernels relayed by the harness, from an empty image cache: the image is built first, the half-failover passes', { timeout: 300_000 }, async () => {
    const cache = mkdtempSync(path.join(tmpdir(), 'tipc-kernel-cache-'));
    try {
      const marker = `both-${process.pid}-${Date.now()}`;
      const r = await runCli(['run', '--iut', 'kernel', '--testers', 'kernel', '--tags', '@req:FO-1', '--out', path.join(scratch, 'both'), '--no-report'], PACKAGE_ROOT, {
        TIPC_CONFORMANCE_CACHE: cache,
        TIPC_TEST_MARK: marker,
      });
      assert.equal(r.code, 0, r.stdout + r.stderr);
      assert.match(r.stdout, /kernel guest image not built yet: building it/);
      assert.match(r.stdout, /kernel package linux-image-6\.1\.\S+ \(from linux-image-amd64\); downloading/);
      assert.match(r.stdout, /PASS .*Node 1 fails over too when node 2's FAILOVER_MSG arrives first/);
      assert.ok(existsSync(path.join(cache, 'kernel', 'image', 'manifest.json')), 'the image is in the cache given');
      assert.deepEqual(readdirSync(path.join(cache, 'kernel')).filter((f) => f.startsWith('.build-')), [], 'no build folder left');
      assert.deepEqual(qemuMarked(marker), []);
    } finally {
      rmSync(cache, { recursive: true, force: true });
    }
  });

  test('a guest that panics fails its scenario as a kernel guest fault, with its console attached', { timeout: 120_000 }, async () => {
    const marker = `panic-${process.pid}-${Date.now()}`;
    const out = path.join(scratch, 'panic');
    // init that does not exist: the kernel panics before the guest is ready
    const run = startRun(['run', '--iut', 'kernel', '--tags', '@req:FO-1', '--out', out, '--no-report'], marker, { TIPC_CONFORMANCE_KERNEL_APPEND: 'rdinit=/no-such-init' });
    const code = await run.exited;
    const output = run.output();
    assert.equal(code, 1, output);
    assert.match(output, /FAIL .*Node 1 fails over too/);
    assert.match(output, /kernel guest: panic: kernel guest 1\.1\.1/);
    const messages = readFileSync(path.join(out, 'messages.ndjson'), 'utf8');
    assert.match(messages, /"fileName":"node1-linux-console\.log"/);
    assert.match(messages, /Kernel panic/);
    assert.deepEqual(qemuMarked(marker), []);
  });

  for (const [signal, code] of [['SIGINT', 130], ['SIGKILL', null]] as const) {
    test(`${signal === 'SIGINT' ? 'Ctrl-C' : 'SIGKILL'} in the middle of a kernel scenario: no QEMU outlives the run`, { timeout: 120_000 }, async () => {
      const marker = `${signal}-${process.pid}-${Date.now()}`;
      const out = path.join(scratch, signal);
      const run = startRun(['run', '--iut', 'kernel', '--tags', '@req:FO-2', '--out', out, '--no-report'], marker);
      // mid-scenario: the guest is up and its links are coming up
      await guestReady(out, 60_000).catch((e: unknown) => assert.fail(`${String(e)}\n${run.output()}`));
      assert.ok(qemuMarked(marker).length > 0, 'the guest runs');
      await sleep(1500);
      run.child.kill(signal);
      const exit = await run.exited;
      // Ctrl-C: the exit hooks stop the guests (exit 130); SIGKILL runs no hook: the parent-death signal does it
      if (code !== null) assert.equal(exit, code, run.output());
      const left = await qemuGone(marker, 3000);
      assert.deepEqual(left, [], `QEMU processes left after ${signal}: ${left.join(', ')}`);
    });
  }

  test('a guest killed in the middle of a scenario fails it as a kernel guest fault, with its console; the run goes on', { timeout: 120_000 }, async () => {
    const marker = `killed-${process.pid}-${Date.now()}`;
    const out = path.join(scratch, 'killed');
    const run = startRun(['run', '--iut', 'kernel', '--tags', '@req:FO-2 or @req:NB-3', '--out', out, '--no-report'], marker);
    await guestReady(out, 60_000).catch((e: unknown) => assert.fail(`${String(e)}\n${run.output()}`));
    await sleep(1500);
    const [qemu] = qemuMarked(marker);
    assert.ok(qemu !== undefined, 'the guest runs');
    process.kill(qemu, 'SIGKILL');
    const exit = await run.exited;
    assert.equal(exit, 1, run.output());
    assert.match(run.output(), /FAIL .*A drop point left by an earlier failover/);
    assert.match(run.output(), /kernel guest: exited: kernel guest 1\.1\.1: QEMU exited \(signal SIGKILL\) in the middle of the scenario/);
    // the next scenario gets a fresh guest and passes; the reports are written
    assert.match(run.output(), /PASS .*A bulk of several messages is applied whole/);
    assert.match(run.output(), /conformance: 1 passed, 1 failed/);
    assert.match(readFileSync(path.join(out, 'messages.ndjson'), 'utf8'), /"fileName":"node1-linux-console\.log"/);
    assert.deepEqual(await qemuGone(marker, 3000), []);
  });
});

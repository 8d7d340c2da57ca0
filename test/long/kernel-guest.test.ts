/**
 * The real Linux TIPC stack in QEMU guests (adapters/kernel): two guests, nodes 1.1.1 and 1.1.2,
 * one NIC each, connected only through this process, which relays every Ethernet frame between
 * their host-side UDP sockets (the harness is the wire). The link must come up on both, a binding
 * made on node 2 must reach node 1's name table and be withdrawn again, and the kernel's own FSM
 * tracepoints must show the link reaching ESTABLISHED. Guests that cannot become ready must fail
 * with a classified error carrying the console tail, and no QEMU may outlive its guest.
 *
 * Needs qemu-system-x86, busybox-static, kmod, gcc (scripts/install-system-deps.sh) and the Debian
 * apt index (the image is built on first use, about 10 s, then cached).
 */
import { strict as assert } from 'node:assert';
import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { KernelGuest, KernelGuestError, liveGuests, parseFsmTrace } from '../../adapters/kernel/guest';
import { type KernelImage, checkBootPrerequisites, checkPrerequisites, setupKernelImage } from '../../adapters/kernel/image';

const LINK_UP_MS = 15_000;
const TIPC_ETHERTYPE = 0x88ca;

let image: KernelImage;
let scratch = '';

function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}

/** Polls until check returns a value (not undefined) or the time is up. */
async function waitFor<T>(what: string, ms: number, check: () => Promise<T | undefined>): Promise<T> {
  const deadline = Date.now() + ms;
  let last: unknown;
  for (;;) {
    try {
      const v = await check();
      if (v !== undefined) return v;
    } catch (e) {
      last = e;
    }
    if (Date.now() > deadline) throw new Error(`${what}: not within ${ms} ms${last ? ` (last error: ${String(last)})` : ''}`);
    await sleep(100);
  }
}

function alive(pid: number | undefined): boolean {
  if (pid === undefined) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** QEMU processes whose command line mentions this file's scratch folder. */
function ourQemus(): number[] {
  const pids: number[] = [];
  for (const d of readdirSync('/proc')) {
    if (!/^\d+$/.test(d)) continue;
    try {
      const cmd = readFileSync(`/proc/${d}/cmdline`, 'utf8');
      if (cmd.startsWith('qemu-system') || cmd.includes('/qemu-system')) {
        if (cmd.includes(scratch)) pids.push(Number(d));
      }
    } catch {
      // gone
    }
  }
  return pids;
}

interface NameEntry {
  type: number;
  lower: number;
  upper: number;
  scope: string;
  node: string;
}

function isNameEntry(v: unknown): v is NameEntry {
  if (typeof v !== 'object' || v === null) return false;
  const o = v as Record<string, unknown>;
  return typeof o['type'] === 'number' && typeof o['lower'] === 'number' && typeof o['upper'] === 'number' && typeof o['node'] === 'string';
}

async function nameTable(g: KernelGuest): Promise<NameEntry[]> {
  const j = await g.tipcJson('nametable show');
  assert.ok(Array.isArray(j), `tipc -j nametable show printed ${JSON.stringify(j)}`);
  return j.filter(isNameEntry);
}

/** The unicast links and their state ('up' / 'down'), without the broadcast link. */
async function links(g: KernelGuest): Promise<Record<string, string>> {
  const all = await g.linkList();
  delete all['broadcast-link'];
  return all;
}

describe('what building and booting a guest needs', () => {
  const bare = { which: (): undefined => undefined, isStatic: (): boolean => false, exists: (): boolean => false };
  const all = { which: (c: string): string => `/usr/bin/${c}`, isStatic: (): boolean => true, exists: (): boolean => true };

  test('without QEMU the error names the apt-get command that installs it', () => {
    assert.throws(() => checkBootPrerequisites(bare), /needs qemu-system-x86_64: install with `apt-get install qemu-system-x86`/);
    assert.equal(checkBootPrerequisites(all), '/usr/bin/qemu-system-x86_64');
  });

  test('without QEMU or a static busybox the build names both packages in one apt-get command', () => {
    const noQemuNoBusybox = { ...all, which: (c: string) => (c === 'qemu-system-x86_64' || c === 'busybox' ? undefined : `/usr/bin/${c}`), isStatic: (): boolean => false };
    assert.throws(() => checkPrerequisites(noQemuNoBusybox), /needs qemu-system-x86_64, a statically linked busybox: install with `apt-get install qemu-system-x86 busybox-static`/);
    assert.throws(() => checkPrerequisites(bare), /`apt-get install qemu-system-x86 kmod gcc iproute2 apt dpkg libc-bin busybox-static`/);
    assert.doesNotThrow(() => checkPrerequisites(all));
  });
});

describe('kernel guests in QEMU', { timeout: 120_000 }, () => {
  before(async () => {
    image = await setupKernelImage();
    scratch = mkdtempSync(path.join(tmpdir(), 'tipc-kernel-test-'));
  });

  after(() => {
    if (scratch) rmSync(scratch, { recursive: true, force: true });
  });

  test('two relayed guests: link up, a binding published and withdrawn, FSM traced, nothing left running', async (t) => {
    const guests: (KernelGuest | undefined)[] = [undefined, undefined];
    let relayed = 0;
    let foreign = 0;
    const relay = (from: 0 | 1) => (nic: number, frame: Uint8Array) => {
      const ethertype = ((frame[12] ?? 0) << 8) | (frame[13] ?? 0);
      if (ethertype !== TIPC_ETHERTYPE) foreign++;
      const to = guests[from === 0 ? 1 : 0];
      if (!to) return;
      relayed++;
      to.sendFrame(nic, frame);
    };
    const t0 = Date.now();
    const booted = await Promise.allSettled(
      ([1, 2] as const).map((node, i) =>
        KernelGuest.boot({ image, node, nics: 1, workDir: path.join(scratch, `node${node}`), onFrame: relay(i === 0 ? 0 : 1) }),
      ),
    );
    for (const b of booted) if (b.status === 'fulfilled') guests[booted.indexOf(b)] = b.value;
    const failed = booted.find((b): b is PromiseRejectedResult => b.status === 'rejected');
    const [a, b] = guests;
    const pids = guests.map((g) => g?.pid);
    try {
      if (failed) throw failed.reason;
      assert.ok(a && b);
      const readyMs = Date.now() - t0;
      const linkUp = await waitFor('a link up on both guests', LINK_UP_MS, async () => {
        const [la, lb] = await Promise.all([links(a), links(b)]);
        const up = (l: Record<string, string>): boolean => Object.values(l).some((s) => s === 'up');
        return up(la) && up(lb) ? { la, lb } : undefined;
      });
      const linkMs = Date.now() - t0 - readyMs;
      assert.deepEqual(Object.keys(linkUp.la), ['1001001:eth0-1001002:eth0']);
      assert.deepEqual(Object.keys(linkUp.lb), ['1001002:eth0-1001001:eth0']);
      assert.deepEqual(await a.nodeList(), [{ identity: '1001002', hash: '01001002', state: 'up' }]);

      // a cluster-scope binding on node 2 reaches node 1's name table, and leaves it when withdrawn
      await b.bind(1000, 0, 9, 'cluster');
      const published = (t: NameEntry[]): NameEntry | undefined => t.find((e) => e.type === 1000 && e.lower === 0 && e.upper === 9);
      const seen = await waitFor('{1000,0,9} in node 1 name table', 5000, async () => published(await nameTable(a)));
      assert.equal(seen.node, '1001002');
      assert.equal(seen.scope, 'cluster');
      await b.unbind(1000, 0, 9);
      await waitFor('{1000,0,9} gone from node 1 name table', 5000, async () => (published(await nameTable(a)) ? undefined : true));

      // the kernel's own tracepoints saw the link and the peer come up
      const [ta, tb] = await Promise.all([a.traceEvents(), b.traceEvents()]);
      for (const [who, lines, link, peer] of [
        ['node 1', ta, '1001001:eth0-1001002:eth0', '1001002'],
        ['node 2', tb, '1001002:eth0-1001001:eth0', '1001001'],
      ] as const) {
        const events = lines.map(parseFsmTrace);
        assert.ok(events.every((e) => e !== undefined), `${who}: unparsed trace lines:\n${lines.join('\n')}`);
        assert.ok(
          events.some((e) => e?.kind === 'link' && e.name === link && e.to === 'ESTABLISHED'),
          `${who}: no tipc_link_fsm event taking ${link} to ESTABLISHED:\n${lines.join('\n')}`,
        );
        assert.ok(
          events.some((e) => e?.kind === 'node' && e.name === peer && e.to === 'SELF_UP_PEER_UP'),
          `${who}: no tipc_node_fsm event taking ${peer} to SELF_UP_PEER_UP:\n${lines.join('\n')}`,
        );
      }
      // drained: a second read starts empty (nothing happens on a quiet, established link)
      assert.deepEqual(await a.traceEvents(), []);

      // numbered user messages: node 2's helper sends 300 to the socket node 1's helper opened
      const port = await a.openReceiver();
      assert.equal(await a.openReceiver(), port, 'one receiving socket, opened once');
      const values = Array.from({ length: 300 }, (_, i) => i + 1);
      await b.send(0x1001001, port, values);
      const got: number[] = [];
      await waitFor('300 messages at node 1', 5000, async () => {
        const seen = await a.observe(true);
        for (const r of seen.received) {
          assert.equal(r.from, 0x1001002);
          got.push(r.value);
        }
        assert.ok(Array.isArray(seen.table), 'observe reads the name table too');
        assert.ok(seen.links?.includes('1001001:eth0-1001002:eth0'), `observe reads the link list too: ${String(seen.links)}`);
        return got.length >= values.length ? true : undefined;
      });
      assert.deepEqual(got, values, 'every message once, in order');
      // a message to a node with no link (EHOSTUNREACH) is lost, as a socket user's is: counted, no error
      assert.equal(await b.send(0x1001009, port, [1, 2, 3]), 3, 'each refused with no route, none an error');
      assert.equal(await b.send(0x1001009, port, [4]), 1, 'counted once: the count starts again after each answer');

      // a guest that dies under the harness is reported, once, as a classified fault
      const faults: KernelGuestError[] = [];
      b.onUnexpectedExit((f) => faults.push(f));
      process.kill(b.pid ?? 0, 'SIGKILL');
      await waitFor('the death of node 2 reported', 5000, async () => (faults.length > 0 ? true : undefined));
      assert.equal(faults.length, 1);
      assert.equal(faults[0]?.kind, 'exited');
      assert.match(faults[0]?.message ?? '', /kernel guest 1\.1\.2: QEMU exited \(signal SIGKILL\) in the middle of the scenario/);
      assert.match(faults[0]?.message ?? '', /--- console tail ---/);
      assert.ok(relayed > 0 && foreign === 0, `relayed ${relayed} frames, ${foreign} not TIPC`);
      t.diagnostic(`boot to ready ${a.bootMs}/${b.bootMs} ms, link up ${linkMs} ms after ready, ${relayed} frames relayed`);
    } finally {
      await Promise.all(guests.map((g) => g?.stop()));
    }
    assert.equal(liveGuests(), 0);
    for (const pid of pids) assert.ok(!alive(pid), `QEMU ${pid} still running after stop()`);
    assert.deepEqual(ourQemus(), []);
  });

  test('guests that cannot become ready fail with a classified error and the console tail, leaving no QEMU', async () => {
    const cases = [
      {
        kind: 'exited',
        opts: { image: { ...image, initrdPath: path.join(scratch, 'no-such-initrd.gz') } },
        message: /QEMU exited/,
      },
      { kind: 'timeout', opts: { readyTimeoutMs: 1200 }, message: /no TIPC-GUEST-READY within 1200 ms/ },
      { kind: 'panic', opts: { extraAppend: 'rdinit=/no-such-init' }, message: /panic/ },
    ] as const;
    const results = await Promise.allSettled(
      cases.map((c, i) =>
        KernelGuest.boot({ image, node: 10 + i, nics: 1, workDir: path.join(scratch, `bad-${c.kind}`), onFrame: () => undefined, ...c.opts }),
      ),
    );
    for (const [i, r] of results.entries()) {
      const c = cases[i];
      assert.ok(c);
      if (r.status === 'fulfilled') {
        await r.value.stop();
        assert.fail(`${c.kind}: the guest booted`);
      }
      const e: unknown = r.reason;
      assert.ok(e instanceof KernelGuestError, `${c.kind}: ${String(e)}`);
      assert.equal(e.kind, c.kind, e.message);
      assert.match(e.message, c.message);
      if (c.kind === 'exited') assert.match(e.message, /initrd/i, 'names what QEMU could not load');
      if (c.kind === 'panic') {
        assert.match(e.consoleTail, /Kernel panic/);
        assert.match(e.message, /--- console tail ---/);
      }
    }
    assert.equal(liveGuests(), 0);
    assert.deepEqual(ourQemus(), []);
  });
});

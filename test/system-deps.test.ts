/**
 * The system packages `npm test` sets up by itself (scripts/install-system-deps.sh, run by npm as
 * the pretest, pretest:kernel and preconformance hooks). Each case runs the script in a scratch
 * world: a PATH holding only stub tools and fakes of apt-get, sudo and id that record what they
 * are asked and install nothing, and a scratch root (TIPC_SYSTEM_DEPS_ROOT) holding the files it
 * probes (/usr/bin/chromium, /bin/busybox, libc.a, linux/tipc.h, the kbuild libraries, the apt
 * index) and the sbin folders. The script must ask apt-get for exactly the packages whose parts
 * are missing, after `apt-get update`, nothing when all is there, and say what it could not do
 * and why.
 */
import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, describe, test } from 'node:test';

const PACKAGE_ROOT = path.join(__dirname, '..');
const SCRIPT = path.join(PACKAGE_ROOT, 'scripts', 'install-system-deps.sh');

/**
 * What each package gives the suite, as the test sees it: paths under the scratch folder, bin/
 * being the only PATH entry and root/ the probe root. kmod's and iproute2's tools sit in the sbin
 * folders, which a user's PATH lacks and the script searches.
 */
const PARTS: Readonly<Record<string, readonly string[]>> = {
  tshark: ['bin/tshark'],
  'default-jre-headless': ['bin/java'],
  chromium: ['root/usr/bin/chromium'],
  'qemu-system-x86': ['bin/qemu-system-x86_64'],
  'busybox-static': ['root/bin/busybox'],
  cpio: ['bin/cpio'],
  kmod: ['root/sbin/modprobe', 'root/usr/sbin/depmod'],
  gcc: ['bin/gcc'],
  'libc6-dev': ['root/usr/lib/x86_64-linux-gnu/libc.a'],
  'xz-utils': ['bin/xz'],
  iproute2: ['root/usr/sbin/tipc'],
  'linux-libc-dev': ['root/usr/include/linux/tipc.h'],
  make: ['bin/make'],
  patch: ['bin/patch'],
  binutils: ['bin/strip'],
  libelf1: ['root/usr/lib/x86_64-linux-gnu/libelf.so.1'],
  libssl3: ['root/lib/x86_64-linux-gnu/libssl.so.3'],
  python3: ['bin/python3'],
};
const ALL = Object.keys(PARTS);
const APT_INDEX = 'root/var/lib/apt/lists/deb.debian.org_debian_dists_bookworm_main_binary-amd64_Packages.lz4';
const INSTALL = ['install', '-y', '-q', '--no-install-recommends'];

/** A command the fakes record: which fake, its arguments, and DEBIAN_FRONTEND as it saw it. */
interface Call {
  readonly who: 'apt-get' | 'sudo';
  readonly argv: readonly string[];
  readonly frontend?: string;
}

interface World {
  /** Packages whose parts are there (default: all). */
  readonly present?: readonly string[];
  /** Whether the apt index is there (default: yes). */
  readonly aptIndex?: boolean;
  /** The uid `id -u` prints (default 0). */
  readonly uid?: number;
  /** sudo on PATH: absent (default), asking for a password, or passwordless. */
  readonly sudo?: 'absent' | 'password' | 'passwordless';
  /** apt-get on PATH (default), and the exit codes of its update and install. */
  readonly aptGet?: boolean;
  readonly updateExit?: number;
  readonly installExit?: number;
  /** A fake ldd on PATH that succeeds, as it does on a dynamic executable. */
  readonly dynamicBusybox?: boolean;
  readonly args?: readonly string[];
  readonly env?: Readonly<Record<string, string>>;
}

interface Outcome {
  readonly status: number | null;
  readonly stdout: string;
  readonly stderr: string;
  readonly calls: readonly Call[];
  /** Only the calls of apt-get, as argument lists. */
  readonly apt: readonly (readonly string[])[];
}

const scratchRoot = mkdtempSync(path.join(tmpdir(), 'tipc-system-deps-'));
after(() => rmSync(scratchRoot, { recursive: true, force: true }));
let worlds = 0;

/** The absolute path of a command on this machine's PATH (bash, env), for the scratch PATH. */
function hostCommand(cmd: string): string {
  for (const dir of (process.env['PATH'] ?? '').split(':')) {
    const p = path.join(dir, cmd);
    if (dir && existsSync(p)) return p;
  }
  throw new Error(`${cmd} is not on PATH`);
}
const BASH = hostCommand('bash');
const ENV = hostCommand('env');

function writeExecutable(file: string, text: string): void {
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(file, text);
  chmodSync(file, 0o755);
}
const STUB = '#!/bin/sh\nexit 0\n';

/** A fake recording its call in FAKE_LOG (a node script: it needs nothing on PATH). */
function recorder(who: Call['who'], body: string): string {
  return `#!${process.execPath}
const fs = require('node:fs');
const argv = process.argv.slice(2);
fs.appendFileSync(process.env.FAKE_LOG, JSON.stringify({ who: ${JSON.stringify(who)}, argv, frontend: process.env.DEBIAN_FRONTEND }) + '\\n');
${body}
`;
}

// apt-get: update and install exit as told; a successful install creates the parts of the
// packages it was asked for (FAKE_PROVIDES), so that the script's second look finds them.
const FAKE_APT_GET = recorder(
  'apt-get',
  `if (argv[0] === 'update') process.exit(Number(process.env.FAKE_UPDATE_EXIT));
if (argv[0] === 'install') {
  const code = Number(process.env.FAKE_INSTALL_EXIT);
  if (code === 0) {
    const parts = JSON.parse(process.env.FAKE_PROVIDES);
    for (const pkg of argv.filter((a) => !a.startsWith('-')).slice(1)) {
      for (const file of parts[pkg] ?? []) {
        fs.mkdirSync(require('node:path').dirname(file), { recursive: true });
        fs.writeFileSync(file, '#!/bin/sh\\nexit 0\\n', { mode: 0o755 });
      }
    }
  }
  process.exit(code);
}
process.exit(0);`,
);

// sudo: \`sudo -n true\` answers as told; anything else runs the command (as if as root).
const FAKE_SUDO = recorder(
  'sudo',
  `if (argv.join(' ') === '-n true') process.exit(process.env.FAKE_SUDO === 'passwordless' ? 0 : 1);
const cmd = argv[0] === '-n' ? argv.slice(1) : argv;
const r = require('node:child_process').spawnSync(cmd[0], cmd.slice(1), { stdio: 'inherit' });
process.exit(r.status ?? 1);`,
);

/** Runs the script in a fresh scratch world and returns what it said and asked. */
function runIn(world: World): Outcome {
  const dir = path.join(scratchRoot, `world-${++worlds}`);
  const bin = path.join(dir, 'bin');
  const root = path.join(dir, 'root');
  mkdirSync(bin, { recursive: true });
  mkdirSync(root, { recursive: true });
  const at = (rel: string): string => path.join(dir, rel);
  for (const pkg of world.present ?? ALL) for (const rel of PARTS[pkg] ?? []) writeExecutable(at(rel), STUB);
  if (world.aptIndex ?? true) writeExecutable(at(APT_INDEX), '');
  writeExecutable(path.join(bin, 'id'), `#!/bin/sh\necho ${world.uid ?? 0}\n`);
  symlinkSync(ENV, path.join(bin, 'env'));
  if (world.aptGet ?? true) writeExecutable(path.join(bin, 'apt-get'), FAKE_APT_GET);
  if ((world.sudo ?? 'absent') !== 'absent') writeExecutable(path.join(bin, 'sudo'), FAKE_SUDO);
  if (world.dynamicBusybox) writeExecutable(path.join(bin, 'ldd'), STUB);
  const log = path.join(dir, 'calls.ndjson');
  writeFileSync(log, '');
  const provides = Object.fromEntries(Object.entries(PARTS).map(([pkg, rels]) => [pkg, rels.map(at)]));
  const r = spawnSync(BASH, [SCRIPT, ...(world.args ?? [])], {
    encoding: 'utf8',
    timeout: 30_000,
    env: {
      PATH: bin,
      TIPC_SYSTEM_DEPS_ROOT: root,
      FAKE_LOG: log,
      FAKE_SUDO: world.sudo ?? 'absent',
      FAKE_UPDATE_EXIT: String(world.updateExit ?? 0),
      FAKE_INSTALL_EXIT: String(world.installExit ?? 0),
      FAKE_PROVIDES: JSON.stringify(provides),
      ...world.env,
    },
  });
  const calls = readFileSync(log, 'utf8')
    .split('\n')
    .filter((l) => l !== '')
    .map((l) => JSON.parse(l) as Call);
  return { status: r.status, stdout: r.stdout, stderr: r.stderr, calls, apt: calls.filter((c) => c.who === 'apt-get').map((c) => c.argv) };
}

const without = (...missing: string[]): string[] => ALL.filter((p) => !missing.includes(p));

describe('scripts/install-system-deps.sh, the set-up npm test runs first', () => {
  test('with every part present it asks apt-get and sudo nothing and exits 0 (modprobe, depmod, tipc found in sbin)', () => {
    const r = runIn({ uid: 1000, sudo: 'passwordless' });
    assert.equal(r.status, 0, r.stderr);
    assert.deepEqual(r.calls, []);
    assert.equal(r.stdout, `system packages: all ${ALL.length} present\n`);
    assert.equal(r.stderr, '');
  });

  test('as root it runs apt-get update, then installs exactly the missing packages, and checks they arrived', () => {
    const r = runIn({ present: without('tshark', 'chromium', 'kmod', 'libssl3') });
    assert.equal(r.status, 0, r.stderr);
    assert.deepEqual(r.apt, [['update', '-q'], [...INSTALL, 'tshark', 'chromium', 'kmod', 'libssl3']]);
    assert.ok(r.calls.every((c) => c.frontend === 'noninteractive'), 'apt-get runs with DEBIAN_FRONTEND=noninteractive');
    assert.match(r.stdout, /^system packages: missing tshark chromium kmod libssl3; installing with apt-get\n/);
    assert.match(r.stdout, new RegExp(`system packages: all ${ALL.length} present\n$`));
  });

  test('one missing part of a package is enough to install it: depmod without modprobe, a dynamic busybox', () => {
    const r = runIn({ present: without('kmod'), dynamicBusybox: true });
    assert.equal(r.status, 1, 'the fake apt-get cannot make busybox static: the script says it is still missing');
    assert.match(r.stderr, /still not found where the suite looks: busybox-static\n/);
    assert.deepEqual(r.apt[1], [...INSTALL, 'busybox-static', 'kmod']);
  });

  test('with everything installed but no apt index it runs apt-get update alone', () => {
    const r = runIn({ aptIndex: false });
    assert.equal(r.status, 1, 'the fake update writes no index: the script says it is still missing');
    assert.deepEqual(r.apt, [['update', '-q']]);
    assert.match(r.stderr, /missing an apt index \(kernel setup fetches Debian's kernel with apt-get download\)/);
    assert.match(r.stderr, /apt-get succeeded, but these are still not found where the suite looks: an apt index/);
  });

  test('not root, with passwordless sudo, it runs apt-get through sudo -n (never a password prompt)', () => {
    const r = runIn({ uid: 1000, sudo: 'passwordless', present: without('qemu-system-x86', 'gcc') });
    assert.equal(r.status, 0, r.stderr);
    assert.deepEqual(
      r.calls.filter((c) => c.who === 'sudo').map((c) => c.argv),
      [
        ['-n', 'true'],
        ['-n', 'env', 'DEBIAN_FRONTEND=noninteractive', 'apt-get', 'update', '-q'],
        ['-n', 'env', 'DEBIAN_FRONTEND=noninteractive', 'apt-get', ...INSTALL, 'qemu-system-x86', 'gcc'],
      ],
    );
    assert.deepEqual(r.apt, [['update', '-q'], [...INSTALL, 'qemu-system-x86', 'gcc']]);
    assert.match(r.stdout, /installing with apt-get through sudo -n/);
  });

  test('not root and no sudo: it names the missing packages, why it cannot install them and how, and exits 1', () => {
    const r = runIn({ uid: 1000, present: without('tshark', 'chromium', 'qemu-system-x86'), env: { npm_lifecycle_event: 'pretest' } });
    assert.equal(r.status, 1);
    assert.deepEqual(r.calls, []);
    assert.equal(
      r.stderr,
      'system packages: missing tshark chromium qemu-system-x86\n' +
        '  could not install: not root (uid 1000), and sudo is not installed\n' +
        '  install with: sudo apt-get update && sudo apt-get install --no-install-recommends tshark chromium qemu-system-x86\n' +
        '  or run without them (what needs them fails, naming its package): TIPC_SYSTEM_DEPS=skip npm test\n',
    );
  });

  test('not root and sudo wants a password: it only asks sudo -n true, and says so', () => {
    const r = runIn({ uid: 1000, sudo: 'password', present: without('make'), env: { npm_lifecycle_event: 'pretest:kernel' } });
    assert.equal(r.status, 1);
    assert.deepEqual(r.calls.map((c) => [c.who, ...c.argv]), [['sudo', '-n', 'true']]);
    assert.match(r.stderr, /could not install: not root \(uid 1000\), and sudo asks for a password \(sudo -n true failed\)/);
    assert.match(r.stderr, /TIPC_SYSTEM_DEPS=skip npm run test:kernel\n$/);
  });

  test('apt-get failing (no network) is named, and nothing is installed after a failed update', () => {
    const update = runIn({ present: without('cpio'), updateExit: 100 });
    assert.equal(update.status, 1);
    assert.deepEqual(update.apt, [['update', '-q']]);
    assert.match(update.stderr, /could not install: apt-get update failed \(exit 100; no network, or a broken apt source\?/);
    const install = runIn({ present: without('cpio'), installExit: 100 });
    assert.equal(install.status, 1);
    assert.deepEqual(install.apt, [['update', '-q'], [...INSTALL, 'cpio']]);
    assert.match(install.stderr, /could not install: apt-get install failed \(exit 100/);
    assert.match(install.stderr, /install with: apt-get update && apt-get install --no-install-recommends cpio\n/, 'root needs no sudo');
  });

  test('without apt-get (not Debian) it says so', () => {
    const r = runIn({ present: without('patch'), aptGet: false });
    assert.equal(r.status, 1);
    assert.match(r.stderr, /missing patch\n {2}could not install: apt-get is not on PATH \(not a Debian system\?\)/);
  });

  test("`report` (npm run conformance) wants Java alone, and --keep-going warns and exits 0", () => {
    const r = runIn({ uid: 1000, present: ['tshark'], aptIndex: false, args: ['--keep-going', 'report'] });
    assert.equal(r.status, 0);
    assert.deepEqual(r.calls, []);
    assert.match(r.stderr, /^system packages: missing default-jre-headless\n {2}could not install: not root/);
    assert.doesNotMatch(r.stderr, /TIPC_SYSTEM_DEPS=skip/);
    const present = runIn({ present: ['default-jre-headless'], aptIndex: false, args: ['report'] });
    assert.equal(present.status, 0);
    assert.equal(present.stdout, 'system packages: default-jre-headless present\n');
  });

  test('TIPC_SYSTEM_DEPS=skip checks nothing and installs nothing', () => {
    const r = runIn({ present: [], env: { TIPC_SYSTEM_DEPS: 'skip' } });
    assert.equal(r.status, 0);
    assert.deepEqual(r.calls, []);
    assert.equal(r.stdout, 'system packages: not checked (TIPC_SYSTEM_DEPS=skip)\n');
  });

  test('npm runs it before npm test, npm run test:long, npm run test:kernel and npm run conformance', () => {
    const pkg = JSON.parse(readFileSync(path.join(PACKAGE_ROOT, 'package.json'), 'utf8')) as { scripts: Record<string, string> };
    assert.equal(pkg.scripts['pretest'], 'scripts/install-system-deps.sh');
    assert.equal(pkg.scripts['pretest:long'], 'scripts/install-system-deps.sh');
    assert.equal(pkg.scripts['pretest:kernel'], 'scripts/install-system-deps.sh');
    assert.equal(pkg.scripts['preconformance'], 'scripts/install-system-deps.sh --keep-going report');
  });
});

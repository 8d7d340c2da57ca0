/**
 * The kernel profiles and the tipc.ko build, without a guest: the profile list against the patch
 * files, the Debian package names of a kernel release, the initramfs overlay, what a module file
 * says about itself, and the --iut / --testers specs. Building and loading real modules is in
 * test/kernel/ (npm run test:kernel).
 */
import { strict as assert } from 'node:assert';
import { readFileSync, readdirSync } from 'node:fs';
import * as path from 'node:path';
import { gzipSync } from 'node:zlib';
import { test } from 'node:test';
import { formatIutSpec, parseIutSpec, parseTestersSpec } from '../adapters/iut-spec';
import { initrdFile, overlayInitrd } from '../adapters/kernel/image';
import { buildPackages, moduleFacts } from '../adapters/kernel/module-build';
import { KERNEL_PROFILE_NAMES, kernelProfilePatch } from '../adapters/kernel/profiles';
import { PROFILE_NAMES } from '../reference/profiles';

const PROFILES_DIR = path.join(__dirname, '..', 'adapters', 'kernel', 'profiles');

test('the kernel profiles are exactly the .patch files, each named after a reference profile', () => {
  const files = readdirSync(PROFILES_DIR)
    .filter((f) => f.endsWith('.patch'))
    .map((f) => f.replace(/\.patch$/, ''))
    .sort();
  assert.deepEqual([...KERNEL_PROFILE_NAMES].sort(), files);
  for (const name of KERNEL_PROFILE_NAMES) assert.ok((PROFILE_NAMES as readonly string[]).includes(name), `${name} is no reference profile`);
});

test('each kernel profile is a readable patch of net/tipc: a header naming the commit it undoes, then -p1 diffs', () => {
  for (const name of KERNEL_PROFILE_NAMES) {
    const text = readFileSync(kernelProfilePatch(name), 'utf8');
    const header = text.slice(0, text.indexOf('\n--- '));
    assert.match(header, new RegExp(`^Profile ${name}: undoes `), `${name}: the header starts with what it undoes`);
    assert.match(header, /Reference switch(es)?: /, `${name}: the header names the reference switch it matches`);
    const files = [...text.matchAll(/^\+\+\+ b\/(\S+)/gm)].map((m) => m[1] ?? '');
    assert.ok(files.length > 0, `${name} changes no file`);
    for (const f of files) assert.match(f, /^net\/tipc\/[a-z_]+\.c$/, `${name} changes ${f}, not a file of net/tipc`);
  }
});

test("a Debian kernel release names the packages a module build needs, at the image's version", () => {
  assert.deepEqual(buildPackages('6.1.0-57-amd64', '6.1.192-3'), {
    series: '6.1',
    headers: 'linux-headers-6.1.0-57-amd64',
    commonHeaders: 'linux-headers-6.1.0-57-common',
    packages: ['linux-source-6.1=6.1.192-3', 'linux-headers-6.1.0-57-amd64=6.1.192-3', 'linux-headers-6.1.0-57-common=6.1.192-3', 'linux-kbuild-6.1=6.1.192-3'],
  });
  assert.equal(buildPackages('6.1.0-28-cloud-amd64', '6.1.119-1').commonHeaders, 'linux-headers-6.1.0-28-common');
  assert.throws(() => buildPackages('weird', '1'), /cannot tell Debian's package names from the kernel release 'weird'/);
});

test('an overlaid initramfs holds the new file in place of the old, and the rest as it was', () => {
  const base = overlayInitrd(Buffer.alloc(0), new Map([
    ['lib/modules/tipc.ko', Buffer.from('stock module')],
    ['lib/modules/load-order', Buffer.from('tipc.ko\n')],
  ]));
  const over = overlayInitrd(base, new Map([['lib/modules/tipc.ko', Buffer.from('built module, longer than the stock one')]]));
  assert.equal(initrdFile(base, 'lib/modules/tipc.ko')?.toString(), 'stock module');
  assert.equal(initrdFile(over, 'lib/modules/tipc.ko')?.toString(), 'built module, longer than the stock one');
  assert.equal(initrdFile(over, '/lib/modules/load-order')?.toString(), 'tipc.ko\n');
  assert.equal(initrdFile(over, 'lib/modules/other.ko'), undefined);
  assert.equal(initrdFile(over, 'lib/modules'), undefined, 'a folder is not a file');
  // the base is kept byte for byte: the guest unpacks it first, then the overlay
  assert.deepEqual(over.subarray(0, base.length), base);
  assert.equal(initrdFile(gzipSync(Buffer.from('not a cpio archive, long enough to be read as one header'.repeat(3))), 'x'), undefined);
});

test('a module file tells its srcversion and vermagic, and whether a signature is appended', () => {
  const info = Buffer.from('\0license=GPL\0srcversion=F4C611845B65F8B1FE41D07\0depends=ip6_udp_tunnel\0vermagic=6.1.0-57-amd64 SMP preempt mod_unload modversions \0');
  const unsigned = Buffer.concat([Buffer.from('\x7fELF'), info, Buffer.alloc(64)]);
  const signed = Buffer.concat([unsigned, Buffer.from('PKCS#7 bytes'), Buffer.from('~Module signature appended~\n')]);
  assert.deepEqual(
    { ...moduleFacts(unsigned), sha256: undefined },
    { srcversion: 'F4C611845B65F8B1FE41D07', vermagic: '6.1.0-57-amd64 SMP preempt mod_unload modversions ', signed: false, sha256: undefined },
  );
  assert.equal(moduleFacts(signed).signed, true);
  assert.notEqual(moduleFacts(signed).sha256, moduleFacts(unsigned).sha256);
  assert.equal(moduleFacts(Buffer.from('no modinfo here')).srcversion, '');
});

test('--iut kernel:PROFILE and --testers kernel:PROFILE name a kernel profile; the text form says what ran', () => {
  assert.deepEqual(parseIutSpec('kernel'), { kind: 'kernel' });
  assert.deepEqual(parseIutSpec('kernel:no-stale-drop'), { kind: 'kernel', module: { profile: 'no-stale-drop' } });
  assert.throws(() => parseIutSpec('kernel:'), /an empty kernel profile name in 'kernel:'; kernel profiles: pre-half-failover-fix/);
  assert.throws(() => parseIutSpec('kernel:ablation-no-synch'), /unknown kernel profile 'ablation-no-synch'/);
  assert.deepEqual(parseTestersSpec('kernel:no-named-seqno'), { testers: 'kernel', module: { profile: 'no-named-seqno' } });
  assert.deepEqual(parseTestersSpec('reference'), { testers: 'reference' });
  assert.throws(() => parseTestersSpec('reference:legacy'), /unknown testers 'reference:legacy'/);
  assert.equal(formatIutSpec({ kind: 'kernel', module: { profile: 'no-stale-drop' } }), 'kernel:no-stale-drop');
  assert.equal(formatIutSpec({ kind: 'kernel', module: { src: '/my tree/net/tipc', patches: ['/p/1.patch'] } }), "kernel (--tipc-src '/my tree/net/tipc' --tipc-patch /p/1.patch)");
});

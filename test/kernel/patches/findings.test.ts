/**
 * The known bugs of Linux 6.1 the suite found (docs/kernel-findings.md), on real kernels: stock 6.1
 * shows them as known kernel bugs (exit 0, exit 1 with --strict), and 6.1 with the proposed
 * patches of docs/kernel-findings/ passes them. KF-3 has no scenario yet (it needs two CPUs).
 */
import { strict as assert } from 'node:assert';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { after, describe, test } from 'node:test';
import { PACKAGE_ROOT, runCli } from '../../support/cli';

const scratch = mkdtempSync(path.join(tmpdir(), 'tipc-kernel-findings-'));
after(() => rmSync(scratch, { recursive: true, force: true }));

const TAGS = ['--tags', '@req:NB-7 or @req:NB-8', '--no-report'];
const PATCHES = readdirSync(path.join(PACKAGE_ROOT, 'docs', 'kernel-findings'))
  .filter((f) => f.endsWith('.patch'))
  .sort()
  .map((f) => path.join(PACKAGE_ROOT, 'docs', 'kernel-findings', f));

describe('the known bugs of 6.1, and the proposed fix, on real kernels', () => {
  test('stock 6.1 shows KF-1 and KF-2 as known kernel bugs: exit 0, and exit 1 with --strict', { timeout: 300_000 }, async () => {
    const r = await runCli(['run', '--iut', 'kernel', ...TAGS, '--out', path.join(scratch, 'stock')]);
    assert.equal(r.code, 0, r.stdout + r.stderr);
    assert.match(r.stdout, /KNOWN .*A peer that restarts is synchronised afresh.*\n(?:.*\n)*?.*known kernel bug KF-1/);
    assert.match(r.stdout, /KNOWN .*upper half of the 16-bit range.*\n(?:.*\n)*?.*known kernel bug KF-2/);
    assert.match(r.stdout, /node 1 lacks \{7001, 10, 19\} of node 2/);
    assert.match(r.stdout, /KNOWN .*A peer whose link flaps is synchronised afresh.*\n(?:.*\n)*?.*known kernel bug KF-1/);
    assert.match(r.stdout, /conformance: 0 passed, 0 failed, 3 known bugs, 1 not applicable/);
    const strict = await runCli(['run', '--iut', 'kernel', ...TAGS, '--strict', '--out', path.join(scratch, 'strict')]);
    assert.equal(strict.code, 1, strict.stdout + strict.stderr);
  });

  test('6.1 with the proposed patches passes both', { timeout: 300_000 }, async () => {
    assert.equal(PATCHES.length, 3, 'the three patches of docs/kernel-findings/ (KF-1, KF-2, KF-4)');
    const r = await runCli(['run', '--iut', 'kernel', '--tipc-patch', ...PATCHES, ...TAGS, '--strict', '--out', path.join(scratch, 'patched')]);
    assert.equal(r.code, 0, r.stdout + r.stderr);
    assert.match(r.stdout, /tipc.ko from Debian's net\/tipc source with patches 0001-tipc-reset-a-peer-s-name-distribution-state-when-contact-is-lost.patch, 0002-/);
    assert.match(r.stdout, /conformance: 3 passed, 0 failed, 1 not applicable/);
  });
});

/** NB-14: node 1 the kernel, nodes 2 and 3 the reference (whose discovery messages the harness rewrites, and which can restart as a legacy node). */
const KF4_TAGS = ['--tags', '@req:NB-14', '--no-report'];

describe('KF-4, rc_dests uncounted by the capabilities of the moment, on real kernels', () => {
  test('stock 6.1 replicasts after losing a peer whose TIPC_NAMED_BCAST changed while it was up: three known kernel bugs', { timeout: 300_000 }, async () => {
    const r = await runCli(['run', '--iut', 'kernel', ...KF4_TAGS, '--out', path.join(scratch, 'kf4-stock')]);
    assert.equal(r.code, 0, r.stdout + r.stderr);
    assert.match(r.stdout, /KNOWN .*dropped TIPC_NAMED_BCAST while up.*\n(?:.*\n)*?.*known kernel bug KF-4/);
    assert.match(r.stdout, /seen: 0 broadcast and 1 unicast sends/);
    assert.match(r.stdout, /conformance: 0 passed, 0 failed, 3 known bugs/);
  });

  test('6.1 with the proposed patch of KF-4 passes NB-14', { timeout: 300_000 }, async () => {
    const kf4 = PATCHES.filter((p) => path.basename(p).startsWith('0004-'));
    assert.equal(kf4.length, 1, 'the patch of KF-4');
    const r = await runCli(['run', '--iut', 'kernel', '--tipc-patch', ...kf4, ...KF4_TAGS, '--strict', '--out', path.join(scratch, 'kf4-patched')]);
    assert.equal(r.code, 0, r.stdout + r.stderr);
    assert.match(r.stdout, /conformance: 3 passed, 0 failed/);
  });
});

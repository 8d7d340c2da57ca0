/**
 * A maintainer's own code under test, through the CLI as they run it: --tipc-patch and --tipc-src
 * build the guests' tipc.ko from Debian's net/tipc source of the guest's kernel (or their folder).
 * A patch that brings a bug back fails its scenarios; an empty or a harmless one passes; a patch
 * that does not apply, a build that fails and a module that does not load stop the run with exit 2
 * and the tool's own words. A second run with the same inputs takes the cached build.
 */
import { strict as assert } from 'node:assert';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync, appendFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { ConformanceStatement } from '../../../cli/certify';
import { kernelImage, setupKernelImage } from '../../../adapters/kernel/image';
import { setupBuildEnv } from '../../../adapters/kernel/module-build';
import { kernelProfilePatch } from '../../../adapters/kernel/profiles';
import { runCli } from '../../support/cli';

const scratch = mkdtempSync(path.join(tmpdir(), 'tipc-kernel-module-'));
after(() => rmSync(scratch, { recursive: true, force: true }));

let debianTipc = '';

before(async () => {
  const image = kernelImage() ?? (await setupKernelImage());
  debianTipc = path.join((await setupBuildEnv({ image })).sourceRoot, 'net', 'tipc');
});

/** A unified diff of one file of net/tipc, as `git diff` writes it (-p1 at the source root). */
function patchOf(file: string, hunks: string): string {
  return `--- a/net/tipc/${file}\n+++ b/net/tipc/${file}\n${hunks}`;
}

/** A patch that adds `added` (lines) after line `line` of a Debian net/tipc file, with real context. */
function insertAfter(file: string, line: number, added: readonly string[]): string {
  const lines = readFileSync(path.join(debianTipc, file), 'utf8').split('\n');
  const ctx = lines.slice(line - 3, line);
  const after3 = lines.slice(line, line + 3);
  const body = [...ctx.map((l) => ` ${l}`), ...added.map((l) => `+${l}`), ...after3.map((l) => ` ${l}`)];
  return patchOf(file, `@@ -${line - 2},${ctx.length + after3.length} +${line - 2},${ctx.length + after3.length + added.length} @@\n${body.join('\n')}\n`);
}

function lineOf(file: string, pattern: RegExp): number {
  const i = readFileSync(path.join(debianTipc, file), 'utf8').split('\n').findIndex((l) => pattern.test(l));
  assert.ok(i >= 0, `${file} has no line ${pattern}`);
  return i + 1;
}

function write(name: string, text: string): string {
  const file = path.join(scratch, name);
  writeFileSync(file, text);
  return file;
}

const FO1 = ['--tags', '@req:FO-1', '--no-report'];

describe('--tipc-patch and --tipc-src: a maintainer tests their own net/tipc', () => {
  test('a patch that brings the half-failover bug back fails FO-1, naming the missing bindings', { timeout: 300_000 }, async () => {
    const mine = write('0001-tipc-revert-half-failover-fix.patch', readFileSync(kernelProfilePatch('pre-half-failover-fix'), 'utf8'));
    const r = await runCli(['run', '--iut', 'kernel', '--tipc-patch', mine, ...FO1, '--out', path.join(scratch, 'bug')]);
    assert.equal(r.code, 1, r.stdout + r.stderr);
    assert.match(r.stdout, /tipc.ko from Debian's net\/tipc source with patches 0001-tipc-revert-half-failover-fix.patch/);
    assert.match(r.stdout, /expected: node 1's name table to hold all 101 cluster-scope bindings of node 2 within 1000 ms\n\s+seen: 101 missing: /);
    assert.match(r.stdout, /replay: tipc-conformance run --iut kernel --tipc-patch \S+0001-tipc-revert-half-failover-fix.patch --seed 1 --tags @req:FO-1/);
  });

  test('two real kernels, the buggy module on one side only: node 1 with it fails FO-1, node 2 with it does not', { timeout: 300_000 }, async () => {
    // the half-failover bug lives on the side that never fails over (node 1, the IUT in FO-1)
    const a = await runCli(['run', '--iut', 'kernel:pre-half-failover-fix', '--testers', 'kernel', ...FO1, '--out', path.join(scratch, 'bug-on-a')]);
    assert.equal(a.code, 1, a.stdout + a.stderr);
    assert.match(a.stdout, /expected: node 1's name table to hold all 101 cluster-scope bindings of node 2 within 1000 ms\n\s+seen: 101 missing: /);
    const b = await runCli(['run', '--iut', 'kernel', '--testers', 'kernel:pre-half-failover-fix', ...FO1, '--out', path.join(scratch, 'bug-on-b')]);
    assert.equal(b.code, 0, b.stdout + b.stderr);
    assert.match(b.stdout, /tipc.ko from Debian's net\/tipc source with kernel profile pre-half-failover-fix/, 'the testers run the profile');
  });

  test("an empty patch builds Debian's source as it is, which passes; the second run takes the cached build", { timeout: 300_000 }, async () => {
    // a name of its own: the build is keyed by what it is built from, its name included, so an
    // earlier run's cached build of an empty patch does not stand in for the first build here
    const name = `empty-${process.pid}-${Date.now()}.patch`;
    const empty = write(name, '');
    const shown = name.replace(/\./g, '\\.');
    const first = await runCli(['run', '--iut', 'kernel', '--tipc-patch', empty, ...FO1, '--out', path.join(scratch, 'empty')]);
    assert.equal(first.code, 0, first.stdout + first.stderr);
    assert.match(first.stdout, new RegExp(`building tipc.ko from Debian's net/tipc source with patches ${shown} .*\\(build [0-9a-f]{16}\\)`));
    assert.match(first.stdout, /loads \(taint OE\)/, 'an out-of-tree, unsigned module');
    const second = await runCli(['run', '--iut', 'kernel', '--tipc-patch', empty, ...FO1, '--out', path.join(scratch, 'empty')]);
    assert.equal(second.code, 0, second.stdout + second.stderr);
    assert.match(second.stdout, new RegExp(`tipc.ko from Debian's net/tipc source with patches ${shown}: cached build [0-9a-f]{16}`));
    assert.doesNotMatch(second.stdout, /building tipc.ko/);
  });

  test('--tipc-src builds a net/tipc folder with a harmless change, which passes; the statement names the module', { timeout: 300_000 }, async () => {
    const tree = path.join(scratch, 'my-tree', 'net', 'tipc');
    cpSync(debianTipc, tree, { recursive: true });
    appendFileSync(path.join(tree, 'node.c'), '\n/* a maintainer was here */\n');
    const out = path.join(scratch, 'src');
    const r = await runCli(['certify', '--iut', 'kernel', '--tipc-src', tree, ...FO1, '--out', out]);
    assert.equal(r.code, 0, r.stdout + r.stderr);
    const statement = JSON.parse(readFileSync(path.join(out, 'conformance-statement.json'), 'utf8')) as ConformanceStatement;
    const m = statement.iut.kernelModule;
    assert.ok(m, 'the statement names the module');
    assert.equal(m.source, `net/tipc from ${tree}`);
    assert.equal(m.origin, 'built');
    assert.equal(m.signed, false);
    assert.match(m.inputsHash ?? '', /^[0-9a-f]{16}$/);
    assert.match(m.moduleSha256, /^[0-9a-f]{64}$/);
    assert.match(m.packageVersion, /^6\.1\.\d+-\d+$/);
    assert.match(readFileSync(path.join(out, 'conformance-statement.html'), 'utf8'), /<th>tipc.ko<\/th><td>net\/tipc from .*unsigned, srcversion [0-9A-F]+/);
    const env = readFileSync(path.join(out, 'allure-results', 'environment.properties'), 'utf8');
    assert.match(env, /IUT\\ tipc.ko=net\/tipc from .*unsigned/);
  });

  test('a patch that does not apply: exit 2 with what patch said, nothing run', { timeout: 120_000 }, async () => {
    const stale = write('stale.patch', patchOf('node.c', '@@ -1,3 +1,4 @@\n this line is not in node.c\n+added\n nor this one\n nor this\n'));
    const r = await runCli(['run', '--iut', 'kernel', '--tipc-patch', stale, ...FO1, '--out', path.join(scratch, 'stale')]);
    assert.equal(r.code, 2, r.stdout + r.stderr);
    assert.match(r.stderr, /the patch \S+stale.patch does not apply \(exactly: no fuzz\) to Debian's net\/tipc 6\.1\.\d+-\d+; patch said:\n.*Hunk #1 FAILED at 1/);
    assert.doesNotMatch(r.stdout, /scenario/);
  });

  test('a build that fails: exit 2 with the compiler error', { timeout: 180_000 }, async () => {
    const broken = write('broken.patch', insertAfter('node.c', lineOf('node.c', /^#include "node.h"/), ['#error this tree does not build']));
    const r = await runCli(['run', '--iut', 'kernel', '--tipc-patch', broken, ...FO1, '--out', path.join(scratch, 'broken')]);
    assert.equal(r.code, 2, r.stdout + r.stderr);
    assert.match(r.stderr, /tipc.ko from Debian's net\/tipc source with patches broken.patch did not build; make said:\n[^]*node\.c:\d+:\d+: error: #error this tree does not build/);
  });

  test('a module that does not load: exit 2 with what insmod said', { timeout: 240_000 }, async () => {
    // tipc_init() fails at once: insmod gets the error
    const refusing = write('refuse.patch', insertAfter('core.c', lineOf('core.c', /^static int __init tipc_init\(void\)/) + 2, ['\treturn -ENODEV;']));
    const r = await runCli(['run', '--iut', 'kernel', '--tipc-patch', refusing, ...FO1, '--out', path.join(scratch, 'refuse')]);
    assert.equal(r.code, 2, r.stdout + r.stderr);
    assert.match(r.stderr, /tipc.ko from Debian's net\/tipc source with patches refuse.patch does not load in the guest: .*\/init failed at: insmod tipc.ko/);
    assert.match(r.stderr, /insmod: can't insert '\/lib\/modules\/tipc.ko': No such device/);
  });
});

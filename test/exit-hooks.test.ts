/**
 * The stop signals (adapters/exit-hooks.ts): the children are killed at once; a command that
 * has taken the signals (a run, to end its reports) is told and ends the process itself, even
 * when an IUT's kill hook was registered first; a second signal exits at once, 128 + its number.
 * Each case runs in a child process of its own, which signals itself.
 */
import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import * as path from 'node:path';
import { test } from 'node:test';
import { PACKAGE_ROOT } from './support/cli';

const HOOKS = path.join(PACKAGE_ROOT, 'adapters', 'exit-hooks.ts');

/** Runs `body` (JavaScript, with `hooks` the module) in a child; its exit code and what it printed. */
function inChild(body: string): { code: number | null; out: string } {
  const script = `const hooks = require(${JSON.stringify(HOOKS)});\n${body}`;
  const r = spawnSync(process.execPath, ['--require', 'ts-node/register', '-e', script], { cwd: PACKAGE_ROOT, encoding: 'utf8', env: { ...process.env, TS_NODE_TRANSPILE_ONLY: '1' } });
  return { code: r.status, out: r.stdout + r.stderr };
}

test('without a command that took them, a stop signal kills the children and exits 128 + its number', () => {
  const r = inChild(`
    hooks.killOnExit(() => process.stdout.write('killed\\n'));
    process.kill(process.pid, 'SIGTERM');
    setTimeout(() => process.stdout.write('still running\\n'), 2000);
  `);
  assert.equal(r.code, 143, r.out);
  assert.match(r.out, /^killed$/m);
  assert.doesNotMatch(r.out, /still running/);
});

test('a command that took the signals is told, after the children are killed, and ends the process itself; a second signal exits at once', () => {
  const r = inChild(`
    hooks.killOnExit(() => process.stdout.write('killed\\n'));
    hooks.takeStopSignals((signal) => {
      process.stdout.write('told ' + signal + '\\n');
      setTimeout(() => { process.stdout.write('reports written\\n'); process.kill(process.pid, 'SIGINT'); }, 100);
    });
    process.kill(process.pid, 'SIGINT');
    setTimeout(() => process.stdout.write('never\\n'), 5000);
  `);
  assert.equal(r.code, 130, r.out);
  assert.deepEqual(
    r.out.trim().split('\n'),
    ['killed', 'told SIGINT', 'reports written', 'killed', 'killed'],
    'killed on each signal and at exit; told once; the second signal ended it',
  );
});

test('signals given back: the next one exits at once again', () => {
  const r = inChild(`
    const giveBack = hooks.takeStopSignals(() => process.stdout.write('told\\n'));
    giveBack();
    process.kill(process.pid, 'SIGINT');
    setTimeout(() => process.stdout.write('still running\\n'), 2000);
  `);
  assert.equal(r.code, 130, r.out);
  assert.doesNotMatch(r.out, /told|still running/);
});

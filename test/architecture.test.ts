/**
 * The architecture, checked on the source: reference/ is sans-IO (no clock, randomness, timers,
 * I/O or process state, and no imports from outside reference/); the simulator knows nothing of
 * TIPC's stack; steps reach implementations only through adapters. Data flows one way:
 * feature → step → adapter → wire → stack.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';

const ROOT = path.resolve(__dirname, '..');

function sources(dir: string): { file: string; text: string }[] {
  return fs
    .readdirSync(path.join(ROOT, dir))
    .filter((f) => f.endsWith('.ts'))
    .map((f) => ({ file: `${dir}/${f}`, text: fs.readFileSync(path.join(ROOT, dir, f), 'utf8') }));
}

function imports(text: string): string[] {
  return [...text.matchAll(/^\s*import\s[^'"]*['"]([^'"]+)['"]/gm)].map((m) => m[1]);
}

/** Source text without comments and string literals, so prose that names a function does not count. */
function code(text: string): string {
  return text
    .replace(/\/\*[\s\S]*?\*\//g, '')
    .replace(/\/\/.*$/gm, '')
    .replace(/'(?:\\.|[^'\\])*'|"(?:\\.|[^"\\])*"|`(?:\\.|[^`\\])*`/g, "''");
}

test('reference/ is sans-IO: no clock, randomness, timers, I/O or outside imports', () => {
  const forbidden = [/\bDate\b/, /Math\.random/, /\bsetTimeout\b/, /\bsetInterval\b/, /\bsetImmediate\b/, /\bprocess\./, /\brequire\(/, /\bconsole\./, /\bBuffer\b/];
  for (const { file, text } of sources('reference')) {
    for (const spec of imports(text)) {
      assert.ok(spec.startsWith('./'), `${file} imports "${spec}": reference/ may import only its own modules`);
    }
    const body = code(text);
    for (const re of forbidden) assert.doesNotMatch(body, re, `${file} uses ${re}: the reference must be driven only by its inputs`);
    assert.doesNotMatch(body, /^(let|var)\s/m, `${file} has module-level mutable state`);
  }
});

test('the simulator does not depend on the TIPC stack', () => {
  for (const { file, text } of sources('sim')) {
    for (const spec of imports(text)) assert.ok(spec.startsWith('./'), `${file} imports "${spec}"`);
  }
});

test('steps reach implementations only through adapters', () => {
  for (const { file, text } of sources('steps')) {
    for (const spec of imports(text)) {
      assert.ok(!/(^|\/)reference\//.test(spec), `${file} imports "${spec}": steps must go through adapters/`);
    }
  }
});

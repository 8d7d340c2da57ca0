/**
 * The architecture, checked on the source. The layering (who may import whom, no cycles, only
 * packages package.json lists) is dependency-cruiser's, with the rules of .dependency-cruiser.cjs
 * (also `npm run lint:arch`); docs/architecture.md explains them. A fixture tree that breaks every
 * rule proves the rules report what they say. What an import graph cannot show, that reference/
 * and sim/ use no clock, randomness, timers or process state, is checked on their code here.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';

const ROOT = path.resolve(__dirname, '..');
const CONFIG = path.join(ROOT, '.dependency-cruiser.cjs');
const DEPCRUISE = path.join(ROOT, 'node_modules', 'dependency-cruiser', 'bin', 'dependency-cruise.mjs');
const FIXTURE = path.join(ROOT, 'test', 'fixtures', 'architecture');

/** The shipped layers, bottom to top. */
const LAYERS = ['contract', 'reference', 'sim', 'harness', 'adapters', 'steps', 'explore', 'cli'] as const;
/** The commands' JavaScript (bin/): shipped too, so held to the rules on packages (not-to-dev-dep), but not transpiled. */
const SHIPPED = [...LAYERS, 'bin'] as const;

/** A broken rule as dependency-cruiser's JSON report gives it. */
interface Violation {
  readonly rule: { readonly name: string };
  readonly from: string;
  readonly to: string;
  readonly dependencyTypes?: readonly string[];
  readonly cycle?: readonly { readonly name: string }[];
}

interface Rule {
  readonly name: string;
  readonly comment?: string;
}

interface CruiseReport {
  readonly summary: {
    readonly violations: readonly Violation[];
    readonly ruleSetUsed: { readonly forbidden?: readonly Rule[] };
  };
}

/** Cruise `folders` (relative to `cwd`) with the project's rules. */
function cruise(cwd: string, folders: readonly string[]): CruiseReport {
  const r = spawnSync(process.execPath, [DEPCRUISE, '--config', CONFIG, '--output-type', 'json', ...folders], {
    cwd,
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
  });
  if (r.error) throw r.error;
  if (!r.stdout.trim().startsWith('{')) throw new Error(`dependency-cruiser failed (exit ${r.status}): ${r.stderr}`);
  return JSON.parse(r.stdout) as CruiseReport;
}

/** An npm package by its name, whatever file of it the import resolved to. */
function moduleName(to: string): string {
  const at = to.lastIndexOf('node_modules/');
  if (at < 0) return to;
  const [scope = '', name = ''] = to.slice(at + 'node_modules/'.length).split('/');
  return scope.startsWith('@') ? `${scope}/${name}` : scope;
}

function edge(v: Violation): string {
  const cycle = v.cycle && v.cycle.length > 0 ? ` (cycle: ${[v.from, ...v.cycle.map((c) => c.name)].join(' → ')})` : '';
  return `${v.rule.name}: ${v.from} → ${moduleName(v.to)}${cycle}`;
}

/** Every violation, grouped by rule under the rule's own words. */
function describeViolations(report: CruiseReport): string {
  const comments = new Map((report.summary.ruleSetUsed.forbidden ?? []).map((r) => [r.name, r.comment ?? '']));
  const byRule = new Map<string, string[]>();
  for (const v of report.summary.violations) {
    const lines = byRule.get(v.rule.name) ?? [];
    lines.push(`    ${edge(v).slice(v.rule.name.length + 2)}`);
    byRule.set(v.rule.name, lines);
  }
  const groups = [...byRule].map(([rule, lines]) => `  ${rule}: ${comments.get(rule) ?? ''}\n${lines.sort().join('\n')}`);
  return `${report.summary.violations.length} architecture violation(s) (.dependency-cruiser.cjs, npm run lint:arch):\n${groups.join('\n')}`;
}

test('every import keeps to the layers (.dependency-cruiser.cjs)', () => {
  const present = SHIPPED.filter((dir) => fs.existsSync(path.join(ROOT, dir)));
  const report = cruise(ROOT, present);
  assert.equal(report.summary.violations.length, 0, describeViolations(report));
});

/** What the fixture tree breaks on purpose, one line per import (see its README.md). */
const FIXTURE_VIOLATIONS = [
  'adapters-not-to-steps-or-cli: adapters/report.ts → cli/version.ts',
  'adapters-not-to-steps-or-cli: adapters/report.ts → steps/world.ts',
  'cli-not-to-test-or-scripts: cli/main.ts → test/helpers.ts',
  'composition-root-only-factory: steps/support/composition.ts → adapters/reference/node.ts',
  'contract-imports-only-contract: contract/addressing.ts → os',
  'explore-below-cli: explore/explorer.ts → cli/version.ts',
  'contract-imports-only-contract: contract/addressing.ts → reference/msg.ts',
  'harness-imports-only-below: harness/clock.ts → adapters/reference/node.ts',
  'harness-imports-only-below: harness/clock.ts → reference/node.ts',
  'harness-imports-only-below: harness/clock.ts → zod',
  'no-circular: steps/support/format.ts → steps/support/parse.ts (cycle: steps/support/format.ts → steps/support/parse.ts → steps/support/format.ts)',
  'no-non-package-json: steps/world.ts → acorn',
  'not-to-dev-dep: adapters/report.ts → playwright-core',
  'not-to-unresolvable: steps/cluster.steps.ts → ./support/missing',
  'not-to-unresolvable: steps/cluster.steps.ts → no-such-package-anywhere',
  'reference-imports-only-reference: reference/node.ts → adapters/reference/node.ts',
  'reference-imports-only-reference: reference/node.ts → fs',
  'reference-imports-only-reference: reference/node.ts → timers',
  'sim-imports-only-contract: sim/trace.ts → fs',
  'sim-imports-only-contract: sim/trace.ts → reference/msg.ts',
  'step-definitions-independent: steps/link.steps.ts → steps/cluster.steps.ts',
  'steps-only-through-contract: steps/link.steps.ts → adapters/factory.ts',
  'steps-only-through-contract: steps/link.steps.ts → reference/msg.ts',
];

test('the rules have teeth: a tree that breaks each one is reported, import by import, and nothing it may do is', () => {
  const dirs = fs.readdirSync(FIXTURE, { withFileTypes: true }).filter((d) => d.isDirectory()).map((d) => d.name);
  const report = cruise(FIXTURE, dirs);
  assert.deepEqual(report.summary.violations.map(edge).sort(), [...FIXTURE_VIOLATIONS].sort());

  const rules = (report.summary.ruleSetUsed.forbidden ?? []).map((r) => r.name);
  const broken = new Set(report.summary.violations.map((v) => v.rule.name));
  assert.deepEqual(rules.filter((r) => !broken.has(r)), [], 'every rule of .dependency-cruiser.cjs is broken once in test/fixtures/architecture/');
  for (const r of report.summary.ruleSetUsed.forbidden ?? []) assert.ok((r.comment ?? '').length > 40, `rule ${r.name} says in words what it forbids`);

  // a type is a dependency too: `import type` is reported like any import
  const typeOnly = report.summary.violations.find((v) => v.from === 'reference/node.ts' && v.to === 'adapters/reference/node.ts');
  assert.ok(typeOnly?.dependencyTypes?.includes('type-only'), 'reference/node.ts imports the adapter with `import type` only');
});

function sources(dir: string): { file: string; text: string }[] {
  return fs
    .readdirSync(path.join(ROOT, dir), { recursive: true, encoding: 'utf8' })
    .filter((f) => f.endsWith('.ts'))
    .map((f) => ({ file: `${dir}/${f}`, text: fs.readFileSync(path.join(ROOT, dir, f), 'utf8') }));
}

/** Source text without comments and string literals, so prose that names a function does not count. */
function code(text: string): string {
  return text
    .replace(/\/\*[\s\S]*?\*\//g, '')
    .replace(/\/\/.*$/gm, '')
    .replace(/'(?:\\.|[^'\\])*'|"(?:\\.|[^"\\])*"|`(?:\\.|[^`\\])*`/g, "''");
}

/** What a run's outcome must not depend on, beyond its inputs: a clock, randomness, timers, the process, I/O. */
const AMBIENT = [/\bDate\b/, /Math\.random/, /\bsetTimeout\b/, /\bsetInterval\b/, /\bsetImmediate\b/, /\bprocess\b/, /\brequire\(/, /\bimport\(/, /\bconsole\./, /\bBuffer\b/];

test('reference/ is sans-IO: no clock, randomness, timers, process, I/O or module-level state', () => {
  for (const { file, text } of sources('reference')) {
    const body = code(text);
    for (const re of AMBIENT) assert.doesNotMatch(body, re, `${file} uses ${re}: the reference must be driven only by its inputs`);
    assert.doesNotMatch(body, /^(let|var)\s/m, `${file} has module-level mutable state`);
  }
});

test('sim/ is deterministic: its only time is virtual and its only randomness the seeded PRNG', () => {
  for (const { file, text } of sources('sim')) {
    const body = code(text);
    for (const re of AMBIENT) assert.doesNotMatch(body, re, `${file} uses ${re}: the simulator must give the same trace for the same seed`);
  }
});

test('npm install fills the transpile cache for every shipped layer (bin/ts-cache.js --warm), and for nothing else', () => {
  // in a process of its own: requiring the hook here would take over this process's .ts files
  const r = spawnSync(process.execPath, ['-e', "process.stdout.write(JSON.stringify(require('./bin/ts-cache.js').LOADED_DIRS))"], { cwd: ROOT, encoding: 'utf8' });
  assert.equal(r.status, 0, r.stderr);
  assert.deepEqual([...(JSON.parse(r.stdout) as string[])].sort(), [...LAYERS].sort());
});

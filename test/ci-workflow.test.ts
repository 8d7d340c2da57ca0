/**
 * .github/workflows/conformance.yml, read as GitHub Actions reads it (YAML): its shard matrix
 * covers 1..N of the N the run command names, every IUT of the matrix is one the harness takes,
 * every option its commands pass is one the command has, what the shards upload is what the merge
 * downloads and merges, and system packages come only from the project's own script.
 */
import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { describe, test } from 'node:test';
import { parse } from 'yaml';
import { parseArgs } from '../cli/args';
import { parseIutSpec } from '../adapters/iut-spec';
import { PACKAGE_ROOT } from './support/cli';

const WORKFLOW = path.join(PACKAGE_ROOT, '.github', 'workflows', 'conformance.yml');
const BIN = 'node bin/tipc-conformance.js';

interface Step {
  readonly name?: string;
  readonly run?: string;
  readonly uses?: string;
  readonly if?: string;
  readonly with?: Readonly<Record<string, string | number>>;
}

interface Job {
  readonly needs?: string | readonly string[];
  readonly if?: string;
  readonly container?: string;
  readonly env?: Readonly<Record<string, string>>;
  readonly strategy?: { readonly matrix: Readonly<Record<string, unknown>> };
  readonly steps: readonly Step[];
}

interface Workflow {
  readonly env: Readonly<Record<string, string | number>>;
  readonly jobs: Readonly<Record<string, Job>>;
}

interface IutLeg {
  readonly name: string;
  readonly spec: string;
  readonly deps: string;
}

const workflow = parse(readFileSync(WORKFLOW, 'utf8')) as Workflow;

function job(name: string): Job {
  const j = workflow.jobs[name];
  assert.ok(j, `no job '${name}' in ${WORKFLOW}: ${Object.keys(workflow.jobs).join(', ')}`);
  return j;
}

function step(j: Job, predicate: (s: Step) => boolean, what: string): Step {
  const s = j.steps.find(predicate);
  assert.ok(s, `no step ${what}`);
  return s;
}

/** The harness's command lines in a job's steps: the words after `node bin/tipc-conformance.js`. */
function harnessCommands(j: Job): string[][] {
  return j.steps
    .flatMap((s) => (s.run ?? '').split('\n'))
    .filter((line) => line.includes(BIN))
    .map((line) => line.slice(line.indexOf(BIN) + BIN.length).trim().split(/\s+/));
}

function help(command: string): string {
  const parsed = parseArgs([command, '--help'], PACKAGE_ROOT);
  assert.equal(parsed.kind, 'output');
  return parsed.kind === 'output' ? parsed.text : '';
}

function valueAfter(words: readonly string[], option: string): string | undefined {
  const i = words.indexOf(option);
  return i < 0 ? undefined : words[i + 1];
}

describe('.github/workflows/conformance.yml', () => {
  const shardJob = job('shard');
  const reportJob = job('report');
  const shards = Number(workflow.env.SHARDS);
  const legs = shardJob.strategy?.matrix.iut as readonly IutLeg[];

  test('the shard matrix is shards 1..N, N being what the run command passes to --shard', () => {
    assert.ok(Number.isInteger(shards) && shards >= 2, `SHARDS is ${String(workflow.env.SHARDS)}`);
    assert.deepEqual(shardJob.strategy?.matrix.shard, Array.from({ length: shards }, (_, i) => i + 1));
    const [run] = harnessCommands(shardJob);
    assert.equal(run?.[0], 'run');
    assert.equal(valueAfter(run ?? [], '--shard'), '"$SHARD/$SHARDS"');
    assert.equal(shardJob.env?.SHARD, '${{ matrix.shard }}');
  });

  test('every IUT leg is one the harness takes, the kernel among them, each merged by the report job', () => {
    for (const leg of legs) assert.doesNotThrow(() => parseIutSpec(leg.spec), `--iut ${leg.spec}`);
    assert.ok(legs.some((l) => parseIutSpec(l.spec).kind === 'kernel'), 'no kernel leg');
    assert.ok(legs.some((l) => parseIutSpec(l.spec).kind === 'reference'), 'no reference leg');
    assert.deepEqual(reportJob.strategy?.matrix.iut, legs.map((l) => l.name));
    assert.equal(shardJob.env?.IUT, '${{ matrix.iut.spec }}');
    const [run] = harnessCommands(shardJob);
    assert.equal(valueAfter(run ?? [], '--iut'), '"$IUT"');
  });

  test('every option of the run and report commands is one the command has', () => {
    const commands = [...harnessCommands(shardJob), ...harnessCommands(reportJob)];
    assert.deepEqual(commands.map((c) => c[0]).sort(), ['report', 'run']);
    for (const [command = '', ...words] of commands) {
      const text = help(command);
      for (const option of words.filter((w) => w.startsWith('--'))) {
        assert.match(text, new RegExp(`^\\s+${option}\\b`, 'm'), `${command} has no option ${option}`);
      }
    }
  });

  test('what a shard uploads is its --out, and the merge reads every shard of its IUT', () => {
    const [run = []] = harnessCommands(shardJob);
    const upload = step(shardJob, (s) => s.uses?.startsWith('actions/upload-artifact') === true, 'uploading the shard');
    assert.equal(upload.with?.path, valueAfter(run, '--out'));
    assert.equal(upload.with?.name, 'shard-${{ matrix.iut.name }}-${{ matrix.shard }}');
    assert.match(upload.if ?? '', /!cancelled\(\)/, 'a failed shard must still upload its reports');
    const download = step(reportJob, (s) => s.uses?.startsWith('actions/download-artifact') === true, 'downloading the shards');
    assert.equal(download.with?.pattern, 'shard-${{ matrix.iut }}-*');
    const [report = []] = harnessCommands(reportJob);
    assert.deepEqual(report.filter((w) => !w.startsWith('--') && w !== valueAfter(report, '--out')).slice(1), [`${String(download.with?.path)}/*`]);
    assert.deepEqual(reportJob.needs, 'shard');
    assert.match(reportJob.if ?? '', /!cancelled\(\)/, 'the merge must run when a shard failed');
    const publish = step(reportJob, (s) => s.uses?.startsWith('actions/upload-artifact') === true, 'publishing the merged report');
    assert.equal(publish.with?.path, valueAfter(report, '--out'));
  });

  test('system packages come from scripts/install-system-deps.sh alone, with groups it takes', () => {
    for (const j of [shardJob, reportJob]) {
      for (const s of j.steps) {
        assert.doesNotMatch(s.run ?? '', /apt-get|apt |dpkg|curl|wget|pip /, `step '${s.name ?? s.run}' installs by hand`);
      }
    }
    const groups = new Set([...legs.map((l) => l.deps), 'report']);
    for (const group of groups) {
      // TIPC_SYSTEM_DEPS=skip: the arguments are checked (exit 2 when unknown), nothing installed
      const r = spawnSync(path.join(PACKAGE_ROOT, 'scripts', 'install-system-deps.sh'), ['--versions', group], {
        env: { ...process.env, TIPC_SYSTEM_DEPS: 'skip' },
        encoding: 'utf8',
      });
      assert.equal(r.status, 0, `install-system-deps.sh --versions ${group}: exit ${r.status}\n${r.stderr}`);
    }
    const kernel = legs.find((l) => parseIutSpec(l.spec).kind === 'kernel');
    assert.equal(kernel?.deps, 'all', 'the kernel leg needs QEMU and the rest: the all group');
    for (const j of [shardJob, reportJob]) {
      assert.ok(j.steps.some((s) => s.run?.startsWith('scripts/install-system-deps.sh') === true), 'a job installs no system packages');
      assert.ok(j.steps.some((s) => s.run === 'npm ci --no-audit --no-fund'), 'a job does not npm ci');
    }
  });
});

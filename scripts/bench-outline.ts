/**
 * Benchmark of the harness's cost per scenario against the size of the run: prints figures,
 * asserts nothing. For each size N it writes a feature file, then runs `tipc-conformance run
 * --no-report` on it in a child process, as a user would, and times the scenarios' terminal lines
 * as they come:
 *
 *   outline N  one Scenario Outline with N Examples rows
 *   plain N    N plain scenarios
 *
 * Each scenario is the same two steps (a cluster of two reference nodes, its link comes up), so
 * the simulation costs the same whatever N: what grows with N is the harness's own work. A size
 * is measured over a window of scenarios after a warm-up, then the run is stopped (SIGINT): a
 * 100,000-row run need not finish for its cost per scenario to be known. Figures: the time to the
 * first scenario (parsing, the lint, the plan, and the reports' messages of the plan, written
 * before it: cli/run-reports.ts), in wall and CPU time, then wall and CPU ms per scenario over the
 * window (CPU from /proc/PID/stat: all the process's threads, the garbage collector's too; less
 * noisy than wall time on a busy machine).
 * Run: npm run bench:outline [-- options]; --help lists them.
 */
import { spawn } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { Command, InvalidArgumentError } from 'commander';

type Kind = 'outline' | 'plain';

interface Figures {
  readonly kind: Kind;
  readonly n: number;
  readonly firstMs: number;
  /** CPU time to the first scenario (all the process's threads), if known. */
  readonly firstCpuMs: number | undefined;
  readonly scenarios: number;
  readonly wallMsPer: number;
  readonly cpuMsPer: number | undefined;
}

const ROOT = path.resolve(__dirname, '..');
const STEPS = ['    Given a cluster of nodes 1 and 2 joined by bearer A', '    Then link <1A-2A> comes up'];

/** The feature file: N rows of one Outline, or N scenarios. */
function featureText(kind: Kind, n: number): string {
  const head = ['@area:link @needs:link', `Feature: ${n} ${kind === 'outline' ? 'rows' : 'scenarios'}`, ''];
  if (kind === 'outline') {
    const rows = Array.from({ length: n }, (_, i) => `      | ${i + 1} |`);
    return [...head, '  @req:LS-10 @iut:1', '  Scenario Outline: row <n>', ...STEPS, '', '    Examples:', '      | n |', ...rows, ''].join('\n');
  }
  const scenarios = Array.from({ length: n }, (_, i) => ['  @req:LS-10 @iut:1', `  Scenario: scenario ${i + 1}`, ...STEPS, ''].join('\n'));
  return [...head, ...scenarios].join('\n');
}

/** The process's user + system CPU time in ms (Linux /proc), or undefined elsewhere. */
function cpuMs(pid: number): number | undefined {
  try {
    // fields after the command name (in parentheses): utime and stime are the 12th and 13th
    const rest = readFileSync(`/proc/${pid}/stat`, 'utf8').replace(/^.*\) /s, '').split(' ');
    const ticks = Number(rest[11]) + Number(rest[12]);
    return (ticks * 1000) / 100; // USER_HZ is 100 on Linux
  } catch {
    return undefined;
  }
}

async function measure(kind: Kind, n: number, warmup: number, window: number, dir: string, root: string): Promise<Figures> {
  const features = path.join(dir, `${kind}-${n}`);
  rmSync(features, { recursive: true, force: true });
  mkdirSync(features, { recursive: true });
  writeFileSync(path.join(features, `${kind}.feature`), featureText(kind, n));
  const out = path.join(dir, `out-${kind}-${n}`);
  const child = spawn(process.execPath, [path.join(root, 'bin', 'tipc-conformance.js'), 'run', '--no-report', '--features', features, '--out', out], {
    cwd: root,
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const started = performance.now();
  const last = Math.min(n, warmup + window);
  let seen = 0;
  let first = 0;
  let firstCpu: number | undefined;
  let from: { wall: number; cpu: number | undefined } | undefined;
  let to: { wall: number; cpu: number | undefined } | undefined;
  let buffered = '';
  const pid = child.pid ?? 0;
  child.stdout.setEncoding('utf8');
  child.stdout.on('data', (text: string) => {
    buffered += text;
    const lines = buffered.split('\n');
    buffered = lines.pop() ?? '';
    for (const line of lines) {
      if (!/^\[\s*\d+\/\d+\]/.test(line)) continue;
      seen++;
      const now = { wall: performance.now(), cpu: cpuMs(pid) };
      if (seen === 1) {
        first = now.wall - started;
        firstCpu = now.cpu;
      }
      if (seen === Math.min(warmup, n - 1)) from = now;
      if (seen === last && to === undefined) {
        to = now;
        child.kill('SIGINT');
      }
    }
  });
  await new Promise<void>((resolve) => child.on('close', () => resolve()));
  if (from === undefined || to === undefined) throw new Error(`${kind} ${n}: the run stopped after ${seen} scenarios, before the window's end`);
  const count = last - Math.min(warmup, n - 1);
  const cpu = from.cpu !== undefined && to.cpu !== undefined ? (to.cpu - from.cpu) / count : undefined;
  return { kind, n, firstMs: first, firstCpuMs: firstCpu, scenarios: count, wallMsPer: (to.wall - from.wall) / count, cpuMsPer: cpu };
}

function sizes(text: string, list: number[] | undefined): number[] {
  const n = Number(text);
  if (!Number.isInteger(n) || n < 2 || n > 1_000_000) throw new InvalidArgumentError(`a size is a whole number from 2 to 1000000, not "${text}"`);
  return [...(list ?? []), n];
}

function whole(text: string): number {
  const n = Number(text);
  if (!Number.isInteger(n) || n < 1) throw new InvalidArgumentError(`a whole number above 0, not "${text}"`);
  return n;
}

async function main(): Promise<void> {
  const program = new Command('bench-outline')
    .description('ms per scenario of `run` against the number of scenarios in the file (prints figures, asserts nothing)')
    .option('--rows <N...>', 'sizes of the Scenario Outline (Examples rows)', sizes)
    .option('--plain <N...>', 'sizes of the file of plain scenarios', sizes)
    .option('--warmup <N>', 'scenarios run before the window', whole, 20)
    .option('--window <N>', 'scenarios timed', whole, 200)
    .option('--dir <DIR>', 'where the feature files and reports go', path.join(os.tmpdir(), 'tipc-bench-outline'))
    .option('--root <DIR>', 'the checkout of the harness to run (another commit, to compare)', ROOT)
    .parse();
  const o = program.opts<{ rows?: number[]; plain?: number[]; warmup: number; window: number; dir: string; root: string }>();
  const rows = o.rows ?? (o.plain === undefined ? [1_000, 10_000, 100_000] : []);
  const plan: [Kind, number][] = [...rows.map((n): [Kind, number] => ['outline', n]), ...(o.plain ?? []).map((n): [Kind, number] => ['plain', n])];
  process.stdout.write(`kind     scenarios   to first (s)   CPU to first (s)   timed   wall ms/scenario   CPU ms/scenario\n`);
  for (const [kind, n] of plan) {
    const f = await measure(kind, n, o.warmup, o.window, o.dir, path.resolve(o.root));
    process.stdout.write(
      `${f.kind.padEnd(8)} ${String(f.n).padStart(9)}   ${(f.firstMs / 1000).toFixed(1).padStart(12)}   ` +
        `${f.firstCpuMs === undefined ? 'n/a'.padStart(16) : (f.firstCpuMs / 1000).toFixed(1).padStart(16)}   ${String(f.scenarios).padStart(5)}   ` +
        `${f.wallMsPer.toFixed(1).padStart(16)}   ${f.cpuMsPer === undefined ? 'n/a' : f.cpuMsPer.toFixed(1).padStart(15)}\n`,
    );
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`bench-outline: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(2);
});

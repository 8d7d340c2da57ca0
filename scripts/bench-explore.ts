/**
 * Benchmark of the explorer's teeth: `tipc-conformance explore --own-only` against reference
 * profiles that bring an old bug back, one child process each, and per profile: found or not, the
 * runs and wall time to the first counterexample, the size of the shrunk .feature, and whether
 * `run` fails it with the profile and passes it with `fixed`. Against `fixed` it reports what it
 * finds. Prints figures; asserts nothing (a time limit per profile, not a timed test).
 * Run: npm run bench:explore [-- --time 5m --jobs 1 --profiles a,b --ablations]
 */
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { Command } from 'commander';
import { PROFILES } from '../reference/profiles';

/** The profiles of old bugs (the README's "pre-fix" and "patch part" rows); testers and fixes are not bugs. */
const BUG_PROFILES = [
  'pre-half-failover-fix',
  'pre-half-failover-fix-v4.19',
  'pre-early-failover-msg-fix',
  'pre-c140eb166d',
  'no-last-bulk-sync',
  'no-named-seqno',
  'no-stale-drop',
  'bulk-seq-controlled',
  'legacy-seq-controlled',
];

const program = new Command('bench-explore')
  .description("How soon the explorer finds each old bug the reference's profiles bring back")
  .option('--time <DURATION>', 'budget per profile (explore --time)', '5m')
  .option('--jobs <N>', 'profiles explored at once (wall times are longer when the cores are shared)', '1')
  .option('--seed <N>', "the explorer's seed", '1')
  .option('--profiles <LIST>', 'comma-separated profiles instead of the bug profiles')
  .option('--ablations', 'the ablation profiles too (70 of them: budget accordingly)')
  .option('--no-fixed', 'skip the run against fixed')
  .option('--out <DIR>', 'where the explorer writes', path.join('reports', 'bench-explore'))
  .option('--table-only', "print the table from the explore.json files of an earlier run under --out, running nothing")
  .exitOverride((e) => process.exit(e.exitCode === 0 ? 0 : 2))
  .parse();
const o = program.opts<{ time: string; jobs: string; seed: string; profiles?: string; ablations?: boolean; fixed: boolean; out: string; tableOnly?: boolean }>();
const known = new Set(Object.keys(PROFILES));
const chosen = o.profiles !== undefined ? o.profiles.split(',').map((p) => p.trim()) : [...BUG_PROFILES, ...(o.ablations ? [...known].filter((p) => p.startsWith('ablation-')) : [])];
const bad = chosen.filter((p) => !known.has(p));
if (bad.length > 0) {
  console.error(`bench-explore: no such profile: ${bad.join(', ')}`);
  process.exit(2);
}
const profiles = [...(o.fixed ? ['fixed'] : []), ...chosen.filter((p) => p !== 'fixed')];
const jobs = Math.max(1, Number(o.jobs) || 1);
const BIN = path.join(__dirname, '..', 'bin', 'tipc-conformance.js');

interface Summary {
  readonly runs: number;
  readonly elapsedMs: number;
  readonly known: Record<string, number>;
  readonly sharedRuns: number;
  readonly counterexamples: readonly {
    readonly invariant: string;
    readonly known: unknown;
    readonly shared: boolean;
    readonly run: number;
    readonly foundAtMs: number;
    readonly shrunkAtMs: number;
    readonly commandsShrunk: number;
    readonly steps: number;
    readonly replayIutExit: number | null;
    readonly replayReferenceFixedExit?: number | null;
  }[];
}

function summaryOf(out: string): Summary | undefined {
  try {
    return JSON.parse(readFileSync(path.join(out, 'explore.json'), 'utf8')) as Summary;
  } catch {
    return undefined;
  }
}

function explore(profile: string): Promise<{ code: number | null; wallMs: number; summary?: Summary }> {
  const out = path.join(o.out, profile);
  if (o.tableOnly) {
    const summary = summaryOf(out);
    return Promise.resolve({ code: summary ? 0 : null, wallMs: 0, ...(summary ? { summary } : {}) });
  }
  // --own-only for fixed too: what the kernel's model breaks is noted (the first of each invariant
  // kept) and the search goes on for the whole budget, a census of what 6.1's model shows
  const args = [BIN, 'explore', '--iut', `reference:${profile}`, '--time', o.time, '--seed', o.seed, '--out', out, '--own-only'];
  const t0 = Date.now();
  return new Promise((resolve) => {
    const child = spawn(process.execPath, args, { stdio: ['ignore', 'ignore', 'ignore'] });
    child.on('close', (code) => {
      const summary = summaryOf(out);
      resolve({ code, wallMs: Date.now() - t0, ...(summary ? { summary } : {}) });
    });
  });
}

function row(profile: string, r: { code: number | null; wallMs: number; summary?: Summary }): string {
  const s = r.summary;
  if (!s) return `| ${profile} | error (exit ${r.code}) | | | | |`;
  if (profile === 'fixed') {
    // the kernel's model: what it finds is a bug of 6.1's model, known or not
    const known = Object.entries(s.known).map(([id, n]) => `${id} ${n} runs`);
    const shared = s.counterexamples.filter((c) => c.known === null).map((c) => `${c.invariant} (first at run ${c.run}, ${(c.foundAtMs / 1000).toFixed(1)} s)`);
    return `| fixed | known: ${known.length > 0 ? known.join(', ') : 'none'}; not known: ${s.sharedRuns} runs, ${shared.length > 0 ? shared.join(', ') : 'none'} | ${s.runs} runs in ${(s.elapsedMs / 1000).toFixed(0)} s | | | |`;
  }
  const own = s.counterexamples.find((c) => c.known === null && !c.shared);
  const others = [
    ...Object.keys(s.known).map((k) => `known ${k}`),
    ...s.counterexamples.filter((c) => c.shared && c.known === null).map((c) => `shared ${c.invariant}`),
  ];
  const note = others.length > 0 ? ` (also met: ${[...new Set(others)].join(', ')})` : '';
  if (!own) return `| ${profile} | not found in ${s.runs} runs, ${(s.elapsedMs / 1000).toFixed(0)} s${note} | | | | |`;
  const replay = `${own.replayIutExit === 1 ? 'fails' : `exit ${own.replayIutExit}`} / ${own.replayReferenceFixedExit === 0 ? 'passes' : `exit ${own.replayReferenceFixedExit}`}`;
  return `| ${profile} | ${own.invariant}${note} | ${own.run} | ${(own.foundAtMs / 1000).toFixed(1)} s | ${own.steps} steps (${own.commandsShrunk} commands), shrunk by ${(own.shrunkAtMs / 1000).toFixed(1)} s | ${replay} |`;
}

(async () => {
  console.log(`explore --own-only --time ${o.time} --seed ${o.seed}, ${jobs} at once, node ${process.version}`);
  console.log('| profile | found | runs to it | time to it | shrunk .feature | replay: profile / fixed |');
  console.log('|---|---|---|---|---|---|');
  const queue = [...profiles];
  const results = new Map<string, string>();
  const order = [...profiles];
  let printed = 0;
  const flush = (): void => {
    while (printed < order.length && results.has(order[printed])) console.log(results.get(order[printed++]));
  };
  await Promise.all(
    Array.from({ length: jobs }, async () => {
      for (let p = queue.shift(); p !== undefined; p = queue.shift()) {
        results.set(p, row(p, await explore(p)));
        flush();
      }
    }),
  );
})().catch((e: unknown) => {
  console.error(e);
  process.exit(2);
});

/**
 * The hostile-input campaign of issue 22, big: seeded mutants of the kernel captures' frames
 * (test/support/fuzz.ts) through the codec and every reader of a frame, then a storm of them on
 * the wire between two live reference nodes, which must recover. test/fuzz.test.ts runs the same
 * at a size for npm test. Prints figures: frames per second, outcomes and exceptions by kind,
 * memory. Exit 0: nothing found; 1: an exception, a broken promise or invariant; 2: usage error.
 *
 * Run: node --require ts-node/register scripts/fuzz.ts [options]; --help lists them.
 */
import { Command, InvalidArgumentError } from 'commander';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { HarnessCluster } from '../harness/cluster';
import { captureFrames, codecCampaign, stormCampaign, type CodecFigures } from '../test/support/fuzz';
import { CAPTURES_DIR } from '../test/support/vectors';

function whole(min: number, max: number, what: string) {
  return (text: string): number => {
    const n = Number(text.replace(/_/g, ''));
    if (!Number.isInteger(n) || n < min || n > max) throw new InvalidArgumentError(`${what} is a whole number from ${min} to ${max}, not "${text}"`);
    return n;
  };
}

const MB = 1024 * 1024;
const mb = (bytes: number): string => `${(bytes / MB).toFixed(0)} MB`;
/** Peak resident set of this process so far (getrusage ru_maxrss, kB). */
const peakRss = (): string => mb(process.resourceUsage().maxRSS * 1024);
const count = (n: number): string => n.toLocaleString('en');
const byKind = (r: Record<string, number>): string =>
  Object.keys(r).length === 0
    ? 'none'
    : Object.entries(r)
        .sort((a, b) => b[1] - a[1])
        .map(([k, n]) => `${k} ${count(n)}`)
        .join(', ');

async function main(): Promise<number> {
  const program = new Command('fuzz')
    .description('Mutated kernel frames through the codec, then as a storm on the wire of a live reference cluster; prints figures')
    .option('--seed <n>', 'PRNG seed: the same seed gives the same frames', whole(0, 0xffffffff, 'a seed'), 1)
    .option('--frames <N>', 'codec mutants (0: none)', whole(0, 1e9, 'a count of frames'), 1_000_000)
    .option('--storm-frames <N>', 'mutants put on the wire from node 1 to node 2 (0: no storm)', whole(0, 1e8, 'a count of frames'), 200_000)
    .option('--per-ms <N>', 'storm mutants per millisecond of virtual time', whole(1, 10_000, 'a rate'), 4)
    .option('--captures <dir>', 'folder of captures (one folder of pcaps each) to take frames from', CAPTURES_DIR)
    .option('--no-trace', "do not read the storm's trace, layouts and pcap at the end")
    .option('--keep <dir>', 'when the cluster does not heal after the storm, write its trace (storm.trace.txt) and pcap (storm.pcap) there')
    .exitOverride((e) => process.exit(e.exitCode === 0 ? 0 : 2))
    .parse();
  const o = program.opts<{ seed: number; frames: number; stormFrames: number; perMs: number; captures: string; trace: boolean; keep?: string }>();
  const seeds = captureFrames(o.captures);
  if (seeds.length === 0) {
    console.error(`fuzz: no TIPC frames in the pcaps under ${o.captures}`);
    return 2;
  }
  console.log(`node ${process.version}, ${os.availableParallelism()} CPUs, load ${os.loadavg().map((l) => l.toFixed(1)).join(' ')}; seed ${o.seed}, ${count(seeds.length)} captured frames`);
  let found = false;

  if (o.frames > 0) {
    const heap: number[] = [process.memoryUsage().heapUsed];
    const t0 = performance.now();
    const every = Math.max(1, Math.ceil(o.frames / 10));
    const f: CodecFigures = codecCampaign(o.seed, o.frames, seeds, { every, see: () => heap.push(process.memoryUsage().heapUsed) });
    const s = (performance.now() - t0) / 1000;
    console.log(`codec: ${count(f.frames)} mutants in ${s.toFixed(1)} s, ${count(Math.round(f.frames / s))}/s`);
    console.log(`  accepted ${count(f.accepted)}; rejected (DecodeError) ${byKind(f.rejected)}`);
    console.log(`  exceptions and broken promises: ${byKind(f.problems)}`);
    for (const e of f.examples) console.log(`    ${e}`);
    console.log(`  longest description ${count(f.longestDescription)} chars, deepest layout ${f.deepestLayout} levels`);
    console.log(`  heap used every 10%: ${heap.map(mb).join(' ')}; peak RSS ${peakRss()}`);
    found ||= Object.keys(f.problems).length > 0;
  }

  if (o.stormFrames > 0) {
    const t0 = performance.now();
    const cpu0 = process.cpuUsage();
    const keep = o.keep;
    const onBroken =
      keep === undefined
        ? undefined
        : async (c: HarnessCluster): Promise<void> => {
            fs.mkdirSync(keep, { recursive: true });
            const trace = fs.createWriteStream(path.join(keep, 'storm.trace.txt'));
            for (const chunk of c.traceChunks()) trace.write(chunk);
            await new Promise((resolve) => trace.end(resolve));
            const pcap = fs.openSync(path.join(keep, 'storm.pcap'), 'w');
            for (const chunk of c.pcapChunks()) fs.writeSync(pcap, chunk);
            fs.closeSync(pcap);
            console.log(`  kept the unhealed cluster's trace and pcap in ${keep}`);
          };
    const s = await stormCampaign({ seed: o.seed, frames: o.stormFrames, perMs: o.perMs, extraSeeds: seeds, readTrace: o.trace, onBroken });
    const wall = (performance.now() - t0) / 1000;
    const cpu = process.cpuUsage(cpu0);
    console.log(`storm: ${count(s.injected)} mutants from node 1 to node 2 over ${count(s.stormMs)} ms virtual; ${wall.toFixed(1)} s wall, CPU ${((cpu.user + cpu.system) / 1e6).toFixed(1)} s, ${count(Math.round(s.injected / wall))}/s`);
    console.log(`  state changes from the storm until healed: ${count(s.stateChanges)}; healed ${s.healedMs === undefined ? 'NOT within the settle time' : `${count(s.healedMs)} ms virtual after the storm`}`);
    console.log(`  exceptions in the nodes: ${byKind(s.exceptions)}`);
    if (s.broken.length > 0) console.log(`  invariants broken: ${s.broken.join('; ')}`);
    if (o.trace) console.log(`  trace: ${count(s.wireFrames)} frames read, longest line ${count(s.longestTraceLine)} chars, pcap ${mb(s.pcapBytes)}`);
    console.log(`  heap used ${mb(process.memoryUsage().heapUsed)}; peak RSS ${peakRss()}`);
    found ||= Object.keys(s.exceptions).length > 0 || s.broken.length > 0;
  }
  return found ? 1 : 0;
}

main().then(
  (code) => process.exit(code),
  (e: unknown) => {
    console.error(e);
    process.exit(2);
  },
);

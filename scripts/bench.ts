/**
 * Benchmark: how long the reference and the simulator take to bring up clusters of N nodes on two
 * bearers (discovery, link set-up, name table bulk) and keep them up for a while. Prints figures;
 * asserts nothing. Run: npm run bench [-- N ...]
 */
import { Command, InvalidArgumentError } from 'commander';
import { referenceCluster } from '../test/support/harness';

function clusterSize(text: string, sizes: number[] = []): number[] {
  const n = Number(text);
  if (!Number.isInteger(n) || n < 2 || n > 4095) throw new InvalidArgumentError(`a cluster size is a whole number of nodes from 2 to 4095, not "${text}"`);
  return [...sizes, n];
}

const program = new Command('bench')
  .description('How long the reference and the simulator take to bring up clusters of N nodes and keep them up')
  .argument('[N...]', 'cluster sizes (default: 3 16 32 64)', clusterSize)
  // a usage error exits 2, as every command of the project does
  .exitOverride((e) => process.exit(e.exitCode === 0 ? 0 : 2))
  .parse();
const sizes = program.processedArgs[0] as number[] | undefined;
const N_LIST = sizes && sizes.length > 0 ? sizes : [3, 16, 32, 64];
const VIRTUAL_MS = 5000;

async function one(n: number): Promise<void> {
  const nodes = Array.from({ length: n }, (_, i) => i + 1);
  const c = referenceCluster({ nodes, iut: [1], seed: 1 });
  const t0 = process.hrtime.bigint();
  await c.start();
  const allUp = async (): Promise<boolean> => {
    for (const a of nodes) {
      for (const b of nodes) if (a !== b && ((await c.linkState(a, b, 'A')) !== 'ESTABLISHED' || (await c.linkState(a, b, 'B')) !== 'ESTABLISHED')) return false;
    }
    return true;
  };
  const up = await c.waitUntil(allUp, VIRTUAL_MS);
  const upAt = c.now();
  await c.advance(VIRTUAL_MS - upAt);
  const wallMs = Number(process.hrtime.bigint() - t0) / 1e6;
  const frames = c.wireFrames().length;
  const table = (await c.nameTable(1)).length;
  console.log(
    `N=${String(n).padStart(3)}  links up: ${up ? `${upAt} ms` : 'NO'}  ` +
      `frames: ${frames}  name table on node 1: ${table} entries  ` +
      `wall: ${wallMs.toFixed(0)} ms  (${((frames / wallMs) * 1000).toFixed(0)} frames/s, ${VIRTUAL_MS} ms virtual)`,
  );
}

(async () => {
  console.log(`bring-up and ${VIRTUAL_MS} ms of keepalive, two bearers, full mesh, node ${process.version}`);
  for (const n of N_LIST) await one(n);
})().catch((e: unknown) => {
  console.error(e);
  process.exit(2);
});

/**
 * What one load from memory costs on this machine, by how much memory is in play: a chase of
 * pointers in random order through a typed array, each load waiting for the one before it, so no
 * load can start early and none can be served from a cache line the last one brought in. The
 * bench prints it beside its rows: a simulated node's state is cold by the time its next frame
 * comes at 512 nodes and more, and there each object a delivery touches costs about this much (on
 * the machine of issue 20: 14–22 ns in 2 MB, 148–171 ns in 16 MB, 285–328 ns in 256 MB). Runs of the same
 * tree differ by a quarter on a shared machine; this line shows when memory itself was slower.
 *
 * Why by hand: a pointer chase is a dozen lines, and no npm package measures memory latency.
 */
import { Prng } from '../sim/prng';

/** Slots apart, in u32s: 64 bytes, a cache line, so that every load is a line of its own. */
const STRIDE = 16;

/**
 * `slots` indices in one cycle through all of them: the slots shuffled (Fisher-Yates, from `seed`),
 * each pointing to the next in that order and the last to the first, so the chase visits every
 * slot once before it comes back to where it started.
 */
export function chaseCycle(slots: number, seed: number): Uint32Array {
  const order = new Uint32Array(slots);
  for (let i = 0; i < slots; i++) order[i] = i;
  const rng = new Prng(seed);
  for (let i = slots - 1; i > 0; i--) {
    const j = rng.int(0, i);
    const t = order[i] as number;
    order[i] = order[j] as number;
    order[j] = t;
  }
  const next = new Uint32Array(slots);
  for (let i = 0; i < slots; i++) next[order[i] as number] = order[(i + 1) % slots] as number;
  return next;
}

/** The chase itself: `loads` dependent loads through `memory` from slot 0; returns where it ended (so the loop is not dead code). */
export function chase(memory: Uint32Array, loads: number): number {
  let p = 0;
  for (let i = 0; i < loads; i++) p = memory[p] as number;
  return p;
}

/** Nanoseconds a dependent load takes with `bytes` of memory in play (at least a cache line). */
export function loadLatencyNs(bytes: number, loads = 2_000_000): number {
  const slots = Math.max(1, Math.floor(bytes / 4 / STRIDE));
  const next = chaseCycle(slots, 1);
  const memory = new Uint32Array(slots * STRIDE);
  for (let s = 0; s < slots; s++) memory[s * STRIDE] = (next[s] as number) * STRIDE;
  chase(memory, Math.min(loads, slots)); // compiled before the clock starts
  const t0 = process.hrtime.bigint();
  chase(memory, loads);
  return Number(process.hrtime.bigint() - t0) / loads;
}

/** The bench's line: a dependent load's cost at each size of memory in play. */
export function memoryLine(sizes: readonly number[] = [32 << 10, 2 << 20, 16 << 20, 256 << 20]): string {
  const size = (b: number): string => (b >= 1 << 20 ? `${b >> 20} MB` : `${b >> 10} KB`);
  return `memory: a dependent load ${sizes.map((b) => `${loadLatencyNs(b).toFixed(0)} ns in ${size(b)}`).join(', ')}`;
}

/**
 * What reading a long run's record costs the harness: the steps' look at the wire and the
 * reports' trace, chart and pcap read the bytes the trace wrote out (harness/trace-spill.ts) back a
 * number of times bounded by the chunks written, not by the frames, and the frames' decoded fields
 * are kept for a bounded number of frames, not for every frame of the run. Counts, not timings.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { HarnessCluster } from '../harness/cluster';
import { ReferenceNode } from '../adapters/reference/reference-node';
import { PROFILES } from '../reference/profiles';
import { READ_BACK_CHUNKS } from '../sim/trace-store';

const NODES = Array.from({ length: 20 }, (_, i) => i + 1);
const KEPT = 500;

/** 20 nodes come up and keep their links alive for 3 s: some 6 MB of trace. */
async function run(traceBytesInMemory?: number): Promise<HarnessCluster> {
  const c = new HarnessCluster({
    spec: { nodes: NODES, iut: [1], bearers: ['A'], seed: 7 },
    description: 'reference:fixed',
    makeNode: (setup) => new ReferenceNode(setup, PROFILES.fixed),
    ...(traceBytesInMemory !== undefined ? { traceBytesInMemory } : {}),
    decodingsKept: KEPT,
  });
  await c.start();
  await c.advance(3000);
  return c;
}

test('a long run written out as it goes reads each chunk back about once per pass: the wire twice, the trace, the chart and the pcap', async () => {
  const c = await run(1024 * 1024);
  const whole = await run();
  try {
    const chunks = c.spill.chunks;
    assert.ok(chunks >= 4, `${chunks} chunks of 1 MB written out (${c.sim.traceBytes} bytes of trace)`);
    assert.equal(whole.spill.chunks, 0, 'the default keeps a run of this size in memory');

    const frames = c.wireFrames();
    assert.equal(c.spill.reads, 0, "listing the wire's frames reads no bytes back");
    const users = (): number[] => c.wireFrames().map((f) => f.user ?? -1);
    const first = users();
    const second = users();
    assert.deepEqual(second, first);
    assert.deepEqual(
      first,
      whole.wireFrames().map((f) => f.user ?? -1),
    );
    assert.ok(frames.length > 8 * KEPT, `${frames.length} frames`);
    assert.ok(c.decodings.held <= 2 * KEPT, `${c.decodings.held} decodings held after reading ${frames.length} frames twice`);
    const afterWire = c.spill.reads;
    assert.ok(afterWire <= 2 * (chunks + READ_BACK_CHUNKS), `${afterWire} chunk reads for two passes over ${chunks} chunks`);

    const text = [...c.traceChunks()].join('');
    const pcap = Buffer.concat([...c.pcapChunks()]);
    const chart = c.sequenceChart({ title: 'wire reads', failedAt: c.now() });
    const reports = c.spill.reads - afterWire;
    assert.ok(reports <= 3 * (chunks + READ_BACK_CHUNKS), `${reports} chunk reads for the trace, pcap and chart of ${chunks} chunks`);
    // what was written out reads back as it was
    assert.equal(text, [...whole.traceChunks()].join(''));
    assert.ok(pcap.equals(Buffer.concat([...whole.pcapChunks()])));
    assert.equal(chart, whole.sequenceChart({ title: 'wire reads', failedAt: whole.now() }));
  } finally {
    await c.stop();
    await whole.stop();
  }
});

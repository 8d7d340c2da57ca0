/**
 * The reference's half-failover against the real kernels'. shared/captures/half-failover records
 * two Linux 6.1 kernels staged into the commit's five steps by wire faults alone; FO-1 stages the
 * same with the same bindings (100 ranges on node 2 = B, 3 on node 1 = A). The FAILOVER_MSGs on the
 * wire must read the same, field for field: node 2's four (the broadcast init STATE, the two bulk
 * messages, the filler DIRECT message) and node 1's own answer.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { runCli } from './support/cli';
import { parseFramesLog, parseLoggedMsg } from './support/frames-log';
import { VECTORS_DIR } from './support/vectors';
import { readTraces } from './support/report-files';

const SHARED = VECTORS_DIR;

/** Tokens our describe() prints that the relay's log leaves out, and the other way round. */
function comparable(tokens: readonly string[]): string[] {
  return tokens.filter((t) => t !== 'bc_ack_invalid' && !t.startsWith('domain=') && !t.startsWith('len='));
}

interface Failover {
  readonly dir: string;
  readonly outer: string[];
  readonly inner: string[];
}

function captured(): Failover[] {
  const log = path.join(SHARED, 'captures/half-failover/frames.log');
  assert.ok(fs.existsSync(log), `capture missing: ${log} (set TIPC_SHARED_DIR)`);
  return parseFramesLog(fs.readFileSync(log, 'utf8'))
    .filter((f) => f.fate === 'PASS' && f.kind === 'TUNNEL_PROTOCOL/FAILOVER')
    .map((f) => ({ dir: f.dir, outer: [f.kind, ...comparable(f.tokens)], inner: [f.inner?.kind ?? '', ...comparable(f.inner?.tokens ?? [])] }));
}

async function ours(): Promise<Failover[]> {
  const out = fs.mkdtempSync(path.join(os.tmpdir(), 'tipc-parity-'));
  try {
    const r = await runCli(['run', '--no-report', '--tags', '@req:FO-1', '--seed', '1', '--out', out]);
    assert.equal(r.code, 0, `FO-1 failed against the reference:\n${r.stdout}\n${r.stderr}`);
    const text = [...readTraces(out)].find(([f]) => f.includes('node-1-fails-over-too'))?.[1];
    assert.ok(text !== undefined, `no FO-1 trace in ${path.join(out, 'traces')}`);
    const frames: Failover[] = [];
    for (const line of text.split('\n')) {
      const m = /^\[\s*[\d.]+\]\s+#\s*\d+\s+(\d+)>(\d+)\s+bearer\s+\S+\s+deliver\s+(TUNNEL_PROTOCOL\/FAILOVER .*)$/.exec(line);
      if (!m) continue;
      const [outerText, innerText = ''] = m[3].split(' || INNER: ');
      // node 1 is the capture's A (1.1.1), node 2 its B (1.1.2)
      const name = (n: string): string => (n === '1' ? 'A' : 'B');
      const outer = parseLoggedMsg(outerText);
      const inner = parseLoggedMsg(innerText);
      frames.push({
        dir: `${name(m[1])}>${name(m[2])}`,
        outer: [outer.kind, ...comparable(outer.tokens)],
        inner: [inner.kind, ...comparable(inner.tokens)],
      });
    }
    return frames;
  } finally {
    fs.rmSync(out, { recursive: true, force: true });
  }
}

test('the reference fails over with the same FAILOVER_MSGs as the 6.1 kernels did', async () => {
  const kernel = captured();
  const reference = await ours();
  assert.equal(kernel.length, 5, 'the capture holds four FAILOVER_MSGs from B and one from A');
  assert.deepEqual(
    reference.map((f) => f.dir),
    kernel.map((f) => f.dir),
    'same senders in the same order: B tunnels four, A answers with one',
  );
  for (let i = 0; i < kernel.length; i++) {
    assert.deepEqual(reference[i].outer, kernel[i].outer, `FAILOVER_MSG ${i + 1} (${kernel[i].dir}): outer header`);
    assert.deepEqual(reference[i].inner, kernel[i].inner, `FAILOVER_MSG ${i + 1} (${kernel[i].dir}): inner message`);
  }
});

/**
 * The settling rule of the name-table observations (issue 17, item 10), and the background
 * binding stream that stages it (item 1), end to end on the reference: test/fixtures/settling.
 *
 * Node 2 binds and unbinds a range every 3 ms while bearer B, under its broadcast link, is cut;
 * "node 1's name table holds every cluster-scope binding of node 2" comes right after "within
 * 2000 ms neither node is in failover". The trace must show that the check had something to wait
 * for (a binding delivered after the failover ended, so a check of the table as it stood then
 * fails on a correct implementation), and the scenario must pass: the check lets the table settle.
 */
import { strict as assert } from 'node:assert';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { loadCatalogue } from '../cli/catalogue';
import { NAME_TABLE_SETTLE_MS } from '../steps/support/expect';
import { type CliResult, PACKAGE_ROOT, runCli } from './support/cli';
import { readTraces } from './support/report-files';

const FIXTURE = path.join(PACKAGE_ROOT, 'test', 'fixtures', 'settling');

interface TraceFrame {
  readonly at: number;
  readonly line: string;
}

/** Trace lines with their time: "[   3.757] #  531 2>1 bearer A bcast deliver NAME_DISTRIBUTOR/PUBL ..." */
function traceLines(text: string): TraceFrame[] {
  return text
    .split('\n')
    .map((line) => ({ m: /^\[\s*(\d+\.\d+)\]/.exec(line), line }))
    .filter((x): x is { m: RegExpExecArray; line: string } => x.m !== null)
    .map(({ m, line }) => ({ at: Number(m[1]), line }));
}

let out = '';
let run: CliResult;
let trace: TraceFrame[] = [];

before(async () => {
  out = mkdtempSync(path.join(tmpdir(), 'tipc-settling-'));
  run = await runCli(['run', '--no-report', '--seed', '1', '--out', out, '--features', path.join(FIXTURE, 'features'), '--requirements', path.join(FIXTURE, 'requirements.md')]);
  const dir = path.join(out, 'traces');
  const traces = readTraces(out);
  assert.equal(traces.size, 1, `one trace expected in ${dir}: ${[...traces.keys()].join(', ')}`);
  trace = traceLines([...traces.values()][0] ?? '');
});

after(() => {
  if (out !== '') rmSync(out, { recursive: true, force: true });
});

describe('a name-table check right after a failover, with broadcast updates in flight', { timeout: 120000 }, () => {
  test('passes on the reference: the check lets the table settle', () => {
    assert.equal(run.code, 0, `exit code\n${run.stdout}\n${run.stderr}`);
    assert.match(run.stdout, /PASS .*The name table is checked in the instant node 1 leaves failover/);
  });

  test('had something to wait for: node 2 binding arrives at node 1 after the failover ended', () => {
    const ends = trace.filter((f) => /^\[[^\]]*\] node 1: node <\d+> FAILINGOVER--\(FAILOVER_END_EVT\)->/.test(f.line));
    assert.ok(ends.length > 0, 'node 1 left failover');
    const failoverEnd = ends[ends.length - 1].at;
    const binding = trace.find((f) => / 2>1 bearer [AB] (bcast )?deliver NAME_DISTRIBUTOR\/PUBL .*\[\{7100,0,9\}\]/.test(f.line));
    assert.ok(binding, 'the binding of {7100, 0, 9} reached node 1');
    assert.ok(
      binding.at > failoverEnd,
      `the binding of {7100, 0, 9} reached node 1 at ${binding.at} s, not after the failover ended (${failoverEnd} s): the check had nothing to wait for`,
    );
    const lost = trace.filter((f) => / 2>1 bearer B bcast drop\(bearer B: cut\) NAME_DISTRIBUTOR\//.test(f.line));
    assert.ok(lost.length > 0, 'broadcast updates were lost on the cut bearer');
  });

  test("the background stream binds and unbinds in turn, one update per period, until it is stopped", () => {
    const seqnos = new Map<number, string>();
    for (const f of trace) {
      const m = / 2>1 bearer [AB] bcast \S+ NAME_DISTRIBUTOR\/(PUBL|WITHDRAW) .*named_seqno=(\d+) .*\[\{7000,0,9\}\]/.exec(f.line);
      if (m && !seqnos.has(Number(m[2]))) seqnos.set(Number(m[2]), m[1]);
    }
    const ordered = [...seqnos.entries()].sort(([a], [b]) => a - b);
    // over 2 s of stream at one update per 3 ms; the one binding of {7100, 0, 9} has a number among them
    assert.ok(ordered.length > 600, `${ordered.length} updates of {7000, 0, 9}`);
    ordered.forEach(([, kind], i) => assert.equal(kind, i % 2 === 0 ? 'PUBL' : 'WITHDRAW', `update ${i + 1} of the stream`));
    const firstSent = trace.find((f) => / 2>1 bearer [AB] bcast \S+ NAME_DISTRIBUTOR\/PUBL .*\[\{7000,0,9\}\]/.test(f.line));
    const ends = trace.filter((f) => /node 1: node <\d+> FAILINGOVER--\(FAILOVER_END_EVT\)->/.test(f.line));
    assert.ok(firstSent && ends.length > 0);
    const span = ends[ends.length - 1].at - firstSent.at;
    assert.ok(Math.abs(ordered.length - span / 0.003) <= 2, `${ordered.length} updates over ${span.toFixed(3)} s: one every 3 ms`);
  });
});

describe('the settling rule is said where a spec writer reads', () => {
  test("every name-table observation's catalogue entry says that it lets the table settle, and how long", async () => {
    const steps = await loadCatalogue([], PACKAGE_ROOT, process.env);
    const nameTableChecks = steps.filter((s) => s.doc?.group === 'observation' && /name tables?\b/.test(s.pattern));
    assert.ok(nameTableChecks.length >= 3, `name-table observations: ${nameTableChecks.map((s) => s.pattern).join('; ')}`);
    for (const s of nameTableChecks) {
      const means = s.doc?.means ?? '';
      assert.match(means, /settle/, `${s.pattern}: its entry does not say it lets the table settle`);
      assert.ok(/within \{int\} ms/.test(s.pattern) || means.includes(`${NAME_TABLE_SETTLE_MS} ms`), `${s.pattern}: its entry does not say how long it waits`);
    }
  });

  test('docs/writing-features.md states the rule and the settle time', () => {
    const guide = readFileSync(path.join(PACKAGE_ROOT, 'docs', 'writing-features.md'), 'utf8');
    assert.match(guide, /Name tables settle before they are judged/);
    assert.ok(guide.includes(`up to ${NAME_TABLE_SETTLE_MS} ms (the settle time)`), 'the guide names the settle time');
  });
});

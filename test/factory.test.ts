/**
 * Applicability is the adapters' answer, not the steps': the factory says why a scenario cannot
 * run with the run's implementations (capabilities they lack, with the reason a kernel lacks
 * them; a legacy tester a kernel cannot play; a cluster too big for real time), and fails every
 * cluster of an IUT that failed its hello before the run.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { ClusterSpec, RunParameters } from '../contract';
import { MAX_KERNEL_GUESTS, MAX_REAL_TIME_NODES, clusterFactory } from '../adapters/factory';
import { KERNEL_CAPABILITIES } from '../adapters/kernel/statement';
import { IutFault } from '../adapters/process/channel';

const LOGS = { logDir: '/nonexistent/never-written' };

function run(over: Partial<RunParameters>): RunParameters {
  return { iut: { kind: 'reference', profile: 'fixed' }, testers: 'reference', seed: 1, out: '/nonexistent', capabilities: ['link', 'failover', 'naming'], replay: [], ...over };
}

const nodes = (n: number): number[] => Array.from({ length: n }, (_, i) => i + 1);

test('the reference can run any cluster and any tester; a capability it does not declare is named', () => {
  const f = clusterFactory(run({}), LOGS);
  assert.equal(f.notApplicable({ spec: { nodes: nodes(128), iut: [1] }, legacyTesters: true }), undefined);
  assert.equal(f.notApplicable({ capabilities: ['link', 'naming'] }), undefined);
  assert.equal(f.notApplicable({ capabilities: ['link', 'tunnel-drops'] }), 'the implementation under test does not declare tunnel-drops');
});

test('a kernel IUT: what it lacks says why, and a cluster too big for real time is refused', () => {
  const f = clusterFactory(run({ iut: { kind: 'kernel' }, capabilities: KERNEL_CAPABILITIES }), LOGS);
  assert.match(f.notApplicable({ capabilities: ['naming', 'virtual-time'] }) ?? '', /^the implementation under test does not declare virtual-time \(a kernel runs on its own clock/);
  assert.equal(f.notApplicable({ spec: { nodes: nodes(MAX_REAL_TIME_NODES), iut: [1] } }), undefined);
  assert.match(f.notApplicable({ spec: { nodes: nodes(MAX_REAL_TIME_NODES + 1), iut: [1] } }) ?? '', /at most 16 nodes keep up with the wall clock/);
  assert.match(f.notApplicable({ spec: { nodes: nodes(MAX_KERNEL_GUESTS + 1), iut: nodes(MAX_KERNEL_GUESTS + 1) } }) ?? '', /needs 5 kernel guests; at most 4/);
  assert.equal(f.notApplicable({ legacyTesters: true }), undefined, 'the testers are the reference, which can be legacy');
  assert.equal(f.notApplicable({ toleranceUncheckedTesters: true }), undefined, 'and can take any link tolerance');
});

test('kernel testers: they cannot be legacy nodes, and what they lack is said of them', () => {
  const f = clusterFactory(run({ testers: 'kernel', testerCapabilities: KERNEL_CAPABILITIES, capabilities: ['link', 'naming', 'tunnel-drops'] }), LOGS);
  assert.match(f.notApplicable({ legacyTesters: true }) ?? '', /cannot play a legacy node/);
  assert.match(f.notApplicable({ toleranceUncheckedTesters: true }) ?? '', /refuses a link tolerance outside 50\.\.30000 ms/);
  assert.match(f.notApplicable({ capabilities: ['naming', 'tunnel-drops'] }) ?? '', /^the tester nodes \(kernel\) do not offer tunnel-drops \(the kernel reports no tracepoint/);
  assert.equal(f.notApplicable({ spec: { nodes: nodes(5), iut: [1] } }), undefined, 'four kernel testers and a reference IUT');
  assert.match(f.notApplicable({ spec: { nodes: nodes(6), iut: [1] } }) ?? '', /needs 5 kernel guests; at most 4/);
});

test('a process IUT that failed its hello before the run: no scenario N/A for its capabilities, every cluster fails with the fault, no process started', () => {
  const fault = { kind: 'exited', what: 'exited with code 3 (while answering hello before the run)', stderrTail: 'bye' };
  const f = clusterFactory(run({ iut: { kind: 'process', argv: ['/nonexistent/never-started'] }, capabilities: [], iutHelloFault: fault }), LOGS);
  assert.equal(f.notApplicable({ capabilities: ['link', 'naming', 'tunnel-drops'] }), undefined, 'unknown, not missing');
  const spec: ClusterSpec = { nodes: [1, 2], iut: [1], seed: 1 };
  assert.throws(
    () => f.create(spec, { name: 's', startedAt: Date.now() }),
    (e: unknown) => e instanceof IutFault && e.kind === 'exited' && e.message === `implementation under test: exited: ${fault.what}\n     its stderr ends:\n       | bye`,
  );
  // testers still say what they lack
  const k = clusterFactory(run({ iut: { kind: 'process', argv: ['x'] }, capabilities: [], iutHelloFault: fault, testers: 'kernel', testerCapabilities: KERNEL_CAPABILITIES }), LOGS);
  assert.match(k.notApplicable({ capabilities: ['naming', 'tunnel-drops'] }) ?? '', /^the tester nodes \(kernel\) do not offer tunnel-drops/);
});

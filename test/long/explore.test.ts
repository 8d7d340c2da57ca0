/**
 * The explorer (explore/, cli/explore.ts, docs/explore.md): how it tells a known bug from a new one,
 * the kernel's FSM tables it holds state changes against, the .feature it writes, the command
 * line, and, end to end, that it finds an old bug a profile brings back, shrinks it, and that the
 * .feature it writes fails with that profile and passes with `fixed`.
 */
import { strict as assert } from 'node:assert';
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { after, describe, test } from 'node:test';
import type { IutSpec } from '../../contract';
import { transitionAllowed } from '../../adapters/factory';
import type { Counterexample } from '../../explore/explorer';
import { featureText } from '../../explore/feature-writer';
import { recognise } from '../../explore/known';
import { BIN, PACKAGE_ROOT, runCli } from '../support/cli';

const scratch = mkdtempSync(path.join(tmpdir(), 'tipc-explore-'));
after(() => rmSync(scratch, { recursive: true, force: true }));

describe('a counterexample held against the reference', () => {
  const violatesWith = (table: Record<string, string | undefined>) => async (iut: IutSpec): Promise<string | undefined> =>
    iut.kind === 'reference' ? table[iut.profile] : undefined;

  test('broken on fixed the same way and held by a profile of proposed fixes: that profile\'s known findings', async () => {
    const r = await recognise('NAME-TABLES-AGREE', violatesWith({ fixed: 'NAME-TABLES-AGREE', 'proposed-named-fix': undefined }));
    assert.deepEqual(r, { kind: 'known', finding: { ids: ['KF-1', 'KF-2', 'KF-3', 'KF-4'], fixedBy: 'proposed-named-fix' } });
  });

  test('broken on fixed the same way and by every proposed fix too: shared with the kernel model, nobody\'s finding yet', async () => {
    const r = await recognise('NAME-TABLES-AGREE', violatesWith({ fixed: 'NAME-TABLES-AGREE', 'proposed-named-fix': 'NAME-TABLES-AGREE' }));
    assert.deepEqual(r, { kind: 'shared' });
  });

  test('held on fixed: the IUT\'s own', async () => {
    assert.deepEqual(await recognise('FAILOVER-ENDS', violatesWith({ fixed: undefined })), { kind: 'own' });
  });

  test('broken on fixed another way: the schedule meets a bug of the kernel model too, so it is not the IUT\'s own', async () => {
    assert.deepEqual(await recognise('FAILOVER-ENDS', violatesWith({ fixed: 'CONNECTED', 'proposed-named-fix': undefined })), { kind: 'shared' });
  });
});

describe("the kernel's FSM tables a reported state change is held against", () => {
  test('a move the table makes is allowed; another next state is not', () => {
    assert.equal(transitionAllowed({ what: 'link', from: 'ESTABLISHING', event: 'ESTABLISH_EVT', to: 'ESTABLISHED' }), true);
    assert.equal(transitionAllowed({ what: 'link', from: 'ESTABLISHING', event: 'ESTABLISH_EVT', to: 'RESET' }), false);
    assert.equal(transitionAllowed({ what: 'node', from: 'SELF_DOWN_PEER_DOWN', event: 'SELF_ESTABL_CONTACT_EVT', to: 'SELF_UP_PEER_COMING' }), true);
  });

  test('an event the kernel ignores, or refuses as illegal (FM-5, FM-6), must leave the state as it is', () => {
    assert.equal(transitionAllowed({ what: 'link', from: 'PEER_RESET', event: 'FAILOVER_END_EVT', to: 'PEER_RESET' }), true);
    assert.equal(transitionAllowed({ what: 'link', from: 'PEER_RESET', event: 'FAILOVER_END_EVT', to: 'RESET' }), false);
    assert.equal(transitionAllowed({ what: 'link', from: 'RESET', event: 'RESET_EVT', to: 'RESET' }), true);
    assert.equal(transitionAllowed({ what: 'link', from: 'RESET', event: 'RESET_EVT', to: 'ESTABLISHING' }), false);
  });

  test('a state or event the kernel does not know is not allowed', () => {
    assert.equal(transitionAllowed({ what: 'link', from: 'UP', event: 'ESTABLISH_EVT', to: 'UP' }), false);
    assert.equal(transitionAllowed({ what: 'node', from: 'SELF_UP_PEER_UP', event: 'LINK_UP', to: 'SELF_UP_PEER_UP' }), false);
  });
});

/** A counterexample as the explorer makes one, for the writer. */
function sample(over: Partial<Counterexample> = {}): Counterexample {
  return {
    invariant: 'FAILOVER-ENDS',
    req: 'IV-1',
    says: 'no live node and none of its link endpoints is left in failover or synch',
    failedStep: 'within 75000 ms no live node or link endpoint is in failover or synch',
    message: 'expected: no live node and no link endpoint in FAILINGOVER or SYNCHING within 75000 ms\n     seen: after 75000 ms: node 1 FAILINGOVER towards node 2',
    lines: [
      { keyword: 'Given', text: 'a cluster of nodes 1 and 2 joined by bearers A and B' },
      { keyword: 'When', text: '500 ms pass' },
      { keyword: 'When', text: "the wire drops node 2's frames to node 1 on bearer A from now on" },
      { keyword: 'When', text: 'the wire carries all traffic again' },
      { keyword: 'Then', text: 'within 75000 ms no live node or link endpoint is in failover or synch' },
    ],
    shape: { nodes: 2, bearers: ['A', 'B'], legacy: null, tolerances: [], rules: [] },
    iutNodes: [1, 2],
    run: 41,
    fcSeed: 7,
    commandsFound: 9,
    commandsShrunk: 3,
    shrinks: 12,
    foundAtMs: 2100,
    shrunkAtMs: 4000,
    shared: false,
    ...over,
  };
}

describe('the .feature of a counterexample', () => {
  test('says how it was found and what broke, and replays with the steps it ran, under Given/When/Then and And', () => {
    const text = featureText(sample(), { iutGiven: 'reference:pre-half-failover-fix', seed: 5, clusterSeed: 1, needs: ['link', 'failover'], file: 'x.feature' });
    assert.match(text, /^@needs:failover @needs:link @area:explore\nFeature: FAILOVER-ENDS broken/);
    assert.match(text, /explore --iut reference:pre-half-failover-fix --seed 5`, run 42 \(fast-check seed 7\)/);
    assert.match(text, /shrunk from 9 to 3 commands in 12 steps/);
    assert.match(text, /seen: after 75000 ms: node 1 FAILINGOVER towards node 2/);
    assert.match(text, /Replay: tipc-conformance run --features x\.feature --iut reference:pre-half-failover-fix --seed 1/);
    assert.match(text, /  @req:IV-1 @iut:1,2\n  Scenario: /);
    assert.match(
      text,
      /    Given a cluster of nodes 1 and 2 joined by bearers A and B\n    When 500 ms pass\n    And the wire drops node 2's frames to node 1 on bearer A from now on\n    And the wire carries all traffic again\n    Then within 75000 ms/,
    );
  });

  test('passes the lint: requirement, nodes under test and capabilities as the steps need them', async () => {
    const file = path.join(scratch, 'written.feature');
    writeFileSync(file, featureText(sample(), { iutGiven: 'reference', seed: 1, clusterSeed: 1, needs: ['link'], file }));
    const r = await runCli(['lint', file]);
    assert.equal(r.code, 0, r.stdout + r.stderr);
  });

  test('a known bug with one finding is tagged @known-bug, so that run reports it as known', () => {
    const text = featureText(sample({ known: { ids: ['KF-3'], fixedBy: 'proposed-named-fix' }, shared: true }), { iutGiven: 'reference', seed: 1, clusterSeed: 1, needs: [], file: 'f' });
    assert.match(text, /@req:IV-1 @iut:1,2 @known-bug:KF-3\n/);
    assert.match(text, /holds on reference:proposed-named-fix/);
  });
});

describe('explore on the command line', () => {
  test('usage errors exit 2 and say what is wrong', async () => {
    for (const [args, message] of [
      [['--runs', '5', '--time', '1m'], /give --runs or --time, not both/],
      [['--iut', 'kernel'], /needs virtual time/],
      [['--time', '5x'], /--time must be a duration such as 90s, 5m or 1h/],
      [['--runs', '0'], /--runs must be a whole number from 1/],
      [['--max-commands', '500'], /--max-commands must be a whole number from 1 to 200/],
    ] as const) {
      const r = await runCli(['explore', ...args]);
      assert.equal(r.code, 2, `${args.join(' ')}: ${r.stderr}`);
      assert.match(r.stderr, message);
    }
  });

  test('--help names the invariants document, the output and the exit codes', async () => {
    const r = await runCli(['explore', '--help']);
    assert.equal(r.code, 0);
    assert.match(r.stdout, /docs\/explore\.md/);
    assert.match(r.stdout, /explore\.json/);
    assert.match(r.stdout, /Exit codes: 0 nothing found/);
  });

  test('the same seed explores the same schedules: two searches of fixed agree run for run', async () => {
    const one = path.join(scratch, 'det-1');
    const two = path.join(scratch, 'det-2');
    const a = await runCli(['explore', '--iut', 'reference', '--runs', '40', '--seed', '3', '--out', one]);
    const b = await runCli(['explore', '--iut', 'reference', '--runs', '40', '--seed', '3', '--out', two]);
    assert.equal(a.code, b.code, a.stdout + b.stdout);
    const strip = (dir: string): unknown => {
      const j = JSON.parse(readFileSync(path.join(dir, 'explore.json'), 'utf8')) as Record<string, unknown>;
      const cs = (j.counterexamples as Record<string, unknown>[]).map(({ foundAtMs: _f, shrunkAtMs: _s, feature: _p, ...rest }) => rest);
      return { ...j, elapsedMs: 0, counterexamples: cs };
    };
    assert.deepEqual(strip(one), strip(two));
    assert.equal((JSON.parse(readFileSync(path.join(one, 'explore.json'), 'utf8')) as { runs: number }).runs, 40);
  });

  test('Ctrl-C stops after the run in hand and writes what it has, exit 0 with nothing found', async () => {
    const out = path.join(scratch, 'interrupted');
    const child = spawn(process.execPath, [BIN, 'explore', '--iut', 'reference', '--time', '10m', '--out', out], { cwd: PACKAGE_ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    child.stdout.setEncoding('utf8').on('data', (c: string) => (stdout += c));
    // the header is printed once the step definitions are loaded and the search begins
    await new Promise<void>((resolve) => {
      const look = (): void => (stdout.includes('invariants:') ? resolve() : void setTimeout(look, 50));
      look();
    });
    await new Promise((r) => setTimeout(r, 1500));
    child.kill('SIGINT');
    const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
    assert.equal(code, 0, stdout);
    const j = JSON.parse(readFileSync(path.join(out, 'explore.json'), 'utf8')) as { stoppedBy: string; runs: number };
    assert.equal(j.stoppedBy, 'interrupt');
    assert.ok(j.runs > 0, `${j.runs} runs`);
    assert.match(stdout, /\(interrupted\)/);
  });
});

describe('explore finds an old bug with no scenario naming it', () => {
  test('pre-half-failover-fix: a shrunk .feature that fails with the profile and passes with fixed', async () => {
    const out = path.join(scratch, 'half-failover');
    const r = await runCli(['explore', '--iut', 'reference:pre-half-failover-fix', '--seed', process.env.EXPLORE_TEST_SEED ?? '1', '--runs', '3000', '--own-only', '--shrink-time', '30s', '--out', out]);
    assert.equal(r.code, 1, r.stdout + r.stderr);
    const j = JSON.parse(readFileSync(path.join(out, 'explore.json'), 'utf8')) as {
      counterexamples: { known: unknown; shared: boolean; invariant: string; feature: string; replayIutExit: number; replayReferenceFixedExit: number; commandsShrunk: number; commandsFound: number }[];
    };
    const own = j.counterexamples.filter((c) => c.known === null && !c.shared);
    assert.equal(own.length, 1, JSON.stringify(j.counterexamples));
    const c = own[0];
    assert.ok(['FAILOVER-ENDS', 'NAME-TABLES-AGREE', 'CONNECTED'].includes(c.invariant), c.invariant);
    assert.ok(c.commandsShrunk <= c.commandsFound, `${c.commandsFound} -> ${c.commandsShrunk}`);
    assert.equal(c.replayIutExit, 1, 'the written .feature fails with the profile');
    assert.equal(c.replayReferenceFixedExit, 0, 'and passes with fixed');
    const feature = path.join(out, c.feature);
    assert.ok(existsSync(path.join(path.dirname(feature), 'run', 'traces')), 'the replay wrote its trace');
    // and `run` itself agrees, from the file alone
    const again = await runCli(['run', '--no-report', '--features', feature, '--iut', 'reference:pre-half-failover-fix', '--out', path.join(scratch, 'again')]);
    assert.equal(again.code, 1, again.stdout);
  });
});

/**
 * The staging checks relative to any bulk message, "its bulk" after a reconnect, and what the
 * FAILOVER_MSGs of a failover carried (issue 17, items 3 and 5), run end to end on the fixture
 * test/fixtures/staging against the reference: each check passes where the race was staged as it
 * says, and fails where it was not. The named-events checks have teeth in the real features
 * (FO-5, NB-3b; test/teeth/teeth.test.ts); here, their events through the process protocol.
 */
import { strict as assert } from 'node:assert';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { PACKAGE_ROOT, runCli } from '../support/cli';
import { type RunScenarios, readMessages } from '../support/messages';

const FIXTURE = path.join(PACKAGE_ROOT, 'test', 'fixtures', 'staging');

/** Each fixture scenario and whether it must pass. */
const EXPECTED: Readonly<Record<string, 'pass' | 'fail'>> = {
  'An update that overtakes a whole bulk of two messages': 'pass',
  'An update that arrives between the two messages of a bulk': 'pass',
  'An update that arrives between the two messages of a bulk is not ahead of the first': 'fail',
  // before the fix, the check compared with the first contact's bulk, long delivered, and failed
  'After a reconnect, its bulk is the new one, still on its way': 'pass',
  'After a reconnect, an update after the new bulk is not ahead of it': 'fail',
  'The unacknowledged updates go again, tunnelled': 'pass',
  'Four are not five': 'fail',
  'An update acknowledged before the cut does not go again': 'fail',
};

function verdicts(run: RunScenarios): Record<string, 'pass' | 'fail'> {
  const out: Record<string, 'pass' | 'fail'> = {};
  for (const [id, s] of run.scenarios) out[s.name] = run.failed.has(id) ? 'fail' : 'pass';
  return out;
}

let work = '';
before(() => {
  work = mkdtempSync(path.join(tmpdir(), 'tipc-staging-'));
});
after(() => rmSync(work, { recursive: true, force: true }));

describe('staging and tunnel checks on the wire', () => {
  test('each check passes where the wire shows what it says, and fails where it does not', async () => {
    const out = path.join(work, 'fixture');
    const r = await runCli([
      'run', '--no-report', '--out', out, '--seed', '1',
      '--features', path.join(FIXTURE, 'features'),
      '--support', path.join(PACKAGE_ROOT, 'steps', '**', '*.ts'), path.join(FIXTURE, 'steps', 'fixture.steps.ts'),
      '--requirements', path.join(FIXTURE, 'requirements.md'),
    ]);
    assert.equal(r.code, 1, `some fixture scenarios must fail\n${r.stdout}\n${r.stderr}`);
    assert.deepEqual(verdicts(readMessages(readFileSync(path.join(out, 'messages.ndjson'), 'utf8'))), EXPECTED, r.stdout);
    // the failure names where the update was and which bulk message it was held against
    assert.match(r.stdout, /expected: node 2's binding of \{7000, 0, 9\} to reach node 1 by broadcast ahead of the last message of node 2's latest bulk to node 1/);
    assert.match(r.stdout, /seen: update #\d+ by broadcast at \d+ ms; the last message: message 1 of 1 \(#\d+, seqno \d+, arrived at \d+ ms/);
  });
});

describe('named-events through the process protocol', () => {
  const iut = (profile: string, capabilities?: string): string =>
    `process:node ${path.join(PACKAGE_ROOT, 'bin', 'tipc-reference-iut.js')} --profile ${profile}${capabilities === undefined ? '' : ` --capabilities ${capabilities}`}`;
  const runNamed = async (profile: string, capabilities?: string): Promise<{ code: number | null; stdout: string; run: RunScenarios }> => {
    const out = path.join(work, `named-${profile}-${capabilities === undefined ? 'all' : 'some'}`);
    const r = await runCli(['run', '--no-report', '--out', out, '--seed', '1', '--tags', '@needs:named-events', '--iut', iut(profile, capabilities)]);
    return { code: r.code, stdout: r.stdout, run: readMessages(readFileSync(path.join(out, 'messages.ndjson'), 'utf8')) };
  };

  test('a duplicate the binding table refuses is counted, and a stale drop is named', async () => {
    const fixed = await runNamed('fixed');
    assert.equal(fixed.code, 0, fixed.stdout);
    const dup = await runNamed('ablation-no-drop-point');
    assert.equal(dup.code, 1, dup.stdout);
    assert.match(dup.stdout, /seen: applied 2 times: publish \{7000, 0, 9\} of node 2 at \d+ ms; publish \{7000, 0, 9\} of node 2 at \d+ ms \(refused by the table\)/);
    const stale = await runNamed('bulk-seq-controlled');
    assert.match(stale.stdout, /expected: node 1 to drop no binding table message as stale\n\s+seen: 1 dropped: named_seqno 0 from node 2 at \d+ ms \(named_rcv_nxt \d+\)/);
  });

  test('an IUT that does not declare named-events has them not applicable', async () => {
    const r = await runNamed('ablation-no-drop-point', 'link,failover,synch,naming,named-bcast,data,fsm-events,tunnel-drops,drop-point,link-tolerance,virtual-time');
    assert.equal(r.code, 0, r.stdout);
    // FO-5, NB-3b, and the named-events scenarios of NB-1 and NB-5
    assert.equal(r.run.notApplicable.size, 4, r.stdout);
    assert.equal(r.run.failed.size, 0, r.stdout);
  });
});

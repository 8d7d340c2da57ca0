/**
 * Issue 22's "done when" for an IUT's stderr: an IUT that writes 100 MB to stderr costs the run a
 * bounded report and a bounded harness, and fails its scenario as an IUT fault (stderr-flood, past
 * the default 64 MB: STDERR_FLOOD_BYTES), not as a harness error. The run is the real CLI with
 * the default bound; test/process-adapter.test.ts floods 16 MB against a 4 MB bound in `npm test`.
 * The peak memory is read with /usr/bin/time (GNU time's %M) when the machine has it.
 */
import { strict as assert } from 'node:assert';
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { after, test } from 'node:test';
import { STDERR_FLOOD_BYTES } from '../../adapters/process/channel';
import { STDERR_LOG_HEAD, STDERR_LOG_TAIL } from '../../adapters/process/stderr-log';
import { BIN, PACKAGE_ROOT } from '../support/cli';

/** What the flooding IUT writes, and the bounds the issue sets for it. */
const FLOOD = 100_000_000;
const MAX_REPORT_BYTES = 20_000_000;
const MAX_PEAK_RSS_KB = 300_000;
const GNU_TIME = '/usr/bin/time';

const scratch = mkdtempSync(path.join(tmpdir(), 'tipc-iut-flood-'));
after(() => rmSync(scratch, { recursive: true, force: true }));

/** Bytes under a folder, all files. */
function folderBytes(dir: string): number {
  let sum = 0;
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    sum += e.isDirectory() ? folderBytes(p) : statSync(p).size;
  }
  return sum;
}

test(`an IUT that writes ${FLOOD.toLocaleString('en')} bytes to stderr: a stderr-flood fault, a report under 20 MB, a harness under 300 MB`, async () => {
  const out = path.join(scratch, 'out');
  const args = [BIN, 'run', '--no-report', '--iut', `process:node test/fixtures/iut/flood.js --bytes ${FLOOD}`, '--features', 'features/naming/sequence-control.feature', '--tags', '@req:NB-3', '--out', out];
  const timed = existsSync(GNU_TIME);
  const [cmd, argv] = timed ? [GNU_TIME, ['-f', 'peak-rss-kb %M', process.execPath, ...args]] : [process.execPath, args];
  const child = spawn(cmd, argv, { cwd: PACKAGE_ROOT, env: { ...process.env, NO_COLOR: '1' }, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
  child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
  const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
  const show = `exit ${code}\n--- stdout\n${stdout}\n--- stderr\n${stderr}`;
  assert.equal(code, 1, show);
  assert.match(stdout, new RegExp(`implementation under test: stderr-flood: wrote more than ${STDERR_FLOOD_BYTES.toLocaleString('en')} bytes to stderr`), show);
  assert.match(stdout, /\nconformance: 0 passed, 1 failed\n/, show);
  // GNU time's line (and its "exited with non-zero status") is all there is on stderr: no harness error
  const rss = /peak-rss-kb (\d+)/.exec(stderr);
  assert.equal(stderr.replace(/^Command exited with non-zero status 1\n/m, '').replace(/^peak-rss-kb \d+\n/m, ''), '', show);
  const logs = path.join(out, 'iut-logs');
  for (const f of readdirSync(logs)) assert.ok(statSync(path.join(logs, f)).size <= STDERR_LOG_HEAD + STDERR_LOG_TAIL + 200, `${f}: ${statSync(path.join(logs, f)).size} bytes`);
  const report = folderBytes(out);
  assert.ok(report < MAX_REPORT_BYTES, `the report folder is ${report} bytes`);
  if (timed) {
    assert.ok(rss, show);
    assert.ok(Number(rss[1]) < MAX_PEAK_RSS_KB, `the harness peaked at ${rss[1]} KB`);
  }
});

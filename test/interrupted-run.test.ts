/**
 * A run stopped by a signal (Ctrl-C) ends its reports with the scenarios that finished: junit.xml
 * well-formed, cucumber.html whole, messages.ndjson whole lines ending with a testRunFinished that
 * says why; the terminal says it was interrupted, and the exit code is 130 (128 + SIGINT), the
 * convention of every command that a signal stops (adapters/exit-hooks.ts). allure-results holds
 * the same scenarios: the run left behind runs nothing more.
 */
import { strict as assert } from 'node:assert';
import { type ChildProcessByStdio, spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import type { Readable } from 'node:stream';
import { after, test } from 'node:test';
import type { Envelope } from '@cucumber/messages';
import { BIN, PACKAGE_ROOT } from './support/cli';

const scratch = mkdtempSync(path.join(tmpdir(), 'tipc-interrupted-'));
after(() => rmSync(scratch, { recursive: true, force: true }));

/**
 * Runs a selection of many scenarios, does `stop` to it once the first scenario's line is out, and
 * waits for the end; `stdout` is what was read of its output.
 */
function stoppedRun(out: string, stop: (child: ChildProcessByStdio<null, Readable, Readable>) => void): Promise<{ code: number | null; signal: string | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [BIN, 'run', '--no-report', '--tags', '@area:link', '--out', out], {
      cwd: PACKAGE_ROOT,
      env: { ...process.env, NO_COLOR: '1', FORCE_COLOR: undefined },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    let stopped = false;
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
      stdout += chunk;
      if (!stopped && /^\[\s*1\/\d+\] /m.test(stdout)) {
        stopped = true;
        stop(child);
      }
    });
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    child.on('close', (code, signal) => resolve({ code, signal, stdout, stderr }));
  });
}

/** The test cases of a JUnit file, read by a real XML parser (Python's, a system package of the project): throws if it is not well-formed. */
function junitTestCases(file: string): number {
  const r = spawnSync('python3', ['-c', "import sys, xml.dom.minidom as m; print(len(m.parse(sys.argv[1]).getElementsByTagName('testcase')))", file], { encoding: 'utf8' });
  assert.equal(r.status, 0, `junit.xml is not well-formed XML:\n${r.stderr}\n--- its text\n${readFileSync(file, 'utf8').slice(0, 2000)}`);
  return Number(r.stdout.trim());
}

test('a run stopped by SIGINT exits 130 and leaves whole reports of the scenarios that finished', async () => {
  const out = path.join(scratch, 'out');
  const r = await stoppedRun(out, (child) => child.kill('SIGINT'));
  const shown = `exit ${r.code} (signal ${r.signal})\n--- stdout\n${r.stdout}\n--- stderr\n${r.stderr}`;
  assert.equal(r.code, 130, shown);
  const finishedLines = r.stdout.match(/^\[\s*\d+\/\d+\] /gm) ?? [];
  const total = Number(/^\[\s*\d+\/(\d+)\] /m.exec(r.stdout)?.[1]);
  assert.ok(finishedLines.length >= 1 && finishedLines.length < total, `some of the ${total} scenarios finished, not all:\n${shown}`);
  assert.match(r.stdout, /^interrupted \(SIGINT\): ending the reports/m, shown);
  assert.match(r.stdout, new RegExp(`^interrupted by SIGINT: ${finishedLines.length} of ${total} scenarios finished`, 'm'), shown);

  assert.equal(junitTestCases(path.join(out, 'junit.xml')), finishedLines.length, 'junit.xml holds the scenarios that finished');

  const results = readdirSync(path.join(out, 'allure-results')).filter((f) => f.endsWith('-result.json'));
  assert.equal(results.length, finishedLines.length, 'allure-results holds the same scenarios: none ran on after the signal');

  const html = readFileSync(path.join(out, 'cucumber.html'), 'utf8');
  assert.match(html.slice(-200), /<\/html>\s*$/, 'cucumber.html is whole: it ends with </html>');

  const text = readFileSync(path.join(out, 'messages.ndjson'), 'utf8');
  assert.ok(text.endsWith('\n'), 'messages.ndjson ends on a whole line');
  const messages = text
    .trimEnd()
    .split('\n')
    .map((line, i) => {
      try {
        return JSON.parse(line) as Envelope;
      } catch {
        assert.fail(`messages.ndjson line ${i + 1} is not JSON: ${line.slice(0, 200)}`);
      }
    });
  assert.equal(messages.filter((m) => m.testCaseFinished).length, finishedLines.length, 'messages.ndjson holds the scenarios that finished');
  assert.equal(
    messages.filter((m) => m.testCaseStarted).length,
    finishedLines.length,
    'and not the scenario in hand, which no report holds',
  );
  const last = messages.at(-1)?.testRunFinished;
  assert.deepEqual({ success: last?.success, message: last?.message }, { success: false, message: 'interrupted by SIGINT' }, 'the run ends with why it stopped');
});

test('a run whose standard output is closed (run | head) stops as SIGPIPE would: exit 141, whole reports, nothing failed for it', async () => {
  const out = path.join(scratch, 'closed-stdout');
  // the reader goes away after the first scenario's line, as `head -1` does
  const r = await stoppedRun(out, (child) => child.stdout.destroy());
  const shown = `exit ${r.code}\n--- stdout read\n${r.stdout}\n--- stderr\n${r.stderr}`;
  assert.equal(r.code, 141, shown);
  const total = Number(/^\[\s*\d+\/(\d+)\] /m.exec(r.stdout)?.[1]);
  const cases = junitTestCases(path.join(out, 'junit.xml'));
  assert.ok(cases >= 1 && cases < total, `junit.xml holds some of the ${total} scenarios, not all: ${cases}\n${shown}`);
  const messages = readFileSync(path.join(out, 'messages.ndjson'), 'utf8').trimEnd().split('\n').map((l) => JSON.parse(l) as Envelope);
  const failed = messages.filter((m) => m.testStepFinished?.testStepResult.status === 'FAILED');
  assert.deepEqual(failed.map((m) => m.testStepFinished?.testStepResult.message), [], 'no scenario failed for the closed output');
  const last = messages.at(-1)?.testRunFinished;
  assert.deepEqual({ success: last?.success, message: last?.message }, { success: false, message: 'interrupted by SIGPIPE' });
});

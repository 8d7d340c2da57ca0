/**
 * `report open [DIR]`: which folder it serves, its usage errors, and that it serves the report
 * over HTTP on loopback until SIGINT, then stops, leaving no server behind. Through the real
 * binary for the serving (allure-commandline, Java), without a browser (--no-browser).
 */
import { strict as assert } from 'node:assert';
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import * as http from 'node:http';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { UsageError, parseArgs } from '../cli/args';
import { reportFolder } from '../cli/report-folder';
import { servedAddress } from '../cli/report-open';
import { BIN } from './support/cli';

let scratch = '';

before(() => {
  scratch = mkdtempSync(path.join(tmpdir(), 'tipc-report-open-'));
  mkdirSync(path.join(scratch, 'out', 'allure-report'), { recursive: true });
  writeFileSync(path.join(scratch, 'out', 'allure-report', 'index.html'), '<!doctype html><title>the report</title>\n');
  mkdirSync(path.join(scratch, 'empty'));
});

after(() => {
  rmSync(scratch, { recursive: true, force: true });
});

function usageError(args: readonly string[]): string {
  try {
    parseArgs(args, scratch);
  } catch (error: unknown) {
    if (error instanceof UsageError) return `${error.message} | ${error.seeAlso}`;
    throw error;
  }
  return assert.fail(`no usage error for ${args.join(' ')}`);
}

describe('report open: what it serves', () => {
  test("a run's --out folder serves its allure-report/; a report folder serves itself; reports/ by default", () => {
    const report = path.join(scratch, 'out', 'allure-report');
    assert.equal(reportFolder(path.join(scratch, 'out')), report);
    assert.equal(reportFolder(report), report);
    const parsed = parseArgs(['report', 'open', 'out'], scratch);
    assert.deepEqual(parsed, { kind: 'report open', options: { folder: report, host: '127.0.0.1', port: 0, browser: true } });
    const other = parseArgs(['report', 'open', report, '--port', '8080', '--host', '0.0.0.0', '--no-browser'], scratch);
    assert.deepEqual(other, { kind: 'report open', options: { folder: report, host: '0.0.0.0', port: 8080, browser: false } });
    assert.match(usageError(['report', 'open']), new RegExp(`^no such folder '${path.join(scratch, 'reports').replace(/[.]/g, '\\.')}'`), 'the default is reports/ of the current folder');
  });

  test('usage errors: no such folder, no report in it, a bad port, an argument too many', () => {
    assert.equal(usageError(['report', 'open', 'nowhere']), `no such folder '${path.join(scratch, 'nowhere')}' | tipc-conformance report open --help`);
    assert.match(usageError(['report', 'open', 'empty']), /^no Allure report in '[^']*empty': neither it nor \S*empty\/allure-report holds an index\.html/);
    assert.match(usageError(['report', 'open', 'out', '--port', '65536']), /^--port must be a whole number from 0 to 65535, got '65536'/);
    assert.match(usageError(['report', 'open', 'out', '--port', 'x']), /^--port must be a whole number/);
    assert.match(usageError(['report', 'open', 'out', 'more']), /too many arguments/);
  });

  test('report with shard folders still merges them', () => {
    mkdirSync(path.join(scratch, 's1'), { recursive: true });
    mkdirSync(path.join(scratch, 's2'), { recursive: true });
    const parsed = parseArgs(['report', 's1', 's2', '--out', 'merged'], scratch);
    assert.equal(parsed.kind, 'report');
  });

  test("allure open's announcement gives the address", () => {
    assert.equal(servedAddress('Local preview server started at <http://127.0.0.1:39197>. Press <Ctrl+C> to exit'), 'http://127.0.0.1:39197');
    assert.equal(servedAddress('Starting web server...'), undefined);
  });
});

function get(url: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    http
      .get(url, (res) => {
        let body = '';
        res.setEncoding('utf8').on('data', (c: string) => (body += c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
      })
      .on('error', reject);
  });
}

describe('report open: serving', () => {
  test('serves index.html over HTTP on loopback until SIGINT, then stops with exit 0 and no server left', async () => {
    const child = spawn(process.execPath, [BIN, 'report', 'open', path.join(scratch, 'out'), '--no-browser'], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stderr.setEncoding('utf8').on('data', (c: string) => (stderr += c));
    const exited = new Promise<number | null>((resolve) => child.on('close', (code) => resolve(code)));
    // the line that names the address, or the end of the command if it never comes
    const address = await new Promise<string | undefined>((resolve) => {
      child.stdout.setEncoding('utf8').on('data', (c: string) => {
        stdout += c;
        const m = /report open: serving \S+ at (http:\/\/127\.0\.0\.1:\d+\/) \(Ctrl-C stops it\)\n/.exec(stdout);
        if (m) resolve(m[1]);
      });
      void exited.then(() => resolve(undefined));
    });
    try {
      assert.ok(address, `no address announced\n--- stdout\n${stdout}\n--- stderr\n${stderr}`);
      const page = await get(`${address}index.html`);
      assert.equal(page.status, 200);
      assert.equal(page.body, '<!doctype html><title>the report</title>\n');
    } finally {
      child.kill('SIGINT');
    }
    assert.equal(await exited, 0, `--- stdout\n${stdout}\n--- stderr\n${stderr}`);
    assert.match(stdout, /\nreport open: stopped\n$/);
    await assert.rejects(get(`${address}index.html`), /ECONNREFUSED/, 'the server outlived the command');
  });
});

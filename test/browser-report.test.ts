/**
 * Real browser: the Allure report a run generates, served on 127.0.0.1 and opened in headless
 * Chromium (Debian's chromium, driven by playwright-core; scripts/install-system-deps.sh installs
 * it), shows the half-failover scenario with its sequence chart attached and rendered. The test
 * saves a screenshot next to the report (reports/screenshots/ for a normal run).
 */
import { strict as assert } from 'node:assert';
import { createReadStream, existsSync, mkdirSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { type Server, createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { after, before, test } from 'node:test';
import { chromium } from 'playwright-core';
import { runCli } from './support/cli';

const CHROMIUM = '/usr/bin/chromium';
const SCENARIO = "Node 1 fails over too when node 2's FAILOVER_MSG arrives first";
const TYPES: Record<string, string> = { '.html': 'text/html', '.js': 'application/javascript', '.css': 'text/css', '.json': 'application/json', '.svg': 'image/svg+xml', '.txt': 'text/plain' };

let out = '';
let server: Server | undefined;

before(async () => {
  out = mkdtempSync(path.join(tmpdir(), 'tipc-allure-'));
  const r = await runCli(['run', '--tags', '@req:FO-1', '--out', out]);
  assert.equal(r.code, 0, `the run failed:\n${r.stdout}\n${r.stderr}`);
});

after(() => {
  server?.close();
  if (out !== '') rmSync(out, { recursive: true, force: true });
});

/** A static file server for the report, on loopback only. */
function serve(root: string): Promise<number> {
  server = createServer((req, res) => {
    const rel = decodeURIComponent((req.url ?? '/').split('?')[0] ?? '/').replace(/^\/+/, '') || 'index.html';
    const file = path.resolve(root, rel);
    if (!file.startsWith(root + path.sep) || !existsSync(file) || statSync(file).isDirectory()) {
      res.writeHead(404).end();
      return;
    }
    res.writeHead(200, { 'content-type': TYPES[path.extname(file)] ?? 'application/octet-stream' });
    createReadStream(file).pipe(res);
  });
  return new Promise((resolve) => server?.listen(0, '127.0.0.1', () => resolve((server?.address() as AddressInfo).port)));
}

test('the Allure report shows the half-failover scenario and renders its sequence chart', { timeout: 120_000 }, async () => {
  assert.ok(existsSync(CHROMIUM), `${CHROMIUM} missing: install Debian's chromium (scripts/install-system-deps.sh)`);
  const root = path.join(out, 'allure-report');
  assert.ok(existsSync(path.join(root, 'index.html')), 'no Allure report was generated');
  const port = await serve(root);
  const profile = mkdtempSync(path.join(tmpdir(), 'tipc-chromium-'));
  const browser = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    args: ['--no-sandbox', '--disable-background-networking'],
    viewport: { width: 1400, height: 900 },
  });
  try {
    const page = await browser.newPage();
    await page.goto(`http://127.0.0.1:${port}/index.html#suites`);
    const row = page.getByText(SCENARIO).first();
    await row.waitFor({ timeout: 30_000 });
    await row.click();
    await page.getByText('Tear down').first().click();
    const chart = page.getByText(/half-failover--node-1-fails-over-too.*\.svg$/).first();
    await chart.waitFor({ timeout: 10_000 });
    await chart.click();
    // The chart renders in the page as an image of the attachment, loaded and of real size.
    const image = page.locator('img.attachment-preview__media').first();
    await image.waitFor({ timeout: 10_000 });
    await image.scrollIntoViewIfNeeded();
    assert.ok(await image.isVisible(), 'the sequence chart is not shown');
    const size = await image.evaluate((el) => {
      const img = el as unknown as { complete: boolean; naturalWidth: number; getBoundingClientRect(): { width: number; height: number } };
      const r = img.getBoundingClientRect();
      return { w: r.width, h: r.height, loaded: img.complete && img.naturalWidth > 0 };
    });
    assert.ok(size.loaded && size.w > 200 && size.h > 200, `the chart did not render: ${JSON.stringify(size)}`);
    const shots = path.join(out, 'screenshots');
    mkdirSync(shots, { recursive: true });
    await page.screenshot({ path: path.join(shots, 'allure-half-failover.png') });
    assert.ok(statSync(path.join(shots, 'allure-half-failover.png')).size > 10_000, 'the screenshot is empty');
    if (process.env.TIPC_SCREENSHOT_TO) await page.screenshot({ path: process.env.TIPC_SCREENSHOT_TO });
  } finally {
    await browser.close();
    rmSync(profile, { recursive: true, force: true });
  }
});

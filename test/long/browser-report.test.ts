/**
 * Real browser: the Allure report a run generates, served on 127.0.0.1 and opened in headless
 * Chromium (Debian's chromium, driven by playwright-core; scripts/install-system-deps.sh installs
 * it), shows the half-failover scenario with its sequence chart attached and rendered; the chart,
 * opened on its own, shows the first FAILOVER_MSG within a screen of its top, and no label runs
 * over another lifeline. The test saves screenshots next to the report (reports/screenshots/ for
 * a normal run).
 */
import { strict as assert } from 'node:assert';
import { createReadStream, existsSync, mkdirSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { type Server, createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { after, before, test } from 'node:test';
import { chromium } from 'playwright-core';
import { runCli } from '../support/cli';

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

test('the Allure report shows the half-failover scenario and renders its sequence chart, the story on its first screen', { timeout: 120_000 }, async () => {
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

    // The chart itself, as the report serves it, at its own size: the story is on the first screen.
    const src = await image.getAttribute('src');
    assert.ok(src, 'the chart image has no source');
    await page.goto(new URL(src, page.url()).href);
    const story = await page.evaluate(() => {
      type Box = { top: number; left: number; right: number };
      type Element = { textContent: string | null; getBoundingClientRect(): Box };
      // the page's globals (this file is compiled without the DOM's types)
      const { document: doc, innerHeight } = globalThis as unknown as {
        document: { documentElement: Element; querySelectorAll(sel: string): ArrayLike<Element> };
        innerHeight: number;
      };
      const chart = doc.documentElement.getBoundingClientRect();
      const texts = Array.from(doc.querySelectorAll('text.label, text.state, text.fold'));
      const failover = texts.find((t) => (t.textContent ?? '').includes('TUNNEL_PROTOCOL/FAILOVER'));
      const lifelines = Array.from(doc.querySelectorAll('line.lifeline')).map((l) => l.getBoundingClientRect().left);
      const overlaps = texts.flatMap((t) => {
        const r = t.getBoundingClientRect();
        return lifelines.some((x) => r.left < x && x < r.right) || r.right > chart.right ? [`${t.textContent} (${Math.round(r.left)}..${Math.round(r.right)})`] : [];
      });
      const all = (sel: string): string[] => Array.from(doc.querySelectorAll(sel)).map((t) => t.textContent ?? '');
      return {
        heads: all('text.node'),
        steps: all('text.step'),
        failoverTop: failover ? failover.getBoundingClientRect().top - chart.top : undefined,
        screen: innerHeight,
        texts: texts.length,
        lifelines,
        overlaps,
      };
    });
    assert.deepEqual(story.heads, ['node 1 · IUT · reference:fixed', 'node 2 · tester · reference:fixed'], 'each lifeline names its role and implementation');
    assert.ok(story.steps.includes('Then link endpoint 2A goes down within 3000 ms'), `the steps are drawn as bands: ${story.steps.join(' | ')}`);
    assert.ok(story.failoverTop !== undefined, 'the chart has no FAILOVER_MSG row');
    assert.ok(story.failoverTop <= story.screen, `the first FAILOVER_MSG row is ${Math.round(story.failoverTop)} px down the chart, more than a screen (${story.screen} px)`);
    assert.equal(story.lifelines.length, 2, 'a lifeline per node');
    assert.ok(story.texts > 20, `the chart's texts are found (${story.texts})`);
    assert.deepEqual(story.overlaps, [], 'labels that run over a lifeline or out of the chart');
    await page.screenshot({ path: path.join(shots, 'chart-half-failover.png') });
  } finally {
    await browser.close();
    rmSync(profile, { recursive: true, force: true });
  }
});

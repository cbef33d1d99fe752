/**
 * The landing page in a real browser (headless Chromium through playwright-core): what a user
 * opening `/` sees, and a screenshot in test-output/ for a human to look at.
 */
import { mkdir } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type Browser, chromium, type Page } from 'playwright-core';
import { type Simulator, type SimulatorAccount, startSimulator } from '../../src/simulator/index.js';
import { ExporterProcess, sampleValue } from '../helpers/exporter-process.js';
import { clockAt, findMoment } from '../helpers/sim-clock.js';
import { toolSuite } from '../helpers/system-tools.js';
import { exporterConfig, simAccount } from './fixture.js';

const browser_ = toolSuite('chromium', 'the landing page tests in a browser');
const { test, beforeAll, afterAll } = browser_;

const SCREENSHOT = join(
  resolve(dirname(fileURLToPath(import.meta.url)), '..', '..'),
  'test-output',
  'landing.png',
);
const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

let sim: Simulator;
let exporter: ExporterProcess;
let browser: Browser;
let page: Page;
const accounts: SimulatorAccount[] = ['healthy', 'failing'].map(simAccount);

beforeAll(async () => {
  // A moment at which healthy's image scan is running, so the page has a live progress bar.
  const at = clockAt(
    findMoment([
      { account: 'healthy', scan: 'image', phases: ['scanning'], minProgress: 10, forSeconds: 20 },
    ]),
  );
  sim = await startSimulator({ accounts, now: at.clock.now, rateLimitPerSecond: 1e9 });
  at.start();
  exporter = await ExporterProcess.start({
    config: exporterConfig(sim, accounts, { wrongKey: ['failing'] }),
  });
  await exporter.waitForReady();
  browser = await chromium.launch({ executablePath: browser_.command, args: CHROMIUM_ARGS });
  page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  const response = await page.goto(`${exporter.url}/`, { waitUntil: 'load', timeout: 15_000 });
  expect(response?.status()).toBe(200);
}, 60_000);

afterAll(async () => {
  await browser?.close();
  await exporter?.stop();
  await sim?.close();
});

test('shows a section per account', async () => {
  for (const { name } of accounts) {
    const section = page.locator(`section.account[data-account="${name}"]`);
    await expect(section.isVisible()).resolves.toBe(true);
    await expect(section.locator('h2').textContent()).resolves.toContain(name);
  }
});

test('shows a progress bar for the running scan, at the exported progress', async () => {
  const row = page.locator('section[data-account="healthy"] tr.scan', { hasText: 'image' });
  await expect(row.locator('.state').textContent()).resolves.toBe('scanning');
  const bar = row.locator('[role="progressbar"]');
  await expect(bar.isVisible()).resolves.toBe(true);
  const shown = Number(await bar.getAttribute('aria-valuenow'));
  // The simulator's clock stands still, so the page and a scrape show the same round's value.
  const exported = sampleValue(await exporter.samples(), 'tencentcloud_scan_progress_ratio', {
    account: 'healthy',
    product: 'tcss',
  });
  expect(shown).toBe(Math.round(exported * 100));
  expect(shown).toBeGreaterThanOrEqual(0);
  expect(shown).toBeLessThanOrEqual(100);
});

test("shows the failing account's error code", async () => {
  const section = page.locator('section[data-account="failing"]');
  await expect(
    section.locator('.err', { hasText: 'AuthFailure.SignatureFailure' }).count(),
  ).resolves.toBeGreaterThan(0);
  await expect(section.textContent()).resolves.toContain('failing');
});

test('opens with a summary that lists the failing account first and links to it', async () => {
  const summary = page.locator('section.summary');
  await expect(summary.isVisible()).resolves.toBe(true);
  await expect(summary.locator('[data-count="failing"]').textContent()).resolves.toBe('1 failing');
  await expect(summary.locator('[data-count="ok"]').textContent()).resolves.toBe('1 ok');
  await expect(summary.locator('tr.failing-account').first().getAttribute('data-account')).resolves.toBe(
    'failing',
  );
  const order = await page
    .locator('section.account')
    .evaluateAll((sections) => sections.map((s) => s.getAttribute('data-account')));
  expect(order).toEqual(['failing', 'healthy']);
  await summary.locator('a', { hasText: 'failing' }).click();
  expect(new URL(page.url()).hash).toBe('#account-failing');
});

test('shows times as how long ago, with the exact time at hand', async () => {
  const time = page.locator('section[data-account="healthy"] tr.collector time').first();
  await expect(time.textContent()).resolves.toMatch(/^(just now|\d+s ago|\d+m \d+s ago)$/);
  await expect(time.getAttribute('title')).resolves.toMatch(/^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d UTC$/);
});

test('saves a screenshot for review', async () => {
  await mkdir(dirname(SCREENSHOT), { recursive: true });
  const png = await page.screenshot({ path: SCREENSHOT, fullPage: true });
  expect(png.subarray(1, 4).toString('ascii')).toBe('PNG');
});

test('links to /metrics, and the link works', async () => {
  const link = page.locator('a[href="/metrics"]').first();
  const [response] = await Promise.all([
    page.waitForResponse((r) => r.url() === `${exporter.url}/metrics`, { timeout: 10_000 }),
    link.click(),
  ]);
  expect(response.status()).toBe(200);
  await page.waitForURL(`${exporter.url}/metrics`, { timeout: 10_000 });
  expect(page.url()).toBe(`${exporter.url}/metrics`);
  await expect(response.text()).resolves.toContain('tencentcloud_scan_progress_ratio{account="healthy"');
  await expect(page.locator('body').textContent()).resolves.toContain(
    'tencentcloud_scan_exporter_collector_success',
  );
});

test("links to the runbook, whose alert anchors open their section (an alert's runbook_url)", async () => {
  const runbook = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  try {
    await runbook.goto(`${exporter.url}/`, { waitUntil: 'load', timeout: 15_000 });
    expect(await runbook.locator('a[href="/runbook"]').count()).toBe(1);
    const response = await runbook.goto(`${exporter.url}/runbook#tencentcloudscancollectorfailing`, {
      waitUntil: 'load',
      timeout: 15_000,
    });
    expect(response?.status()).toBe(200);
    const target = runbook.locator(':target');
    await expect(target.getAttribute('id')).resolves.toBe('tencentcloudscancollectorfailing');
    await expect(target.textContent()).resolves.toBe('TencentCloudScanCollectorFailing');
    // The browser scrolled to the section: its heading is in the viewport, far down the page.
    const box = await target.boundingBox();
    expect(box).not.toBeNull();
    expect(box!.y).toBeGreaterThanOrEqual(0);
    expect(box!.y).toBeLessThan(900);
    await expect(runbook.evaluate('scrollY')).resolves.toBeGreaterThan(0);
  } finally {
    await runbook.close();
  }
});

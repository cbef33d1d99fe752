/**
 * Soak run: the built exporter with many simulated accounts (simulator in this process), faults
 * rotating across them and a scraper at 10/s. Prints RSS, event-loop lag and error counts every
 * minute; exits 1 if RSS grows more than 10% after the warm-up, any scrape fails, the
 * exporter exits or logs an unhandled rejection.
 *
 *   npm run soak -- --minutes 3 --warmup-minutes 2 [--accounts 200]
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { stringify } from 'yaml';
import { type SimulatorAccount, startSimulator } from '../src/simulator/index.js';
import { startExporter } from './soak/exporter-child.js';
import { FaultRotation } from './soak/faults.js';
import { median, readMetrics, type SoakReading } from './soak/metrics.js';
import { parseSoakArgs } from './soak/options.js';

const SCRAPE_INTERVAL_MS = 100;
const SCRAPE_TIMEOUT_MS = 5_000;
const FAULT_STEP_MS = 5_000;
const MAX_RSS_GROWTH = 0.1;
/** RSS is compared as the median over this much time at the end of warm-up and of the run. */
const RSS_WINDOW_MS = 30_000;

const sleep = (ms: number) => new Promise<void>((done) => setTimeout(done, ms));

function mib(bytes: number | undefined): string {
  return bytes === undefined ? '?' : `${(bytes / 2 ** 20).toFixed(1)} MiB`;
}

async function main(): Promise<number> {
  const options = parseSoakArgs(process.argv.slice(2));
  const durationMs = options.minutes * 60_000;
  const accounts: SimulatorAccount[] = Array.from({ length: options.accounts }, (_, i) => ({
    name: `soak-${String(i).padStart(3, '0')}`,
    secretId: `AKIDsoak${String(i).padStart(28, '0')}`,
    secretKey: `soakKey${String(i).padStart(25, '0')}`,
    baselineStrategyIds: [1],
  }));
  const sim = await startSimulator({ accounts });
  const dir = await mkdtemp(join(tmpdir(), 'scan-exporter-soak-'));
  const configPath = join(dir, 'config.yml');
  await writeFile(
    configPath,
    stringify({
      accounts: accounts.map((a) => ({
        name: a.name,
        secret_id: a.secretId,
        secret_key: a.secretKey,
        endpoint: sim.url,
      })),
      collectors: {
        tcss_image_scan: { schedule: '*/10 * * * * *', timeout_seconds: 5 },
        cwp_scan_state: { schedule: '*/15 * * * * *', timeout_seconds: 5, baseline_strategy_ids: [1] },
      },
    }),
  );
  const exporter = await startExporter(configPath);
  const faults = new FaultRotation(
    sim,
    accounts.map((a) => a.name),
    Math.max(1, Math.round(options.accounts / 20)),
  );
  const started = Date.now();
  const rss: { at: number; bytes: number }[] = [];
  let scrapes = 0;
  let failedScrapes = 0;
  let last: SoakReading | undefined;
  const problems: string[] = [];

  const scrapeOnce = async (): Promise<void> => {
    scrapes++;
    try {
      const res = await fetch(`${exporter.url}/metrics`, { signal: AbortSignal.timeout(SCRAPE_TIMEOUT_MS) });
      const text = await res.text();
      if (res.status !== 200) throw new Error(`HTTP ${res.status}`);
      last = readMetrics(text);
      if (last.rssBytes !== undefined) rss.push({ at: Date.now() - started, bytes: last.rssBytes });
    } catch (error) {
      // The first seconds, before the server listens, are not failures.
      if (Date.now() - started < 10_000 && rss.length === 0) return;
      failedScrapes++;
      if (failedScrapes <= 5)
        problems.push(`scrape failed: ${error instanceof Error ? error.message : String(error)}`);
    }
  };

  let minute = 0;
  let nextFaultStep = FAULT_STEP_MS;
  try {
    while (Date.now() - started < durationMs) {
      const tick = Date.now();
      await scrapeOnce();
      if (exporter.exitCode() !== null) {
        problems.push(`exporter exited with ${exporter.exitCode()}`);
        break;
      }
      const elapsed = Date.now() - started;
      if (elapsed >= nextFaultStep) {
        faults.rotate();
        nextFaultStep += FAULT_STEP_MS;
      }
      if (elapsed >= (minute + 1) * 60_000) {
        minute++;
        console.log(
          `minute ${minute}: rss ${mib(last?.rssBytes)}, heap used ${mib(last?.heapUsedBytes)}, event-loop lag ${last?.eventLoopLagSeconds?.toFixed(4) ?? '?'} s, ` +
            `scrapes ${scrapes} (${failedScrapes} failed), api errors ${last?.apiErrors ?? '?'}, ` +
            `failing rounds ${last?.failingRounds ?? '?'}, unhandled ${exporter.unhandled.length}`,
        );
      }
      await sleep(Math.max(0, SCRAPE_INTERVAL_MS - (Date.now() - tick)));
    }
  } finally {
    faults.clear();
    await exporter.stop();
    await sim.close();
    await rm(dir, { recursive: true, force: true });
  }

  const window = (end: number) =>
    rss.filter((r) => r.at > end - RSS_WINDOW_MS && r.at <= end).map((r) => r.bytes);
  const warm = median(window(options.warmupMinutes * 60_000));
  const final = median(window(durationMs));
  console.log(
    `rss after warm-up ${mib(warm)}, at the end ${mib(final)}; ${scrapes} scrapes, ${failedScrapes} failed`,
  );
  if (warm === undefined || final === undefined) problems.push('no RSS readings');
  else if (final > warm * (1 + MAX_RSS_GROWTH))
    problems.push(
      `RSS grew ${(((final - warm) / warm) * 100).toFixed(1)}% after warm-up (limit ${MAX_RSS_GROWTH * 100}%)`,
    );
  if (failedScrapes > 0) problems.push(`${failedScrapes} scrapes failed`);
  for (const line of exporter.unhandled.slice(0, 5)) problems.push(`exporter logged: ${line}`);
  for (const problem of problems) console.error(`soak: FAIL: ${problem}`);
  if (problems.length === 0) console.log('soak: OK');
  return problems.length === 0 ? 0 : 1;
}

main().then(
  (status) => {
    process.exitCode = status;
  },
  (error: unknown) => {
    console.error(`soak: ${error instanceof Error ? error.message : String(error)}`);
    process.exitCode = 1;
  },
);

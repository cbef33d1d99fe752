/**
 * Scrape: /metrics with ~10,000 scan series, plain and gzipped, against a bare node:http server
 * serving the same bytes. Runs alternate between the two servers so background noise hits both;
 * the servers share one core and the load generator has the other.
 */
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { request } from 'undici';
import { pinSelf, startBareServer } from './lib/children.js';
import { load } from './lib/load.js';
import { announce, checked, type Figure, info } from './lib/report.js';
import { ALL_MODULES, ONCE, type Scenario } from './lib/scenario.js';
import { DRIVER_CORE, EXPORTER_CORE, mean, withSetup } from './lib/setup.js';

const BENCH = 'scrape';
const ACCOUNTS = 200;
const CONNECTIONS = 50;

export interface ScrapeOptions {
  /** Seconds per measured run. */
  readonly seconds: number;
  /** Alternated pairs of runs per figure. */
  readonly repeats: number;
}

const scenario: Scenario = {
  accounts: ACCOUNTS,
  strategies: 2,
  modules: ALL_MODULES,
  tcss: true,
  schedule: ONCE,
  // What the scans found too: the scrape goals must hold with every summary collector on.
  summaries: true,
};

async function fetchMetrics(url: string, gzip: boolean) {
  const res = await request(`${url}/metrics`, { headers: gzip ? { 'accept-encoding': 'gzip' } : {} });
  const body = Buffer.from(await res.body.arrayBuffer());
  return { body, contentType: String(res.headers['content-type']) };
}

function countSeries(text: string): number {
  let n = 0;
  for (const line of text.split('\n')) if (line !== '' && !line.startsWith('#')) n++;
  return n;
}

export async function scrapeBench(options: ScrapeOptions): Promise<Figure[]> {
  console.log(`scrape: ${ACCOUNTS} accounts, every CWP module and TCSS, every summary collector`);
  return withSetup(scenario, {}, async ({ exporter, simulator, dir }) => {
    await exporter.ready;
    // Collection is over until next year: the simulator has nothing more to do.
    await simulator.stop();
    const plain = await fetchMetrics(exporter.url, false);
    const gzipped = await fetchMetrics(exporter.url, true);
    const text = plain.body.toString('utf8');
    const figures: Figure[] = [
      announce(info(BENCH, 'series in /metrics', countSeries(text), '')),
      announce(
        info(
          BENCH,
          'scan series',
          countSeries(text.slice(text.search(/^# HELP tencentcloud_scan_(?!exporter_)/m))),
          '',
        ),
      ),
      announce(
        info(
          BENCH,
          'summary series (tencentcloud_security_*)',
          text.split('\n').filter((line) => line.startsWith('tencentcloud_security_')).length,
          '',
        ),
      ),
      announce(info(BENCH, 'body, plain', plain.body.length / 1024, 'KiB')),
      announce(info(BENCH, 'body, gzip', gzipped.body.length / 1024, 'KiB')),
    ];
    await writeFile(join(dir, 'plain'), plain.body);
    await writeFile(join(dir, 'gzip'), gzipped.body);
    const bare = await startBareServer(
      join(dir, 'plain'),
      join(dir, 'gzip'),
      plain.contentType,
      EXPORTER_CORE,
    );
    pinSelf(DRIVER_CORE);
    try {
      const targets = { exporter: `${exporter.url}/metrics`, bare: `${bare.url}/metrics` };
      for (const [label, gzip] of [
        ['plain', false],
        ['gzip', true],
      ] as const) {
        const headers: Record<string, string> = gzip ? { 'accept-encoding': 'gzip' } : {};
        // Warm-up: JIT, connection pools, the store's cached gzip.
        await load(targets.exporter, CONNECTIONS, 1, headers);
        await load(targets.bare, CONNECTIONS, 1, headers);
        const rates = { exporter: [] as number[], bare: [] as number[] };
        let errors = 0;
        for (let i = 0; i < options.repeats; i++) {
          const order = i % 2 === 0 ? (['bare', 'exporter'] as const) : (['exporter', 'bare'] as const);
          for (const target of order) {
            const result = await load(targets[target], CONNECTIONS, options.seconds, headers);
            rates[target].push(result.requestsPerSecond);
            errors += result.errors;
          }
        }
        const exporterRate = mean(rates.exporter);
        const bareRate = mean(rates.bare);
        figures.push(
          announce(info(BENCH, `${label}: exporter req/s at ${CONNECTIONS} conns`, exporterRate, 'req/s')),
          announce(info(BENCH, `${label}: bare server req/s at ${CONNECTIONS} conns`, bareRate, 'req/s')),
          announce(
            checked(BENCH, `${label}: throughput ratio exporter/bare`, exporterRate / bareRate, '', {
              atLeast: 0.8,
            }),
          ),
        );
        const p99 = { exporter: [] as number[], bare: [] as number[] };
        for (const target of ['bare', 'exporter'] as const) {
          const result = await load(targets[target], 1, options.seconds, headers);
          p99[target].push(result.p99Ms);
          errors += result.errors;
        }
        figures.push(
          announce(
            checked(BENCH, `${label}: exporter p99 at 1 conn`, mean(p99.exporter), 'ms', { atMost: 10 }),
          ),
          announce(info(BENCH, `${label}: bare server p99 at 1 conn`, mean(p99.bare), 'ms')),
        );
        if (errors > 0) figures.push(announce(info(BENCH, `${label}: failed requests`, errors, '')));
      }
    } finally {
      pinSelf(undefined);
      await bare.stop();
    }
    return figures;
  });
}

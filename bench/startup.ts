/**
 * Start-up: from spawning `node main.js` to the first answered /metrics (the server listens
 * before the first round ends), and to /-/ready (first round done), against the simulator.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { request } from 'undici';
import { startExporter } from '../test/harness/processes.js';
import { SimulatorChild } from './lib/children.js';
import { MAIN } from './lib/main-process.js';
import { announce, type Figure, info } from './lib/report.js';
import { ALL_MODULES, exporterYaml, ONCE, type Scenario } from './lib/scenario.js';
import { median } from './lib/setup.js';

const BENCH = 'startup';
const POLL_MS = 5;
const GIVE_UP_MS = 30_000;

/** Milliseconds from `since` until `url` answers 200; polls every few milliseconds. */
async function until200(url: string, since: number): Promise<number> {
  while (performance.now() - since < GIVE_UP_MS) {
    try {
      const res = await request(url);
      await res.body.dump();
      if (res.statusCode === 200) return performance.now() - since;
    } catch {
      // Not listening yet.
    }
    await new Promise((resolve) => setTimeout(resolve, POLL_MS));
  }
  throw new Error(`${url} did not answer within ${GIVE_UP_MS} ms`);
}

export async function startupBench(accounts: number, runs: number): Promise<Figure[]> {
  console.log(`startup: ${accounts} accounts, ${runs} runs`);
  const scenario: Scenario = { accounts, strategies: 2, modules: ALL_MODULES, tcss: true, schedule: ONCE };
  const simulator = await SimulatorChild.start({
    accounts,
    strategies: 2,
    rateLimitPerSecond: 20,
    trackArrivals: false,
  });
  const dir = await mkdtemp(join(tmpdir(), 'scan-exporter-startup-'));
  const toMetrics: number[] = [];
  const toReady: number[] = [];
  try {
    const config = join(dir, 'exporter.yml');
    await writeFile(config, exporterYaml(scenario, simulator.url));
    for (let i = 0; i < runs; i++) {
      const started = performance.now();
      // Resolves when the exporter logs the address it bound, which it does once it listens.
      const child = await startExporter({ main: MAIN, configFile: config });
      try {
        toMetrics.push(await until200(`${child.url}/metrics`, started));
        toReady.push(await until200(`${child.url}/-/ready`, started));
      } finally {
        await child.stop();
      }
    }
  } finally {
    await simulator.stop();
    await rm(dir, { recursive: true, force: true });
  }
  return [
    announce(info(BENCH, 'process start → first /metrics', median(toMetrics), 'ms', `median of ${runs}`)),
    announce(
      info(BENCH, `process start → ready (${accounts} accounts)`, median(toReady), 'ms', `median of ${runs}`),
    ),
  ];
}

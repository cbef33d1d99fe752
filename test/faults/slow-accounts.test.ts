/**
 * Many hanging accounts next to one healthy one, against the real process, with fewer
 * concurrency slots than hanging accounts: the healthy account is refreshed every interval, the
 * hanging ones skip their own rounds (counted per account), and readiness does not wait for the
 * accounts that time out.
 */
import { type Simulator, startSimulator } from '../../src/simulator/index.js';
import { ExporterProcess, type Sample, select, waitFor } from '../helpers/exporter-process.js';
import { collectorGauge, PREFIX, parseExposition, simAccount } from './fault-stack.js';

const INTERVAL_S = 2;
const TIMEOUT_S = 1.5;
const CONCURRENCY = 2;
const HANGING = Array.from({ length: 12 }, (_, i) => `hanging-${i}`);
const HEALTHY = 'healthy';

let sim: Simulator;
let exporter: ExporterProcess;
let listeningAt: number;

beforeAll(async () => {
  const accounts = [...HANGING, HEALTHY].map(simAccount);
  sim = await startSimulator({ accounts });
  for (const name of HANGING) sim.setFault(name, { fault: { kind: 'hang' } });
  const schedule = `*/${INTERVAL_S} * * * * *`;
  exporter = await ExporterProcess.start({
    config: {
      global: { concurrency: CONCURRENCY },
      // The healthy account comes last: in config order it would queue behind every hanging one.
      accounts: accounts.map((a) => ({
        name: a.name,
        secret_id: a.secretId,
        secret_key: a.secretKey,
        endpoint: sim.url,
      })),
      collectors: {
        tcss_image_scan: { schedule, timeout_seconds: TIMEOUT_S },
        cwp_scan_state: { enabled: false },
      },
    },
  });
  // The scheduler starts once the process listens: measured from here, readiness does not include
  // the process start-up, which takes seconds on a loaded machine.
  listeningAt = performance.now();
}, 30_000);

afterAll(async () => {
  await exporter?.stop();
  await sim?.close();
});

function lastSuccess(samples: readonly Sample[]): number {
  return collectorGauge(samples, 'collector_last_success_timestamp_seconds', HEALTHY, 'tcss_image_scan') ?? 0;
}

test('readiness does not wait for the accounts that time out', async () => {
  await exporter.waitForReady(30_000);
  const readyAfterS = (performance.now() - listeningAt) / 1000;
  // Waiting for every first round would take ceil(13 / 2) waves of 1.5 s: about 10 s. Ready comes
  // with the first timeouts: 1.5 s + 1 s grace.
  expect(readyAfterS).toBeLessThan(7);
}, 40_000);

test('the healthy account is refreshed every interval while hanging accounts hold the slots', async () => {
  // Past the first rounds: from now on the hanging accounts are known to be slow.
  await new Promise((resolve) => setTimeout(resolve, 2 * INTERVAL_S * 1000));
  const seen = new Set<number>();
  const until = performance.now() + 6 * INTERVAL_S * 1000;
  while (performance.now() < until) {
    const samples = parseExposition(await exporter.scrape());
    const at = lastSuccess(samples);
    if (at > 0) seen.add(at);
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  // 12 s at one round every 2 s: 6 refreshes; before, one account's round waited for every
  // hanging one (7 waves of 1.5 s) and the healthy account was refreshed every 10 s or so.
  expect(seen.size).toBeGreaterThanOrEqual(4);
  const samples = parseExposition(await exporter.scrape());
  expect(collectorGauge(samples, 'collector_success', HEALTHY, 'tcss_image_scan')).toBe(1);
}, 40_000);

test('skips are counted per account, for the hanging accounts only', async () => {
  const samples = await waitFor(
    async () => {
      const s = parseExposition(await exporter.scrape());
      const skipped = select(s, `${PREFIX}collector_rounds_skipped_total`, {
        account: HANGING[HANGING.length - 1]!,
      });
      return (skipped[0]?.value ?? 0) > 0 ? s : undefined;
    },
    { timeoutMs: 20_000, what: 'a hanging account to skip a round' },
  );
  // In the first round nothing is known yet and the healthy account may queue behind hanging
  // ones; once they have timed out they queue behind it, and it skips no more.
  const healthySkips = (s: readonly Sample[]) =>
    select(s, `${PREFIX}collector_rounds_skipped_total`, { account: HEALTHY })[0]?.value;
  const before = healthySkips(samples);
  expect(before).toBeDefined();
  await new Promise((resolve) => setTimeout(resolve, 3 * INTERVAL_S * 1000));
  expect(healthySkips(parseExposition(await exporter.scrape()))).toBe(before);
  for (const account of HANGING) {
    expect(collectorGauge(samples, 'collector_success', account, 'tcss_image_scan')).toBe(0);
  }
}, 30_000);

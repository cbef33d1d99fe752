/**
 * The failure log of a real exporter process against the simulator with one-second rounds: an
 * account that fails round after round warns when it starts and then at most once per
 * --log.failure-interval, and its recovery is one info line per collector.
 */
import { type Simulator, startSimulator } from '../../src/simulator/index.js';
import { ExporterProcess, waitFor } from '../helpers/exporter-process.js';
import { exporterConfig, simAccount } from './fixture.js';

const INTERVAL_S = 3;
const COLLECTORS = ['tcss_image_scan', 'cwp_scan_state'];

interface Line {
  level: string;
  msg: string;
  collector?: string;
  account?: string;
  failed_rounds?: number;
}

const steady = simAccount('steady');
const flaky = simAccount('flaky');
let sim: Simulator;
let exporter: ExporterProcess;

const lines = (): Line[] =>
  exporter
    .stdout()
    .split('\n')
    .filter((l) => l.startsWith('{'))
    .map((l) => JSON.parse(l) as Line);

/**
 * The failure warnings. Rounds are one second long with a 0.8 s timeout, so on a loaded machine
 * a round may still run when the next is due: its skip warning says so and is no failure.
 */
const failureWarnings = (): Line[] =>
  lines().filter((l) => l.level === 'warn' && l.msg === 'collection failed');

beforeAll(async () => {
  sim = await startSimulator({ accounts: [steady, flaky] });
  exporter = await ExporterProcess.start({
    config: exporterConfig(sim, [steady, flaky], { schedule: '* * * * * *', timeoutSeconds: 0.8 }),
    args: [`--log.failure-interval=${INTERVAL_S}s`],
  });
  await exporter.waitForReady(30_000);
}, 60_000);

afterAll(async () => {
  await exporter?.stop();
  await sim?.close();
});

test('a failing account warns a bounded number of times, then recovers with one info line each', async () => {
  const started = Date.now();
  sim.setFault(flaky.name, { fault: { kind: 'error', code: 'AuthFailure.SignatureFailure' } });
  // Fail for a few intervals' worth of one-second rounds.
  await new Promise((r) => setTimeout(r, 3 * INTERVAL_S * 1000));
  sim.setFault(flaky.name, null);
  const failingMs = Date.now() - started;
  const recovered = await waitFor(
    () => {
      const found = lines().filter((l) => l.msg === 'collection recovered' && l.account === flaky.name);
      return found.length === COLLECTORS.length ? found : undefined;
    },
    { timeoutMs: 20_000, what: 'a recovery line per collector' },
  );

  for (const collector of COLLECTORS) {
    const warnings = failureWarnings().filter((l) => l.account === flaky.name && l.collector === collector);
    // The first failure, then at most one per started interval (plus one for timing slack).
    expect(warnings.length).toBeGreaterThanOrEqual(1);
    expect(warnings.length).toBeLessThanOrEqual(2 + Math.ceil(failingMs / (INTERVAL_S * 1000)));
    const recovery = recovered.filter((l) => l.collector === collector);
    expect(recovery).toHaveLength(1);
    expect(recovery[0]!.level).toBe('info');
    // The rounds really failed more often than they were logged.
    expect(recovery[0]!.failed_rounds).toBeGreaterThan(warnings.length);
  }
  expect(failureWarnings().filter((l) => l.account === steady.name)).toEqual([]);
}, 60_000);

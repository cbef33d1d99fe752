/**
 * Configuration reload over SIGHUP and POST /-/reload, against the real process: a valid file
 * takes effect (an added account appears, a removed one's series go) while the other accounts'
 * series and the listening socket stay; an invalid one is rejected with a log line and the
 * reload metrics, and the running configuration keeps collecting.
 */
import { writeFile } from 'node:fs/promises';
import { stringify } from 'yaml';
import { type Simulator, type SimulatorAccount, startSimulator } from '../../src/simulator/index.js';
import { ExporterProcess, type Sample, select, waitFor, writeConfig } from '../helpers/exporter-process.js';
import { COLLECTORS, collectorGauge, PREFIX, parseExposition } from './fault-stack.js';

const ACCOUNTS: readonly SimulatorAccount[] = ['keep', 'removed', 'added'].map((name) => ({
  name,
  secretId: `AKIDreload${name}`.padEnd(36, '0'),
  secretKey: `reloadKey${name}`.padEnd(32, '0'),
  baselineStrategyIds: [1],
}));
const SCHEDULE = '* * * * * *';

let sim: Simulator;
let exporter: ExporterProcess;
let config: { path: string; cleanup: () => Promise<void> };

function fileFor(names: readonly string[]): string {
  return stringify({
    accounts: ACCOUNTS.filter((a) => names.includes(a.name)).map((a) => ({
      name: a.name,
      secret_id: a.secretId,
      secret_key: a.secretKey,
      endpoint: sim.url,
    })),
    collectors: {
      tcss_image_scan: { schedule: SCHEDULE },
      cwp_scan_state: { schedule: SCHEDULE, baseline_strategy_ids: [1] },
    },
  });
}

/** Every scrape also checks that `keep` never loses its series, whatever is being reloaded. */
async function scrape(): Promise<Sample[]> {
  const samples = parseExposition(await exporter.scrape());
  for (const collector of COLLECTORS) {
    expect({ collector, success: collectorGauge(samples, 'collector_success', 'keep', collector) }).toEqual({
      collector,
      success: 1,
    });
  }
  expect(select(samples, 'tencentcloud_scan_progress_ratio', { account: 'keep' }).length).toBeGreaterThan(0);
  return samples;
}

/**
 * Whether the account has scan series or collector gauges. api_requests_total is left out: its
 * counters of a removed account stay (prom-client keeps counter children), which is harmless.
 */
function hasAccount(samples: readonly Sample[], account: string): boolean {
  return samples.some(
    (s) =>
      s.labels['account'] === account &&
      (!s.name.startsWith(PREFIX) || s.name.startsWith(`${PREFIX}collector_`)),
  );
}

function collecting(samples: readonly Sample[], account: string): boolean {
  return (
    COLLECTORS.every((c) => collectorGauge(samples, 'collector_success', account, c) === 1) &&
    select(samples, 'tencentcloud_scan_progress_ratio', { account }).length > 0
  );
}

function reloads(samples: readonly Sample[], result: 'success' | 'failure'): number {
  return select(samples, `${PREFIX}config_reloads_total`, { result })[0]?.value ?? 0;
}

function lastReloadOk(samples: readonly Sample[]): number | undefined {
  return select(samples, `${PREFIX}config_last_reload_successful`)[0]?.value;
}

function lastSuccess(samples: readonly Sample[], account: string): number {
  return Math.min(
    ...COLLECTORS.map(
      (c) => collectorGauge(samples, 'collector_last_success_timestamp_seconds', account, c) ?? 0,
    ),
  );
}

async function postReload(): Promise<{ status: number; text: string }> {
  const res = await fetch(`${exporter.url}/-/reload`, { method: 'POST' });
  return { status: res.status, text: await res.text() };
}

function sighup(): void {
  process.kill(exporter.pid!, 'SIGHUP');
}

beforeAll(async () => {
  sim = await startSimulator({ accounts: [...ACCOUNTS] });
  config = await writeConfig(fileFor(['keep', 'removed']));
  exporter = await ExporterProcess.start({
    args: [`--config.file=${config.path}`, '--web.enable-lifecycle'],
  });
  await exporter.waitForReady(30_000);
  await waitFor(
    async () => {
      const samples = parseExposition(await exporter.scrape());
      return collecting(samples, 'keep') && collecting(samples, 'removed') ? true : undefined;
    },
    { what: 'both configured accounts to collect' },
  );
}, 60_000);

afterAll(async () => {
  await exporter?.stop();
  await config?.cleanup();
  await sim?.close();
});

afterEach(() => {
  expect(exporter.stdout() + exporter.stderr()).not.toMatch(/unhandled|uncaught/i);
});

test.each([
  ['SIGHUP', sighup],
  ['POST /-/reload', async () => expect(await postReload()).toEqual({ status: 200, text: 'Reloaded\n' })],
] as const)(
  '%s with a valid file adds and removes accounts, keeping the others and the socket',
  async (_how, reload) => {
    const before = await scrape();
    const [from, to] = hasAccount(before, 'added') ? ['added', 'removed'] : ['removed', 'added'];
    await writeFile(config.path, fileFor(['keep', to]), 'utf8');
    await reload();
    const after = await waitFor(
      async () => {
        const samples = await scrape();
        return collecting(samples, to) && !hasAccount(samples, from) ? samples : undefined;
      },
      { timeoutMs: 15_000, intervalMs: 200, what: `${to} to appear and ${from} to go` },
    );
    expect(select(after, `${PREFIX}collector_success`, { account: from })).toEqual([]);
    expect(reloads(after, 'success')).toBe(reloads(before, 'success') + 1);
    expect(lastReloadOk(after)).toBe(1);
    await waitFor(
      async () => (lastSuccess(await scrape(), 'keep') > lastSuccess(after, 'keep') ? true : undefined),
      {
        what: 'keep to go on collecting',
      },
    );
  },
  30_000,
);

test.each([
  [
    'POST /-/reload',
    async () => {
      const res = await postReload();
      expect(res.status).toBe(500);
      expect(res.text).toMatch(/^Reload failed: invalid config: colectors: /);
    },
  ],
  ['SIGHUP', sighup],
] as const)(
  '%s with an invalid file is rejected and the running configuration goes on',
  async (_how, reload) => {
    const before = await scrape();
    const running = ['added', 'removed'].filter((a) => hasAccount(before, a));
    const logLength = exporter.stdout().length + exporter.stderr().length;
    await writeFile(config.path, `${fileFor(['keep'])}colectors: {}\n`, 'utf8');
    await reload();
    const after = await waitFor(
      async () => {
        const samples = await scrape();
        return reloads(samples, 'failure') > reloads(before, 'failure') ? samples : undefined;
      },
      { timeoutMs: 10_000, intervalMs: 200, what: 'the failed reload to be counted' },
    );
    expect(reloads(after, 'failure')).toBe(reloads(before, 'failure') + 1);
    expect(lastReloadOk(after)).toBe(0);
    const log = (exporter.stdout() + exporter.stderr()).slice(logLength);
    expect(log).toMatch(/reload rejected.*colectors|colectors.*reload rejected/);
    await waitFor(
      async () => {
        const samples = await scrape();
        const going = ['keep', ...running].every(
          (a) => collecting(samples, a) && lastSuccess(samples, a) > lastSuccess(after, a),
        );
        return going ? true : undefined;
      },
      { what: 'the running accounts to go on collecting' },
    );
    // Put a valid file back for whatever runs next.
    await writeFile(config.path, fileFor(['keep', ...running]), 'utf8');
  },
  30_000,
);

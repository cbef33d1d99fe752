/**
 * What a careless operator can do with reloads, against the real process: a file the clients
 * cannot be built from, a secret file that would block, a burst of SIGHUPs and a stream of
 * reloads against a rate-limited account. The running configuration must go on collecting, a
 * rejected reload must be counted and logged with its key, reloads must be coalesced, and the
 * account's rate limit must hold.
 */
import { execFileSync } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { stringify } from 'yaml';
import { type Simulator, type SimulatorAccount, startSimulator } from '../../src/simulator/index.js';
import {
  ExporterProcess,
  runExporter,
  type Sample,
  select,
  waitFor,
  writeConfig,
} from '../helpers/exporter-process.js';
import { COLLECTORS, collectorGauge, PREFIX, parseExposition } from './fault-stack.js';

const LIMITED: SimulatorAccount = {
  name: 'limited',
  secretId: 'AKIDreloadsafetylimited000000000000',
  secretKey: 'reloadSafetyLimitedKey0000000000',
  baselineStrategyIds: Array.from({ length: 12 }, (_, i) => i + 1),
};
const OTHER: SimulatorAccount = {
  name: 'other',
  secretId: 'AKIDreloadsafetyother00000000000000',
  secretKey: 'reloadSafetyOtherKey000000000000',
  baselineStrategyIds: LIMITED.baselineStrategyIds,
};
const LIMIT_PER_SECOND = 5;

let sim: Simulator;
let exporter: ExporterProcess;
let config: { path: string; cleanup: () => Promise<void> };
let dir: string;

/** `limited` makes 14 DescribeScanState calls a round, every second, under a 5/s limit. */
function fileFor(other: Record<string, unknown> = {}): string {
  return stringify({
    accounts: [
      {
        name: LIMITED.name,
        secret_id: LIMITED.secretId,
        secret_key: LIMITED.secretKey,
        endpoint: sim.url,
        requests_per_second: LIMIT_PER_SECOND,
      },
      {
        name: OTHER.name,
        secret_id: OTHER.secretId,
        secret_key: OTHER.secretKey,
        endpoint: sim.url,
        ...other,
      },
    ],
    collectors: {
      tcss_image_scan: { schedule: '* * * * * *' },
      cwp_scan_state: {
        schedule: '*/4 * * * * *',
        timeout_seconds: 3.5,
        baseline_strategy_ids: LIMITED.baselineStrategyIds,
      },
    },
  });
}

async function scrape(): Promise<Sample[]> {
  return parseExposition(await exporter.scrape());
}

function reloads(samples: readonly Sample[], result: 'success' | 'failure'): number {
  return select(samples, `${PREFIX}config_reloads_total`, { result })[0]?.value ?? 0;
}

function lastSuccess(samples: readonly Sample[], account: string): number {
  return Math.min(
    ...COLLECTORS.map(
      (c) => collectorGauge(samples, 'collector_last_success_timestamp_seconds', account, c) ?? 0,
    ),
  );
}

function sighup(): void {
  process.kill(exporter.pid!, 'SIGHUP');
}

function logs(): string {
  return exporter.stdout() + exporter.stderr();
}

/** Both accounts go on collecting: each collector's last success moves past `before`'s. */
async function stillCollecting(before: readonly Sample[]): Promise<void> {
  await waitFor(
    async () => {
      const samples = await scrape();
      return ['limited', 'other'].every((a) => lastSuccess(samples, a) > lastSuccess(before, a))
        ? true
        : undefined;
    },
    { timeoutMs: 15_000, what: 'both accounts to go on collecting' },
  );
}

/**
 * Reloads `file` (SIGHUP unless `reload` is given) and waits until the rejection is counted;
 * returns the new log lines.
 */
async function rejectedReload(file: string, reload: () => Promise<void> | void = sighup): Promise<string> {
  const before = await scrape();
  const logFrom = logs().length;
  await writeFile(config.path, file, 'utf8');
  const started = performance.now();
  await reload();
  const after = await waitFor(
    async () => {
      const samples = await scrape();
      return reloads(samples, 'failure') > reloads(before, 'failure') ? samples : undefined;
    },
    { timeoutMs: 10_000, intervalMs: 100, what: 'the rejected reload to be counted' },
  );
  // A rejected reload is quick: nothing waits for a file or a client.
  expect(performance.now() - started).toBeLessThan(8_000);
  expect(reloads(after, 'failure')).toBe(reloads(before, 'failure') + 1);
  expect(reloads(after, 'success')).toBe(reloads(before, 'success'));
  expect(select(after, `${PREFIX}config_last_reload_successful`)[0]?.value).toBe(0);
  await stillCollecting(before);
  await writeFile(config.path, fileFor(), 'utf8');
  return logs().slice(logFrom);
}

beforeAll(async () => {
  sim = await startSimulator({ accounts: [LIMITED, OTHER] });
  dir = await mkdtemp(join(tmpdir(), 'reload-safety-'));
  execFileSync('mkfifo', [join(dir, 'fifo')]);
  config = await writeConfig(fileFor());
  exporter = await ExporterProcess.start({
    args: [`--config.file=${config.path}`, '--web.enable-lifecycle'],
  });
  await exporter.waitForReady(30_000);
  await stillCollecting([]);
}, 60_000);

afterAll(async () => {
  await exporter?.stop();
  await config?.cleanup();
  await sim?.close();
  await rm(dir, { recursive: true, force: true });
});

afterEach(() => {
  expect(logs()).not.toMatch(/unhandled|uncaught/i);
});

describe.each([
  ['a query', 'http://127.0.0.1:1/good/?x=1', 'without a ?query'],
  ['a fragment', 'http://127.0.0.1:1/#frag', 'without a #fragment'],
  ['user:password@', 'http://user:pw@127.0.0.1:1/', 'without user:password@'],
])('an endpoint with %s', (_what, endpoint, detail) => {
  test('is rejected on SIGHUP, logged at error level with its key; collection goes on', async () => {
    const log = await rejectedReload(fileFor({ endpoint }));
    const line = log.split('\n').find((l) => l.includes('reload rejected'));
    expect(line).toBeDefined();
    expect(line).toMatch(/"level":"error"|level=error/);
    expect(line).toContain('accounts[1].endpoint');
    expect(line).toContain(detail);
    expect(line).not.toContain('pw@');
  }, 30_000);

  test('is answered by POST /-/reload as one plain-text line naming the key', async () => {
    await rejectedReload(fileFor({ endpoint }), async () => {
      const res = await fetch(`${exporter.url}/-/reload`, { method: 'POST' });
      expect(res.status).toBe(500);
      expect(res.headers.get('content-type')).toMatch(/^text\/plain/);
      expect(await res.text()).toBe(
        `Reload failed: invalid config: accounts[1].endpoint: must be a base URL such as https://host:port/prefix/, ${detail}\n`,
      );
    });
  }, 30_000);

  test('exits 2 at start-up naming the key', async () => {
    const result = await runExporter([], {
      config: { accounts: [{ name: 'a', secret_id: 'AKIDx', secret_key: 'k', endpoint }] },
    });
    expect(result.code).toBe(2);
    expect(result.stderr).toBe(
      `invalid config: accounts[0].endpoint: must be a base URL such as https://host:port/prefix/, ${detail}\n`,
    );
  });
});

describe('a secret file that would block', () => {
  test('a FIFO is refused at once on reload, and the next reload still works', async () => {
    const log = await rejectedReload(fileFor({ secret_key: undefined, secret_key_file: join(dir, 'fifo') }));
    const line = log.split('\n').find((l) => l.includes('reload rejected'));
    expect(line).toContain('accounts[1].secret_key_file: not a regular file: ');
    expect(line).toContain('is a FIFO');
    const before = await scrape();
    await writeFile(config.path, fileFor({ requests_per_second: 19 }), 'utf8');
    sighup();
    await waitFor(
      async () => (reloads(await scrape(), 'success') > reloads(before, 'success') ? true : undefined),
      { timeoutMs: 10_000, what: 'a good reload after the FIFO to succeed' },
    );
  }, 30_000);

  test.each([
    ['a FIFO', () => join(dir, 'fifo'), 'is a FIFO'],
    ['/dev/zero', () => '/dev/zero', 'is a device'],
  ])(
    '--check with %s exits 2 at once',
    async (_what, path, detail) => {
      const started = performance.now();
      const result = await runExporter(['--check'], {
        config: { accounts: [{ name: 'a', secret_id: 'AKIDx', secret_key_file: path() }] },
        timeoutMs: 20_000,
      });
      expect(result.code).toBe(2);
      expect(result.stderr).toContain(`invalid config: accounts[0].secret_key_file: not a regular file: `);
      expect(result.stderr).toContain(detail);
      expect(performance.now() - started).toBeLessThan(15_000);
    },
    30_000,
  );
});

test('100 SIGHUPs within about a second cause at most two reloads (one running, one queued)', async () => {
  await writeFile(config.path, fileFor(), 'utf8');
  // Let any reload of an earlier test (at most one a second) be over.
  await new Promise((resolve) => setTimeout(resolve, 1_500));
  const before = await scrape();
  const started = performance.now();
  for (let i = 0; i < 100; i++) {
    sighup();
    await new Promise((resolve) => setTimeout(resolve, 9));
  }
  const elapsedMs = performance.now() - started;
  await new Promise((resolve) => setTimeout(resolve, 2_500));
  const after = await scrape();
  const count = reloads(after, 'success') - reloads(before, 'success');
  expect(reloads(after, 'failure')).toBe(reloads(before, 'failure'));
  expect(count).toBeGreaterThanOrEqual(1);
  // Reloads start at most once a second; a burst longer than a second on a loaded machine may
  // reach into a third one.
  expect(count).toBeLessThanOrEqual(Math.floor(elapsedMs / 1000) + 2);
}, 30_000);

test(`an account limited to ${LIMIT_PER_SECOND} req/s stays under it while reloads keep coming`, async () => {
  sim.resetStats();
  const until = performance.now() + 8_000;
  let variant = 0;
  while (performance.now() < until) {
    // The other account changes every time, so each reload rebuilds something.
    variant = 1 - variant;
    await writeFile(config.path, fileFor({ requests_per_second: 18 + variant }), 'utf8');
    sighup();
    await new Promise((resolve) => setTimeout(resolve, 150));
  }
  const stats = sim.stats();
  const calls = stats.requests
    .filter((r) => r.account === 'limited' && r.action === 'DescribeScanState')
    .reduce((n, r) => n + r.count, 0);
  expect(calls).toBeGreaterThan(10);
  expect(stats.maxRequestsInAnySecond['limited/DescribeScanState']).toBeLessThanOrEqual(LIMIT_PER_SECOND);
  const throttled = stats.requests.filter(
    (r) => r.account === 'limited' && r.code.startsWith('RequestLimitExceeded'),
  );
  expect(throttled).toEqual([]);
  await writeFile(config.path, fileFor(), 'utf8');
}, 30_000);

test('SIGTERM ends the process promptly after all of that', async () => {
  const started = performance.now();
  const exit = await exporter.stop(15_000);
  expect(exit).toEqual({ code: 0, signal: null });
  expect(performance.now() - started).toBeLessThan(12_000);
}, 30_000);

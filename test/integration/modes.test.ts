/**
 * The exporter's other ways of running, as a process: `--check`, refusing bad configs and flags
 * with exit status 2, never printing secrets, `--demo` and shutdown on SIGTERM.
 */
import { COLLECTOR_NAMES, COLLECTORS } from '../../src/collectors/registry.js';
import { type Simulator, type SimulatorAccount, startSimulator } from '../../src/simulator/index.js';
import {
  type Exit,
  ExporterProcess,
  runExporter,
  type Sample,
  select,
  seriesKey,
  waitFor,
} from '../helpers/exporter-process.js';
import { exporterConfig, secretsOf, simAccount } from './fixture.js';

const EXIT_CONFIG = 2;

let sim: Simulator;
const healthy = simAccount('healthy');
const failing = simAccount('failing');
const accounts: SimulatorAccount[] = [healthy, failing];

beforeAll(async () => {
  sim = await startSimulator({ accounts });
});

afterAll(async () => {
  await sim?.close();
});

/** Rows of the --check table as header-name → cell, split on the columns' runs of two spaces. */
function checkTable(stdout: string): Array<Record<string, string>> {
  const lines = stdout.split('\n').filter((l) => l.trim() !== '');
  const headerIndex = lines.findIndex((l) => /^ACCOUNT\s+COLLECTOR\s+/.test(l));
  expect(headerIndex).toBeGreaterThanOrEqual(0);
  const header = lines[headerIndex]!;
  const names = header.split(/\s{2,}/);
  const starts = names.map((n) => header.indexOf(n));
  const rows: Array<Record<string, string>> = [];
  for (const line of lines.slice(headerIndex + 1)) {
    if (!new RegExp(`^\\S+\\s{2,}(${COLLECTOR_NAMES.join('|')})\\s`).test(line)) continue;
    rows.push(
      Object.fromEntries(names.map((n, i) => [n, line.slice(starts[i], starts[i + 1] ?? undefined).trim()])),
    );
  }
  return rows;
}

describe('--check', () => {
  test('prints a table per account and collector and exits 0 when every call succeeds', async () => {
    const result = await runExporter(['--check'], { config: exporterConfig(sim, [healthy]) });
    expect(result.code).toBe(0);
    const rows = checkTable(result.stdout);
    expect(Object.keys(rows[0] ?? {})).toEqual(
      expect.arrayContaining(['ACCOUNT', 'COLLECTOR', 'OUTCOME', 'LATENCY', 'CODE', 'MESSAGE']),
    );
    expect(rows.map((r) => [r['ACCOUNT'], r['COLLECTOR'], r['OUTCOME'], r['CODE']]).sort()).toEqual([
      ['healthy', 'cwp_scan_state', 'ok', 'Success'],
      ['healthy', 'tcss_image_scan', 'ok', 'Success'],
    ]);
    for (const row of rows) expect(row['LATENCY']).toMatch(/^\d+(\.\d+)?s$/);
    for (const row of rows) {
      const definition = COLLECTORS.find((d) => d.name === row['COLLECTOR']);
      expect(row['ACTIONS']).toBe(definition?.actions.map((x) => x.action).join(','));
    }
  });

  test('exits non-zero with a failing account, naming its error code and message', async () => {
    const result = await runExporter(['--check'], {
      config: exporterConfig(sim, accounts, { wrongKey: ['failing'] }),
    });
    expect(result.code).not.toBe(0);
    expect(result.code).not.toBeNull();
    const rows = checkTable(result.stdout);
    const failed = rows.filter((r) => r['ACCOUNT'] === 'failing');
    expect(failed).toHaveLength(2);
    for (const row of failed) {
      expect(row['OUTCOME']).toBe('FAILED');
      expect(row['CODE']).toBe('AuthFailure.SignatureFailure');
      expect(row['MESSAGE']).toContain('could not be validated');
    }
    expect(rows.filter((r) => r['ACCOUNT'] === 'healthy').map((r) => r['OUTCOME'])).toEqual(['ok', 'ok']);
    for (const secret of secretsOf(accounts)) expect(result.stdout + result.stderr).not.toContain(secret);
  });
});

test('--check with many accounts prints no Node warning (the rounds share one never-aborted signal)', async () => {
  // 6 accounts × 2 collectors: more listeners on that signal than Node's default of 10.
  const many = Array.from({ length: 6 }, (_, i) => ({ ...healthy, name: `healthy${i}` }));
  const result = await runExporter(['--check'], { config: exporterConfig(sim, many) });
  expect(result.code).toBe(0);
  expect(checkTable(result.stdout)).toHaveLength(12);
  expect(result.stderr).not.toContain('Warning');
});

describe('a bad config or flag', () => {
  const account = {
    name: 'a',
    secret_id: healthy.secretId,
    secret_key: healthy.secretKey,
    endpoint: 'http://127.0.0.1:9',
  };
  const cases: Array<[string, unknown, string[], RegExp]> = [
    ['an unknown key', { accounts: [{ ...account, secert_key: 'x' }] }, [], /accounts\[0\]\.secert_key/],
    ['an unknown top-level key', { accounts: [account], colectors: {} }, [], /colectors/],
    [
      'a bad cron expression',
      { accounts: [account], collectors: { tcss_image_scan: { schedule: '61 * * * *' } } },
      [],
      /collectors\.tcss_image_scan\.schedule/,
    ],
    ['an unknown flag', { accounts: [account] }, ['--web.listen-adress=:1'], /--web\.listen-adress/],
    ['a bad flag value', { accounts: [account] }, ['--log.level=loud'], /--log\.level/],
    [
      'a secret of the wrong type',
      { accounts: [{ ...account, secret_key: [healthy.secretKey] }] },
      [],
      /accounts\[0\]\.secret_key/,
    ],
  ];

  test.each(cases)('%s exits 2 with one line naming it', async (_, config, args, names) => {
    const result = await runExporter(args, { config, timeoutMs: 15_000 });
    expect(result.code).toBe(EXIT_CONFIG);
    const lines = result.stderr.split('\n').filter((l) => l.trim() !== '');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(names);
    expect(result.stdout + result.stderr).not.toContain(healthy.secretKey);
  });
});

test('--help prints the usage on stdout and exits 0, even beside a bad flag', async () => {
  const result = await runExporter(['--bogus', '-h'], { timeoutMs: 15_000 });
  expect(result.code).toBe(0);
  expect(result.stderr).toBe('');
  expect(result.stdout).toMatch(/^usage: tencentcloud-scan-exporter \[flags\]\n/);
  for (const d of COLLECTORS) expect(result.stdout).toContain(`  ${d.name} `);
  expect(result.stdout.endsWith('\n\n')).toBe(false);
});

describe('secrets', () => {
  let exporter: ExporterProcess;

  afterEach(async () => {
    await exporter?.stop();
  });

  test.each([['json'], ['logfmt']])(
    'no configured secret key appears in logs (%s, debug), /metrics or /',
    async (format) => {
      exporter = await ExporterProcess.start({
        config: exporterConfig(sim, accounts, { wrongKey: ['failing'] }),
        args: ['--log.level=debug', `--log.format=${format}`],
      });
      await exporter.waitForReady();
      // Two rounds, failures included, so that error paths have logged too.
      await waitFor(
        async () => {
          const rounds = select(await exporter.samples(), 'tencentcloud_scan_exporter_api_requests_total', {
            account: 'failing',
            action: 'DescribeAssetImageScanTask',
          })[0]?.value;
          return rounds !== undefined && rounds >= 2 ? true : undefined;
        },
        { what: 'two failing rounds' },
      );
      const seen = [
        exporter.stdout(),
        exporter.stderr(),
        await exporter.scrape(),
        (await exporter.get('/')).text,
      ].join('\n');
      expect(seen).toContain('failing');
      expect(exporter.stdout() + exporter.stderr()).not.toBe('');
      for (const secret of secretsOf(accounts)) expect(seen).not.toContain(secret);
    },
  );
});

describe('--demo and SIGTERM', () => {
  let demo: ExporterProcess;

  beforeAll(async () => {
    demo = await ExporterProcess.start({ args: ['--demo'] });
    await demo.waitForReady();
  }, 30_000);

  afterAll(async () => {
    await demo?.stop();
  });

  test('serves moving data without any config', async () => {
    const progress = (samples: Sample[]) =>
      new Map(select(samples, 'tencentcloud_scan_progress_ratio').map((s) => [seriesKey(s), s.value]));
    const first = progress(await demo.samples());
    expect(first.size).toBeGreaterThan(0);
    // The demo schedule is every 5 s and its scans run at 2 %/s.
    await waitFor(
      async () => {
        const now = progress(await demo.samples());
        return [...now].some(([key, value]) => first.has(key) && first.get(key) !== value) ? true : undefined;
      },
      { timeoutMs: 20_000, intervalMs: 500, what: 'a demo scan to make progress' },
    );
  }, 30_000);

  test('exits 0 on SIGTERM, within a few seconds', async () => {
    // stop() sends SIGKILL after 5 s, which would show here as { code: null, signal: 'SIGKILL' }.
    const exit: Exit = await demo.stop(5_000);
    expect(exit).toEqual({ code: 0, signal: null });
  }, 30_000);
});

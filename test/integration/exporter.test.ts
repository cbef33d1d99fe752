/**
 * The built exporter as a process against one simulator whose accounts each misbehave in one way:
 * checks every row of the contract's metric tables, fault isolation, stale-but-kept values and
 * recovery, and the HTTP endpoints.
 */

import { gunzipSync } from 'node:zlib';
import { COLLECTORS as DEFINITIONS } from '../../src/collectors/registry.js';
import { type Simulator, type SimulatorAccount, startSimulator } from '../../src/simulator/index.js';
import {
  ExporterProcess,
  parseMetrics,
  type Sample,
  sampleValue,
  select,
  waitFor,
} from '../helpers/exporter-process.js';
import { clockAt, findMoment, type SimClock } from '../helpers/sim-clock.js';
import { expectedScanSeries, SCAN_METRICS, VALUE_METRICS } from './expected-series.js';
import { exporterConfig, STRATEGY_IDS, simAccount } from './fixture.js';
import { differences, expectConsistent, scanSeriesOf } from './scan-assertions.js';

const SELF = 'tencentcloud_scan_exporter_';
/** The collectors on by default: those the fixture's config runs (the further TCSS scans: further-scans.test.ts). */
const COLLECTORS = DEFINITIONS.filter((d) => d.config.parse({}).enabled).map((d) => d.name);
/** How far the simulator's clock jumps while `flaky` fails, so its fresh values differ from the kept ones. */
const JUMP_SECONDS = 6;
const ANY_PHASE = ['never_scanned', 'scanning', 'completed', 'stopping', 'stopped'] as const;

/** Account → the fault it has from the start (null: none) and the api_requests_total code it causes. */
const ACCOUNTS = {
  healthy: { fault: null, code: 'Success' },
  flaky: { fault: null, code: 'Success' },
  failing: { fault: null, code: 'AuthFailure.SignatureFailure' }, // wrong key in the exporter's config
  throttled: { fault: { kind: 'error', code: 'RequestLimitExceeded' }, code: 'RequestLimitExceeded' },
  slow: { fault: { kind: 'latency', ms: 4_000 }, code: 'Timeout' },
  'broken-http': { fault: { kind: 'http_status', status: 502 }, code: 'HttpError' },
  'broken-reset': { fault: { kind: 'reset' }, code: 'NetworkError' },
  'garbage-nonjson': { fault: { kind: 'non_json' }, code: 'InvalidResponse' },
  'garbage-truncated': { fault: { kind: 'truncated' }, code: 'InvalidResponse' },
  garbage: { fault: { kind: 'wrong_types' }, code: 'Success' },
  'garbage-nulls': { fault: { kind: 'nulls' }, code: 'Success' },
} as const;
type Name = keyof typeof ACCOUNTS;
const NAMES = Object.keys(ACCOUNTS) as Name[];
const FAILED: readonly Name[] = NAMES.filter((n) => ACCOUNTS[n].code !== 'Success');

let sim: Simulator;
let clock: SimClock;
let exporter: ExporterProcess;
const accounts = new Map<Name, SimulatorAccount>();
const account = (name: Name): SimulatorAccount => accounts.get(name)!;

function successOf(samples: readonly Sample[], name: string, collector: string): number | undefined {
  return select(samples, `${SELF}collector_success`, { account: name, collector })[0]?.value;
}

/** Polls until the exporter's scan series of `name` equal the simulator's answers right now. */
async function expectAgreesWithSimulator(name: Name, timeoutMs = 15_000): Promise<void> {
  let last = '';
  await waitFor(
    async () => {
      const expected = await expectedScanSeries(sim, account(name), STRATEGY_IDS);
      last = differences(scanSeriesOf(await exporter.samples(), name), expected);
      return last === '' ? true : undefined;
    },
    { timeoutMs, what: `${name}'s series to agree with the simulator` },
  ).catch((error: unknown) => {
    throw new Error(`${String(error)}\n${last}`);
  });
  expect(last).toBe('');
}

beforeAll(async () => {
  // A moment at which healthy has a running image scan and a finished Vul scan (so every metric
  // of the table has a value), and flaky's image scan keeps running across the clock jump.
  const moment = findMoment([
    { account: 'healthy', scan: 'image', phases: ['scanning'] },
    { account: 'healthy', scan: 'Vul', phases: ['completed'] },
    { account: 'flaky', scan: 'image', phases: ['scanning'], forSeconds: JUMP_SECONDS },
    // A baseline check has ended before, so the baseline summary has its pass rate.
    { account: 'healthy', scan: 'Baseline/1', phases: ANY_PHASE, minCycle: 1 },
  ]);
  const at = clockAt(moment);
  clock = at.clock;
  for (const name of NAMES) accounts.set(name, simAccount(name));
  // The clock stands still, so the simulator's own throttling must not apply.
  sim = await startSimulator({ accounts: [...accounts.values()], now: clock.now, rateLimitPerSecond: 1e9 });
  at.start();
  for (const name of NAMES) {
    const fault = ACCOUNTS[name].fault;
    if (fault) sim.setFault(name, { fault: { ...fault } });
  }
  exporter = await ExporterProcess.start({
    config: exporterConfig(sim, [...accounts.values()], { wrongKey: ['failing'], summaries: true }),
    args: ['--log.level=debug'],
  });
  await exporter.waitForReady();
  // Ready means the first round finished; wait until every failure code has been counted too.
  await waitFor(
    async () => {
      const samples = await exporter.samples();
      return NAMES.every((n) =>
        select(samples, `${SELF}api_requests_total`, { account: n, code: ACCOUNTS[n].code }).some(
          (s) => s.value > 0,
        ),
      )
        ? true
        : undefined;
    },
    { what: 'every account to have made requests' },
  );
}, 60_000);

afterAll(async () => {
  await exporter?.stop();
  await sim?.close();
});

describe('HTTP endpoints', () => {
  test('/-/healthy and /-/ready answer 200', async () => {
    expect((await exporter.get('/-/healthy')).status).toBe(200);
    expect((await exporter.get('/-/ready')).status).toBe(200);
  });

  test('/ has a section for every account', async () => {
    const page = await exporter.get('/');
    expect(page.status).toBe(200);
    expect(page.headers['content-type']).toMatch(/^text\/html/);
    for (const name of NAMES) expect(page.text).toContain(`<section class="account" data-account="${name}"`);
  });
});

describe('scan metrics', () => {
  test('healthy has every scan metric of the contract, with the contract labels', async () => {
    const series = scanSeriesOf(await exporter.samples(), 'healthy');
    for (const name of SCAN_METRICS)
      expect({ name, found: series.some((s) => s.name === name) }).toEqual({ name, found: true });
    const tcssInfo = select(series, 'tencentcloud_scan_info', { product: 'tcss' });
    expect(tcssInfo).toHaveLength(1);
    expect(Object.keys(tcssInfo[0]!.labels).sort()).toEqual([
      'account',
      'product',
      'scan',
      'status',
      'task_id',
    ]);
    const cwpInfo = select(series, 'tencentcloud_scan_info', { product: 'cwp' });
    expect(cwpInfo.map((s) => s.labels['scan']).sort()).toEqual(['baseline', 'baseline', 'malware', 'vul']);
    for (const s of cwpInfo) {
      expect(s.labels).toEqual(
        expect.objectContaining({ task_id: expect.stringMatching(/^\d+$/), trigger: expect.any(String) }),
      );
    }
    const baseline = select(series, 'tencentcloud_scan_state', { scan: 'baseline', state: 'unknown' });
    expect(baseline.map((s) => s.labels['strategy_id']).sort()).toEqual(STRATEGY_IDS.map(String));
  });

  test('healthy series agree with what the simulator answers for the same account', async () => {
    await expectAgreesWithSimulator('healthy');
  });

  test('every scan series is consistent (ranges, one state per scan, plausible unix seconds)', async () => {
    const samples = await exporter.samples();
    const scan = samples.filter((s) => (SCAN_METRICS as readonly string[]).includes(s.name));
    expect(scan.length).toBeGreaterThan(0);
    expectConsistent(scan, Date.now() / 1000);
  });

  test.each(FAILED.map((n) => [n]))('%s: no scan series at all', async (name) => {
    expect(scanSeriesOf(await exporter.samples(), name)).toEqual([]);
  });

  test('garbage-nulls: fields that are null give no sample, not a made-up 0', async () => {
    const samples = await exporter.samples();
    for (const collector of COLLECTORS) expect(successOf(samples, 'garbage-nulls', collector)).toBe(1);
    const series = scanSeriesOf(samples, 'garbage-nulls');
    expect(series.filter((s) => (VALUE_METRICS as readonly string[]).includes(s.name))).toEqual([]);
    expect(select(series, 'tencentcloud_scan_state')).toEqual([]);
    // Only the always-1 info series remain, without the labels whose fields were unusable.
    for (const s of series) {
      expect(s).toEqual({ name: 'tencentcloud_scan_info', labels: expect.any(Object), value: 1 });
      expect(s.labels['task_id']).toBeUndefined();
    }
  });

  test('garbage: numbers written as digit strings are the numbers; strings as numbers and lists as objects give no sample', async () => {
    const samples = await exporter.samples();
    for (const collector of COLLECTORS) expect(successOf(samples, 'garbage', collector)).toBe(1);
    // wrong_types answers every number as its digit string: those series are there (asking the
    // simulator for the values here would add requests the attempt count below does not expect;
    // test/collectors/summary-collectors.test.ts compares them value by value).
    const series = scanSeriesOf(samples, 'garbage');
    expect(select(series, 'tencentcloud_scan_progress_ratio').length).toBeGreaterThan(0);
    expect(select(series, 'tencentcloud_security_vulnerabilities').length).toBe(1);
    expect(select(series, 'tencentcloud_scan_state', { product: 'cwp' }).length).toBeGreaterThan(0);
    expectConsistent(series, Date.now() / 1000);
    // The TCSS Status answered as a number gives no state; per-severity lists answered as objects
    // give no severity series; times answered as numbers no timestamps.
    expect(select(series, 'tencentcloud_scan_state', { product: 'tcss' })).toEqual([]);
    expect(series.filter((s) => s.labels['severity'] !== undefined)).toEqual([]);
    expect(series.filter((s) => s.name.endsWith('_timestamp_seconds'))).toEqual([]);
  });

  test('wrong types are counted as response field issues', async () => {
    const issues = select(await exporter.samples(), `${SELF}response_field_issues_total`, {
      account: 'garbage',
    });
    expect(issues.reduce((sum, s) => sum + s.value, 0)).toBeGreaterThan(0);
  });
});

describe('self-metrics', () => {
  test.each(NAMES.map((n) => [n]))(
    '%s: collector_success, duration and last success per collector',
    async (name) => {
      const samples = await exporter.samples();
      const nowSeconds = Date.now() / 1000;
      const ok = !FAILED.includes(name);
      for (const collector of COLLECTORS) {
        const labels = { account: name, collector };
        expect(sampleValue(samples, `${SELF}collector_success`, labels)).toBe(ok ? 1 : 0);
        expect(sampleValue(samples, `${SELF}collector_duration_seconds`, labels)).toBeGreaterThan(0);
        const last = select(samples, `${SELF}collector_last_success_timestamp_seconds`, labels);
        if (ok) {
          expect(last).toHaveLength(1);
          expect(Number.isInteger(last[0]!.value)).toBe(true);
          expect(last[0]!.value).toBeGreaterThan(nowSeconds - 120);
          expect(last[0]!.value).toBeLessThanOrEqual(nowSeconds + 1);
        } else {
          expect(last).toEqual([]);
        }
      }
    },
  );

  test.each(NAMES.map((n) => [n, ACCOUNTS[n].code]))(
    '%s: api_requests_total counts code %s for every action, and only that code (or Aborted)',
    async (name, code) => {
      const requests = select(await exporter.samples(), `${SELF}api_requests_total`, { account: name });
      expect(requests.length).toBeGreaterThan(0);
      expect(requests.map((s) => s.labels['code'])).toContain(code);
      for (const s of requests) {
        expect(Object.keys(s.labels).sort()).toEqual(['account', 'action', 'code', 'service']);
        // Calls of the same round cut short by that failure are Aborted, not Timeout nor the
        // sibling's code.
        expect([code, 'Aborted']).toContain(s.labels['code']);
        expect(s.value).toBeGreaterThan(0);
      }
      // Each collector's first call is counted; after a failure the collector stops there.
      expect(requests.map((s) => `${s.labels['service']}/${s.labels['action']}`)).toEqual(
        expect.arrayContaining(['tcss/DescribeAssetImageScanTask', 'cwp/DescribeScanState']),
      );
    },
  );

  test.each([['throttled'], ['failing'], ['garbage']] as const)(
    '%s: every attempt, retries included, is counted once (as the simulator counted them)',
    async (name) => {
      const perAction = (rows: Array<{ action: string; count: number }>) => {
        const totals: Record<string, number> = {};
        for (const r of rows) totals[r.action] = (totals[r.action] ?? 0) + r.count;
        return totals;
      };
      // A round may be in flight between the two reads; wait for a quiet moment.
      await waitFor(
        async () => {
          const samples = await exporter.samples();
          const exported = perAction(
            select(samples, `${SELF}api_requests_total`, { account: name }).map((s) => ({
              action: s.labels['action']!,
              count: s.value,
            })),
          );
          const received = perAction(sim.stats().requests.filter((r) => r.account === name));
          expect(exported).toEqual(received);
          return true;
        },
        { timeoutMs: 10_000, intervalMs: 100, what: `${name}'s request counts to match the simulator's` },
      );
      if (name === 'throttled') {
        // RequestLimitExceeded is retried 1 s after the answer, which fits the 2.5 s round; the
        // next retry (2 s after the second answer) would not, so each round makes two attempts.
        const samples = await exporter.samples();
        const attempts = sampleValue(samples, `${SELF}api_requests_total`, {
          account: name,
          action: 'DescribeAssetImageScanTask',
        });
        expect(attempts).toBeGreaterThanOrEqual(2);
      }
    },
  );

  test('api_request_duration_seconds is a histogram by service and action', async () => {
    const samples = await exporter.samples();
    const actions = [
      ['tcss', 'DescribeAssetImageScanTask'],
      ['tcss', 'DescribeAssetImageScanStatus'],
      ['cwp', 'DescribeScanState'],
    ];
    for (const [service, action] of actions) {
      const labels = { service: service!, action: action! };
      const buckets = select(samples, `${SELF}api_request_duration_seconds_bucket`, labels);
      expect(buckets.length).toBeGreaterThan(1);
      for (const b of buckets) expect(Object.keys(b.labels).sort()).toEqual(['action', 'le', 'service']);
      const counts = buckets
        .map(
          (b) =>
            [b.labels['le'] === '+Inf' ? Number.POSITIVE_INFINITY : Number(b.labels['le']), b.value] as const,
        )
        .sort(([a], [b]) => a - b);
      for (let i = 1; i < counts.length; i++) expect(counts[i]![1]).toBeGreaterThanOrEqual(counts[i - 1]![1]);
      expect(counts.at(-1)![0]).toBe(Number.POSITIVE_INFINITY);
      const count = sampleValue(samples, `${SELF}api_request_duration_seconds_count`, labels);
      expect(counts.at(-1)![1]).toBe(count);
      expect(count).toBeGreaterThan(0);
      expect(sampleValue(samples, `${SELF}api_request_duration_seconds_sum`, labels)).toBeGreaterThan(0);
    }
  });

  test('build_info carries the package version and is 1', async () => {
    const info = select(await exporter.samples(), `${SELF}build_info`);
    expect(info).toHaveLength(1);
    expect(info[0]!.labels['version']).toMatch(/^\d+\.\d+\.\d+/);
    expect(info[0]!.value).toBe(1);
  });

  test('standard process_ and nodejs_ metrics are there', async () => {
    const names = new Set((await exporter.samples()).map((s) => s.name));
    expect(names).toContain('process_cpu_seconds_total');
    expect([...names].some((n) => n.startsWith('nodejs_'))).toBe(true);
  });
});

describe('a fault on a healthy account', () => {
  test('keeps its last good values, freezes last success, leaves others alone, and recovers', async () => {
    await expectAgreesWithSimulator('flaky');
    const kept = scanSeriesOf(await exporter.samples(), 'flaky');

    sim.setFault('flaky', { fault: { kind: 'http_status', status: 503 } });
    // From now on the simulator would answer differently; the exporter must not make that up.
    clock.advance(JUMP_SECONDS * 1000);

    const failed = await waitFor(
      async () => {
        const samples = await exporter.samples();
        return COLLECTORS.every((c) => successOf(samples, 'flaky', c) === 0) ? samples : undefined;
      },
      { what: 'flaky to fail' },
    );
    const lastAtFailure = COLLECTORS.map((collector) =>
      sampleValue(failed, `${SELF}collector_last_success_timestamp_seconds`, { account: 'flaky', collector }),
    );
    const httpErrors = (samples: readonly Sample[], service: string) =>
      select(samples, `${SELF}api_requests_total`, { account: 'flaky', service, code: 'HttpError' }).reduce(
        (sum, s) => sum + s.value,
        0,
      );
    const errorsAtFailure = ['tcss', 'cwp'].map((service) => httpErrors(failed, service));
    // Another failed round of each collector, so "kept" is not just "not yet replaced".
    const later = await waitFor(
      async () => {
        const samples = await exporter.samples();
        return ['tcss', 'cwp'].every((service, i) => httpErrors(samples, service) > errorsAtFailure[i]!)
          ? samples
          : undefined;
      },
      { what: 'another failed round of flaky' },
    );

    for (const collector of COLLECTORS) expect(successOf(later, 'flaky', collector)).toBe(0);
    expect(
      COLLECTORS.map((collector) =>
        sampleValue(later, `${SELF}collector_last_success_timestamp_seconds`, {
          account: 'flaky',
          collector,
        }),
      ),
    ).toEqual(lastAtFailure);
    expect(differences(scanSeriesOf(later, 'flaky'), kept)).toBe('');
    // Healthy accounts keep succeeding and follow the simulator's new answers.
    for (const collector of COLLECTORS) expect(successOf(later, 'healthy', collector)).toBe(1);
    await expectAgreesWithSimulator('healthy');

    // Read just before clearing, so the difference below can only overstate the failures after it.
    const beforeClear = await exporter.samples();
    sim.setFault('flaky', null);
    const errorsAtClear = ['tcss', 'cwp'].map((service) => httpErrors(beforeClear, service));
    const recoveredSamples = await waitFor(
      async () => {
        const samples = await exporter.samples();
        const recovered = COLLECTORS.every(
          (collector, i) =>
            successOf(samples, 'flaky', collector) === 1 &&
            sampleValue(samples, `${SELF}collector_last_success_timestamp_seconds`, {
              account: 'flaky',
              collector,
            }) > lastAtFailure[i]!,
        );
        return recovered ? samples : undefined;
      },
      // One schedule interval is 3 s; allow a few for a loaded machine.
      { timeoutMs: 15_000, what: 'flaky to recover' },
    );
    // Within a round: at most the round in flight at clearing failed (tcss: up to 3 attempts of its
    // first call; cwp: up to 3 attempts of each of its 4 concurrent calls), none after it.
    const [tcssAfter, cwpAfter] = ['tcss', 'cwp'].map((service) => httpErrors(recoveredSamples, service));
    expect(tcssAfter! - errorsAtClear[0]!).toBeLessThanOrEqual(3);
    expect(cwpAfter! - errorsAtClear[1]!).toBeLessThanOrEqual(12);
    await expectAgreesWithSimulator('flaky', 10_000);
    // The simulator had moved on during the failure, so the kept values really were the old ones.
    expect(differences(kept, scanSeriesOf(await exporter.samples(), 'flaky'))).not.toBe('');
  }, 60_000);
});

// Last: an OpenMetrics scrape changes how the process renders counters afterwards (see below).
describe('exposition formats', () => {
  test('gzip, when accepted, decodes to the same series as plain text', async () => {
    const keysOf = (samples: Sample[]) =>
      samples
        .filter((s) => s.name.startsWith('tencentcloud_scan_'))
        .map((s) => `${s.name}${JSON.stringify(s.labels)}`)
        .sort();
    // A round may add a series between the two scrapes; a few attempts make that harmless.
    await waitFor(
      async () => {
        const zipped = await exporter.get('/metrics', { 'Accept-Encoding': 'gzip' });
        expect(zipped.headers['content-encoding']).toBe('gzip');
        const unzipped = parseMetrics(gunzipSync(zipped.body).toString('utf8'));
        const plain = await exporter.samples();
        expect(keysOf(unzipped)).toEqual(keysOf(plain));
        return true;
      },
      { timeoutMs: 10_000, what: 'gzip and plain scrapes with the same series' },
    );
  });

  test('OpenMetrics, when asked for, ends with # EOF', async () => {
    const res = await exporter.get('/metrics', { Accept: 'application/openmetrics-text; version=1.0.0' });
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toMatch(/^application\/openmetrics-text/);
    expect(res.text.endsWith('# EOF\n')).toBe(true);
    const samples = parseMetrics(res.text);
    expect(
      select(samples, 'tencentcloud_scan_progress_ratio', { account: 'healthy' }).length,
    ).toBeGreaterThan(0);
    // OpenMetrics names the counter family without `_total` and its samples with it.
    expect(res.text).toContain(`# TYPE ${SELF}api_requests counter\n`);
    expect(select(samples, `${SELF}api_requests_total`, { account: 'healthy' }).length).toBeGreaterThan(0);
  });

  // prom-client renames counter objects in place when rendering OpenMetrics; each format has its own.
  test('a Prometheus-format scrape after an OpenMetrics scrape still names counters *_total', async () => {
    await exporter.scrape({ Accept: 'application/openmetrics-text; version=1.0.0' });
    const names = new Set((await exporter.samples()).map((s) => s.name));
    expect(names).toContain(`${SELF}api_requests_total`);
    expect(names).not.toContain(`${SELF}api_requests`);
  });
});

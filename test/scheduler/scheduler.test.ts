import { Writable } from 'node:stream';
import { type Collector, PartialRoundError } from '../../src/collectors/collector.js';
import { COLLECTORS, familyTable } from '../../src/collectors/registry.js';
import { createLogger } from '../../src/log/logger.js';
import type { ScanSample } from '../../src/metrics/scan-families.js';
import { SelfMetrics } from '../../src/metrics/self-metrics.js';
import { SeriesStore } from '../../src/metrics/series-store.js';
import { runAccountRound } from '../../src/scheduler/account-round.js';
import { FailureLog } from '../../src/scheduler/failure-log.js';
import {
  type AccountRuntime,
  type ScheduledCollector,
  Scheduler,
  scheduleIntervalMs,
} from '../../src/scheduler/scheduler.js';
import type { ApiCaller } from '../../src/tencentcloud/types.js';
import { FakeClock, flush } from './fake-clock.js';

const SCAN_FAMILIES = familyTable(COLLECTORS);

const quiet = createLogger({
  level: 'error',
  format: 'json',
  destination: new Writable({ write: (_c, _e, cb) => cb() }),
});

function account(name: string): AccountRuntime {
  const caller: ApiCaller = { account: name, call: () => Promise.reject(new Error('not used')) };
  return { name, caller };
}

type Behaviour = (account: string, signal: AbortSignal) => Promise<ScanSample[]>;

function collector(behaviour: Behaviour): Collector {
  return { name: 'tcss_image_scan', collect: ({ caller, signal }) => behaviour(caller.account, signal) };
}

const risks = (account: string, value: number): ScanSample[] => [
  { name: 'tencentcloud_scan_risks', labels: { account, product: 'tcss', scan: 'image' }, value },
];

/** A schedule that never fires during a test: rounds are triggered by hand. */
const YEARLY = '0 0 0 1 1 *';

function scheduler(
  c: Collector,
  accounts: AccountRuntime[],
  extra: Partial<ScheduledCollector> = {},
  concurrency = 4,
  jitter = false,
) {
  const clock = new FakeClock();
  const store = new SeriesStore(SCAN_FAMILIES);
  const metrics = new SelfMetrics('test');
  const scheduled: ScheduledCollector = { collector: c, schedule: YEARLY, timeoutSeconds: 5, ...extra };
  const s = new Scheduler({
    collectors: [scheduled],
    accounts,
    concurrency,
    stalenessIntervals: 3,
    store,
    metrics,
    log: quiet,
    failureLog: new FailureLog({ log: quiet, repeatIntervalMs: 600_000 }),
    ...(jitter ? {} : { maxJitterMs: 0 }),
    clock,
  });
  return { s, store, metrics, scheduled, clock };
}

async function metricValue(
  metrics: SelfMetrics,
  name: string,
  labels: Record<string, string>,
): Promise<number | undefined> {
  const json = await metrics.prometheus.getMetricsAsJSON();
  const metric = json.find((m) => m.name === name);
  const v = metric?.values.find((x) => Object.entries(labels).every(([k, val]) => x.labels[k] === val));
  return v?.value;
}

describe('scheduleIntervalMs', () => {
  test.each([
    ['*/30 * * * * *', 30_000],
    ['0 */5 * * * *', 300_000],
    ['*/15 * * * *', 900_000],
  ])('%s → %d ms', (expr, ms) => {
    expect(scheduleIntervalMs(expr)).toBe(ms);
  });
});

describe('Scheduler', () => {
  test('first round makes it ready and fills the store; success metrics per account', async () => {
    const { s, store, metrics } = scheduler(
      collector(async (a) => risks(a, 1)),
      [account('a'), account('b')],
    );
    expect(s.ready()).toBe(false);
    s.start();
    await s.whenReady();
    expect(s.ready()).toBe(true);
    expect(store.text()).toContain('account="a"');
    expect(store.text()).toContain('account="b"');
    expect(await metricValue(metrics, 'tencentcloud_scan_exporter_collector_success', { account: 'a' })).toBe(
      1,
    );
    await s.stop(1000);
  });

  test('a failing account keeps its last good series; others are updated', async () => {
    let round = 0;
    const { s, store, metrics, scheduled } = scheduler(
      collector(async (a) => {
        if (a === 'bad' && round > 0) throw Object.assign(new Error('boom'), { code: 'InternalError' });
        return risks(a, round);
      }),
      [account('good'), account('bad')],
    );
    s.start();
    await s.whenReady();
    round = 1;
    await s.triggerRound(scheduled, false);
    expect(store.samples('tcss_image_scan', 'good')?.[0]?.value).toBe(1);
    expect(store.samples('tcss_image_scan', 'bad')?.[0]?.value).toBe(0);
    expect(
      await metricValue(metrics, 'tencentcloud_scan_exporter_collector_success', { account: 'bad' }),
    ).toBe(0);
    const status = s.status().find((x) => x.account === 'bad')!;
    expect(status.ok).toBe(false);
    expect(status.lastError?.code).toBe('InternalError');
    expect(status.lastSuccess).toBeDefined();
    await s.stop(1000);
  });

  test('a partial round replaces the scans that answered and keeps the failed scan, until it is stale', async () => {
    let round = 0;
    const scan = (a: string, name: string, value: number): ScanSample => ({
      name: 'tencentcloud_scan_risks',
      labels: { account: a, product: 'cwp', scan: name },
      value,
    });
    const { s, store, metrics, scheduled, clock } = scheduler(
      {
        name: 'cwp_scan_state',
        collect: async ({ caller }) => {
          const a = caller.account;
          if (round === 0) return [scan(a, 'malware', 0), scan(a, 'baseline', 0)];
          throw new PartialRoundError(
            [scan(a, 'malware', round)],
            [
              {
                unit: { product: 'cwp', scan: 'baseline' },
                what: 'baseline discovery (DescribeBaselineStrategyList)',
                error: Object.assign(new Error('denied'), { code: 'AuthFailure.UnauthorizedOperation' }),
              },
            ],
            2,
          );
        },
      },
      [account('a')],
    );
    const every = { ...scheduled, schedule: '* * * * * *' };
    s.start();
    await s.whenReady();
    round = 1;
    await s.triggerRound(every, false);
    const values = () =>
      Object.fromEntries((store.samples('cwp_scan_state', 'a') ?? []).map((x) => [x.labels.scan, x.value]));
    expect(values()).toEqual({ malware: 1, baseline: 0 });
    expect(await metricValue(metrics, 'tencentcloud_scan_exporter_collector_success', { account: 'a' })).toBe(
      0,
    );
    const status = s.status()[0]!;
    expect(status.ok).toBe(false);
    expect(status.lastError).toMatchObject({ code: 'AuthFailure.UnauthorizedOperation' });
    expect(status.lastError?.message).toContain('baseline discovery (DescribeBaselineStrategyList): denied');
    // Failing for longer than the staleness window (3 × 1 s): the baseline series go, malware stays.
    await clock.advance(3200);
    round = 2;
    await s.triggerRound(every, false);
    expect(values()).toEqual({ malware: 2 });
    await s.stop(1000);
  });

  test('stale series are dropped after the staleness window', async () => {
    let fail = false;
    // Every second: the staleness window is 3 s.
    const { s, store, scheduled, clock } = scheduler(
      collector(async (a) => {
        if (fail) throw new Error('down');
        return risks(a, 7);
      }),
      [account('a')],
      { schedule: '0 0 0 1 1 *' },
    );
    const every = { ...scheduled, schedule: '* * * * * *' };
    s.start();
    await s.whenReady();
    fail = true;
    await s.triggerRound(every, false);
    expect(store.samples('tcss_image_scan', 'a')).toBeDefined();
    await clock.advance(2900);
    await s.triggerRound(every, false);
    expect(store.samples('tcss_image_scan', 'a')).toBeDefined();
    await clock.advance(300);
    await s.triggerRound(every, false);
    expect(store.samples('tcss_image_scan', 'a')).toBeUndefined();
    await s.stop(1000);
  });

  test('a slow account is cut at its timeout without delaying the others', async () => {
    const { s, store, clock } = scheduler(
      collector(
        (a, signal) =>
          new Promise((resolve, reject) => {
            if (a === 'slow') {
              signal.addEventListener('abort', () => reject(signal.reason));
              return;
            }
            resolve(risks(a, 1));
          }),
      ),
      [account('slow'), account('fast')],
      { timeoutSeconds: 1 },
    );
    s.start();
    await flush();
    // No time has passed: the fast account is done, the slow one still running.
    expect(store.samples('tcss_image_scan', 'fast')).toBeDefined();
    await clock.advance(999);
    expect(s.status().find((x) => x.account === 'slow')).toBeUndefined();
    await clock.advance(1);
    await s.whenReady();
    expect(store.samples('tcss_image_scan', 'slow')).toBeUndefined();
    expect(s.status().find((x) => x.account === 'slow')?.lastError?.code).toBe('Timeout');
    await s.stop(1000);
  });

  test('an overlapping round is skipped and counted', async () => {
    let release!: () => void;
    const gate = new Promise<void>((r) => {
      release = r;
    });
    const { s, metrics, scheduled } = scheduler(
      collector(async (a) => {
        await gate;
        return risks(a, 1);
      }),
      [account('a')],
    );
    s.start();
    // The first round is still waiting at the gate: both triggers must be skipped.
    void s.triggerRound(scheduled, false);
    void s.triggerRound(scheduled, false);
    release();
    await s.whenReady();
    expect(await metricValue(metrics, 'tencentcloud_scan_exporter_collector_rounds_skipped_total', {})).toBe(
      2,
    );
    await s.stop(1000);
  });

  test('never more account rounds at once than the concurrency limit', async () => {
    let active = 0;
    let peak = 0;
    const accounts = Array.from({ length: 12 }, (_, i) => account(`acc${i}`));
    const { s } = scheduler(
      collector(async (a) => {
        active++;
        peak = Math.max(peak, active);
        await flush();
        active--;
        return risks(a, 1);
      }),
      accounts,
      {},
      3,
    );
    s.start();
    await s.whenReady();
    expect(peak).toBe(3);
    await s.stop(1000);
  });

  test('stop lets a round finish within the deadline, then aborts what is left', async () => {
    let aborted = false;
    const { s, clock } = scheduler(
      collector(
        (_a, signal) =>
          new Promise((_resolve, reject) => {
            signal.addEventListener('abort', () => {
              aborted = true;
              reject(signal.reason);
            });
          }),
      ),
      [account('a')],
      { timeoutSeconds: 60 },
    );
    s.start();
    await flush();
    let stopped = false;
    const stopping = s.stop(200).then(() => {
      stopped = true;
    });
    await clock.advance(199);
    expect({ stopped, aborted }).toEqual({ stopped: false, aborted: false });
    await clock.advance(1);
    await stopping;
    expect(aborted).toBe(true);
  });

  test('an update without an account drops its series and statuses', async () => {
    const { s, store, scheduled } = scheduler(
      collector(async (a) => risks(a, 1)),
      [account('keep'), account('gone')],
    );
    s.start();
    await s.whenReady();
    s.update({ collectors: [scheduled], accounts: [account('keep')], concurrency: 4, stalenessIntervals: 3 });
    expect(store.samples('tcss_image_scan', 'gone')).toBeUndefined();
    expect(s.status().map((x) => x.account)).toEqual(['keep']);
    await s.stop(1000);
  });
});

describe('runAccountRound', () => {
  test('a collector that ignores its signal still settles at the timeout', async () => {
    const stuck: Collector = { name: 'cwp_scan_state', collect: () => new Promise(() => undefined) };
    const result = await runAccountRound(stuck, account('a').caller, 0.2, new AbortController().signal);
    expect(result).toMatchObject({ ok: false, code: 'Timeout' });
  });
});

/** stop() waits on the scheduler's clock for its deadline: move the fake one past it. */
async function stopNow(s: Scheduler, clock: FakeClock): Promise<void> {
  const stopping = s.stop(0);
  await clock.advance(1);
  await stopping;
}

describe('Scheduler per (collector, account), on a fake clock', () => {
  // Every 60 s: a jitter window of 5 s.
  const clocked = (
    c: Collector,
    accounts: AccountRuntime[],
    extra: Partial<ScheduledCollector> = {},
    concurrency = 4,
  ) => scheduler(c, accounts, { schedule: '0 * * * * *', timeoutSeconds: 10, ...extra }, concurrency, true);

  /** A collector whose rounds end when the test says so. */
  function gated() {
    const started: string[] = [];
    const gates = new Map<string, () => void>();
    const c = collector(
      (a, signal) =>
        new Promise<ScanSample[]>((resolve, reject) => {
          started.push(a);
          gates.set(a, () => resolve(risks(a, started.length)));
          signal.addEventListener('abort', () => reject(signal.reason), { once: true });
        }),
    );
    const finish = (a: string) => gates.get(a)?.();
    return { c, started, finish };
  }

  test('a tick starts every account not still running; the hanging one skips alone', async () => {
    const { c, started, finish } = gated();
    const { s, metrics, scheduled, clock } = clocked(c, [account('slow'), account('a'), account('b')]);
    s.start();
    await flush();
    finish('a');
    finish('b');
    await flush();
    void s.triggerRound(scheduled, false);
    await clock.advance(5_000);
    expect(started.filter((a) => a === 'a')).toHaveLength(2);
    expect(started.filter((a) => a === 'b')).toHaveLength(2);
    expect(started.filter((a) => a === 'slow')).toHaveLength(1);
    const skipped = (account: string) =>
      metricValue(metrics, 'tencentcloud_scan_exporter_collector_rounds_skipped_total', { account });
    expect(await skipped('slow')).toBe(1);
    expect(await skipped('a')).toBe(0);
    await clock.advance(10_000);
    await stopNow(s, clock);
  });

  test('ready at the longest timeout even while accounts still hang', async () => {
    const { c, finish } = gated();
    const { s, clock } = clocked(c, [account('hangs'), account('quick')]);
    s.start();
    await flush();
    finish('quick');
    await clock.advance(9_000);
    expect(s.ready()).toBe(false);
    await clock.advance(2_100);
    expect(s.ready()).toBe(true);
    await stopNow(s, clock);
  });

  test('accounts whose last round timed out wait behind the others for a slot', async () => {
    const { c, started, finish } = gated();
    const { s, scheduled, clock } = clocked(c, [account('slow1'), account('slow2'), account('fast')], {}, 1);
    s.start();
    await flush();
    // One slot: slow1 holds it until its timeout, then slow2, then fast.
    await clock.advance(10_000);
    await clock.advance(10_000);
    finish('fast');
    await clock.advance(1_000);
    expect(started).toEqual(['slow1', 'slow2', 'fast']);
    // Next tick: both slow accounts timed out last time; fast is served first, in whatever
    // order the jitter starts them.
    void s.triggerRound(scheduled, false);
    await clock.advance(5_000);
    expect(started.slice(3)[0]).toBe('fast');
    finish('fast');
    await clock.advance(30_000);
    await stopNow(s, clock);
  });

  test('update: unchanged pairs go on, new ones start spread over the jitter window', async () => {
    const { c, started, finish } = gated();
    const keep = account('keep');
    const { s, metrics, scheduled, clock } = clocked(c, [keep]);
    s.start();
    await flush();
    expect(started).toEqual(['keep']);
    const fresh = Array.from({ length: 20 }, (_, i) => account(`new${i}`));
    s.update({ collectors: [scheduled], accounts: [keep, ...fresh], concurrency: 50, stalenessIntervals: 3 });
    await flush();
    // Nothing at once: not the kept account (still running), not the new ones (jitter).
    expect(started).toEqual(['keep']);
    await clock.advance(2_500);
    const halfway = started.length - 1;
    expect(halfway).toBeGreaterThan(0);
    expect(halfway).toBeLessThan(20);
    await clock.advance(2_600);
    expect(started.length - 1).toBe(20);
    // The kept round finishes normally and is recorded.
    finish('keep');
    await flush();
    expect(
      await metricValue(metrics, 'tencentcloud_scan_exporter_collector_success', { account: 'keep' }),
    ).toBe(1);
    await clock.advance(20_000);
    await stopNow(s, clock);
  });

  test('rounds called off by a reload or shutdown are not failures', async () => {
    const { c, finish } = gated();
    const a = account('a');
    const { s, metrics, scheduled, clock } = clocked(c, [a]);
    s.start();
    await flush();
    finish('a');
    await flush();
    expect(await metricValue(metrics, 'tencentcloud_scan_exporter_collector_success', { account: 'a' })).toBe(
      1,
    );
    void s.triggerRound(scheduled, false);
    await clock.advance(5_000);
    // The collector's settings change: the running round is called off, a new one starts.
    const changed = { ...scheduled, fingerprint: 'changed' };
    s.update({ collectors: [changed], accounts: [a], concurrency: 4, stalenessIntervals: 3 });
    await clock.advance(5_000);
    expect(await metricValue(metrics, 'tencentcloud_scan_exporter_collector_success', { account: 'a' })).toBe(
      1,
    );
    await stopNow(s, clock);
    expect(await metricValue(metrics, 'tencentcloud_scan_exporter_collector_success', { account: 'a' })).toBe(
      1,
    );
    expect(s.status()[0]).toMatchObject({ ok: true });
  });
});

/**
 * Fault suite over real HTTP: one exporter process, several accounts against the simulator. Each
 * case faults the victim accounts and checks that the process stays up, /metrics keeps answering
 * within a second, the healthy accounts keep collecting, the victims fail with the right `code`
 * (or give a partial result, for bad field values) and recover one round after the fault stops.
 */
import { httpGet, type Sample, select, waitFor } from '../helpers/exporter-process.js';
import { batches, FAULT_CASES, type FaultCase } from './fault-cases.js';
import {
  COLLECTORS,
  CVM_ACCOUNT,
  CVM_CREDENTIAL_SECONDS,
  collectorGauge,
  coreSeriesKeys,
  type FaultStack,
  HEALTHY,
  INTERVAL_S,
  PREFIX,
  parseExposition,
  ROUND_TIMEOUT_S,
  requestCount,
  STRANGER,
  startFaultStack,
  strangerAccount,
  VICTIMS,
} from './fault-stack.js';

/** Enough for the round in progress to end and one more to run. */
const ROUND_BOUND_MS = (2 * INTERVAL_S + ROUND_TIMEOUT_S) * 1000 + 2_000;
const SCRAPE_TIMEOUT_MS = 1_000;
const STEADY = [...HEALTHY, CVM_ACCOUNT];

let stack: FaultStack;
/** Core series of each steady account once everything ran cleanly; they must not change. */
const baselineSeries = new Map<string, string[]>();

/**
 * Scrapes with a 1 s limit (a slower answer fails the request) and checks the accounts that must
 * stay healthy on every scrape, whatever the other accounts go through.
 */
async function checkedScrape(steady: readonly string[] = STEADY): Promise<Sample[]> {
  const res = await httpGet(`${stack.exporter.url}/metrics`, {}, SCRAPE_TIMEOUT_MS);
  expect(res.status).toBe(200);
  const samples = parseExposition(res.text);
  for (const account of steady) {
    for (const collector of COLLECTORS) {
      expect({
        account,
        collector,
        success: collectorGauge(samples, 'collector_success', account, collector),
      }).toEqual({ account, collector, success: 1 });
    }
    const expected = baselineSeries.get(account);
    if (expected)
      expect({ account, series: coreSeriesKeys(samples, account) }).toEqual({ account, series: expected });
  }
  return samples;
}

function lastSuccess(samples: readonly Sample[], account: string): number[] {
  return COLLECTORS.map(
    (c) => collectorGauge(samples, 'collector_last_success_timestamp_seconds', account, c) ?? 0,
  );
}

function advanced(now: readonly number[], before: readonly number[]): boolean {
  return now.every((value, i) => value > before[i]!);
}

/** Waits until every collector of each account has succeeded again after `before`. */
async function waitForFreshSuccess(
  accounts: readonly string[],
  before: Sample[],
  steady: readonly string[],
  what: string,
): Promise<Sample[]> {
  return waitFor(
    async () => {
      const samples = await checkedScrape(steady);
      return accounts.every((a) => advanced(lastSuccess(samples, a), lastSuccess(before, a)))
        ? samples
        : undefined;
    },
    { timeoutMs: ROUND_BOUND_MS, intervalMs: 250, what },
  );
}

function fieldIssues(samples: readonly Sample[], account: string): number {
  return select(samples, `${PREFIX}response_field_issues_total`, { account }).reduce(
    (n, s) => n + s.value,
    0,
  );
}

/** Whether the victim shows what `c` expects, relative to the counters in `before`. */
function showsFault(c: FaultCase, victim: string, samples: Sample[], before: Sample[]): boolean {
  const success = COLLECTORS.map((collector) =>
    collectorGauge(samples, 'collector_success', victim, collector),
  );
  if (c.expect.kind === 'fails') {
    return (
      success.every((s) => s === 0) &&
      requestCount(samples, victim, c.expect.code) > requestCount(before, victim, c.expect.code)
    );
  }
  // Unless the fault leaves Schedule readable, it is null on every API: no progress sample at all,
  // never a made-up 0.
  const progress = select(samples, 'tencentcloud_scan_progress_ratio', { account: victim }).length > 0;
  const issuesCounted = !c.expect.fieldIssues || fieldIssues(samples, victim) > fieldIssues(before, victim);
  return success.every((s) => s === 1) && progress === (c.expect.progressKept ?? false) && issuesCounted;
}

function assertNoUnhandled(): void {
  const logs = stack.exporter.stdout() + stack.exporter.stderr();
  expect(logs.match(/.*unhandled.*|.*uncaught.*/gi) ?? []).toEqual([]);
}

beforeAll(async () => {
  stack = await startFaultStack();
  const clean = await waitFor(
    async () => {
      const samples = parseExposition((await httpGet(`${stack.exporter.url}/metrics`)).text);
      const ok = [...STEADY, ...VICTIMS].every((a) =>
        COLLECTORS.every((c) => collectorGauge(samples, 'collector_success', a, c) === 1),
      );
      return ok ? samples : undefined;
    },
    { timeoutMs: 30_000, what: 'every account but the stranger to succeed' },
  );
  for (const account of STEADY) baselineSeries.set(account, coreSeriesKeys(clean, account));
}, 60_000);

afterAll(async () => {
  await stack?.close();
});

afterEach(() => {
  expect(stack.exporter.pid).toBeDefined();
  assertNoUnhandled();
});

const BATCHES = batches(FAULT_CASES, VICTIMS.length).map(
  (cases) => [cases.map((c) => c.name).join(', '), cases] as const,
);

test.each(BATCHES)(
  'victims fail and recover, healthy accounts unaffected: %s',
  async (_names, cases) => {
    const before = await checkedScrape();
    cases.forEach((c, i) => {
      stack.sim.setFault(VICTIMS[i]!, { fault: c.fault });
    });
    try {
      await waitFor(
        async () => {
          const samples = await checkedScrape();
          return cases.every((c, i) => showsFault(c, VICTIMS[i]!, samples, before)) ? true : undefined;
        },
        { timeoutMs: ROUND_BOUND_MS, intervalMs: 250, what: `victims to show: ${_names}` },
      );
    } finally {
      for (const victim of VICTIMS) stack.sim.setFault(victim, null);
    }
    const faulted = await checkedScrape();
    const recovered = await waitForFreshSuccess(
      VICTIMS.slice(0, cases.length),
      faulted,
      STEADY,
      'victims to recover',
    );
    for (const victim of VICTIMS.slice(0, cases.length)) {
      expect(
        select(recovered, 'tencentcloud_scan_progress_ratio', { account: victim }).length,
      ).toBeGreaterThan(0);
    }
    await waitForFreshSuccess(STEADY, before, STEADY, 'healthy accounts to keep collecting');
    expect(stack.exporter.stdout() + stack.exporter.stderr()).not.toMatch(/unhandled/i);
  },
  40_000,
);

test(`credentials that expire every ${CVM_CREDENTIAL_SECONDS} s are refreshed without a failed round`, async () => {
  // checkedScrape has seen the CVM-role account succeed on every scrape so far.
  const fetched = stack.sim
    .stats()
    .requests.filter((r) => r.account === 'metadata' && r.action === 'MetadataCredentials')
    .reduce((n, r) => n + r.count, 0);
  expect(fetched).toBeGreaterThanOrEqual(2);
  const samples = await checkedScrape();
  expect(requestCount(samples, CVM_ACCOUNT, 'AuthFailure.TokenFailure')).toBe(0);
});

test('a CVM metadata service that hangs fails only the CVM-role account, which recovers', async () => {
  const before = await checkedScrape();
  stack.sim.setFault('metadata', { fault: { kind: 'hang' } });
  try {
    await waitFor(
      async () => {
        const samples = await checkedScrape(HEALTHY);
        const success = COLLECTORS.map((c) => collectorGauge(samples, 'collector_success', CVM_ACCOUNT, c));
        return success.every((s) => s === 0) ? true : undefined;
      },
      {
        timeoutMs: CVM_CREDENTIAL_SECONDS * 1000 + ROUND_BOUND_MS,
        intervalMs: 250,
        what: 'the CVM account to fail',
      },
    );
  } finally {
    stack.sim.setFault('metadata', null);
  }
  const failed = await checkedScrape(HEALTHY);
  await waitForFreshSuccess([CVM_ACCOUNT], failed, HEALTHY, 'the CVM account to recover');
  await waitForFreshSuccess(HEALTHY, before, HEALTHY, 'healthy accounts to keep collecting');
}, 40_000);

test('a static key the API does not know fails with AuthFailure.SecretIdNotFound until it exists', async () => {
  const before = await checkedScrape();
  for (const c of COLLECTORS) expect(collectorGauge(before, 'collector_success', STRANGER, c)).toBe(0);
  expect(requestCount(before, STRANGER, 'AuthFailure.SecretIdNotFound')).toBeGreaterThan(0);
  stack.sim.addAccount(strangerAccount());
  await waitForFreshSuccess([STRANGER], before, STEADY, 'the stranger to succeed once its key exists');
}, 40_000);

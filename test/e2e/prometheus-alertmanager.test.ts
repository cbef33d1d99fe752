/**
 * End to end with the real Prometheus and Alertmanager (Debian packages): the exporter is
 * scraped, every dashboard query has data, and a failing account pages through the repo's
 * collector-failing alert and un-pages once it recovers; an account whose image scans stopped
 * fires the posture freshness alert.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { formatBeijing } from '../../src/simulator/beijing-time.js';
import { toolSuite } from '../helpers/system-tools.js';
import { type Dashboard, type DashboardQuery, dashboardQueries } from './dashboard-queries.js';
import {
  ALERT_RULES,
  E2E_ACCOUNTS,
  type E2eStack,
  MAX_FOR,
  missingPrerequisites,
  REPO,
  startE2eStack,
} from './e2e-stack.js';
import { alertOnZero, durationMs } from './fast-rules.js';
import { waitFor } from './poll.js';
import { activeTargets, instantQuery, loadedRules } from './prometheus-api.js';
import { SCRAPE_JOB } from './stack-configs.js';
import type { ReceivedNotification } from './webhook-receiver.js';

const { test, beforeAll } = toolSuite(
  ['prometheus', 'alertmanager'],
  'the end-to-end tests with Prometheus and Alertmanager',
);

const DASHBOARD = join(REPO, 'grafana', 'dashboards', 'tencentcloud-scan.json');

/**
 * Panels that legitimately have no data in a healthy stack that started seconds ago. Their
 * queries must still be valid PromQL that Prometheus accepts.
 */
const MAY_BE_EMPTY: ReadonlyMap<string, string> = new Map([
  // `x - x offset $__range` (5m) compares with five minutes ago; this Prometheus is younger.
  ['Risk change over the time range', 'needs samples older than $__range'],
  // The counter has a series per collector only after a round was skipped; local rounds against
  // the simulator finish well within their one-second schedule.
  ['Skipped collection rounds', 'no round has been skipped'],
]);

const FAILING_ACCOUNT = E2E_ACCOUNTS[1]!.name;
/** Not retried by the client (unlike InternalError), so the very next round fails. */
const FAULT_CODE = 'AuthFailure.SignatureFailure';
const COLLECTOR_FAILING = alertOnZero(
  readFileSync(ALERT_RULES, 'utf8'),
  'tencentcloud_scan_exporter_collector_success',
);

const STARTUP_MS = 60_000;
const DATA_WAIT_MS = 45_000;
const ALERT_WAIT_MS = 40_000;

let stack: E2eStack | undefined;

beforeAll(async () => {
  const missing = missingPrerequisites();
  if (missing.length > 0) throw new Error(`missing ${missing.join(', ')}: run \`npm run build\``);
  stack = await startE2eStack();
}, STARTUP_MS);

afterAll(async () => {
  await stack?.close();
}, 30_000);

function running(): E2eStack {
  if (!stack) throw new Error('the stack did not start');
  return stack;
}

/** A notification of the collector-failing alert for the account, with that status, after `sinceMs`. */
function notification(
  status: 'firing' | 'resolved',
  account: string,
  sinceMs: number,
): ReceivedNotification | undefined {
  return running().webhook.received.find(
    (n) =>
      n.receivedAtMs >= sinceMs &&
      n.body.status === status &&
      n.body.groupLabels['alertname'] === COLLECTOR_FAILING &&
      n.body.groupLabels['account'] === account &&
      n.body.alerts.some((a) => a.status === status && a.labels['account'] === account),
  );
}

test('Prometheus scrapes the exporter: the target is up', async () => {
  const s = running();
  const target = await waitFor(
    `target of job ${SCRAPE_JOB} up`,
    async () =>
      (await activeTargets(s.prometheusUrl)).find((t) => t.labels['job'] === SCRAPE_JOB && t.health === 'up'),
    20_000,
  );
  expect(target.scrapeUrl).toBe(`${s.exporterUrl}/metrics`);
}, 30_000);

test("Prometheus runs every alert of the repo's rule file, with for: shortened", async () => {
  const repoAlerts = (
    parse(readFileSync(ALERT_RULES, 'utf8')) as { groups: Array<{ rules: Array<{ alert?: string }> }> }
  ).groups
    .flatMap((g) => g.rules)
    .flatMap((r) => (r.alert ? [r.alert] : []));
  const rules = await loadedRules(running().prometheusUrl);
  expect(rules.map((r) => r.name).sort()).toEqual([...repoAlerts].sort());
  for (const rule of rules) expect(rule.duration ?? 0).toBeLessThanOrEqual(durationMs(MAX_FOR) / 1000);
  expect(rules.find((r) => r.name === COLLECTOR_FAILING)?.duration).toBe(durationMs(MAX_FOR) / 1000);
});

test(
  'every dashboard query returns data',
  async () => {
    const s = running();
    const queries = dashboardQueries(JSON.parse(readFileSync(DASHBOARD, 'utf8')) as Dashboard);
    expect(queries.length).toBeGreaterThan(10);
    for (const title of MAY_BE_EMPTY.keys()) expect(queries.some((q) => q.source === title)).toBe(true);

    // Scans cycle, so a query about e.g. running scans may need a few rounds; poll them all together.
    let pending: DashboardQuery[] = queries;
    const invalid: string[] = [];
    const deadline = Date.now() + DATA_WAIT_MS;
    while (pending.length > 0 && Date.now() < deadline) {
      const stillEmpty: DashboardQuery[] = [];
      for (const query of pending) {
        try {
          const { result } = await instantQuery(s.prometheusUrl, query.promql);
          if (result.length === 0) stillEmpty.push(query);
        } catch (error) {
          invalid.push(`${query.source}: ${error instanceof Error ? error.message : String(error)}`);
        }
      }
      pending = stillEmpty;
      if (invalid.length > 0 || pending.every((q) => MAY_BE_EMPTY.has(q.source))) break;
      await new Promise((resolve) => setTimeout(resolve, 1_000));
    }
    expect(invalid).toEqual([]);
    if (pending.length > 0)
      console.log(`e2e: allowed-empty dashboard queries: ${pending.map((q) => q.source).join('; ')}`);
    const empty = pending.filter((q) => !MAY_BE_EMPTY.has(q.source)).map((q) => `${q.source}: ${q.promql}`);
    expect(empty).toEqual([]);
  },
  DATA_WAIT_MS + 10_000,
);

/** The further TCSS scans: the panels that show every scan, and each scan's own panel. */
const FURTHER_SCAN_PANELS: Readonly<Record<string, readonly string[]>> = {
  container_virus: ['Scan status', 'Scan state over time', 'Containers at risk'],
  image_vulnerability: ['Scan status', 'Scan state over time', 'Image vulnerabilities found'],
  compliance: [
    'Scan status',
    'Scan state over time',
    'Compliance pass rate',
    'Failed compliance items by severity',
  ],
};

test(
  'the dashboard queries return data for each further TCSS scan selected on its own',
  async () => {
    const s = running();
    const queries = dashboardQueries(JSON.parse(readFileSync(DASHBOARD, 'utf8')) as Dashboard);
    let pending = Object.entries(FURTHER_SCAN_PANELS).flatMap(([scan, titles]) =>
      titles.flatMap((title) => {
        // Only the container virus scan reports risks (the others' findings have their own metrics).
        const ofPanel = queries.filter(
          (q) =>
            q.source === title &&
            (scan === 'container_virus' || !q.promql.includes('tencentcloud_scan_risks')),
        );
        expect({ title, queries: ofPanel.length > 0 }).toEqual({ title, queries: true });
        // The `scan` variable set to this scan, as a user picking it in the dashboard.
        return ofPanel.map((q) => ({
          scan,
          title,
          promql: q.promql.replaceAll('scan=~".*"', `scan=~"${scan}"`),
        }));
      }),
    );
    for (const q of pending) expect(q.promql).toContain(`scan=~"${q.scan}"`);
    const deadline = Date.now() + DATA_WAIT_MS;
    while (pending.length > 0 && Date.now() < deadline) {
      const stillEmpty: typeof pending = [];
      for (const q of pending) {
        const { result } = await instantQuery(s.prometheusUrl, q.promql);
        if (result.length === 0) stillEmpty.push(q);
      }
      pending = stillEmpty;
      if (pending.length > 0) await new Promise((resolve) => setTimeout(resolve, 1_000));
    }
    expect(pending.map((q) => `${q.scan} / ${q.title}: ${q.promql}`)).toEqual([]);
  },
  DATA_WAIT_MS + 10_000,
);

test(
  'a failing account fires the collector-failing alert and reaches the webhook',
  async () => {
    const s = running();
    const faultAt = Date.now();
    s.simulator.setFault(FAILING_ACCOUNT, { fault: { kind: 'error', code: FAULT_CODE } });
    const fired = await waitFor(
      `${COLLECTOR_FAILING} for ${FAILING_ACCOUNT} at the webhook`,
      async () => notification('firing', FAILING_ACCOUNT, faultAt),
      ALERT_WAIT_MS,
    ).catch((error: Error) => {
      throw new Error(
        `${error.message}\nwebhook got: ${JSON.stringify(s.webhook.received.map((n) => n.body.groupLabels))}\n${s.output()}`,
      );
    });
    const seconds = (fired.receivedAtMs - faultAt) / 1000;
    console.log(
      `e2e: ${FAULT_CODE} injected for account ${FAILING_ACCOUNT} -> ${COLLECTOR_FAILING} at the webhook after ${seconds.toFixed(1)} s ` +
        `(collectors every 1 s, scrape/eval every 1 s, for: shortened to 5 s, group_wait 1 s)`,
    );

    const alert = fired.body.alerts.find((a) => a.labels['account'] === FAILING_ACCOUNT)!;
    expect(alert.labels).toMatchObject({
      alertname: COLLECTOR_FAILING,
      account: FAILING_ACCOUNT,
      job: SCRAPE_JOB,
    });
    // The link the on-call engineer clicks opens the exporter's own runbook at the alert's section
    // (the default base is 127.0.0.1:9496; this stack's exporter has a port of its own).
    const runbook = new URL(alert.annotations['runbook_url']!);
    expect(runbook.hash).toBe(`#${COLLECTOR_FAILING.toLowerCase()}`);
    const page = await fetch(`${s.exporterUrl}${runbook.pathname}`, { signal: AbortSignal.timeout(5_000) });
    expect(page.status).toBe(200);
    expect(await page.text()).toContain(`id="${runbook.hash.slice(1)}"`);
    // Only the account with the fault pages.
    const otherAccounts = s.webhook.received.flatMap((n) =>
      n.body.alerts.filter(
        (a) => a.labels['alertname'] === COLLECTOR_FAILING && a.labels['account'] !== FAILING_ACCOUNT,
      ),
    );
    expect(otherAccounts).toEqual([]);
  },
  ALERT_WAIT_MS + 10_000,
);

test(
  'clearing the fault resolves the alert at the webhook',
  async () => {
    const s = running();
    const clearedAt = Date.now();
    s.simulator.setFault(FAILING_ACCOUNT, null);
    const resolved = await waitFor(
      `${COLLECTOR_FAILING} for ${FAILING_ACCOUNT} resolved at the webhook`,
      async () => notification('resolved', FAILING_ACCOUNT, clearedAt),
      ALERT_WAIT_MS,
    ).catch((error: Error) => {
      throw new Error(
        `${error.message}\nwebhook got: ${JSON.stringify(s.webhook.received.map((n) => [n.body.status, n.body.groupLabels]))}\n${s.output()}`,
      );
    });
    console.log(
      `e2e: fault cleared for account ${FAILING_ACCOUNT} -> ${COLLECTOR_FAILING} resolved at the webhook after ` +
        `${((resolved.receivedAtMs - clearedAt) / 1000).toFixed(1)} s`,
    );
    expect(resolved.body.alerts.every((a) => a.status === 'resolved')).toBe(true);
  },
  ALERT_WAIT_MS + 10_000,
);

const FRESHNESS = 'TencentCloudScanLatestScanTooOld';
const STALE_ACCOUNT = E2E_ACCOUNTS[0]!.name;

test(
  'an account whose image scans stopped three days ago fires the freshness alert, and only for TCSS',
  async () => {
    const s = running();
    const since = Date.now();
    // TCSS answers as if its last image scan had started three days ago and none since.
    s.simulator.setFault(STALE_ACCOUNT, {
      fault: { kind: 'fields', fields: { LatestImageScanTime: formatBeijing(since - 3 * 86_400_000) } },
      actions: ['DescribeAssetSummary'],
    });
    try {
      const fired = await waitFor(
        `${FRESHNESS} for ${STALE_ACCOUNT} at the webhook`,
        async () =>
          s.webhook.received.find(
            (n) =>
              n.receivedAtMs >= since &&
              n.body.status === 'firing' &&
              n.body.groupLabels['alertname'] === FRESHNESS &&
              n.body.groupLabels['account'] === STALE_ACCOUNT,
          ),
        ALERT_WAIT_MS,
      ).catch((error: Error) => {
        throw new Error(
          `${error.message}\nwebhook got: ${JSON.stringify(s.webhook.received.map((n) => n.body.groupLabels))}\n${s.output()}`,
        );
      });
      console.log(
        `e2e: LatestImageScanTime 3 days old for ${STALE_ACCOUNT} -> ${FRESHNESS} at the webhook after ${((fired.receivedAtMs - since) / 1000).toFixed(1)} s`,
      );
      const alerts = fired.body.alerts.filter((a) => a.status === 'firing');
      expect(alerts.map((a) => a.labels['product'])).toEqual(['tcss']);
      expect(alerts[0]!.labels).toMatchObject({
        alertname: FRESHNESS,
        account: STALE_ACCOUNT,
        job: SCRAPE_JOB,
      });
      // The other accounts scan all the time: none of them is stale.
      const others = s.webhook.received.flatMap((n) =>
        n.body.alerts.filter(
          (a) => a.labels['alertname'] === FRESHNESS && a.labels['account'] !== STALE_ACCOUNT,
        ),
      );
      expect(others).toEqual([]);
    } finally {
      s.simulator.setFault(STALE_ACCOUNT, null);
    }
  },
  ALERT_WAIT_MS + 10_000,
);

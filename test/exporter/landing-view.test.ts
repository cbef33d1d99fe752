/**
 * The landing page at many accounts (issue 11, item 8): one render used to take 1.3 s at 5,000
 * accounts because every account scanned every status. Now: linear, a summary at the top with
 * failing accounts first, and a page of accounts at a time.
 */
import { COLLECTOR_NAMES, COLLECTORS as DEFINITIONS, familyTable } from '../../src/collectors/registry.js';
import { ACCOUNTS_PER_PAGE, buildAccountViews, FAILING_LISTED } from '../../src/exporter/landing-view.js';
import type { ScanSample } from '../../src/metrics/scan-families.js';
import { SeriesStore } from '../../src/metrics/series-store.js';
import type { RoundStatus } from '../../src/scheduler/status.js';
import { renderLandingPage } from '../../src/server/landing-page.js';
import type { LandingView } from '../../src/server/types.js';

const SCAN_FAMILIES = familyTable(DEFINITIONS);

const NOW = new Date('2026-11-30T12:00:00Z');
const COLLECTORS = COLLECTOR_NAMES;

function nameOf(i: number): string {
  return `account-${String(i).padStart(5, '0')}`;
}

/** `n` accounts with two collectors each; every `failEvery`-th account's CWP round failed. */
function fixture(
  n: number,
  failEvery = 10,
): { names: string[]; statuses: RoundStatus[]; store: SeriesStore } {
  const names = Array.from({ length: n }, (_, i) => nameOf(i));
  const statuses: RoundStatus[] = [];
  const store = new SeriesStore(SCAN_FAMILIES);
  for (const [i, account] of names.entries()) {
    for (const collector of COLLECTORS) {
      const ok = !(collector === 'cwp_scan_state' && i % failEvery === 0);
      statuses.push({
        collector,
        account,
        ok,
        lastAttempt: new Date(NOW.getTime() - 5_000),
        durationSeconds: 0.2,
        lastSuccess: new Date(NOW.getTime() - (ok ? 5_000 : 3_600_000)),
        ...(ok
          ? {}
          : {
              lastError: {
                code: 'AuthFailure.SignatureFailure',
                message: 'bad key',
                at: new Date(NOW.getTime() - 5_000),
              },
            }),
      });
    }
    const samples: ScanSample[] = [
      {
        name: 'tencentcloud_scan_progress_ratio',
        labels: { account, product: 'tcss', scan: 'image' },
        value: 0.47,
      },
      { name: 'tencentcloud_scan_risks', labels: { account, product: 'tcss', scan: 'image' }, value: 3 },
    ];
    store.replace('tcss_image_scan', account, samples);
  }
  // The scheduler lists statuses by account; shuffle so nothing depends on that order.
  statuses.reverse();
  return { names, statuses, store };
}

function view(n: number, page = 1, failEvery = 10): LandingView {
  const { names, statuses, store } = fixture(n, failEvery);
  return {
    version: 'test',
    telemetryPath: '/metrics',
    ready: true,
    now: NOW,
    ...buildAccountViews(names, store, statuses, page),
  };
}

/** Fastest of a few runs of building and rendering the page for `n` accounts (fixture excluded). */
function fastestRender(n: number): number {
  const { names, statuses, store } = fixture(n);
  let best = Number.POSITIVE_INFINITY;
  for (let run = 0; run < 7; run++) {
    const started = performance.now();
    const built = buildAccountViews(names, store, statuses, 1);
    renderLandingPage({ version: 't', telemetryPath: '/metrics', ready: true, now: NOW, ...built });
    best = Math.min(best, performance.now() - started);
  }
  return best;
}

test('building and rendering grows linearly with accounts (5,000 vs 1,000)', () => {
  fastestRender(1_000); // warm-up
  const small = fastestRender(1_000);
  const large = fastestRender(5_000);
  // Linear: ~5x (less, the page itself stays the same size); the old quadratic code: ~25x.
  expect(large / small).toBeLessThan(12);
});

test('the page has a bounded size however many accounts there are', () => {
  const small = renderLandingPage(view(1_000)).length;
  const large = renderLandingPage(view(5_000)).length;
  expect(large).toBeLessThan(small * 1.5);
  expect(view(5_000).accounts).toHaveLength(ACCOUNTS_PER_PAGE);
});

test('the summary counts every account and lists failing ones first', () => {
  const v = view(1_000);
  expect(v.summary).toMatchObject({ accounts: 1_000, failing: 100, pending: 0 });
  expect(v.summary.failingAccounts).toHaveLength(Math.min(100, FAILING_LISTED));
  expect(v.summary.failingAccounts[0]).toMatchObject({
    account: nameOf(0),
    page: 1,
    failing: [expect.objectContaining({ collector: 'cwp_scan_state', ok: false })],
  });
  // The failing accounts take the first page's first rows, then the others by name.
  expect(v.accounts.slice(0, 100).every((a) => a.collectors.some((c) => !c.ok))).toBe(true);
  expect(v.accounts[100]?.account).toBe(nameOf(1));
  const html = renderLandingPage(v);
  expect(html.indexOf('class="summary"')).toBeLessThan(html.indexOf('class="account"'));
  expect(html).toContain('<strong>100</strong> failing');
  expect(html).toContain('<strong>900</strong> ok');
});

test('accounts waiting for their first round are counted apart', () => {
  const { names, statuses, store } = fixture(10);
  const built = buildAccountViews([...names, 'new-one'], store, statuses, 1);
  expect(built.summary).toMatchObject({ accounts: 11, failing: 1, pending: 1 });
  expect(built.accounts.map((a) => a.account).slice(0, 2)).toEqual([nameOf(0), 'new-one']);
});

test('pages: ?page=N shows the next accounts; out of range shows the nearest page', () => {
  const first = view(1_000, 1);
  const second = view(1_000, 2);
  expect([first.page, first.pages, second.page]).toEqual([1, 4, 2]);
  expect(new Set([...first.accounts, ...second.accounts].map((a) => a.account)).size).toBe(
    2 * ACCOUNTS_PER_PAGE,
  );
  expect(view(1_000, 99).page).toBe(4);
  expect(view(1_000, 0).page).toBe(1);
  const html = renderLandingPage(second);
  expect(html).toContain('Page 2 of 4');
  expect(html).toContain('href="?page=3"');
  // Summary links lead to the page that holds the failing account.
  expect(html).toContain(`href="?page=1#account-${nameOf(0)}"`);
});

test('a few hundred accounts need no paging', () => {
  const v = view(ACCOUNTS_PER_PAGE);
  expect(v.pages).toBe(1);
  expect(renderLandingPage(v)).not.toContain('Page 1 of');
});

test('times read as "… ago", with the exact UTC time in the tooltip', () => {
  const html = renderLandingPage(view(20));
  expect(html).toContain(
    '<time datetime="2026-11-30T11:59:55.000Z" title="2026-11-30 11:59:55 UTC">5s ago</time>',
  );
  expect(html).toContain(
    '<time datetime="2026-11-30T11:00:00.000Z" title="2026-11-30 11:00:00 UTC">1h 0m ago</time>',
  );
});

test('hostile account names and messages are escaped everywhere', () => {
  const names = ['<script>alert(1)</script>', 'a"b'];
  const statuses: RoundStatus[] = names.map((account) => ({
    collector: 'cwp_scan_state',
    account,
    ok: false,
    lastAttempt: NOW,
    durationSeconds: 1,
    lastError: { code: '<img src=x>', message: '"><b>x</b>', at: NOW },
  }));
  const html = renderLandingPage({
    version: 't',
    telemetryPath: '/metrics',
    ready: true,
    now: NOW,
    ...buildAccountViews(names, new SeriesStore(SCAN_FAMILIES), statuses, 1),
  });
  expect(html).not.toContain('<script>alert');
  expect(html).not.toContain('<img src=x>');
  expect(html).not.toContain('<b>x</b>');
  expect(html).not.toMatch(/data-account="a"b"/);
});

test('an account with summaries has a one-line posture; one without has none', () => {
  const { names, statuses, store } = fixture(2);
  const account = nameOf(0);
  const tcss = { account, product: 'tcss' };
  const cwp = { account, product: 'cwp' };
  store.replace('tcss_image_risk_summary', account, [
    {
      name: 'tencentcloud_security_findings',
      labels: { ...tcss, kind: 'malware', severity: 'high' },
      value: 2,
    },
    {
      name: 'tencentcloud_security_findings',
      labels: { ...tcss, kind: 'vulnerability', severity: 'critical' },
      value: 3,
    },
  ]);
  store.replace('cwp_vul_level_count', account, [
    {
      name: 'tencentcloud_security_findings',
      labels: { ...cwp, kind: 'vulnerability', severity: 'high' },
      value: 5,
    },
  ]);
  store.replace('tcss_asset_summary', account, [
    { name: 'tencentcloud_security_images_unscanned', labels: tcss, value: 7 },
    {
      name: 'tencentcloud_security_latest_scan_timestamp_seconds',
      labels: tcss,
      value: NOW.getTime() / 1000 - 7200,
    },
  ]);
  store.replace('cwp_general_stat', account, [
    { name: 'tencentcloud_security_hosts_without_agent', labels: cwp, value: 2 },
    { name: 'tencentcloud_security_agents', labels: cwp, value: 20 },
    { name: 'tencentcloud_security_agents_offline', labels: cwp, value: 1 },
    { name: 'tencentcloud_security_licenses_expiring', labels: cwp, value: 1 },
  ]);
  store.replace('cwp_baseline_overview', account, [
    { name: 'tencentcloud_security_baseline_pass_ratio', labels: cwp, value: 0.87 },
  ]);
  const built = buildAccountViews(names, store, statuses, 1);
  const html = renderLandingPage({
    version: 't',
    telemetryPath: '/metrics',
    ready: true,
    now: NOW,
    ...built,
  });
  const line = /<p class="posture">(.*)<\/p>/.exec(html)?.[1] ?? '';
  expect(line.replace(/<[^>]+>/g, '')).toBe(
    'Posture: findings 3 critical, 7 high; 7 images never scanned; hosts without agent 2 cwp; 1 of 20 agents offline; baseline 87% passed; latest scan tcss 2h 0m ago; 1 licences expiring',
  );
  expect(html.match(/class="posture"/g)).toHaveLength(1);
});

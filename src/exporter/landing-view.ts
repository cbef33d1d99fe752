import { COLLECTORS } from '../collectors/registry.js';
import type { SeriesStore } from '../metrics/series-store.js';
import type { RoundStatus } from '../scheduler/status.js';
import type {
  AccountView,
  CollectorView,
  FailingAccount,
  LandingSummary,
  PostureView,
  ScanView,
} from '../server/types.js';

/** Accounts per landing page: a few hundred render in a few milliseconds. */
export const ACCOUNTS_PER_PAGE = 250;
/** Failing accounts listed in the summary; the count is always shown. */
export const FAILING_LISTED = 100;

export interface AccountViews {
  readonly summary: LandingSummary;
  readonly page: number;
  readonly pages: number;
  readonly accounts: AccountView[];
}

/**
 * Folds the round statuses and stored samples into the landing page's content: a summary of all
 * accounts (failing ones first) and the full view of one page of them. Linear in accounts and
 * statuses; samples are read for the shown page only.
 */
export function buildAccountViews(
  accountNames: readonly string[],
  store: SeriesStore,
  statuses: readonly RoundStatus[],
  requestedPage = 1,
): AccountViews {
  const byAccount = new Map<string, CollectorView[]>();
  for (const s of statuses) {
    let list = byAccount.get(s.account);
    if (!list) {
      list = [];
      byAccount.set(s.account, list);
    }
    list.push({
      collector: s.collector,
      ok: s.ok,
      lastAttempt: s.lastAttempt,
      lastSuccess: s.lastSuccess,
      lastError: s.lastError,
    });
  }
  const failing: string[] = [];
  const pending: string[] = [];
  const ok: string[] = [];
  for (const name of accountNames) {
    const collectors = byAccount.get(name);
    if (!collectors || collectors.length === 0) pending.push(name);
    else if (collectors.some((c) => !c.ok)) failing.push(name);
    else ok.push(name);
  }
  for (const group of [failing, pending, ok]) group.sort(byCodeUnits);
  const ordered = [...failing, ...pending, ...ok];
  const pages = Math.max(1, Math.ceil(ordered.length / ACCOUNTS_PER_PAGE));
  const page = Math.min(Math.max(1, Math.floor(requestedPage)), pages);
  const failingAccounts: FailingAccount[] = failing.slice(0, FAILING_LISTED).map((account, i) => ({
    account,
    page: Math.floor(i / ACCOUNTS_PER_PAGE) + 1,
    failing: (byAccount.get(account) ?? []).filter((c) => !c.ok),
  }));
  const accounts = ordered.slice((page - 1) * ACCOUNTS_PER_PAGE, page * ACCOUNTS_PER_PAGE).map((account) => ({
    account,
    ...withPosture(store, account),
    scans: scansOf(store, account),
    collectors: byAccount.get(account) ?? [],
  }));
  return {
    summary: {
      accounts: accountNames.length,
      failing: failing.length,
      pending: pending.length,
      failingAccounts,
    },
    page,
    pages,
    accounts,
  };
}

/** Plain code-unit order: localeCompare costs ~100x more and the page does not need collation. */
function byCodeUnits(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Each collector's landing rows (see its definition) from the account's stored samples. */
function scansOf(store: SeriesStore, account: string): ScanView[] {
  return COLLECTORS.flatMap((definition) =>
    definition.landingRows(store.samples(definition.name, account) ?? []),
  );
}

type Mutable<T> = { -readonly [K in keyof T]: T[K] };
const SEVERITY_ORDER = ['critical', 'high', 'medium', 'low'];

/** The account's posture line from its summary series (`tencentcloud_security_*`), if any. */
function withPosture(store: SeriesStore, account: string): { posture?: PostureView } {
  const posture: Mutable<PostureView> = {};
  const add = (record: Record<string, number> | undefined, key: string, value: number) => {
    const target = record ?? {};
    target[key] = (target[key] ?? 0) + value;
    return target;
  };
  let seen = false;
  for (const definition of COLLECTORS) {
    for (const s of store.samples(definition.name, account) ?? []) {
      if (!s.name.startsWith('tencentcloud_security_')) continue;
      seen = true;
      const product = s.labels['product'] ?? '';
      switch (s.name) {
        case 'tencentcloud_security_findings':
          posture.findings = add(
            posture.findings as Record<string, number>,
            s.labels['severity'] ?? '',
            s.value,
          );
          break;
        case 'tencentcloud_security_images_unscanned':
          posture.unscannedImages = s.value;
          break;
        case 'tencentcloud_security_hosts_without_agent':
          posture.hostsWithoutAgent = add(
            posture.hostsWithoutAgent as Record<string, number>,
            product,
            s.value,
          );
          break;
        case 'tencentcloud_security_agents_offline':
          posture.agentsOffline = s.value;
          break;
        case 'tencentcloud_security_agents':
          posture.agents = s.value;
          break;
        case 'tencentcloud_security_baseline_pass_ratio':
          posture.baselinePass = s.value;
          break;
        case 'tencentcloud_security_latest_scan_timestamp_seconds':
          posture.latestScan = { ...posture.latestScan, [product]: s.value };
          break;
        case 'tencentcloud_security_licenses_expiring':
          posture.licencesExpiring = s.value;
          break;
        default:
      }
    }
  }
  if (posture.findings) {
    const f = posture.findings;
    posture.findings = Object.fromEntries(SEVERITY_ORDER.filter((k) => k in f).map((k) => [k, f[k]!]));
  }
  return seen ? { posture } : {};
}

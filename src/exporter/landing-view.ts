import type { ScanSample } from '../metrics/scan-families.js';
import type { CollectorName } from '../metrics/self-metrics.js';
import type { SeriesStore } from '../metrics/series-store.js';
import type { RoundStatus } from '../scheduler/status.js';
import type { AccountView, ScanView } from '../server/types.js';

const COLLECTORS: readonly CollectorName[] = ['tcss_image_scan', 'cwp_scan_state'];

/** Folds the stored samples and round statuses into what the landing page shows per account. */
export function buildAccountViews(
  accountNames: readonly string[],
  store: SeriesStore,
  statuses: readonly RoundStatus[],
): AccountView[] {
  return accountNames.map((account) => {
    const scans = new Map<string, { -readonly [K in keyof ScanView]: ScanView[K] }>();
    for (const collector of COLLECTORS) {
      for (const sample of store.samples(collector, account) ?? []) addSample(scans, sample);
    }
    return {
      account,
      scans: [...scans.values()],
      collectors: statuses
        .filter((s) => s.account === account)
        .map((s) => ({
          collector: s.collector,
          ok: s.ok,
          lastAttempt: s.lastAttempt,
          lastSuccess: s.lastSuccess,
          lastError: s.lastError,
        })),
    };
  });
}

function addSample(
  scans: Map<string, { -readonly [K in keyof ScanView]: ScanView[K] }>,
  sample: ScanSample,
): void {
  const { product = '', scan = '', strategy_id: strategyId, task_id: taskId } = sample.labels;
  const key = `${product}/${scan}/${strategyId ?? ''}/${sample.name === 'tencentcloud_scan_info' ? '' : (taskId ?? '')}`;
  let view = scans.get(key);
  if (!view) {
    view = { product, scan, strategyId };
    scans.set(key, view);
  }
  switch (sample.name) {
    case 'tencentcloud_scan_state':
      if (sample.value === 1) view.state = sample.labels.state;
      break;
    case 'tencentcloud_scan_progress_ratio':
      view.progress = sample.value;
      break;
    case 'tencentcloud_scan_risks':
      view.risks = sample.value;
      break;
    case 'tencentcloud_scan_remaining_seconds':
      view.remainingSeconds = sample.value;
      break;
    case 'tencentcloud_scan_end_timestamp_seconds':
      view.endTimestamp = sample.value;
      break;
    default:
  }
}

/** PromQL building blocks: the variable filters and the scan-state encoding shared by several panels. */

/** Matchers for the scan metrics (all carry account, product and scan). */
export const SCAN_FILTER = 'job=~"$job", account=~"$account", product=~"$product", scan=~"$scan"';
/** Matchers for the summary metrics (`tencentcloud_security_*`: account and product, no scan). */
export const POSTURE_FILTER = 'job=~"$job", account=~"$account", product=~"$product"';
/** Matchers for the exporter's per-account self-metrics. */
export const ACCOUNT_FILTER = 'job=~"$job", account=~"$account"';
/** Matchers for series that only carry the target labels. */
export const JOB_FILTER = 'job=~"$job"';

/**
 * The labels that identify one scan; `strategy_id` only exists on CWP baseline series,
 * `asset_type` only on TCSS compliance series.
 */
export const SCAN_KEY = 'account, product, scan, strategy_id, asset_type';
/** Legend naming one scan. */
export const SCAN_LEGEND = '{{account}} {{product}}/{{scan}} {{strategy_id}}{{asset_type}}';

/**
 * The states of `tencentcloud_scan_state`, numbered like CWP's ScanState (0-4), then the states
 * only TCSS reports, so one number per scan can be drawn and mapped to a word and a colour.
 */
export const SCAN_STATES = [
  { state: 'never_scanned', code: 0, text: 'Never scanned', color: 'purple' },
  { state: 'scanning', code: 1, text: 'Scanning', color: 'blue' },
  { state: 'completed', code: 2, text: 'Completed', color: 'green' },
  { state: 'stopping', code: 3, text: 'Stopping', color: 'orange' },
  { state: 'stopped', code: 4, text: 'Stopped', color: 'yellow' },
  { state: 'unknown', code: 5, text: 'Unknown', color: 'dark-red' },
  { state: 'pending', code: 6, text: 'Preparing', color: 'light-blue' },
  { state: 'failed', code: 7, text: 'Failed', color: 'red' },
] as const;

/** One series per scan whose value is the code of its current state (the state-set series that is 1). */
export function scanStateCodeExpr(): string {
  const terms = SCAN_STATES.map(
    ({ state, code }) => `(tencentcloud_scan_state{${SCAN_FILTER}, state="${state}"} == 1) * ${code}`,
  );
  return `max by (${SCAN_KEY}) (\n  ${terms.join('\n  or ')}\n)`;
}

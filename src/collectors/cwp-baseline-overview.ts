import {
  type BaselineDetectOverview,
  DESCRIBE_BASELINE_DETECT_OVERVIEW,
  describeBaselineDetectOverview,
} from '../tencentcloud/apis/cwp-summary.js';
import type { FieldRow } from './definition.js';
import { defineSummaryCollector } from './summary.js';

/** CWP DescribeBaselineDetectOverview → baseline pass rate, hosts checked, latest item results. */
export const BASELINE_OVERVIEW_FIELD_TABLE: readonly FieldRow<BaselineDetectOverview>[] = [
  { metric: 'tencentcloud_security_baseline_pass_ratio', field: 'PassRate', kind: 'number', divisor: 100 },
  { metric: 'tencentcloud_security_baseline_hosts', field: 'HostCount', kind: 'number' },
  {
    metric: 'tencentcloud_security_baseline_items',
    field: 'LatestPassCount',
    kind: 'number',
    labels: ['result'],
    constLabels: { result: 'passed' },
  },
  {
    metric: 'tencentcloud_security_baseline_items',
    field: 'LatestNotPassCount',
    kind: 'number',
    labels: ['result'],
    constLabels: { result: 'failed' },
  },
];

export const cwpBaselineOverview = defineSummaryCollector({
  name: 'cwp_baseline_overview',
  product: 'cwp',
  description:
    'CWP baseline pass rate, hosts checked, latest passed and failed items (DescribeBaselineDetectOverview)',
  second: 25,
  action: DESCRIBE_BASELINE_DETECT_OVERVIEW,
  fetch: describeBaselineDetectOverview,
  metrics: {
    tencentcloud_security_baseline_pass_ratio: 'Baseline check pass rate, 0 to 1 (CWP PassRate / 100).',
    tencentcloud_security_baseline_hosts: 'Hosts checked against baselines (CWP HostCount).',
    tencentcloud_security_baseline_items:
      'Baseline items of the latest check by result: passed, failed (CWP).',
  },
  rows: BASELINE_OVERVIEW_FIELD_TABLE,
});

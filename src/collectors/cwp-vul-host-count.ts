import {
  DESCRIBE_VUL_HOST_COUNT_SCAN_TIME,
  describeVulHostCountScanTime,
  type VulHostCountScanTime,
} from '../tencentcloud/apis/cwp-summary.js';
import type { FieldRow } from './definition.js';
import { sharedMetrics } from './shared-metrics.js';
import { defineSummaryCollector } from './summary.js';

/** CWP DescribeVulHostCountScanTime → vulnerabilities, affected hosts, latest scan and fix. */
export const VUL_HOST_FIELD_TABLE: readonly FieldRow<VulHostCountScanTime>[] = [
  { metric: 'tencentcloud_security_vulnerabilities', field: 'TotalVulCount', kind: 'number' },
  { metric: 'tencentcloud_security_vulnerable_hosts', field: 'VulHostCount', kind: 'number' },
  { metric: 'tencentcloud_security_latest_scan_timestamp_seconds', field: 'ScanTime', kind: 'time' },
  { metric: 'tencentcloud_security_latest_fix_timestamp_seconds', field: 'LastFixTime', kind: 'time' },
];

export const cwpVulHostCount = defineSummaryCollector({
  name: 'cwp_vul_host_count',
  product: 'cwp',
  description:
    'CWP vulnerabilities, affected hosts, latest vulnerability scan and fix (DescribeVulHostCountScanTime)',
  second: 15,
  action: DESCRIBE_VUL_HOST_COUNT_SCAN_TIME,
  fetch: describeVulHostCountScanTime,
  metrics: {
    ...sharedMetrics('tencentcloud_security_latest_scan_timestamp_seconds'),
    tencentcloud_security_vulnerabilities: 'Host vulnerabilities in total (CWP TotalVulCount).',
    tencentcloud_security_vulnerable_hosts: 'Hosts affected by vulnerabilities (CWP VulHostCount).',
    tencentcloud_security_latest_fix_timestamp_seconds:
      'Latest vulnerability fix, unix seconds (CWP LastFixTime).',
  },
  rows: VUL_HOST_FIELD_TABLE,
});

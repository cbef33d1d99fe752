import { API_ACTIONS, type ResponseField } from '../api-models/actions.js';
import {
  callModel,
  contextOf,
  count,
  type FieldRules,
  parseFields,
  time,
} from '../tencentcloud/apis/fields.js';
import type { Parsed } from '../tencentcloud/apis/types.js';
import type { ApiCaller, CallOptions } from '../tencentcloud/types.js';
import type { FieldRow } from './definition.js';
import { defineSummaryCollector } from './summary.js';

// A collector of one small action keeps its parser here, on the shared parsing helpers.
const DESCRIBE_VUL_HOST_COUNT_SCAN_TIME = API_ACTIONS.DescribeVulHostCountScanTime;

/** CWP DescribeVulHostCountScanTime (2018-02-28): the fields that become metrics. */
export interface VulHostCountScanTime {
  readonly TotalVulCount: number;
  readonly VulHostCount: number;
  readonly ScanTime: string;
  readonly LastFixTime: string;
}

const VUL_HOST_RULES: FieldRules<VulHostCountScanTime, ResponseField<'DescribeVulHostCountScanTime'>> = {
  TotalVulCount: count(),
  VulHostCount: count(),
  ScanTime: time(),
  LastFixTime: time(),
};

export async function describeVulHostCountScanTime(
  caller: ApiCaller,
  options?: CallOptions,
): Promise<Parsed<VulHostCountScanTime>> {
  const response = await callModel(caller, 'DescribeVulHostCountScanTime', {}, options);
  return parseFields(response, VUL_HOST_RULES, contextOf(caller, DESCRIBE_VUL_HOST_COUNT_SCAN_TIME));
}

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
    tencentcloud_security_vulnerabilities: 'Host vulnerabilities in total (CWP TotalVulCount).',
    tencentcloud_security_vulnerable_hosts: 'Hosts affected by vulnerabilities (CWP VulHostCount).',
    tencentcloud_security_latest_fix_timestamp_seconds:
      'Latest vulnerability fix, unix seconds (CWP LastFixTime).',
  },
  rows: VUL_HOST_FIELD_TABLE,
});

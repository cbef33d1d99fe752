import {
  DESCRIBE_VUL_LEVEL_COUNT,
  describeVulLevelCount,
  type VulLevelCount,
} from '../tencentcloud/apis/cwp-summary.js';
import type { FieldRow } from './definition.js';
import { defineSummaryCollector } from './summary.js';

/** CWP DescribeVulLevelCount → host vulnerabilities by severity (VulLevel 1 low … 4 critical). */
export const VUL_LEVEL_FIELD_TABLE: readonly FieldRow<VulLevelCount>[] = [
  {
    metric: 'tencentcloud_security_findings',
    field: 'VulLevelList',
    kind: 'severities',
    labels: ['kind', 'severity'],
    constLabels: { kind: 'vulnerability' },
  },
];

export const cwpVulLevelCount = defineSummaryCollector({
  name: 'cwp_vul_level_count',
  product: 'cwp',
  description: 'CWP host vulnerabilities by severity (DescribeVulLevelCount)',
  second: 10,
  action: DESCRIBE_VUL_LEVEL_COUNT,
  fetch: describeVulLevelCount,
  metrics: {},
  rows: VUL_LEVEL_FIELD_TABLE,
});

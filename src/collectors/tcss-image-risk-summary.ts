import {
  DESCRIBE_IMAGE_RISK_SUMMARY,
  describeImageRiskSummary,
  type ImageRiskSummary,
} from '../tencentcloud/apis/tcss-summary.js';
import type { FieldRow } from './definition.js';
import { defineSummaryCollector } from './summary.js';

/** TCSS DescribeImageRiskSummary → findings in images by kind and severity. */
export const IMAGE_RISK_FIELD_TABLE: readonly FieldRow<ImageRiskSummary>[] = [
  {
    metric: 'tencentcloud_security_findings',
    field: 'VulnerabilityCnt',
    kind: 'severities',
    labels: ['kind', 'severity'],
    constLabels: { kind: 'vulnerability' },
  },
  {
    metric: 'tencentcloud_security_findings',
    field: 'MalwareVirusCnt',
    kind: 'severities',
    labels: ['kind', 'severity'],
    constLabels: { kind: 'malware' },
  },
  {
    metric: 'tencentcloud_security_findings',
    field: 'RiskCnt',
    kind: 'severities',
    labels: ['kind', 'severity'],
    constLabels: { kind: 'sensitive_data' },
  },
];

export const tcssImageRiskSummary = defineSummaryCollector({
  name: 'tcss_image_risk_summary',
  product: 'tcss',
  description: 'TCSS findings in images by kind and severity (DescribeImageRiskSummary)',
  second: 0,
  action: DESCRIBE_IMAGE_RISK_SUMMARY,
  fetch: describeImageRiskSummary,
  metrics: {},
  rows: IMAGE_RISK_FIELD_TABLE,
});

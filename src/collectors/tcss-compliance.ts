import { z } from 'zod';
import type { ScanSample, ScanStateName } from '../metrics/scan-families.js';
import {
  type ComplianceAssetType,
  DESCRIBE_COMPLIANCE_TASK_ASSET_SUMMARY,
  describeComplianceTaskAssetSummary,
} from '../tencentcloud/apis/tcss.js';
import type { ComplianceAssetSummary, FieldIssue } from '../tencentcloud/apis/types.js';
import { type CollectContext, type Collector, oneCallScan, reportIssues } from './collector.js';
import { defineCollector, distinct, type FieldRow } from './definition.js';
import { type Labels, stateFromTable, stateSamples, valueSamples } from './field-table.js';
import { TCSS_TIMEZONE } from './tcss-image-scan.js';

const ASSET = ['asset_type'] as const;

/** A count told apart by `result`: its passed and its failed row. */
function byResult(
  metric: string,
  passed: keyof ComplianceAssetSummary,
  failed: keyof ComplianceAssetSummary,
): FieldRow<ComplianceAssetSummary>[] {
  return (
    [
      [passed, 'passed'],
      [failed, 'failed'],
    ] as const
  ).map(
    ([field, result]): FieldRow<ComplianceAssetSummary> => ({
      metric,
      field,
      kind: 'number',
      labels: [...ASSET, 'result'],
      constLabels: { result },
    }),
  );
}

/**
 * TCSS DescribeComplianceTaskAssetSummary → metrics, one set per entry of `AssetSummaryList`
 * (label `asset_type`). The README's metrics table is checked against this.
 */
export const COMPLIANCE_FIELD_TABLE: readonly FieldRow<ComplianceAssetSummary>[] = [
  {
    metric: 'tencentcloud_scan_progress_ratio',
    field: 'CheckProgress',
    kind: 'number',
    divisor: 100,
    labels: ASSET,
  },
  { metric: 'tencentcloud_scan_remaining_seconds', field: 'LeftTime', kind: 'number', labels: ASSET },
  {
    metric: 'tencentcloud_scan_start_timestamp_seconds',
    field: 'LastCheckTime',
    kind: 'time',
    labels: ASSET,
  },
  // LastCheckTime + CheckCostTime: the API has no end time of its own.
  {
    metric: 'tencentcloud_scan_end_timestamp_seconds',
    field: 'CheckCostTime',
    kind: 'derived',
    labels: ASSET,
  },
  {
    metric: 'tencentcloud_scan_assets_passed_ratio',
    field: 'AssetPassedRate',
    kind: 'number',
    divisor: 100,
    labels: ASSET,
  },
  ...byResult('tencentcloud_scan_assets', 'PassedAssetCount', 'FailedAssetCount'),
  {
    metric: 'tencentcloud_scan_assets_scan_failed',
    field: 'ScanFailedAssetCount',
    kind: 'number',
    labels: ASSET,
  },
  ...byResult('tencentcloud_scan_policy_items', 'PassedPolicyItemCount', 'FailedPolicyItemCount'),
  ...(
    [
      ['FailedCriticalPolicyItemCount', 'critical'],
      ['FailedHighRiskPolicyItemCount', 'high'],
      ['FailedMediumRiskPolicyItemCount', 'medium'],
      ['FailedLowRiskPolicyItemCount', 'low'],
    ] as const
  ).map(
    ([field, severity]): FieldRow<ComplianceAssetSummary> => ({
      metric: 'tencentcloud_scan_failed_policy_items',
      field,
      kind: 'number',
      labels: [...ASSET, 'severity'],
      constLabels: { severity },
    }),
  ),
  { metric: 'tencentcloud_scan_state', field: 'CheckStatus', kind: 'state', labels: ASSET },
  { metric: 'tencentcloud_scan_info', field: 'CheckStatus', kind: 'info', labels: [...ASSET, 'status'] },
];

const COMPLIANCE_STATES: Readonly<Record<string, ScanStateName>> = {
  CHECK_UNINIT: 'never_scanned',
  CHECK_INIT: 'pending',
  CHECK_RUNNING: 'scanning',
  CHECK_FINISHED: 'completed',
  CHECK_FAILED: 'failed',
};

export const complianceState = stateFromTable(COMPLIANCE_STATES);

/** The `asset_type` label values and the `AssetTypeSet` value each stands for. */
export const ASSET_TYPES = {
  container: 'ASSET_CONTAINER',
  image: 'ASSET_IMAGE',
  host: 'ASSET_HOST',
  k8s: 'ASSET_K8S',
} as const satisfies Record<string, ComplianceAssetType>;
export type AssetTypeLabel = keyof typeof ASSET_TYPES;
const ASSET_LABELS = Object.keys(ASSET_TYPES) as AssetTypeLabel[];
const LABEL_OF: ReadonlyMap<string, AssetTypeLabel> = new Map(ASSET_LABELS.map((l) => [ASSET_TYPES[l], l]));

/** The samples of one entry: its values, its end (start + cost), its state and its info. */
function summarySamples(summary: Partial<ComplianceAssetSummary>, labels: Labels): ScanSample[] {
  const samples = valueSamples(COMPLIANCE_FIELD_TABLE, summary, labels, TCSS_TIMEZONE);
  const start = samples.find((s) => s.name === 'tencentcloud_scan_start_timestamp_seconds');
  if (start !== undefined && summary.CheckCostTime !== undefined) {
    samples.push({
      name: 'tencentcloud_scan_end_timestamp_seconds',
      labels,
      value: start.value + summary.CheckCostTime,
    });
  }
  samples.push(...stateSamples(complianceState(summary.CheckStatus), labels));
  samples.push({
    name: 'tencentcloud_scan_info',
    labels: { ...labels, status: summary.CheckStatus ?? '' },
    value: 1,
  });
  return samples;
}

export interface TcssComplianceOptions {
  readonly asset_types: readonly AssetTypeLabel[];
}

const UNIT = { product: 'tcss', scan: 'compliance' } as const;

/**
 * One call per round for every configured asset type (the API answers them together, so they
 * stand or fall together). An entry of an asset type that was not asked for, or one the contract
 * does not name, is a field issue and gives no series (the `asset_type` label stays bounded).
 */
export function createTcssComplianceCollector(options: TcssComplianceOptions): Collector {
  const wanted = new Set<string>(options.asset_types);
  return {
    name: 'tcss_compliance',
    async collect(context: CollectContext): Promise<ScanSample[]> {
      const { caller } = context;
      return oneCallScan(
        context,
        { unit: UNIT, what: 'compliance check', collector: 'tcss_compliance' },
        (callOptions) =>
          describeComplianceTaskAssetSummary(
            caller,
            options.asset_types.map((t) => ASSET_TYPES[t]),
            callOptions,
          ),
        (answer) => {
          const issues: FieldIssue[] = [...answer.issues];
          const samples: ScanSample[] = [];
          const seen = new Set<string>();
          (answer.value.summaries ?? []).forEach(({ value: summary }, i) => {
            const label = summary.AssetType === undefined ? undefined : LABEL_OF.get(summary.AssetType);
            if (label === undefined || !wanted.has(label) || seen.has(label)) {
              issues.push({
                field: 'AssetSummaryList[].AssetType',
                problem: `entry ${i}: expected one of ${options.asset_types.map((t) => ASSET_TYPES[t]).join(', ')} (once each), got ${JSON.stringify(summary.AssetType ?? null)}`,
              });
              return;
            }
            seen.add(label);
            samples.push(...summarySamples(summary, { account: caller.account, ...UNIT, asset_type: label }));
          });
          reportIssues(context, 'DescribeComplianceTaskAssetSummary', issues);
          return samples;
        },
      );
    },
  };
}

export const tcssCompliance = defineCollector({
  name: 'tcss_compliance',
  product: 'tcss',
  description:
    'TCSS compliance checks per asset type: state, pass rate, failed assets and policy items (DescribeComplianceTaskAssetSummary)',
  defaults: { enabled: false, schedule: '0 */5 * * * *', timeout_seconds: 30 },
  options: {
    asset_types: z
      .array(z.enum(ASSET_LABELS))
      .min(1, { error: 'must list at least one asset type (set enabled: false to turn the collector off)' })
      .check(distinct('must not list an asset type twice'))
      .default([...ASSET_LABELS]),
  },
  actions: [DESCRIBE_COMPLIANCE_TASK_ASSET_SUMMARY],
  metrics: {
    tencentcloud_scan_assets:
      'Assets of the latest TCSS compliance check that passed or failed it, by result (PassedAssetCount, FailedAssetCount).',
    tencentcloud_scan_assets_scan_failed:
      'Assets the latest TCSS compliance check could not check (ScanFailedAssetCount).',
    tencentcloud_scan_assets_passed_ratio:
      'Share of assets that passed the latest TCSS compliance check, 0 to 1 (AssetPassedRate / 100).',
    tencentcloud_scan_policy_items:
      'Policy items of the latest TCSS compliance check that passed or failed, by result (PassedPolicyItemCount, FailedPolicyItemCount).',
    tencentcloud_scan_failed_policy_items:
      'Failed policy items of the latest TCSS compliance check, by severity (FailedCriticalPolicyItemCount, FailedHighRiskPolicyItemCount, FailedMediumRiskPolicyItemCount, FailedLowRiskPolicyItemCount).',
  },
  fields: [{ action: DESCRIBE_COMPLIANCE_TASK_ASSET_SUMMARY, rows: COMPLIANCE_FIELD_TABLE }],
  create: createTcssComplianceCollector,
});

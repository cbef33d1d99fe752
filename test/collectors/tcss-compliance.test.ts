import {
  COMPLIANCE_FIELD_TABLE,
  complianceState,
  createTcssComplianceCollector,
  tcssCompliance,
} from '../../src/collectors/tcss-compliance.js';
import { furtherScanCases } from './further-scan-cases.js';
import { byName, expectEveryRowSampled, simulatorPerTest } from './simulator-fixture.js';

const STATE_TABLE: [string, string][] = [
  ['CHECK_UNINIT', 'never_scanned'],
  ['CHECK_INIT', 'pending'],
  ['CHECK_RUNNING', 'scanning'],
  ['CHECK_FINISHED', 'completed'],
  ['CHECK_FAILED', 'failed'],
  ['CHECK_PAUSED', 'unknown'],
];

test.each(STATE_TABLE)('CheckStatus %s → %s', (status, state) => {
  expect(complianceState(status)).toBe(state);
});

const ALL = ['container', 'image', 'host', 'k8s'] as const;

function summary(type: string, overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    AssetType: type,
    IsCustomerFirstCheck: false,
    CheckStatus: 'CHECK_RUNNING',
    CheckProgress: 12.5,
    PassedPolicyItemCount: 30,
    FailedPolicyItemCount: 10,
    FailedCriticalPolicyItemCount: 1,
    FailedHighRiskPolicyItemCount: 2,
    FailedMediumRiskPolicyItemCount: 3,
    FailedLowRiskPolicyItemCount: 4,
    NoticePolicyItemCount: 2,
    PassedAssetCount: 8,
    FailedAssetCount: 3,
    AssetPassedRate: 72.72,
    ScanFailedAssetCount: 1,
    CheckCostTime: 90,
    LastCheckTime: '2026-11-30 09:00:00',
    LeftTime: 40,
    ...overrides,
  };
}

describe('compliance collector: what every further scan does', () => {
  furtherScanCases({
    collector: 'tcss_compliance',
    what: 'compliance check',
    unit: { product: 'tcss', scan: 'compliance' },
    create: () => createTcssComplianceCollector({ asset_types: ['image'] }),
    withStatus: (status) => ({ AssetSummaryList: [summary('ASSET_IMAGE', { CheckStatus: status })] }),
    states: STATE_TABLE,
  });
});

describe('compliance collector (against the simulator)', () => {
  const fixture = simulatorPerTest();
  const collect = (
    assetTypes: readonly (typeof ALL)[number][] = ALL,
    onFieldIssue?: (action: string, issue: { field: string; problem: string }) => void,
  ) => fixture.collect(createTcssComplianceCollector({ asset_types: assetTypes }), onFieldIssue);

  test('one series set per asset type: every field, its fixed labels, the end from start + cost', async () => {
    fixture.sim.setFault('acme', {
      fault: {
        kind: 'fields',
        fields: {
          AssetSummaryList: [summary('ASSET_HOST'), summary('ASSET_K8S', { CheckStatus: 'CHECK_FINISHED' })],
        },
      },
    });
    const samples = await collect(['host', 'k8s']);
    expectEveryRowSampled(samples, COMPLIANCE_FIELD_TABLE);
    const host = samples.filter((s) => s.labels.asset_type === 'host');
    const value = (name: string, extra: Record<string, string> = {}) =>
      host.find((s) => s.name === name && Object.entries(extra).every(([k, v]) => s.labels[k] === v))?.value;
    expect(value('tencentcloud_scan_progress_ratio')).toBeCloseTo(0.125, 12);
    expect(value('tencentcloud_scan_assets_passed_ratio')).toBeCloseTo(0.7272, 12);
    expect(value('tencentcloud_scan_assets', { result: 'passed' })).toBe(8);
    expect(value('tencentcloud_scan_assets', { result: 'failed' })).toBe(3);
    expect(value('tencentcloud_scan_assets_scan_failed')).toBe(1);
    expect(value('tencentcloud_scan_policy_items', { result: 'failed' })).toBe(10);
    for (const [severity, n] of [
      ['critical', 1],
      ['high', 2],
      ['medium', 3],
      ['low', 4],
    ] as const)
      expect(value('tencentcloud_scan_failed_policy_items', { severity })).toBe(n);
    const start = value('tencentcloud_scan_start_timestamp_seconds')!;
    expect(start).toBe(Date.UTC(2026, 10, 30, 1) / 1000);
    expect(value('tencentcloud_scan_end_timestamp_seconds')).toBe(start + 90);
    expect(value('tencentcloud_scan_remaining_seconds')).toBe(40);
    const states = Object.fromEntries(
      byName(samples, 'tencentcloud_scan_state')
        .filter((s) => s.value === 1)
        .map((s) => [s.labels.asset_type, s.labels.state]),
    );
    expect(states).toEqual({ host: 'scanning', k8s: 'completed' });
    expect(byName(samples, 'tencentcloud_scan_info').map((s) => s.labels)).toEqual([
      { account: 'acme', product: 'tcss', scan: 'compliance', asset_type: 'host', status: 'CHECK_RUNNING' },
      { account: 'acme', product: 'tcss', scan: 'compliance', asset_type: 'k8s', status: 'CHECK_FINISHED' },
    ]);
  });

  test('sends AssetTypeSet for the configured types; the simulator answers those', async () => {
    const samples = await collect(['container', 'k8s']);
    expect(new Set(samples.map((s) => s.labels.asset_type))).toEqual(new Set(['container', 'k8s']));
  });

  test('entries of a type not asked for, unknown, repeated or not objects are issues and give no series', async () => {
    fixture.sim.setFault('acme', {
      fault: {
        kind: 'fields',
        fields: {
          AssetSummaryList: [
            summary('ASSET_HOST'),
            summary('ASSET_VM'),
            summary('ASSET_HOST'),
            summary('ASSET_IMAGE'),
            'x',
          ],
        },
      },
    });
    const issues: string[] = [];
    const samples = await collect(['host'], (action, issue) => issues.push(`${action}.${issue.field}`));
    expect(new Set(samples.map((s) => s.labels.asset_type))).toEqual(new Set(['host']));
    expect(issues.sort()).toEqual(
      [
        'DescribeComplianceTaskAssetSummary.AssetSummaryList[].AssetType',
        'DescribeComplianceTaskAssetSummary.AssetSummaryList[].AssetType',
        'DescribeComplianceTaskAssetSummary.AssetSummaryList[].AssetType',
        'DescribeComplianceTaskAssetSummary.AssetSummaryList[]',
      ].sort(),
    );
  });

  test('an AssetSummaryList that is not a list fails the round as an invalid response', async () => {
    fixture.sim.setFault('acme', {
      fault: { kind: 'fields', fields: { AssetSummaryList: { ASSET_HOST: 1 } } },
    });
    await expect(collect()).rejects.toMatchObject({ code: 'InvalidResponse' });
  });

  test('config: every asset type by default, none twice, at least one', () => {
    expect(tcssCompliance.config.parse({})).toMatchObject({ enabled: false, asset_types: [...ALL] });
    expect(tcssCompliance.config.safeParse({ asset_types: [] }).success).toBe(false);
    expect(tcssCompliance.config.safeParse({ asset_types: ['host', 'host'] }).success).toBe(false);
    expect(tcssCompliance.config.safeParse({ asset_types: ['vm'] }).success).toBe(false);
  });
});

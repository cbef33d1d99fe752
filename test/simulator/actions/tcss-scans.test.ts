import type { AccountRecord } from '../../../src/simulator/accounts.js';
import {
  COMPLIANCE_ASSET_TYPES,
  complianceScanKey,
  complianceSizes,
  complianceSummary,
  containerTotal,
  registryImageTotal,
  VIRUS_SCAN,
  VUL_SCAN,
  virusScanFields,
  virusTaskId,
  vulScanFields,
  vulTaskIds,
} from '../../../src/simulator/actions/tcss-scans.js';
import { scanSeed, scanSnapshot } from '../../../src/simulator/scan-model.js';
import { ALICE, START_MS, TIMING, useTestSimulator, withoutRequestId } from '../fixture.js';
import { codeOf } from '../sign-helper.js';

const VIRUS = 'DescribeVirusScanTaskStatus';
const VUL = 'DescribeVulScanInfo';
const COMPLIANCE = 'DescribeComplianceTaskAssetSummary';
const simulator = useTestSimulator();

/** The model values without the nulls (JSON keeps them; toEqual treats null and absent apart). */
const asJson = (value: unknown) => JSON.parse(JSON.stringify(value)) as Record<string, unknown>;

/** A cycle long enough to see every phase, including stopped cycles, for many accounts. */
const SECONDS = Array.from({ length: 60 }, (_, i) => i * 5);

function recordOf(name: string): AccountRecord {
  return {
    name,
    secretId: `AKID${name}`,
    secretKey: 'k',
    uin: '1',
    imageTotal: 120,
    baselineStrategyIds: [],
    disabledBaselineStrategyIds: [],
  };
}

describe('DescribeVirusScanTaskStatus', () => {
  it('answers the model state of the latest scan over a cycle, with coherent counts', async () => {
    for (const second of SECONDS.slice(0, 20)) {
      simulator().clock.ms = START_MS + second * 1000;
      const fields = withoutRequestId((await simulator().call(VIRUS)).response);
      const snapshot = scanSnapshot('alice', VIRUS_SCAN, simulator().clock.ms, TIMING);
      expect(fields).toEqual(asJson(virusScanFields(containerTotal('alice'), snapshot, TIMING)));
      const n = fields as Record<string, number>;
      expect(n['ContainerScanCnt']).toBeLessThanOrEqual(n['ContainerTotal']!);
      expect(n['RiskContainerCnt']).toBeLessThanOrEqual(n['ContainerScanCnt']!);
      expect(n['RiskCnt']).toBeGreaterThanOrEqual(n['RiskContainerCnt']!);
      expect(n['Schedule']).toBe(Math.floor((n['ContainerScanCnt']! * 100) / n['ContainerTotal']!));
    }
  });

  it('reaches every status of the model comment on the scan clock', () => {
    const seen = new Set<unknown>();
    for (let a = 0; a < 40; a++)
      for (let second = 0; second < 400; second += 2) {
        const snapshot = scanSnapshot(`acct-${a}`, VIRUS_SCAN, START_MS + second * 1000, TIMING);
        seen.add(virusScanFields(50, snapshot, TIMING).Status);
      }
    expect([...seen].sort()).toEqual(
      ['SCAN_CANCELED', 'SCAN_CANCELING', 'SCAN_FINISH', 'SCAN_NONE', 'SCAN_SCANNING', 'SCAN_TIMEOUT'].sort(),
    );
  });

  it('has no times and no trigger before the first scan, an end only once it ended', () => {
    const fresh = Array.from({ length: 80 }, (_, i) => `fresh-${i}`).find(
      (n) => scanSeed(n, VIRUS_SCAN) % 4 === 0,
    )!;
    const never = virusScanFields(30, scanSnapshot(fresh, VIRUS_SCAN, START_MS, TIMING), TIMING);
    expect(never).toMatchObject({ Status: 'SCAN_NONE', StartTime: null, EndTime: null, ScanType: null });
    for (let second = 0; second < 200; second += 1) {
      const snapshot = scanSnapshot('alice', VIRUS_SCAN, START_MS + second * 1000, TIMING);
      const fields = virusScanFields(30, snapshot, TIMING);
      expect(fields.EndTime === null).toBe(
        ['SCAN_SCANNING', 'SCAN_CANCELING', 'SCAN_NONE'].includes(fields.Status!),
      );
      if (fields.ScanType !== null) expect(['CYCLE', 'MANUAL']).toContain(fields.ScanType);
    }
  });

  it('answers ResourceNotFound for a TaskID that is not the latest, and accepts the latest', async () => {
    simulator().clock.ms = START_MS + 120_000;
    expect(codeOf(await simulator().call(VIRUS, { TaskID: 'virusscan-00000000-1' }))).toBe(
      'ResourceNotFound',
    );
    const cycle = scanSnapshot('alice', VIRUS_SCAN, simulator().clock.ms, TIMING).cycle;
    expect(codeOf(await simulator().call(VIRUS, { TaskID: virusTaskId('alice', cycle) }))).toBe('Success');
    expect(codeOf(await simulator().call(VIRUS, { TaskID: 7 }))).toBe('InvalidParameter');
  });
});

describe('DescribeVulScanInfo', () => {
  it('answers the model state over a cycle: fractional progress consistent with the images scanned', async () => {
    for (const second of SECONDS.slice(0, 20)) {
      simulator().clock.ms = START_MS + second * 1000;
      const fields = withoutRequestId((await simulator().call(VUL)).response);
      const snapshot = scanSnapshot('alice', VUL_SCAN, simulator().clock.ms, TIMING);
      const account = recordOf('alice');
      expect(fields).toEqual(
        asJson(vulScanFields({ ...account, imageTotal: ALICE.imageTotal! }, snapshot, TIMING)),
      );
      const n = fields as Record<string, number>;
      if (fields['Status'] !== 'NOT_SCAN') {
        expect(n['LocalImageScanCount']).toBe(250);
        expect(n['RegistryImageScanCount']).toBe(registryImageTotal('alice'));
        const total = n['LocalImageScanCount']! + n['RegistryImageScanCount']!;
        const scanned = Math.floor((total * n['ScanProgress']!) / 100 + 1e-9);
        expect(n['FoundRiskImageCount']).toBeLessThanOrEqual(scanned);
        expect(n['FoundRiskImageCount']).toBeLessThanOrEqual(
          n['FoundVulCount']! + n['RegistryFoundVulCount']!,
        );
      }
    }
  });

  it('reaches every status of the model comment on the scan clock', () => {
    const seen = new Set<unknown>();
    for (let a = 0; a < 40; a++)
      for (let second = 0; second < 400; second += 2) {
        const snapshot = scanSnapshot(`acct-${a}`, VUL_SCAN, START_MS + second * 1000, TIMING);
        seen.add(vulScanFields(recordOf(`acct-${a}`), snapshot, TIMING).Status);
      }
    expect([...seen].sort()).toEqual(['CANCELED', 'NOT_SCAN', 'SCANNED', 'SCANNING']);
  });

  it('checks the optional task ids: integers, and only the latest ones exist', async () => {
    simulator().clock.ms = START_MS + 120_000;
    const { cycle } = scanSnapshot('alice', VUL_SCAN, simulator().clock.ms, TIMING);
    const ids = vulTaskIds('alice', cycle);
    expect(
      codeOf(await simulator().call(VUL, { LocalTaskID: ids.local, RegistryTaskID: ids.registry })),
    ).toBe('Success');
    expect(codeOf(await simulator().call(VUL, { LocalTaskID: ids.local + 2 }))).toBe('ResourceNotFound');
    expect(codeOf(await simulator().call(VUL, { LocalTaskID: '1' }))).toBe('InvalidParameter');
    expect(codeOf(await simulator().call(VUL, { TaskID: 1 }))).toBe('UnknownParameter');
  });
});

describe('DescribeComplianceTaskAssetSummary', () => {
  it('requires AssetTypeSet, a non-empty array of the four asset types', async () => {
    expect(codeOf(await simulator().call(COMPLIANCE, {}))).toBe('MissingParameter');
    expect(codeOf(await simulator().call(COMPLIANCE, { AssetTypeSet: 'ASSET_HOST' }))).toBe(
      'InvalidParameter',
    );
    expect(codeOf(await simulator().call(COMPLIANCE, { AssetTypeSet: [] }))).toBe('InvalidParameterValue');
    expect(codeOf(await simulator().call(COMPLIANCE, { AssetTypeSet: ['ASSET_VM'] }))).toBe(
      'InvalidParameterValue',
    );
  });

  it('answers one summary per asset type asked for, each on its own clock, with coherent counts', async () => {
    for (const second of SECONDS.slice(0, 20)) {
      simulator().clock.ms = START_MS + second * 1000;
      const fields = withoutRequestId(
        (await simulator().call(COMPLIANCE, { AssetTypeSet: [...COMPLIANCE_ASSET_TYPES] })).response,
      );
      expect(fields['Status']).toBe('USER_NORMAL');
      const list = fields['AssetSummaryList'] as Record<string, unknown>[];
      expect(list.map((s) => s['AssetType'])).toEqual([...COMPLIANCE_ASSET_TYPES]);
      for (const summary of list) {
        const type = summary['AssetType'] as string;
        const n = (key: string): number => summary[key] as number;
        const snapshot = scanSnapshot('alice', complianceScanKey(type), simulator().clock.ms, TIMING);
        expect(summary).toEqual(asJson(complianceSummary('alice', type, snapshot, TIMING)));
        const { assets, items } = complianceSizes('alice', type);
        const checked = n('PassedAssetCount') + n('FailedAssetCount') + n('ScanFailedAssetCount');
        expect(checked).toBeLessThanOrEqual(assets);
        expect(n('PassedPolicyItemCount') + n('FailedPolicyItemCount')).toBeLessThanOrEqual(items);
        expect(
          n('FailedCriticalPolicyItemCount') +
            n('FailedHighRiskPolicyItemCount') +
            n('FailedMediumRiskPolicyItemCount') +
            n('FailedLowRiskPolicyItemCount'),
        ).toBe(n('FailedPolicyItemCount'));
        expect('CheckProgress' in summary).toBe(summary['CheckStatus'] === 'CHECK_RUNNING');
        const evaluated = n('PassedAssetCount') + n('FailedAssetCount');
        if (evaluated > 0) {
          expect(n('AssetPassedRate')).toBe(Math.floor((n('PassedAssetCount') * 10_000) / evaluated) / 100);
        }
      }
    }
  });

  it('answers only the asset types asked for, once each', async () => {
    const fields = withoutRequestId(
      (await simulator().call(COMPLIANCE, { AssetTypeSet: ['ASSET_K8S', 'ASSET_HOST', 'ASSET_K8S'] }))
        .response,
    );
    expect((fields['AssetSummaryList'] as { AssetType: string }[]).map((s) => s.AssetType)).toEqual([
      'ASSET_K8S',
      'ASSET_HOST',
    ]);
  });

  it('reaches every CheckStatus of the model comment on the scan clock', () => {
    const seen = new Set<unknown>();
    for (let a = 0; a < 40; a++)
      for (let second = 0; second < 400; second += 1) {
        const key = complianceScanKey('ASSET_HOST');
        const snapshot = scanSnapshot(`acct-${a}`, key, START_MS + second * 1000, TIMING);
        seen.add(complianceSummary(`acct-${a}`, 'ASSET_HOST', snapshot, TIMING).CheckStatus);
      }
    expect([...seen].sort()).toEqual([
      'CHECK_FAILED',
      'CHECK_FINISHED',
      'CHECK_INIT',
      'CHECK_RUNNING',
      'CHECK_UNINIT',
    ]);
  });
});

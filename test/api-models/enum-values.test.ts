/**
 * The SDK models type enumerations as plain `string` / `number` and list the values only in the
 * field's comment, so the compiler checks (sdk-models.test.ts) cannot see them. This file reads the
 * comments from the installed models and checks both sides against them:
 * - every value a model comment lists is one the exporter maps (a state, severity, trigger), so a
 *   value the real API documents never falls through to `unknown` or a field issue;
 * - every value the exporter sends or maps, and every value the simulator answers, is one the
 *   model lists, or a documented official-example deviation.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { AGENT_STATES } from '../../src/collectors/cwp-host-detail.js';
import { cwpScanState, cwpState } from '../../src/collectors/cwp-scan-state.js';
import { ASSET_TYPES, complianceState } from '../../src/collectors/tcss-compliance.js';
import { virusScanState, virusScanTrigger } from '../../src/collectors/tcss-container-virus.js';
import { IMAGE_SCAN_STATES, TIERS } from '../../src/collectors/tcss-image-detail.js';
import { tcssState } from '../../src/collectors/tcss-image-scan.js';
import { vulScanState } from '../../src/collectors/tcss-image-vulnerability.js';
import { AGENT_STATUSES, MACHINE_TYPES } from '../../src/tencentcloud/apis/cwp-machines.js';
import { describeVulLevelCount } from '../../src/tencentcloud/apis/cwp-summary.js';
import { IMAGE_SCAN_STATUSES } from '../../src/tencentcloud/apis/tcss-image-list.js';
import { describeImageRiskSummary } from '../../src/tencentcloud/apis/tcss-summary.js';
import { ALICE, BOB, startTestSimulator, type TestSimulator } from '../simulator/fixture.js';
import { fakeCaller } from '../tencentcloud/apis/fake-caller.js';

const require = createRequire(import.meta.url);
const MODELS = {
  tcss: readFileSync(
    require.resolve('tencentcloud-sdk-nodejs/tencentcloud/services/tcss/v20201101/tcss_models.d.ts'),
    'utf8',
  ),
  cwp: readFileSync(
    require.resolve('tencentcloud-sdk-nodejs/tencentcloud/services/cwp/v20180228/cwp_models.d.ts'),
    'utf8',
  ),
};

/** The doc comment of `field` in the model interface `iface` of `service`. */
function comment(service: keyof typeof MODELS, iface: string, field: string): string {
  const text = MODELS[service];
  const start = text.indexOf(`export interface ${iface} {`);
  expect(start).toBeGreaterThanOrEqual(0);
  const body = text.slice(start, text.indexOf('\n}', start));
  const match = new RegExp(`/\\*\\*((?:(?!\\*/)[\\s\\S])*)\\*/\\s*\\n\\s*${field}\\??:`).exec(body);
  expect(match).not.toBeNull();
  return match![1]!;
}

/** The upper-case words (`SCAN_NONE`, `CHECK_INIT`, …) a comment lists. */
const upperWords = (text: string) => [...new Set(text.match(/\b[A-Z][A-Z0-9_]{2,}\b/g) ?? [])];
/** `ASSET_CONTAINER`, … as the compliance request model lists them. */
const assetTypesOfModel = () =>
  upperWords(comment('tcss', 'DescribeComplianceTaskAssetSummaryRequest', 'AssetTypeSet')).filter((w) =>
    w.startsWith('ASSET_'),
  );
/** The small numbers (`0 从未扫描过、 1 扫描中`) a comment lists. */
const numbers = (text: string) => [...new Set((text.match(/(?<![\d.])\d(?![\d.])/g) ?? []).map(Number))];

describe('every value a model comment lists is mapped by the exporter', () => {
  it('TCSS image scan task: Status and SubStatus', () => {
    const statuses = upperWords(comment('tcss', 'DescribeAssetImageScanTaskResponse', 'Status'));
    expect(statuses.sort()).toEqual(['END', 'READY', 'SCANNING']);
    for (const status of statuses) expect(tcssState(status)).not.toBe('unknown');
    const subs = comment('tcss', 'DescribeAssetImageScanTaskResponse', 'SubStatus').match(/[A-Z][a-z]+/g)!;
    expect(subs.sort()).toEqual(['Cancel', 'Error', 'Success', 'Timeout']);
    expect(subs.map((sub) => tcssState('END', sub))).toEqual(['stopped', 'failed', 'completed', 'failed']);
  });

  it('TCSS container virus scan: Status and ScanType', () => {
    const statuses = upperWords(comment('tcss', 'DescribeVirusScanTaskStatusResponse', 'Status'));
    expect(statuses).toHaveLength(6);
    for (const status of statuses) expect([status, virusScanState(status)]).not.toEqual([status, 'unknown']);
    const types = upperWords(comment('tcss', 'DescribeVirusScanTaskStatusResponse', 'ScanType'));
    expect(types.map((t) => [t, virusScanTrigger(t)])).toEqual([
      ['CYCLE', 'scheduled'],
      ['MANUAL', 'one_click'],
    ]);
  });

  it('TCSS image vulnerability scan and compliance check states', () => {
    const vul = upperWords(comment('tcss', 'DescribeVulScanInfoResponse', 'Status'));
    expect(vul).toHaveLength(4);
    for (const status of vul) expect([status, vulScanState(status)]).not.toEqual([status, 'unknown']);
    const checks = upperWords(comment('tcss', 'ComplianceAssetSummary', 'CheckStatus'));
    expect(checks).toHaveLength(5);
    for (const status of checks) expect([status, complianceState(status)]).not.toEqual([status, 'unknown']);
  });

  it('CWP ScanState and Type', () => {
    const states = numbers(comment('cwp', 'DescribeScanStateResponse', 'ScanState'));
    expect(states).toEqual([0, 1, 2, 3, 4]);
    expect(states.map(cwpState)).toEqual(['never_scanned', 'scanning', 'completed', 'stopping', 'stopped']);
    expect(numbers(comment('cwp', 'DescribeScanStateResponse', 'Type'))).toEqual([0, 1]);
  });

  it('severity levels of both products', async () => {
    const levels = upperWords(comment('tcss', 'RunTimeRiskInfo', 'Level'));
    expect(levels).toHaveLength(4);
    const tcss = await describeImageRiskSummary(
      fakeCaller({ VulnerabilityCnt: levels.map((Level) => ({ Level, Cnt: 1 })) }),
    );
    expect(tcss.issues).toEqual([]);
    expect(tcss.value.VulnerabilityCnt).toHaveLength(4);
    const vulLevels = numbers(comment('cwp', 'VulLevelInfo', 'VulLevel'));
    expect(vulLevels).toEqual([1, 2, 3, 4]);
    const cwp = await describeVulLevelCount(
      fakeCaller({ VulLevelList: vulLevels.map((VulLevel) => ({ VulLevel, Count: 1 })) }),
    );
    expect(cwp.issues).toEqual([]);
    expect(cwp.value.VulLevelList).toHaveLength(4);
  });

  it('per-asset states: image ScanStatus and host AgentStatus', () => {
    const filters = comment('tcss', 'DescribeAssetImageListRequest', 'Filters');
    const scanStatuses = /ScanStatus[^<]*?([a-z]+[A-Za-z]*(?:[，,][a-z][A-Za-z]*)+)/
      .exec(filters)![1]!
      .split(/[，,]/);
    expect([...scanStatuses].sort()).toEqual([...IMAGE_SCAN_STATUSES].sort());
    expect(Object.keys(IMAGE_SCAN_STATES).sort()).toEqual([...IMAGE_SCAN_STATUSES].sort());
    const agents = upperWords(comment('cwp', 'Machine', 'AgentStatus').replace(/UNINStALLED/, 'UNINSTALLED'));
    for (const agent of [...agents, 'UNINStALLED']) {
      expect(AGENT_STATUSES).toContain(agent);
      expect(AGENT_STATES[agent as keyof typeof AGENT_STATES]).toBeDefined();
    }
  });
});

describe('every value the exporter sends or maps is one the model lists', () => {
  it('request values', () => {
    const machineTypes = comment('cwp', 'DescribeMachinesRequest', 'MachineType');
    for (const type of MACHINE_TYPES) expect(machineTypes).toMatch(new RegExp(`\\b${type}\\b`));
    const assetTypes = assetTypesOfModel();
    expect(Object.values(ASSET_TYPES).sort()).toEqual(assetTypes.sort());
    const modules = comment('cwp', 'DescribeScanStateRequest', 'ModuleType');
    // The modules the config accepts (its default is all of them).
    for (const module of cwpScanState.config.parse({}).modules)
      expect(modules).toMatch(new RegExp(`\\b${module}\\b`));
    expect(comment('cwp', 'DescribeScanStateRequest', 'Filters')).toContain('StrategyId');
    expect(comment('cwp', 'DescribeMachinesRequest', 'Filters')).toMatch(/Risk - String[^<]*\( yes \)/);
    const imageFilters = comment('tcss', 'DescribeAssetImageListRequest', 'Filters');
    // The SecurityRisk values the image detail filters by, tier by tier.
    expect(TIERS).toHaveLength(6);
    for (const tier of TIERS) expect(imageFilters).toContain(tier);
    expect(numbers(comment('cwp', 'DescribeBaselineStrategyListRequest', 'Enabled'))).toEqual([1, 0, 2]);
  });
});

describe('the simulator answers only values the models list (or a declared example deviation)', () => {
  let t: TestSimulator;
  beforeAll(async () => {
    t = await startTestSimulator();
  });
  afterAll(async () => {
    await t?.sim.close();
  });

  it('across several scan cycles of two accounts', async () => {
    const seen = new Map<string, Set<unknown>>();
    const see = (key: string, value: unknown) => {
      if (value === undefined || value === null) return;
      if (!seen.has(key)) seen.set(key, new Set());
      seen.get(key)!.add(value);
    };
    const start = t.clock.ms;
    // The scan model's cycles take about a minute: five minutes see every phase, in 3 s steps.
    for (let s = 0; s < 300; s += 3) {
      t.clock.ms = start + s * 1000;
      for (const account of [ALICE, BOB]) {
        const task = await t.answer('DescribeAssetImageScanTask', {}, account);
        see('task.Status', task['Status']);
        see('task.SubStatus', task['SubStatus']);
        const virus = await t.answer('DescribeVirusScanTaskStatus', {}, account);
        see('virus.Status', virus['Status']);
        see('virus.ScanType', virus['ScanType']);
        see('vul.Status', (await t.answer('DescribeVulScanInfo', {}, account))['Status']);
        const compliance = await t.answer(
          'DescribeComplianceTaskAssetSummary',
          { AssetTypeSet: Object.values(ASSET_TYPES) },
          account,
        );
        see('compliance.Status', compliance['Status']);
        for (const entry of compliance['AssetSummaryList'] as Record<string, unknown>[]) {
          see('compliance.CheckStatus', entry['CheckStatus']);
          see('compliance.AssetType', entry['AssetType']);
        }
        for (const module of ['Malware', 'Vul']) {
          const state = await t.answer('DescribeScanState', { ModuleType: module }, account);
          see('cwp.ScanState', state['ScanState']);
          see('cwp.Type', state['Type']);
        }
        const risks = await t.answer('DescribeImageRiskSummary', {}, account);
        for (const list of ['VulnerabilityCnt', 'MalwareVirusCnt', 'RiskCnt'])
          for (const entry of (risks[list] as Record<string, unknown>[] | null) ?? [])
            see('Level', entry['Level']);
        const levels = await t.answer('DescribeVulLevelCount', {}, account);
        for (const entry of (levels['VulLevelList'] as Record<string, unknown>[] | null) ?? [])
          see('VulLevel', entry['VulLevel']);
      }
    }
    for (const account of [ALICE, BOB]) {
      const images = await t.answer('DescribeAssetImageList', { Limit: 100, Offset: 0 }, account);
      for (const image of images['List'] as Record<string, unknown>[])
        see('image.ScanStatus', image['ScanStatus']);
      for (const type of MACHINE_TYPES) {
        const hosts = await t.answer(
          'DescribeMachines',
          { MachineType: type, MachineRegion: 'ap-guangzhou', Limit: 100 },
          account,
        );
        for (const host of hosts['Machines'] as Record<string, unknown>[]) {
          see('host.AgentStatus', host['AgentStatus']);
          see('host.MachineStatus', host['MachineStatus']);
          see('host.InstanceStatus', host['InstanceStatus']);
        }
      }
    }

    const allowed: Record<string, readonly unknown[]> = {
      'task.Status': upperWords(comment('tcss', 'DescribeAssetImageScanTaskResponse', 'Status')),
      // Empty while the task has not ended (the contract's "empty or absent").
      'task.SubStatus': [
        '',
        ...comment('tcss', 'DescribeAssetImageScanTaskResponse', 'SubStatus').match(/[A-Z][a-z]+/g)!,
      ],
      // SCANNING: the official example (EXAMPLE_DEVIATIONS).
      'virus.Status': [
        ...upperWords(comment('tcss', 'DescribeVirusScanTaskStatusResponse', 'Status')),
        'SCANNING',
      ],
      'virus.ScanType': upperWords(comment('tcss', 'DescribeVirusScanTaskStatusResponse', 'ScanType')),
      'vul.Status': upperWords(comment('tcss', 'DescribeVulScanInfoResponse', 'Status')),
      'compliance.Status': upperWords(
        comment('tcss', 'DescribeComplianceTaskAssetSummaryResponse', 'Status'),
      ),
      'compliance.CheckStatus': upperWords(comment('tcss', 'ComplianceAssetSummary', 'CheckStatus')),
      'compliance.AssetType': assetTypesOfModel(),
      'cwp.ScanState': numbers(comment('cwp', 'DescribeScanStateResponse', 'ScanState')),
      'cwp.Type': numbers(comment('cwp', 'DescribeScanStateResponse', 'Type')),
      Level: upperWords(comment('tcss', 'RunTimeRiskInfo', 'Level')),
      VulLevel: numbers(comment('cwp', 'VulLevelInfo', 'VulLevel')),
      'image.ScanStatus': IMAGE_SCAN_STATUSES,
      // The Machine model writes UNINStALLED (a typo, no upper-case word) and the request's AgentStatus
      // filter UNINSTALLED; the simulator answers the filter's spelling, the exporter takes both.
      'host.AgentStatus': [
        ...upperWords(comment('cwp', 'Machine', 'AgentStatus')),
        ...upperWords(comment('cwp', 'DescribeMachinesRequest', 'Filters')).filter(
          (w) => w === 'UNINSTALLED',
        ),
      ],
      'host.MachineStatus': upperWords(comment('cwp', 'Machine', 'MachineStatus')),
      'host.InstanceStatus': upperWords(comment('cwp', 'Machine', 'InstanceStatus')),
    };
    expect([...seen.keys()].sort()).toEqual(Object.keys(allowed).sort());
    for (const [key, values] of seen) {
      const outside = [...values].filter((v) => !allowed[key]!.includes(v));
      expect({ [key]: outside }).toEqual({ [key]: [] });
    }
    // The sampling saw the scans move: more than one state of each.
    for (const key of [
      'task.Status',
      'virus.Status',
      'vul.Status',
      'compliance.CheckStatus',
      'cwp.ScanState',
    ])
      expect(seen.get(key)!.size).toBeGreaterThan(1);
  });
});

/**
 * The simulated summaries: strict about their parameters as the real API, and coherent with the
 * moving scans over whole cycles (findings appear when a scan ends, coverage adds up).
 */
import { mix } from '../../../src/simulator/hash.js';
import { scanSeed, scanSnapshot } from '../../../src/simulator/scan-model.js';
import { ALICE, BOB, START_MS, type TestSimulator, TIMING, useTestSimulator } from '../fixture.js';
import { codeOf } from '../sign-helper.js';

const simulator = useTestSimulator();

type Fields = Record<string, unknown>;
const answer: TestSimulator['answer'] = (...args) => simulator().answer(...args);
const levelSum = (list: unknown) =>
  (list as { Cnt?: number; Count?: number }[]).reduce((sum, e) => sum + (e.Cnt ?? e.Count ?? 0), 0);

describe('parameters, as strict as the real API', () => {
  test.each([
    ['DescribeAssetSummary', { Limit: 10 }, 'UnknownParameter'],
    ['DescribeImageRiskSummary', { Filters: [] }, 'UnknownParameter'],
    ['DescribeVulHostCountScanTime', { TaskId: 1 }, 'UnknownParameter'],
    ['DescribeSecurityEventsCnt', { X: 1 }, 'UnknownParameter'],
    ['DescribeVulLevelCount', { VulCategory: '1' }, 'InvalidParameter'],
    ['DescribeVulLevelCount', { VulCategory: 9 }, 'InvalidParameterValue'],
    ['DescribeVulLevelCount', { IsFollowVul: 2 }, 'InvalidParameterValue'],
    ['DescribeGeneralStat', { MachineType: 'Mainframe' }, 'InvalidParameterValue'],
    ['DescribeGeneralStat', { MachineRegion: 3 }, 'InvalidParameter'],
    ['DescribeBaselineDetectOverview', { PolicyId: 'x' }, 'InvalidParameter'],
    ['DescribeBaselineDetectOverview', { PolicyId: 999 }, 'ResourceNotFound'],
  ])('%s %j → %s', async (action, payload, code) => {
    expect(codeOf(await simulator().call(action, payload))).toBe(code);
  });

  test.each([
    ['DescribeVulLevelCount', { VulCategory: 4, IsFollowVul: 0 }],
    ['DescribeGeneralStat', { MachineType: 'CVM', MachineRegion: 'ap-guangzhou' }],
    ['DescribeBaselineDetectOverview', { PolicyId: 8 }],
  ])('%s accepts its optional parameters %j', async (action, payload) => {
    expect(codeOf(await simulator().call(action, payload, BOB))).toBe('Success');
  });
});

describe('coherent with the moving scans, every 5 s over three cycles', () => {
  test('TCSS: scanned + unscanned = images; findings only once a scan has ended, and then consistent', async () => {
    let sawNull = false; // alice's first image scan may already have ended at START_MS
    let sawFindings = false;
    for (let second = 0; second <= 210; second += 5) {
      simulator().clock.ms = START_MS + second * 1000;
      const asset = await answer('DescribeAssetSummary');
      const risk = await answer('DescribeImageRiskSummary');
      const image = scanSnapshot('alice', 'image', simulator().clock.ms, TIMING);
      const ended = image.phase === 'completed' || image.phase === 'stopped' || image.cycle >= 1;
      const at = `at ${second} s (${image.phase}, cycle ${image.cycle})`;
      expect({ at, sum: (asset.ScannedImageCnt as number) + (asset.UnScannedImageCnt as number) }).toEqual({
        at,
        sum: ALICE.imageTotal,
      });
      expect(asset.ImageCnt).toBe(ALICE.imageTotal);
      const scanned = asset.ScannedImageCnt as number;
      for (const k of ['ImageHasVulsCnt', 'ImageHasVirusCnt', 'ImageHasRiskInfoCnt', 'ImageUnsafeCnt'])
        expect(asset[k] as number).toBeLessThanOrEqual(scanned);
      expect(asset.ImageUnsafeCnt as number).toBeGreaterThanOrEqual(
        Math.max(asset.ImageHasVulsCnt as number, asset.ImageHasVirusCnt as number),
      );
      expect(asset.ContainerCnt).toBe(
        (asset.ContainerRunning as number) +
          (asset.ContainerPause as number) +
          (asset.ContainerStop as number),
      );
      expect(asset.HostOnline as number).toBeLessThanOrEqual(asset.HostCnt as number);
      if (!ended) {
        sawNull = true;
        expect({ at, risk }).toEqual({
          at,
          risk: expect.objectContaining({ VulnerabilityCnt: null, MalwareVirusCnt: null, RiskCnt: null }),
        });
        expect(asset.ImageHasVulsCnt).toBe(0);
      } else {
        sawFindings = true;
        expect((risk.VulnerabilityCnt as unknown[]).map((e) => (e as Fields).Level)).toEqual([
          'CRITICAL',
          'HIGH',
          'MEDIUM',
          'LOW',
        ]);
        // Images with vulnerabilities have at least one each; none without.
        expect(levelSum(risk.VulnerabilityCnt)).toBeGreaterThanOrEqual(asset.ImageHasVulsCnt as number);
        if (asset.ImageHasVirusCnt === 0) expect(levelSum(risk.MalwareVirusCnt)).toBe(0);
      }
      // The latest scan time is the image scan's start, as DescribeAssetImageScanTask reports it.
      const task = await answer('DescribeAssetImageScanTask');
      expect(asset.LatestImageScanTime).toBe(task.LastScanTime);
    }
    expect(sawFindings).toBe(true);
    void sawNull;
  });

  test('findings appear the second the first scan completes (null until then)', async () => {
    const name = Array.from({ length: 50 }, (_, i) => `fresh-${i}`).find(
      (n) => scanSeed(n, 'image') % 4 === 0 && mix(scanSeed(n, 'image'), 0) % 8 !== 0,
    )!;
    const account = { name, secretId: `AKIDsum${name}`, secretKey: 'k' };
    simulator().sim.addAccount(account);
    let ms = START_MS;
    while (scanSnapshot(name, 'image', ms, TIMING).phase !== 'completed') ms += 1000;
    simulator().clock.ms = ms - 1000;
    expect((await answer('DescribeImageRiskSummary', {}, account)).VulnerabilityCnt).toBeNull();
    expect((await answer('DescribeAssetSummary', {}, account)).UnScannedImageCnt).toBeGreaterThan(0);
    simulator().clock.ms = ms;
    expect((await answer('DescribeImageRiskSummary', {}, account)).VulnerabilityCnt).toHaveLength(4);
  });

  test('CWP: the vulnerability total is the sum of the levels; agents, editions and affected hosts add up', async () => {
    for (let second = 0; second <= 210; second += 5) {
      simulator().clock.ms = START_MS + second * 1000;
      const levels = await answer('DescribeVulLevelCount', {}, BOB);
      const hosts = await answer('DescribeVulHostCountScanTime', {}, BOB);
      const stat = await answer('DescribeGeneralStat', {}, BOB);
      const events = await answer('DescribeSecurityEventsCnt', {}, BOB);
      const vul = scanSnapshot('bob', 'Vul', simulator().clock.ms, TIMING);
      const ended = vul.phase === 'completed' || vul.phase === 'stopped' || vul.cycle >= 1;
      if (ended) {
        expect((levels.VulLevelList as Fields[]).map((e) => e.VulLevel)).toEqual([1, 2, 3, 4]);
        expect(hosts.TotalVulCount).toBe(levelSum(levels.VulLevelList));
        expect(hosts.LastFixTime).toEqual(expect.any(String));
      } else {
        expect(levels.VulLevelList).toBeNull();
        expect(hosts.TotalVulCount).toBe(0);
        expect(hosts.LastFixTime).toBeNull();
      }
      expect(hosts.VulHostCount as number).toBeLessThanOrEqual(stat.AgentsAll as number);
      expect(stat.RiskMachine).toBe(hosts.VulHostCount);
      expect(stat.MachinesAll).toBe((stat.AgentsAll as number) + (stat.MachinesUninstalled as number));
      expect(stat.AgentsAll).toBe((stat.AgentsOnline as number) + (stat.AgentsOffline as number));
      expect(stat.AgentsOffline).toBe((stat.Offline as number) + (stat.Shutdown as number));
      expect(stat.AgentsAll).toBe(
        (stat.AgentsBasic as number) + (stat.AgentsPro as number) + (stat.FlagshipMachineCnt as number),
      );
      expect(stat.AgentsProExpireWithInSevenDays as number).toBeLessThanOrEqual(stat.AgentsPro as number);
      const perType = Object.values(events).filter((v): v is Fields => typeof v === 'object' && v !== null);
      expect(perType).toHaveLength(14);
      const widest = Math.max(...perType.map((e) => e.UuidCnt as number));
      const sum = perType.reduce((s, e) => s + (e.UuidCnt as number), 0);
      expect(events.EffectMachineCount as number).toBeGreaterThanOrEqual(widest);
      expect(events.EffectMachineCount as number).toBeLessThanOrEqual(
        Math.min(sum, stat.AgentsAll as number),
      );
      expect(events.EventsCount).toBe(perType.reduce((s, e) => s + (e.EventCnt as number), 0));
      for (const e of perType) expect(e.UuidCnt as number).toBeLessThanOrEqual(e.EventCnt as number);
      // Malware events are the latest ended Malware scan's risks.
      const malware = scanSnapshot('bob', 'Malware', simulator().clock.ms, TIMING);
      if (malware.phase === 'never_scanned') expect((events.Malware as Fields).EventCnt).toBe(0);
    }
  });

  test('CWP baseline: passed + failed items are the checked strategies’ items, and the pass rate is their share', async () => {
    for (let second = 0; second <= 210; second += 5) {
      simulator().clock.ms = START_MS + second * 1000;
      const o = await answer('DescribeBaselineDetectOverview', {}, BOB);
      expect(o.PolicyCount).toBe(3);
      if (o.PassRate === null) {
        expect(o.LatestPassCount).toBeNull();
        continue;
      }
      const passed = o.LatestPassCount as number;
      const failed = o.LatestNotPassCount as number;
      expect(passed + failed).toBeLessThanOrEqual(o.ItemCount as number);
      expect(o.PassRate).toBe(Math.floor((passed * 100) / (passed + failed)));
    }
  });
});

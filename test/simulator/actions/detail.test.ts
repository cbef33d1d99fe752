/**
 * The simulated asset lists (DescribeAssetImageList, DescribeMachines): strict about their
 * parameters as the real API (required MachineType and MachineRegion, pages of at most 100), paged
 * with TotalCount, and coherent with the summaries and the moving scans at every instant.
 */
import { ALICE, BOB, START_MS, type TestSimulator, useTestSimulator } from '../fixture.js';
import { codeOf } from '../sign-helper.js';

const simulator = useTestSimulator();

type Fields = Record<string, unknown>;
const answer: TestSimulator['answer'] = (...args) => simulator().answer(...args);

async function everyPage(action: string, listField: string, payload: Fields = {}, account = ALICE) {
  const all: Fields[] = [];
  let total = 0;
  for (let offset = 0; offset < 10_000; offset += 100) {
    const page = await answer(action, { ...payload, Limit: 100, Offset: offset }, account);
    total = page['TotalCount'] as number;
    all.push(...((page[listField] as Fields[] | null) ?? []));
    if (offset + 100 >= total) break;
  }
  expect(all).toHaveLength(total);
  return all;
}

/** Never scanned for the first 22 s after the simulator's origin (so its first scan ends at about 73 s). */
const CAROL = {
  name: 'carol',
  secretId: 'AKIDcarol000000000000',
  secretKey: 'carol-secret-key',
  imageTotal: 300,
};

const CVM_GZ = { MachineType: 'CVM', MachineRegion: 'ap-guangzhou' };

describe('parameters, as strict as the real API', () => {
  test.each([
    ['DescribeMachines', { MachineRegion: 'ap-guangzhou' }, 'MissingParameter'],
    ['DescribeMachines', { MachineType: 'CVM' }, 'MissingParameter'],
    ['DescribeMachines', { ...CVM_GZ, MachineType: 'Mainframe' }, 'InvalidParameterValue'],
    ['DescribeMachines', { ...CVM_GZ, MachineRegion: 'Guangzhou' }, 'InvalidParameterValue'],
    ['DescribeMachines', { ...CVM_GZ, MachineType: 1 }, 'InvalidParameter'],
    ['DescribeMachines', { ...CVM_GZ, Limit: 101 }, 'InvalidParameterValue'],
    ['DescribeMachines', { ...CVM_GZ, Limit: '10' }, 'InvalidParameter'],
    ['DescribeMachines', { ...CVM_GZ, Offset: -1 }, 'InvalidParameterValue'],
    ['DescribeMachines', { ...CVM_GZ, ProjectIds: ['1'] }, 'InvalidParameter'],
    [
      'DescribeMachines',
      { ...CVM_GZ, Filters: [{ Name: 'Color', Values: ['red'] }] },
      'InvalidParameterValue',
    ],
    ['DescribeMachines', { ...CVM_GZ, Sort: 'VulNum' }, 'UnknownParameter'],
    ['DescribeAssetImageList', { Limit: 101 }, 'InvalidParameterValue'],
    ['DescribeAssetImageList', { Limit: 0 }, 'InvalidParameterValue'],
    ['DescribeAssetImageList', { Filters: { Name: 'ScanStatus' } }, 'InvalidParameter'],
    ['DescribeAssetImageList', { Filters: [{ Name: 'Color', Values: ['x'] }] }, 'InvalidParameterValue'],
    [
      'DescribeAssetImageList',
      { Filters: [{ Name: 'SecurityRisk', Values: ['Spicy'] }] },
      'InvalidParameterValue',
    ],
    [
      'DescribeAssetImageList',
      { Filters: [{ Name: 'ScanStatus', Values: ['done'] }] },
      'InvalidParameterValue',
    ],
    ['DescribeAssetImageList', { Order: 'up' }, 'InvalidParameterValue'],
    ['DescribeAssetImageList', { By: 'Color' }, 'InvalidParameterValue'],
    ['DescribeAssetImageList', { ImageID: 'x' }, 'UnknownParameter'],
  ])('%s %j → %s', async (action, payload, code) => {
    expect(codeOf(await simulator().call(action, payload))).toBe(code);
  });

  test('DescribeMachines takes every filter the request model documents', async () => {
    simulator().clock.ms = START_MS + 200_000;
    const all = await everyPage('DescribeMachines', 'Machines', CVM_GZ);
    const host = all[0]!;
    const only = async (Name: string, value: string) =>
      everyPage('DescribeMachines', 'Machines', { ...CVM_GZ, Filters: [{ Name, Values: [value] }] });
    const where = (p: (h: Fields) => boolean) => all.filter(p);
    expect(await only('Ips', host['MachineIp'] as string)).toEqual([host]);
    expect(await only('InstanceIds', host['InstanceId'] as string)).toEqual([host]);
    expect(await only('Quuid', host['Quuid'] as string)).toEqual([host]);
    expect(await only('Names', host['MachineName'] as string)).toContainEqual(host);
    expect(await only('Version', 'PRO_VERSION')).toEqual(where((h) => h['ProtectType'] === 'PRO_VERSION'));
    expect(await only('Version', 'ProtectedMachines')).toEqual(
      where((h) => h['ProtectType'] === 'PRO_VERSION' || h['ProtectType'] === 'Flagship'),
    );
    expect(await only('Os', host['MachineOs'] as string)).toEqual(
      where((h) => h['MachineOs'] === host['MachineOs']),
    );
    expect(await only('AddedOnTheFifteen', '1')).toEqual(where((h) => h['IsAddedOnTheFifteen'] === 1));
    expect(await only('TagId', '1')).toEqual([]);
    expect(await only('AgentStatus', 'ALL')).toEqual(all);
    expect(await only('AgentStatus', 'OFFLINE')).toEqual(where((h) => h['AgentStatus'] === 'OFFLINE'));
    expect(await only('MachineStatus', 'ALL')).toEqual(all);
    expect(await only('MachineStatus', 'STOPPED')).toEqual(where((h) => h['InstanceStatus'] === 'STOPED'));
    expect(await only('MachineStatus', 'RUNNING')).toEqual(where((h) => h['InstanceStatus'] === 'RUNNING'));
    expect(await only('Risk', 'yes')).toEqual(where((h) => h['SecurityStatus'] === 'RISK'));
  });

  test('pages: 10 by default, at most 100, TotalCount of the whole (filtered) list', async () => {
    const first = await answer('DescribeAssetImageList');
    expect(first['List']).toHaveLength(10);
    expect(first['TotalCount']).toBe(ALICE.imageTotal);
    const all = await everyPage('DescribeAssetImageList', 'List');
    expect(new Set(all.map((i) => i['ImageID'])).size).toBe(ALICE.imageTotal);
    const last = await answer('DescribeAssetImageList', { Limit: 100, Offset: 10_000 });
    expect(last).toMatchObject({ List: [], TotalCount: ALICE.imageTotal });
  });

  test('By and Order sort the list; filters select by risk, status, id and name', async () => {
    simulator().clock.ms = START_MS + 200_000;
    const sorted = await answer('DescribeAssetImageList', {
      By: 'CriticalLevelVulCnt',
      Order: 'desc',
      Limit: 100,
    });
    const counts = (sorted['List'] as Fields[]).map((i) => i['CriticalLevelVulCnt'] as number);
    expect(counts).toEqual([...counts].sort((a, b) => b - a));
    const all = await everyPage('DescribeAssetImageList', 'List');
    const critical = await everyPage('DescribeAssetImageList', 'List', {
      Filters: [{ Name: 'SecurityRisk', Values: ['CriticalLevelVul'] }],
    });
    expect(critical.map((i) => i['ImageID'])).toEqual(
      all.filter((i) => (i['CriticalLevelVulCnt'] as number) > 0).map((i) => i['ImageID']),
    );
    const either = await everyPage('DescribeAssetImageList', 'List', {
      Filters: [{ Name: 'SecurityRisk', Values: ['VirusCnt', 'RiskCnt'] }],
    });
    expect(either).toHaveLength(
      all.filter((i) => (i['VirusCnt'] as number) + (i['RiskCnt'] as number) > 0).length,
    );
    const one = all[17]!;
    const byId = await answer('DescribeAssetImageList', {
      Filters: [{ Name: 'ImageID', Values: [one['ImageID'] as string], ExactMatch: true }],
    });
    expect(byId['List']).toEqual([one]);
  });
});

describe('coherent with the summaries and the moving scans, every 10 s over three cycles', () => {
  test('images: counts equal DescribeAssetSummary; findings only once a scan has ended', async () => {
    simulator().sim.addAccount(CAROL);
    let sawNone = false;
    let sawFindings = false;
    for (let second = 0; second <= 210; second += 10) {
      for (const account of [ALICE, CAROL]) {
        simulator().clock.ms = START_MS + second * 1000;
        const summary = await answer('DescribeAssetSummary', {}, account);
        const risk = await answer('DescribeImageRiskSummary', {}, account);
        const images = await everyPage('DescribeAssetImageList', 'List', {}, account);
        const count = (p: (i: Fields) => boolean) => images.filter(p).length;
        const at = `${account.name} at ${second} s`;
        const got = {
          at,
          images: images.length,
          scanned: count((i) => i['ScanStatus'] === 'scanned' || i['ScanStatus'] === 'scanErr'),
          vulnerable: count((i) => (i['VulCnt'] as number) > 0),
          malware: count((i) => (i['VirusCnt'] as number) > 0),
          sensitive: count((i) => (i['RiskCnt'] as number) > 0),
          untrusted: count((i) => i['IsTrustImage'] === false),
        };
        expect(got).toEqual({
          at,
          images: summary['ImageCnt'],
          scanned: summary['ScannedImageCnt'],
          vulnerable: summary['ImageHasVulsCnt'],
          malware: summary['ImageHasVirusCnt'],
          sensitive: summary['ImageHasRiskInfoCnt'],
          untrusted: summary['ImageUntrustCnt'],
        });
        for (const i of images) {
          const sum = [
            'CriticalLevelVulCnt',
            'HighLevelVulCnt',
            'MediumLevelVulCnt',
            'LowLevelVulCnt',
          ].reduce((s, f) => s + (i[f] as number), 0);
          expect(i['VulCnt']).toBe(sum);
          if (i['ScanStatus'] === 'notScan' || i['ScanStatus'] === 'scanning')
            expect({ at, scanTime: i['ScanTime'], vul: sum }).toEqual({ at, scanTime: '', vul: 0 });
          else expect(i['ScanTime']).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/);
        }
        if (risk['VulnerabilityCnt'] === null) {
          sawNone = true;
          expect(got.vulnerable + got.malware + got.sensitive).toBe(0);
        } else if (got.vulnerable > 0) sawFindings = true;
      }
    }
    expect(sawFindings).toBe(true);
    expect(sawNone).toBe(true);
  });

  test('hosts: over every list, DescribeGeneralStat and VulHostCount add up', async () => {
    for (let second = 0; second <= 210; second += 30) {
      simulator().clock.ms = START_MS + second * 1000;
      for (const account of [ALICE, BOB]) {
        const stat = await answer('DescribeGeneralStat', {}, account);
        const vul = await answer('DescribeVulHostCountScanTime', {}, account);
        const hosts: Fields[] = [];
        for (const type of ['CVM', 'BM', 'ECM', 'LH', 'Other'])
          for (const region of ['ap-guangzhou', 'ap-shanghai', 'ap-beijing'])
            hosts.push(
              ...(await everyPage(
                'DescribeMachines',
                'Machines',
                { MachineType: type, MachineRegion: region },
                account,
              )),
            );
        const count = (p: (h: Fields) => boolean) => hosts.filter(p).length;
        const at = `${account.name} at ${second} s`;
        expect({
          at,
          all: hosts.length,
          uninstalled: count((h) => h['AgentStatus'] === 'UNINSTALLED'),
          online: count((h) => h['AgentStatus'] === 'ONLINE'),
          offline: count((h) => h['AgentStatus'] === 'OFFLINE'),
          shutdown: count((h) => h['MachineStatus'] === 'SHUTDOWN'),
          vulnerable: count((h) => (h['VulNum'] as number) > 0),
        }).toEqual({
          at,
          all: stat['MachinesAll'],
          uninstalled: stat['MachinesUninstalled'],
          online: stat['AgentsOnline'],
          offline: stat['AgentsOffline'],
          shutdown: stat['Shutdown'],
          vulnerable: vul['VulHostCount'],
        });
        const risky = await everyPage(
          'DescribeMachines',
          'Machines',
          { ...CVM_GZ, Filters: [{ Name: 'Risk', Values: ['yes'] }] },
          account,
        );
        for (const h of risky)
          expect(
            (h['VulNum'] as number) + (h['MalwareNum'] as number) + (h['BaselineNum'] as number),
          ).toBeGreaterThan(0);
      }
    }
  });
});

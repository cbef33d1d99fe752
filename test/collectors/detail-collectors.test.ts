/**
 * The per-image and per-host detail collectors against the simulator over real HTTP: the cap holds
 * under an account with 10,000 images, the exported images are the most severe ones (checked
 * against the whole list, read page by page from the simulator at the same instant), the
 * truncation report says what the cap left out, and the calls per round stay within the budget.
 */
import { cwpHostDetail } from '../../src/collectors/cwp-host-detail.js';
import { tcssImageDetail } from '../../src/collectors/tcss-image-detail.js';
import type { ScanSample } from '../../src/metrics/scan-families.js';
import { type Simulator, startSimulator } from '../../src/simulator/index.js';
import type { FieldIssue } from '../../src/tencentcloud/apis/types.js';
import { TencentCloudClient } from '../../src/tencentcloud/client.js';
import { StaticCredentialProvider } from '../../src/tencentcloud/credentials/static.js';
import type { ApiResponse } from '../../src/tencentcloud/types.js';
import { clockAt, findMoment } from '../helpers/sim-clock.js';
import { never } from './simulator-fixture.js';

const BIG = {
  name: 'big',
  secretId: 'AKIDdetailBig0000000000000000000000',
  secretKey: 'detailBigSecretKey00000000000000',
  imageTotal: 10_000,
  baselineStrategyIds: [1, 2],
};

let sim: Simulator;
let client: TencentCloudClient;

/** A moment at which the image, Vul, Malware and baseline scans of `big` have each ended once. */
const ENDED = findMoment(
  ['image', 'Vul', 'Malware', 'Baseline/1'].map((scan) => ({
    account: 'big',
    scan,
    phases: ['never_scanned', 'scanning', 'completed', 'stopping', 'stopped'] as const,
    minCycle: 1,
  })),
);

beforeAll(async () => {
  const at = clockAt(ENDED);
  // The clock stands still: every request falls in the same second, so no rate limit.
  sim = await startSimulator({ accounts: [BIG], now: at.clock.now, rateLimitPerSecond: 1_000_000 });
  at.start();
  client = new TencentCloudClient({
    account: 'big',
    credentials: new StaticCredentialProvider(BIG.secretId, BIG.secretKey),
    endpoint: sim.url,
    region: 'ap-guangzhou',
    retry: { maxAttempts: 1 },
    requestsPerSecond: 1_000_000,
  });
});
afterAll(async () => {
  await client.close();
  await sim.close();
});
beforeEach(() => sim.resetStats());

function callsOf(action: string): number {
  return sim
    .stats()
    .requests.filter((r) => r.action === action)
    .reduce((sum, r) => sum + r.count, 0);
}

async function collect(
  definition: typeof tcssImageDetail | typeof cwpHostDetail,
  block: Record<string, unknown>,
): Promise<{ samples: ScanSample[]; issues: FieldIssue[] }> {
  const issues: FieldIssue[] = [];
  const config = definition.config.parse({ enabled: true, ...block });
  const samples = await (definition.create as (c: unknown) => ReturnType<typeof definition.create>)(
    config,
  ).collect({
    caller: client,
    signal: never,
    onFieldIssue: (_action, issue) => issues.push(issue),
  });
  return { samples, issues };
}

/** Every page of a list, read by the test itself (raw answers, not the exporter's parser). */
async function wholeList(action: string, listField: string, input: Record<string, unknown>) {
  const spec = action === 'DescribeMachines' ? cwpHostDetail.actions[0]! : tcssImageDetail.actions[0]!;
  const all: Record<string, unknown>[] = [];
  for (let offset = 0; offset < 20_000; offset += 100) {
    const page: ApiResponse = await client.call(spec, { ...input, Limit: 100, Offset: offset });
    const list = page[listField] as Record<string, unknown>[];
    all.push(...list);
    if (offset + 100 >= (page['TotalCount'] as number)) break;
  }
  return all;
}

const seriesOf = (samples: readonly ScanSample[], name: string, labels: Record<string, string> = {}) =>
  samples.filter((s) => s.name === name && Object.entries(labels).every(([k, v]) => s.labels[k] === v));

const num = (v: unknown) => (typeof v === 'number' ? v : 0);
const imageKey = (i: Record<string, unknown>) =>
  [
    'CriticalLevelVulCnt',
    'HighLevelVulCnt',
    'MediumLevelVulCnt',
    'LowLevelVulCnt',
    'VirusCnt',
    'RiskCnt',
  ].map((f) => num(i[f]));
function compareDesc(a: number[], b: number[]): number {
  for (let k = 0; k < a.length; k++) if (a[k] !== b[k]) return b[k]! - a[k]!;
  return 0;
}

describe('tcss_image_detail under an account with 10,000 images', () => {
  let everyImage: Record<string, unknown>[];
  beforeAll(async () => {
    everyImage = await wholeList('DescribeAssetImageList', 'List', {});
  });

  test('the whole list has 10,000 images, consistent with DescribeAssetSummary', async () => {
    expect(everyImage).toHaveLength(10_000);
    expect(new Set(everyImage.map((i) => i['ImageID'])).size).toBe(10_000);
    const summary = await client.call(
      { service: 'tcss', version: '2020-11-01', action: 'DescribeAssetSummary' },
      {},
    );
    const count = (p: (i: Record<string, unknown>) => boolean) => everyImage.filter(p).length;
    expect(count((i) => i['ScanStatus'] === 'scanned' || i['ScanStatus'] === 'scanErr')).toBe(
      summary['ScannedImageCnt'],
    );
    expect(count((i) => num(i['VulCnt']) > 0)).toBe(summary['ImageHasVulsCnt']);
    expect(count((i) => num(i['VirusCnt']) > 0)).toBe(summary['ImageHasVirusCnt']);
    expect(count((i) => num(i['RiskCnt']) > 0)).toBe(summary['ImageHasRiskInfoCnt']);
    expect(count((i) => i['IsTrustImage'] === false)).toBe(summary['ImageUntrustCnt']);
  });

  test.each([
    [100, 10],
    [50, 10],
    [7, 10],
  ])(
    'max_assets %i, max_pages %i: exactly that many images, the most severe, the rest reported',
    async (maxAssets, maxPages) => {
      const { samples, issues } = await collect(tcssImageDetail, {
        max_assets: maxAssets,
        max_pages: maxPages,
      });
      expect(issues).toEqual([]);
      const calls = callsOf('DescribeAssetImageList');
      expect(calls).toBeLessThanOrEqual(maxPages);
      if (process.env['DETAIL_DEBUG']) console.log({ maxAssets, maxPages, calls });
      const exported = [...new Set(samples.flatMap((s) => s.labels['image_id'] ?? []))];
      expect(exported).toHaveLength(maxAssets);
      // Twelve series per image: 4 severities, malware, sensitive data, containers, 4 states, scan time.
      expect(samples.filter((s) => s.labels['image_id'])).toHaveLength(12 * maxAssets);
      const labels = { account: 'big', product: 'tcss', asset_type: 'image' };
      expect(seriesOf(samples, 'tencentcloud_security_detail_assets', labels)[0]?.value).toBe(10_000);
      expect(seriesOf(samples, 'tencentcloud_security_detail_assets_exported', labels)[0]?.value).toBe(
        maxAssets,
      );
      expect(seriesOf(samples, 'tencentcloud_security_detail_ranking_complete', labels)[0]?.value).toBe(1);
      // The most severe: no image left out ranks above the least severe image exported.
      const byId = new Map(everyImage.map((i) => [i['ImageID'] as string, i]));
      const keys = exported.map((id) => imageKey(byId.get(id)!)).sort(compareDesc);
      const weakest = keys[keys.length - 1]!;
      const chosen = new Set(exported);
      for (const image of everyImage) {
        if (!chosen.has(image['ImageID'] as string))
          expect(compareDesc(imageKey(image), weakest)).toBeGreaterThanOrEqual(0);
      }
      // Each exported value is the simulator's.
      for (const id of exported.slice(0, 5)) {
        const image = byId.get(id)!;
        const of = (name: string, extra: Record<string, string> = {}) =>
          seriesOf(samples, name, { image_id: id, ...extra })[0]?.value;
        expect(of('tencentcloud_security_image_vulnerabilities', { severity: 'critical' })).toBe(
          image['CriticalLevelVulCnt'],
        );
        expect(of('tencentcloud_security_image_vulnerabilities', { severity: 'low' })).toBe(
          image['LowLevelVulCnt'],
        );
        expect(of('tencentcloud_security_image_malware')).toBe(image['VirusCnt']);
        expect(of('tencentcloud_security_image_sensitive_data')).toBe(image['RiskCnt']);
        expect(of('tencentcloud_security_image_containers')).toBe(image['ContainerCnt']);
        expect(of('tencentcloud_security_image_scan_state', { state: 'completed' })).toBe(1);
        expect(of('tencentcloud_security_image_scan_timestamp_seconds')).toBe(
          Math.floor(Date.parse(image['ScanTime'] as string) / 1000),
        );
        expect(
          seriesOf(samples, 'tencentcloud_security_image_vulnerabilities', { image_id: id })[0]?.labels[
            'image_name'
          ],
        ).toBe(image['ImageName']);
      }
    },
  );

  test('a page budget too small to rank: still capped, reported as incomplete, never more calls', async () => {
    const { samples } = await collect(tcssImageDetail, { max_assets: 20, max_pages: 2 });
    expect(callsOf('DescribeAssetImageList')).toBe(2);
    const labels = { account: 'big', asset_type: 'image' };
    expect(seriesOf(samples, 'tencentcloud_security_detail_ranking_complete', labels)[0]?.value).toBe(0);
    expect(seriesOf(samples, 'tencentcloud_security_detail_assets_exported', labels)[0]?.value).toBe(20);
  });
});

describe('cwp_host_detail', () => {
  const EVERY_LIST = { machine_types: ['CVM', 'LH'], machine_regions: ['ap-guangzhou', 'ap-shanghai'] };
  let everyHost: (Record<string, unknown> & { pair: string })[];
  beforeAll(async () => {
    everyHost = [];
    for (const type of EVERY_LIST.machine_types)
      for (const region of EVERY_LIST.machine_regions)
        for (const m of await wholeList('DescribeMachines', 'Machines', {
          MachineType: type,
          MachineRegion: region,
        }))
          everyHost.push({ ...m, pair: `${type}/${region}` });
  });

  test('over every list, as many hosts and agents as DescribeGeneralStat says', async () => {
    const stat = await client.call(
      { service: 'cwp', version: '2018-02-28', action: 'DescribeGeneralStat' },
      {},
    );
    expect(everyHost).toHaveLength(stat['MachinesAll'] as number);
    expect(everyHost.filter((h) => h['AgentStatus'] === 'UNINSTALLED')).toHaveLength(
      stat['MachinesUninstalled'] as number,
    );
    expect(everyHost.filter((h) => h['AgentStatus'] === 'ONLINE')).toHaveLength(
      stat['AgentsOnline'] as number,
    );
    expect(everyHost.filter((h) => h['AgentStatus'] === 'OFFLINE')).toHaveLength(
      stat['AgentsOffline'] as number,
    );
  });

  test('all hosts under a large cap: every one exported with its values, one call per list', async () => {
    const { samples, issues } = await collect(cwpHostDetail, { ...EVERY_LIST, max_assets: 1000 });
    expect(issues).toEqual([]);
    expect(callsOf('DescribeMachines')).toBe(4);
    const labels = { account: 'big', product: 'cwp', asset_type: 'host' };
    expect(seriesOf(samples, 'tencentcloud_security_detail_assets', labels)[0]?.value).toBe(everyHost.length);
    expect(seriesOf(samples, 'tencentcloud_security_detail_assets_exported', labels)[0]?.value).toBe(
      everyHost.length,
    );
    for (const host of everyHost) {
      const [type, region] = host.pair.split('/');
      const of = (name: string, extra: Record<string, string> = {}) =>
        seriesOf(samples, name, {
          quuid: host['Quuid'] as string,
          machine_type: type!,
          region: region!,
          ...extra,
        });
      expect(of('tencentcloud_security_host_vulnerabilities')[0]?.value).toBe(host['VulNum']);
      expect(of('tencentcloud_security_host_malware')[0]?.value).toBe(host['MalwareNum']);
      expect(of('tencentcloud_security_host_baseline_failures')[0]?.value).toBe(host['BaselineNum']);
      const state = String(host['AgentStatus']).toLowerCase();
      expect(
        of('tencentcloud_security_host_agent_state')
          .map((s) => `${s.labels['state']}=${s.value}`)
          .sort(),
      ).toEqual(['offline', 'online', 'uninstalled'].map((s) => `${s}=${s === state ? 1 : 0}`));
      // A host name is free text: control characters (the simulator's hostile name has a newline) go.
      const name = String(host['MachineName']).replace(/\n/g, '');
      expect(of('tencentcloud_security_host_vulnerabilities')[0]?.labels['host_name']).toBe(name);
      expect(of('tencentcloud_security_host_vulnerabilities')[0]?.labels['instance_id']).toBe(
        host['InstanceId'],
      );
    }
  });

  test('a cap of 3: the three most severe hosts over every list', async () => {
    const { samples } = await collect(cwpHostDetail, { ...EVERY_LIST, max_assets: 3 });
    const exported = [...new Set(samples.flatMap((s) => s.labels['quuid'] ?? []))];
    expect(exported).toHaveLength(3);
    const key = (h: Record<string, unknown>) => [
      num(h['MalwareNum']),
      num(h['VulNum']),
      num(h['BaselineNum']),
    ];
    const ranked = everyHost.map(key).sort(compareDesc);
    const got = exported.map((q) => key(everyHost.find((h) => h['Quuid'] === q)!)).sort(compareDesc);
    expect(got).toEqual(ranked.slice(0, 3));
    const labels = { account: 'big', asset_type: 'host' };
    expect(seriesOf(samples, 'tencentcloud_security_detail_assets_exported', labels)[0]?.value).toBe(3);
  });

  test('the default lists: CVM in the account region, MachineType and MachineRegion sent', async () => {
    const { samples } = await collect(cwpHostDetail, {});
    expect(callsOf('DescribeMachines')).toBe(1);
    const hosts = samples.filter((s) => s.name === 'tencentcloud_security_host_vulnerabilities');
    expect(hosts.length).toBe(everyHost.filter((h) => h.pair === 'CVM/ap-guangzhou').length);
    for (const s of hosts) expect(s.labels).toMatchObject({ machine_type: 'CVM', region: 'ap-guangzhou' });
  });
});

/**
 * The bounded ranking of per-asset detail, table-driven over an in-memory list that answers as the
 * API does (pages of at most 100, `TotalCount`, filters that select the assets with findings of one
 * kind), and the series of one image or host from hostile values.
 */
import { cwpHostDetail, hostRank, hostSamples } from '../../src/collectors/cwp-host-detail.js';
import { assetLabel, rankedAssets } from '../../src/collectors/detail.js';
import { COLLECTORS, familyTable } from '../../src/collectors/registry.js';
import {
  imageRank,
  imageSamples,
  imageScanSeconds,
  tcssImageDetail,
} from '../../src/collectors/tcss-image-detail.js';
import { SeriesStore } from '../../src/metrics/series-store.js';
import type { ParsedPage } from '../../src/tencentcloud/apis/asset-page.js';

const SCAN_FAMILIES = familyTable(COLLECTORS);

/** An asset: its id and severity key (k findings of tier k). */
interface Asset {
  readonly id: string;
  readonly key: readonly number[];
}

/** A list of `n` assets, `withTier[t]` of them (spread through the list) with findings of tier t. */
function listOf(n: number, withTier: readonly number[], seed = 7): Asset[] {
  const assets: Asset[] = [];
  for (let i = 0; i < n; i++) {
    const h = (Math.imul(i + seed, 2654435761) >>> 0) % n;
    assets.push({
      id: `a${String(i).padStart(6, '0')}`,
      key: withTier.map((count, t) => (h < count ? 1 + ((h + t) % 5) : 0)),
    });
  }
  return assets;
}

function source(assets: readonly Asset[], options: { total?: boolean; duplicate?: boolean } = {}) {
  const calls: { tier: number | undefined; offset: number }[] = [];
  const fetchPage = async (tier: number | undefined, offset: number): Promise<ParsedPage<Asset>> => {
    calls.push({ tier, offset });
    const listed = tier === undefined ? assets : assets.filter((a) => (a.key[tier] ?? 0) > 0);
    let page = listed.slice(offset, offset + 100);
    // The list moved while paging: the first entry of the previous page shows up again.
    if (options.duplicate && offset > 0) page = [listed[offset - 1]!, ...page.slice(1)];
    return {
      value: {
        entries: page,
        received: page.length,
        ...(options.total === false ? {} : { totalCount: listed.length }),
      },
      issues: [],
    };
  };
  return { calls, fetchPage };
}

const cmp = (a: readonly number[], b: readonly number[]) => {
  for (let k = 0; k < a.length; k++) if (a[k] !== b[k]) return b[k]! - a[k]!;
  return 0;
};

describe('rankedAssets', () => {
  const cases: {
    what: string;
    n: number;
    tiers: number[];
    maxAssets: number;
    maxPages: number;
    calls: number;
    complete: boolean;
  }[] = [
    {
      what: 'a short list: one call',
      n: 40,
      tiers: [3, 5],
      maxAssets: 10,
      maxPages: 10,
      calls: 1,
      complete: true,
    },
    {
      what: 'a list that fits the budget: read whole',
      n: 950,
      tiers: [30, 50],
      maxAssets: 10,
      maxPages: 10,
      calls: 10,
      complete: true,
    },
    {
      what: '10,000 assets, 250 in the first tier: first page + 3',
      n: 10_000,
      tiers: [250, 2000],
      maxAssets: 100,
      maxPages: 10,
      calls: 4,
      complete: true,
    },
    {
      what: '10,000 assets, 40 in the first tier: on to the second',
      n: 10_000,
      tiers: [40, 150],
      maxAssets: 100,
      maxPages: 10,
      calls: 4,
      complete: true,
    },
    {
      what: '10,000 assets, few findings: filled up from the whole list',
      n: 10_000,
      tiers: [5, 10],
      maxAssets: 100,
      maxPages: 10,
      calls: 3,
      complete: true,
    },
    {
      what: '10,000 assets, the first tier larger than the budget',
      n: 10_000,
      tiers: [5000, 0],
      maxAssets: 100,
      maxPages: 10,
      calls: 10,
      complete: false,
    },
    {
      what: 'a budget of one call',
      n: 10_000,
      tiers: [250, 0],
      maxAssets: 100,
      maxPages: 1,
      calls: 1,
      complete: false,
    },
  ];
  test.each(cases)('$what', async ({ n, tiers, maxAssets, maxPages, calls, complete }) => {
    const assets = listOf(n, tiers);
    const { calls: made, fetchPage } = source(assets);
    const result = await rankedAssets<Asset, number>({
      tiers: tiers.map((_, t) => t),
      fetchPage,
      idOf: (a) => a.id,
      rank: (a) => a.key ?? [],
      maxAssets,
      maxPages,
      onIssues: () => {},
    });
    expect(made).toHaveLength(calls);
    expect(result.pages).toBe(calls);
    expect(result.complete).toBe(complete);
    expect(result.total).toBe(n);
    expect(result.top).toHaveLength(Math.min(maxAssets, n));
    if (complete) {
      // Exactly the most severe: the same keys as a full sort of the whole list.
      const best = assets
        .map((a) => a.key)
        .sort(cmp)
        .slice(0, maxAssets);
      expect(result.top.map((a) => a.key)).toEqual(best);
    }
  });

  test('an asset seen on two pages counts once; no TotalCount: pages until a short page', async () => {
    const assets = listOf(250, [0]);
    const { calls, fetchPage } = source(assets, { duplicate: true, total: false });
    const result = await rankedAssets<Asset, number>({
      tiers: [0],
      fetchPage,
      idOf: (a) => a.id,
      rank: (a) => a.key ?? [],
      maxAssets: 1000,
      maxPages: 10,
      onIssues: () => {},
    });
    expect(calls.length).toBeGreaterThanOrEqual(3);
    expect(calls.length).toBeLessThanOrEqual(10);
    expect(new Set(result.top.map((a) => a.id)).size).toBe(result.top.length);
    expect(result.total).toBeUndefined();
  });

  const hundred = (offset: number) => listOf(100, [100]).map((a, i) => ({ ...a, id: `a${offset + i}` }));
  const rank = {
    idOf: (a: Partial<Asset>) => a.id,
    rank: (a: Partial<Asset>) => a.key ?? [],
  };

  test('a hostile TotalCount (huge) costs no more than the budget', async () => {
    let calls = 0;
    const result = await rankedAssets<Asset, number>({
      tiers: [0],
      fetchPage: async () => {
        calls++;
        return {
          value: { entries: hundred(calls * 100), received: 100, totalCount: Number.MAX_SAFE_INTEGER },
          issues: [],
        };
      },
      idOf: (a) => a.id,
      rank: (a) => a.key ?? [],
      maxAssets: 500,
      maxPages: 5,
      onIssues: () => {},
    });
    expect(calls).toBe(5);
    expect(result.complete).toBe(false);
  });

  test('Offset ignored (the same page again and again): the list read stops, not the whole budget; incomplete', async () => {
    for (const total of [500, 50_000]) {
      let calls = 0;
      const result = await rankedAssets<Asset, number>({
        tiers: [0],
        fetchPage: async () => {
          calls++;
          return { value: { entries: hundred(0), received: 100, totalCount: total }, issues: [] };
        },
        ...rank,
        maxAssets: 150,
        maxPages: 10,
        onIssues: () => {},
      });
      // 500: the whole list, stopped at its second page; 50,000: the first page and the first tier's two.
      expect({ total, calls, complete: result.complete }).toEqual({
        total,
        calls: total === 500 ? 2 : 3,
        complete: false,
      });
      expect(result.top).toHaveLength(100);
    }
  });

  test('a TotalCount below the entries already listed is an issue, not the end of the list', async () => {
    const issues: string[] = [];
    const offsets: number[] = [];
    const result = await rankedAssets<Asset, number>({
      tiers: [0],
      fetchPage: async (_, offset) => {
        offsets.push(offset);
        const entries = offset < 300 ? hundred(offset) : [];
        return { value: { entries, received: entries.length, totalCount: 0 }, issues: [] };
      },
      ...rank,
      maxAssets: 1000,
      maxPages: 10,
      onIssues: (parsed) => issues.push(...parsed.issues.map((i) => `${i.field}: ${i.problem}`)),
    });
    // Unknown size: ranked tier by tier, then filled up from the whole list until it ends.
    expect(offsets.filter((o) => o > 0)).toEqual([100, 200, 300, 100, 200, 300]);
    expect(result.top).toHaveLength(300);
    expect(result.total).toBeUndefined();
    expect(result.complete).toBe(true);
    expect(issues[0]).toBe('TotalCount: 0 is less than the 100 entries listed so far: ignored');
  });

  test('a list that ends before the TotalCount it announced is an issue and no complete ranking', async () => {
    for (const [received, maxPages] of [
      [0, 10],
      [40, 10],
      [40, 1],
    ] as const) {
      const issues: string[] = [];
      const result = await rankedAssets<Asset, number>({
        tiers: [],
        fetchPage: async () => {
          const entries = hundred(0).slice(0, received);
          return { value: { entries, received, totalCount: 10_000 }, issues: [] };
        },
        ...rank,
        maxAssets: 100,
        maxPages,
        onIssues: (parsed) => issues.push(...parsed.issues.map((i) => `${i.field}: ${i.problem}`)),
      });
      expect({ received, top: result.top.length, complete: result.complete, total: result.total }).toEqual({
        received,
        top: received,
        complete: false,
        total: 10_000,
      });
      expect(issues).toEqual([
        `TotalCount: 10000 is more than the ${received} entries the list gave before it ended`,
      ]);
    }
  });

  test('entries without an id are left out', async () => {
    const result = await rankedAssets<Asset, number>({
      tiers: [],
      fetchPage: async () => ({
        value: { entries: [{ key: [9] }, { id: 'b', key: [1] }], received: 2 },
        issues: [],
      }),
      idOf: (a) => a.id,
      rank: (a) => a.key ?? [],
      maxAssets: 5,
      maxPages: 1,
      onIssues: () => {},
    });
    expect(result.top).toEqual([{ id: 'b', key: [1] }]);
  });
});

describe('assetLabel', () => {
  test.each([
    ['plain', 'repo/app:1.2', 'repo/app:1.2'],
    ['quotes and backslashes stay (the exposition escapes them)', 'a"b\\c', 'a"b\\c'],
    ['control characters go', 'a\nb\r\tc\u0000d\u0085', 'abcd'],
    ['an unpaired surrogate is replaced', 'x\ud800y', 'x\ufffdy'],
    ['a pair stays whole', 'x😀y', 'x😀y'],
    ['cut to 128 characters', 'n'.repeat(10_000), 'n'.repeat(128)],
  ])('%s', (_, raw, label) => {
    expect(assetLabel(raw)).toBe(label);
  });
});

describe('one image', () => {
  test('every series; states one-hot; RFC 3339 and zone-less (Beijing) scan times', () => {
    const samples = imageSamples('acme', {
      ImageID: 'sha256:1',
      ImageName: 'app:1',
      CriticalLevelVulCnt: 2,
      HighLevelVulCnt: 0,
      MediumLevelVulCnt: 1,
      LowLevelVulCnt: 4,
      VirusCnt: 1,
      RiskCnt: 0,
      ContainerCnt: 3,
      ScanStatus: 'scanErr',
      ScanTime: '2021-01-29T06:10:12.021Z',
    });
    expect(samples).toHaveLength(12);
    const state = samples.filter((s) => s.name === 'tencentcloud_security_image_scan_state');
    expect(state.map((s) => `${s.labels['state']}=${s.value}`)).toEqual([
      'never_scanned=0',
      'scanning=0',
      'completed=0',
      'failed=1',
    ]);
    for (const s of samples)
      expect(s.labels).toMatchObject({
        account: 'acme',
        product: 'tcss',
        image_id: 'sha256:1',
        image_name: 'app:1',
      });
    expect(imageScanSeconds('2021-01-29T06:10:12.021Z')).toBe(1611900612);
    expect(imageScanSeconds('2021-01-29 14:10:12')).toBe(1611900612);
    expect(imageScanSeconds('2021-02-30 14:10:12')).toBeUndefined();
  });

  test('fields that did not parse give no sample; no id, no series at all', () => {
    expect(imageSamples('acme', { ImageID: 'sha256:1' })).toEqual([]);
    expect(imageSamples('acme', { ImageName: 'x', VirusCnt: 3 })).toEqual([]);
    const one = imageSamples('acme', { ImageID: 'sha256:1', ImageName: '', VirusCnt: 3 });
    expect(one).toEqual([
      {
        name: 'tencentcloud_security_image_malware',
        labels: { account: 'acme', product: 'tcss', image_id: 'sha256:1' },
        value: 3,
      },
    ]);
  });

  test('ranking: critical first, then high, medium, low, malware, sensitive data', () => {
    expect(imageRank({ CriticalLevelVulCnt: 1, RiskCnt: 3 })).toEqual([1, 0, 0, 0, 0, 3]);
  });
});

/** A collector's round over a caller that answers every call with `answer`, as the exposition renders it. */
async function exposition(
  definition: typeof tcssImageDetail | typeof cwpHostDetail,
  answer: Record<string, unknown>,
): Promise<string[]> {
  const collector = (definition.create as (c: unknown) => ReturnType<typeof definition.create>)(
    definition.config.parse({ enabled: true }),
  );
  const caller = { account: 'a', region: 'ap-guangzhou', call: async () => answer };
  const store = new SeriesStore(SCAN_FAMILIES);
  store.replace(
    definition.name,
    'a',
    await collector.collect({ caller, signal: new AbortController().signal }),
  );
  return store
    .text()
    .split('\n')
    .filter((l) => l !== '' && !l.startsWith('#'));
}

const labelSets = (lines: readonly string[]) => lines.map((l) => l.slice(0, l.lastIndexOf(' ')));

describe('ids that become the same label value are one asset, never two series with one label set', () => {
  const long = 'sha256:'.padEnd(200, 'f');
  test('images: control characters, the part beyond 128 characters, nothing left at all', async () => {
    const image = (ImageID: string, CriticalLevelVulCnt: number) => ({
      ImageID,
      ImageName: 'app:1',
      CriticalLevelVulCnt,
      ScanStatus: 'scanned',
    });
    const lines = await exposition(tcssImageDetail, {
      List: [
        image('sha256:a', 1),
        image('sha256:a\u0000', 2),
        image(`${long}1`, 3),
        image(`${long}2`, 4),
        image('\u0001', 5),
        image('\u0002\u0003', 6),
      ],
      TotalCount: 6,
    });
    expect(new Set(labelSets(lines)).size).toBe(lines.length);
    const ids = new Set(lines.flatMap((l) => /image_id="([^"]*)"/.exec(l)?.[1] ?? []));
    expect([...ids].sort()).toEqual(['sha256:a', long.slice(0, 128)]);
    // Every image series has its identity, and the count exported is the count of identities.
    expect(
      lines.filter((l) => l.startsWith('tencentcloud_security_image_') && !l.includes('image_id=')),
    ).toEqual([]);
    expect(lines).toContain(
      'tencentcloud_security_detail_assets_exported{account="a",asset_type="image",product="tcss"} 2',
    );
  });

  test('hosts: a Quuid that differs only in a control character', async () => {
    const lines = await exposition(cwpHostDetail, {
      Machines: [
        { Quuid: 'q-1', VulNum: 1, AgentStatus: 'ONLINE' },
        { Quuid: 'q-1\u0007', VulNum: 2, AgentStatus: 'ONLINE' },
        { Quuid: '\u0000', VulNum: 3, AgentStatus: 'ONLINE' },
      ],
      TotalCount: 3,
    });
    expect(new Set(labelSets(lines)).size).toBe(lines.length);
    expect(lines.filter((l) => l.startsWith('tencentcloud_security_host_vulnerabilities'))).toHaveLength(1);
  });
});

describe('one host', () => {
  test('every series; the agent state one-hot; labels bounded', () => {
    const samples = hostSamples(
      { account: 'acme', product: 'cwp', machine_type: 'CVM', region: 'ap-guangzhou' },
      {
        Quuid: 'q1',
        InstanceId: 'ins-1',
        MachineName: 'db\n"x"',
        VulNum: 1,
        MalwareNum: 0,
        BaselineNum: 2,
        AgentStatus: 'UNINStALLED',
      },
    );
    expect(samples).toHaveLength(6);
    expect(
      samples
        .filter((s) => s.name === 'tencentcloud_security_host_agent_state')
        .map((s) => `${s.labels['state']}=${s.value}`),
    ).toEqual(['online=0', 'offline=0', 'uninstalled=1']);
    expect(samples[0]?.labels).toEqual({
      account: 'acme',
      product: 'cwp',
      machine_type: 'CVM',
      region: 'ap-guangzhou',
      quuid: 'q1',
      instance_id: 'ins-1',
      host_name: 'db"x"',
    });
    expect(hostSamples({ account: 'acme' }, { VulNum: 1 })).toEqual([]);
    expect(hostRank({ VulNum: 9, MalwareNum: 1 })).toEqual([1, 9, 0]);
  });
});

describe('config', () => {
  test.each([
    [{ max_assets: 0 }, false],
    [{ max_assets: 5001 }, false],
    [{ max_assets: 2.5 }, false],
    [{ max_pages: 0 }, false],
    [{ max_pages: 101 }, false],
    [{ max_assets: 5000, max_pages: 100 }, true],
  ])('tcss_image_detail %j valid: %s', (block, ok) => {
    expect(tcssImageDetail.config.safeParse(block).success).toBe(ok);
  });

  test.each([
    [{ machine_types: ['Mainframe'] }, false],
    [{ machine_types: [] }, false],
    [{ machine_types: ['CVM', 'CVM'] }, false],
    [{ machine_regions: ['Guangzhou'] }, false],
    [{ machine_regions: ['ap-guangzhou', 'ap-guangzhou'] }, false],
    [
      { machine_types: ['CVM', 'BM', 'ECM', 'LH', 'Other'], machine_regions: ['ap-guangzhou', 'ap-others'] },
      true,
    ],
  ])('cwp_host_detail %j valid: %s', (block, ok) => {
    expect(cwpHostDetail.config.safeParse(block).success).toBe(ok);
  });

  test('no machine_regions and no account region: the round fails saying what to set', async () => {
    const collector = cwpHostDetail.create(cwpHostDetail.config.parse({}));
    const caller = { account: 'a', call: async () => ({}) };
    await expect(collector.collect({ caller, signal: new AbortController().signal })).rejects.toThrow(
      /machine_regions or the account's region/,
    );
  });
});

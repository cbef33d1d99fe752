import { PartialRoundError } from '../../src/collectors/collector.js';
import {
  CWP_FIELD_TABLE,
  createCwpScanStateCollector,
  cwpState,
} from '../../src/collectors/cwp-scan-state.js';
import { ConfigError, loadConfigText } from '../../src/config/index.js';
import type { ScanSample } from '../../src/metrics/scan-families.js';
import { byName, never, simulatorWithClient } from './simulator-fixture.js';

const ALL = ['Malware', 'Vul', 'Baseline'] as const;

describe('cwpState', () => {
  test.each([
    [0, 'never_scanned'],
    [1, 'scanning'],
    [2, 'completed'],
    [3, 'stopping'],
    [4, 'stopped'],
    [7, 'unknown'],
    [undefined, undefined],
  ])('%p → %s', (value, state) => {
    expect(cwpState(value)).toBe(state);
  });
});

describe('CWP scan state collector (against the simulator)', () => {
  let fixture: Awaited<ReturnType<typeof simulatorWithClient>>;
  afterEach(async () => {
    await fixture.close();
  });

  test('one series set per module, and per strategy for Baseline (discovered with auto)', async () => {
    fixture = await simulatorWithClient({ baselineStrategyIds: [3, 5, 8] });
    const collector = createCwpScanStateCollector({
      modules: ALL,
      baseline_strategy_ids: 'auto',
      timezone: 'Asia/Shanghai',
    });
    const samples = await collector.collect({ caller: fixture.client, signal: never });
    const info = byName(samples, 'tencentcloud_scan_info');
    expect(info.map((s) => `${s.labels.scan}/${s.labels.strategy_id ?? ''}`).sort()).toEqual([
      'baseline/3',
      'baseline/5',
      'baseline/8',
      'malware/',
      'vul/',
    ]);
    for (const s of samples) expect(s.labels).toMatchObject({ account: 'acme', product: 'cwp' });
    for (const s of info)
      expect(['one_click', 'scheduled', undefined]).toContain(s.labels.trigger || undefined);
    // Exactly one state is 1 for each of the five scans.
    const ones = byName(samples, 'tencentcloud_scan_state').filter((s) => s.value === 1);
    expect(ones).toHaveLength(5);
  });

  test('configured strategy ids are used as given; an unknown one fails only its own scan', async () => {
    fixture = await simulatorWithClient({ baselineStrategyIds: [1, 2] });
    const ok = createCwpScanStateCollector({
      modules: ['Baseline'],
      baseline_strategy_ids: [2],
      timezone: 'UTC',
    });
    const samples = await ok.collect({ caller: fixture.client, signal: never });
    expect(new Set(samples.map((s) => s.labels.strategy_id))).toEqual(new Set(['2']));
    const bad = createCwpScanStateCollector({
      modules: ['Baseline'],
      baseline_strategy_ids: [2, 99],
      timezone: 'UTC',
    });
    const partial = (await bad
      .collect({ caller: fixture.client, signal: never })
      .catch((e: unknown) => e)) as PartialRoundError;
    expect(partial).toBeInstanceOf(PartialRoundError);
    expect(partial.code).toBe('ResourceNotFound');
    expect(new Set(partial.samples.map((s) => s.labels.strategy_id))).toEqual(new Set(['2']));
    expect(partial.failures.map((f) => f.unit)).toEqual([
      { product: 'cwp', scan: 'baseline', strategy_id: '99' },
    ]);
  });

  test('discovery pages through more than 100 strategies (Limit 100, Offset) and leaves disabled ones out', async () => {
    const enabled = Array.from({ length: 105 }, (_, i) => 1000 + i);
    fixture = await simulatorWithClient({
      baselineStrategyIds: enabled,
      disabledBaselineStrategyIds: [7, 8],
    });
    const samples = await createCwpScanStateCollector({
      modules: ['Baseline'],
      baseline_strategy_ids: 'auto',
      timezone: 'UTC',
    }).collect({ caller: fixture.client, signal: never });
    const ids = new Set(byName(samples, 'tencentcloud_scan_info').map((s) => Number(s.labels.strategy_id)));
    expect(ids).toEqual(new Set(enabled));
    const lists = fixture.sim.stats().requests.filter((r) => r.action === 'DescribeBaselineStrategyList');
    expect(lists).toEqual([expect.objectContaining({ code: 'Success', count: 2 })]);
  });

  test.each([
    ['numbers, as the model types them', [{ StrategyId: 3 }, { StrategyId: 5 }]],
    ['strings, as the official example answers', [{ StrategyId: '3' }, { StrategyId: '5' }]],
  ])('discovery accepts StrategyId as %s', async (_name, list) => {
    fixture = await simulatorWithClient({ baselineStrategyIds: [3, 5] });
    fixture.sim.setFault('acme', {
      fault: { kind: 'fields', fields: { StrategyList: list, TotalCount: 2 } },
      actions: ['DescribeBaselineStrategyList'],
    });
    const issues: string[] = [];
    const samples = await createCwpScanStateCollector({
      modules: ['Baseline'],
      baseline_strategy_ids: 'auto',
      timezone: 'UTC',
    }).collect({
      caller: fixture.client,
      signal: never,
      onFieldIssue: (a, i) => issues.push(`${a}.${i.field}`),
    });
    expect(new Set(byName(samples, 'tencentcloud_scan_info').map((s) => s.labels.strategy_id))).toEqual(
      new Set(['3', '5']),
    );
    expect(issues).toEqual([]);
  });

  test('a denied discovery keeps the Malware and Vul series and names baseline discovery as the failure', async () => {
    fixture = await simulatorWithClient({ baselineStrategyIds: [1, 2] });
    fixture.sim.setFault('acme', {
      fault: {
        kind: 'error',
        code: 'AuthFailure.UnauthorizedOperation',
        message: 'CAM denies DescribeBaselineStrategyList',
      },
      actions: ['DescribeBaselineStrategyList'],
    });
    const partial = (await createCwpScanStateCollector({
      modules: ALL,
      baseline_strategy_ids: 'auto',
      timezone: 'UTC',
    })
      .collect({ caller: fixture.client, signal: never })
      .catch((e: unknown) => e)) as PartialRoundError;
    expect(partial).toBeInstanceOf(PartialRoundError);
    expect(partial.code).toBe('AuthFailure.UnauthorizedOperation');
    expect(partial.message).toContain('baseline discovery (DescribeBaselineStrategyList)');
    expect(new Set(partial.samples.map((s) => s.labels.scan))).toEqual(new Set(['malware', 'vul']));
    expect(partial.failures.map((f) => f.unit)).toEqual([{ product: 'cwp', scan: 'baseline' }]);
  });

  test('a malformed StrategyList fails discovery and is counted as a field issue, never zero strategies', async () => {
    fixture = await simulatorWithClient({ baselineStrategyIds: [1, 2] });
    fixture.sim.setFault('acme', {
      fault: { kind: 'fields', fields: { StrategyList: { StrategyId: 1 } } },
      actions: ['DescribeBaselineStrategyList'],
    });
    const issues: string[] = [];
    const partial = await createCwpScanStateCollector({
      modules: ['Malware', 'Baseline'],
      baseline_strategy_ids: 'auto',
      timezone: 'UTC',
    })
      .collect({
        caller: fixture.client,
        signal: never,
        onFieldIssue: (a, i) => issues.push(`${a}.${i.field}`),
      })
      .catch((e: unknown) => e);
    expect(partial).toMatchObject({ code: 'InvalidResponse' });
    expect(issues).toEqual(['DescribeBaselineStrategyList.StrategyList']);
  });

  test('timestamps follow the configured zone', async () => {
    fixture = await simulatorWithClient({ baselineStrategyIds: [1] });
    const collect = (timezone: string) =>
      createCwpScanStateCollector({ modules: ALL, baseline_strategy_ids: [1], timezone }).collect({
        caller: fixture.client,
        signal: never,
      });
    const [shanghai, utc] = [await collect('Asia/Shanghai'), await collect('UTC')];
    const starts = (s: ScanSample[]) =>
      byName(s, 'tencentcloud_scan_start_timestamp_seconds').map((x) => x.value);
    expect(starts(shanghai).length).toBeGreaterThan(0);
    // Same wall-clock strings read 8 hours apart.
    expect(starts(utc).map((v, i) => v - starts(shanghai)[i]!)).toEqual(starts(utc).map(() => 8 * 3600));
    // The simulator writes Beijing time: read in Asia/Shanghai it is not in the future.
    for (const v of starts(shanghai)) expect(v).toBeLessThanOrEqual(Date.now() / 1000 + 5);
  });

  test('nulls give no value samples; every mapped field is documented in the table', async () => {
    fixture = await simulatorWithClient({ baselineStrategyIds: [1] });
    fixture.sim.setFault('acme', { fault: { kind: 'nulls' }, actions: ['DescribeScanState'] });
    const samples = await createCwpScanStateCollector({
      modules: ['Malware'],
      baseline_strategy_ids: [],
      timezone: 'UTC',
    }).collect({
      caller: fixture.client,
      signal: never,
    });
    expect(samples.map((s) => s.name)).toEqual(['tencentcloud_scan_info']);
    expect(new Set(CWP_FIELD_TABLE.map((r) => r.metric)).size).toBe(CWP_FIELD_TABLE.length);
  });
});

describe('config', () => {
  test('a strategy id listed twice is refused (it would be two identical series in one scrape)', async () => {
    const yaml =
      'accounts: [{name: a}]\ncollectors:\n  cwp_scan_state:\n    baseline_strategy_ids: [1, 2, 1]\n';
    const error = await loadConfigText(yaml, {}).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as Error).message).toBe(
      'invalid config: collectors.cwp_scan_state.baseline_strategy_ids: must not list a strategy id twice',
    );
    const ok = await loadConfigText(yaml.replace('[1, 2, 1]', '[1, 2]'), {});
    expect(ok.collectors.cwp_scan_state.baseline_strategy_ids).toEqual([1, 2]);
  });
});

import {
  CWP_FIELD_TABLE,
  createCwpScanStateCollector,
  cwpState,
} from '../../src/collectors/cwp-scan-state.js';
import type { ScanSample } from '../../src/metrics/scan-families.js';
import { never, simulatorWithClient } from './simulator-fixture.js';

const byName = (samples: ScanSample[], name: string) => samples.filter((s) => s.name === name);
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
      baselineStrategyIds: 'auto',
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

  test('configured strategy ids are used as given; an unknown one fails the round', async () => {
    fixture = await simulatorWithClient({ baselineStrategyIds: [1, 2] });
    const ok = createCwpScanStateCollector({
      modules: ['Baseline'],
      baselineStrategyIds: [2],
      timezone: 'UTC',
    });
    const samples = await ok.collect({ caller: fixture.client, signal: never });
    expect(new Set(samples.map((s) => s.labels.strategy_id))).toEqual(new Set(['2']));
    const bad = createCwpScanStateCollector({
      modules: ['Baseline'],
      baselineStrategyIds: [2, 99],
      timezone: 'UTC',
    });
    await expect(bad.collect({ caller: fixture.client, signal: never })).rejects.toMatchObject({
      code: 'ResourceNotFound',
    });
  });

  test('timestamps follow the configured zone', async () => {
    fixture = await simulatorWithClient({ baselineStrategyIds: [1] });
    const collect = (timezone: string) =>
      createCwpScanStateCollector({ modules: ALL, baselineStrategyIds: [1], timezone }).collect({
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
      baselineStrategyIds: [],
      timezone: 'UTC',
    }).collect({
      caller: fixture.client,
      signal: never,
    });
    expect(samples.map((s) => s.name)).toEqual(['tencentcloud_scan_info']);
    expect(new Set(CWP_FIELD_TABLE.map((r) => r.metric)).size).toBe(CWP_FIELD_TABLE.length);
  });
});

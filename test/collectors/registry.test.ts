import { scanLandingRows } from '../../src/collectors/definition.js';
import { COLLECTOR_NAMES, COLLECTORS, collectorsSchema } from '../../src/collectors/registry.js';
import { SCAN_METRIC_NAMES } from '../../src/metrics/scan-families.js';
import { DETAIL_COLLECTORS, FURTHER_SCAN_COLLECTORS, SUMMARY_COLLECTORS } from '../integration/fixture.js';

describe('collector registry', () => {
  test('names are unique snake_case config keys', () => {
    expect(new Set(COLLECTOR_NAMES).size).toBe(COLLECTOR_NAMES.length);
    for (const name of COLLECTOR_NAMES) expect(name).toMatch(/^[a-z][a-z0-9_]*$/);
  });

  test.each(COLLECTORS.map((d) => [d.name, d] as const))(
    '%s: every field table is for an action it calls',
    (_, d) => {
      const called = new Set(d.actions.map((a) => `${a.service}/${a.action}`));
      for (const table of d.fields) {
        expect(called).toContain(`${table.action.service}/${table.action.action}`);
        expect(table.action.service).toBe(d.product);
        for (const row of table.rows) expect(SCAN_METRIC_NAMES).toContain(row.metric);
      }
    },
  );

  test.each(COLLECTORS.map((d) => [d.name, d] as const))(
    '%s: an empty block gets the defaults, an unknown key is rejected, and it constructs',
    (_, d) => {
      const config = d.config.parse({});
      // Opt-in: the summaries (each needs its own CAM permission) and the scans an account may not
      // have (container virus, image vulnerability, compliance), the per-asset detail (cardinality
      // an operator chooses); the other scan collectors are on.
      expect(config.enabled).toBe(
        ![...SUMMARY_COLLECTORS, ...FURTHER_SCAN_COLLECTORS, ...DETAIL_COLLECTORS].includes(d.name as never),
      );
      expect(config.timeout_seconds).toBeGreaterThan(0);
      expect(d.config.safeParse({ no_such_key: 1 }).success).toBe(false);
      expect(d.config.safeParse({ schedule: 'every minute' }).success).toBe(false);
      const collector = (d.create as (c: unknown) => { name: string })(config);
      expect(collector.name).toBe(d.name);
    },
  );

  test('the collectors block has one key per collector, each filled with its defaults', () => {
    const parsed = collectorsSchema.parse({}) as Record<string, unknown>;
    expect(Object.keys(parsed)).toEqual([...COLLECTOR_NAMES]);
    expect(collectorsSchema.safeParse({ nope: {} }).success).toBe(false);
  });

  test('default landing rows fold a state set and tell strategies apart', () => {
    const base = { account: 'a', product: 'cwp', scan: 'baseline' };
    const rows = scanLandingRows([
      { name: 'tencentcloud_scan_state', labels: { ...base, strategy_id: '1', state: 'scanning' }, value: 1 },
      {
        name: 'tencentcloud_scan_state',
        labels: { ...base, strategy_id: '1', state: 'completed' },
        value: 0,
      },
      { name: 'tencentcloud_scan_progress_ratio', labels: { ...base, strategy_id: '1' }, value: 0.5 },
      { name: 'tencentcloud_scan_progress_ratio', labels: { ...base, strategy_id: '2' }, value: 1 },
    ]);
    expect(rows).toEqual([
      { product: 'cwp', scan: 'baseline', detail: 'strategy 1', state: 'scanning', progress: 0.5 },
      { product: 'cwp', scan: 'baseline', detail: 'strategy 2', progress: 1 },
    ]);
  });
});

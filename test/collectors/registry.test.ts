import { PartialRoundError } from '../../src/collectors/collector.js';
import { defineCollector, scanLandingRows } from '../../src/collectors/definition.js';
import { COLLECTOR_NAMES, COLLECTORS, collectorsSchema, familyTable } from '../../src/collectors/registry.js';
import { sharedMetrics } from '../../src/collectors/shared-metrics.js';
import type { ActionSpec } from '../../src/tencentcloud/types.js';
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
        for (const row of table.rows) expect(Object.keys(d.metrics)).toContain(row.metric);
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

  test('the family table has every declared family once, with the HELP of its declaration', () => {
    const families = familyTable(COLLECTORS);
    expect(new Set(families.map((f) => f.name)).size).toBe(families.length);
    for (const d of COLLECTORS) {
      expect(Object.keys(d.metrics).length).toBeGreaterThan(0);
      for (const [name, help] of Object.entries(d.metrics)) {
        expect(name).toMatch(/^tencentcloud_(scan|security)_[a-z_]+$/);
        expect(families.find((f) => f.name === name)?.help).toBe(help);
        expect(help).toMatch(
          / Polled from the Tencent Cloud API on the collector schedule, not at scrape time\.$/,
        );
      }
    }
  });

  test('one family with two HELP texts is refused, naming both collectors', () => {
    const a = { name: 'a', metrics: { tencentcloud_scan_risks: 'Risks.', tencentcloud_scan_x: 'X.' } };
    const b = { name: 'b', metrics: { tencentcloud_scan_risks: 'Risks found.' } };
    expect(() => familyTable([a, b])).toThrow(/tencentcloud_scan_risks .* collector a .* b/);
    expect(familyTable([a, { name: 'c', metrics: { tencentcloud_scan_risks: 'Risks.' } }])).toEqual([
      { name: 'tencentcloud_scan_risks', help: 'Risks.' },
      { name: 'tencentcloud_scan_x', help: 'X.' },
    ]);
  });

  describe('a collector emits only the families it declares', () => {
    const action: ActionSpec = { service: 'cwp', version: '2018-02-28', action: 'DescribeX' } as ActionSpec;
    const sample = (name: string) => ({ name, labels: { account: 'a' }, value: 1 });
    type Spec = Parameters<typeof defineCollector<'fake', Record<never, never>>>[0];
    const fake = (spec: Partial<Spec>) =>
      defineCollector({
        name: 'fake',
        product: 'cwp',
        description: 'fake',
        defaults: { schedule: '*/5 * * * * *', timeout_seconds: 1 },
        options: {},
        actions: [action],
        metrics: {},
        fields: [],
        create: () => ({ name: 'fake', collect: async () => [] }),
        ...spec,
      });
    const define = (collect: () => Promise<ReturnType<typeof sample>[]>) =>
      fake({ metrics: { tencentcloud_security_x: 'X (CWP X).' }, create: () => ({ name: 'fake', collect }) });
    const run = (d: ReturnType<typeof define>) =>
      d.create(d.config.parse({})).collect({ caller: {} as never, signal: new AbortController().signal });

    test('a declared family passes, with the polled sentence added to its HELP', async () => {
      const d = define(async () => [sample('tencentcloud_security_x')]);
      expect(d.metrics).toEqual({
        tencentcloud_security_x:
          'X (CWP X). Polled from the Tencent Cloud API on the collector schedule, not at scrape time.',
      });
      await expect(run(d)).resolves.toEqual([sample('tencentcloud_security_x')]);
    });

    test('an undeclared family fails the round, in a full or a partial answer', async () => {
      await expect(run(define(async () => [sample('tencentcloud_security_y')]))).rejects.toThrow(
        'collector fake emitted tencentcloud_security_y, not in its metrics',
      );
      const partial = new PartialRoundError([sample('tencentcloud_security_y')], [], 1);
      await expect(run(define(() => Promise.reject(partial)))).rejects.toThrow(/tencentcloud_security_y/);
    });

    test('a field row of an undeclared family fails at definition', () => {
      expect(() =>
        fake({
          fields: [{ action, rows: [{ metric: 'tencentcloud_security_y', field: 'Y', kind: 'number' }] }],
        }),
      ).toThrow('collector fake: field Y feeds tencentcloud_security_y, not in its metrics');
    });

    test('a field row naming a shared family declares it, with the one shared HELP', () => {
      const d = fake({
        fields: [{ action, rows: [{ metric: 'tencentcloud_security_hosts', field: 'H', kind: 'number' }] }],
      });
      expect(Object.keys(d.metrics)).toEqual(['tencentcloud_security_hosts']);
      expect(d.metrics['tencentcloud_security_hosts']).toBe(
        `${sharedMetrics('tencentcloud_security_hosts')['tencentcloud_security_hosts']} Polled from the Tencent Cloud API on the collector schedule, not at scrape time.`,
      );
    });
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

/**
 * The seven summary collectors against the simulator over real HTTP: every series compared value
 * by value with what the simulator answered at the same instant (read field by field by the test,
 * with the severity tables written out from the SDK models), plus the edges: a VulLevel outside
 * 1–4, a TCSS Level outside the four, null lists and fields, wrong types.
 */
import type { CollectorDefinition } from '../../src/collectors/definition.js';
import { COLLECTORS } from '../../src/collectors/registry.js';
import type { ScanSample } from '../../src/metrics/scan-families.js';
import type { FieldIssue } from '../../src/tencentcloud/apis/types.js';
import { clockAt, findMoment } from '../helpers/sim-clock.js';
import { SUMMARY_ACTIONS, summarySeries } from '../integration/expected-series.js';
import { byKey } from '../integration/scan-assertions.js';
import { never, simulatorWithClient } from './simulator-fixture.js';

type Fixture = Awaited<ReturnType<typeof simulatorWithClient>>;

function definitionOf(name: string): CollectorDefinition {
  const d = COLLECTORS.find((c) => c.name === name);
  if (!d) throw new Error(name);
  return d as CollectorDefinition;
}

async function collect(fixture: Fixture, name: string) {
  const definition = definitionOf(name);
  const issues: { action: string; issue: FieldIssue }[] = [];
  const samples = await definition.create(definition.config.parse({}) as never).collect({
    caller: fixture.client,
    signal: never,
    onFieldIssue: (action, issue) => issues.push({ action, issue }),
  });
  return { samples, issues };
}

/** A moment at which every scan of `acme` has ended at least once (so every list has entries). */
function endedMoment(): number {
  const any = ['never_scanned', 'scanning', 'completed', 'stopping', 'stopped'] as const;
  return findMoment([
    { account: 'acme', scan: 'image', phases: any, minCycle: 1 },
    { account: 'acme', scan: 'Vul', phases: any, minCycle: 1 },
    { account: 'acme', scan: 'Malware', phases: any, minCycle: 1 },
    { account: 'acme', scan: 'Baseline/1', phases: any, minCycle: 1 },
  ]);
}

let fixture: Fixture;
afterEach(async () => {
  await fixture?.close();
});

async function startAt(elapsedSeconds: number): Promise<Fixture> {
  const at = clockAt(elapsedSeconds);
  const started = await simulatorWithClient({ baselineStrategyIds: [1, 2], now: at.clock.now });
  at.start();
  return started;
}

/** Series per account when every field and list entry is there (the README's cardinality). */
const SERIES: Readonly<Record<string, number>> = {
  tcss_image_risk_summary: 12,
  tcss_asset_summary: 16,
  cwp_vul_level_count: 4,
  cwp_vul_host_count: 4,
  cwp_general_stat: 10,
  cwp_baseline_overview: 4,
  cwp_security_events: 29,
};

test('the README states the series count of all summaries together', () => {
  const total = Object.values(SERIES).reduce((a, b) => a + b, 0);
  expect(total).toBe(79);
  expect(SUMMARY_ACTIONS.map((a) => a.collector).sort()).toEqual(Object.keys(SERIES).sort());
});

describe.each(SUMMARY_ACTIONS.map((a) => [a.collector, a.spec.action, a.product] as const))(
  '%s (%s)',
  (collector, action, product) => {
    test('every series equals what the simulator answered, value by value', async () => {
      fixture = await startAt(endedMoment());
      const { samples, issues } = await collect(fixture, collector);
      const raw = await fixture.client.call(definitionOf(collector).actions[0]!, {});
      const expected = summarySeries('acme', action, raw);
      expect(samples).toHaveLength(SERIES[collector]!);
      expect(byKey(samples)).toEqual(byKey(expected));
      expect(issues).toEqual([]);
      for (const s of samples) {
        expect(s.labels).toMatchObject({ account: 'acme', product });
        expect(s.name).toMatch(/^tencentcloud_security_/);
        expect(Object.keys(definitionOf(collector).metrics)).toContain(s.name);
      }
    });

    test('every field null: no sample at all, never a made-up 0, and no issue', async () => {
      fixture = await startAt(endedMoment());
      fixture.sim.setFault('acme', { fault: { kind: 'nulls' }, actions: [action] });
      const { samples, issues } = await collect(fixture, collector);
      expect(samples).toEqual([]);
      expect(issues).toEqual([]);
    });

    test('wrong types: numbers written as strings give the same samples, the rest is a field issue each', async () => {
      fixture = await startAt(endedMoment());
      const { RequestId: _id, ...raw } = await fixture.client.call(definitionOf(collector).actions[0]!, {});
      // wrong_types answers each number as its digit string ("12"), strings as numbers, lists as objects.
      fixture.sim.setFault('acme', { fault: { kind: 'wrong_types' }, actions: [action] });
      const { samples, issues } = await collect(fixture, collector);
      const numbers = Object.fromEntries(Object.entries(raw).filter(([, v]) => typeof v === 'number'));
      const expected = summarySeries('acme', action, numbers);
      expect(byKey(samples)).toEqual(byKey(expected));
      const flagged = new Set(issues.map((i) => i.issue.field.replace(/\[\].*$/, '')));
      for (const field of Object.keys(numbers))
        expect({ field, flagged: flagged.has(field) }).toEqual({ field, flagged: false });
      for (const field of flagged) expect(Object.keys(raw)).toContain(field);
      if (Object.keys(numbers).length === Object.keys(raw).length) expect(issues).toEqual([]);
      for (const i of issues) expect(i.action).toBe(action);
    });
  },
);

const sorted = (samples: readonly ScanSample[]) =>
  samples.map((s) => `${s.labels['kind']}/${s.labels['severity']}=${s.value}`).sort();

describe('severity lists', () => {
  test('a VulLevel outside 1–4 gives no sample and a field issue; the other entries are kept, a digit string as its number', async () => {
    fixture = await startAt(endedMoment());
    fixture.sim.setFault('acme', {
      fault: {
        kind: 'fields',
        fields: {
          VulLevelList: [
            { VulLevel: 0, Count: 7 },
            { VulLevel: 1, Count: 5 },
            { VulLevel: 5, Count: 9 },
            { VulLevel: 4, Count: 2 },
            { VulLevel: '3', Count: '1' },
            { VulLevel: '2', Count: ' 6' },
          ],
        },
      },
      actions: ['DescribeVulLevelCount'],
    });
    const { samples, issues } = await collect(fixture, 'cwp_vul_level_count');
    expect(sorted(samples)).toEqual([
      'vulnerability/critical=2',
      'vulnerability/high=1',
      'vulnerability/low=5',
    ]);
    expect(issues.map((i) => i.issue.field)).toEqual([
      'VulLevelList[].VulLevel',
      'VulLevelList[].VulLevel',
      'VulLevelList[].Count',
    ]);
    expect(issues[1]!.issue.problem).toBe('entry 2: expected VulLevel 1..4, got number 5');
    expect(issues[2]!.issue.problem).toBe(
      'entry 5: expected non-negative integer (number or digit string), got string " 6"',
    );
  });

  test('a TCSS Level outside the four, a negative count and a repeated level are issues; the rest is kept', async () => {
    fixture = await startAt(endedMoment());
    fixture.sim.setFault('acme', {
      fault: {
        kind: 'fields',
        fields: {
          VulnerabilityCnt: [
            { Level: 'CRITICAL', Cnt: 3 },
            { Level: 'SEVERE', Cnt: 4 },
            { Level: 'HIGH', Cnt: -1 },
            { Level: 'CRITICAL', Cnt: 8 },
          ],
          MalwareVirusCnt: null,
          RiskCnt: [],
        },
      },
      actions: ['DescribeImageRiskSummary'],
    });
    const { samples, issues } = await collect(fixture, 'tcss_image_risk_summary');
    expect(sorted(samples)).toEqual(['vulnerability/critical=3']);
    expect(issues.map((i) => i.issue.field)).toEqual([
      'VulnerabilityCnt[].Level',
      'VulnerabilityCnt[].Cnt',
      'VulnerabilityCnt[].Level',
    ]);
  });

  test('before the first scan has ended the lists are null: no findings series at all', async () => {
    // The first second at which acme's image and Vul scans exist but none has ended yet.
    fixture = await startAt(
      findMoment([
        { account: 'acme', scan: 'image', phases: ['scanning'] },
        { account: 'acme', scan: 'Vul', phases: ['scanning', 'never_scanned'] },
      ]),
    );
    const raw = await fixture.client.call(definitionOf('cwp_vul_level_count').actions[0]!, {});
    const tcssRaw = await fixture.client.call(definitionOf('tcss_image_risk_summary').actions[0]!, {});
    // Only meaningful in the first cycle; findMoment picks the earliest second, which is.
    expect(raw['VulLevelList']).toBeNull();
    expect(tcssRaw['VulnerabilityCnt']).toBeNull();
    expect((await collect(fixture, 'cwp_vul_level_count')).samples).toEqual([]);
    expect((await collect(fixture, 'tcss_image_risk_summary')).samples).toEqual([]);
  });
});

describe('a failed call fails the round (the scheduler keeps the last values until stale)', () => {
  test('an API error rejects with its code', async () => {
    fixture = await startAt(endedMoment());
    fixture.sim.setFault('acme', {
      fault: { kind: 'error', code: 'AuthFailure.UnauthorizedOperation' },
      actions: ['DescribeGeneralStat'],
    });
    await expect(collect(fixture, 'cwp_general_stat')).rejects.toMatchObject({
      code: 'AuthFailure.UnauthorizedOperation',
    });
  });
});

import {
  createTcssContainerVirusCollector,
  VIRUS_FIELD_TABLE,
  virusScanState,
  virusScanTrigger,
} from '../../src/collectors/tcss-container-virus.js';
import { furtherScanCases } from './further-scan-cases.js';
import { byName, expectEveryRowSampled, simulatorPerTest } from './simulator-fixture.js';

/** The contract's container virus state table, row by row (`SCANNING`: the official example). */
const STATE_TABLE: [string, string][] = [
  ['SCAN_NONE', 'never_scanned'],
  ['SCAN_SCANNING', 'scanning'],
  ['SCANNING', 'scanning'],
  ['SCAN_FINISH', 'completed'],
  ['SCAN_TIMEOUT', 'failed'],
  ['SCAN_CANCELING', 'stopping'],
  ['SCAN_CANCELED', 'stopped'],
  ['SCAN_PAUSED', 'unknown'],
  ['', 'unknown'],
  ['toString', 'unknown'],
];

test.each(STATE_TABLE)('Status %s → %s', (status, state) => {
  expect(virusScanState(status)).toBe(state);
});

test('ScanType CYCLE → scheduled, MANUAL → one_click, anything else → no trigger', () => {
  expect(virusScanTrigger('CYCLE')).toBe('scheduled');
  expect(virusScanTrigger('MANUAL')).toBe('one_click');
  expect(virusScanTrigger(undefined)).toBe('');
  expect(virusScanTrigger('constructor')).toBe('');
});

describe('container virus collector: what every further scan does', () => {
  furtherScanCases({
    collector: 'tcss_container_virus',
    what: 'container virus scan',
    unit: { product: 'tcss', scan: 'container_virus' },
    create: createTcssContainerVirusCollector,
    withStatus: (Status) => ({ Status }),
    states: STATE_TABLE.slice(0, 8),
  });
});

describe('container virus collector (against the simulator)', () => {
  const fixture = simulatorPerTest();
  const collect = (onFieldIssue?: (action: string, issue: { field: string }) => void) =>
    fixture.collect(createTcssContainerVirusCollector(), onFieldIssue);

  test('every field becomes its sample with account/product/scan labels; counts are coherent', async () => {
    fixture.sim.setFault('acme', {
      fault: { kind: 'fields', fields: { EndTime: '2026-11-30 10:00:00', ScanType: 'MANUAL' } },
    });
    const samples = await collect();
    expectEveryRowSampled(samples, VIRUS_FIELD_TABLE);
    for (const s of samples)
      expect(s.labels).toMatchObject({ account: 'acme', product: 'tcss', scan: 'container_virus' });
    const [total, scanned, risky] = [
      'tencentcloud_scan_containers',
      'tencentcloud_scan_containers_scanned',
      'tencentcloud_scan_containers_at_risk',
    ].map((n) => byName(samples, n)[0]!.value);
    expect(scanned).toBeLessThanOrEqual(total!);
    expect(risky).toBeLessThanOrEqual(scanned!);
    // Beijing time: 10:00 at UTC+8 is 02:00 UTC.
    expect(byName(samples, 'tencentcloud_scan_end_timestamp_seconds')[0]!.value).toBe(
      Date.UTC(2026, 10, 30, 2) / 1000,
    );
    expect(byName(samples, 'tencentcloud_scan_info')[0]!.labels).toMatchObject({ trigger: 'one_click' });
  });

  test('a fractional Schedule is a ratio; a numeric ScanType (the official example) gives no trigger and a field issue', async () => {
    fixture.sim.setFault('acme', { fault: { kind: 'fields', fields: { Schedule: 47.5, ScanType: 1 } } });
    const issues: string[] = [];
    const samples = await collect((action, issue) => issues.push(`${action}.${issue.field}`));
    expect(byName(samples, 'tencentcloud_scan_progress_ratio')[0]!.value).toBeCloseTo(0.475, 12);
    expect(byName(samples, 'tencentcloud_scan_info')[0]!.labels.trigger).toBe('');
    expect(issues).toEqual(['DescribeVirusScanTaskStatus.ScanType']);
  });

  test('null fields give no sample, never a made-up 0', async () => {
    fixture.sim.setFault('acme', { fault: { kind: 'nulls' } });
    const samples = await collect();
    expect(samples.map((s) => s.name)).toEqual(['tencentcloud_scan_info']);
  });
});

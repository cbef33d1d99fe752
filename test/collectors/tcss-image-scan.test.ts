import {
  createTcssImageScanCollector,
  TCSS_FIELD_TABLE,
  tcssState,
} from '../../src/collectors/tcss-image-scan.js';
import type { ScanSample } from '../../src/metrics/scan-families.js';
import { never, simulatorWithClient } from './simulator-fixture.js';

const byName = (samples: ScanSample[], name: string) => samples.filter((s) => s.name === name);

describe('tcssState', () => {
  test.each([
    ['SCANNING', 'scanning'],
    ['END', 'completed'],
    ['READY', 'never_scanned'],
    ['CANCELED', 'stopped'],
    ['PAUSED', 'unknown'],
    [undefined, undefined],
  ])('%s → %s', (status, state) => {
    expect(tcssState(status)).toBe(state);
  });
});

describe('TCSS image scan collector (against the simulator)', () => {
  let fixture: Awaited<ReturnType<typeof simulatorWithClient>>;
  beforeEach(async () => {
    fixture = await simulatorWithClient();
  });
  afterEach(async () => {
    await fixture.close();
  });

  test('latest task: every mapped field becomes a sample with account/product/scan labels', async () => {
    const samples = await createTcssImageScanCollector({ taskIds: [] }).collect({
      caller: fixture.client,
      signal: never,
    });
    for (const row of TCSS_FIELD_TABLE) expect(byName(samples, row.metric).length).toBeGreaterThan(0);
    for (const s of samples)
      expect(s.labels).toMatchObject({ account: 'acme', product: 'tcss', scan: 'image' });
    const progress = byName(samples, 'tencentcloud_scan_progress_ratio')[0]!.value;
    expect(progress).toBeGreaterThanOrEqual(0);
    expect(progress).toBeLessThanOrEqual(1);
    const states = byName(samples, 'tencentcloud_scan_state');
    expect(states).toHaveLength(6);
    expect(states.filter((s) => s.value === 1)).toHaveLength(1);
    const info = byName(samples, 'tencentcloud_scan_info')[0]!;
    expect(info.labels.task_id).not.toBe('');
    expect(info.labels.status).toMatch(/^[A-Z]+$/);
    const images = byName(samples, 'tencentcloud_scan_images')[0]!.value;
    const scanned = byName(samples, 'tencentcloud_scan_images_scanned')[0]!.value;
    const succeeded = byName(samples, 'tencentcloud_scan_images_succeeded')[0]!.value;
    expect(succeeded).toBeLessThanOrEqual(scanned);
    expect(scanned).toBeLessThanOrEqual(images);
  });

  test('null fields give no sample, never a made-up 0', async () => {
    fixture.sim.setFault('acme', { fault: { kind: 'nulls' }, actions: ['DescribeAssetImageScanStatus'] });
    const samples = await createTcssImageScanCollector({ taskIds: [] }).collect({
      caller: fixture.client,
      signal: never,
    });
    expect(samples.filter((s) => s.name !== 'tencentcloud_scan_info')).toEqual([]);
    expect(byName(samples, 'tencentcloud_scan_info')[0]!.labels.status).toBe('');
  });

  test('wrong types are reported and left out', async () => {
    fixture.sim.setFault('acme', {
      fault: { kind: 'wrong_types' },
      actions: ['DescribeAssetImageScanStatus'],
    });
    const issues: string[] = [];
    const samples = await createTcssImageScanCollector({ taskIds: [] }).collect({
      caller: fixture.client,
      signal: never,
      onFieldIssue: (action, issue) => issues.push(`${action}.${issue.field}`),
    });
    expect(issues.length).toBeGreaterThan(0);
    for (const field of issues) {
      const row = TCSS_FIELD_TABLE.find(
        (r) => `DescribeAssetImageScanStatus.${r.field}` === field && r.kind === 'number',
      );
      if (row) expect(byName(samples, row.metric)).toEqual([]);
    }
  });

  test('several configured task ids keep their series apart with a task_id label', async () => {
    const task = await createTcssImageScanCollector({ taskIds: [] }).collect({
      caller: fixture.client,
      signal: never,
    });
    const id = byName(task, 'tencentcloud_scan_info')[0]!.labels.task_id!;
    await expect(
      createTcssImageScanCollector({ taskIds: [id, 'no-such-task'] }).collect({
        caller: fixture.client,
        signal: never,
      }),
    ).rejects.toMatchObject({ code: 'ResourceNotFound' });
    const samples = await createTcssImageScanCollector({ taskIds: [id] }).collect({
      caller: fixture.client,
      signal: never,
    });
    expect(byName(samples, 'tencentcloud_scan_progress_ratio')[0]!.labels.task_id).toBeUndefined();
  });

  test('an API error fails the whole round', async () => {
    fixture.sim.setFault('acme', { fault: { kind: 'error', code: 'AuthFailure.SecretIdNotFound' } });
    await expect(
      createTcssImageScanCollector({ taskIds: [] }).collect({ caller: fixture.client, signal: never }),
    ).rejects.toMatchObject({ code: 'AuthFailure.SecretIdNotFound' });
  });
});

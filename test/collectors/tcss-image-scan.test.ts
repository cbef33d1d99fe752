import { PartialRoundError } from '../../src/collectors/collector.js';
import {
  createTcssImageScanCollector,
  TCSS_FIELD_TABLE,
  tcssState,
} from '../../src/collectors/tcss-image-scan.js';
import { ConfigError, loadConfigText } from '../../src/config/index.js';
import { byName, simulatorPerTest } from './simulator-fixture.js';

/** The contract's TCSS state table, row by row. */
const STATE_TABLE: [string, string | undefined, string][] = [
  ['READY', undefined, 'pending'],
  ['READY', 'Success', 'pending'],
  ['SCANNING', undefined, 'scanning'],
  ['SCANNING', 'Error', 'scanning'],
  ['END', 'Success', 'completed'],
  ['END', '', 'completed'],
  ['END', undefined, 'completed'],
  ['END', 'Cancel', 'stopped'],
  ['END', 'Timeout', 'failed'],
  ['END', 'Error', 'failed'],
  ['END', 'Paused', 'completed'],
  ['CANCELED', undefined, 'unknown'],
  ['PAUSED', 'Cancel', 'unknown'],
];

describe('tcssState', () => {
  test.each(STATE_TABLE)('%s / %s → %s', (status, subStatus, state) => {
    expect(tcssState(status, subStatus)).toBe(state);
  });

  test('no Status gives no state', () => {
    expect(tcssState(undefined, 'Cancel')).toBeUndefined();
  });
});

describe('TCSS image scan collector (against the simulator)', () => {
  const fixture = simulatorPerTest();

  test('latest task: every mapped field becomes a sample with account/product/scan labels', async () => {
    const samples = await fixture.collect(createTcssImageScanCollector({ task_ids: [] }));
    for (const row of TCSS_FIELD_TABLE) expect(byName(samples, row.metric).length).toBeGreaterThan(0);
    for (const s of samples)
      expect(s.labels).toMatchObject({ account: 'acme', product: 'tcss', scan: 'image' });
    const progress = byName(samples, 'tencentcloud_scan_progress_ratio')[0]!.value;
    expect(progress).toBeGreaterThanOrEqual(0);
    expect(progress).toBeLessThanOrEqual(1);
    const states = byName(samples, 'tencentcloud_scan_state');
    expect(states).toHaveLength(8);
    expect(states.filter((s) => s.value === 1)).toHaveLength(1);
    const info = byName(samples, 'tencentcloud_scan_info')[0]!;
    expect(info.labels.task_id).not.toBe('');
    expect(info.labels.status).toMatch(/^(READY|SCANNING|END)$/);
    expect(info.labels.sub_status).toMatch(/^(|Success|Cancel|Timeout|Error)$/);
    const last = byName(samples, 'tencentcloud_scan_last_scan_timestamp_seconds')[0]!.value;
    // LastScanTime is Beijing time: read as such, it is recent and not in the future.
    expect(last).toBeLessThanOrEqual(Date.now() / 1000 + 5);
    expect(last).toBeGreaterThan(Date.now() / 1000 - 3600);
    const images = byName(samples, 'tencentcloud_scan_images')[0]!.value;
    const scanned = byName(samples, 'tencentcloud_scan_images_scanned')[0]!.value;
    const succeeded = byName(samples, 'tencentcloud_scan_images_succeeded')[0]!.value;
    expect(succeeded).toBeLessThanOrEqual(scanned);
    expect(scanned).toBeLessThanOrEqual(images);
  });

  test('null fields give no sample, never a made-up 0', async () => {
    fixture.sim.setFault('acme', { fault: { kind: 'nulls' }, actions: ['DescribeAssetImageScanStatus'] });
    const samples = await fixture.collect(createTcssImageScanCollector({ task_ids: [] }));
    // The task lookup still answered: its time and state stand; the status call's numbers do not.
    expect(
      samples
        .filter((s) => !['tencentcloud_scan_info', 'tencentcloud_scan_state'].includes(s.name))
        .map((s) => s.name),
    ).toEqual(['tencentcloud_scan_last_scan_timestamp_seconds']);
  });

  test.each(STATE_TABLE)(
    'over HTTP: Status %s, SubStatus %s → state %s, raw values on info',
    async (status, subStatus, state) => {
      const fields: Record<string, unknown> = { Status: status, SubStatus: subStatus ?? null };
      if (subStatus === undefined) fields['SubStatus'] = null;
      fixture.sim.setFault('acme', {
        fault: { kind: 'fields', fields },
        actions: ['DescribeAssetImageScanTask'],
      });
      const samples = await fixture.collect(createTcssImageScanCollector({ task_ids: [] }));
      const on = byName(samples, 'tencentcloud_scan_state').filter((s) => s.value === 1);
      expect(on.map((s) => s.labels.state)).toEqual([state]);
      expect(byName(samples, 'tencentcloud_scan_info')[0]!.labels).toMatchObject({
        status,
        sub_status: subStatus ?? '',
      });
    },
  );

  test('configured task ids: the state comes from the status call (no SubStatus there)', async () => {
    const task = await fixture.collect(createTcssImageScanCollector({ task_ids: [] }));
    const id = byName(task, 'tencentcloud_scan_info')[0]!.labels.task_id!;
    fixture.sim.setFault('acme', { fault: { kind: 'fields', fields: { Status: 'END' } } });
    const samples = await fixture.collect(createTcssImageScanCollector({ task_ids: [id] }));
    expect(byName(samples, 'tencentcloud_scan_state').find((s) => s.value === 1)?.labels.state).toBe(
      'completed',
    );
    expect(byName(samples, 'tencentcloud_scan_last_scan_timestamp_seconds')).toEqual([]);
  });

  test('wrong types are reported and left out', async () => {
    fixture.sim.setFault('acme', {
      fault: { kind: 'wrong_types' },
      actions: ['DescribeAssetImageScanStatus'],
    });
    const issues: string[] = [];
    const samples = await fixture.collect(createTcssImageScanCollector({ task_ids: [] }), (action, issue) =>
      issues.push(`${action}.${issue.field}`),
    );
    expect(issues.length).toBeGreaterThan(0);
    for (const field of issues) {
      const row = TCSS_FIELD_TABLE.find(
        (r) => `DescribeAssetImageScanStatus.${r.field}` === field && r.kind === 'number',
      );
      if (row) expect(byName(samples, row.metric)).toEqual([]);
    }
  });

  test('several configured task ids keep their series apart with a task_id label', async () => {
    const task = await fixture.collect(createTcssImageScanCollector({ task_ids: [] }));
    const id = byName(task, 'tencentcloud_scan_info')[0]!.labels.task_id!;
    // Each task is its own scan: the unknown one fails, the other's series are kept.
    const partial = await fixture
      .collect(createTcssImageScanCollector({ task_ids: [id, 'no-such-task'] }))
      .catch((e: unknown) => e);
    expect(partial).toBeInstanceOf(PartialRoundError);
    expect(partial).toMatchObject({ code: 'ResourceNotFound' });
    const kept = (partial as PartialRoundError).samples;
    expect(new Set(kept.map((s) => s.labels.task_id))).toEqual(new Set([id]));
    expect((partial as PartialRoundError).failures.map((f) => f.unit)).toEqual([
      { product: 'tcss', scan: 'image', task_id: 'no-such-task' },
    ]);
    const samples = await fixture.collect(createTcssImageScanCollector({ task_ids: [id] }));
    expect(byName(samples, 'tencentcloud_scan_progress_ratio')[0]!.labels.task_id).toBeUndefined();
  });

  test('an API error fails the whole round', async () => {
    fixture.sim.setFault('acme', { fault: { kind: 'error', code: 'AuthFailure.SecretIdNotFound' } });
    await expect(fixture.collect(createTcssImageScanCollector({ task_ids: [] }))).rejects.toMatchObject({
      code: 'AuthFailure.SecretIdNotFound',
    });
  });
});

describe('config', () => {
  test('a task id listed twice is refused, also as a number and its string (it would be two identical series)', async () => {
    const yaml = 'accounts: [{name: a}]\ncollectors:\n  tcss_image_scan:\n    task_ids: [42, "42"]\n';
    const error = await loadConfigText(yaml, {}).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as Error).message).toBe(
      'invalid config: collectors.tcss_image_scan.task_ids: must not list a task id twice',
    );
  });
});

import { z } from 'zod';
import type { ScanSample, ScanStateName } from '../metrics/scan-families.js';
import {
  DESCRIBE_ASSET_IMAGE_SCAN_STATUS,
  DESCRIBE_ASSET_IMAGE_SCAN_TASK,
  describeAssetImageScanStatus,
  describeAssetImageScanTask,
} from '../tencentcloud/apis/tcss.js';
import type { ImageScanStatus, ImageScanTask } from '../tencentcloud/apis/types.js';
import type { CallOptions } from '../tencentcloud/types.js';
import {
  type CollectContext,
  type Collector,
  callOptionsOf,
  perScan,
  reportIssues,
  type ScanJob,
  type ScanUnit,
} from './collector.js';
import { defineCollector, distinct, type FieldRow } from './definition.js';
import { type Labels, stateSamples, valueSamples } from './field-table.js';

/** TCSS DescribeAssetImageScanStatus → metrics. The README's metrics table is checked against this. */
export const TCSS_FIELD_TABLE: readonly FieldRow<ImageScanStatus>[] = [
  { metric: 'tencentcloud_scan_progress_ratio', field: 'Schedule', kind: 'number', divisor: 100 },
  { metric: 'tencentcloud_scan_risks', field: 'RiskCount', kind: 'number' },
  { metric: 'tencentcloud_scan_images', field: 'ImageTotal', kind: 'number' },
  { metric: 'tencentcloud_scan_images_scanned', field: 'ImageScanCnt', kind: 'number' },
  { metric: 'tencentcloud_scan_images_succeeded', field: 'SuccessCount', kind: 'number' },
  { metric: 'tencentcloud_scan_remaining_seconds', field: 'LeftSeconds', kind: 'number' },
  { metric: 'tencentcloud_scan_state', field: 'Status', kind: 'state' },
  { metric: 'tencentcloud_scan_info', field: 'Status', kind: 'info' },
];

/** TCSS DescribeAssetImageScanTask → metrics (called when no task ids are configured). */
export const TCSS_TASK_FIELD_TABLE: readonly FieldRow<ImageScanTask>[] = [
  { metric: 'tencentcloud_scan_last_scan_timestamp_seconds', field: 'LastScanTime', kind: 'time' },
  { metric: 'tencentcloud_scan_state', field: 'SubStatus', kind: 'state' },
  { metric: 'tencentcloud_scan_info', field: 'SubStatus', kind: 'info' },
];

/** The zone of the zone-less `LastScanTime`: Beijing time, as the CWP times. */
export const TCSS_TIMEZONE = 'Asia/Shanghai';

/** How an ended scan ended (`SubStatus`); anything else that ended counts as completed. */
const ENDED_AS: Readonly<Record<string, ScanStateName>> = {
  Success: 'completed',
  Cancel: 'stopped',
  Timeout: 'failed',
  Error: 'failed',
};

/**
 * The contract's TCSS state table: `Status` READY (preparing) → pending, SCANNING → scanning,
 * END → refined by `SubStatus`; any other `Status` → unknown. `CANCELED` is not a value of
 * these APIs, so it is unknown too (the raw value stays on `tencentcloud_scan_info`).
 */
export function tcssState(status: string | undefined, subStatus?: string): ScanStateName | undefined {
  if (status === undefined) return undefined;
  if (status === 'READY') return 'pending';
  if (status === 'SCANNING') return 'scanning';
  if (status !== 'END') return 'unknown';
  return (subStatus ? ENDED_AS[subStatus] : undefined) ?? 'completed';
}

export interface TcssImageScanOptions {
  /** Empty: the latest task, found with DescribeAssetImageScanTask. */
  readonly task_ids: readonly string[];
}

interface TaskView {
  readonly taskId?: string;
  readonly labels: Labels;
  /** What DescribeAssetImageScanTask said about it, when it was looked up. */
  readonly task?: Partial<ImageScanTask>;
}

/**
 * Without configured task ids the latest task is looked up first, so its id, `SubStatus` and
 * `LastScanTime` can be reported and the status call names it (what the status API returns
 * without TaskID is not documented). With several task ids, each task's series carry a
 * `task_id` label to stay distinct, and each task is its own scan: one failing keeps the others.
 */
export function createTcssImageScanCollector(options: TcssImageScanOptions): Collector {
  return {
    name: 'tcss_image_scan',
    async collect(context: CollectContext): Promise<ScanSample[]> {
      const { caller, signal } = context;
      const base: Labels = { account: caller.account, product: 'tcss', scan: 'image' };
      if (options.task_ids.length === 0) {
        // One scan: the task lookup and its status stand or fall together.
        const unit = { product: 'tcss', scan: 'image' };
        return perScan(
          [
            {
              unit,
              what: 'image scan',
              run: async (sig) => {
                const found = await describeAssetImageScanTask(caller, callOptionsOf(context, sig));
                reportIssues(context, 'DescribeAssetImageScanTask', found.issues);
                const view: TaskView = {
                  taskId: found.value.TaskID || undefined,
                  labels: base,
                  task: found.value,
                };
                return taskSamples(context, view, callOptionsOf(context, sig));
              },
            },
          ],
          signal,
        );
      }
      const distinct = options.task_ids.length > 1;
      const jobs: ScanJob[] = options.task_ids.map((taskId) => {
        const labels = distinct ? { ...base, task_id: taskId } : base;
        const unit: ScanUnit = distinct
          ? { product: 'tcss', scan: 'image', task_id: taskId }
          : { product: 'tcss', scan: 'image' };
        return {
          unit,
          what: `image scan task ${taskId}`,
          run: (sig) => taskSamples(context, { taskId, labels }, callOptionsOf(context, sig)),
        };
      });
      return perScan(jobs, signal);
    },
  };
}

async function taskSamples(
  context: CollectContext,
  view: TaskView,
  callOptions: CallOptions,
): Promise<ScanSample[]> {
  const { caller } = context;
  const status = await describeAssetImageScanStatus(caller, { taskId: view.taskId }, callOptions);
  reportIssues(context, 'DescribeAssetImageScanStatus', status.issues);
  const s = status.value;
  const task = view.task ?? {};
  const samples = valueSamples(TCSS_FIELD_TABLE, s, view.labels, 'UTC');
  samples.push(...valueSamples(TCSS_TASK_FIELD_TABLE, task, view.labels, TCSS_TIMEZONE));
  // The task lookup's Status is the latest task's own; the status call's is the fallback.
  const rawStatus = task.Status ?? s.Status;
  samples.push(...stateSamples(tcssState(rawStatus, task.SubStatus), view.labels));
  samples.push({
    name: 'tencentcloud_scan_info',
    labels: {
      ...view.labels,
      task_id: view.taskId ?? '',
      status: rawStatus ?? '',
      sub_status: task.SubStatus ?? '',
    },
    value: 1,
  });
  return samples;
}

/** TaskID is a string in the API; an unquoted number in YAML is taken as its digits. */
const taskId = z.union([z.string().min(1), z.int().nonnegative().transform(String)], {
  error: 'must be a task id (a non-empty string)',
});

export const tcssImageScan = defineCollector({
  name: 'tcss_image_scan',
  product: 'tcss',
  description: 'TCSS container image scan progress (DescribeAssetImageScanStatus)',
  defaults: { schedule: '*/30 * * * * *', timeout_seconds: 20 },
  options: {
    /** Empty: the latest task (no TaskID sent). */
    task_ids: z
      .array(taskId)
      // A repeated id would be asked twice and exported as two identical series.
      .check(distinct('must not list a task id twice'))
      .default([]),
  },
  actions: [DESCRIBE_ASSET_IMAGE_SCAN_TASK, DESCRIBE_ASSET_IMAGE_SCAN_STATUS],
  metrics: {
    tencentcloud_scan_images: 'Images in the latest TCSS image scan (ImageTotal).',
    tencentcloud_scan_images_scanned: 'Images scanned so far by the latest TCSS image scan (ImageScanCnt).',
    tencentcloud_scan_images_succeeded:
      'Images scanned successfully by the latest TCSS image scan (SuccessCount).',
    tencentcloud_scan_last_scan_timestamp_seconds:
      'Time of the latest TCSS image scan task, unix seconds (LastScanTime).',
  },
  fields: [
    { action: DESCRIBE_ASSET_IMAGE_SCAN_STATUS, rows: TCSS_FIELD_TABLE },
    { action: DESCRIBE_ASSET_IMAGE_SCAN_TASK, rows: TCSS_TASK_FIELD_TABLE },
  ],
  create: createTcssImageScanCollector,
});

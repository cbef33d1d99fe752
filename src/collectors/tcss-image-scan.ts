import type { ScanSample, ScanStateName } from '../metrics/scan-families.js';
import { describeAssetImageScanStatus, describeAssetImageScanTask } from '../tencentcloud/apis/tcss.js';
import type { ImageScanStatus } from '../tencentcloud/apis/types.js';
import { allOrNothing, type CollectContext, type Collector, reportIssues } from './collector.js';
import { type FieldRow, type Labels, stateSamples, valueSamples } from './field-table.js';

/** TCSS DescribeAssetImageScanStatus → metrics. The README's metrics table is checked against this. */
export const TCSS_FIELD_TABLE: readonly FieldRow<ImageScanStatus>[] = [
  { metric: 'tencentcloud_scan_progress_ratio', field: 'Schedule', kind: 'number', scale: 0.01 },
  { metric: 'tencentcloud_scan_risks', field: 'RiskCount', kind: 'number' },
  { metric: 'tencentcloud_scan_images', field: 'ImageTotal', kind: 'number' },
  { metric: 'tencentcloud_scan_images_scanned', field: 'ImageScanCnt', kind: 'number' },
  { metric: 'tencentcloud_scan_images_succeeded', field: 'SuccessCount', kind: 'number' },
  { metric: 'tencentcloud_scan_remaining_seconds', field: 'LeftSeconds', kind: 'number' },
  { metric: 'tencentcloud_scan_state', field: 'Status', kind: 'state' },
  { metric: 'tencentcloud_scan_info', field: 'Status', kind: 'info' },
];

const STATUS_TO_STATE: Readonly<Record<string, ScanStateName>> = {
  SCANNING: 'scanning',
  END: 'completed',
  READY: 'never_scanned',
  CANCELED: 'stopped',
};

export function tcssState(status: string | undefined): ScanStateName | undefined {
  if (status === undefined) return undefined;
  return STATUS_TO_STATE[status] ?? 'unknown';
}

export interface TcssImageScanOptions {
  /** Empty: the latest task, found with DescribeAssetImageScanTask. */
  readonly taskIds: readonly string[];
}

/**
 * Without configured task ids the latest task is looked up first, so its id can be reported and
 * the status call names it (what the status API returns without TaskID is not documented).
 * With several task ids, each task's series carry a `task_id` label to stay distinct.
 */
export function createTcssImageScanCollector(options: TcssImageScanOptions): Collector {
  return {
    name: 'tcss_image_scan',
    async collect(context: CollectContext): Promise<ScanSample[]> {
      const { caller, signal } = context;
      const base: Labels = { account: caller.account, product: 'tcss', scan: 'image' };
      let tasks: { taskId?: string; labels: Labels }[];
      if (options.taskIds.length === 0) {
        const task = await describeAssetImageScanTask(caller, { signal });
        reportIssues(context, 'DescribeAssetImageScanTask', task.issues);
        tasks = [{ taskId: task.value.TaskID || undefined, labels: base }];
      } else {
        const distinct = options.taskIds.length > 1;
        tasks = options.taskIds.map((taskId) => ({
          taskId,
          labels: distinct ? { ...base, task_id: taskId } : base,
        }));
      }
      const results = await allOrNothing(tasks, signal, async (task, sig) => {
        const status = await describeAssetImageScanStatus(caller, { taskId: task.taskId }, { signal: sig });
        reportIssues(context, 'DescribeAssetImageScanStatus', status.issues);
        const s = status.value;
        const samples = valueSamples(TCSS_FIELD_TABLE, s, task.labels, 'UTC');
        samples.push(...stateSamples(tcssState(s.Status), task.labels));
        samples.push({
          name: 'tencentcloud_scan_info',
          labels: { ...task.labels, task_id: task.taskId ?? '', status: s.Status ?? '' },
          value: 1,
        });
        return samples;
      });
      return results.flat();
    },
  };
}

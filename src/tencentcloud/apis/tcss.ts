import type { ActionSpec, ApiCaller, CallOptions } from '../types.js';
import { contextOf, count, type FieldRules, integer, parseFields, percent, text, time } from './fields.js';
import type { ImageScanStatus, ImageScanTask, Parsed } from './types.js';

const TCSS_VERSION = '2020-11-01';

export const DESCRIBE_ASSET_IMAGE_SCAN_STATUS: ActionSpec = {
  service: 'tcss',
  version: TCSS_VERSION,
  action: 'DescribeAssetImageScanStatus',
};

export const DESCRIBE_ASSET_IMAGE_SCAN_TASK: ActionSpec = {
  service: 'tcss',
  version: TCSS_VERSION,
  action: 'DescribeAssetImageScanTask',
};

const STATUS_RULES: FieldRules<ImageScanStatus> = {
  ImageTotal: count(),
  ImageScanCnt: count(),
  Status: text(),
  Schedule: percent(),
  SuccessCount: count(),
  RiskCount: count(),
  LeftSeconds: integer(),
};

const TASK_RULES: FieldRules<ImageScanTask> = {
  TaskID: text(),
  Status: text(),
  SubStatus: text(),
  LastScanTime: time(),
};

/** Progress of one image scan task; without `taskId`, the API reports the latest one. */
export async function describeAssetImageScanStatus(
  caller: ApiCaller,
  input: { readonly taskId?: string } = {},
  options?: CallOptions,
): Promise<Parsed<ImageScanStatus>> {
  const payload = input.taskId ? { TaskID: input.taskId } : {};
  const response = await caller.call(DESCRIBE_ASSET_IMAGE_SCAN_STATUS, payload, options);
  return parseFields(response, STATUS_RULES, contextOf(caller, DESCRIBE_ASSET_IMAGE_SCAN_STATUS));
}

/** The current image scan task (its `TaskID` and state). */
export async function describeAssetImageScanTask(
  caller: ApiCaller,
  options?: CallOptions,
): Promise<Parsed<ImageScanTask>> {
  const response = await caller.call(DESCRIBE_ASSET_IMAGE_SCAN_TASK, {}, options);
  return parseFields(response, TASK_RULES, contextOf(caller, DESCRIBE_ASSET_IMAGE_SCAN_TASK));
}

import { API_ACTIONS, type ResponseField } from '../../api-models/actions.js';
import type { ActionSpec, ApiCaller, CallOptions } from '../types.js';
import {
  callModel,
  contextOf,
  count,
  type FieldRules,
  integer,
  parseFields,
  percent,
  text,
  time,
} from './fields.js';
import type { ImageScanStatus, ImageScanTask, Parsed } from './types.js';

export const DESCRIBE_ASSET_IMAGE_SCAN_STATUS: ActionSpec = API_ACTIONS.DescribeAssetImageScanStatus;
export const DESCRIBE_ASSET_IMAGE_SCAN_TASK: ActionSpec = API_ACTIONS.DescribeAssetImageScanTask;

const STATUS_RULES: FieldRules<ImageScanStatus, ResponseField<'DescribeAssetImageScanStatus'>> = {
  ImageTotal: count(),
  ImageScanCnt: count(),
  Status: text(),
  Schedule: percent(),
  SuccessCount: count(),
  RiskCount: count(),
  LeftSeconds: integer(),
};

const TASK_RULES: FieldRules<ImageScanTask, ResponseField<'DescribeAssetImageScanTask'>> = {
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
  const response = await callModel(
    caller,
    'DescribeAssetImageScanStatus',
    input.taskId ? { TaskID: input.taskId } : {},
    options,
  );
  return parseFields(response, STATUS_RULES, contextOf(caller, DESCRIBE_ASSET_IMAGE_SCAN_STATUS));
}

/** The latest image scan task: its `TaskID`, `Status` (READY/SCANNING/END), `SubStatus` and `LastScanTime`. */
export async function describeAssetImageScanTask(
  caller: ApiCaller,
  options?: CallOptions,
): Promise<Parsed<ImageScanTask>> {
  const response = await callModel(caller, 'DescribeAssetImageScanTask', {}, options);
  return parseFields(response, TASK_RULES, contextOf(caller, DESCRIBE_ASSET_IMAGE_SCAN_TASK));
}

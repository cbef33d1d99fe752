import {
  API_ACTIONS,
  type ElementOf,
  type ModelResponse,
  type ResponseField,
} from '../../api-models/actions.js';
import { InvalidResponseError } from '../errors.js';
import type { ActionSpec, ApiCaller, CallOptions } from '../types.js';
import {
  callModel,
  contextOf,
  count,
  describeValue,
  type FieldRules,
  fractionalPercent,
  integer,
  isObject,
  modelField,
  parseFields,
  percent,
  requestIdOf,
  requireObject,
  text,
  time,
  withRequestId,
} from './fields.js';
import type {
  ComplianceAssetSummary,
  ComplianceTaskAssetSummary,
  FieldIssue,
  ImageScanStatus,
  ImageScanTask,
  Parsed,
  VirusScanStatus,
  VulScanInfo,
} from './types.js';

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

export const DESCRIBE_VIRUS_SCAN_TASK_STATUS: ActionSpec = API_ACTIONS.DescribeVirusScanTaskStatus;
export const DESCRIBE_VUL_SCAN_INFO: ActionSpec = API_ACTIONS.DescribeVulScanInfo;
export const DESCRIBE_COMPLIANCE_TASK_ASSET_SUMMARY: ActionSpec =
  API_ACTIONS.DescribeComplianceTaskAssetSummary;

const VIRUS_RULES: FieldRules<VirusScanStatus, ResponseField<'DescribeVirusScanTaskStatus'>> = {
  ContainerTotal: count(),
  RiskContainerCnt: count(),
  Status: text(),
  Schedule: fractionalPercent(),
  ContainerScanCnt: count(),
  RiskCnt: count(),
  LeftSeconds: count(),
  StartTime: time(),
  EndTime: time(),
  // The official example answers a number: that is a field issue, and no trigger.
  ScanType: text(),
};

/** The latest container virus scan (no TaskID sent: the API reports the latest task). */
export async function describeVirusScanTaskStatus(
  caller: ApiCaller,
  options?: CallOptions,
): Promise<Parsed<VirusScanStatus>> {
  const response = await callModel(caller, 'DescribeVirusScanTaskStatus', {}, options);
  return parseFields(response, VIRUS_RULES, contextOf(caller, DESCRIBE_VIRUS_SCAN_TASK_STATUS));
}

const VUL_RULES: FieldRules<VulScanInfo, ResponseField<'DescribeVulScanInfo'>> = {
  LocalImageScanCount: count(),
  IgnoreVulCount: count(),
  ScanStartTime: time(),
  ScanEndTime: time(),
  FoundRiskImageCount: count(),
  FoundVulCount: count(),
  ScanProgress: fractionalPercent(),
  RegistryImageScanCount: count(),
  LocalTaskID: count(),
  Status: text(),
  RemainingTime: count(),
  RegistryTaskID: count(),
  RegistryFoundVulCount: count(),
};

/** The latest image vulnerability scan (no task ids sent: the API reports the latest ones). */
export async function describeVulScanInfo(
  caller: ApiCaller,
  options?: CallOptions,
): Promise<Parsed<VulScanInfo>> {
  const response = await callModel(caller, 'DescribeVulScanInfo', {}, options);
  return parseFields(response, VUL_RULES, contextOf(caller, DESCRIBE_VUL_SCAN_INFO));
}

/** The `AssetTypeSet` values, as the request model's comment lists them. */
export type ComplianceAssetType = 'ASSET_CONTAINER' | 'ASSET_IMAGE' | 'ASSET_HOST' | 'ASSET_K8S';

type SummaryModel = ElementOf<
  NonNullable<ModelResponse<'DescribeComplianceTaskAssetSummary'>['AssetSummaryList']>
>;

const SUMMARY_RULES: FieldRules<ComplianceAssetSummary, keyof SummaryModel & string> = {
  AssetType: text(),
  CheckStatus: text(),
  CheckProgress: fractionalPercent(),
  PassedPolicyItemCount: count(),
  FailedPolicyItemCount: count(),
  FailedCriticalPolicyItemCount: count(),
  FailedHighRiskPolicyItemCount: count(),
  FailedMediumRiskPolicyItemCount: count(),
  FailedLowRiskPolicyItemCount: count(),
  PassedAssetCount: count(),
  FailedAssetCount: count(),
  AssetPassedRate: fractionalPercent(),
  ScanFailedAssetCount: count(),
  CheckCostTime: count(),
  LastCheckTime: time(),
  LeftTime: count(),
};

/**
 * The compliance summary of each asset type asked for (`AssetTypeSet` is required). Each entry is
 * read on its own, its issues named `AssetSummaryList[].Field` (the index is in the problem text); an entry that is not an object is
 * an issue. An `AssetSummaryList` that is not a list leaves the answer unusable.
 */
export async function describeComplianceTaskAssetSummary(
  caller: ApiCaller,
  assetTypes: readonly ComplianceAssetType[],
  options?: CallOptions,
): Promise<Parsed<ComplianceTaskAssetSummary>> {
  const response = await callModel(
    caller,
    'DescribeComplianceTaskAssetSummary',
    { AssetTypeSet: [...assetTypes] },
    options,
  );
  const context = contextOf(caller, DESCRIBE_COMPLIANCE_TASK_ASSET_SUMMARY);
  const source = requireObject(response, context);
  const requestId = requestIdOf(source);
  const list = modelField(source, 'DescribeComplianceTaskAssetSummary', 'AssetSummaryList');
  if (list !== undefined && list !== null && !Array.isArray(list)) {
    throw new InvalidResponseError(
      requestId ? { ...context, requestId } : context,
      'incomplete',
      `AssetSummaryList: expected array, got ${describeValue(list)}`,
    );
  }
  const issues: FieldIssue[] = [];
  const summaries: Parsed<ComplianceAssetSummary>[] = [];
  (Array.isArray(list) ? list : []).forEach((entry: unknown, i) => {
    if (!isObject(entry)) {
      issues.push({
        field: 'AssetSummaryList[]',
        problem: `entry ${i}: expected object, got ${describeValue(entry)}`,
      });
      return;
    }
    const parsed = parseFields(entry, SUMMARY_RULES, context);
    // No index in the field name: it is a label value of the field-issue counter, which stays bounded.
    for (const issue of parsed.issues)
      issues.push({ field: `AssetSummaryList[].${issue.field}`, problem: `entry ${i}: ${issue.problem}` });
    summaries.push({ value: parsed.value, issues: [] });
  });
  return withRequestId(source, { summaries }, issues);
}

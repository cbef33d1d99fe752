import { API_ACTIONS, type ResponseField } from '../../api-models/actions.js';
import type { ActionSpec, ApiCaller, CallOptions } from '../types.js';
import { callModel, contextOf, count, type FieldRules, parseFields, time } from './fields.js';
import {
  type ListEntry,
  parseSeverityLists,
  type Severity,
  type SeverityCount,
  type SeverityListShape,
} from './severity-list.js';
import type { Parsed } from './types.js';

export const DESCRIBE_IMAGE_RISK_SUMMARY: ActionSpec = API_ACTIONS.DescribeImageRiskSummary;
export const DESCRIBE_ASSET_SUMMARY: ActionSpec = API_ACTIONS.DescribeAssetSummary;

/** TCSS DescribeImageRiskSummary (2020-11-01): findings in images by severity. */
export interface ImageRiskSummary {
  readonly VulnerabilityCnt: readonly SeverityCount[];
  readonly MalwareVirusCnt: readonly SeverityCount[];
  /** Sensitive data. */
  readonly RiskCnt: readonly SeverityCount[];
}

const TCSS_LEVELS: Readonly<Record<string, Severity>> = {
  CRITICAL: 'critical',
  HIGH: 'high',
  MEDIUM: 'medium',
  LOW: 'low',
};

/** `RunTimeRiskInfo`: `{Level: CRITICAL|HIGH|MEDIUM|LOW, Cnt}`. */
const RUNTIME_RISK_INFO: SeverityListShape<ListEntry<'DescribeImageRiskSummary', 'VulnerabilityCnt'>> = {
  levelField: 'Level',
  severityOf: (level) =>
    typeof level === 'string' && Object.hasOwn(TCSS_LEVELS, level) ? TCSS_LEVELS[level] : undefined,
  levels: 'CRITICAL, HIGH, MEDIUM or LOW',
  countField: 'Cnt',
};

const RISK_LISTS = [
  'VulnerabilityCnt',
  'MalwareVirusCnt',
  'RiskCnt',
] as const satisfies readonly ResponseField<'DescribeImageRiskSummary'>[];

export async function describeImageRiskSummary(
  caller: ApiCaller,
  options?: CallOptions,
): Promise<Parsed<ImageRiskSummary>> {
  const response = await callModel(caller, 'DescribeImageRiskSummary', {}, options);
  return parseSeverityLists(
    response,
    'DescribeImageRiskSummary',
    RISK_LISTS,
    RUNTIME_RISK_INFO,
    contextOf(caller, DESCRIBE_IMAGE_RISK_SUMMARY),
  );
}

/** TCSS DescribeAssetSummary (2020-11-01): the fields that become metrics. */
export interface AssetSummary {
  readonly ImageCnt: number;
  readonly ScannedImageCnt: number;
  readonly UnScannedImageCnt: number;
  readonly ImageHasVulsCnt: number;
  readonly ImageHasVirusCnt: number;
  readonly ImageHasRiskInfoCnt: number;
  readonly ImageUnsafeCnt: number;
  readonly ImageUntrustCnt: number;
  readonly RecommendedFixImageCnt: number;
  readonly HostCnt: number;
  readonly HostOnline: number;
  readonly HostUnInstallCnt: number;
  readonly ContainerRunning: number;
  readonly ContainerPause: number;
  readonly ContainerStop: number;
  /** `YYYY-MM-DD HH:MM:SS`, Beijing time. */
  readonly LatestImageScanTime: string;
}

const ASSET_SUMMARY_RULES: FieldRules<AssetSummary, ResponseField<'DescribeAssetSummary'>> = {
  ImageCnt: count(),
  ScannedImageCnt: count(),
  UnScannedImageCnt: count(),
  ImageHasVulsCnt: count(),
  ImageHasVirusCnt: count(),
  ImageHasRiskInfoCnt: count(),
  ImageUnsafeCnt: count(),
  ImageUntrustCnt: count(),
  RecommendedFixImageCnt: count(),
  HostCnt: count(),
  HostOnline: count(),
  HostUnInstallCnt: count(),
  ContainerRunning: count(),
  ContainerPause: count(),
  ContainerStop: count(),
  LatestImageScanTime: time(),
};

export async function describeAssetSummary(
  caller: ApiCaller,
  options?: CallOptions,
): Promise<Parsed<AssetSummary>> {
  const response = await callModel(caller, 'DescribeAssetSummary', {}, options);
  return parseFields(response, ASSET_SUMMARY_RULES, contextOf(caller, DESCRIBE_ASSET_SUMMARY));
}

import { z } from 'zod';
import {
  API_ACTIONS,
  type ElementOf,
  type ModelRequest,
  type ModelResponse,
} from '../../api-models/actions.js';
import type { ActionSpec, ApiCaller, CallOptions } from '../types.js';
import { ASSET_PAGE_LIMIT, type ParsedPage, parseAssetPage } from './asset-page.js';
import { callModel, contextOf, count, type FieldRule, type FieldRules, text } from './fields.js';

export const DESCRIBE_ASSET_IMAGE_LIST: ActionSpec = API_ACTIONS.DescribeAssetImageList;

/** `ScanStatus` values, as the request model's `ScanStatus` filter lists them. */
export const IMAGE_SCAN_STATUSES = ['notScan', 'scanning', 'scanned', 'scanErr'] as const;
export type ImageScanStatus = (typeof IMAGE_SCAN_STATUSES)[number];

/**
 * `SecurityRisk` filter values that select images with findings of one kind (the request model's
 * list; `IsTrustImage` is not about findings and is not used).
 */
export type ImageRiskFilter =
  | 'CriticalLevelVul'
  | 'HighLevelVul'
  | 'MediumLevelVul'
  | 'LowLevelVul'
  | 'VirusCnt'
  | 'RiskCnt';

type ImagesInfoField = keyof ElementOf<NonNullable<ModelResponse<'DescribeAssetImageList'>['List']>> & string;

/** One `ImagesInfo` entry: the fields that become metrics. */
export interface ImageDetail {
  readonly ImageID: string;
  readonly ImageName: string;
  readonly CriticalLevelVulCnt: number;
  readonly HighLevelVulCnt: number;
  readonly MediumLevelVulCnt: number;
  readonly LowLevelVulCnt: number;
  readonly VirusCnt: number;
  /** Sensitive data. */
  readonly RiskCnt: number;
  readonly ContainerCnt: number;
  readonly ScanStatus: ImageScanStatus;
  /**
   * Zone-less `YYYY-MM-DD HH:MM:SS` (Beijing time, as the other TCSS times) or RFC 3339 with a
   * zone, which is what the official example answers (`2021-01-29T06:10:12.021Z`): both are taken.
   */
  readonly ScanTime: string;
}

const ZONELESS = /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/;
const RFC3339 = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,9})?(Z|[+-]\d{2}:\d{2})$/;

const scanTime = (): FieldRule<string, never> => ({
  expected: 'time YYYY-MM-DD HH:MM:SS or RFC 3339',
  schema: z.string().refine((s) => ZONELESS.test(s) || RFC3339.test(s)),
});

const IMAGE_RULES: FieldRules<ImageDetail, ImagesInfoField> = {
  ImageID: { expected: 'non-empty string', schema: z.string().min(1) },
  ImageName: text(),
  CriticalLevelVulCnt: count(),
  HighLevelVulCnt: count(),
  MediumLevelVulCnt: count(),
  LowLevelVulCnt: count(),
  VirusCnt: count(),
  RiskCnt: count(),
  ContainerCnt: count(),
  ScanStatus: { expected: IMAGE_SCAN_STATUSES.join(', '), schema: z.enum(IMAGE_SCAN_STATUSES) },
  ScanTime: scanTime(),
};

export interface ImageListRequest {
  readonly offset: number;
  /** Images with findings of this kind only; absent: every image. */
  readonly risk?: ImageRiskFilter;
}

/** One page of TCSS DescribeAssetImageList (2020-11-01), `ASSET_PAGE_LIMIT` images at most. */
export async function describeAssetImageList(
  caller: ApiCaller,
  input: ImageListRequest,
  options?: CallOptions,
): Promise<ParsedPage<ImageDetail>> {
  const request: ModelRequest<'DescribeAssetImageList'> =
    input.risk === undefined
      ? { Limit: ASSET_PAGE_LIMIT, Offset: input.offset }
      : {
          Limit: ASSET_PAGE_LIMIT,
          Offset: input.offset,
          Filters: [{ Name: 'SecurityRisk', Values: [input.risk], ExactMatch: true }],
        };
  const response = await callModel(caller, 'DescribeAssetImageList', request, options);
  // An image not scanned yet has no scan time: an empty string is no value, not a malformed one.
  return parseAssetPage(
    response,
    'DescribeAssetImageList',
    'List',
    IMAGE_RULES,
    contextOf(caller, DESCRIBE_ASSET_IMAGE_LIST),
    {
      limit: ASSET_PAGE_LIMIT,
      emptyIsAbsent: ['ScanTime'],
    },
  );
}

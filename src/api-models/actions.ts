/**
 * Every Tencent Cloud API action the client and the simulator use, each tied to its request and
 * response types in the official SDK models (tencentcloud-sdk-nodejs, a devDependency). The SDK
 * is imported for its types only, so the compiled exporter and simulator never load it.
 *
 * Shared by the client (`src/tencentcloud`) and the simulator (`src/simulator`), which otherwise
 * import nothing of each other: the point is that both agree with the models, not with each other.
 */
import type * as cwp from 'tencentcloud-sdk-nodejs/tencentcloud/services/cwp/v20180228/cwp_models.js';
import type * as sts from 'tencentcloud-sdk-nodejs/tencentcloud/services/sts/v20180813/sts_models.js';
import type * as tcss from 'tencentcloud-sdk-nodejs/tencentcloud/services/tcss/v20201101/tcss_models.js';

/** An action without inputs: the model says `null`, the wire carries `{}`. */
type NoInput = Record<string, never>;

interface Model<Service extends string, Version extends string, Request, Response> {
  readonly service: Service;
  readonly version: Version;
  readonly request: Request;
  readonly response: Response;
}

type Tcss<Req, Res> = Model<'tcss', '2020-11-01', Req, Res>;
type Cwp<Req, Res> = Model<'cwp', '2018-02-28', Req, Res>;
type Sts<Req, Res> = Model<'sts', '2018-08-13', Req, Res>;

/** The table. Adding an action here is the only way for the client or simulator to use it. */
export interface ApiModels {
  DescribeAssetImageScanStatus: Tcss<
    tcss.DescribeAssetImageScanStatusRequest,
    tcss.DescribeAssetImageScanStatusResponse
  >;
  DescribeAssetImageScanTask: Tcss<
    tcss.DescribeAssetImageScanTaskRequest extends null ? NoInput : never,
    tcss.DescribeAssetImageScanTaskResponse
  >;
  DescribeVirusScanTaskStatus: Tcss<
    tcss.DescribeVirusScanTaskStatusRequest,
    tcss.DescribeVirusScanTaskStatusResponse
  >;
  DescribeVulScanInfo: Tcss<tcss.DescribeVulScanInfoRequest, tcss.DescribeVulScanInfoResponse>;
  DescribeComplianceTaskAssetSummary: Tcss<
    tcss.DescribeComplianceTaskAssetSummaryRequest,
    tcss.DescribeComplianceTaskAssetSummaryResponse
  >;
  DescribeScanState: Cwp<cwp.DescribeScanStateRequest, cwp.DescribeScanStateResponse>;
  DescribeBaselineStrategyList: Cwp<
    cwp.DescribeBaselineStrategyListRequest,
    cwp.DescribeBaselineStrategyListResponse
  >;
  DescribeImageRiskSummary: Tcss<
    tcss.DescribeImageRiskSummaryRequest extends null ? NoInput : never,
    tcss.DescribeImageRiskSummaryResponse
  >;
  DescribeAssetSummary: Tcss<
    tcss.DescribeAssetSummaryRequest extends null ? NoInput : never,
    tcss.DescribeAssetSummaryResponse
  >;
  DescribeVulLevelCount: Cwp<cwp.DescribeVulLevelCountRequest, cwp.DescribeVulLevelCountResponse>;
  DescribeVulHostCountScanTime: Cwp<
    cwp.DescribeVulHostCountScanTimeRequest extends null ? NoInput : never,
    cwp.DescribeVulHostCountScanTimeResponse
  >;
  DescribeGeneralStat: Cwp<cwp.DescribeGeneralStatRequest, cwp.DescribeGeneralStatResponse>;
  DescribeBaselineDetectOverview: Cwp<
    cwp.DescribeBaselineDetectOverviewRequest,
    cwp.DescribeBaselineDetectOverviewResponse
  >;
  DescribeSecurityEventsCnt: Cwp<
    cwp.DescribeSecurityEventsCntRequest extends null ? NoInput : never,
    cwp.DescribeSecurityEventsCntResponse
  >;
  DescribeAssetImageList: Tcss<tcss.DescribeAssetImageListRequest, tcss.DescribeAssetImageListResponse>;
  DescribeMachines: Cwp<cwp.DescribeMachinesRequest, cwp.DescribeMachinesResponse>;
  AssumeRole: Sts<sts.AssumeRoleRequest, sts.AssumeRoleResponse>;
  AssumeRoleWithWebIdentity: Sts<sts.AssumeRoleWithWebIdentityRequest, sts.AssumeRoleWithWebIdentityResponse>;
}

export type ActionName = keyof ApiModels;

/** What the model lets a request carry (`?` optional, everything else required). */
export type ModelRequest<A extends ActionName> = ApiModels[A]['request'];

/** The `Response` fields of a success as the model declares them, without `RequestId`. */
export type ModelResponse<A extends ActionName> = Omit<ApiModels[A]['response'], 'RequestId'>;

/** The field names the model declares for the answer of `A` (what a parser may read). */
export type ResponseField<A extends ActionName> = keyof ModelResponse<A> & string;

/** One element of an array field of a response model, e.g. `Strategy` of `StrategyList`. */
export type ElementOf<T> = T extends readonly (infer E)[] ? E : never;

/** One entry of the list field `F` of action `A`'s answer, as the SDK model declares it. */
export type ListEntry<A extends ActionName, F extends ResponseField<A>> = ElementOf<
  NonNullable<ModelResponse<A>[F]>
>;

/**
 * `U` with every key the model `T` lacks mapped to `never`: a request built elsewhere and
 * passed as a variable is checked as strictly as an object literal.
 */
export type Exact<T, U> = U & { readonly [K in Exclude<keyof U, keyof T>]: never };

/** Service and API version of each action: the runtime half of the table. */
export const API_ACTIONS: {
  readonly [A in ActionName]: {
    readonly action: A;
    readonly service: ApiModels[A]['service'];
    readonly version: ApiModels[A]['version'];
  };
} = {
  DescribeAssetImageScanStatus: {
    action: 'DescribeAssetImageScanStatus',
    service: 'tcss',
    version: '2020-11-01',
  },
  DescribeAssetImageScanTask: {
    action: 'DescribeAssetImageScanTask',
    service: 'tcss',
    version: '2020-11-01',
  },
  DescribeVirusScanTaskStatus: {
    action: 'DescribeVirusScanTaskStatus',
    service: 'tcss',
    version: '2020-11-01',
  },
  DescribeVulScanInfo: { action: 'DescribeVulScanInfo', service: 'tcss', version: '2020-11-01' },
  DescribeComplianceTaskAssetSummary: {
    action: 'DescribeComplianceTaskAssetSummary',
    service: 'tcss',
    version: '2020-11-01',
  },
  DescribeScanState: { action: 'DescribeScanState', service: 'cwp', version: '2018-02-28' },
  DescribeBaselineStrategyList: {
    action: 'DescribeBaselineStrategyList',
    service: 'cwp',
    version: '2018-02-28',
  },
  DescribeImageRiskSummary: { action: 'DescribeImageRiskSummary', service: 'tcss', version: '2020-11-01' },
  DescribeAssetSummary: { action: 'DescribeAssetSummary', service: 'tcss', version: '2020-11-01' },
  DescribeVulLevelCount: { action: 'DescribeVulLevelCount', service: 'cwp', version: '2018-02-28' },
  DescribeVulHostCountScanTime: {
    action: 'DescribeVulHostCountScanTime',
    service: 'cwp',
    version: '2018-02-28',
  },
  DescribeGeneralStat: { action: 'DescribeGeneralStat', service: 'cwp', version: '2018-02-28' },
  DescribeBaselineDetectOverview: {
    action: 'DescribeBaselineDetectOverview',
    service: 'cwp',
    version: '2018-02-28',
  },
  DescribeSecurityEventsCnt: { action: 'DescribeSecurityEventsCnt', service: 'cwp', version: '2018-02-28' },
  DescribeAssetImageList: { action: 'DescribeAssetImageList', service: 'tcss', version: '2020-11-01' },
  DescribeMachines: { action: 'DescribeMachines', service: 'cwp', version: '2018-02-28' },
  AssumeRole: { action: 'AssumeRole', service: 'sts', version: '2018-08-13' },
  AssumeRoleWithWebIdentity: { action: 'AssumeRoleWithWebIdentity', service: 'sts', version: '2018-08-13' },
};

/**
 * Where an official example answers a value of another type than the model declares. The
 * simulator answers as the example does, and the client accepts both; every entry names the
 * example it comes from. Everything not listed here is checked against the model as it is.
 */
export const EXAMPLE_DEVIATIONS = [
  {
    action: 'DescribeBaselineStrategyList',
    field: 'StrategyList[].StrategyId',
    model: 'number',
    example: 'string',
    source:
      'official API example of cwp DescribeBaselineStrategyList 2018-02-28 (cloud.tencent.com/document/api/296), which answers "StrategyId": "10023"',
  },
  {
    action: 'DescribeVirusScanTaskStatus',
    field: 'ScanType',
    model: 'string',
    example: 'number',
    source:
      'official API example of tcss DescribeVirusScanTaskStatus 2020-11-01 (cloud.tencent.com/document/api/1285), which answers a number for "ScanType" (the model comment lists "CYCLE" and "MANUAL") and "SCANNING" for "Status"',
  },
] as const satisfies readonly {
  action: ActionName;
  field: string;
  model: string;
  example: string;
  source: string;
}[];

/** The model's answer with the deviations above applied: what the simulator may send. */
export type ExampleResponse<A extends ActionName> = A extends 'DescribeBaselineStrategyList'
  ? StrategyListAsInExample
  : A extends 'DescribeVirusScanTaskStatus'
    ? VirusScanAsInExample
    : ModelResponse<A>;

type VirusScanAsInExample = Omit<ModelResponse<'DescribeVirusScanTaskStatus'>, 'ScanType'> & {
  ScanType?: string | number;
};

type StrategyListModel = ModelResponse<'DescribeBaselineStrategyList'>;
type StrategyListAsInExample = Omit<StrategyListModel, 'StrategyList'> & {
  StrategyList?: Array<
    Omit<ElementOf<NonNullable<StrategyListModel['StrategyList']>>, 'StrategyId'> & {
      StrategyId?: number | string;
    }
  >;
};

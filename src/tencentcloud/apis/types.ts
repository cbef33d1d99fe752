/**
 * A response parsed field by field. A field that is missing, `null` or unparseable is absent
 * from `value` (never replaced by a made-up 0); a field of an unexpected type is also listed in
 * `issues` so that it can be logged.
 */
export interface Parsed<T> {
  readonly value: Partial<T>;
  readonly issues: readonly FieldIssue[];
  readonly requestId?: string;
}

export interface FieldIssue {
  readonly field: string;
  /** e.g. `expected integer, got string "xx"` — never includes secrets (responses hold none). */
  readonly problem: string;
}

/** TCSS DescribeAssetImageScanStatus (2020-11-01). */
export interface ImageScanStatus {
  readonly ImageTotal: number;
  readonly ImageScanCnt: number;
  /** Raw: READY (preparing), SCANNING, END. */
  readonly Status: string;
  /** 0..100 */
  readonly Schedule: number;
  readonly SuccessCount: number;
  readonly RiskCount: number;
  readonly LeftSeconds: number;
}

/** TCSS DescribeAssetImageScanTask (2020-11-01). */
export interface ImageScanTask {
  readonly TaskID: string;
  readonly Status: string;
  readonly SubStatus: string;
  readonly LastScanTime: string;
}

export type CwpModule = 'Malware' | 'Vul' | 'Baseline';

/** CWP DescribeScanState (2018-02-28). */
export interface ScanState {
  /** 0 never scanned, 1 scanning, 2 completed, 3 stopping, 4 stopped. */
  readonly ScanState: number;
  /** 0..100 */
  readonly Schedule: number;
  readonly TaskId: number;
  /** Only the number of entries is used; ids may exceed 2^53 so they are not kept as numbers. */
  readonly VulIdCount: number;
  /** 0 one-click, 1 scheduled. */
  readonly Type: number;
  /** `YYYY-MM-DD HH:MM:SS`, zone-less; validated for shape only. */
  readonly ScanBeginTime: string;
  readonly RiskEventCount: number;
  readonly ScanEndTime: string;
}

/** CWP DescribeBaselineStrategyList (2018-02-28), one page. */
export interface BaselineStrategyPage {
  readonly strategyIds: readonly number[];
  readonly totalCount?: number;
}

/** TCSS DescribeVirusScanTaskStatus (2020-11-01). */
export interface VirusScanStatus {
  readonly ContainerTotal: number;
  readonly RiskContainerCnt: number;
  /** Raw: SCAN_NONE, SCAN_SCANNING, SCAN_FINISH, SCAN_TIMEOUT, SCAN_CANCELING, SCAN_CANCELED. */
  readonly Status: string;
  /** 0..100, possibly fractional. */
  readonly Schedule: number;
  readonly ContainerScanCnt: number;
  readonly RiskCnt: number;
  readonly LeftSeconds: number;
  readonly StartTime: string;
  readonly EndTime: string;
  /** CYCLE or MANUAL (the official example answers a number: a field issue). */
  readonly ScanType: string;
}

/** TCSS DescribeVulScanInfo (2020-11-01). */
export interface VulScanInfo {
  readonly LocalImageScanCount: number;
  readonly IgnoreVulCount: number;
  readonly ScanStartTime: string;
  readonly ScanEndTime: string;
  readonly FoundRiskImageCount: number;
  readonly FoundVulCount: number;
  /** 0..100, possibly fractional. */
  readonly ScanProgress: number;
  readonly RegistryImageScanCount: number;
  readonly LocalTaskID: number;
  /** Raw: NOT_SCAN, SCANNING, SCANNED, CANCELED. */
  readonly Status: string;
  readonly RemainingTime: number;
  readonly RegistryTaskID: number;
  readonly RegistryFoundVulCount: number;
}

/** One entry of `AssetSummaryList` of TCSS DescribeComplianceTaskAssetSummary (2020-11-01). */
export interface ComplianceAssetSummary {
  /** ASSET_CONTAINER, ASSET_IMAGE, ASSET_HOST, ASSET_K8S. */
  readonly AssetType: string;
  /** Raw: CHECK_UNINIT, CHECK_INIT, CHECK_RUNNING, CHECK_FINISHED, CHECK_FAILED. */
  readonly CheckStatus: string;
  /** 0..100, possibly fractional; only while a check runs. */
  readonly CheckProgress: number;
  readonly PassedPolicyItemCount: number;
  readonly FailedPolicyItemCount: number;
  readonly FailedCriticalPolicyItemCount: number;
  readonly FailedHighRiskPolicyItemCount: number;
  readonly FailedMediumRiskPolicyItemCount: number;
  readonly FailedLowRiskPolicyItemCount: number;
  readonly PassedAssetCount: number;
  readonly FailedAssetCount: number;
  /** 0..100, possibly fractional. */
  readonly AssetPassedRate: number;
  readonly ScanFailedAssetCount: number;
  /** Seconds the last check took. */
  readonly CheckCostTime: number;
  readonly LastCheckTime: string;
  readonly LeftTime: number;
}

/** TCSS DescribeComplianceTaskAssetSummary (2020-11-01): the readable entries of `AssetSummaryList`. */
export interface ComplianceTaskAssetSummary {
  readonly summaries: readonly Parsed<ComplianceAssetSummary>[];
}

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

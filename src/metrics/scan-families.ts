/**
 * The scan metric families of the outside contract. HELP texts say where a value comes from and
 * that it is polled on a schedule: a scrape never calls Tencent Cloud.
 */

export const SCAN_METRIC_NAMES = [
  'tencentcloud_scan_progress_ratio',
  'tencentcloud_scan_risks',
  'tencentcloud_scan_state',
  'tencentcloud_scan_images',
  'tencentcloud_scan_images_scanned',
  'tencentcloud_scan_images_succeeded',
  'tencentcloud_scan_remaining_seconds',
  'tencentcloud_scan_targeted_vulnerabilities',
  'tencentcloud_scan_start_timestamp_seconds',
  'tencentcloud_scan_end_timestamp_seconds',
  'tencentcloud_scan_last_scan_timestamp_seconds',
  'tencentcloud_scan_info',
] as const;

export type ScanMetricName = (typeof SCAN_METRIC_NAMES)[number];

const POLLED = 'Polled from the Tencent Cloud API on the collector schedule, not at scrape time.';

export const SCAN_METRIC_HELP: Readonly<Record<ScanMetricName, string>> = {
  tencentcloud_scan_progress_ratio: `Progress of the latest scan, 0 to 1 (API Schedule / 100). ${POLLED}`,
  tencentcloud_scan_risks: `Risks found by the latest scan (TCSS RiskCount, CWP RiskEventCount). ${POLLED}`,
  tencentcloud_scan_state: `State of the latest scan; exactly one state series is 1 (TCSS Status refined by SubStatus, CWP ScanState). ${POLLED}`,
  tencentcloud_scan_images: `Images in the latest TCSS image scan (ImageTotal). ${POLLED}`,
  tencentcloud_scan_images_scanned: `Images scanned so far by the latest TCSS image scan (ImageScanCnt). ${POLLED}`,
  tencentcloud_scan_images_succeeded: `Images scanned successfully by the latest TCSS image scan (SuccessCount). ${POLLED}`,
  tencentcloud_scan_remaining_seconds: `Estimated seconds left in the latest TCSS image scan (LeftSeconds). ${POLLED}`,
  tencentcloud_scan_targeted_vulnerabilities: `Vulnerability ids the latest CWP scan task covers, its scope rather than what it found (entries in VulId). ${POLLED}`,
  tencentcloud_scan_start_timestamp_seconds: `Start of the latest CWP scan, unix seconds (ScanBeginTime). ${POLLED}`,
  tencentcloud_scan_end_timestamp_seconds: `End of the latest CWP scan, unix seconds (ScanEndTime). ${POLLED}`,
  tencentcloud_scan_last_scan_timestamp_seconds: `Time of the latest TCSS image scan task, unix seconds (LastScanTime). ${POLLED}`,
  tencentcloud_scan_info: `Identity of the latest scan: task id, trigger, raw status and sub-status; always 1. ${POLLED}`,
};

/** The `state` label values of `tencentcloud_scan_state`, in exposition order. */
export const SCAN_STATES = [
  'never_scanned',
  'pending',
  'scanning',
  'completed',
  'failed',
  'stopping',
  'stopped',
  'unknown',
] as const;
export type ScanStateName = (typeof SCAN_STATES)[number];

/**
 * One line of the landing page: where one scan of one account stands, folded from its samples by
 * the collector's definition and shown by the server.
 */
export interface ScanSummary {
  readonly product: string;
  readonly scan: string;
  /** What tells this row apart from others of the same scan (`strategy 3`, `container`). */
  readonly detail?: string;
  readonly state?: string;
  /** 0..1 */
  readonly progress?: number;
  readonly risks?: number;
  readonly remainingSeconds?: number;
  readonly endTimestamp?: number;
}

/** One sample of a scan metric; the labels include `account`, `product` and `scan`. */
export interface ScanSample {
  readonly name: ScanMetricName;
  readonly labels: Readonly<Record<string, string>>;
  readonly value: number;
}

/**
 * The scan metric families of the outside contract. HELP texts say where a value comes from and
 * that it is polled on a schedule: a scrape never calls Tencent Cloud.
 */

/** What the scans found, coverage and freshness (the summary collectors). */
export const SECURITY_METRIC_NAMES = [
  'tencentcloud_security_findings',
  'tencentcloud_security_images',
  'tencentcloud_security_images_scanned',
  'tencentcloud_security_images_unscanned',
  'tencentcloud_security_images_vulnerable',
  'tencentcloud_security_images_malware',
  'tencentcloud_security_images_sensitive_data',
  'tencentcloud_security_images_unsafe',
  'tencentcloud_security_images_untrusted',
  'tencentcloud_security_images_fix_recommended',
  'tencentcloud_security_latest_scan_timestamp_seconds',
  'tencentcloud_security_hosts',
  'tencentcloud_security_hosts_online',
  'tencentcloud_security_hosts_without_agent',
  'tencentcloud_security_hosts_at_risk',
  'tencentcloud_security_containers',
  'tencentcloud_security_vulnerabilities',
  'tencentcloud_security_vulnerable_hosts',
  'tencentcloud_security_latest_fix_timestamp_seconds',
  'tencentcloud_security_agents',
  'tencentcloud_security_agents_online',
  'tencentcloud_security_agents_offline',
  'tencentcloud_security_agents_by_edition',
  'tencentcloud_security_licenses_expiring',
  'tencentcloud_security_baseline_pass_ratio',
  'tencentcloud_security_baseline_hosts',
  'tencentcloud_security_baseline_items',
  'tencentcloud_security_events',
  'tencentcloud_security_event_hosts',
  'tencentcloud_security_event_affected_hosts',
  'tencentcloud_security_image_vulnerabilities',
  'tencentcloud_security_image_malware',
  'tencentcloud_security_image_sensitive_data',
  'tencentcloud_security_image_containers',
  'tencentcloud_security_image_scan_state',
  'tencentcloud_security_image_scan_timestamp_seconds',
  'tencentcloud_security_host_vulnerabilities',
  'tencentcloud_security_host_malware',
  'tencentcloud_security_host_baseline_failures',
  'tencentcloud_security_host_agent_state',
  'tencentcloud_security_detail_assets',
  'tencentcloud_security_detail_assets_exported',
  'tencentcloud_security_detail_ranking_complete',
] as const;

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
  'tencentcloud_scan_containers',
  'tencentcloud_scan_containers_scanned',
  'tencentcloud_scan_containers_at_risk',
  'tencentcloud_scan_vulnerability_scan_images',
  'tencentcloud_scan_images_at_risk',
  'tencentcloud_scan_vulnerabilities',
  'tencentcloud_scan_vulnerabilities_ignored',
  'tencentcloud_scan_assets',
  'tencentcloud_scan_assets_scan_failed',
  'tencentcloud_scan_assets_passed_ratio',
  'tencentcloud_scan_policy_items',
  'tencentcloud_scan_failed_policy_items',
  'tencentcloud_scan_info',
  ...SECURITY_METRIC_NAMES,
] as const;

export type ScanMetricName = (typeof SCAN_METRIC_NAMES)[number];

const POLLED = 'Polled from the Tencent Cloud API on the collector schedule, not at scrape time.';

export const SCAN_METRIC_HELP: Readonly<Record<ScanMetricName, string>> = {
  tencentcloud_scan_progress_ratio: `Progress of the latest scan, 0 to 1 (API Schedule, ScanProgress or CheckProgress / 100). ${POLLED}`,
  tencentcloud_scan_risks: `Risks found by the latest scan (TCSS RiskCount or RiskCnt, CWP RiskEventCount). ${POLLED}`,
  tencentcloud_scan_state: `State of the latest scan; exactly one state series is 1 (TCSS Status refined by SubStatus, or CheckStatus; CWP ScanState). ${POLLED}`,
  tencentcloud_scan_images: `Images in the latest TCSS image scan (ImageTotal). ${POLLED}`,
  tencentcloud_scan_images_scanned: `Images scanned so far by the latest TCSS image scan (ImageScanCnt). ${POLLED}`,
  tencentcloud_scan_images_succeeded: `Images scanned successfully by the latest TCSS image scan (SuccessCount). ${POLLED}`,
  tencentcloud_scan_remaining_seconds: `Estimated seconds left in the latest TCSS scan (LeftSeconds, RemainingTime, LeftTime). ${POLLED}`,
  tencentcloud_scan_targeted_vulnerabilities: `Vulnerability ids the latest CWP scan task covers, its scope rather than what it found (entries in VulId). ${POLLED}`,
  tencentcloud_scan_start_timestamp_seconds: `Start of the latest scan, unix seconds (CWP ScanBeginTime; TCSS StartTime, ScanStartTime, LastCheckTime). ${POLLED}`,
  tencentcloud_scan_end_timestamp_seconds: `End of the latest scan, unix seconds (CWP ScanEndTime; TCSS EndTime, ScanEndTime, LastCheckTime + CheckCostTime). ${POLLED}`,
  tencentcloud_scan_last_scan_timestamp_seconds: `Time of the latest TCSS image scan task, unix seconds (LastScanTime). ${POLLED}`,
  tencentcloud_scan_containers: `Containers in the latest TCSS container virus scan (ContainerTotal). ${POLLED}`,
  tencentcloud_scan_containers_scanned: `Containers scanned so far by the latest TCSS container virus scan (ContainerScanCnt). ${POLLED}`,
  tencentcloud_scan_containers_at_risk: `Containers with risks found by the latest TCSS container virus scan (RiskContainerCnt). ${POLLED}`,
  tencentcloud_scan_vulnerability_scan_images: `Images in the latest TCSS image vulnerability scan, by image_source (LocalImageScanCount, RegistryImageScanCount); the same images as the image scan's, hence a name of its own. ${POLLED}`,
  tencentcloud_scan_images_at_risk: `Images with risks found by the latest TCSS image vulnerability scan (FoundRiskImageCount). ${POLLED}`,
  tencentcloud_scan_vulnerabilities: `Vulnerabilities found by the latest TCSS image vulnerability scan, by image_source (FoundVulCount, RegistryFoundVulCount). ${POLLED}`,
  tencentcloud_scan_vulnerabilities_ignored: `Ignored vulnerabilities of the latest TCSS image vulnerability scan (IgnoreVulCount). ${POLLED}`,
  tencentcloud_scan_assets: `Assets of the latest TCSS compliance check that passed or failed it, by result (PassedAssetCount, FailedAssetCount). ${POLLED}`,
  tencentcloud_scan_assets_scan_failed: `Assets the latest TCSS compliance check could not check (ScanFailedAssetCount). ${POLLED}`,
  tencentcloud_scan_assets_passed_ratio: `Share of assets that passed the latest TCSS compliance check, 0 to 1 (AssetPassedRate / 100). ${POLLED}`,
  tencentcloud_scan_policy_items: `Policy items of the latest TCSS compliance check that passed or failed, by result (PassedPolicyItemCount, FailedPolicyItemCount). ${POLLED}`,
  tencentcloud_scan_failed_policy_items: `Failed policy items of the latest TCSS compliance check, by severity (FailedCriticalPolicyItemCount, FailedHighRiskPolicyItemCount, FailedMediumRiskPolicyItemCount, FailedLowRiskPolicyItemCount). ${POLLED}`,
  tencentcloud_scan_info: `Identity of the latest scan: task id, trigger, raw status and sub-status; always 1. ${POLLED}`,
  tencentcloud_security_findings: `Findings by kind and severity (TCSS DescribeImageRiskSummary, CWP DescribeVulLevelCount). ${POLLED}`,
  tencentcloud_security_images: `Container images known to TCSS (ImageCnt). ${POLLED}`,
  tencentcloud_security_images_scanned: `Images scanned at least once (TCSS ScannedImageCnt). ${POLLED}`,
  tencentcloud_security_images_unscanned: `Images waiting for a scan (TCSS UnScannedImageCnt). ${POLLED}`,
  tencentcloud_security_images_vulnerable: `Images with vulnerabilities (TCSS ImageHasVulsCnt). ${POLLED}`,
  tencentcloud_security_images_malware: `Images with malware (TCSS ImageHasVirusCnt). ${POLLED}`,
  tencentcloud_security_images_sensitive_data: `Images with sensitive data (TCSS ImageHasRiskInfoCnt). ${POLLED}`,
  tencentcloud_security_images_unsafe: `Images at risk (TCSS ImageUnsafeCnt). ${POLLED}`,
  tencentcloud_security_images_untrusted: `Untrusted images (TCSS ImageUntrustCnt). ${POLLED}`,
  tencentcloud_security_images_fix_recommended: `Images recommended to fix (TCSS RecommendedFixImageCnt). ${POLLED}`,
  tencentcloud_security_latest_scan_timestamp_seconds: `Latest scan, unix seconds (TCSS LatestImageScanTime, CWP vulnerability ScanTime). ${POLLED}`,
  tencentcloud_security_hosts: `Hosts (TCSS HostCnt, CWP MachinesAll). ${POLLED}`,
  tencentcloud_security_hosts_online: `Hosts online (TCSS HostOnline). ${POLLED}`,
  tencentcloud_security_hosts_without_agent: `Hosts without the security agent (TCSS HostUnInstallCnt, CWP MachinesUninstalled). ${POLLED}`,
  tencentcloud_security_hosts_at_risk: `Hosts at risk (CWP RiskMachine). ${POLLED}`,
  tencentcloud_security_containers: `Containers by state: running, paused, stopped (TCSS). ${POLLED}`,
  tencentcloud_security_vulnerabilities: `Host vulnerabilities in total (CWP TotalVulCount). ${POLLED}`,
  tencentcloud_security_vulnerable_hosts: `Hosts affected by vulnerabilities (CWP VulHostCount). ${POLLED}`,
  tencentcloud_security_latest_fix_timestamp_seconds: `Latest vulnerability fix, unix seconds (CWP LastFixTime). ${POLLED}`,
  tencentcloud_security_agents: `Security agents installed (CWP AgentsAll). ${POLLED}`,
  tencentcloud_security_agents_online: `Security agents online (CWP AgentsOnline). ${POLLED}`,
  tencentcloud_security_agents_offline: `Security agents offline or shut down (CWP AgentsOffline). ${POLLED}`,
  tencentcloud_security_agents_by_edition: `Security agents by edition: basic, professional, flagship (CWP). ${POLLED}`,
  tencentcloud_security_licenses_expiring: `Prepaid professional licences expiring within 7 days (CWP AgentsProExpireWithInSevenDays). ${POLLED}`,
  tencentcloud_security_baseline_pass_ratio: `Baseline check pass rate, 0 to 1 (CWP PassRate / 100). ${POLLED}`,
  tencentcloud_security_baseline_hosts: `Hosts checked against baselines (CWP HostCount). ${POLLED}`,
  tencentcloud_security_baseline_items: `Baseline items of the latest check by result: passed, failed (CWP). ${POLLED}`,
  tencentcloud_security_events: `Security events by event type (CWP DescribeSecurityEventsCnt EventCnt). ${POLLED}`,
  tencentcloud_security_event_hosts: `Hosts affected per event type; a host may count under several types (CWP UuidCnt). ${POLLED}`,
  tencentcloud_security_event_affected_hosts: `Hosts affected by any security event (CWP EffectMachineCount). ${POLLED}`,
  tencentcloud_security_image_vulnerabilities: `Vulnerabilities in one image by severity (TCSS DescribeAssetImageList CriticalLevelVulCnt, HighLevelVulCnt, MediumLevelVulCnt, LowLevelVulCnt); only the most severe images, see tencentcloud_security_detail_assets_exported. ${POLLED}`,
  tencentcloud_security_image_malware: `Malware found in one image (TCSS VirusCnt). ${POLLED}`,
  tencentcloud_security_image_sensitive_data: `Sensitive data found in one image (TCSS RiskCnt). ${POLLED}`,
  tencentcloud_security_image_containers: `Containers of one image (TCSS ContainerCnt). ${POLLED}`,
  tencentcloud_security_image_scan_state: `Scan state of one image; exactly one state series is 1 (TCSS ScanStatus). ${POLLED}`,
  tencentcloud_security_image_scan_timestamp_seconds: `Latest scan of one image, unix seconds (TCSS ScanTime). ${POLLED}`,
  tencentcloud_security_host_vulnerabilities: `Vulnerabilities on one host (CWP DescribeMachines VulNum); only the most severe hosts, see tencentcloud_security_detail_assets_exported. ${POLLED}`,
  tencentcloud_security_host_malware: `Malware on one host (CWP MalwareNum). ${POLLED}`,
  tencentcloud_security_host_baseline_failures: `Failed baseline items on one host (CWP BaselineNum). ${POLLED}`,
  tencentcloud_security_host_agent_state: `Security agent of one host; exactly one state series is 1 (CWP AgentStatus). ${POLLED}`,
  tencentcloud_security_detail_assets: `Assets (images, hosts) in the account's list, of which the most severe are exported one by one (TCSS DescribeAssetImageList, CWP DescribeMachines TotalCount). ${POLLED}`,
  tencentcloud_security_detail_assets_exported: `Assets exported one by one (at most the collector's max_assets); assets minus this is what the cap left out. ${POLLED}`,
  tencentcloud_security_detail_ranking_complete: `1 when the exported assets are provably the most severe; 0 when the round's page budget (max_pages) ran out first, the API repeated a page or the list ended before its TotalCount. ${POLLED}`,
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

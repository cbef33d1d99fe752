import type { MetricHelp } from './definition.js';

/**
 * The scan families more than one collector emits, declared once, so a family has one HELP however
 * many collectors feed it (the family table refuses two texts for one name). A collector emits the
 * ones its field rows name without listing them again (`defineCollector`); only a family it
 * computes outside its rows is picked with `sharedMetrics`. A family one collector emits is
 * declared in that collector's file.
 */
const SHARED_METRICS = {
  tencentcloud_scan_progress_ratio:
    'Progress of the latest scan, 0 to 1 (API Schedule, ScanProgress or CheckProgress / 100).',
  tencentcloud_scan_risks: 'Risks found by the latest scan (TCSS RiskCount or RiskCnt, CWP RiskEventCount).',
  tencentcloud_scan_state:
    'State of the latest scan; exactly one state series is 1 (TCSS Status refined by SubStatus, or CheckStatus; CWP ScanState).',
  tencentcloud_scan_remaining_seconds:
    'Estimated seconds left in the latest TCSS scan (LeftSeconds, RemainingTime, LeftTime).',
  tencentcloud_scan_start_timestamp_seconds:
    'Start of the latest scan, unix seconds (CWP ScanBeginTime; TCSS StartTime, ScanStartTime, LastCheckTime).',
  tencentcloud_scan_end_timestamp_seconds:
    'End of the latest scan, unix seconds (CWP ScanEndTime; TCSS EndTime, ScanEndTime, LastCheckTime + CheckCostTime).',
  tencentcloud_scan_info:
    'Identity of the latest scan: task id, trigger, raw status and sub-status; always 1.',
  tencentcloud_security_findings:
    'Findings by kind and severity (TCSS DescribeImageRiskSummary, CWP DescribeVulLevelCount).',
  tencentcloud_security_latest_scan_timestamp_seconds:
    'Latest scan, unix seconds (TCSS LatestImageScanTime, CWP vulnerability ScanTime).',
  tencentcloud_security_hosts: 'Hosts (TCSS HostCnt, CWP MachinesAll).',
  tencentcloud_security_hosts_without_agent:
    'Hosts without the security agent (TCSS HostUnInstallCnt, CWP MachinesUninstalled).',
  tencentcloud_security_detail_assets: `Assets (images, hosts) in the account's list, of which the most severe are exported one by one (TCSS DescribeAssetImageList, CWP DescribeMachines TotalCount).`,
  tencentcloud_security_detail_assets_exported: `Assets exported one by one (at most the collector's max_assets); assets minus this is what the cap left out.`,
  tencentcloud_security_detail_ranking_complete: `1 when the exported assets are provably the most severe; 0 when the round's page budget (max_pages) ran out first, the API repeated a page or the list ended before its TotalCount.`,
} as const satisfies MetricHelp;

export type SharedMetricName = keyof typeof SHARED_METRICS;

/** The shared declarations of `names`, to spread into a collector's `metrics`. */
export function sharedMetrics(...names: readonly SharedMetricName[]): MetricHelp {
  return Object.fromEntries(names.map((name) => [name, SHARED_METRICS[name]]));
}

/** The shared declarations among `names` (e.g. a collector's field-row metrics), in declaration order. */
export function sharedMetricsOf(names: Iterable<string>): MetricHelp {
  const wanted = new Set(names);
  return Object.fromEntries(Object.entries(SHARED_METRICS).filter(([name]) => wanted.has(name)));
}

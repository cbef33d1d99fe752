import {
  type AssetSummary,
  DESCRIBE_ASSET_SUMMARY,
  describeAssetSummary,
} from '../tencentcloud/apis/tcss-summary.js';
import type { FieldRow } from './definition.js';
import { defineSummaryCollector } from './summary.js';

/** TCSS DescribeAssetSummary → image coverage, hosts and containers. */
export const ASSET_SUMMARY_FIELD_TABLE: readonly FieldRow<AssetSummary>[] = [
  { metric: 'tencentcloud_security_images', field: 'ImageCnt', kind: 'number' },
  { metric: 'tencentcloud_security_images_scanned', field: 'ScannedImageCnt', kind: 'number' },
  { metric: 'tencentcloud_security_images_unscanned', field: 'UnScannedImageCnt', kind: 'number' },
  { metric: 'tencentcloud_security_images_vulnerable', field: 'ImageHasVulsCnt', kind: 'number' },
  { metric: 'tencentcloud_security_images_malware', field: 'ImageHasVirusCnt', kind: 'number' },
  { metric: 'tencentcloud_security_images_sensitive_data', field: 'ImageHasRiskInfoCnt', kind: 'number' },
  { metric: 'tencentcloud_security_images_unsafe', field: 'ImageUnsafeCnt', kind: 'number' },
  { metric: 'tencentcloud_security_images_untrusted', field: 'ImageUntrustCnt', kind: 'number' },
  { metric: 'tencentcloud_security_images_fix_recommended', field: 'RecommendedFixImageCnt', kind: 'number' },
  { metric: 'tencentcloud_security_hosts', field: 'HostCnt', kind: 'number' },
  { metric: 'tencentcloud_security_hosts_online', field: 'HostOnline', kind: 'number' },
  { metric: 'tencentcloud_security_hosts_without_agent', field: 'HostUnInstallCnt', kind: 'number' },
  {
    metric: 'tencentcloud_security_containers',
    field: 'ContainerRunning',
    kind: 'number',
    labels: ['state'],
    constLabels: { state: 'running' },
  },
  {
    metric: 'tencentcloud_security_containers',
    field: 'ContainerPause',
    kind: 'number',
    labels: ['state'],
    constLabels: { state: 'paused' },
  },
  {
    metric: 'tencentcloud_security_containers',
    field: 'ContainerStop',
    kind: 'number',
    labels: ['state'],
    constLabels: { state: 'stopped' },
  },
  {
    metric: 'tencentcloud_security_latest_scan_timestamp_seconds',
    field: 'LatestImageScanTime',
    kind: 'time',
  },
];

export const tcssAssetSummary = defineSummaryCollector({
  name: 'tcss_asset_summary',
  product: 'tcss',
  description:
    'TCSS image scan coverage, hosts, containers and latest image scan time (DescribeAssetSummary)',
  second: 5,
  action: DESCRIBE_ASSET_SUMMARY,
  fetch: describeAssetSummary,
  metrics: {
    tencentcloud_security_images: 'Container images known to TCSS (ImageCnt).',
    tencentcloud_security_images_scanned: 'Images scanned at least once (TCSS ScannedImageCnt).',
    tencentcloud_security_images_unscanned: 'Images waiting for a scan (TCSS UnScannedImageCnt).',
    tencentcloud_security_images_vulnerable: 'Images with vulnerabilities (TCSS ImageHasVulsCnt).',
    tencentcloud_security_images_malware: 'Images with malware (TCSS ImageHasVirusCnt).',
    tencentcloud_security_images_sensitive_data: 'Images with sensitive data (TCSS ImageHasRiskInfoCnt).',
    tencentcloud_security_images_unsafe: 'Images at risk (TCSS ImageUnsafeCnt).',
    tencentcloud_security_images_untrusted: 'Untrusted images (TCSS ImageUntrustCnt).',
    tencentcloud_security_images_fix_recommended: 'Images recommended to fix (TCSS RecommendedFixImageCnt).',
    tencentcloud_security_hosts_online: 'Hosts online (TCSS HostOnline).',
    tencentcloud_security_containers: 'Containers by state: running, paused, stopped (TCSS).',
  },
  rows: ASSET_SUMMARY_FIELD_TABLE,
});

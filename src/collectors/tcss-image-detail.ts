import type { ScanSample } from '../metrics/scan-families.js';
import {
  DESCRIBE_ASSET_IMAGE_LIST,
  describeAssetImageList,
  type ImageDetail,
  type ImageRiskFilter,
  type ImageScanStatus,
} from '../tencentcloud/apis/tcss-image-list.js';
import { type CollectContext, type Collector, callOptionsOf } from './collector.js';
import { defineCollector, type FieldRow } from './definition.js';
import {
  assetKey,
  assetLabel,
  DETAIL_TOTAL_FIELD_TABLE,
  detailMetrics,
  detailOptions,
  detailSamples,
  rankedDetail,
} from './detail.js';
import { type Labels, valueSamples } from './field-table.js';
import { SUMMARY_TIMEZONE } from './summary.js';
import { parseZonedTime } from './zoned-time.js';

const severity = (s: string) => ({ severity: s });

/** TCSS DescribeAssetImageList → one series set per image (the README's metrics table is checked against this). */
export const IMAGE_DETAIL_FIELD_TABLE: readonly FieldRow<ImageDetail>[] = [
  {
    metric: 'tencentcloud_security_image_vulnerabilities',
    field: 'CriticalLevelVulCnt',
    kind: 'number',
    labels: ['image_id', 'image_name', 'severity'],
    constLabels: severity('critical'),
  },
  {
    metric: 'tencentcloud_security_image_vulnerabilities',
    field: 'HighLevelVulCnt',
    kind: 'number',
    labels: ['severity'],
    constLabels: severity('high'),
  },
  {
    metric: 'tencentcloud_security_image_vulnerabilities',
    field: 'MediumLevelVulCnt',
    kind: 'number',
    labels: ['severity'],
    constLabels: severity('medium'),
  },
  {
    metric: 'tencentcloud_security_image_vulnerabilities',
    field: 'LowLevelVulCnt',
    kind: 'number',
    labels: ['severity'],
    constLabels: severity('low'),
  },
  { metric: 'tencentcloud_security_image_malware', field: 'VirusCnt', kind: 'number' },
  { metric: 'tencentcloud_security_image_sensitive_data', field: 'RiskCnt', kind: 'number' },
  { metric: 'tencentcloud_security_image_containers', field: 'ContainerCnt', kind: 'number' },
  { metric: 'tencentcloud_security_image_scan_state', field: 'ScanStatus', kind: 'state', labels: ['state'] },
  { metric: 'tencentcloud_security_image_scan_timestamp_seconds', field: 'ScanTime', kind: 'time' },
];

/** `ScanStatus` → the image's state; the four values the request model lists, nothing else. */
export const IMAGE_SCAN_STATES: Readonly<Record<ImageScanStatus, string>> = {
  notScan: 'never_scanned',
  scanning: 'scanning',
  scanned: 'completed',
  scanErr: 'failed',
};
const STATE_VALUES = Object.values(IMAGE_SCAN_STATES);

/**
 * Ranking, most severe first: critical vulnerabilities, then high, medium, low, then malware, then
 * sensitive data; each with the `SecurityRisk` filter that selects the images where it is not 0.
 */
export const TIERS: readonly ImageRiskFilter[] = [
  'CriticalLevelVul',
  'HighLevelVul',
  'MediumLevelVul',
  'LowLevelVul',
  'VirusCnt',
  'RiskCnt',
];

export function imageRank(image: Partial<ImageDetail>): number[] {
  return [
    image.CriticalLevelVulCnt ?? 0,
    image.HighLevelVulCnt ?? 0,
    image.MediumLevelVulCnt ?? 0,
    image.LowLevelVulCnt ?? 0,
    image.VirusCnt ?? 0,
    image.RiskCnt ?? 0,
  ];
}

/** A scan time, zone-less (Beijing time) or RFC 3339, as unix seconds. */
export function imageScanSeconds(text: string): number | undefined {
  if (text.includes('T')) {
    const ms = Date.parse(text);
    return Number.isFinite(ms) && ms >= 0 ? Math.floor(ms / 1000) : undefined;
  }
  return parseZonedTime(text, SUMMARY_TIMEZONE);
}

const NUMBER_ROWS = IMAGE_DETAIL_FIELD_TABLE.filter((r) => r.kind === 'number');

/** The series of one image; none without an `ImageID` (it is the series' identity, see assetKey). */
export function imageSamples(account: string, image: Partial<ImageDetail>): ScanSample[] {
  const id = assetKey(image.ImageID);
  if (id === undefined) return [];
  const name = image.ImageName === undefined ? '' : assetLabel(image.ImageName);
  const labels: Labels = {
    account,
    product: 'tcss',
    image_id: id,
    ...(name === '' ? {} : { image_name: name }),
  };
  const samples = valueSamples(NUMBER_ROWS, image, labels, SUMMARY_TIMEZONE);
  if (image.ScanStatus !== undefined) {
    const state = IMAGE_SCAN_STATES[image.ScanStatus];
    for (const s of STATE_VALUES)
      samples.push({
        name: 'tencentcloud_security_image_scan_state',
        labels: { ...labels, state: s },
        value: s === state ? 1 : 0,
      });
  }
  const scanned = image.ScanTime === undefined ? undefined : imageScanSeconds(image.ScanTime);
  if (scanned !== undefined)
    samples.push({ name: 'tencentcloud_security_image_scan_timestamp_seconds', labels, value: scanned });
  return samples;
}

export const tcssImageDetail = defineCollector({
  name: 'tcss_image_detail',
  product: 'tcss',
  description:
    'TCSS findings, scan state and containers per image, the most severe max_assets images (DescribeAssetImageList)',
  // Opt-in: a series set per image is cardinality an operator chooses, and the action needs its own CAM permission.
  defaults: { enabled: false, schedule: '40 */10 * * * *', timeout_seconds: 60 },
  options: detailOptions,
  actions: [DESCRIBE_ASSET_IMAGE_LIST],
  metrics: {
    ...detailMetrics(),
    tencentcloud_security_image_vulnerabilities:
      'Vulnerabilities in one image by severity (TCSS DescribeAssetImageList CriticalLevelVulCnt, HighLevelVulCnt, MediumLevelVulCnt, LowLevelVulCnt); only the most severe images, see tencentcloud_security_detail_assets_exported.',
    tencentcloud_security_image_malware: 'Malware found in one image (TCSS VirusCnt).',
    tencentcloud_security_image_sensitive_data: 'Sensitive data found in one image (TCSS RiskCnt).',
    tencentcloud_security_image_containers: 'Containers of one image (TCSS ContainerCnt).',
    tencentcloud_security_image_scan_state:
      'Scan state of one image; exactly one state series is 1 (TCSS ScanStatus).',
    tencentcloud_security_image_scan_timestamp_seconds:
      'Latest scan of one image, unix seconds (TCSS ScanTime).',
  },
  fields: [
    { action: DESCRIBE_ASSET_IMAGE_LIST, rows: IMAGE_DETAIL_FIELD_TABLE },
    { action: DESCRIBE_ASSET_IMAGE_LIST, rows: DETAIL_TOTAL_FIELD_TABLE },
  ],
  create: (config): Collector => ({
    name: 'tcss_image_detail',
    async collect(context: CollectContext): Promise<ScanSample[]> {
      const { caller } = context;
      const options = callOptionsOf(context);
      const round = { context, collector: 'tcss_image_detail', what: 'per-image detail', config };
      const result = await rankedDetail<ImageDetail, ImageRiskFilter>(
        { ...round, action: DESCRIBE_ASSET_IMAGE_LIST.action },
        {
          tiers: TIERS,
          fetchPage: (risk, offset) =>
            describeAssetImageList(caller, risk === undefined ? { offset } : { offset, risk }, options),
          idOf: (image) => assetKey(image.ImageID),
          rank: imageRank,
        },
      );
      const samples = result.top.flatMap((image) => imageSamples(caller.account, image));
      samples.push(
        ...detailSamples(
          { account: caller.account, product: 'tcss', asset_type: 'image' },
          [result],
          result.top.length,
        ),
      );
      return samples;
    },
  }),
  // The landing page's scan lines are about scans in progress; per-asset detail has none.
  landingRows: () => [],
});

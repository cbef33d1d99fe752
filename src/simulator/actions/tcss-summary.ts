/**
 * TCSS (2020-11-01) summaries: DescribeImageRiskSummary and DescribeAssetSummary, derived from the
 * image scan of the scan model so that they agree with DescribeAssetImageScanStatus/Task: findings
 * are those of the latest scan that ended (none, written `null`, before the first one ends), and
 * scanned + unscanned images add up to all images.
 */
import { API_ACTIONS, type ExampleResponse } from '../../api-models/actions.js';
import type { AccountRecord } from '../accounts.js';
import { formatBeijing } from '../beijing-time.js';
import { endedSnapshot, type ScanSnapshot, type ScanTiming, scanSnapshot } from '../scan-model.js';
import { IMAGE_SCAN } from './tcss.js';
import type { ActionContext, ActionDefinition } from './types.js';

export interface ImageCoverage {
  readonly total: number;
  readonly scanned: number;
  readonly vulnerable: number;
  readonly malware: number;
  readonly sensitive: number;
  readonly ended?: ScanSnapshot;
  readonly current: ScanSnapshot;
}

/**
 * Before the first scan ended, the images scanned so far; afterwards all but the few added since
 * (they wait for the next scan). Images with findings are shares of the scanned ones, per ended cycle.
 */
export function imageCoverage(account: AccountRecord, nowMs: number, timing: ScanTiming): ImageCoverage {
  const total = account.imageTotal;
  const current = scanSnapshot(account.name, IMAGE_SCAN, nowMs, timing);
  const ended = endedSnapshot(account.name, IMAGE_SCAN, nowMs, timing);
  if (!ended) {
    const scanned = Math.floor((total * current.progress) / 100);
    return { total, scanned, vulnerable: 0, malware: 0, sensitive: 0, current };
  }
  const scanned = total - Math.min(total, current.seed % 4);
  const cs = ended.cycleSeed;
  return {
    total,
    scanned,
    vulnerable: Math.floor((scanned * (20 + (cs % 30))) / 100),
    malware: Math.floor((scanned * ((cs >>> 5) % 4)) / 100),
    sensitive: Math.floor((scanned * ((cs >>> 8) % 10)) / 100),
    ended,
    current,
  };
}

type RiskList = NonNullable<ExampleResponse<'DescribeImageRiskSummary'>['VulnerabilityCnt']>;

function levels(critical: number, high: number, medium: number, low: number): RiskList {
  return [
    { Level: 'CRITICAL', Cnt: critical },
    { Level: 'HIGH', Cnt: high },
    { Level: 'MEDIUM', Cnt: medium },
    { Level: 'LOW', Cnt: low },
  ];
}

/** The output fields; exported so tests can predict answers. */
export function imageRiskSummaryFields(coverage: ImageCoverage): ExampleResponse<'DescribeImageRiskSummary'> {
  const { ended } = coverage;
  if (!ended) {
    // The API writes empty lists as null: nothing has been found yet.
    const none = null as unknown as RiskList;
    return { VulnerabilityCnt: none, MalwareVirusCnt: none, RiskCnt: none };
  }
  const cs = ended.cycleSeed;
  const vul = coverage.vulnerable * (1 + (cs % 5));
  const vulCritical = Math.floor((vul * ((cs >>> 3) % 10)) / 100);
  const vulHigh = Math.floor(vul / 5);
  const vulMedium = Math.floor((vul * 3) / 10);
  const malware = coverage.malware * (1 + ((cs >>> 4) % 2));
  const sensitive = coverage.sensitive * 2;
  return {
    VulnerabilityCnt: levels(vulCritical, vulHigh, vulMedium, vul - vulCritical - vulHigh - vulMedium),
    MalwareVirusCnt: levels(Math.floor(malware / 3), malware - Math.floor(malware / 3), 0, 0),
    RiskCnt: levels(0, 0, Math.floor(sensitive / 2), sensitive - Math.floor(sensitive / 2)),
  };
}

/** The output fields; exported so tests can predict answers. */
export function assetSummaryFields(coverage: ImageCoverage): ExampleResponse<'DescribeAssetSummary'> {
  const seed = coverage.current.seed;
  const { total, scanned, vulnerable, malware, sensitive } = coverage;
  const unsafe = Math.min(scanned, vulnerable + malware + sensitive);
  const hosts = 2 + ((seed >>> 4) % 20);
  const running = 5 + ((seed >>> 2) % 40);
  const paused = (seed >>> 6) % 3;
  const stopped = (seed >>> 12) % 6;
  const beginMs = coverage.current.beginMs;
  return {
    AppCnt: 1 + ((seed >>> 3) % 30),
    ContainerCnt: running + paused + stopped,
    ContainerPause: paused,
    ContainerRunning: running,
    ContainerStop: stopped,
    DbCnt: (seed >>> 7) % 5,
    ImageCnt: total,
    HostOnline: hosts - ((seed >>> 9) % 2),
    HostCnt: hosts,
    ImageHasRiskInfoCnt: sensitive,
    ImageHasVirusCnt: malware,
    ImageHasVulsCnt: vulnerable,
    ImageUntrustCnt: Math.min(total, seed % 3),
    ListenPortCnt: 3 + ((seed >>> 13) % 50),
    ProcessCnt: running * 4,
    WebServiceCnt: (seed >>> 14) % 8,
    // The model types it as a string; the API writes null before the first scan.
    LatestImageScanTime: (beginMs === undefined ? null : formatBeijing(beginMs)) as string,
    ImageUnsafeCnt: unsafe,
    HostUnInstallCnt: (seed >>> 11) % 3,
    SuperNodeCnt: 0,
    SuperNodeRunningCnt: 0,
    TodayNewImageCnt: total - scanned,
    TodayUnsafeImageCnt: 0,
    RecommendedFixImageCnt: Math.floor(unsafe / 2),
    ScannedImageCnt: scanned,
    UnScannedImageCnt: total - scanned,
  };
}

const coverageOf = ({ account, nowMs, sim }: ActionContext) => imageCoverage(account, nowMs, sim.timing);

export const tcssSummaryActions: {
  readonly DescribeImageRiskSummary: ActionDefinition<'DescribeImageRiskSummary'>;
  readonly DescribeAssetSummary: ActionDefinition<'DescribeAssetSummary'>;
} = {
  DescribeImageRiskSummary: {
    ...API_ACTIONS.DescribeImageRiskSummary,
    handle: (context) => imageRiskSummaryFields(coverageOf(context)),
  },
  DescribeAssetSummary: {
    ...API_ACTIONS.DescribeAssetSummary,
    handle: (context) => assetSummaryFields(coverageOf(context)),
  },
};

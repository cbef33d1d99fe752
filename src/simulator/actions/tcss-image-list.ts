/**
 * TCSS (2020-11-01) DescribeAssetImageList: the account's images one by one, consistent with
 * DescribeAssetSummary at the same instant (derived from the same `imageCoverage`): as many
 * images are listed as `ImageCnt`, as many are scanned (`scanned` or `scanErr`) as
 * `ScannedImageCnt`, and as many have vulnerabilities, malware and sensitive data as
 * `ImageHasVulsCnt`, `ImageHasVirusCnt` and `ImageHasRiskInfoCnt`. Findings are those of the latest
 * image scan that ended, so they appear when a scan completes. Images are listed in the order of
 * their ids (not of their findings), 10 per page by default and at most 100.
 */
import { API_ACTIONS, type ElementOf, type ExampleResponse } from '../../api-models/actions.js';
import type { AccountRecord } from '../accounts.js';
import { SimulatedApiError } from '../api-error.js';
import { fnv1a, mix } from '../hash.js';
import type { ScanTiming } from '../scan-model.js';
import { type Filter, filters, optionalInteger, optionalString } from './input.js';
import { imageCoverage } from './tcss-summary.js';
import type { ActionContext, ActionDefinition } from './types.js';

/** The API rejects larger pages. */
export const IMAGE_LIST_MAX_LIMIT = 100;

type ImagesInfo = ElementOf<NonNullable<ExampleResponse<'DescribeAssetImageList'>['List']>>;

interface SimImage {
  readonly index: number;
  readonly status: 'notScan' | 'scanning' | 'scanned' | 'scanErr';
  readonly critical: number;
  readonly high: number;
  readonly medium: number;
  readonly low: number;
  readonly virus: number;
  readonly risk: number;
  readonly trusted: boolean;
  readonly scanMs?: number;
}

const ids = new Map<string, { readonly ids: readonly string[]; readonly order: readonly number[] }>();

/** `sha256:<64 hex>` per image, and the listing order (by id); cached per account and image count. */
function imageIds(account: string, total: number) {
  const key = `${account}\0${total}`;
  let entry = ids.get(key);
  if (!entry) {
    const list = Array.from({ length: total }, (_, i) => {
      const seed = fnv1a(`${account}/image/${i}`);
      let hex = '';
      for (let k = 0; k < 8; k++) hex += mix(seed, k).toString(16).padStart(8, '0');
      return `sha256:${hex}`;
    });
    const order = list.map((_, i) => i).sort((a, b) => (list[a]! < list[b]! ? -1 : 1));
    entry = { ids: list, order };
    // A handful of accounts at most; a benchmark's hundreds of accounts stay small (100..400 images).
    if (ids.size > 1000) ids.clear();
    ids.set(key, entry);
  }
  return entry;
}

/** Every image of the account at `nowMs`, in index order; exported so tests can predict answers. */
export function simImages(account: AccountRecord, nowMs: number, timing: ScanTiming): SimImage[] {
  const c = imageCoverage(account, nowMs, timing);
  const cs = c.ended?.cycleSeed ?? 0;
  const scanMs = c.ended?.endMs ?? c.current.beginMs;
  const shift = Math.floor(c.scanned / 3);
  return Array.from({ length: c.total }, (_, i): SimImage => {
    const h = mix(cs, i);
    // As many untrusted images as DescribeAssetSummary's ImageUntrustCnt.
    const trusted = i >= Math.min(c.total, c.current.seed % 3);
    if (i >= c.scanned) {
      const scanning = i === c.scanned && c.current.phase === 'scanning';
      return {
        index: i,
        status: scanning ? 'scanning' : 'notScan',
        critical: 0,
        high: 0,
        medium: 0,
        low: 0,
        virus: 0,
        risk: 0,
        trusted,
      };
    }
    const vulnerable = i < c.vulnerable;
    const virus = c.scanned - 1 - i < c.malware ? 1 + ((h >>> 17) % 3) : 0;
    const risk = (i + shift) % c.scanned < c.sensitive ? 1 + ((h >>> 20) % 4) : 0;
    const clean = !vulnerable && virus === 0 && risk === 0;
    return {
      index: i,
      status: clean && h % 50 === 0 ? 'scanErr' : 'scanned',
      critical: vulnerable && h % 8 === 0 ? 1 + ((h >>> 3) % 5) : 0,
      high: vulnerable ? (h >>> 6) % 6 : 0,
      medium: vulnerable ? (h >>> 9) % 10 : 0,
      low: vulnerable ? 1 + ((h >>> 13) % 15) : 0,
      virus,
      risk,
      trusted,
      ...(scanMs === undefined ? {} : { scanMs: scanMs - (i % 600) * 50 }),
    };
  });
}

const SECURITY_RISKS: Readonly<Record<string, (image: SimImage) => boolean>> = {
  CriticalLevelVul: (m) => m.critical > 0,
  HighLevelVul: (m) => m.high > 0,
  MediumLevelVul: (m) => m.medium > 0,
  LowLevelVul: (m) => m.low > 0,
  VirusCnt: (m) => m.virus > 0,
  RiskCnt: (m) => m.risk > 0,
  IsTrustImage: (m) => m.trusted,
};
const SCAN_STATUSES = new Set(['notScan', 'scanning', 'scanned', 'scanErr']);

function matches(filter: Filter, image: SimImage, id: string, name: string, exact: boolean): boolean {
  const text = (value: string) => filter.values.some((v) => (exact ? value === v : value.includes(v)));
  switch (filter.name) {
    case 'SecurityRisk':
      return filter.values.some((v) => SECURITY_RISKS[v]!(image));
    case 'ScanStatus':
      return filter.values.includes(image.status);
    case 'ImageID':
      return text(id);
    case 'ImageName':
      return text(name);
    default:
      return false;
  }
}

function checkFilters(input: Record<string, unknown>): { filter: Filter; exact: boolean }[] {
  const raw = Array.isArray(input['Filters']) ? (input['Filters'] as { ExactMatch?: boolean }[]) : [];
  return filters(input).map((filter, i) => {
    if (!['SecurityRisk', 'ScanStatus', 'ImageID', 'ImageName'].includes(filter.name)) {
      throw new SimulatedApiError('InvalidParameterValue', `Unknown filter \`${filter.name}\`.`);
    }
    for (const value of filter.values) {
      const known =
        filter.name === 'SecurityRisk'
          ? Object.hasOwn(SECURITY_RISKS, value)
          : filter.name === 'ScanStatus'
            ? SCAN_STATUSES.has(value)
            : true;
      if (!known) {
        throw new SimulatedApiError(
          'InvalidParameterValue',
          `Unknown value \`${value}\` of filter \`${filter.name}\`.`,
        );
      }
    }
    return { filter, exact: raw[i]?.ExactMatch === true };
  });
}

const SORTABLE: Readonly<Record<string, (m: SimImage) => number>> = {
  CriticalLevelVulCnt: (m) => m.critical,
  HighLevelVulCnt: (m) => m.high,
  MediumLevelVulCnt: (m) => m.medium,
  LowLevelVulCnt: (m) => m.low,
  VulCnt: (m) => m.critical + m.high + m.medium + m.low,
  VirusCnt: (m) => m.virus,
  RiskCnt: (m) => m.risk,
  ScanTime: (m) => m.scanMs ?? 0,
};

function imageName(account: string, i: number): string {
  const h = fnv1a(`${account}/name/${i}`);
  return `ccr.ccs.tencentyun.com/team-${h % 7}/app-${i}:v${1 + ((h >>> 3) % 20)}`;
}

function info(account: string, image: SimImage, id: string): ImagesInfo {
  const h = fnv1a(`${account}/image/${image.index}`);
  const vul = image.critical + image.high + image.medium + image.low;
  return {
    ImageID: id,
    ImageName: imageName(account, image.index),
    CreateTime: new Date(Date.UTC(2024, 0, 1) + (h % 365) * 86_400_000).toISOString().replace('.000Z', 'Z'),
    Size: 5_000_000 + (h % 500_000_000),
    HostCnt: 1 + ((h >>> 4) % 6),
    SuperNodeCnt: 0,
    ContainerCnt: (h >>> 2) % 5,
    // As the official example writes it (RFC 3339, UTC); no scan yet: empty.
    ScanTime:
      image.scanMs === undefined || image.status === 'notScan' ? '' : new Date(image.scanMs).toISOString(),
    VulCnt: vul,
    VirusCnt: image.virus,
    RiskCnt: image.risk,
    IsTrustImage: image.trusted,
    OsName: (h >>> 8) % 2 === 0 ? 'alpine:v3.19' : 'debian:12',
    AgentError: '',
    ScanError: image.status === 'scanErr' ? 'scan timed out' : '',
    ScanStatus: image.status,
    ScanVirusError: '',
    ScanVulError: '',
    ScanRiskError: '',
    IsSuggest: image.critical > 0 ? 1 : 0,
    IsAuthorized: 1,
    ComponentCnt: 10 + ((h >>> 12) % 200),
    CriticalLevelVulCnt: image.critical,
    HighLevelVulCnt: image.high,
    MediumLevelVulCnt: image.medium,
    LowLevelVulCnt: image.low,
    IsLatestImage: (h >>> 14) % 4 !== 0,
    RecommendedFix: image.critical > 0 || image.high > 0,
    Solution: '',
    Reason: '',
  };
}

function describeAssetImageList({
  account,
  input,
  nowMs,
  sim,
}: ActionContext): ExampleResponse<'DescribeAssetImageList'> {
  const limit = optionalInteger(input, 'Limit', { min: 1, max: IMAGE_LIST_MAX_LIMIT }) ?? 10;
  const offset = optionalInteger(input, 'Offset', { min: 0, max: Number.MAX_SAFE_INTEGER }) ?? 0;
  const wanted = checkFilters(input);
  const by = optionalString(input, 'By');
  const order = optionalString(input, 'Order');
  if (order !== undefined && order !== 'asc' && order !== 'desc') {
    throw new SimulatedApiError('InvalidParameterValue', 'Order must be asc or desc.');
  }
  if (by !== undefined && !Object.hasOwn(SORTABLE, by)) {
    throw new SimulatedApiError('InvalidParameterValue', `Cannot sort by \`${by}\`.`);
  }
  const { ids: imageIdList, order: listing } = imageIds(account.name, account.imageTotal);
  const images = simImages(account, nowMs, sim.timing);
  let listed = listing
    .map((i) => images[i]!)
    .filter((image) =>
      wanted.every(({ filter, exact }) =>
        matches(filter, image, imageIdList[image.index]!, imageName(account.name, image.index), exact),
      ),
    );
  if (by !== undefined) {
    const key = SORTABLE[by]!;
    const sign = order === 'asc' ? 1 : -1;
    // Stable: ties keep the id order.
    listed = listed.slice().sort((a, b) => sign * (key(a) - key(b)));
  }
  return {
    List: listed
      .slice(offset, offset + limit)
      .map((image) => info(account.name, image, imageIdList[image.index]!)),
    TotalCount: listed.length,
  };
}

export const tcssImageListActions: {
  readonly DescribeAssetImageList: ActionDefinition<'DescribeAssetImageList'>;
} = {
  DescribeAssetImageList: { ...API_ACTIONS.DescribeAssetImageList, handle: describeAssetImageList },
};

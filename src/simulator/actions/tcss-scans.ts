/**
 * TCSS (2020-11-01): the container virus scan (DescribeVirusScanTaskStatus), the image
 * vulnerability scan (DescribeVulScanInfo) and the compliance checks per asset type
 * (DescribeComplianceTaskAssetSummary). Each moves on the scan model's clock like the image scan;
 * counts are derived from progress, so scanned ≤ total and progress agrees with the counts.
 */
import { API_ACTIONS, type ExampleResponse } from '../../api-models/actions.js';
import type { AccountRecord } from '../accounts.js';
import { SimulatedApiError } from '../api-error.js';
import { formatBeijing } from '../beijing-time.js';
import { fnv1a } from '../hash.js';
import { type ScanSnapshot, type ScanTiming, scanSnapshot } from '../scan-model.js';
import { optionalInteger, optionalString } from './input.js';
import type { ActionContext, ActionDefinition } from './types.js';

/** Scan-model keys. */
export const VIRUS_SCAN = 'container_virus';
export const VUL_SCAN = 'image_vulnerability';
export const complianceScanKey = (assetType: string): string => `compliance/${assetType}`;

/** The asset types `AssetTypeSet` accepts (model comment of DescribeComplianceTaskAssetSummaryRequest). */
export const COMPLIANCE_ASSET_TYPES = ['ASSET_CONTAINER', 'ASSET_IMAGE', 'ASSET_HOST', 'ASSET_K8S'] as const;

/** A compliance check is `CHECK_INIT` (waiting to run) for its first percent of progress. */
export const PENDING_PERCENT = 4;

/** The model's fields, each possibly `null` (the real API writes null where the model has none). */
type Nullable<T> = { [K in keyof T]: T[K] | null };

const formatted = (ms: number | undefined): string | null => (ms === undefined ? null : formatBeijing(ms));

function leftSeconds(snapshot: ScanSnapshot, timing: ScanTiming): number {
  return snapshot.phase === 'scanning' ? Math.ceil((100 - snapshot.progress) / timing.progressPerSecond) : 0;
}

/** Percent of `done` in `total` with two decimals, never more than the counts say. */
function percentOf(done: number, total: number): number {
  return total === 0 ? 0 : Math.floor((done * 10_000) / total) / 100;
}

// --- container virus scan -------------------------------------------------------------------

/** 20..200 containers, derived from the account name. */
export function containerTotal(account: string): number {
  return 20 + (fnv1a(`containers:${account}`) % 181);
}

/** SCAN_SCANNING → SCAN_FINISH; stopped cycles end SCAN_CANCELED or SCAN_TIMEOUT. */
export function virusScanStatus(snapshot: ScanSnapshot): string {
  switch (snapshot.phase) {
    case 'never_scanned':
      return 'SCAN_NONE';
    case 'scanning':
      return 'SCAN_SCANNING';
    case 'completed':
      return 'SCAN_FINISH';
    case 'stopping':
      return 'SCAN_CANCELING';
    case 'stopped':
      return (snapshot.cycleSeed >>> 6) % 2 === 0 ? 'SCAN_CANCELED' : 'SCAN_TIMEOUT';
  }
}

export function virusTaskId(account: string, cycle: number): string {
  return `virusscan-${fnv1a(`${account}/${VIRUS_SCAN}`).toString(16).padStart(8, '0')}-${cycle}`;
}

/** The output fields for one snapshot; exported so tests can predict answers. */
export function virusScanFields(
  total: number,
  snapshot: ScanSnapshot,
  timing: ScanTiming,
): Nullable<ExampleResponse<'DescribeVirusScanTaskStatus'>> {
  const never = snapshot.phase === 'never_scanned';
  const scanned = Math.floor((total * snapshot.progress) / 100);
  const riskContainers = Math.floor((scanned * (5 + (snapshot.cycleSeed % 20))) / 100);
  return {
    ContainerTotal: total,
    RiskContainerCnt: riskContainers,
    Status: virusScanStatus(snapshot),
    Schedule: Math.floor((scanned * 100) / total),
    ContainerScanCnt: scanned,
    // Each risky container holds at least one risk.
    RiskCnt: riskContainers + Math.floor((snapshot.finalRisks * scanned) / total),
    LeftSeconds: leftSeconds(snapshot, timing),
    StartTime: formatted(snapshot.beginMs),
    EndTime: formatted(snapshot.endMs),
    ScanType: never ? null : snapshot.cycleSeed % 3 === 0 ? 'MANUAL' : 'CYCLE',
  };
}

function describeVirusScanTaskStatus({ account, input, nowMs, sim }: ActionContext) {
  const snapshot = scanSnapshot(account.name, VIRUS_SCAN, nowMs, sim.timing);
  const taskId = optionalString(input, 'TaskID');
  if (taskId !== undefined && (snapshot.cycle < 0 || taskId !== virusTaskId(account.name, snapshot.cycle))) {
    throw new SimulatedApiError('ResourceNotFound', `The virus scan task \`${taskId}\` does not exist.`);
  }
  return virusScanFields(
    containerTotal(account.name),
    snapshot,
    sim.timing,
  ) as ExampleResponse<'DescribeVirusScanTaskStatus'>;
}

// --- image vulnerability scan ---------------------------------------------------------------

/** 50..300 registry images, derived from the account name (local images: the account's imageTotal). */
export function registryImageTotal(account: string): number {
  return 50 + (fnv1a(`registry:${account}`) % 251);
}

export function vulScanStatus(snapshot: ScanSnapshot): string {
  switch (snapshot.phase) {
    case 'never_scanned':
      return 'NOT_SCAN';
    case 'scanning':
      return 'SCANNING';
    case 'completed':
      return 'SCANNED';
    case 'stopping':
    case 'stopped':
      return 'CANCELED';
  }
}

/** Numeric task ids, one per cycle; the registry scan's follows the local one's. */
export function vulTaskIds(account: string, cycle: number): { local: number; registry: number } {
  const local = (10_000 + (fnv1a(`${account}/${VUL_SCAN}`) % 90_000)) * 10_000 + cycle * 2;
  return { local, registry: local + 1 };
}

export function vulScanFields(
  account: AccountRecord,
  snapshot: ScanSnapshot,
  timing: ScanTiming,
): Nullable<ExampleResponse<'DescribeVulScanInfo'>> {
  if (snapshot.phase === 'never_scanned') {
    return {
      LocalImageScanCount: 0,
      IgnoreVulCount: 0,
      ScanStartTime: null,
      ScanEndTime: null,
      FoundRiskImageCount: 0,
      FoundVulCount: 0,
      ScanProgress: 0,
      RegistryImageScanCount: 0,
      LocalTaskID: null,
      Status: 'NOT_SCAN',
      RemainingTime: 0,
      RegistryTaskID: null,
      RegistryFoundVulCount: 0,
    };
  }
  const local = account.imageTotal;
  const registry = registryImageTotal(account.name);
  const scanned = Math.floor(((local + registry) * snapshot.progress) / 100);
  const localVuls = Math.floor((snapshot.finalRisks * 3 * snapshot.progress) / 100);
  const registryVuls = Math.floor((snapshot.finalRisks * 2 * snapshot.progress) / 100);
  const riskImages = Math.min(
    Math.floor((scanned * (10 + (snapshot.cycleSeed % 30))) / 100),
    localVuls + registryVuls,
  );
  const ids = vulTaskIds(account.name, snapshot.cycle);
  return {
    LocalImageScanCount: local,
    IgnoreVulCount: snapshot.cycleSeed % 5,
    ScanStartTime: formatted(snapshot.beginMs),
    ScanEndTime: formatted(snapshot.endMs),
    FoundRiskImageCount: riskImages,
    FoundVulCount: localVuls,
    // Fractional, as the API may answer it; consistent with the images scanned so far.
    ScanProgress: percentOf(scanned, local + registry),
    RegistryImageScanCount: registry,
    LocalTaskID: ids.local,
    Status: vulScanStatus(snapshot),
    RemainingTime: leftSeconds(snapshot, timing),
    RegistryTaskID: ids.registry,
    RegistryFoundVulCount: registryVuls,
  };
}

function describeVulScanInfo({ account, input, nowMs, sim }: ActionContext) {
  const snapshot = scanSnapshot(account.name, VUL_SCAN, nowMs, sim.timing);
  const ids = snapshot.cycle < 0 ? undefined : vulTaskIds(account.name, snapshot.cycle);
  const max = Number.MAX_SAFE_INTEGER;
  const local = optionalInteger(input, 'LocalTaskID', { min: 0, max });
  const registry = optionalInteger(input, 'RegistryTaskID', { min: 0, max });
  if (local !== undefined && local !== ids?.local) {
    throw new SimulatedApiError(
      'ResourceNotFound',
      `The local image vulnerability scan task ${local} does not exist.`,
    );
  }
  if (registry !== undefined && registry !== ids?.registry) {
    throw new SimulatedApiError(
      'ResourceNotFound',
      `The registry image vulnerability scan task ${registry} does not exist.`,
    );
  }
  return vulScanFields(account, snapshot, sim.timing) as ExampleResponse<'DescribeVulScanInfo'>;
}

// --- compliance checks ----------------------------------------------------------------------

type ComplianceSummary = NonNullable<
  ExampleResponse<'DescribeComplianceTaskAssetSummary'>['AssetSummaryList']
>[number];

export function complianceCheckStatus(snapshot: ScanSnapshot): string {
  switch (snapshot.phase) {
    case 'never_scanned':
      return 'CHECK_UNINIT';
    case 'scanning':
      return snapshot.progress < PENDING_PERCENT ? 'CHECK_INIT' : 'CHECK_RUNNING';
    case 'completed':
      return 'CHECK_FINISHED';
    case 'stopping':
    case 'stopped':
      return 'CHECK_FAILED';
  }
}

/** 5..104 assets and 40..119 policy items of one type, derived from the account name. */
export function complianceSizes(account: string, assetType: string): { assets: number; items: number } {
  const h = fnv1a(`compliance:${account}:${assetType}`);
  return { assets: 5 + (h % 100), items: 40 + ((h >>> 8) % 80) };
}

export function complianceSummary(
  account: string,
  assetType: string,
  snapshot: ScanSnapshot,
  timing: ScanTiming,
): Nullable<ComplianceSummary> {
  const { assets, items } = complianceSizes(account, assetType);
  const status = complianceCheckStatus(snapshot);
  const cs = snapshot.cycleSeed;
  const checked = status === 'CHECK_INIT' ? 0 : Math.floor((assets * snapshot.progress) / 100);
  const scanFailed = Math.floor((checked * (cs % 4)) / 100);
  const evaluated = checked - scanFailed;
  const failedAssets = Math.floor((evaluated * (10 + (cs % 40))) / 100);
  const itemsChecked = status === 'CHECK_INIT' ? 0 : Math.floor((items * snapshot.progress) / 100);
  const failedItems = Math.floor((itemsChecked * (15 + (cs % 30))) / 100);
  const critical = Math.floor(failedItems / 10);
  const high = Math.floor(failedItems / 4);
  const medium = Math.floor((failedItems * 35) / 100);
  const ignored = cs % 6;
  const running = status === 'CHECK_RUNNING';
  return {
    AssetType: assetType,
    IsCustomerFirstCheck: snapshot.cycle <= 0,
    CheckStatus: status,
    PassedPolicyItemCount: itemsChecked - failedItems,
    FailedPolicyItemCount: failedItems,
    FailedCriticalPolicyItemCount: critical,
    FailedHighRiskPolicyItemCount: high,
    FailedMediumRiskPolicyItemCount: medium,
    FailedLowRiskPolicyItemCount: failedItems - critical - high - medium,
    NoticePolicyItemCount: cs % 5,
    PassedAssetCount: evaluated - failedAssets,
    FailedAssetCount: failedAssets,
    // Fractional percent; none before any asset was evaluated.
    AssetPassedRate: evaluated === 0 ? null : percentOf(evaluated - failedAssets, evaluated),
    ScanFailedAssetCount: scanFailed,
    CheckCostTime:
      snapshot.endMs === undefined || snapshot.beginMs === undefined
        ? null
        : Math.round((snapshot.endMs - snapshot.beginMs) / 1000),
    LastCheckTime: formatted(snapshot.beginMs),
    OpenPolicyItemCount: items,
    IgnoredPolicyItemCount: ignored,
    TotalPolicyItemCount: items + ignored,
    // "若未在检测中，无此字段": progress and time left only while the check runs.
    ...(running
      ? { CheckProgress: percentOf(checked, assets), LeftTime: leftSeconds(snapshot, timing) }
      : {}),
  };
}

function assetTypeSet(input: Record<string, unknown>): string[] {
  const set = input['AssetTypeSet'] as string[];
  if (set.length === 0) {
    throw new SimulatedApiError('InvalidParameterValue', 'AssetTypeSet must list at least one asset type.');
  }
  for (const type of set) {
    if (!(COMPLIANCE_ASSET_TYPES as readonly string[]).includes(type)) {
      throw new SimulatedApiError(
        'InvalidParameterValue',
        `AssetTypeSet: \`${type}\` is not one of ${COMPLIANCE_ASSET_TYPES.join(', ')}.`,
      );
    }
  }
  return [...new Set(set)];
}

function describeComplianceTaskAssetSummary({
  account,
  input,
  nowMs,
  sim,
}: ActionContext): ExampleResponse<'DescribeComplianceTaskAssetSummary'> {
  const list = assetTypeSet(input).map((type) =>
    complianceSummary(
      account.name,
      type,
      scanSnapshot(account.name, complianceScanKey(type), nowMs, sim.timing),
      sim.timing,
    ),
  );
  return { Status: 'USER_NORMAL', AssetSummaryList: list as ComplianceSummary[] };
}

export const tcssScanActions: {
  readonly DescribeVirusScanTaskStatus: ActionDefinition<'DescribeVirusScanTaskStatus'>;
  readonly DescribeVulScanInfo: ActionDefinition<'DescribeVulScanInfo'>;
  readonly DescribeComplianceTaskAssetSummary: ActionDefinition<'DescribeComplianceTaskAssetSummary'>;
} = {
  DescribeVirusScanTaskStatus: {
    ...API_ACTIONS.DescribeVirusScanTaskStatus,
    handle: describeVirusScanTaskStatus,
  },
  DescribeVulScanInfo: { ...API_ACTIONS.DescribeVulScanInfo, handle: describeVulScanInfo },
  DescribeComplianceTaskAssetSummary: {
    ...API_ACTIONS.DescribeComplianceTaskAssetSummary,
    handle: describeComplianceTaskAssetSummary,
  },
};

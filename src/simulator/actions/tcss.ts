/** TCSS (2020-11-01): DescribeAssetImageScanStatus and DescribeAssetImageScanTask. */
import { API_ACTIONS, type ExampleResponse } from '../../api-models/actions.js';
import type { AccountRecord } from '../accounts.js';
import { SimulatedApiError } from '../api-error.js';
import { formatBeijing } from '../beijing-time.js';
import {
  type ScanSnapshot,
  type ScanTiming,
  scanSeed,
  scanSnapshot,
  scanSnapshotOfCycle,
} from '../scan-model.js';
import { optionalString } from './input.js';
import type { ActionContext, ActionDefinition } from './types.js';

export const TCSS_SERVICE = API_ACTIONS.DescribeAssetImageScanStatus.service;
export const TCSS_VERSION = API_ACTIONS.DescribeAssetImageScanStatus.version;
export const IMAGE_SCAN = 'image';

/** A task is `READY` (being prepared) for its first percent of progress, and before the first task. */
export const PREPARING_PERCENT = 4;

/** How the stopped cycles of the scan model end, as TCSS reports it (`END` + `SubStatus`). */
const STOPPED_AS = ['Cancel', 'Timeout', 'Error'] as const;

export interface TcssTaskState {
  /** `READY` preparing, `SCANNING`, `END` (there is no stopping/cancelled Status in TCSS). */
  readonly status: 'READY' | 'SCANNING' | 'END';
  /** How it ended: `Success`, `Cancel`, `Timeout`, `Error`; empty before the end. */
  readonly subStatus: '' | 'Success' | (typeof STOPPED_AS)[number];
}

/** READY → SCANNING → END (Success, or Cancel/Timeout/Error for the cycles the model stops part-way). */
export function tcssTaskState(snapshot: ScanSnapshot): TcssTaskState {
  switch (snapshot.phase) {
    case 'never_scanned':
      return { status: 'READY', subStatus: '' };
    case 'scanning':
    case 'stopping':
      return { status: snapshot.progress < PREPARING_PERCENT ? 'READY' : 'SCANNING', subStatus: '' };
    case 'completed':
      return { status: 'END', subStatus: 'Success' };
    case 'stopped':
      return { status: 'END', subStatus: STOPPED_AS[(snapshot.cycleSeed >>> 6) % STOPPED_AS.length]! };
  }
}

/** `imgscan-<8 hex of the account/scan seed>-<cycle>`: unique per account, and decodable. */
export function imageTaskId(account: string, cycle: number): string {
  return `imgscan-${scanSeed(account, IMAGE_SCAN).toString(16).padStart(8, '0')}-${cycle}`;
}

function snapshotForTask(account: AccountRecord, taskId: string, nowMs: number, timing: ScanTiming) {
  const match = /^imgscan-([0-9a-f]{8})-(\d{1,9})$/.exec(taskId);
  const cycle = match ? Number(match[2]) : -1;
  const snapshot =
    match && imageTaskId(account.name, cycle) === taskId
      ? scanSnapshotOfCycle(account.name, IMAGE_SCAN, cycle, nowMs, timing)
      : undefined;
  if (!snapshot)
    throw new SimulatedApiError('ResourceNotFound', `The scan task \`${taskId}\` does not exist.`);
  return snapshot;
}

/** The output fields for one snapshot; exported so tests can predict answers. */
export function imageScanStatusFields(
  imageTotal: number,
  snapshot: ScanSnapshot,
  progressPerSecond: number,
): ExampleResponse<'DescribeAssetImageScanStatus'> {
  const { status } = tcssTaskState(snapshot);
  const scanned = status === 'READY' ? 0 : Math.floor((imageTotal * snapshot.progress) / 100);
  // A few images fail to scan: 1-3 % of those scanned.
  const failures = Math.floor((scanned * (1 + (snapshot.cycleSeed % 3))) / 100);
  return {
    ImageTotal: imageTotal,
    ImageScanCnt: scanned,
    Status: status,
    // Integer arithmetic: floor(cnt / total * 100) in floating point is off by one for e.g. 29/100.
    Schedule: Math.floor((scanned * 100) / imageTotal),
    SuccessCount: scanned - failures,
    RiskCount: Math.floor((snapshot.finalRisks * scanned) / imageTotal),
    LeftSeconds: snapshot.phase === 'scanning' ? Math.ceil((100 - snapshot.progress) / progressPerSecond) : 0,
  };
}

function describeAssetImageScanStatus({
  account,
  input,
  nowMs,
  sim,
}: ActionContext): ExampleResponse<'DescribeAssetImageScanStatus'> {
  const taskId = optionalString(input, 'TaskID');
  const snapshot =
    taskId === undefined
      ? scanSnapshot(account.name, IMAGE_SCAN, nowMs, sim.timing)
      : snapshotForTask(account, taskId, nowMs, sim.timing);
  return imageScanStatusFields(account.imageTotal, snapshot, sim.timing.progressPerSecond);
}

/** The latest task; before the first one there is no id and no time (`null`, as the API writes it). */
export function imageScanTaskFields(
  account: string,
  snapshot: ScanSnapshot,
): ExampleResponse<'DescribeAssetImageScanTask'> {
  const never = snapshot.phase === 'never_scanned';
  const { status, subStatus } = tcssTaskState(snapshot);
  return {
    TaskID: never ? '' : imageTaskId(account, snapshot.cycle),
    Status: status,
    SubStatus: subStatus,
    // The model types it as a string; the API writes null when there is none.
    LastScanTime: (snapshot.beginMs === undefined ? null : formatBeijing(snapshot.beginMs)) as string,
  };
}

function describeAssetImageScanTask({ account, nowMs, sim }: ActionContext) {
  return imageScanTaskFields(account.name, scanSnapshot(account.name, IMAGE_SCAN, nowMs, sim.timing));
}

export const tcssActions: {
  readonly DescribeAssetImageScanStatus: ActionDefinition<'DescribeAssetImageScanStatus'>;
  readonly DescribeAssetImageScanTask: ActionDefinition<'DescribeAssetImageScanTask'>;
} = {
  DescribeAssetImageScanStatus: {
    ...API_ACTIONS.DescribeAssetImageScanStatus,
    handle: describeAssetImageScanStatus,
  },
  DescribeAssetImageScanTask: {
    ...API_ACTIONS.DescribeAssetImageScanTask,
    handle: describeAssetImageScanTask,
  },
};

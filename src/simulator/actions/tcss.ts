/** TCSS (2020-11-01): DescribeAssetImageScanStatus and DescribeAssetImageScanTask. */
import type { AccountRecord } from '../accounts.js';
import { ApiError } from '../api-error.js';
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

export const TCSS_SERVICE = 'tcss';
export const TCSS_VERSION = '2020-11-01';
export const IMAGE_SCAN = 'image';

const STATUS_BY_PHASE: Record<ScanSnapshot['phase'], string> = {
  never_scanned: 'READY',
  scanning: 'SCANNING',
  completed: 'END',
  stopping: 'CANCELED',
  stopped: 'CANCELED',
};

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
  if (!snapshot) throw new ApiError('ResourceNotFound', `The scan task \`${taskId}\` does not exist.`);
  return snapshot;
}

/** The output fields for one snapshot; exported so tests can predict answers. */
export function imageScanStatusFields(
  imageTotal: number,
  snapshot: ScanSnapshot,
  progressPerSecond: number,
): Record<string, unknown> {
  const scanned = Math.floor((imageTotal * snapshot.progress) / 100);
  // A few images fail to scan: 1-3 % of those scanned.
  const failures = Math.floor((scanned * (1 + (snapshot.cycleSeed % 3))) / 100);
  return {
    ImageTotal: imageTotal,
    ImageScanCnt: scanned,
    Status: STATUS_BY_PHASE[snapshot.phase],
    // Integer arithmetic: floor(cnt / total * 100) in floating point is off by one for e.g. 29/100.
    Schedule: Math.floor((scanned * 100) / imageTotal),
    SuccessCount: scanned - failures,
    RiskCount: Math.floor((snapshot.finalRisks * scanned) / imageTotal),
    LeftSeconds: snapshot.phase === 'scanning' ? Math.ceil((100 - snapshot.progress) / progressPerSecond) : 0,
  };
}

function describeAssetImageScanStatus({ account, input, nowMs, sim }: ActionContext) {
  const taskId = optionalString(input, 'TaskID');
  const snapshot =
    taskId === undefined
      ? scanSnapshot(account.name, IMAGE_SCAN, nowMs, sim.timing)
      : snapshotForTask(account, taskId, nowMs, sim.timing);
  return imageScanStatusFields(account.imageTotal, snapshot, sim.timing.progressPerSecond);
}

function describeAssetImageScanTask({ account, nowMs, sim }: ActionContext) {
  const snapshot = scanSnapshot(account.name, IMAGE_SCAN, nowMs, sim.timing);
  const never = snapshot.phase === 'never_scanned';
  const status = never ? 'READY' : snapshot.phase === 'scanning' ? 'SCANNING' : 'END';
  return {
    TaskID: never ? '' : imageTaskId(account.name, snapshot.cycle),
    Status: status,
    SubStatus: STATUS_BY_PHASE[snapshot.phase],
    LastScanTime: snapshot.beginMs === undefined ? '' : formatBeijing(snapshot.beginMs),
  };
}

export const tcssActions: Record<string, ActionDefinition> = {
  DescribeAssetImageScanStatus: {
    service: TCSS_SERVICE,
    version: TCSS_VERSION,
    handle: describeAssetImageScanStatus,
  },
  DescribeAssetImageScanTask: {
    service: TCSS_SERVICE,
    version: TCSS_VERSION,
    handle: describeAssetImageScanTask,
  },
};

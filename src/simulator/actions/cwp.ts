/** CWP (2018-02-28): DescribeScanState and DescribeBaselineStrategyList. */
import { ApiError } from '../api-error.js';
import { formatBeijing } from '../beijing-time.js';
import { type ScanSnapshot, scanSnapshot } from '../scan-model.js';
import { filters, optionalInteger } from './input.js';
import type { ActionContext, ActionDefinition } from './types.js';

export const CWP_SERVICE = 'cwp';
export const CWP_VERSION = '2018-02-28';

const MODULES = new Set(['Malware', 'Vul', 'Baseline']);

const SCAN_STATE_BY_PHASE: Record<ScanSnapshot['phase'], number> = {
  never_scanned: 0,
  scanning: 1,
  completed: 2,
  stopping: 3,
  stopped: 4,
};

/** Above 2^53: clients that parse ids as doubles lose precision, which is the point. */
const BIG_VUL_ID_BASE = 2n ** 53n + 1n;

/** The scan key of the model: `Malware`, `Vul` or `Baseline/<id>`. */
export function cwpScanKey(moduleType: string, strategyId?: number): string {
  return moduleType === 'Baseline' ? `Baseline/${strategyId}` : moduleType;
}

function vulIds(snapshot: ScanSnapshot): bigint[] {
  const finalCount = 1 + (snapshot.cycleSeed % 8);
  const count = Math.floor((finalCount * snapshot.progress) / 100);
  const ids: bigint[] = [];
  for (let i = 0; i < count; i++) {
    ids.push(
      i === 0
        ? BIG_VUL_ID_BASE + BigInt(snapshot.seed % 1000)
        : BigInt(100_000 + ((snapshot.cycleSeed + i * 7919) % 900_000)),
    );
  }
  return ids;
}

/** The output fields for one snapshot; exported so tests can predict answers. */
export function scanStateFields(moduleType: string, snapshot: ScanSnapshot): Record<string, unknown> {
  if (snapshot.phase === 'never_scanned') {
    return {
      ScanState: 0,
      Schedule: 0,
      TaskId: 0,
      VulId: [],
      Type: 0,
      ScanBeginTime: null,
      RiskEventCount: null,
      ScanEndTime: null,
    };
  }
  return {
    ScanState: SCAN_STATE_BY_PHASE[snapshot.phase],
    Schedule: Math.floor(snapshot.progress),
    TaskId: (10_000 + (snapshot.seed % 90_000)) * 100_000 + snapshot.cycle,
    VulId: moduleType === 'Vul' ? vulIds(snapshot) : [],
    Type: snapshot.cycleSeed % 3 === 0 ? 0 : 1,
    ScanBeginTime: formatBeijing(snapshot.beginMs!),
    RiskEventCount: Math.floor((snapshot.finalRisks * snapshot.progress) / 100),
    ScanEndTime: snapshot.endMs === undefined ? null : formatBeijing(snapshot.endMs),
  };
}

function baselineStrategyId({ account, input }: ActionContext): number {
  const filter = filters(input).find((f) => f.name === 'StrategyId');
  const raw = filter?.values[0];
  if (raw === undefined) {
    throw new ApiError(
      'InvalidParameter.MissingParameter',
      'ModuleType Baseline needs the filter `StrategyId` with one value.',
    );
  }
  if (!/^\d{1,15}$/.test(raw)) {
    throw new ApiError('InvalidParameter.InvalidFormat', `StrategyId \`${raw}\` is not an integer.`);
  }
  const id = Number(raw);
  if (!account.baselineStrategyIds.includes(id)) {
    throw new ApiError('ResourceNotFound', `The baseline strategy ${id} does not exist.`);
  }
  return id;
}

function describeScanState(context: ActionContext) {
  const moduleType = context.input['ModuleType'];
  if (moduleType === undefined || moduleType === null || moduleType === '') {
    throw new ApiError('MissingParameter', 'The request is missing a required parameter `ModuleType`.');
  }
  if (typeof moduleType !== 'string' || !MODULES.has(moduleType)) {
    throw new ApiError('InvalidParameterValue', 'ModuleType must be one of Malware, Vul, Baseline.');
  }
  filters(context.input); // validates the shape for every module
  const strategyId = moduleType === 'Baseline' ? baselineStrategyId(context) : undefined;
  const snapshot = scanSnapshot(
    context.account.name,
    cwpScanKey(moduleType, strategyId),
    context.nowMs,
    context.sim.timing,
  );
  return scanStateFields(moduleType, snapshot);
}

function describeBaselineStrategyList({ account, input }: ActionContext) {
  const limit = optionalInteger(input, 'Limit', { min: 1, max: 100 }) ?? 10;
  const offset = optionalInteger(input, 'Offset', { min: 0, max: Number.MAX_SAFE_INTEGER }) ?? 0;
  // Enabled: 1 enabled only, 0 disabled only, 2 all. Every simulated strategy is enabled.
  const enabled = optionalInteger(input, 'Enabled', { min: 0, max: 2 }) ?? 2;
  const all = enabled === 0 ? [] : account.baselineStrategyIds;
  return {
    StrategyList: all.slice(offset, offset + limit).map((id) => ({
      StrategyId: id,
      StrategyName: `Baseline strategy ${id}`,
      RuleCount: 10 + (id % 90),
      ItemCount: 50 + (id % 400),
      HostCount: 1 + (id % 30),
      ScanCycle: 7,
      ScanAt: '02:00:00',
      Enabled: 1,
      PassRate: 60 + (id % 40),
      IsDefault: id === all[0] ? 1 : 0,
    })),
    TotalCount: all.length,
  };
}

export const cwpActions: Record<string, ActionDefinition> = {
  DescribeScanState: { service: CWP_SERVICE, version: CWP_VERSION, handle: describeScanState },
  DescribeBaselineStrategyList: {
    service: CWP_SERVICE,
    version: CWP_VERSION,
    handle: describeBaselineStrategyList,
  },
};

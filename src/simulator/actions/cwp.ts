/** CWP (2018-02-28): DescribeScanState and DescribeBaselineStrategyList. */
import { API_ACTIONS, type ExampleResponse } from '../../api-models/actions.js';
import { SimulatedApiError } from '../api-error.js';
import { formatBeijing } from '../beijing-time.js';
import { type ScanSnapshot, scanSnapshot } from '../scan-model.js';
import { filters, optionalInteger } from './input.js';
import type { ActionContext, ActionDefinition } from './types.js';

export const CWP_SERVICE = API_ACTIONS.DescribeScanState.service;
export const CWP_VERSION = API_ACTIONS.DescribeScanState.version;
/** The API rejects larger pages. */
export const MAX_LIMIT = 100;

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

/** Windows patches the Vul task covers, e.g. `KB5034441`; none for the other modules. */
function kbNumbers(moduleType: string, snapshot: ScanSnapshot): string[] {
  if (moduleType !== 'Vul') return [];
  return Array.from(
    { length: snapshot.cycleSeed % 3 },
    (_, i) => `KB${5_000_000 + ((snapshot.seed + i * 7_919) % 90_000)}`,
  );
}

/**
 * The model's fields with `null` where the real API writes null (the model types them without
 * null, so the answer is typed as the model's fields, each possibly null).
 */
type Nullable<T> = { [K in keyof T]: T[K] | null };

/** The output fields for one snapshot; exported so tests can predict answers. */
export function scanStateFields(
  moduleType: string,
  snapshot: ScanSnapshot,
): Nullable<ExampleResponse<'DescribeScanState'>> {
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
      KBNumber: [],
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
    KBNumber: kbNumbers(moduleType, snapshot),
  };
}

function baselineStrategyId({ account, input }: ActionContext): number {
  const filter = filters(input).find((f) => f.name === 'StrategyId');
  const raw = filter?.values[0];
  if (raw === undefined) {
    throw new SimulatedApiError(
      'InvalidParameter.MissingParameter',
      'ModuleType Baseline needs the filter `StrategyId` with one value.',
    );
  }
  if (!/^\d{1,15}$/.test(raw)) {
    throw new SimulatedApiError('InvalidParameter.InvalidFormat', `StrategyId \`${raw}\` is not an integer.`);
  }
  const id = Number(raw);
  if (!account.baselineStrategyIds.includes(id) && !account.disabledBaselineStrategyIds.includes(id)) {
    throw new SimulatedApiError('ResourceNotFound', `The baseline strategy ${id} does not exist.`);
  }
  return id;
}

function describeScanState(context: ActionContext) {
  const moduleType = context.input['ModuleType'] as string;
  if (!MODULES.has(moduleType)) {
    throw new SimulatedApiError('InvalidParameterValue', 'ModuleType must be one of Malware, Vul, Baseline.');
  }
  filters(context.input); // validates the shape for every module
  const strategyId = moduleType === 'Baseline' ? baselineStrategyId(context) : undefined;
  const snapshot = scanSnapshot(
    context.account.name,
    cwpScanKey(moduleType, strategyId),
    context.nowMs,
    context.sim.timing,
  );
  // The model types these fields without null; the real API writes null for them.
  return scanStateFields(moduleType, snapshot) as ExampleResponse<'DescribeScanState'>;
}

/** Enabled: 1 enabled only, 0 disabled only, 2 all; all three parameters are required. */
function describeBaselineStrategyList({
  account,
  input,
}: ActionContext): ExampleResponse<'DescribeBaselineStrategyList'> {
  const limit = optionalInteger(input, 'Limit', { min: 1, max: MAX_LIMIT })!;
  const offset = optionalInteger(input, 'Offset', { min: 0, max: Number.MAX_SAFE_INTEGER })!;
  const enabled = optionalInteger(input, 'Enabled', { min: 0, max: 2 })!;
  const listed = [
    ...(enabled === 0 ? [] : account.baselineStrategyIds.map((id) => ({ id, enabled: 1 }))),
    ...(enabled === 1 ? [] : account.disabledBaselineStrategyIds.map((id) => ({ id, enabled: 0 }))),
  ];
  const first = account.baselineStrategyIds[0];
  return {
    StrategyList: listed.slice(offset, offset + limit).map(({ id, enabled: on }) => ({
      StrategyName: `Baseline strategy ${id}`,
      // As the official example answers it: a string (see EXAMPLE_DEVIATIONS).
      StrategyId: String(id),
      RuleCount: 10 + (id % 90),
      HostCount: 1 + (id % 30),
      ScanCycle: 7,
      ScanAt: '02:00:00',
      Enabled: on,
      PassRate: 60 + (id % 40),
      CategoryIds: `[${1 + (id % 5)},${6 + (id % 7)}]`,
      IsDefault: id === first ? 1 : 0,
    })),
    TotalCount: listed.length,
  };
}

export const cwpActions: {
  readonly DescribeScanState: ActionDefinition<'DescribeScanState'>;
  readonly DescribeBaselineStrategyList: ActionDefinition<'DescribeBaselineStrategyList'>;
} = {
  DescribeScanState: { ...API_ACTIONS.DescribeScanState, handle: describeScanState },
  DescribeBaselineStrategyList: {
    ...API_ACTIONS.DescribeBaselineStrategyList,
    handle: describeBaselineStrategyList,
  },
};

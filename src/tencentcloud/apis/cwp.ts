import type { ActionSpec, ApiCaller, CallOptions } from '../types.js';
import {
  contextOf,
  count,
  describeValue,
  type FieldRules,
  idCount,
  integer,
  isObject,
  parseFields,
  percent,
  requireObject,
  time,
} from './fields.js';
import type { BaselineStrategyPage, CwpModule, FieldIssue, Parsed, ScanState } from './types.js';

const CWP_VERSION = '2018-02-28';

export const DESCRIBE_SCAN_STATE: ActionSpec = {
  service: 'cwp',
  version: CWP_VERSION,
  action: 'DescribeScanState',
};

export const DESCRIBE_BASELINE_STRATEGY_LIST: ActionSpec = {
  service: 'cwp',
  version: CWP_VERSION,
  action: 'DescribeBaselineStrategyList',
};

const SCAN_STATE_RULES: FieldRules<ScanState> = {
  ScanState: integer(),
  Schedule: percent(),
  TaskId: integer(),
  VulIdCount: idCount('VulId'),
  Type: integer(),
  ScanBeginTime: time(),
  RiskEventCount: count(),
  ScanEndTime: time(),
};

export interface ScanStateInput {
  readonly module: CwpModule;
  /** Baseline only: the API reports one strategy per call. */
  readonly strategyId?: number;
}

/** State of the latest scan of one CWP module (one baseline strategy for `Baseline`). */
export async function describeScanState(
  caller: ApiCaller,
  input: ScanStateInput,
  options?: CallOptions,
): Promise<Parsed<ScanState>> {
  const payload: Record<string, unknown> = { ModuleType: input.module };
  if (input.module === 'Baseline' && input.strategyId !== undefined) {
    payload['Filters'] = [{ Name: 'StrategyId', Values: [String(input.strategyId)], ExactMatch: true }];
  }
  const response = await caller.call(DESCRIBE_SCAN_STATE, payload, options);
  return parseFields(response, SCAN_STATE_RULES, contextOf(caller, DESCRIBE_SCAN_STATE));
}

export interface BaselineStrategyListInput {
  /** At most 100. */
  readonly limit: number;
  readonly offset: number;
  /** 1 enabled, 0 disabled, 2 all (the API's default). */
  readonly enabled?: 0 | 1 | 2;
}

/**
 * One page of baseline strategies. A `null`/missing `StrategyList` means an empty page (the API
 * writes empty lists as null); entries without an integer `StrategyId` are skipped and reported.
 */
export async function describeBaselineStrategyList(
  caller: ApiCaller,
  input: BaselineStrategyListInput,
  options?: CallOptions,
): Promise<Parsed<BaselineStrategyPage>> {
  const payload: Record<string, unknown> = { Limit: input.limit, Offset: input.offset };
  if (input.enabled !== undefined) payload['Enabled'] = input.enabled;
  const response = await caller.call(DESCRIBE_BASELINE_STRATEGY_LIST, payload, options);
  const context = contextOf(caller, DESCRIBE_BASELINE_STRATEGY_LIST);
  const {
    value: totals,
    issues: totalIssues,
    requestId,
  } = parseFields(response, { TotalCount: count() }, context);
  const issues: FieldIssue[] = [...totalIssues];
  const value: { strategyIds?: number[]; totalCount?: number } = {};
  if (totals.TotalCount !== undefined) value.totalCount = totals.TotalCount;

  const list = requireObject(response, context)['StrategyList'];
  if (list === undefined || list === null) value.strategyIds = [];
  else if (!Array.isArray(list))
    issues.push({ field: 'StrategyList', problem: `expected array, got ${describeValue(list)}` });
  else {
    value.strategyIds = [];
    list.forEach((entry: unknown, i) => {
      const id = isObject(entry) ? entry['StrategyId'] : undefined;
      if (typeof id === 'number' && Number.isSafeInteger(id)) value.strategyIds!.push(id);
      else
        issues.push({
          field: `StrategyList[${i}].StrategyId`,
          problem: `expected integer, got ${describeValue(id)}`,
        });
    });
  }
  return requestId === undefined ? { value, issues } : { value, issues, requestId };
}

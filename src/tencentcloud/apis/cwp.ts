import {
  API_ACTIONS,
  type ElementOf,
  type ModelResponse,
  type ResponseField,
} from '../../api-models/actions.js';
import { InvalidResponseError } from '../errors.js';
import type { ActionSpec, ApiCaller, CallOptions } from '../types.js';
import {
  callModel,
  contextOf,
  count,
  describeValue,
  type FieldRules,
  idCount,
  integer,
  isObject,
  modelField,
  parseFields,
  percent,
  requireObject,
  time,
} from './fields.js';
import type { BaselineStrategyPage, CwpModule, FieldIssue, Parsed, ScanState } from './types.js';

export const DESCRIBE_SCAN_STATE: ActionSpec = API_ACTIONS.DescribeScanState;
export const DESCRIBE_BASELINE_STRATEGY_LIST: ActionSpec = API_ACTIONS.DescribeBaselineStrategyList;

/** One entry of `StrategyList` as the SDK model declares it (`Strategy`). */
type StrategyModel = ElementOf<NonNullable<ModelResponse<'DescribeBaselineStrategyList'>['StrategyList']>>;

/** The API's own page size limit for DescribeBaselineStrategyList. */
export const MAX_STRATEGY_PAGE = 100;

const SCAN_STATE_RULES: FieldRules<ScanState, ResponseField<'DescribeScanState'>> = {
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
  const response = await callModel(
    caller,
    'DescribeScanState',
    input.module === 'Baseline' && input.strategyId !== undefined
      ? {
          ModuleType: input.module,
          Filters: [{ Name: 'StrategyId', Values: [String(input.strategyId)], ExactMatch: true }],
        }
      : { ModuleType: input.module },
    options,
  );
  return parseFields(response, SCAN_STATE_RULES, contextOf(caller, DESCRIBE_SCAN_STATE));
}

export interface BaselineStrategyListInput {
  /** 1..100 (the API rejects more). */
  readonly limit: number;
  readonly offset: number;
  /** 1 enabled, 0 disabled, 2 all; required by the API. */
  readonly enabled: 0 | 1 | 2;
}

const STRATEGY_ID = count().schema;

/**
 * A `StrategyId`: the model says number, the official example answers a string (`"10023"`);
 * both are accepted, as every count is, as long as they are a whole, exactly representable id.
 */
export function strategyIdOf(value: unknown): number | undefined {
  const id = STRATEGY_ID.safeParse(value);
  return id.success ? id.data : undefined;
}

/**
 * One page of baseline strategies. A `null`/missing `StrategyList` means an empty page (the API
 * writes empty lists as null); entries without a usable `StrategyId` are skipped and reported.
 * A `StrategyList` that is not a list at all leaves the page unusable: that is an
 * InvalidResponseError, since an empty page would be a made-up answer.
 */
export async function describeBaselineStrategyList(
  caller: ApiCaller,
  input: BaselineStrategyListInput,
  options?: CallOptions,
): Promise<Parsed<BaselineStrategyPage>> {
  const response = await callModel(
    caller,
    'DescribeBaselineStrategyList',
    { Limit: input.limit, Offset: input.offset, Enabled: input.enabled },
    options,
  );
  const context = contextOf(caller, DESCRIBE_BASELINE_STRATEGY_LIST);
  const {
    value: totals,
    issues: totalIssues,
    requestId,
  } = parseFields(response, { TotalCount: count() }, context);
  const issues: FieldIssue[] = [...totalIssues];
  const strategyIds: number[] = [];
  const list = modelField(requireObject(response, context), 'DescribeBaselineStrategyList', 'StrategyList');
  if (list !== undefined && list !== null && !Array.isArray(list)) {
    const problem = `expected array, got ${describeValue(list)}`;
    throw Object.assign(
      new InvalidResponseError(
        requestId ? { ...context, requestId } : context,
        'incomplete',
        `StrategyList: ${problem}`,
      ),
      { fieldIssues: [...issues, { field: 'StrategyList', problem }] },
    );
  }
  (Array.isArray(list) ? list : []).forEach((entry: unknown, i) => {
    const fields: Partial<Record<keyof StrategyModel, unknown>> = isObject(entry) ? entry : {};
    const raw = fields.StrategyId;
    const id = strategyIdOf(raw);
    if (id !== undefined) strategyIds.push(id);
    // No index in the field: it is a label value of the field-issue counter (kept bounded).
    else
      issues.push({
        field: 'StrategyList[].StrategyId',
        problem: `entry ${i}: expected integer id (number or digit string), got ${describeValue(raw)}`,
      });
  });
  const value: { strategyIds: number[]; totalCount?: number } = { strategyIds };
  if (totals.TotalCount !== undefined) value.totalCount = totals.TotalCount;
  return requestId === undefined ? { value, issues } : { value, issues, requestId };
}

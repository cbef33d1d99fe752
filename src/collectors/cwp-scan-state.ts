import { z } from 'zod';
import type { ScanSample, ScanStateName } from '../metrics/scan-families.js';
import {
  DESCRIBE_BASELINE_STRATEGY_LIST,
  DESCRIBE_SCAN_STATE,
  describeBaselineStrategyList,
  describeScanState,
  MAX_STRATEGY_PAGE,
} from '../tencentcloud/apis/cwp.js';
import type { CwpModule, FieldIssue, ScanState } from '../tencentcloud/apis/types.js';
import type { CallOptions } from '../tencentcloud/types.js';
import {
  type CollectContext,
  type Collector,
  callOptionsOf,
  perScan,
  reportIssues,
  type ScanFailure,
  type ScanJob,
  type ScanUnit,
} from './collector.js';
import { defineCollector, distinct, type FieldRow, isDistinct } from './definition.js';
import { type Labels, stateSamples, valueSamples } from './field-table.js';

/** CWP DescribeScanState → metrics. The README's metrics table is checked against this. */
export const CWP_FIELD_TABLE: readonly FieldRow<ScanState>[] = [
  { metric: 'tencentcloud_scan_progress_ratio', field: 'Schedule', kind: 'number', divisor: 100 },
  { metric: 'tencentcloud_scan_risks', field: 'RiskEventCount', kind: 'number' },
  { metric: 'tencentcloud_scan_targeted_vulnerabilities', field: 'VulIdCount', kind: 'number' },
  { metric: 'tencentcloud_scan_start_timestamp_seconds', field: 'ScanBeginTime', kind: 'time' },
  { metric: 'tencentcloud_scan_end_timestamp_seconds', field: 'ScanEndTime', kind: 'time' },
  { metric: 'tencentcloud_scan_state', field: 'ScanState', kind: 'state' },
  { metric: 'tencentcloud_scan_info', field: 'TaskId', kind: 'info' },
];

const SCAN_STATE_NAMES: readonly ScanStateName[] = [
  'never_scanned',
  'scanning',
  'completed',
  'stopping',
  'stopped',
];
const TRIGGERS: readonly string[] = ['one_click', 'scheduled'];
const MODULE_SCAN_LABEL: Readonly<Record<CwpModule, string>> = {
  Malware: 'malware',
  Vul: 'vul',
  Baseline: 'baseline',
};

/** Discovery is bounded: at most this many pages of 100 strategies. */
const MAX_STRATEGY_PAGES = 50;
/** Discovery asks for enabled strategies only (`Enabled: 1`): disabled ones are not scanned. */
const ENABLED_ONLY = 1;

export function cwpState(scanState: number | undefined): ScanStateName | undefined {
  if (scanState === undefined) return undefined;
  return SCAN_STATE_NAMES[scanState] ?? 'unknown';
}

export interface CwpScanStateOptions {
  readonly modules: readonly CwpModule[];
  /** `auto` discovers them with DescribeBaselineStrategyList; the API needs one id per call. */
  readonly baseline_strategy_ids: readonly number[] | 'auto';
  /** IANA zone of ScanBeginTime / ScanEndTime. */
  readonly timezone: string;
}

/**
 * One DescribeScanState call per module, and per strategy id for Baseline; all run
 * concurrently, and each is its own scan: a denied or failed call (or a failed strategy
 * discovery) leaves the other modules' series intact and is reported as a partial round.
 */
export function createCwpScanStateCollector(options: CwpScanStateOptions): Collector {
  return {
    name: 'cwp_scan_state',
    async collect(context: CollectContext): Promise<ScanSample[]> {
      const { signal } = context;
      const callOptions = callOptionsOf(context);
      const jobs: ScanJob[] = [];
      const failures: ScanFailure[] = [];
      const baseline = options.modules.includes('Baseline');
      // Discovery runs while the other modules' calls are already under way.
      const discovery =
        baseline && options.baseline_strategy_ids === 'auto'
          ? discoverStrategies(context, callOptions)
          : Promise.resolve(options.baseline_strategy_ids === 'auto' ? [] : options.baseline_strategy_ids);
      for (const module of options.modules) {
        if (module !== 'Baseline') jobs.push(scanJob(context, options, callOptions, module));
      }
      const others = jobs.map((job) => {
        const started = job.run(signal);
        started.catch(() => undefined);
        return { ...job, run: () => started };
      });
      let strategyIds: readonly number[] = [];
      try {
        strategyIds = await discovery;
      } catch (error) {
        if (signal.aborted) throw signal.reason;
        failures.push({
          unit: { product: 'cwp', scan: 'baseline' },
          what: 'baseline discovery (DescribeBaselineStrategyList)',
          error,
        });
      }
      const baselineJobs = strategyIds.map((id) => scanJob(context, options, callOptions, 'Baseline', id));
      return perScan([...others, ...baselineJobs], signal, failures);
    },
  };
}

function scanJob(
  context: CollectContext,
  options: CwpScanStateOptions,
  callOptions: CallOptions,
  module: CwpModule,
  strategyId?: number,
): ScanJob {
  const scan = MODULE_SCAN_LABEL[module];
  const unit: ScanUnit =
    strategyId === undefined
      ? { product: 'cwp', scan }
      : { product: 'cwp', scan, strategy_id: String(strategyId) };
  return {
    unit,
    what: strategyId === undefined ? `${scan} scan` : `${scan} scan of strategy ${strategyId}`,
    run: async (signal) => {
      const state = await describeScanState(
        context.caller,
        { module, strategyId },
        { ...callOptions, signal },
      );
      reportIssues(context, 'DescribeScanState', state.issues);
      const labels: Labels = { account: context.caller.account, ...unit };
      const s = state.value;
      const samples = valueSamples(CWP_FIELD_TABLE, s, labels, options.timezone);
      samples.push(...stateSamples(cwpState(s.ScanState), labels));
      samples.push({
        name: 'tencentcloud_scan_info',
        labels: {
          ...labels,
          task_id: s.TaskId === undefined ? '' : String(s.TaskId),
          trigger: s.Type === undefined ? '' : (TRIGGERS[s.Type] ?? ''),
        },
        value: 1,
      });
      return samples;
    },
  };
}

/**
 * Every enabled strategy, page by page (`Limit` 100, `Offset`), until `TotalCount` is reached
 * or a page comes back short. Field issues are reported; an unusable page fails discovery.
 */
async function discoverStrategies(context: CollectContext, callOptions: CallOptions): Promise<number[]> {
  const ids: number[] = [];
  for (let page = 0; page < MAX_STRATEGY_PAGES; page++) {
    let result: Awaited<ReturnType<typeof describeBaselineStrategyList>>;
    try {
      result = await describeBaselineStrategyList(
        context.caller,
        { limit: MAX_STRATEGY_PAGE, offset: page * MAX_STRATEGY_PAGE, enabled: ENABLED_ONLY },
        callOptions,
      );
    } catch (error) {
      const issues = (error as { fieldIssues?: readonly FieldIssue[] }).fieldIssues;
      if (issues) reportIssues(context, 'DescribeBaselineStrategyList', issues);
      throw error;
    }
    reportIssues(context, 'DescribeBaselineStrategyList', result.issues);
    const found = result.value.strategyIds ?? [];
    ids.push(...found);
    const total = result.value.totalCount;
    const listed = (page + 1) * MAX_STRATEGY_PAGE;
    const empty = found.length === 0 && result.issues.length === 0;
    if (empty || (total !== undefined ? listed >= total : found.length < MAX_STRATEGY_PAGE)) break;
  }
  return [...new Set(ids)];
}

const CWP_MODULES = ['Malware', 'Vul', 'Baseline'] as const satisfies readonly CwpModule[];

function isTimeZone(value: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: value });
    return true;
  } catch {
    return false;
  }
}

export const cwpScanState = defineCollector({
  name: 'cwp_scan_state',
  product: 'cwp',
  description: 'CWP host malware, vulnerability and baseline scan state (DescribeScanState)',
  defaults: { schedule: '0 * * * * *', timeout_seconds: 30 },
  options: {
    modules: z
      .array(z.enum(CWP_MODULES))
      .min(1, { error: 'must list at least one module (set enabled: false to turn the collector off)' })
      .check(distinct('must not list a module twice'))
      .default([...CWP_MODULES]),
    baseline_strategy_ids: z
      .union([z.literal('auto'), z.array(z.int().positive()).min(1)], {
        error: 'must be auto or a non-empty list of positive integer strategy ids',
      })
      // A repeated id would be asked twice and exported as two identical series.
      .refine((ids) => ids === 'auto' || isDistinct(ids), {
        error: 'must not list a strategy id twice',
      })
      .default('auto'),
    timezone: z
      .string()
      .refine(isTimeZone, { error: '{value} is not an IANA time zone such as Asia/Shanghai' })
      .default('Asia/Shanghai'),
  },
  actions: [DESCRIBE_BASELINE_STRATEGY_LIST, DESCRIBE_SCAN_STATE],
  metrics: {
    tencentcloud_scan_targeted_vulnerabilities:
      'Vulnerability ids the latest CWP scan task covers, its scope rather than what it found (entries in VulId).',
  },
  fields: [{ action: DESCRIBE_SCAN_STATE, rows: CWP_FIELD_TABLE }],
  create: createCwpScanStateCollector,
});

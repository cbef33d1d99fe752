import type { ScanSample, ScanStateName } from '../metrics/scan-families.js';
import { describeBaselineStrategyList, describeScanState } from '../tencentcloud/apis/cwp.js';
import type { CwpModule, ScanState } from '../tencentcloud/apis/types.js';
import type { ApiCaller } from '../tencentcloud/types.js';
import { allOrNothing, type CollectContext, type Collector, reportIssues } from './collector.js';
import { type FieldRow, type Labels, stateSamples, valueSamples } from './field-table.js';

/** CWP DescribeScanState → metrics. The README's metrics table is checked against this. */
export const CWP_FIELD_TABLE: readonly FieldRow<ScanState>[] = [
  { metric: 'tencentcloud_scan_progress_ratio', field: 'Schedule', kind: 'number', scale: 0.01 },
  { metric: 'tencentcloud_scan_risks', field: 'RiskEventCount', kind: 'number' },
  { metric: 'tencentcloud_scan_vulnerabilities', field: 'VulIdCount', kind: 'number' },
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

export function cwpState(scanState: number | undefined): ScanStateName | undefined {
  if (scanState === undefined) return undefined;
  return SCAN_STATE_NAMES[scanState] ?? 'unknown';
}

export interface CwpScanStateOptions {
  readonly modules: readonly CwpModule[];
  readonly baselineStrategyIds: readonly number[] | 'auto';
  /** IANA zone of ScanBeginTime / ScanEndTime. */
  readonly timezone: string;
}

interface Call {
  readonly module: CwpModule;
  readonly strategyId?: number;
}

/** One DescribeScanState call per module, and per strategy id for Baseline; all run concurrently. */
export function createCwpScanStateCollector(options: CwpScanStateOptions): Collector {
  return {
    name: 'cwp_scan_state',
    async collect(context: CollectContext): Promise<ScanSample[]> {
      const { caller, signal } = context;
      const calls: Call[] = [];
      for (const module of options.modules) {
        if (module !== 'Baseline') {
          calls.push({ module });
          continue;
        }
        const ids =
          options.baselineStrategyIds === 'auto'
            ? await discoverStrategies(caller, signal)
            : options.baselineStrategyIds;
        for (const strategyId of ids) calls.push({ module, strategyId });
      }
      const results = await allOrNothing(calls, signal, async (call, sig) => {
        const state = await describeScanState(
          caller,
          { module: call.module, strategyId: call.strategyId },
          { signal: sig },
        );
        reportIssues(context, 'DescribeScanState', state.issues);
        const labels: Labels = {
          account: caller.account,
          product: 'cwp',
          scan: MODULE_SCAN_LABEL[call.module],
          ...(call.strategyId === undefined ? {} : { strategy_id: String(call.strategyId) }),
        };
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
      });
      return results.flat();
    },
  };
}

async function discoverStrategies(caller: ApiCaller, signal: AbortSignal): Promise<number[]> {
  const ids: number[] = [];
  for (let page = 0; page < MAX_STRATEGY_PAGES; page++) {
    const result = await describeBaselineStrategyList(caller, { limit: 100, offset: page * 100 }, { signal });
    const found = result.value.strategyIds ?? [];
    ids.push(...found);
    const total = result.value.totalCount;
    if (found.length < 100 || (total !== undefined && ids.length >= total)) break;
  }
  return [...new Set(ids)];
}

/**
 * What the contract says the exporter must show for one account, derived from the simulator's raw
 * answers (signed calls through the project's client, but read field by field here, not by the
 * exporter's parsers), so a scrape can be compared with it series by series. Which field feeds
 * which metric comes from the collector registry's field tables; the state and trigger mappings
 * are written out here, from the contract, as an independent check of the collectors' own.
 */
import type { FieldTable } from '../../src/collectors/definition.js';
import { COLLECTORS } from '../../src/collectors/registry.js';
import type { Simulator, SimulatorAccount } from '../../src/simulator/index.js';
import { DESCRIBE_SCAN_STATE } from '../../src/tencentcloud/apis/cwp.js';
import {
  DESCRIBE_ASSET_IMAGE_SCAN_STATUS,
  DESCRIBE_ASSET_IMAGE_SCAN_TASK,
  DESCRIBE_COMPLIANCE_TASK_ASSET_SUMMARY,
  DESCRIBE_VIRUS_SCAN_TASK_STATUS,
  DESCRIBE_VUL_SCAN_INFO,
} from '../../src/tencentcloud/apis/tcss.js';
import { TencentCloudClient } from '../../src/tencentcloud/client.js';
import { StaticCredentialProvider } from '../../src/tencentcloud/credentials/static.js';
import type { ApiResponse } from '../../src/tencentcloud/types.js';
import type { Sample } from '../helpers/metrics-text.js';
import { DETAIL_COLLECTORS, FURTHER_SCAN_COLLECTORS, SUMMARY_COLLECTORS } from './fixture.js';

export const SCAN_STATES = [
  'never_scanned',
  'pending',
  'scanning',
  'completed',
  'failed',
  'stopping',
  'stopped',
  'unknown',
] as const;

/** The contract's TCSS state table, written out again here (not the collector's code). */
function tcssContractState(status: string, subStatus: string | undefined): string {
  if (status === 'READY') return 'pending';
  if (status === 'SCANNING') return 'scanning';
  if (status !== 'END') return 'unknown';
  if (subStatus === 'Cancel') return 'stopped';
  if (subStatus === 'Timeout' || subStatus === 'Error') return 'failed';
  return 'completed';
}
const CWP_STATES = ['never_scanned', 'scanning', 'completed', 'stopping', 'stopped'];
const TRIGGERS = ['one_click', 'scheduled'];

const VALUE_KINDS: ReadonlySet<string> = new Set(['number', 'time', 'severities']);

/**
 * The scan metrics fed by a field as is (every field-table row but the state set and info) of the
 * collectors the integration fixture's config runs (the further TCSS scans: further-scans.test.ts;
 * the per-asset detail: test/collectors/detail-collectors.test.ts).
 */
export const VALUE_METRICS: readonly string[] = [
  ...new Set(
    COLLECTORS.filter(
      (d) => ![...FURTHER_SCAN_COLLECTORS, ...DETAIL_COLLECTORS].includes(d.name as never),
    ).flatMap((d) =>
      d.fields.flatMap((t) => t.rows.filter((r) => VALUE_KINDS.has(r.kind)).map((r) => r.metric)),
    ),
  ),
];
export const SCAN_METRICS: readonly string[] = [
  ...new Set([...VALUE_METRICS, 'tencentcloud_scan_state', 'tencentcloud_scan_info']),
];

/** Field-table keys that are derived from a differently named raw field. */
const DERIVED: Readonly<Record<string, (r: ApiResponse) => unknown>> = {
  VulIdCount: (r) => (Array.isArray(r['VulId']) ? r['VulId'].length : undefined),
};

function tableOf(action: string): FieldTable {
  const table = COLLECTORS.flatMap((d) => d.fields).find((t) => t.action.action === action);
  if (!table) throw new Error(`no field table for ${action}`);
  return table;
}

/** The severity of a list entry, written out from the SDK models' comments (not the parsers' code). */
function severityOf(entry: Record<string, unknown>): string | undefined {
  const tcss: Record<string, string> = { CRITICAL: 'critical', HIGH: 'high', MEDIUM: 'medium', LOW: 'low' };
  const cwp: Record<number, string> = { 1: 'low', 2: 'medium', 3: 'high', 4: 'critical' };
  if (typeof entry['Level'] === 'string') return tcss[entry['Level']];
  const level = num(entry['VulLevel']);
  if (level !== undefined) return cwp[level];
  return undefined;
}

function countOf(entry: Record<string, unknown>): number | undefined {
  const raw = num(entry['Cnt'] ?? entry['Count']);
  return raw !== undefined && Number.isInteger(raw) && raw >= 0 ? raw : undefined;
}

/** The value rows of `action`'s table, read straight from the raw response. */
function valueSeries(out: Sample[], action: string, labels: Labels, r: ApiResponse): void {
  for (const row of tableOf(action).rows) {
    const field = DERIVED[row.field]?.(r) ?? r[row.field];
    const raw =
      row.member === undefined
        ? field
        : typeof field === 'object' && field !== null
          ? (field as Record<string, unknown>)[row.member]
          : undefined;
    const rowLabels = { ...labels, ...row.constLabels };
    if (row.kind === 'number') {
      const n = num(raw);
      push(out, row.metric, rowLabels, n === undefined ? undefined : n / (row.divisor ?? 1));
    } else if (row.kind === 'time') {
      push(
        out,
        row.metric,
        rowLabels,
        typeof raw === 'string' && raw !== '' ? beijingSeconds(raw) : undefined,
      );
    } else if (row.kind === 'severities' && Array.isArray(raw)) {
      for (const entry of raw as Record<string, unknown>[]) {
        const severity = severityOf(entry);
        if (severity !== undefined) push(out, row.metric, { ...rowLabels, severity }, countOf(entry));
      }
    }
  }
}

/** The summary actions: one call each, no input; their series carry `account` and `product`. */
export const SUMMARY_ACTIONS = COLLECTORS.filter((d) =>
  (SUMMARY_COLLECTORS as readonly string[]).includes(d.name),
).map((d) => ({ collector: d.name, product: d.product, spec: d.actions[0]! }));

/** What the exporter must show for one summary answer `r` of `action`. */
export function summarySeries(account: string, action: string, r: ApiResponse): Sample[] {
  const summary = SUMMARY_ACTIONS.find((a) => a.spec.action === action);
  if (!summary) throw new Error(`${action} is not a summary action`);
  const out: Sample[] = [];
  valueSeries(out, action, { account, product: summary.product }, r);
  return out;
}

type Labels = Record<string, string>;

/** `YYYY-MM-DD HH:MM:SS` in Beijing time (UTC+8, no DST) to unix seconds. */
export function beijingSeconds(text: string): number {
  return Date.parse(`${text.replace(' ', 'T')}+08:00`) / 1000;
}

/** A number, or one written as a plain decimal string (official examples answer some so). */
const num = (v: unknown): number | undefined =>
  typeof v === 'number' ? v : typeof v === 'string' && /^-?\d+(\.\d+)?$/.test(v) ? Number(v) : undefined;
/** Prometheus treats an empty label as absent, and the exporter leaves such labels out. */
function withoutEmpty(labels: Labels): Labels {
  return Object.fromEntries(Object.entries(labels).filter(([, v]) => v !== ''));
}

function push(out: Sample[], name: string, labels: Labels, value: number | undefined): void {
  if (value !== undefined) out.push({ name, labels, value });
}

function states(out: Sample[], labels: Labels, state: string | undefined): void {
  if (state === undefined) return;
  for (const s of SCAN_STATES)
    out.push({
      name: 'tencentcloud_scan_state',
      labels: { ...labels, state: s },
      value: s === state ? 1 : 0,
    });
}

function tcssSeries(account: string, task: ApiResponse, status: ApiResponse): Sample[] {
  const labels = { account, product: 'tcss', scan: 'image' };
  const out: Sample[] = [];
  valueSeries(out, 'DescribeAssetImageScanStatus', labels, status);
  valueSeries(out, 'DescribeAssetImageScanTask', labels, task);
  const str = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);
  const raw = str(task['Status']) ?? str(status['Status']);
  const sub = str(task['SubStatus']);
  states(out, labels, raw === undefined ? undefined : tcssContractState(raw, sub));
  const taskId = typeof task['TaskID'] === 'string' ? task['TaskID'] : '';
  out.push({
    name: 'tencentcloud_scan_info',
    labels: withoutEmpty({ ...labels, task_id: taskId, status: raw ?? '', sub_status: sub ?? '' }),
    value: 1,
  });
  return out;
}

function cwpSeries(labels: Labels, r: ApiResponse): Sample[] {
  const out: Sample[] = [];
  valueSeries(out, 'DescribeScanState', labels, r);
  const state = num(r['ScanState']);
  states(out, labels, state === undefined ? undefined : (CWP_STATES[state] ?? 'unknown'));
  const taskId = num(r['TaskId']);
  const type = num(r['Type']);
  out.push({
    name: 'tencentcloud_scan_info',
    labels: withoutEmpty({
      ...labels,
      task_id: taskId === undefined ? '' : String(taskId),
      trigger: type === undefined ? '' : (TRIGGERS[type] ?? ''),
    }),
    value: 1,
  });
  return out;
}

/** Asks the simulator, as `account`, everything the exporter asks in one round of each collector. */
export async function expectedScanSeries(
  sim: Simulator,
  account: SimulatorAccount,
  strategyIds: readonly number[],
): Promise<Sample[]> {
  const client = new TencentCloudClient({
    account: account.name,
    credentials: new StaticCredentialProvider(account.secretId, account.secretKey),
    endpoint: sim.url,
    retry: { maxAttempts: 1 },
  });
  try {
    const task = await client.call(DESCRIBE_ASSET_IMAGE_SCAN_TASK, {});
    const taskId = typeof task['TaskID'] === 'string' && task['TaskID'] !== '' ? task['TaskID'] : undefined;
    const status = await client.call(DESCRIBE_ASSET_IMAGE_SCAN_STATUS, taskId ? { TaskID: taskId } : {});
    const out = tcssSeries(account.name, task, status);
    const base = { account: account.name, product: 'cwp' };
    for (const module of ['Malware', 'Vul'] as const) {
      const r = await client.call(DESCRIBE_SCAN_STATE, { ModuleType: module });
      out.push(...cwpSeries({ ...base, scan: module.toLowerCase() }, r));
    }
    for (const id of strategyIds) {
      const r = await client.call(DESCRIBE_SCAN_STATE, {
        ModuleType: 'Baseline',
        Filters: [{ Name: 'StrategyId', Values: [String(id)], ExactMatch: true }],
      });
      out.push(...cwpSeries({ ...base, scan: 'baseline', strategy_id: String(id) }, r));
    }
    for (const { spec } of SUMMARY_ACTIONS) {
      out.push(...summarySeries(account.name, spec.action, await client.call(spec, {})));
    }
    return out;
  } finally {
    await client.close();
  }
}

/** The contract's further TCSS state tables, written out again here (not the collectors' code). */
export const VIRUS_CONTRACT_STATES: Readonly<Record<string, string>> = {
  SCAN_NONE: 'never_scanned',
  SCAN_SCANNING: 'scanning',
  SCANNING: 'scanning',
  SCAN_FINISH: 'completed',
  SCAN_TIMEOUT: 'failed',
  SCAN_CANCELING: 'stopping',
  SCAN_CANCELED: 'stopped',
};
export const VUL_CONTRACT_STATES: Readonly<Record<string, string>> = {
  NOT_SCAN: 'never_scanned',
  SCANNING: 'scanning',
  SCANNED: 'completed',
  CANCELED: 'stopped',
};
export const COMPLIANCE_CONTRACT_STATES: Readonly<Record<string, string>> = {
  CHECK_UNINIT: 'never_scanned',
  CHECK_INIT: 'pending',
  CHECK_RUNNING: 'scanning',
  CHECK_FINISHED: 'completed',
  CHECK_FAILED: 'failed',
};
const ASSET_TYPE_LABELS: Readonly<Record<string, string>> = {
  ASSET_CONTAINER: 'container',
  ASSET_IMAGE: 'image',
  ASSET_HOST: 'host',
  ASSET_K8S: 'k8s',
};
export const COMPLIANCE_ASSET_TYPES = Object.keys(ASSET_TYPE_LABELS);

const str = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);
const contractState = (table: Readonly<Record<string, string>>, raw: string | undefined) =>
  raw === undefined ? undefined : (table[raw] ?? 'unknown');

function virusSeries(account: string, r: ApiResponse): Sample[] {
  const labels = { account, product: 'tcss', scan: 'container_virus' };
  const out: Sample[] = [];
  valueSeries(out, 'DescribeVirusScanTaskStatus', labels, r);
  const status = str(r['Status']);
  states(out, labels, contractState(VIRUS_CONTRACT_STATES, status));
  const trigger = { CYCLE: 'scheduled', MANUAL: 'one_click' }[str(r['ScanType']) ?? ''] ?? '';
  out.push({
    name: 'tencentcloud_scan_info',
    labels: withoutEmpty({ ...labels, trigger, status: status ?? '' }),
    value: 1,
  });
  return out;
}

function vulSeries(account: string, r: ApiResponse): Sample[] {
  const labels = { account, product: 'tcss', scan: 'image_vulnerability' };
  const out: Sample[] = [];
  valueSeries(out, 'DescribeVulScanInfo', labels, r);
  const status = str(r['Status']);
  states(out, labels, contractState(VUL_CONTRACT_STATES, status));
  const id = (v: unknown) => (typeof v === 'number' ? String(v) : '');
  out.push({
    name: 'tencentcloud_scan_info',
    labels: withoutEmpty({
      ...labels,
      task_id: id(r['LocalTaskID']),
      registry_task_id: id(r['RegistryTaskID']),
      status: status ?? '',
    }),
    value: 1,
  });
  return out;
}

function complianceSeries(account: string, r: ApiResponse): Sample[] {
  const out: Sample[] = [];
  const list = Array.isArray(r['AssetSummaryList']) ? (r['AssetSummaryList'] as ApiResponse[]) : [];
  for (const entry of list) {
    const assetType = ASSET_TYPE_LABELS[str(entry['AssetType']) ?? ''];
    if (assetType === undefined) continue;
    const labels = { account, product: 'tcss', scan: 'compliance', asset_type: assetType };
    valueSeries(out, 'DescribeComplianceTaskAssetSummary', labels, entry);
    const last = str(entry['LastCheckTime']);
    const cost = num(entry['CheckCostTime']);
    if (last !== undefined && cost !== undefined)
      push(out, 'tencentcloud_scan_end_timestamp_seconds', labels, beijingSeconds(last) + cost);
    const status = str(entry['CheckStatus']);
    states(out, labels, contractState(COMPLIANCE_CONTRACT_STATES, status));
    out.push({
      name: 'tencentcloud_scan_info',
      labels: withoutEmpty({ ...labels, status: status ?? '' }),
      value: 1,
    });
  }
  return out;
}

/** The raw answers of the three further TCSS scans for `account`, right now. */
export async function furtherScanAnswers(
  sim: Simulator,
  account: SimulatorAccount,
): Promise<{ virus?: ApiResponse; vul?: ApiResponse; compliance?: ApiResponse }> {
  const client = new TencentCloudClient({
    account: account.name,
    credentials: new StaticCredentialProvider(account.secretId, account.secretKey),
    endpoint: sim.url,
    retry: { maxAttempts: 1 },
  });
  // A scan whose call fails has no series; the others have theirs.
  const orNothing = (call: Promise<ApiResponse>) => call.catch(() => undefined);
  try {
    return {
      virus: await orNothing(client.call(DESCRIBE_VIRUS_SCAN_TASK_STATUS, {})),
      vul: await orNothing(client.call(DESCRIBE_VUL_SCAN_INFO, {})),
      compliance: await orNothing(
        client.call(DESCRIBE_COMPLIANCE_TASK_ASSET_SUMMARY, { AssetTypeSet: COMPLIANCE_ASSET_TYPES }),
      ),
    };
  } finally {
    await client.close();
  }
}

/** What the contract says the exporter shows for the three further TCSS scans of one account. */
export async function expectedFurtherScanSeries(
  sim: Simulator,
  account: SimulatorAccount,
): Promise<Sample[]> {
  const { virus, vul, compliance } = await furtherScanAnswers(sim, account);
  return [
    ...(virus ? virusSeries(account.name, virus) : []),
    ...(vul ? vulSeries(account.name, vul) : []),
    ...(compliance ? complianceSeries(account.name, compliance) : []),
  ];
}

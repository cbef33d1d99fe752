/**
 * CWP (2018-02-28) summaries, derived from the scans of the scan model so that they agree with
 * DescribeScanState: vulnerability counts are those of the latest Vul scan that ended (a `null`
 * list before the first one ends), baseline results those of each strategy's latest ended scan,
 * malware events those of the latest Malware scan; hosts, agents and editions add up.
 */
import { API_ACTIONS, type ExampleResponse } from '../../api-models/actions.js';
import type { AccountRecord } from '../accounts.js';
import { SimulatedApiError } from '../api-error.js';
import { formatBeijing } from '../beijing-time.js';
import { fnv1a } from '../hash.js';
import { endedSnapshot, type ScanTiming, scanSnapshot } from '../scan-model.js';
import { optionalInteger } from './input.js';
import type { ActionContext, ActionDefinition } from './types.js';

/** Hosts, agents and editions of one account; every part adds up to its whole. */
export function cwpFleet(account: string) {
  const h = fnv1a(`hosts:${account}`);
  const machines = 3 + (h % 40);
  const uninstalled = (h >>> 6) % 3;
  const agents = machines - uninstalled;
  const shutdown = Math.min(agents, (h >>> 8) % 2);
  const offline = Math.min(agents - shutdown, (h >>> 9) % 3);
  const flagship = Math.min(agents, (h >>> 11) % 3);
  const pro = Math.floor((agents - flagship) / 2);
  return {
    machines,
    uninstalled,
    agents,
    shutdown,
    offline,
    online: agents - shutdown - offline,
    flagship,
    pro,
    basic: agents - flagship - pro,
    proExpiring: pro > 0 ? (h >>> 13) % 2 : 0,
    seed: h,
  };
}

/** Vulnerabilities by VulLevel (1 low … 4 critical) of the latest ended Vul scan. */
export function vulLevels(account: string, nowMs: number, timing: ScanTiming): number[] | undefined {
  const ended = endedSnapshot(account, 'Vul', nowMs, timing);
  if (!ended) return undefined;
  const cs = ended.cycleSeed;
  return [(cs >>> 11) % 40, (cs >>> 6) % 25, (cs >>> 2) % 10, cs % 3];
}

type VulLevelList = NonNullable<ExampleResponse<'DescribeVulLevelCount'>['VulLevelList']>;

/** The output fields; exported so tests can predict answers. */
export function vulLevelCountFields(
  account: string,
  nowMs: number,
  timing: ScanTiming,
): ExampleResponse<'DescribeVulLevelCount'> {
  const counts = vulLevels(account, nowMs, timing);
  // Typed, so each entry is checked against the model's VulLevelInfo.
  const list: VulLevelList | undefined = counts?.map((Count, i) => ({ VulLevel: i + 1, Count }));
  return {
    // The API writes an empty list as null, which the model's type does not say.
    VulLevelList: list ?? (null as unknown as VulLevelList),
  };
}

export function vulnerableHosts(account: string, nowMs: number, timing: ScanTiming): number {
  const counts = vulLevels(account, nowMs, timing);
  const total = counts?.reduce((a, b) => a + b, 0) ?? 0;
  const { agents, seed } = cwpFleet(account);
  return total === 0 ? 0 : Math.min(agents, total, 1 + ((seed >>> 15) % agents));
}

/** The output fields; exported so tests can predict answers. */
export function vulHostCountScanTimeFields(
  account: string,
  nowMs: number,
  timing: ScanTiming,
): ExampleResponse<'DescribeVulHostCountScanTime'> {
  const current = scanSnapshot(account, 'Vul', nowMs, timing);
  const ended = endedSnapshot(account, 'Vul', nowMs, timing);
  const total = vulLevels(account, nowMs, timing)?.reduce((a, b) => a + b, 0) ?? 0;
  const scanning = current.phase === 'scanning' || current.phase === 'stopping';
  return {
    TotalVulCount: total,
    VulHostCount: vulnerableHosts(account, nowMs, timing),
    // The model types these as strings; the API writes null when there is none.
    ScanTime: (current.beginMs === undefined ? null : formatBeijing(current.beginMs)) as string,
    IfFirstScan: current.cycle <= 0,
    TaskId: scanning ? (10_000 + (current.seed % 90_000)) * 100_000 + current.cycle : 0,
    LastFixTime: (ended?.beginMs === undefined
      ? null
      : formatBeijing(ended.beginMs - (1 + (ended.cycleSeed % 48)) * 3_600_000)) as string,
    hadAutoFixVul: total > 0,
  };
}

/** The output fields; exported so tests can predict answers. */
export function generalStatFields(
  account: string,
  nowMs: number,
  timing: ScanTiming,
): ExampleResponse<'DescribeGeneralStat'> {
  const f = cwpFleet(account);
  return {
    MachinesAll: f.machines,
    MachinesUninstalled: f.uninstalled,
    AgentsAll: f.agents,
    AgentsOnline: f.online,
    AgentsOffline: f.offline + f.shutdown,
    AgentsPro: f.pro,
    AgentsBasic: f.basic,
    AgentsProExpireWithInSevenDays: f.proExpiring,
    RiskMachine: vulnerableHosts(account, nowMs, timing),
    Shutdown: f.shutdown,
    Offline: f.offline,
    FlagshipMachineCnt: f.flagship,
    ProtectDays: 30 + (f.seed % 300),
    AddedOnTheFifteen: (f.seed >>> 17) % 4,
  };
}

function checkMachineType(input: Record<string, unknown>): void {
  const type = input['MachineType'];
  if (type !== undefined && type !== null && !['CVM', 'BM', 'ECM', 'LH', 'Other'].includes(type as string)) {
    throw new SimulatedApiError(
      'InvalidParameterValue',
      'MachineType must be one of CVM, BM, ECM, LH, Other.',
    );
  }
}

/** Items and hosts of one baseline strategy, as DescribeBaselineStrategyList lists them. */
export const strategyItems = (id: number) => 10 + (id % 90);
export const strategyHosts = (id: number) => 1 + (id % 30);

/** The output fields; exported so tests can predict answers. `policyId` limits it to one strategy. */
export function baselineDetectOverviewFields(
  account: AccountRecord,
  nowMs: number,
  timing: ScanTiming,
  policyId?: number,
): ExampleResponse<'DescribeBaselineDetectOverview'> {
  const ids = policyId === undefined ? account.baselineStrategyIds : [policyId];
  let passed = 0;
  let failed = 0;
  let checked = 0;
  for (const id of ids) {
    const ended = endedSnapshot(account.name, `Baseline/${id}`, nowMs, timing);
    if (!ended) continue;
    checked++;
    const pass = Math.floor((strategyItems(id) * (60 + (ended.cycleSeed % 40))) / 100);
    passed += pass;
    failed += strategyItems(id) - pass;
  }
  const none = null as unknown as number;
  return {
    // Strategies overlap on hosts: the widest one is a lower bound of the hosts checked.
    HostCount: ids.reduce((max, id) => Math.max(max, strategyHosts(id)), 0),
    ItemCount: ids.reduce((sum, id) => sum + strategyItems(id), 0),
    PolicyCount: ids.length,
    PassRate: checked === 0 ? none : Math.floor((passed * 100) / (passed + failed)),
    LatestPassCount: checked === 0 ? none : passed,
    LatestNotPassCount: checked === 0 ? none : failed,
  };
}

function baselineDetectOverview({ account, input, nowMs, sim }: ActionContext) {
  const policyId = optionalInteger(input, 'PolicyId', { min: 0, max: Number.MAX_SAFE_INTEGER });
  if (
    policyId !== undefined &&
    !account.baselineStrategyIds.includes(policyId) &&
    !account.disabledBaselineStrategyIds.includes(policyId)
  ) {
    throw new SimulatedApiError('ResourceNotFound', `The baseline policy ${policyId} does not exist.`);
  }
  return baselineDetectOverviewFields(account, nowMs, sim.timing, policyId);
}

export const SECURITY_EVENT_FIELDS = [
  'Malware',
  'HostLogin',
  'BruteAttack',
  'RiskDns',
  'Bash',
  'PrivilegeRules',
  'ReverseShell',
  'SysVul',
  'WebVul',
  'EmergencyVul',
  'BaseLine',
  'AttackLogs',
  'WindowVul',
  'LinuxVul',
] as const;

/** The output fields; exported so tests can predict answers. */
export function securityEventsCntFields(
  account: string,
  nowMs: number,
  timing: ScanTiming,
): ExampleResponse<'DescribeSecurityEventsCnt'> {
  const { agents } = cwpFleet(account);
  const malware = endedSnapshot(account, 'Malware', nowMs, timing);
  const out: Record<string, { EventCnt: number; UuidCnt: number }> = {};
  let events = 0;
  let widest = 0;
  let hostsSum = 0;
  for (const type of SECURITY_EVENT_FIELDS) {
    const h = fnv1a(`event:${account}:${type}`);
    const count = type === 'Malware' ? (malware?.finalRisks ?? 0) : h % 15;
    const hosts = count === 0 ? 0 : Math.min(count, agents, 1 + ((h >>> 5) % 5));
    out[type] = { EventCnt: count, UuidCnt: hosts };
    events += count;
    widest = Math.max(widest, hosts);
    hostsSum += hosts;
  }
  // A host may have events of several types: the distinct count lies between the widest type and the sum.
  const affected = Math.min(agents, hostsSum, widest + (fnv1a(`events:${account}`) % 3));
  return {
    ...(out as Record<(typeof SECURITY_EVENT_FIELDS)[number], { EventCnt: number; UuidCnt: number }>),
    EffectMachineCount: affected,
    EventsCount: events,
  };
}

export const cwpSummaryActions: {
  readonly DescribeVulLevelCount: ActionDefinition<'DescribeVulLevelCount'>;
  readonly DescribeVulHostCountScanTime: ActionDefinition<'DescribeVulHostCountScanTime'>;
  readonly DescribeGeneralStat: ActionDefinition<'DescribeGeneralStat'>;
  readonly DescribeBaselineDetectOverview: ActionDefinition<'DescribeBaselineDetectOverview'>;
  readonly DescribeSecurityEventsCnt: ActionDefinition<'DescribeSecurityEventsCnt'>;
} = {
  DescribeVulLevelCount: {
    ...API_ACTIONS.DescribeVulLevelCount,
    handle: ({ account, input, nowMs, sim }) => {
      optionalInteger(input, 'VulCategory', { min: 0, max: 6 });
      optionalInteger(input, 'IsFollowVul', { min: 0, max: 1 });
      return vulLevelCountFields(account.name, nowMs, sim.timing);
    },
  },
  DescribeVulHostCountScanTime: {
    ...API_ACTIONS.DescribeVulHostCountScanTime,
    handle: ({ account, nowMs, sim }) => vulHostCountScanTimeFields(account.name, nowMs, sim.timing),
  },
  DescribeGeneralStat: {
    ...API_ACTIONS.DescribeGeneralStat,
    handle: ({ account, input, nowMs, sim }) => {
      checkMachineType(input);
      return generalStatFields(account.name, nowMs, sim.timing);
    },
  },
  DescribeBaselineDetectOverview: {
    ...API_ACTIONS.DescribeBaselineDetectOverview,
    handle: baselineDetectOverview,
  },
  DescribeSecurityEventsCnt: {
    ...API_ACTIONS.DescribeSecurityEventsCnt,
    handle: ({ account, nowMs, sim }) => securityEventsCntFields(account.name, nowMs, sim.timing),
  },
};

import { z } from 'zod';
import { API_ACTIONS, type ResponseField } from '../../api-models/actions.js';
import type { ActionSpec, ApiCaller, CallOptions } from '../types.js';
import {
  callModel,
  contextOf,
  count,
  type FieldRule,
  type FieldRules,
  integer,
  parseFields,
  percent,
} from './fields.js';
import {
  type ListEntry,
  parseSeverityLists,
  type Severity,
  type SeverityCount,
  type SeverityListShape,
} from './severity-list.js';
import type { Parsed } from './types.js';

export const DESCRIBE_VUL_LEVEL_COUNT: ActionSpec = API_ACTIONS.DescribeVulLevelCount;
export const DESCRIBE_GENERAL_STAT: ActionSpec = API_ACTIONS.DescribeGeneralStat;
export const DESCRIBE_BASELINE_DETECT_OVERVIEW: ActionSpec = API_ACTIONS.DescribeBaselineDetectOverview;
export const DESCRIBE_SECURITY_EVENTS_CNT: ActionSpec = API_ACTIONS.DescribeSecurityEventsCnt;

/** CWP DescribeVulLevelCount (2018-02-28). */
export interface VulLevelCount {
  readonly VulLevelList: readonly SeverityCount[];
}

/** `VulLevelInfo.VulLevel`: 1 low, 2 medium, 3 high, 4 critical (a number or digit string, as every integer). */
const CWP_LEVELS: readonly (Severity | undefined)[] = [undefined, 'low', 'medium', 'high', 'critical'];
const LEVEL = integer().schema;

const VUL_LEVEL_INFO: SeverityListShape<ListEntry<'DescribeVulLevelCount', 'VulLevelList'>> = {
  levelField: 'VulLevel',
  severityOf: (raw) => {
    const level = LEVEL.safeParse(raw);
    return level.success ? CWP_LEVELS[level.data] : undefined;
  },
  levels: 'VulLevel 1..4',
  countField: 'Count',
};

const VUL_LEVEL_LISTS = ['VulLevelList'] as const satisfies readonly ResponseField<'DescribeVulLevelCount'>[];

/**
 * Host vulnerabilities by severity. Sent without `VulCategory` (the API then counts categories 1,
 * 2, 4 and 5: web-CMS, application, Linux and Windows vulnerabilities) and without `IsFollowVul`
 * (all vulnerabilities, not only the followed ones).
 */
export async function describeVulLevelCount(
  caller: ApiCaller,
  options?: CallOptions,
): Promise<Parsed<VulLevelCount>> {
  const response = await callModel(caller, 'DescribeVulLevelCount', {}, options);
  return parseSeverityLists(
    response,
    'DescribeVulLevelCount',
    VUL_LEVEL_LISTS,
    VUL_LEVEL_INFO,
    contextOf(caller, DESCRIBE_VUL_LEVEL_COUNT),
  );
}

/** CWP DescribeGeneralStat (2018-02-28): the fields that become metrics. */
export interface GeneralStat {
  readonly MachinesAll: number;
  readonly MachinesUninstalled: number;
  readonly AgentsAll: number;
  readonly AgentsOnline: number;
  readonly AgentsOffline: number;
  readonly AgentsPro: number;
  readonly AgentsBasic: number;
  readonly FlagshipMachineCnt: number;
  readonly AgentsProExpireWithInSevenDays: number;
  readonly RiskMachine: number;
}

const GENERAL_STAT_RULES: FieldRules<GeneralStat, ResponseField<'DescribeGeneralStat'>> = {
  MachinesAll: count(),
  MachinesUninstalled: count(),
  AgentsAll: count(),
  AgentsOnline: count(),
  AgentsOffline: count(),
  AgentsPro: count(),
  AgentsBasic: count(),
  FlagshipMachineCnt: count(),
  AgentsProExpireWithInSevenDays: count(),
  RiskMachine: count(),
};

/** Every machine type and region (neither parameter sent). */
export async function describeGeneralStat(
  caller: ApiCaller,
  options?: CallOptions,
): Promise<Parsed<GeneralStat>> {
  const response = await callModel(caller, 'DescribeGeneralStat', {}, options);
  return parseFields(response, GENERAL_STAT_RULES, contextOf(caller, DESCRIBE_GENERAL_STAT));
}

/** CWP DescribeBaselineDetectOverview (2018-02-28): the fields that become metrics. */
export interface BaselineDetectOverview {
  readonly HostCount: number;
  /** 0..100 */
  readonly PassRate: number;
  readonly LatestPassCount: number;
  readonly LatestNotPassCount: number;
}

const BASELINE_OVERVIEW_RULES: FieldRules<
  BaselineDetectOverview,
  ResponseField<'DescribeBaselineDetectOverview'>
> = {
  HostCount: count(),
  PassRate: percent(),
  LatestPassCount: count(),
  LatestNotPassCount: count(),
};

/** Every policy (no `PolicyId` sent). */
export async function describeBaselineDetectOverview(
  caller: ApiCaller,
  options?: CallOptions,
): Promise<Parsed<BaselineDetectOverview>> {
  const response = await callModel(caller, 'DescribeBaselineDetectOverview', {}, options);
  return parseFields(response, BASELINE_OVERVIEW_RULES, contextOf(caller, DESCRIBE_BASELINE_DETECT_OVERVIEW));
}

/** The event types of DescribeSecurityEventsCnt, each a `SecurityEventInfo`. */
export const SECURITY_EVENT_TYPES = [
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
] as const satisfies readonly ResponseField<'DescribeSecurityEventsCnt'>[];
export type SecurityEventType = (typeof SECURITY_EVENT_TYPES)[number];

/** `SecurityEventInfo`: events and affected machines; either may be absent. */
export interface SecurityEventInfo {
  readonly EventCnt?: number;
  readonly UuidCnt?: number;
}

export type SecurityEventsCnt = { readonly [T in SecurityEventType]: SecurityEventInfo } & {
  readonly EffectMachineCount: number;
};

const countOrNull = count()
  .schema.nullish()
  .transform((v) => v ?? undefined);
const eventInfo = (): FieldRule<SecurityEventInfo, never> => ({
  expected: '{EventCnt, UuidCnt} of non-negative integers (numbers or digit strings)',
  schema: z.object({ EventCnt: countOrNull, UuidCnt: countOrNull }).transform(
    (v): SecurityEventInfo => ({
      ...(v.EventCnt === undefined ? {} : { EventCnt: v.EventCnt }),
      ...(v.UuidCnt === undefined ? {} : { UuidCnt: v.UuidCnt }),
    }),
  ),
});

const SECURITY_EVENTS_RULES: FieldRules<SecurityEventsCnt, ResponseField<'DescribeSecurityEventsCnt'>> = {
  ...(Object.fromEntries(SECURITY_EVENT_TYPES.map((t) => [t, eventInfo()])) as {
    [T in SecurityEventType]: FieldRule<SecurityEventInfo, never>;
  }),
  EffectMachineCount: count(),
};

export async function describeSecurityEventsCnt(
  caller: ApiCaller,
  options?: CallOptions,
): Promise<Parsed<SecurityEventsCnt>> {
  const response = await callModel(caller, 'DescribeSecurityEventsCnt', {}, options);
  return parseFields(response, SECURITY_EVENTS_RULES, contextOf(caller, DESCRIBE_SECURITY_EVENTS_CNT));
}

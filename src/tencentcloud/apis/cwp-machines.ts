import { z } from 'zod';
import {
  API_ACTIONS,
  type ElementOf,
  type ModelRequest,
  type ModelResponse,
} from '../../api-models/actions.js';
import type { ActionSpec, ApiCaller, CallOptions } from '../types.js';
import { ASSET_PAGE_LIMIT, type ParsedPage, parseAssetPage } from './asset-page.js';
import { callModel, contextOf, count, type FieldRules, text } from './fields.js';

export const DESCRIBE_MACHINES: ActionSpec = API_ACTIONS.DescribeMachines;

/** `MachineType` values of the request model: CVM, BM (黑石), ECM (edge), LH (Lighthouse), Other (hybrid). */
export const MACHINE_TYPES = ['CVM', 'BM', 'ECM', 'LH', 'Other'] as const;
export type MachineType = (typeof MACHINE_TYPES)[number];

/**
 * `AgentStatus` values of the model (`ONLINE 防护中; OFFLINE 已离线;UNINStALLED 未安装`): the
 * model writes `UNINStALLED`, the `AgentStatus` filter of the request `UNINSTALLED`; both are taken.
 */
export const AGENT_STATUSES = ['ONLINE', 'OFFLINE', 'UNINSTALLED', 'UNINStALLED'] as const;
export type AgentStatus = (typeof AGENT_STATUSES)[number];

type MachineField = keyof ElementOf<NonNullable<ModelResponse<'DescribeMachines'>['Machines']>> & string;

/** One `Machine` entry: the fields that become metrics. */
export interface HostDetail {
  /** The CVM or BM instance's unique id: the host's identity (`Uuid` is empty once an agent is long offline). */
  readonly Quuid: string;
  readonly InstanceId: string;
  readonly MachineName: string;
  readonly VulNum: number;
  readonly MalwareNum: number;
  /** Baseline risks: failed baseline items. */
  readonly BaselineNum: number;
  readonly AgentStatus: AgentStatus;
}

const HOST_RULES: FieldRules<HostDetail, MachineField> = {
  Quuid: { expected: 'non-empty string', schema: z.string().min(1) },
  InstanceId: text(),
  MachineName: text(),
  VulNum: count(),
  MalwareNum: count(),
  BaselineNum: count(),
  AgentStatus: { expected: 'ONLINE, OFFLINE or UNINSTALLED', schema: z.enum(AGENT_STATUSES) },
};

export interface MachinesRequest {
  /** Required by the API. */
  readonly machineType: MachineType;
  /** Required by the API: `ap-guangzhou`, …, `ap-others` for hosts outside Tencent Cloud. */
  readonly machineRegion: string;
  readonly offset: number;
  /** Risky hosts only (the `Risk` filter, value `yes`). */
  readonly risky?: boolean;
}

/** One page of CWP DescribeMachines (2018-02-28), `ASSET_PAGE_LIMIT` hosts at most. */
export async function describeMachines(
  caller: ApiCaller,
  input: MachinesRequest,
  options?: CallOptions,
): Promise<ParsedPage<HostDetail>> {
  const base = {
    MachineType: input.machineType,
    MachineRegion: input.machineRegion,
    Limit: ASSET_PAGE_LIMIT,
    Offset: input.offset,
  };
  const request: ModelRequest<'DescribeMachines'> = input.risky
    ? { ...base, Filters: [{ Name: 'Risk', Values: ['yes'], ExactMatch: true }] }
    : base;
  const response = await callModel(caller, 'DescribeMachines', request, options);
  return parseAssetPage(
    response,
    'DescribeMachines',
    'Machines',
    HOST_RULES,
    contextOf(caller, DESCRIBE_MACHINES),
    {
      limit: ASSET_PAGE_LIMIT,
    },
  );
}

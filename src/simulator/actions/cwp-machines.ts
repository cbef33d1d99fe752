/**
 * CWP (2018-02-28) DescribeMachines: the account's hosts one by one, consistent with
 * DescribeGeneralStat at the same instant (derived from the same `cwpFleet`): over every
 * (MachineType, MachineRegion) list, as many hosts as `MachinesAll`, as many without an agent as
 * `MachinesUninstalled`, as many agents offline or shut down as `AgentsOffline`, and as many hosts
 * with vulnerabilities as DescribeVulHostCountScanTime's `VulHostCount`. Hosts live in CVM
 * (six in seven) or LH, in ap-guangzhou (two in three) or ap-shanghai.
 */
import { API_ACTIONS, type ElementOf, type ExampleResponse } from '../../api-models/actions.js';
import { SimulatedApiError } from '../api-error.js';
import { fnv1a, mix } from '../hash.js';
import { endedSnapshot, type ScanTiming } from '../scan-model.js';
import { cwpFleet, securityEventsCntFields, vulnerableHosts } from './cwp-summary.js';
import { filters, optionalInteger } from './input.js';
import type { ActionContext, ActionDefinition } from './types.js';

export const MACHINES_MAX_LIMIT = 100;
export const MACHINE_TYPES = ['CVM', 'BM', 'ECM', 'LH', 'Other'] as const;
const REGION = /^[a-z]+(-[a-z0-9]+)+$/;

type Machine = ElementOf<NonNullable<ExampleResponse<'DescribeMachines'>['Machines']>>;

export interface SimHost {
  readonly index: number;
  readonly type: string;
  readonly region: string;
  readonly agent: 'ONLINE' | 'OFFLINE' | 'UNINSTALLED';
  readonly shutdown: boolean;
  readonly vul: number;
  readonly malware: number;
  readonly baseline: number;
}

/** Every host of the account at `nowMs`; exported so tests can predict answers. */
export function simHosts(
  account: string,
  baselineIds: readonly number[],
  nowMs: number,
  timing: ScanTiming,
): SimHost[] {
  const f = cwpFleet(account);
  const vulnerable = vulnerableHosts(account, nowMs, timing);
  const malwareHosts = securityEventsCntFields(account, nowMs, timing).Malware?.UuidCnt ?? 0;
  const baselineEnded = baselineIds.some((id) => endedSnapshot(account, `Baseline/${id}`, nowMs, timing));
  const vulEnded = endedSnapshot(account, 'Vul', nowMs, timing);
  return Array.from({ length: f.machines }, (_, j): SimHost => {
    const h = mix(f.seed, j);
    const k = j - f.uninstalled; // index among hosts with an agent
    const agent = k < 0 ? 'UNINSTALLED' : k < f.shutdown + f.offline ? 'OFFLINE' : 'ONLINE';
    return {
      index: j,
      type: j % 7 === 6 ? 'LH' : 'CVM',
      region: j % 3 === 2 ? 'ap-shanghai' : 'ap-guangzhou',
      agent,
      shutdown: k >= 0 && k < f.shutdown,
      vul: k >= 0 && k < vulnerable ? 1 + (mix(vulEnded?.cycleSeed ?? 0, j) % 20) : 0,
      malware: k >= 0 && f.agents - 1 - k < malwareHosts ? 1 + ((h >>> 5) % 3) : 0,
      baseline: k >= 0 && baselineEnded && h % 3 === 0 ? 1 + ((h >>> 9) % 10) : 0,
    };
  });
}

function machine(account: string, host: SimHost): Machine {
  const h = fnv1a(`${account}/host/${host.index}`);
  const hex = (n: number) => mix(h, n).toString(16).padStart(8, '0');
  const quuid = `${hex(1)}-${hex(2).slice(0, 4)}-${hex(3).slice(0, 4)}-${hex(4).slice(0, 4)}-${hex(5)}${hex(6).slice(0, 4)}`;
  const risky = host.vul + host.malware + host.baseline > 0;
  return {
    // One host name is hostile on purpose: quotes, a backslash and a newline must be escaped.
    MachineName: host.index === 1 ? 'db "primary"\\\nrack-1' : `web-${host.index}`,
    MachineOs: (h >>> 3) % 4 === 0 ? 'Windows Server 2019' : 'TencentOS Server 3.1',
    MachineStatus: host.agent === 'UNINSTALLED' ? 'UNINSTALLED' : host.shutdown ? 'SHUTDOWN' : host.agent,
    AgentStatus: host.agent,
    InstanceStatus: host.shutdown ? 'STOPED' : 'RUNNING',
    Uuid: host.agent === 'UNINSTALLED' ? '' : hex(7) + hex(8),
    Quuid: quuid,
    VulNum: host.vul,
    MachineIp: `10.${(h >>> 8) % 256}.${(h >>> 16) % 256}.${1 + (host.index % 250)}`,
    IsProVersion: (h >>> 11) % 2 === 0,
    MachineWanIp: '',
    PayMode: (h >>> 12) % 2 === 0 ? 'PREPAY' : 'POSTPAY',
    MalwareNum: host.malware,
    Tag: [],
    BaselineNum: host.baseline,
    CyberAttackNum: 0,
    SecurityStatus: host.agent === 'UNINSTALLED' ? 'UNKNOWN' : risky ? 'RISK' : 'SAFE',
    InvasionNum: host.malware,
    RegionInfo: {
      Region: host.region,
      RegionName: host.region,
      RegionId: host.region === 'ap-shanghai' ? 4 : 1,
      RegionCode: host.region === 'ap-shanghai' ? 'sh' : 'gz',
      RegionNameEn: host.region,
    },
    InstanceState: '',
    LicenseStatus: 1,
    ProjectId: 0,
    HasAssetScan: 1,
    MachineType: host.type,
    KernelVersion: '5.4.241',
    ProtectType: (h >>> 11) % 2 === 0 ? 'PRO_VERSION' : 'BASIC_VERSION',
    CloudTags: [],
    IsAddedOnTheFifteen: 0,
    IpList: '',
    VpcId: `vpc-${hex(9)}`,
    InstanceId: `${host.type === 'LH' ? 'lhins' : 'ins'}-${hex(10)}`,
    Remark: '',
    AgentVersion: '4.9.3',
    AppId: 1_250_000_000 + (h % 1_000_000),
    CSIPProtectType: '',
  };
}

/** Every filter the request model documents (`Filters`), none other. */
const FILTERS: Readonly<Record<string, (m: Machine, value: string) => boolean>> = {
  Ips: (m, v) => m.MachineIp === v,
  Names: (m, v) => (m.MachineName ?? '').includes(v),
  InstanceIds: (m, v) => m.InstanceId === v,
  Version: (m, v) =>
    v === 'ProtectedMachines'
      ? m.ProtectType === 'PRO_VERSION' || m.ProtectType === 'Flagship'
      : m.ProtectType === v,
  Risk: (m, v) => v === 'yes' && m.SecurityStatus === 'RISK',
  Os: (m, v) => m.MachineOs === v,
  Quuid: (m, v) => m.Quuid === v,
  AddedOnTheFifteen: (m, v) => v === '1' && m.IsAddedOnTheFifteen === 1,
  // No simulated host has tags.
  TagId: () => false,
  AgentStatus: (m, v) => v === 'ALL' || m.AgentStatus === v,
  // The filter says STOPPED where the answer's InstanceStatus says STOPED; no host awaits recycling.
  MachineStatus: (m, v) =>
    v === 'ALL' ||
    (v === 'RUNNING' ? m.InstanceStatus === 'RUNNING' : v === 'STOPPED' && m.InstanceStatus === 'STOPED'),
};

function describeMachines({
  account,
  input,
  nowMs,
  sim,
}: ActionContext): ExampleResponse<'DescribeMachines'> {
  const type = input['MachineType'] as string;
  const region = input['MachineRegion'] as string;
  if (!(MACHINE_TYPES as readonly string[]).includes(type)) {
    throw new SimulatedApiError(
      'InvalidParameterValue',
      'MachineType must be one of CVM, BM, ECM, LH, Other.',
    );
  }
  if (!REGION.test(region)) {
    throw new SimulatedApiError('InvalidParameterValue', `MachineRegion \`${region}\` is not a region.`);
  }
  const limit = optionalInteger(input, 'Limit', { min: 1, max: MACHINES_MAX_LIMIT }) ?? 10;
  const offset = optionalInteger(input, 'Offset', { min: 0, max: Number.MAX_SAFE_INTEGER }) ?? 0;
  const wanted = filters(input);
  for (const f of wanted) {
    if (!Object.hasOwn(FILTERS, f.name)) {
      throw new SimulatedApiError('InvalidParameterValue', `The filter \`${f.name}\` is not supported here.`);
    }
  }
  const listed = simHosts(account.name, account.baselineStrategyIds, nowMs, sim.timing)
    .filter((host) => host.type === type && host.region === region)
    .map((host) => machine(account.name, host))
    .filter((m) => wanted.every((f) => f.values.some((v) => FILTERS[f.name]!(m, v))));
  return { Machines: listed.slice(offset, offset + limit), TotalCount: listed.length };
}

export const cwpMachineActions: {
  readonly DescribeMachines: ActionDefinition<'DescribeMachines'>;
} = {
  DescribeMachines: { ...API_ACTIONS.DescribeMachines, handle: describeMachines },
};

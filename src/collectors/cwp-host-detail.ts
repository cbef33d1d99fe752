import { z } from 'zod';
import type { ScanSample } from '../metrics/scan-families.js';
import {
  type AgentStatus,
  DESCRIBE_MACHINES,
  describeMachines,
  type HostDetail,
  MACHINE_TYPES,
  type MachineType,
} from '../tencentcloud/apis/cwp-machines.js';
import { type CollectContext, type Collector, callOptionsOf } from './collector.js';
import { defineCollector, distinct, type FieldRow } from './definition.js';
import {
  assetKey,
  assetLabel,
  compareRank,
  DETAIL_TOTAL_FIELD_TABLE,
  detailMetrics,
  detailOptions,
  detailSamples,
  type RankedAssets,
  rankedDetail,
} from './detail.js';
import { type Labels, valueSamples } from './field-table.js';
import { SUMMARY_TIMEZONE } from './summary.js';

/** CWP DescribeMachines → one series set per host (the README's metrics table is checked against this). */
export const HOST_DETAIL_FIELD_TABLE: readonly FieldRow<HostDetail>[] = [
  {
    metric: 'tencentcloud_security_host_vulnerabilities',
    field: 'VulNum',
    kind: 'number',
    labels: ['quuid', 'instance_id', 'host_name', 'machine_type', 'region'],
  },
  { metric: 'tencentcloud_security_host_malware', field: 'MalwareNum', kind: 'number' },
  { metric: 'tencentcloud_security_host_baseline_failures', field: 'BaselineNum', kind: 'number' },
  {
    metric: 'tencentcloud_security_host_agent_state',
    field: 'AgentStatus',
    kind: 'state',
    labels: ['state'],
  },
];

/** `AgentStatus` → the agent's state (the model's spelling `UNINStALLED` too). */
export const AGENT_STATES: Readonly<Record<AgentStatus, string>> = {
  ONLINE: 'online',
  OFFLINE: 'offline',
  UNINSTALLED: 'uninstalled',
  UNINStALLED: 'uninstalled',
};
const STATE_VALUES = ['online', 'offline', 'uninstalled'] as const;

/** Most severe first: malware, then vulnerabilities, then failed baseline items. */
export function hostRank(host: Partial<HostDetail>): number[] {
  return [host.MalwareNum ?? 0, host.VulNum ?? 0, host.BaselineNum ?? 0];
}

const NUMBER_ROWS = HOST_DETAIL_FIELD_TABLE.filter((r) => r.kind === 'number');

/** The series of one host of the (type, region) list it came from; none without a `Quuid`. */
export function hostSamples(labels: Labels, host: Partial<HostDetail>): ScanSample[] {
  const quuid = assetKey(host.Quuid);
  if (quuid === undefined) return [];
  const own: Record<string, string> = { ...labels, quuid };
  const instance = host.InstanceId === undefined ? '' : assetLabel(host.InstanceId);
  if (instance !== '') own['instance_id'] = instance;
  const name = host.MachineName === undefined ? '' : assetLabel(host.MachineName);
  if (name !== '') own['host_name'] = name;
  const samples = valueSamples(NUMBER_ROWS, host, own, SUMMARY_TIMEZONE);
  if (host.AgentStatus !== undefined) {
    const state = AGENT_STATES[host.AgentStatus];
    for (const s of STATE_VALUES)
      samples.push({
        name: 'tencentcloud_security_host_agent_state',
        labels: { ...own, state: s },
        value: s === state ? 1 : 0,
      });
  }
  return samples;
}

const region = z
  .string()
  .regex(/^[a-z]+(-[a-z0-9]+)+$/, { error: '{value} is not a region such as ap-guangzhou or ap-others' });

/** Thrown when neither `machine_regions` nor the account's `region` says where to look. */
export class NoRegionError extends Error {
  readonly code = 'NoRegion';
  constructor() {
    super(
      "DescribeMachines needs a region: set collectors.cwp_host_detail.machine_regions or the account's region",
    );
    this.name = 'NoRegionError';
  }
}

export const cwpHostDetail = defineCollector({
  name: 'cwp_host_detail',
  product: 'cwp',
  description:
    'CWP vulnerabilities, malware, baseline failures and agent state per host, the most severe max_assets hosts (DescribeMachines)',
  defaults: { enabled: false, schedule: '45 */10 * * * *', timeout_seconds: 60 },
  options: {
    ...detailOptions,
    /** `MachineType` is required by the API: one list per type (and region). */
    machine_types: z
      .array(z.enum(MACHINE_TYPES))
      .min(1)
      .max(MACHINE_TYPES.length)
      .check(distinct('machine types must differ'))
      .default(['CVM']),
    /** `MachineRegion` is required by the API; empty: the account's `region`. */
    machine_regions: z.array(region).max(50).check(distinct('regions must differ')).default([]),
  },
  actions: [DESCRIBE_MACHINES],
  metrics: {
    ...detailMetrics(),
    tencentcloud_security_host_vulnerabilities:
      'Vulnerabilities on one host (CWP DescribeMachines VulNum); only the most severe hosts, see tencentcloud_security_detail_assets_exported.',
    tencentcloud_security_host_malware: 'Malware on one host (CWP MalwareNum).',
    tencentcloud_security_host_baseline_failures: 'Failed baseline items on one host (CWP BaselineNum).',
    tencentcloud_security_host_agent_state:
      'Security agent of one host; exactly one state series is 1 (CWP AgentStatus).',
  },
  fields: [
    { action: DESCRIBE_MACHINES, rows: HOST_DETAIL_FIELD_TABLE },
    { action: DESCRIBE_MACHINES, rows: DETAIL_TOTAL_FIELD_TABLE },
  ],
  create: (config): Collector => ({
    name: 'cwp_host_detail',
    async collect(context: CollectContext): Promise<ScanSample[]> {
      const { caller } = context;
      const options = callOptionsOf(context);
      const regions =
        config.machine_regions.length > 0 ? config.machine_regions : caller.region ? [caller.region] : [];
      if (regions.length === 0) throw new NoRegionError();
      // Each (type, region) pair is its own list, ranked on its own with the full budget; the
      // pairs' most severe hosts are then ranked together.
      const round = { context, collector: 'cwp_host_detail', what: 'per-host detail', config };
      const lists: { labels: Labels; result: RankedAssets<HostDetail> }[] = [];
      for (const machineType of config.machine_types as readonly MachineType[]) {
        for (const machineRegion of regions) {
          const result = await rankedDetail<HostDetail, 'risky'>(
            { ...round, action: DESCRIBE_MACHINES.action },
            {
              tiers: ['risky'],
              fetchPage: (tier, offset) =>
                describeMachines(
                  caller,
                  { machineType, machineRegion, offset, ...(tier === 'risky' ? { risky: true } : {}) },
                  options,
                ),
              idOf: (host) => assetKey(host.Quuid),
              rank: hostRank,
            },
          );
          lists.push({ labels: { machine_type: machineType, region: machineRegion }, result });
        }
      }
      const all = lists.flatMap(({ labels, result }) => result.top.map((host) => ({ labels, host })));
      const top = all
        .map((entry, i) => ({ ...entry, i, key: hostRank(entry.host) }))
        .sort((a, b) => compareRank(a.key, b.key) || a.i - b.i)
        .slice(0, config.max_assets);
      const account = { account: caller.account, product: 'cwp' };
      const samples = top.flatMap(({ labels, host }) => hostSamples({ ...account, ...labels }, host));
      samples.push(
        ...detailSamples(
          { ...account, asset_type: 'host' },
          lists.map((l) => l.result),
          top.length,
        ),
      );
      return samples;
    },
  }),
  landingRows: () => [],
});

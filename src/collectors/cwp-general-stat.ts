import {
  DESCRIBE_GENERAL_STAT,
  describeGeneralStat,
  type GeneralStat,
} from '../tencentcloud/apis/cwp-summary.js';
import type { FieldRow } from './definition.js';
import { defineSummaryCollector } from './summary.js';

const edition = (field: keyof GeneralStat & string, name: string): FieldRow<GeneralStat> => ({
  metric: 'tencentcloud_security_agents_by_edition',
  field,
  kind: 'number',
  labels: ['edition'],
  constLabels: { edition: name },
});

/** CWP DescribeGeneralStat → hosts, agent coverage and status, editions, licences. */
export const GENERAL_STAT_FIELD_TABLE: readonly FieldRow<GeneralStat>[] = [
  { metric: 'tencentcloud_security_hosts', field: 'MachinesAll', kind: 'number' },
  { metric: 'tencentcloud_security_hosts_without_agent', field: 'MachinesUninstalled', kind: 'number' },
  { metric: 'tencentcloud_security_hosts_at_risk', field: 'RiskMachine', kind: 'number' },
  { metric: 'tencentcloud_security_agents', field: 'AgentsAll', kind: 'number' },
  { metric: 'tencentcloud_security_agents_online', field: 'AgentsOnline', kind: 'number' },
  { metric: 'tencentcloud_security_agents_offline', field: 'AgentsOffline', kind: 'number' },
  edition('AgentsBasic', 'basic'),
  edition('AgentsPro', 'professional'),
  edition('FlagshipMachineCnt', 'flagship'),
  {
    metric: 'tencentcloud_security_licenses_expiring',
    field: 'AgentsProExpireWithInSevenDays',
    kind: 'number',
  },
];

export const cwpGeneralStat = defineSummaryCollector({
  name: 'cwp_general_stat',
  product: 'cwp',
  description: 'CWP hosts, agents online and offline, editions and expiring licences (DescribeGeneralStat)',
  second: 20,
  action: DESCRIBE_GENERAL_STAT,
  fetch: describeGeneralStat,
  metrics: {
    tencentcloud_security_hosts_at_risk: 'Hosts at risk (CWP RiskMachine).',
    tencentcloud_security_agents: 'Security agents installed (CWP AgentsAll).',
    tencentcloud_security_agents_online: 'Security agents online (CWP AgentsOnline).',
    tencentcloud_security_agents_offline: 'Security agents offline or shut down (CWP AgentsOffline).',
    tencentcloud_security_agents_by_edition:
      'Security agents by edition: basic, professional, flagship (CWP).',
    tencentcloud_security_licenses_expiring:
      'Prepaid professional licences expiring within 7 days (CWP AgentsProExpireWithInSevenDays).',
  },
  rows: GENERAL_STAT_FIELD_TABLE,
});

import type { ScanSample, ScanStateName } from '../metrics/scan-families.js';
import { DESCRIBE_VIRUS_SCAN_TASK_STATUS, describeVirusScanTaskStatus } from '../tencentcloud/apis/tcss.js';
import type { VirusScanStatus } from '../tencentcloud/apis/types.js';
import { type CollectContext, type Collector, oneCallScan, reportIssues } from './collector.js';
import { defineCollector, type FieldRow } from './definition.js';
import { type Labels, stateFromTable, stateSamples, valueSamples } from './field-table.js';
import { TCSS_TIMEZONE } from './tcss-image-scan.js';

/** TCSS DescribeVirusScanTaskStatus → metrics. The README's metrics table is checked against this. */
export const VIRUS_FIELD_TABLE: readonly FieldRow<VirusScanStatus>[] = [
  { metric: 'tencentcloud_scan_progress_ratio', field: 'Schedule', kind: 'number', divisor: 100 },
  { metric: 'tencentcloud_scan_remaining_seconds', field: 'LeftSeconds', kind: 'number' },
  { metric: 'tencentcloud_scan_start_timestamp_seconds', field: 'StartTime', kind: 'time' },
  { metric: 'tencentcloud_scan_end_timestamp_seconds', field: 'EndTime', kind: 'time' },
  { metric: 'tencentcloud_scan_risks', field: 'RiskCnt', kind: 'number' },
  { metric: 'tencentcloud_scan_containers', field: 'ContainerTotal', kind: 'number' },
  { metric: 'tencentcloud_scan_containers_scanned', field: 'ContainerScanCnt', kind: 'number' },
  { metric: 'tencentcloud_scan_containers_at_risk', field: 'RiskContainerCnt', kind: 'number' },
  { metric: 'tencentcloud_scan_state', field: 'Status', kind: 'state' },
  { metric: 'tencentcloud_scan_info', field: 'ScanType', kind: 'info', labels: ['trigger', 'status'] },
];

/** The contract's container virus states; `SCANNING` is what the official example answers. */
const VIRUS_STATES: Readonly<Record<string, ScanStateName>> = {
  SCAN_NONE: 'never_scanned',
  SCAN_SCANNING: 'scanning',
  SCANNING: 'scanning',
  SCAN_FINISH: 'completed',
  SCAN_TIMEOUT: 'failed',
  SCAN_CANCELING: 'stopping',
  SCAN_CANCELED: 'stopped',
};

export const virusScanState = stateFromTable(VIRUS_STATES);

const TRIGGERS: Readonly<Record<string, string>> = { CYCLE: 'scheduled', MANUAL: 'one_click' };

export function virusScanTrigger(scanType: string | undefined): string {
  return scanType !== undefined && Object.hasOwn(TRIGGERS, scanType) ? TRIGGERS[scanType]! : '';
}

const UNIT = { product: 'tcss', scan: 'container_virus' } as const;

/** One call per round: the latest container virus scan of the account. */
export function createTcssContainerVirusCollector(): Collector {
  return {
    name: 'tcss_container_virus',
    async collect(context: CollectContext): Promise<ScanSample[]> {
      const labels: Labels = { account: context.caller.account, ...UNIT };
      return oneCallScan(
        context,
        { unit: UNIT, what: 'container virus scan', collector: 'tcss_container_virus' },
        (options) => describeVirusScanTaskStatus(context.caller, options),
        (answer) => {
          reportIssues(context, 'DescribeVirusScanTaskStatus', answer.issues);
          const s = answer.value;
          const samples = valueSamples(VIRUS_FIELD_TABLE, s, labels, TCSS_TIMEZONE);
          samples.push(...stateSamples(virusScanState(s.Status), labels));
          samples.push({
            name: 'tencentcloud_scan_info',
            labels: { ...labels, trigger: virusScanTrigger(s.ScanType), status: s.Status ?? '' },
            value: 1,
          });
          return samples;
        },
      );
    },
  };
}

export const tcssContainerVirus = defineCollector({
  name: 'tcss_container_virus',
  product: 'tcss',
  description: 'TCSS container virus scan progress and findings (DescribeVirusScanTaskStatus)',
  defaults: { enabled: false, schedule: '0 * * * * *', timeout_seconds: 20 },
  options: {},
  actions: [DESCRIBE_VIRUS_SCAN_TASK_STATUS],
  metrics: {
    tencentcloud_scan_containers: 'Containers in the latest TCSS container virus scan (ContainerTotal).',
    tencentcloud_scan_containers_scanned:
      'Containers scanned so far by the latest TCSS container virus scan (ContainerScanCnt).',
    tencentcloud_scan_containers_at_risk:
      'Containers with risks found by the latest TCSS container virus scan (RiskContainerCnt).',
  },
  fields: [{ action: DESCRIBE_VIRUS_SCAN_TASK_STATUS, rows: VIRUS_FIELD_TABLE }],
  create: createTcssContainerVirusCollector,
});

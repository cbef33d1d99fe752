/**
 * Generates grafana/dashboards/tencentcloud-scan.json, the Grafana dashboard for the exporter.
 *
 * The JSON file is committed and must equal buildDashboard(); test/grafana/dashboard.test.ts checks
 * that. After changing this generator, rewrite the file with:
 *
 *   UPDATE_DASHBOARD=1 npm run test:unit -- test/grafana/dashboard.test.ts
 *
 * and commit both. Do not edit the JSON by hand (changes made in the Grafana UI must be ported here).
 */
import { GridLayout } from './layout.js';
import type {
  Dashboard,
  Panel,
  QueryVariable,
  RowPanel,
  ThresholdStep,
  Variable,
  VisualPanel,
} from './model.js';
import {
  barGauge,
  DATASOURCE,
  type PanelDraft,
  RATIO,
  stat,
  stateTimeline,
  table,
  timeseries,
  valueMapping,
} from './panels.js';
import {
  ACCOUNT_FILTER,
  JOB_FILTER,
  POSTURE_FILTER,
  SCAN_FILTER,
  SCAN_KEY,
  SCAN_LEGEND,
  SCAN_STATES,
  scanStateCodeExpr,
} from './queries.js';

export const DASHBOARD_UID = 'tencentcloud-scan';
/** Path of the committed dashboard, relative to the repository root. */
export const DASHBOARD_PATH = 'grafana/dashboards/tencentcloud-scan.json';

interface Section {
  title: string;
  collapsed: boolean;
  panels: PanelDraft[];
}

/** Threshold steps of counts: any at all is a warning (orange) or a failure (red); counts that judge nothing (blue). */
const ANY_WARNS: ThresholdStep[] = [
  { color: 'green', value: null },
  { color: 'orange', value: 1 },
];
const ANY_FAILS: ThresholdStep[] = [
  { color: 'green', value: null },
  { color: 'red', value: 1 },
];
const NEUTRAL: ThresholdStep[] = [{ color: 'blue', value: null }];

const stateMapping = valueMapping(SCAN_STATES);
const okFailMapping = (okText: string, failText: string) =>
  valueMapping([
    { code: 0, text: failText, color: 'red' },
    { code: 1, text: okText, color: 'green' },
  ]);

function queryVariable(name: string, label: string, description: string, definition: string): QueryVariable {
  return {
    type: 'query',
    name,
    label,
    description,
    datasource: DATASOURCE,
    definition,
    query: { qryType: 1, query: definition, refId: 'PrometheusVariableQueryEditor-VariableQuery' },
    current: {},
    hide: 0,
    includeAll: true,
    allValue: '.*',
    multi: true,
    options: [],
    refresh: 2,
    regex: '',
    sort: 1,
  };
}

function variables(): Variable[] {
  return [
    {
      type: 'datasource',
      name: 'datasource',
      label: 'Data source',
      query: 'prometheus',
      current: {},
      hide: 0,
      includeAll: false,
      multi: false,
      options: [],
      refresh: 1,
      regex: '',
    },
    queryVariable(
      'job',
      'Job',
      'Scrape job of the exporter.',
      'label_values(tencentcloud_scan_exporter_build_info, job)',
    ),
    queryVariable(
      'account',
      'Account',
      'Tencent Cloud account (the `name` in the exporter config).',
      'label_values(tencentcloud_scan_exporter_collector_success{job=~"$job"}, account)',
    ),
    queryVariable(
      'product',
      'Product',
      'tcss: container image scans; cwp: host scans.',
      'label_values(tencentcloud_scan_state{job=~"$job", account=~"$account"}, product)',
    ),
    queryVariable(
      'scan',
      'Scan',
      'image, container_virus, image_vulnerability or compliance (TCSS); malware, vul or baseline (CWP).',
      'label_values(tencentcloud_scan_state{job=~"$job", account=~"$account", product=~"$product"}, scan)',
    ),
  ];
}

/**
 * What the scans found, coverage gaps, freshness and agent health, from the opt-in summary
 * collectors (README, "Findings, coverage and freshness"); empty panels mean they are off.
 */
function posture(): Section {
  return {
    title: 'Security posture',
    collapsed: false,
    panels: [
      stat({
        title: 'Critical findings',
        description:
          'Critical findings now: TCSS image vulnerabilities, malware and sensitive data, and CWP host vulnerabilities (tencentcloud_security_findings).',
        unit: 'none',
        queries: [{ expr: `sum(tencentcloud_security_findings{${POSTURE_FILTER}, severity="critical"})` }],
        thresholds: ANY_FAILS,
        w: 4,
        h: 4,
      }),
      stat({
        title: 'Images never scanned',
        description:
          'Container images waiting for their first TCSS scan (UnScannedImageCnt): a coverage gap.',
        unit: 'none',
        queries: [{ expr: `sum(tencentcloud_security_images_unscanned{${POSTURE_FILTER}})` }],
        thresholds: ANY_WARNS,
        w: 4,
        h: 4,
      }),
      stat({
        title: 'Hosts without agent',
        description:
          'Hosts without the security agent (TCSS HostUnInstallCnt, CWP MachinesUninstalled): a coverage gap.',
        unit: 'none',
        queries: [
          {
            expr: `sum by (product) (tencentcloud_security_hosts_without_agent{${POSTURE_FILTER}})`,
            legend: '{{product}}',
          },
        ],
        thresholds: ANY_WARNS,
        w: 4,
        h: 4,
      }),
      stat({
        title: 'Agents offline',
        description: 'Share of the CWP agents offline or shut down (AgentsOffline / AgentsAll).',
        ...RATIO,
        queries: [
          {
            expr: `sum(tencentcloud_security_agents_offline{${POSTURE_FILTER}}) / sum(tencentcloud_security_agents{${POSTURE_FILTER}})`,
          },
        ],
        thresholds: [
          { color: 'green', value: null },
          { color: 'orange', value: 0.05 },
          { color: 'red', value: 0.1 },
        ],
        w: 4,
        h: 4,
      }),
      stat({
        title: 'Baseline pass rate',
        description: 'CWP baseline check pass rate per account (PassRate / 100).',
        ...RATIO,
        queries: [
          {
            expr: `min by (account) (tencentcloud_security_baseline_pass_ratio{${POSTURE_FILTER}})`,
            legend: '{{account}}',
          },
        ],
        thresholds: [
          { color: 'red', value: null },
          { color: 'orange', value: 0.8 },
          { color: 'green', value: 0.95 },
        ],
        w: 4,
        h: 4,
      }),
      stat({
        title: 'Licences expiring',
        description:
          'Prepaid CWP professional licences expiring within 7 days (AgentsProExpireWithInSevenDays).',
        unit: 'none',
        queries: [{ expr: `sum(tencentcloud_security_licenses_expiring{${POSTURE_FILTER}})` }],
        thresholds: ANY_WARNS,
        w: 4,
        h: 4,
      }),
      timeseries({
        title: 'Findings by severity',
        description:
          'Findings of both products by severity over the time range (tencentcloud_security_findings: image vulnerabilities, malware, sensitive data; host vulnerabilities).',
        unit: 'none',
        queries: [
          {
            expr: `sum by (severity) (tencentcloud_security_findings{${POSTURE_FILTER}})`,
            legend: '{{severity}}',
          },
        ],
        stacked: true,
        min: 0,
        w: 12,
        h: 8,
      }),
      barGauge({
        title: 'Age of the latest scan',
        description:
          'Time since the latest scan started, per account and product (TCSS LatestImageScanTime, CWP vulnerability ScanTime).',
        unit: 's',
        queries: [
          {
            expr: `max by (account, product) (time() - tencentcloud_security_latest_scan_timestamp_seconds{${POSTURE_FILTER}})`,
            legend: '{{account}} {{product}}',
          },
        ],
        min: 0,
        thresholds: [
          { color: 'green', value: null },
          { color: 'orange', value: 86400 },
          { color: 'red', value: 172800 },
        ],
        w: 12,
        h: 8,
      }),
    ],
  };
}

/**
 * The opt-in per-image and per-host detail (README, "Per-image and per-host detail"): the most
 * severe assets, and how many the cap left out; empty panels mean the detail collectors are off.
 */
function mostSevereAssets(): Section {
  return {
    title: 'Most severe assets',
    collapsed: false,
    panels: [
      stat({
        title: 'Assets not exported',
        description:
          'Images and hosts the per-asset detail left out (max_assets per account): assets in the lists minus assets exported (tencentcloud_security_detail_assets - _assets_exported).',
        unit: 'none',
        queries: [
          {
            expr: `sum by (asset_type) (tencentcloud_security_detail_assets{${POSTURE_FILTER}} - tencentcloud_security_detail_assets_exported{${POSTURE_FILTER}})`,
            legend: '{{asset_type}}',
          },
        ],
        thresholds: [{ color: 'text', value: null }],
        w: 6,
        h: 8,
      }),
      stat({
        title: 'Detail ranking incomplete',
        description:
          'Accounts whose last detail round could not prove the exported assets are the most severe (tencentcloud_security_detail_ranking_complete = 0): the page budget (max_pages) ran out first, or the API repeated a page or ended the list before its TotalCount.',
        unit: 'none',
        queries: [
          {
            expr: `count(tencentcloud_security_detail_ranking_complete{${POSTURE_FILTER}} == 0) or vector(0)`,
          },
        ],
        thresholds: ANY_WARNS,
        w: 6,
        h: 8,
      }),
      barGauge({
        title: 'Images with the most critical vulnerabilities',
        description:
          'The ten exported images with the most critical vulnerabilities (TCSS CriticalLevelVulCnt, tencentcloud_security_image_vulnerabilities).',
        unit: 'none',
        queries: [
          {
            expr: `topk(10, tencentcloud_security_image_vulnerabilities{${POSTURE_FILTER}, severity="critical"})`,
            legend: '{{account}} {{image_name}}',
          },
        ],
        min: 0,
        thresholds: ANY_FAILS,
        w: 6,
        h: 8,
      }),
      barGauge({
        title: 'Hosts with the most vulnerabilities',
        description:
          'The ten exported hosts with the most vulnerabilities (CWP VulNum, tencentcloud_security_host_vulnerabilities).',
        unit: 'none',
        queries: [
          {
            expr: `topk(10, tencentcloud_security_host_vulnerabilities{${POSTURE_FILTER}})`,
            legend: '{{account}} {{host_name}} {{instance_id}}',
          },
        ],
        min: 0,
        thresholds: ANY_WARNS,
        w: 6,
        h: 8,
      }),
    ],
  };
}

function overview(): Section {
  return {
    title: 'Overview',
    collapsed: false,
    panels: [
      stat({
        title: 'Scans running',
        description:
          'Scans (per account, product, module and baseline strategy) currently in state scanning.',
        unit: 'none',
        queries: [
          { expr: `count(tencentcloud_scan_state{${SCAN_FILTER}, state="scanning"} == 1) or vector(0)` },
        ],
        thresholds: [
          { color: 'text', value: null },
          { color: 'blue', value: 1 },
        ],
        w: 6,
        h: 4,
      }),
      stat({
        title: 'Risks found',
        description:
          'Sum of the risks reported by the latest scans (TCSS RiskCount, CWP RiskEventCount) for the selection.',
        unit: 'none',
        queries: [{ expr: `sum(tencentcloud_scan_risks{${SCAN_FILTER}})` }],
        thresholds: ANY_WARNS,
        w: 6,
        h: 4,
      }),
      stat({
        title: 'Images scanned successfully',
        description:
          'Share of all container images (TCSS ImageTotal) that the latest image scan scanned successfully.',
        ...RATIO,
        queries: [
          {
            expr: `sum(tencentcloud_scan_images_succeeded{${SCAN_FILTER}}) / sum(tencentcloud_scan_images{${SCAN_FILTER}})`,
          },
        ],
        thresholds: [
          { color: 'red', value: null },
          { color: 'orange', value: 0.9 },
          { color: 'green', value: 0.99 },
        ],
        w: 6,
        h: 4,
      }),
      stat({
        title: 'Collectors failing',
        description: 'Account and collector pairs whose last collection round failed (see Exporter health).',
        unit: 'none',
        queries: [
          {
            expr: `count(tencentcloud_scan_exporter_collector_success{${ACCOUNT_FILTER}} == 0) or vector(0)`,
          },
        ],
        thresholds: ANY_FAILS,
        w: 6,
        h: 4,
      }),
    ],
  };
}

function currentScans(): Section {
  return {
    title: 'Scans now',
    collapsed: false,
    panels: [
      table({
        title: 'Scan status',
        description:
          'Latest state of every scan with its progress, the time TCSS expects it to need, its risks and when it last ran (CWP ScanEndTime, TCSS LastScanTime).',
        unit: 'none',
        queries: [
          { expr: scanStateCodeExpr() },
          { expr: `max by (${SCAN_KEY}) (tencentcloud_scan_progress_ratio{${SCAN_FILTER}})` },
          { expr: `max by (${SCAN_KEY}) (tencentcloud_scan_remaining_seconds{${SCAN_FILTER}})` },
          { expr: `max by (${SCAN_KEY}) (tencentcloud_scan_risks{${SCAN_FILTER}})` },
          {
            expr: `max by (${SCAN_KEY}) (tencentcloud_scan_end_timestamp_seconds{${SCAN_FILTER}} or tencentcloud_scan_last_scan_timestamp_seconds{${SCAN_FILTER}}) * 1000`,
          },
        ],
        columns: [
          { name: 'State', unit: 'none', mappings: [stateMapping], cell: 'color-background' },
          { name: 'Progress', unit: 'percentunit', cell: 'gauge', min: 0, max: 1 },
          { name: 'Time remaining', unit: 's' },
          { name: 'Risks', unit: 'none' },
          { name: 'Last scan', unit: 'dateTimeFromNow' },
        ],
        w: 24,
        h: 8,
      }),
      barGauge({
        title: 'Scan progress',
        description: 'Progress of every scan (the API Schedule field / 100); 100% once a scan has completed.',
        ...RATIO,
        queries: [
          {
            expr: `max by (${SCAN_KEY}) (tencentcloud_scan_progress_ratio{${SCAN_FILTER}})`,
            legend: SCAN_LEGEND,
          },
        ],
        thresholds: [
          { color: 'blue', value: null },
          { color: 'green', value: 1 },
        ],
        w: 12,
        h: 8,
      }),
      barGauge({
        title: 'Time remaining (TCSS scans)',
        description:
          'Time the running TCSS scans still need, as estimated by TCSS (LeftSeconds, RemainingTime, LeftTime), longest per account.',
        unit: 's',
        queries: [
          {
            expr: `max by (account) (tencentcloud_scan_remaining_seconds{${SCAN_FILTER}} and ignoring (state) tencentcloud_scan_state{${SCAN_FILTER}, state="scanning"} == 1)`,
            legend: '{{account}}',
          },
        ],
        min: 0,
        noValue: 'No TCSS scan running',
        thresholds: NEUTRAL,
        w: 12,
        h: 8,
      }),
      stateTimeline({
        title: 'Scan state over time',
        description:
          'State of every scan over the time range: when scans were prepared and started, how long they ran and when they completed, failed or stopped.',
        unit: 'none',
        queries: [{ expr: scanStateCodeExpr(), legend: SCAN_LEGEND }],
        mappings: [stateMapping],
        w: 24,
        h: 9,
      }),
    ],
  };
}

function risks(): Section {
  return {
    title: 'Risks',
    collapsed: false,
    panels: [
      timeseries({
        title: 'Risks per account and scan',
        description:
          'Risks reported by the latest scan of each account and module (TCSS RiskCount, CWP RiskEventCount).',
        unit: 'none',
        queries: [
          { expr: `sum by (${SCAN_KEY}) (tencentcloud_scan_risks{${SCAN_FILTER}})`, legend: SCAN_LEGEND },
        ],
        min: 0,
        w: 12,
        h: 8,
      }),
      barGauge({
        title: 'Risk change over the time range',
        description:
          'Risks now minus risks at the start of the selected time range; positive (red) means new risks. A rescan in progress counts up from 0.',
        unit: 'none',
        queries: [
          {
            expr: `sum by (${SCAN_KEY}) (tencentcloud_scan_risks{${SCAN_FILTER}}) - sum by (${SCAN_KEY}) (tencentcloud_scan_risks{${SCAN_FILTER}} offset $__range)`,
            legend: SCAN_LEGEND,
          },
        ],
        thresholds: ANY_FAILS,
        w: 12,
        h: 8,
      }),
      timeseries({
        title: 'Targeted vulnerabilities (CWP)',
        description:
          'Number of vulnerability ids the latest CWP scan task of each module covers (VulId): its scope, not what it found.',
        unit: 'none',
        queries: [
          {
            expr: `sum by (${SCAN_KEY}) (tencentcloud_scan_targeted_vulnerabilities{${SCAN_FILTER}})`,
            legend: SCAN_LEGEND,
          },
        ],
        min: 0,
        w: 24,
        h: 7,
      }),
    ],
  };
}

function imageCoverage(): Section {
  return {
    title: 'Image coverage (TCSS)',
    collapsed: false,
    panels: [
      barGauge({
        title: 'Images: total, scanned, succeeded',
        description:
          'Per account: all images (ImageTotal), images the latest scan reached (ImageScanCnt) and images it scanned successfully (SuccessCount).',
        unit: 'none',
        queries: [
          {
            expr: `sum by (account) (tencentcloud_scan_images{${SCAN_FILTER}})`,
            legend: '{{account}} total',
          },
          {
            expr: `sum by (account) (tencentcloud_scan_images_scanned{${SCAN_FILTER}})`,
            legend: '{{account}} scanned',
          },
          {
            expr: `sum by (account) (tencentcloud_scan_images_succeeded{${SCAN_FILTER}})`,
            legend: '{{account}} succeeded',
          },
        ],
        min: 0,
        thresholds: NEUTRAL,
        w: 8,
        h: 8,
      }),
      timeseries({
        title: 'Image coverage over time',
        description: 'Share of all images scanned successfully by the latest scan, per account.',
        ...RATIO,
        queries: [
          {
            expr: `sum by (account) (tencentcloud_scan_images_succeeded{${SCAN_FILTER}}) / sum by (account) (tencentcloud_scan_images{${SCAN_FILTER}})`,
            legend: '{{account}}',
          },
        ],
        w: 8,
        h: 8,
      }),
      timeseries({
        title: 'Images not scanned successfully',
        description:
          'Images the latest scan attempted but did not scan successfully (ImageScanCnt - SuccessCount); their risks are unknown.',
        unit: 'none',
        queries: [
          {
            expr: `sum by (account) (tencentcloud_scan_images_scanned{${SCAN_FILTER}}) - sum by (account) (tencentcloud_scan_images_succeeded{${SCAN_FILTER}})`,
            legend: '{{account}}',
          },
        ],
        min: 0,
        w: 8,
        h: 8,
      }),
    ],
  };
}

/** The TCSS container virus scan, image vulnerability scan and compliance checks. */
function containerAndComplianceScans(): Section {
  return {
    title: 'Containers, image vulnerabilities and compliance (TCSS)',
    collapsed: false,
    panels: [
      timeseries({
        title: 'Compliance pass rate',
        description:
          'Share of assets that passed the latest TCSS compliance check, per account and asset type (AssetPassedRate / 100).',
        ...RATIO,
        queries: [
          {
            expr: `max by (account, asset_type) (tencentcloud_scan_assets_passed_ratio{${SCAN_FILTER}})`,
            legend: '{{account}} {{asset_type}}',
          },
        ],
        w: 8,
        h: 8,
      }),
      barGauge({
        title: 'Containers at risk',
        description:
          'Containers in which the latest TCSS virus scan found risks (RiskContainerCnt), of those it scanned (ContainerScanCnt), per account.',
        unit: 'none',
        queries: [
          {
            expr: `sum by (account) (tencentcloud_scan_containers_at_risk{${SCAN_FILTER}})`,
            legend: '{{account}} at risk',
          },
          {
            expr: `sum by (account) (tencentcloud_scan_containers_scanned{${SCAN_FILTER}})`,
            legend: '{{account}} scanned',
          },
        ],
        min: 0,
        thresholds: NEUTRAL,
        w: 8,
        h: 8,
      }),
      barGauge({
        title: 'Failed compliance items by severity',
        description:
          'Policy items the latest TCSS compliance check failed, per account, asset type and severity (Failed*PolicyItemCount).',
        unit: 'none',
        queries: [
          {
            expr: `sum by (account, asset_type, severity) (tencentcloud_scan_failed_policy_items{${SCAN_FILTER}})`,
            legend: '{{account}} {{asset_type}} {{severity}}',
          },
        ],
        min: 0,
        thresholds: [{ color: 'orange', value: null }],
        w: 8,
        h: 8,
      }),
      timeseries({
        title: 'Image vulnerabilities found',
        description:
          'Vulnerabilities the latest TCSS image vulnerability scan found, in local and registry images (FoundVulCount, RegistryFoundVulCount), per account.',
        unit: 'none',
        queries: [
          {
            expr: `sum by (account, image_source) (tencentcloud_scan_vulnerabilities{${SCAN_FILTER}})`,
            legend: '{{account}} {{image_source}}',
          },
        ],
        min: 0,
        w: 12,
        h: 8,
      }),
      timeseries({
        title: 'Images at risk (vulnerability scan)',
        description:
          'Images in which the latest TCSS image vulnerability scan found risks (FoundRiskImageCount), per account.',
        unit: 'none',
        queries: [
          {
            expr: `sum by (account) (tencentcloud_scan_images_at_risk{${SCAN_FILTER}})`,
            legend: '{{account}}',
          },
        ],
        min: 0,
        w: 12,
        h: 8,
      }),
    ],
  };
}

function hostScans(): Section {
  return {
    title: 'Host scans (CWP)',
    collapsed: false,
    panels: [
      table({
        title: 'Last CWP scans',
        description:
          'When the latest CWP scan of each module started and ended (ScanBeginTime / ScanEndTime, Beijing time unless configured otherwise) and how long it took.',
        unit: 'none',
        queries: [
          { expr: `max by (${SCAN_KEY}) (tencentcloud_scan_start_timestamp_seconds{${SCAN_FILTER}}) * 1000` },
          {
            expr: `max by (${SCAN_KEY}) (tencentcloud_scan_end_timestamp_seconds{${SCAN_FILTER}} or tencentcloud_scan_last_scan_timestamp_seconds{${SCAN_FILTER}}) * 1000`,
          },
          {
            expr: `max by (${SCAN_KEY}) (tencentcloud_scan_end_timestamp_seconds{${SCAN_FILTER}} - tencentcloud_scan_start_timestamp_seconds{${SCAN_FILTER}}) >= 0`,
          },
          { expr: `max by (${SCAN_KEY}) (time() - tencentcloud_scan_end_timestamp_seconds{${SCAN_FILTER}})` },
        ],
        columns: [
          { name: 'Started', unit: 'dateTimeAsIso' },
          { name: 'Ended', unit: 'dateTimeAsIso' },
          { name: 'Took', unit: 's' },
          { name: 'Ended ago', unit: 's' },
        ],
        w: 24,
        h: 8,
      }),
    ],
  };
}

function exporterHealth(): Section {
  return {
    title: 'Exporter health',
    collapsed: true,
    panels: [
      stateTimeline({
        title: 'Collector success',
        description: 'Whether the last round of each collector succeeded, per account.',
        unit: 'none',
        queries: [
          {
            expr: `max by (account, collector) (tencentcloud_scan_exporter_collector_success{${ACCOUNT_FILTER}})`,
            legend: '{{account}} {{collector}}',
          },
        ],
        mappings: [okFailMapping('OK', 'Failed')],
        w: 12,
        h: 8,
      }),
      timeseries({
        title: 'Time since last successful round',
        description: 'Age of the data of each collector; the scan values shown are this old.',
        unit: 's',
        queries: [
          {
            expr: `max by (account, collector) (time() - tencentcloud_scan_exporter_collector_last_success_timestamp_seconds{${ACCOUNT_FILTER}})`,
            legend: '{{account}} {{collector}}',
          },
        ],
        min: 0,
        w: 12,
        h: 8,
      }),
      timeseries({
        title: 'API requests by code',
        description:
          'Tencent Cloud API calls per second by result code: Success, an API error code (e.g. RequestLimitExceeded, AuthFailure.*) or HttpError / NetworkError / Timeout / InvalidResponse.',
        unit: 'reqps',
        queries: [
          {
            expr: `sum by (code) (rate(tencentcloud_scan_exporter_api_requests_total{${ACCOUNT_FILTER}}[$__rate_interval]))`,
            legend: '{{code}}',
          },
        ],
        stacked: true,
        min: 0,
        w: 12,
        h: 8,
      }),
      timeseries({
        title: 'API request latency p50 / p95',
        description:
          'Median and 95th percentile duration of Tencent Cloud API calls per action, from the request histogram.',
        unit: 's',
        queries: [0.5, 0.95].map((q) => ({
          expr: `histogram_quantile(${q}, sum by (le, service, action) (rate(tencentcloud_scan_exporter_api_request_duration_seconds_bucket{${JOB_FILTER}}[$__rate_interval])))`,
          legend: `p${q * 100} {{service}} {{action}}`,
        })),
        min: 0,
        w: 12,
        h: 8,
      }),
      timeseries({
        title: 'Collection round duration',
        description:
          'How long the last round of each collector took; rounds longer than the schedule get skipped.',
        unit: 's',
        queries: [
          {
            expr: `max by (account, collector) (tencentcloud_scan_exporter_collector_duration_seconds{${ACCOUNT_FILTER}})`,
            legend: '{{account}} {{collector}}',
          },
        ],
        min: 0,
        w: 12,
        h: 8,
      }),
      timeseries({
        title: 'Skipped collection rounds',
        description: 'Rounds skipped because the previous round of the same collector was still running.',
        unit: 'none',
        queries: [
          {
            expr: `sum by (collector) (increase(tencentcloud_scan_exporter_collector_rounds_skipped_total{${JOB_FILTER}}[$__rate_interval]))`,
            legend: '{{collector}}',
          },
        ],
        bars: true,
        min: 0,
        w: 12,
        h: 8,
      }),
      stat({
        title: 'Exporter targets',
        description: 'Whether Prometheus can scrape each exporter instance.',
        unit: 'none',
        queries: [{ expr: `up{${JOB_FILTER}}`, legend: '{{instance}}' }],
        mappings: [okFailMapping('Up', 'Down')],
        colorMode: 'background',
        w: 8,
        h: 4,
      }),
      stat({
        title: 'Config reload',
        description: 'Whether the last configuration reload of each exporter instance succeeded.',
        unit: 'none',
        queries: [
          {
            expr: `tencentcloud_scan_exporter_config_last_reload_successful{${JOB_FILTER}}`,
            legend: '{{instance}}',
          },
        ],
        mappings: [okFailMapping('OK', 'Failed')],
        colorMode: 'background',
        w: 8,
        h: 4,
      }),
      stat({
        title: 'Exporter version',
        description: 'Versions of the running exporter instances (build_info).',
        unit: 'none',
        queries: [
          {
            expr: `count by (version) (tencentcloud_scan_exporter_build_info{${JOB_FILTER}})`,
            legend: '{{version}}',
          },
        ],
        textMode: 'name',
        w: 8,
        h: 4,
      }),
    ],
  };
}

/** Numbers the panels and lays them out: open rows are followed by their panels, collapsed rows hold them. */
function assemble(sections: Section[]): Panel[] {
  const layout = new GridLayout();
  const panels: Panel[] = [];
  let id = 1;
  for (const section of sections) {
    const row: RowPanel = {
      id: id++,
      type: 'row',
      title: section.title,
      collapsed: section.collapsed,
      gridPos: layout.row(),
      panels: [],
    };
    const placed: VisualPanel[] = section.panels.map(({ size, ...panel }) => ({
      id: id++,
      ...panel,
      gridPos: layout.place(size.w, size.h),
    }));
    panels.push(row);
    if (section.collapsed) row.panels = placed;
    else panels.push(...placed);
  }
  return panels;
}

export function buildDashboard(): Dashboard {
  return {
    annotations: {
      list: [
        {
          builtIn: 1,
          datasource: { type: 'grafana', uid: '-- Grafana --' },
          enable: true,
          hide: true,
          iconColor: 'rgba(0, 211, 255, 1)',
          name: 'Annotations & Alerts',
          type: 'dashboard',
        },
      ],
    },
    description:
      'Tencent Cloud security scans from tencentcloud-scan-exporter: TCSS container image, container virus and image vulnerability scans and compliance checks, and CWP host scans (malware, vulnerabilities, baseline), their progress, results and the exporter health.',
    editable: true,
    fiscalYearStartMonth: 0,
    graphTooltip: 1,
    id: null,
    links: [],
    panels: assemble([
      posture(),
      mostSevereAssets(),
      overview(),
      currentScans(),
      risks(),
      imageCoverage(),
      containerAndComplianceScans(),
      hostScans(),
      exporterHealth(),
    ]),
    refresh: '30s',
    schemaVersion: 41,
    tags: ['tencentcloud', 'security', 'tcss', 'cwp', 'prometheus'],
    templating: { list: variables() },
    time: { from: 'now-6h', to: 'now' },
    timepicker: {},
    timezone: 'browser',
    title: 'Tencent Cloud security scans',
    uid: DASHBOARD_UID,
    version: 1,
    weekStart: '',
  };
}

/** The committed file's exact text: two-space JSON with a final newline. */
export function serializeDashboard(dashboard: Dashboard): string {
  return `${JSON.stringify(dashboard, null, 2)}\n`;
}

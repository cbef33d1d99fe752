/** The configuration files of the end-to-end stack, as YAML text. */
import { stringify } from 'yaml';
import type { SimulatorAccount } from '../../src/simulator/index.js';
import { SUMMARY_COLLECTORS } from '../integration/fixture.js';

export const SCRAPE_JOB = 'tencentcloud-scan-exporter';

/** Every account at the simulator, every collector (the opt-in summaries too) every second with short timeouts. */
export function exporterConfig(simulatorUrl: string, accounts: readonly SimulatorAccount[]): string {
  return stringify({
    accounts: accounts.map((a) => ({
      name: a.name,
      secret_id: a.secretId,
      secret_key: a.secretKey,
      endpoint: simulatorUrl,
    })),
    collectors: {
      tcss_image_scan: { schedule: '* * * * * *', timeout_seconds: 0.9 },
      cwp_scan_state: {
        schedule: '* * * * * *',
        timeout_seconds: 0.9,
        modules: ['Malware', 'Vul', 'Baseline'],
        baseline_strategy_ids: 'auto',
      },
      ...Object.fromEntries(
        SUMMARY_COLLECTORS.map((name) => [
          name,
          { enabled: true, schedule: '* * * * * *', timeout_seconds: 0.9 },
        ]),
      ),
      // Off by default; on here so the dashboard's panels for them are checked too.
      tcss_container_virus: { enabled: true, schedule: '* * * * * *', timeout_seconds: 0.9 },
      tcss_image_vulnerability: { enabled: true, schedule: '* * * * * *', timeout_seconds: 0.9 },
      tcss_compliance: { enabled: true, schedule: '* * * * * *', timeout_seconds: 0.9 },
      // The per-asset detail: a small cap, the simulator's main host list (the accounts name no region).
      tcss_image_detail: { enabled: true, schedule: '* * * * * *', timeout_seconds: 0.9, max_assets: 10 },
      cwp_host_detail: {
        enabled: true,
        schedule: '* * * * * *',
        timeout_seconds: 0.9,
        max_assets: 10,
        machine_regions: ['ap-guangzhou'],
      },
    },
  });
}

/** One route to the webhook; one group per alert and account, so each account's notification stands alone. */
export function alertmanagerConfig(webhookUrl: string): string {
  return stringify({
    route: {
      receiver: 'test-webhook',
      group_by: ['alertname', 'account'],
      group_wait: '1s',
      group_interval: '1s',
      repeat_interval: '1h',
    },
    receivers: [{ name: 'test-webhook', webhook_configs: [{ url: webhookUrl, send_resolved: true }] }],
  });
}

export function prometheusConfig(
  exporterAddress: string,
  alertmanagerAddress: string,
  ruleFile: string,
): string {
  return stringify({
    global: { scrape_interval: '1s', scrape_timeout: '1s', evaluation_interval: '1s' },
    rule_files: [ruleFile],
    alerting: { alertmanagers: [{ static_configs: [{ targets: [alertmanagerAddress] }] }] },
    scrape_configs: [{ job_name: SCRAPE_JOB, static_configs: [{ targets: [exporterAddress] }] }],
  });
}

import { stringify } from 'yaml';
import { SUMMARY_COLLECTORS } from '../../test/integration/fixture.js';
import { benchAccounts, strategyIds } from './accounts.js';

/** What one benchmark run sets up: the same description drives the simulator and the exporter. */
export interface Scenario {
  readonly accounts: number;
  /** Baseline strategies per account (the simulator knows them; the exporter asks for each). */
  readonly strategies: number;
  readonly modules: readonly ('Malware' | 'Vul' | 'Baseline')[];
  readonly tcss: boolean;
  /** Cron expression of both collectors. */
  readonly schedule: string;
  /** Omitted: the exporter's default. */
  readonly concurrency?: number;
  /** Turns the (opt-in) summary collectors on, on the same schedule. */
  readonly summaries?: boolean;
  /** Turns the (opt-in) per-image and per-host detail on, on the same schedule, with this cap. */
  readonly detailMaxAssets?: number;
}

/** A schedule whose next run is far away: only the round at start-up happens. */
export const ONCE = '0 0 0 1 1 *';
export const EVERY_SECOND = '* * * * * *';

export const ALL_MODULES = ['Malware', 'Vul', 'Baseline'] as const;

/** The exporter's YAML for `scenario`, every account pointed at `endpoint`. */
export function exporterYaml(scenario: Scenario, endpoint: string): string {
  const doc = {
    ...(scenario.concurrency === undefined ? {} : { global: { concurrency: scenario.concurrency } }),
    accounts: benchAccounts(scenario.accounts).map((a) => ({
      name: a.name,
      secret_id: a.secretId,
      secret_key: a.secretKey,
      endpoint,
    })),
    collectors: {
      tcss_image_scan: { enabled: scenario.tcss, schedule: scenario.schedule },
      cwp_scan_state: {
        schedule: scenario.schedule,
        modules: [...scenario.modules],
        ...(scenario.modules.includes('Baseline')
          ? { baseline_strategy_ids: strategyIds(scenario.strategies) }
          : {}),
      },
      ...(scenario.summaries
        ? Object.fromEntries(
            SUMMARY_COLLECTORS.map((name) => [name, { enabled: true, schedule: scenario.schedule }]),
          )
        : {}),
      ...(scenario.detailMaxAssets === undefined
        ? {}
        : {
            tcss_image_detail: {
              enabled: true,
              schedule: scenario.schedule,
              max_assets: scenario.detailMaxAssets,
            },
            // The bench accounts name no region; the simulator's hosts are mostly in ap-guangzhou.
            cwp_host_detail: {
              enabled: true,
              schedule: scenario.schedule,
              max_assets: scenario.detailMaxAssets,
              machine_regions: ['ap-guangzhou'],
            },
          }),
    },
  };
  return stringify(doc);
}

/**
 * The shortest possible round: each account's rounds need their sequential calls' latency plus a
 * full window for every `limit` calls of one action beyond the first `limit`; the global
 * concurrency limit shares out the sum of those account rounds. Real rounds cannot beat this.
 */
export function idealRoundSeconds(
  scenario: Scenario,
  latencyMs: number,
  limitPerSecond: number,
  concurrency: number,
): number {
  const latency = latencyMs / 1000;
  const perAccount: number[] = [];
  // TCSS: the latest task, then its status.
  if (scenario.tcss) perAccount.push(2 * latency);
  const scanStateCalls =
    scenario.modules.filter((m) => m !== 'Baseline').length +
    (scenario.modules.includes('Baseline') ? scenario.strategies : 0);
  if (scanStateCalls > 0) perAccount.push(latency + Math.floor((scanStateCalls - 1) / limitPerSecond));
  const slotSeconds = scenario.accounts * perAccount.reduce((a, b) => a + b, 0);
  return Math.max(slotSeconds / concurrency, ...perAccount);
}

/** Simulator accounts and exporter YAML configs shared by the integration tests. */
import { randomBytes } from 'node:crypto';
import type { Simulator, SimulatorAccount } from '../../src/simulator/index.js';

export const STRATEGY_IDS = [1, 2] as const;

/** Fresh random keys per run, so a leak check can search for exactly these strings. */
export function simAccount(name: string): SimulatorAccount {
  return {
    name,
    secretId: `AKIDit${name.replace(/[^a-zA-Z0-9]/g, '')}${randomBytes(8).toString('hex')}`,
    secretKey: `itKey${randomBytes(12).toString('hex')}`,
    baselineStrategyIds: [...STRATEGY_IDS],
  };
}

export interface ConfigOptions {
  /** Accounts whose exporter-side key differs from the simulator's (→ AuthFailure.SignatureFailure). */
  readonly wrongKey?: readonly string[];
  readonly schedule?: string;
  readonly timeoutSeconds?: number;
  readonly stalenessIntervals?: number;
  /** Turn the (opt-in) summary collectors on, on the same schedule. */
  readonly summaries?: boolean;
}

/** The scan collectors that are off by default (TCSS features an account may not have). */
export const FURTHER_SCAN_COLLECTORS = [
  'tcss_container_virus',
  'tcss_image_vulnerability',
  'tcss_compliance',
] as const;

/** The opt-in per-image and per-host detail collectors (see README, "Per-image and per-host detail"). */
export const DETAIL_COLLECTORS = ['tcss_image_detail', 'cwp_host_detail'] as const;

/** The opt-in summary collectors (see README, "Findings, coverage and freshness"). */
export const SUMMARY_COLLECTORS = [
  'tcss_image_risk_summary',
  'tcss_asset_summary',
  'cwp_vul_level_count',
  'cwp_vul_host_count',
  'cwp_general_stat',
  'cwp_baseline_overview',
  'cwp_security_events',
] as const;

/** The exporter-side key of a `wrongKey` account; also secret, so leak checks search for it too. */
export function wrongKeyOf(account: SimulatorAccount): string {
  return `${account.secretKey}Wrong`;
}

/**
 * The fixture's schedule and round timeout: fast, but with headroom on a loaded 2-core machine. A
 * healthy round must finish well within the timeout (a call that misses it is counted `Timeout`,
 * which tests of per-account codes reject), and so must a throttled one's second attempt, made 1 s
 * after its first answer (the third, 2 s after the second answer, never fits). With 2 s / 1.5 s,
 * that second attempt had 0.5 s, and missed it under load.
 */
export const SCHEDULE = '*/3 * * * * *';
export const TIMEOUT_SECONDS = 2.5;

/** YAML config (as an object) pointing every account at `sim`, with fast schedules. */
export function exporterConfig(
  sim: Simulator,
  accounts: readonly SimulatorAccount[],
  options: ConfigOptions = {},
): Record<string, unknown> {
  const schedule = options.schedule ?? SCHEDULE;
  const timeout = options.timeoutSeconds ?? TIMEOUT_SECONDS;
  return {
    global: { concurrency: 64, staleness_intervals: options.stalenessIntervals ?? 1000 },
    accounts: accounts.map((a) => ({
      name: a.name,
      secret_id: a.secretId,
      secret_key: options.wrongKey?.includes(a.name) ? wrongKeyOf(a) : a.secretKey,
      endpoint: sim.url,
      requests_per_second: 50,
    })),
    collectors: {
      tcss_image_scan: { schedule, timeout_seconds: timeout },
      cwp_scan_state: {
        schedule,
        timeout_seconds: timeout,
        modules: ['Malware', 'Vul', 'Baseline'],
        baseline_strategy_ids: [...STRATEGY_IDS],
      },
      ...(options.summaries
        ? Object.fromEntries(
            SUMMARY_COLLECTORS.map((name) => [name, { enabled: true, schedule, timeout_seconds: timeout }]),
          )
        : {}),
    },
  };
}

/** Every secret string the exporter was given, for leak checks. */
export function secretsOf(accounts: readonly SimulatorAccount[]): string[] {
  return accounts.flatMap((a) => [a.secretKey, wrongKeyOf(a)]);
}

import type { Logger } from 'pino';
import { COLLECTORS, type CollectorsConfig } from '../collectors/registry.js';
import type { AccountConfig, ExporterConfig } from '../config/index.js';
import { demoAccounts } from '../simulator/demo-accounts.js';
import { type Simulator, type SimulatorAccount, startSimulator } from '../simulator/index.js';
import { defaultTimeoutSeconds } from '../util/cron-schedule.js';

/** Demo schedules (unless a collector sets its own): fast enough that a newcomer sees values move within a minute. */
const DEMO_SCHEDULE = '*/5 * * * * *';

/** The demo schedule, with a timeout that fits in it (rounds end before the next tick). */
function demoSchedule<T extends { schedule: string; timeout_seconds: number }>(
  collector: T,
  schedule = DEMO_SCHEDULE,
): T {
  return {
    ...collector,
    schedule,
    timeout_seconds: defaultTimeoutSeconds(collector.timeout_seconds, schedule),
  };
}

/** The region of the demo accounts that name none: most of the simulator's hosts are there. */
const DEMO_REGION = 'ap-guangzhou';

/** The demo account whose exporter-side key is wrong, so the demo also shows a failing account. */
export const DEMO_FAILING_ACCOUNT = 'legacy';

export interface Demo {
  readonly config: ExporterConfig;
  readonly simulator: Simulator;
  /**
   * A reloaded config, pointed at the running simulator, with accounts it does not know yet
   * registered there (reload in demo mode with `--config.file`).
   */
  adopt(config: ExporterConfig): ExporterConfig;
}

/**
 * `--demo`: starts the embedded simulator and points every account at it. Without a config file
 * the simulator's demo accounts are used (one of them with a wrong key) and collectors run every
 * five seconds; with one, its accounts are registered in the simulator with their static keys.
 */
export async function startDemo(config: ExporterConfig, log: Logger): Promise<Demo> {
  const fromFile = config.accounts.length > 0;
  const simAccounts = fromFile ? simulatorAccountsOf(config) : demoAccounts.map((a) => ({ ...a }));
  const simulator = await startSimulator({
    accounts: simAccounts,
    log: (event) => log.debug({ simulator: event }, 'simulator request'),
  });
  const adopted = pointAt(simulator, config, simAccounts, fromFile);
  log.info(
    { simulator: simulator.url, accounts: adopted.accounts.map((a) => a.name) },
    'demo mode: embedded simulator started',
  );
  return {
    config: adopted,
    simulator,
    adopt: (next) => {
      const accounts = simulatorAccountsOf(next);
      for (const account of accounts) simulator.addAccount(account);
      return pointAt(simulator, next, accounts, true);
    },
  };
}

function simulatorAccountsOf(config: ExporterConfig): SimulatorAccount[] {
  return config.accounts.map((a) => ({
    name: a.name,
    secretId: (a.credentials.source === 'static' && a.credentials.secret_id) || `AKIDdemo${a.name}`,
    secretKey: (a.credentials.source === 'static' && a.credentials.secret_key) || `demo-key-${a.name}`,
  }));
}

function pointAt(
  simulator: Simulator,
  config: ExporterConfig,
  simAccounts: readonly SimulatorAccount[],
  fromFile: boolean,
): ExporterConfig {
  const byName = new Map(config.accounts.map((a) => [a.name, a]));
  const accounts: AccountConfig[] = simAccounts.map((a) => {
    const configured = byName.get(a.name);
    const wrongKey = !fromFile && a.name === DEMO_FAILING_ACCOUNT;
    return {
      name: a.name,
      international: false,
      requests_per_second: configured?.requests_per_second ?? 20,
      language: configured?.language ?? 'en-US',
      credentials: {
        source: 'static',
        secret_id: a.secretId,
        secret_key: wrongKey ? `${a.secretKey}-wrong` : a.secretKey,
      },
      endpoint: simulator.url,
      // Where the demo's simulated hosts are (cwp_host_detail lists the account's region by default).
      region: configured?.region ?? DEMO_REGION,
    };
  });
  const collectors: CollectorsConfig = fromFile
    ? config.collectors
    : (Object.fromEntries(
        // Everything on, opt-in collectors too: the demo is where one sees what each shows.
        COLLECTORS.map((d) => [
          d.name,
          { ...demoSchedule(config.collectors[d.name], d.demoSchedule), enabled: true },
        ]),
      ) as unknown as CollectorsConfig);
  return Object.freeze({ ...config, accounts, collectors });
}

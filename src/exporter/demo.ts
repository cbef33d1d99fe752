import type { Logger } from 'pino';
import type { AccountConfig, ExporterConfig } from '../config/types.js';
import { demoAccounts } from '../simulator/demo-accounts.js';
import { type Simulator, type SimulatorAccount, startSimulator } from '../simulator/index.js';

/** Demo schedules: fast enough that a newcomer sees values move within a minute. */
const DEMO_SCHEDULE = '*/5 * * * * *';

/** The demo account whose exporter-side key is wrong, so the demo also shows a failing account. */
export const DEMO_FAILING_ACCOUNT = 'legacy';

export interface Demo {
  readonly config: ExporterConfig;
  readonly simulator: Simulator;
}

/**
 * `--demo`: starts the embedded simulator and points every account at it. Without a config file
 * the simulator's demo accounts are used (one of them with a wrong key) and collectors run every
 * five seconds; with one, its accounts are registered in the simulator with their static keys.
 */
export async function startDemo(config: ExporterConfig, log: Logger): Promise<Demo> {
  const fromFile = config.accounts.length > 0;
  const simAccounts: SimulatorAccount[] = fromFile
    ? config.accounts.map((a) => ({
        name: a.name,
        secretId: a.credentials.type === 'static' ? a.credentials.secretId : `AKIDdemo${a.name}`,
        secretKey: a.credentials.type === 'static' ? a.credentials.secretKey : `demo-key-${a.name}`,
      }))
    : demoAccounts.map((a) => ({ ...a }));
  const simulator = await startSimulator({
    accounts: simAccounts,
    log: (event) => log.debug({ simulator: event }, 'simulator request'),
  });
  const accounts: AccountConfig[] = simAccounts.map((a) => {
    const configured = config.accounts.find((c) => c.name === a.name);
    const wrongKey = !fromFile && a.name === DEMO_FAILING_ACCOUNT;
    return {
      name: a.name,
      international: false,
      requestsPerSecond: configured?.requestsPerSecond ?? 20,
      language: configured?.language,
      credentials: {
        type: 'static',
        secretId: a.secretId,
        secretKey: wrongKey ? `${a.secretKey}-wrong` : a.secretKey,
      },
      endpoint: simulator.url,
    };
  });
  const collectors = fromFile
    ? config.collectors
    : {
        tcss_image_scan: { ...config.collectors.tcss_image_scan, schedule: DEMO_SCHEDULE },
        cwp_scan_state: { ...config.collectors.cwp_scan_state, schedule: DEMO_SCHEDULE },
      };
  log.info(
    { simulator: simulator.url, accounts: accounts.map((a) => a.name) },
    'demo mode: embedded simulator started',
  );
  return { config: Object.freeze({ ...config, accounts, collectors }), simulator };
}

/**
 * One simulator and ONE exporter process with several accounts, shared by the fault cases: some
 * accounts stay healthy, the victims take the faults, and the cases rotate through a table.
 */
import { COLLECTORS as DEFINITIONS } from '../../src/collectors/registry.js';
import type { Simulator, SimulatorAccount } from '../../src/simulator/index.js';
import { startSimulator } from '../../src/simulator/index.js';
import { ExporterProcess, parseMetrics, type Sample, select } from '../helpers/exporter-process.js';

/** Every collector runs every INTERVAL_S; a round is abandoned after ROUND_TIMEOUT_S. */
export const INTERVAL_S = 2;
export const ROUND_TIMEOUT_S = 1.5;
/** The collectors on by default (the summaries are opt-in), as a config without their keys runs them. */
export const COLLECTORS = DEFINITIONS.filter((d) => d.config.parse({}).enabled).map((d) => d.name);
export const PREFIX = 'tencentcloud_scan_exporter_';

export const HEALTHY = ['healthy-a', 'healthy-b'] as const;
export const VICTIMS = ['victim-1', 'victim-2', 'victim-3', 'victim-4'] as const;
/** Credentials from the CVM metadata paths, valid for a few seconds only (so they expire often). */
export const CVM_ACCOUNT = 'cvm';
export const CVM_ROLE = 'scan-exporter-role';
export const CVM_CREDENTIAL_SECONDS = 4;
/** Its key is unknown to the simulator until the test adds it. */
export const STRANGER = 'stranger';

/** A simulator account with keys derived from its name. */
export function simAccount(name: string): SimulatorAccount {
  const tag = name.replace(/[^a-z0-9]/gi, '');
  return {
    name,
    secretId: `AKIDfault${tag}`.padEnd(36, '0'),
    secretKey: `faultKey${tag}`.padEnd(32, '0'),
    baselineStrategyIds: [1],
  };
}

export function strangerAccount(): SimulatorAccount {
  return simAccount(STRANGER);
}

export interface FaultStack {
  readonly sim: Simulator;
  readonly exporter: ExporterProcess;
  close(): Promise<void>;
}

export async function startFaultStack(): Promise<FaultStack> {
  const known = [...HEALTHY, ...VICTIMS, CVM_ACCOUNT].map(simAccount);
  const sim = await startSimulator({
    accounts: known,
    metadataRole: { roleName: CVM_ROLE, account: CVM_ACCOUNT, durationSeconds: CVM_CREDENTIAL_SECONDS },
  });
  const staticAccount = (a: SimulatorAccount) => ({
    name: a.name,
    secret_id: a.secretId,
    secret_key: a.secretKey,
    endpoint: sim.url,
  });
  const schedule = `*/${INTERVAL_S} * * * * *`;
  const config = {
    accounts: [
      ...known.filter((a) => a.name !== CVM_ACCOUNT).map(staticAccount),
      {
        name: CVM_ACCOUNT,
        endpoint: sim.url,
        credentials: { source: 'cvm_role', role_name: CVM_ROLE, metadata_endpoint: sim.url },
      },
      staticAccount(strangerAccount()),
    ],
    collectors: {
      tcss_image_scan: { schedule, timeout_seconds: ROUND_TIMEOUT_S },
      cwp_scan_state: {
        schedule,
        timeout_seconds: ROUND_TIMEOUT_S,
        modules: ['Malware', 'Vul', 'Baseline'],
        baseline_strategy_ids: [1],
      },
    },
  };
  let exporter: ExporterProcess | undefined;
  try {
    exporter = await ExporterProcess.start({ config, args: ['--log.level=debug'] });
    await exporter.waitForReady(30_000);
  } catch (error) {
    await exporter?.stop();
    await sim.close();
    throw error;
  }
  const started = exporter;
  return {
    sim,
    exporter: started,
    close: async () => {
      await started.stop();
      await sim.close();
    },
  };
}

/** The value of one collector gauge of one account, or undefined when the series is absent. */
export function collectorGauge(
  samples: readonly Sample[],
  gauge: 'collector_success' | 'collector_last_success_timestamp_seconds',
  account: string,
  collector: (typeof COLLECTORS)[number],
): number | undefined {
  return select(samples, `${PREFIX}${gauge}`, { account, collector })[0]?.value;
}

/** api_requests_total summed over service and action, for one account and code. */
export function requestCount(samples: readonly Sample[], account: string, code: string): number {
  return select(samples, `${PREFIX}api_requests_total`, { account, code }).reduce(
    (sum, s) => sum + s.value,
    0,
  );
}

/** Scan series that every healthy round produces, whatever the scan is doing. */
const CORE_SCAN_METRICS = new Set(['tencentcloud_scan_progress_ratio', 'tencentcloud_scan_state']);

/** Identities of one account's core scan series (values and scan-dependent labels left out). */
export function coreSeriesKeys(samples: readonly Sample[], account: string): string[] {
  return samples
    .filter((s) => CORE_SCAN_METRICS.has(s.name) && s.labels['account'] === account)
    .map((s) => {
      const { product, scan, strategy_id, state } = s.labels;
      return `${s.name}{${product}/${scan}/${strategy_id ?? ''}/${state ?? ''}}`;
    })
    .sort();
}

/**
 * prom-client writes NaN as `Nan` (e.g. nodejs_eventloop_lag_* before the first sample); Prometheus
 * reads any case of NaN, but the shared test parser only the canonical one.
 */
export function parseExposition(text: string): Sample[] {
  return parseMetrics(text.replace(/ Nan$/gm, ' NaN'));
}

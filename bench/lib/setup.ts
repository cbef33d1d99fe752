/** Simulator and exporter children for one scenario, on separate cores, always torn down. */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ExporterChild, SimulatorChild } from './children.js';
import { exporterYaml, type Scenario } from './scenario.js';

/** The exporter gets core 1; the simulator and the driver (load generator) core 0. */
export const EXPORTER_CORE = 1;
export const DRIVER_CORE = 0;

export interface Setup {
  readonly simulator: SimulatorChild;
  readonly exporter: ExporterChild;
  readonly dir: string;
}

export interface SetupOptions {
  readonly rateLimitPerSecond?: number;
  /** Injected before the exporter starts, for every account. */
  readonly latencyMs?: number;
  readonly trackArrivals?: boolean;
  /** TCSS images per simulated account; absent: the simulator's default. */
  readonly imageTotal?: number;
}

export async function withSetup<T>(
  scenario: Scenario,
  options: SetupOptions,
  run: (setup: Setup) => Promise<T>,
): Promise<T> {
  const dir = await mkdtemp(join(tmpdir(), 'scan-exporter-bench-'));
  const simulator = await SimulatorChild.start(
    {
      accounts: scenario.accounts,
      strategies: scenario.strategies,
      rateLimitPerSecond: options.rateLimitPerSecond ?? 20,
      trackArrivals: options.trackArrivals ?? false,
      ...(options.imageTotal === undefined ? {} : { imageTotal: options.imageTotal }),
    },
    DRIVER_CORE,
  );
  let exporter: ExporterChild | undefined;
  try {
    if (options.latencyMs) await simulator.latencyForAll(options.latencyMs);
    const yamlPath = join(dir, 'exporter.yml');
    await writeFile(yamlPath, exporterYaml(scenario, simulator.url));
    exporter = await ExporterChild.start(yamlPath, scenario.accounts, EXPORTER_CORE);
    return await run({ simulator, exporter, dir });
  } finally {
    await exporter?.stop();
    await simulator.stop();
    await rm(dir, { recursive: true, force: true });
  }
}

export function mean(values: readonly number[]): number {
  return values.reduce((a, b) => a + b, 0) / values.length;
}

export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

export const MB = 1024 * 1024;

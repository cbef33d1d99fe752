import type { CollectContext, Collector } from '../../src/collectors/collector.js';
import type { ScanSample } from '../../src/metrics/scan-families.js';
import { type Simulator, startSimulator } from '../../src/simulator/index.js';
import { TencentCloudClient } from '../../src/tencentcloud/client.js';
import { StaticCredentialProvider } from '../../src/tencentcloud/credentials/static.js';

export const ACCOUNT = {
  name: 'acme',
  secretId: 'AKIDcollectorTest000000000000000000',
  secretKey: 'collectorTestSecretKey0000000000',
};

/** A simulator with one account and a client bound to it, over real HTTP on loopback. */
export async function simulatorWithClient(
  options: {
    baselineStrategyIds?: number[];
    disabledBaselineStrategyIds?: number[];
    now?: () => number;
    retry?: { maxAttempts: number };
  } = {},
): Promise<{ sim: Simulator; client: TencentCloudClient; close(): Promise<void> }> {
  const sim = await startSimulator({
    accounts: [
      {
        ...ACCOUNT,
        baselineStrategyIds: options.baselineStrategyIds,
        disabledBaselineStrategyIds: options.disabledBaselineStrategyIds,
      },
    ],
    now: options.now,
  });
  const client = new TencentCloudClient({
    account: ACCOUNT.name,
    credentials: new StaticCredentialProvider(ACCOUNT.secretId, ACCOUNT.secretKey),
    endpoint: sim.url,
    retry: options.retry ?? { maxAttempts: 1 },
  });
  return {
    sim,
    client,
    close: async () => {
      await client.close();
      await sim.close();
    },
  };
}

export const never = new AbortController().signal;

export type Fixture = Awaited<ReturnType<typeof simulatorWithClient>>;

/** The samples of one metric. */
export const byName = (samples: readonly ScanSample[], name: string): ScanSample[] =>
  samples.filter((s) => s.name === name);

/** Every row of a collector's field table gave a sample; a failure names the fields that gave none. */
export function expectEveryRowSampled(
  samples: readonly ScanSample[],
  table: readonly { readonly field: string; readonly metric: string }[],
): void {
  expect(table.filter((row) => byName(samples, row.metric).length === 0).map((row) => row.field)).toEqual([]);
}

/**
 * A fresh simulator and client for each test of the enclosing `describe` (closed after it), and
 * `collect`, which runs a collector against them for one round.
 */
export function simulatorPerTest(): {
  readonly sim: Simulator;
  readonly client: TencentCloudClient;
  collect(collector: Collector, onFieldIssue?: CollectContext['onFieldIssue']): Promise<ScanSample[]>;
} {
  let current: Fixture | undefined;
  beforeEach(async () => {
    current = await simulatorWithClient();
  });
  afterEach(async () => {
    await current?.close();
    current = undefined;
  });
  const fixture = (): Fixture => {
    if (current === undefined) throw new Error('simulatorPerTest: used outside a test');
    return current;
  };
  return {
    get sim() {
      return fixture().sim;
    },
    get client() {
      return fixture().client;
    },
    collect: (collector, onFieldIssue) =>
      collector.collect({
        caller: fixture().client,
        signal: never,
        ...(onFieldIssue ? { onFieldIssue } : {}),
      }),
  };
}

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

import type { AccountConfig } from '../config/types.js';
import type { SelfMetrics } from '../metrics/self-metrics.js';
import type { AccountRuntime } from '../scheduler/scheduler.js';
import { TencentCloudClient } from '../tencentcloud/client.js';
import { createCredentialProvider } from '../tencentcloud/credentials/factory.js';
import type { CredentialProvider } from '../tencentcloud/credentials/types.js';
import type { RequestHooks } from '../tencentcloud/types.js';

export interface AccountRuntimes {
  readonly runtimes: readonly AccountRuntime[];
  close(): Promise<void>;
}

/**
 * One client per account, with its credential source and its own rate limiter; every request
 * (STS ones included) is counted in the self-metrics under the account's name.
 */
export function buildAccountRuntimes(
  accounts: readonly AccountConfig[],
  metrics: SelfMetrics,
  env: NodeJS.ProcessEnv = process.env,
): AccountRuntimes {
  const hooks: RequestHooks = { onRequest: (event) => metrics.observeRequest(event) };
  const clients: TencentCloudClient[] = [];
  const byName = new Map(accounts.map((a) => [a.name, a]));
  const providers = new Map<string, CredentialProvider>();

  const providerFor = (account: AccountConfig): CredentialProvider => {
    const known = providers.get(account.name);
    if (known) return known;
    const provider = createCredentialProvider(account.credentials, {
      env,
      stsCaller: (source: CredentialProvider, stsEndpoint?: string, region?: string) => {
        const client = new TencentCloudClient({
          account: account.name,
          credentials: source,
          endpoint: stsEndpoint ?? account.endpoint,
          region,
          international: account.international,
          hooks,
        });
        clients.push(client);
        return client;
      },
      accountProvider: (name) => {
        const other = byName.get(name);
        // The config loader rejects unknown names and cycles; this guards direct callers.
        if (!other)
          throw new Error(`account ${account.name}: assume_role.from_account names unknown account ${name}`);
        return providerFor(other);
      },
    });
    providers.set(account.name, provider);
    return provider;
  };

  const runtimes = accounts.map((account) => {
    const client = new TencentCloudClient({
      account: account.name,
      credentials: providerFor(account),
      endpoint: account.endpoint,
      region: account.region,
      international: account.international,
      language: account.language,
      requestsPerSecond: account.requestsPerSecond,
      hooks,
    });
    clients.push(client);
    return { name: account.name, caller: client };
  });

  return {
    runtimes,
    close: async () => {
      await Promise.all(clients.map((c) => c.close()));
    },
  };
}

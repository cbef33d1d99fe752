import { createHash } from 'node:crypto';
import type { AccountConfig, CredentialsConfig } from '../config/index.js';
import type { SelfMetrics } from '../metrics/self-metrics.js';
import type { AccountRuntime } from '../scheduler/scheduler.js';
import { TencentCloudClient } from '../tencentcloud/client.js';
import { createCredentialProvider } from '../tencentcloud/credentials/factory.js';
import type { CredentialProvider } from '../tencentcloud/credentials/types.js';
import type { RequestHooks } from '../tencentcloud/types.js';

/** One account's client, credential source and the STS clients made for it. */
interface AccountEntry {
  /** The account's settings and those of the accounts its credentials come from. */
  readonly fingerprint: string;
  readonly runtime: AccountRuntime;
  readonly provider: CredentialProvider;
  readonly clients: TencentCloudClient[];
}

/** Names of the accounts whose credentials `source` starts from (`assume_role.from_account`). */
function accountsUsedBy(source: CredentialsConfig): string[] {
  if (source.source !== 'assume_role') return [];
  return [
    ...(source.from_account === undefined ? [] : [source.from_account]),
    ...(source.from === undefined ? [] : accountsUsedBy(source.from)),
  ];
}

/** Per account: a hash of its settings and of the accounts it takes credentials from. */
function fingerprints(accounts: readonly AccountConfig[]): Map<string, string> {
  const byName = new Map(accounts.map((a) => [a.name, a]));
  const done = new Map<string, string>();
  // The config loader rejects from_account cycles; `trail` guards direct callers.
  const of = (account: AccountConfig, trail: ReadonlySet<string>): string => {
    const known = done.get(account.name);
    if (known !== undefined) return known;
    const used = accountsUsedBy(account.credentials)
      .map((name) => byName.get(name))
      .filter((a): a is AccountConfig => a !== undefined && !trail.has(a.name))
      .map((a) => of(a, new Set([...trail, account.name])));
    const fingerprint = createHash('sha256')
      .update(JSON.stringify([account, used]))
      .digest('hex');
    done.set(account.name, fingerprint);
    return fingerprint;
  };
  for (const account of accounts) of(account, new Set());
  return done;
}

/**
 * One client per account, with its credential source and its own rate limiter; every request
 * (STS ones included) is counted in the self-metrics under the account's name.
 *
 * Built from `previous` on a reload: an account whose settings (credentials, endpoint, region,
 * rate limit, …) are unchanged keeps its client, and with it its rate limiter, connections and
 * cached temporary credentials, so that reloading cannot push an account over its API quota.
 */
export class AccountRuntimes {
  private constructor(private readonly entries: ReadonlyMap<string, AccountEntry>) {}

  get runtimes(): AccountRuntime[] {
    return [...this.entries.values()].map((e) => e.runtime);
  }

  /** Throws (after closing what it built) if a client cannot be made; `previous` is left as is. */
  static build(
    accounts: readonly AccountConfig[],
    metrics: SelfMetrics,
    env: NodeJS.ProcessEnv = process.env,
    previous?: AccountRuntimes,
  ): AccountRuntimes {
    const hooks: RequestHooks = { onRequest: (event) => metrics.observeRequest(event) };
    const byName = new Map(accounts.map((a) => [a.name, a]));
    const prints = fingerprints(accounts);
    const entries = new Map<string, AccountEntry>();
    const providers = new Map<string, CredentialProvider>();
    const built: TencentCloudClient[] = [];
    const clientLists = new Map<string, TencentCloudClient[]>();
    const clientsOf = (name: string): TencentCloudClient[] => {
      const list = clientLists.get(name) ?? [];
      clientLists.set(name, list);
      return list;
    };

    const reusable = (name: string): AccountEntry | undefined => {
      const old = previous?.entries.get(name);
      return old && old.fingerprint === prints.get(name) ? old : undefined;
    };

    const providerFor = (account: AccountConfig): CredentialProvider => {
      const known = providers.get(account.name) ?? reusable(account.name)?.provider;
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
          clientsOf(account.name).push(client);
          built.push(client);
          return client;
        },
        accountProvider: (name) => {
          const other = byName.get(name);
          // The config loader rejects unknown names and cycles; this guards direct callers.
          if (!other)
            throw new Error(
              `account ${account.name}: assume_role.from_account names unknown account ${name}`,
            );
          return providerFor(other);
        },
      });
      providers.set(account.name, provider);
      return provider;
    };

    try {
      for (const account of accounts) {
        const kept = reusable(account.name);
        if (kept) {
          entries.set(account.name, kept);
          continue;
        }
        const provider = providerFor(account);
        const client = new TencentCloudClient({
          account: account.name,
          credentials: provider,
          endpoint: account.endpoint,
          region: account.region,
          international: account.international,
          language: account.language,
          requestsPerSecond: account.requests_per_second,
          hooks,
        });
        clientsOf(account.name).push(client);
        built.push(client);
        entries.set(account.name, {
          fingerprint: prints.get(account.name)!,
          runtime: { name: account.name, caller: client },
          provider,
          clients: clientsOf(account.name),
        });
      }
    } catch (error) {
      void Promise.all(built.map((c) => c.close()));
      throw error;
    }
    return new AccountRuntimes(entries);
  }

  /** Closes the clients of accounts that `next` did not keep (after a reload). */
  async closeRetired(next: AccountRuntimes): Promise<void> {
    const kept = new Set(next.entries.values());
    const retired = [...this.entries.values()].filter((e) => !kept.has(e));
    await Promise.all(retired.flatMap((e) => e.clients.map((c) => c.close())));
  }

  async close(): Promise<void> {
    await Promise.all([...this.entries.values()].flatMap((e) => e.clients.map((c) => c.close())));
  }
}

/** The runtimes of a fresh configuration (start-up, `--check`). */
export function buildAccountRuntimes(
  accounts: readonly AccountConfig[],
  metrics: SelfMetrics,
  env: NodeJS.ProcessEnv = process.env,
): AccountRuntimes {
  return AccountRuntimes.build(accounts, metrics, env);
}

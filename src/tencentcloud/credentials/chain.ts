import type { ApiCaller } from '../types.js';
import { CvmRoleCredentialProvider } from './cvm-role.js';
import { EnvCredentialProvider } from './env.js';
import { CredentialSourceError, describeCause } from './errors.js';
import { ProfileCredentialProvider } from './profile.js';
import type { CredentialProvider, Credentials } from './types.js';
import { WebIdentityProvider } from './web-identity.js';

/**
 * Tries its providers in order; the first that yields credentials wins and is used from then
 * on (its later failures are not masked by falling back to another source). When none
 * yields any, one CredentialSourceError lists why each failed. Concurrent first callers share one
 * walk through the chain; a failed walk is retried at the next call.
 */
export class ChainCredentialProvider implements CredentialProvider {
  readonly #providers: readonly CredentialProvider[];
  #winner?: CredentialProvider;
  #resolving?: Promise<Credentials>;

  constructor(providers: readonly CredentialProvider[]) {
    if (providers.length === 0) throw new CredentialSourceError('chain', 'no providers given');
    this.#providers = providers;
  }

  /** `chain` until a provider has won, then `chain:<its source>`. */
  get source(): string {
    return this.#winner ? `chain:${this.#winner.source}` : 'chain';
  }

  getCredentials(): Promise<Credentials> {
    if (this.#winner) return this.#winner.getCredentials();
    if (!this.#resolving) {
      this.#resolving = this.#resolve().finally(() => {
        this.#resolving = undefined;
      });
    }
    return this.#resolving;
  }

  async #resolve(): Promise<Credentials> {
    const failures: string[] = [];
    const causes: unknown[] = [];
    for (const provider of this.#providers) {
      try {
        const credentials = await provider.getCredentials();
        this.#winner = provider;
        return credentials;
      } catch (err) {
        // CredentialSourceError messages name the source and carry no secrets; anything else is described by its message only.
        failures.push(
          err instanceof CredentialSourceError
            ? err.message
            : `credentials from ${provider.source}: ${describeCause(err)}`,
        );
        causes.push(err);
      }
    }
    throw new CredentialSourceError('chain', `no source yielded credentials: ${failures.join('; ')}`, {
      cause: new AggregateError(causes, 'every credential source failed'),
    });
  }
}

export interface DefaultChainOptions {
  readonly env?: NodeJS.ProcessEnv;
  readonly homeDir?: string;
  /** STS client for TKE workload identity (the call is unsigned, so it needs no credentials). */
  readonly webIdentityCaller: ApiCaller;
  /** Overrides the CVM metadata service base URL (tests, proxies). */
  readonly metadataEndpoint?: string;
  readonly metadataConnectTimeoutMs?: number;
  readonly metadataTimeoutMs?: number;
  readonly now?: () => number;
}

/** The Tencent Cloud Node SDK's default order: environment → profile file → CVM role → TKE web identity. */
export function createDefaultChain(options: DefaultChainOptions): ChainCredentialProvider {
  const { env, homeDir, now } = options;
  return new ChainCredentialProvider([
    new EnvCredentialProvider(env),
    new ProfileCredentialProvider({ env, homeDir }),
    new CvmRoleCredentialProvider({
      metadataEndpoint: options.metadataEndpoint,
      connectTimeoutMs: options.metadataConnectTimeoutMs,
      timeoutMs: options.metadataTimeoutMs,
      now,
    }),
    new WebIdentityProvider({ caller: options.webIdentityCaller, env, now }),
  ]);
}

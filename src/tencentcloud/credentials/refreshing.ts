import { CredentialSourceError, describeCause } from './errors.js';
import type { CredentialProvider, Credentials } from './types.js';

/** How a refreshing source caches; every field has a default. */
export interface RefreshOptions {
  /** Epoch milliseconds; `Date.now` unless given (tests use a fake clock). */
  readonly now?: () => number;
  /** Refresh at most this long before expiry. Default 5 minutes. */
  readonly marginMs?: number;
  /** ...and at most this fraction of the lifetime before expiry, so short-lived credentials are not refreshed on every call. Default 0.1. */
  readonly marginRatio?: number;
  /** After a failed refresh while the old credentials are still valid, wait this long before trying again. Default 10 s. */
  readonly retryAfterMs?: number;
  /** Told about refresh failures that were absorbed by still-valid credentials (for logging). */
  readonly onRefreshError?: (error: CredentialSourceError) => void;
}

export interface RefreshingProviderOptions extends RefreshOptions {
  /** Secret-free description, used in errors. */
  readonly source: string;
  /** See `RefreshingProvider.fetchCredentials`. */
  readonly fetch: () => Promise<Credentials>;
}

interface Cached {
  readonly credentials: Credentials;
  /** When to start refreshing. */
  readonly refreshAt: number;
  readonly expiresAt: number;
}

export const DEFAULT_REFRESH_MARGIN_MS = 5 * 60_000;
export const DEFAULT_REFRESH_MARGIN_RATIO = 0.1;
export const DEFAULT_REFRESH_RETRY_MS = 10_000;

/**
 * Caches temporary credentials and refreshes them shortly before they expire. Concurrent
 * callers share one in-flight refresh. A refresh that fails while the cached credentials are
 * still valid is absorbed (the old ones are returned, and the refresh is tried again after
 * `retryAfterMs`); once they have expired, the failure reaches the caller.
 */
export abstract class RefreshingProvider implements CredentialProvider {
  readonly #now: () => number;
  readonly #marginMs: number;
  readonly #marginRatio: number;
  readonly #retryAfterMs: number;
  readonly #onRefreshError?: (error: CredentialSourceError) => void;
  #cached?: Cached;
  #inFlight?: Promise<Credentials>;
  /** No new refresh before this time (set after a failure absorbed by valid credentials). */
  #retryAt = 0;

  constructor(
    /** Secret-free description, used in errors. */
    readonly source: string,
    options: RefreshOptions = {},
  ) {
    this.#now = options.now ?? Date.now;
    this.#marginMs = options.marginMs ?? DEFAULT_REFRESH_MARGIN_MS;
    this.#marginRatio = options.marginRatio ?? DEFAULT_REFRESH_MARGIN_RATIO;
    this.#retryAfterMs = options.retryAfterMs ?? DEFAULT_REFRESH_RETRY_MS;
    this.#onRefreshError = options.onRefreshError;
  }

  /**
   * Fetches fresh temporary credentials with `expiresAt` set (credentials without it are kept
   * forever). Must give up on its own (timeouts): every waiting caller waits for it.
   */
  protected abstract fetchCredentials(): Promise<Credentials>;

  getCredentials(): Promise<Credentials> {
    const now = this.#now();
    const cached = this.#cached;
    if (cached && (now < cached.refreshAt || (now < cached.expiresAt && now < this.#retryAt))) {
      return Promise.resolve(cached.credentials);
    }
    if (!this.#inFlight) {
      this.#inFlight = this.#refresh().finally(() => {
        this.#inFlight = undefined;
      });
    }
    return this.#inFlight;
  }

  async #refresh(): Promise<Credentials> {
    const startedAt = this.#now();
    try {
      const credentials = await this.fetchCredentials();
      this.#cached = this.#cache(credentials, startedAt);
      this.#retryAt = 0;
      return credentials;
    } catch (err) {
      const error = this.#wrap(err);
      const old = this.#cached;
      const now = this.#now();
      if (old && now < old.expiresAt) {
        this.#retryAt = now + this.#retryAfterMs;
        this.#onRefreshError?.(error);
        return old.credentials;
      }
      throw error;
    }
  }

  #cache(credentials: Credentials, fetchedAt: number): Cached {
    const expiresAt = credentials.expiresAt;
    if (expiresAt === undefined)
      return { credentials, refreshAt: Number.POSITIVE_INFINITY, expiresAt: Number.POSITIVE_INFINITY };
    if (!Number.isFinite(expiresAt) || expiresAt <= this.#now()) {
      // Most likely a wrong local clock; such credentials would be fetched again on every call.
      throw new CredentialSourceError(
        this.source,
        `received credentials that expire at ${Number.isFinite(expiresAt) ? new Date(expiresAt).toISOString() : String(expiresAt)}, which is not in the future (check the system clock)`,
      );
    }
    const margin = Math.min(this.#marginMs, (expiresAt - fetchedAt) * this.#marginRatio);
    return { credentials, refreshAt: expiresAt - margin, expiresAt };
  }

  #wrap(err: unknown): CredentialSourceError {
    if (err instanceof CredentialSourceError) return err;
    return new CredentialSourceError(this.source, `refresh failed: ${describeCause(err)}`, { cause: err });
  }
}

/** A refreshing provider around any fetch function. */
export class RefreshingCredentialProvider extends RefreshingProvider {
  readonly #fetch: () => Promise<Credentials>;

  constructor(options: RefreshingProviderOptions) {
    super(options.source, options);
    this.#fetch = options.fetch;
  }

  protected fetchCredentials(): Promise<Credentials> {
    return this.#fetch();
  }
}

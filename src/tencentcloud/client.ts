import { setMaxListeners } from 'node:events';
import { untilAborted } from '../util/abort.js';
import { linkedAbort } from '../util/linked-abort.js';
import type { CredentialProvider, Credentials } from './credentials/types.js';
import { type Endpoint, resolveEndpoint } from './endpoints.js';
import { parseEnvelope } from './envelope.js';
import { CredentialsError, type ErrorContext, parseRetryAfter, TencentCloudError } from './errors.js';
import { SlidingWindowLimiter } from './rate-limiter.js';
import { DEFAULT_RETRY, withRetry } from './retry.js';
import { signRequest } from './signer.js';
import {
  acquirePool,
  DEFAULT_MAX_RESPONSE_BYTES,
  DEFAULT_TIMEOUTS,
  type PoolLease,
  post,
} from './transport.js';
import type {
  ActionSpec,
  ApiCaller,
  ApiResponse,
  CallOptions,
  ClientOptions,
  OutcomeCode,
  RequestHooks,
  RetryOptions,
  TimeoutOptions,
} from './types.js';

export const DEFAULT_REQUEST_CLIENT = 'tencentcloud-scan-exporter';
/** The documented limit of both scan APIs. */
export const DEFAULT_REQUESTS_PER_SECOND = 20;
const CONTENT_TYPE = 'application/json';

/** Everything one HTTP attempt needs once it may go. */
interface OutgoingAttempt {
  readonly spec: ActionSpec;
  readonly endpoint: Endpoint;
  readonly body: Buffer;
  readonly options: CallOptions;
  /** Undefined for unsigned calls. */
  readonly credentials: Credentials | undefined;
  readonly signal: AbortSignal;
  readonly attempt: number;
  /** Tells the rate limiter when the request actually left. */
  readonly onSent: (() => void) | undefined;
}

/** Thrown by `call()` on a closed client. */
export class ClientClosedError extends Error {
  constructor(account: string) {
    super(`account ${account}: the API client is closed`);
    this.name = 'ClientClosedError';
  }
}

function withDefaults<T extends object>(defaults: T, overrides: Partial<T> | undefined): T {
  const merged = { ...defaults };
  for (const [key, value] of Object.entries(overrides ?? {})) {
    if (value !== undefined) (merged as Record<string, unknown>)[key] = value;
  }
  return merged;
}

/**
 * The `code` of an attempt that threw. An attempt cut short by its caller is a `Timeout` only
 * when the caller's deadline passed (its abort reason says `Timeout`, as the scheduler's round
 * timeout and AbortSignal.timeout() do); called off for any other reason (a sibling call failed,
 * reload, shutdown, closed client) it is `Aborted`. Anything else is a bug: `ExporterError`.
 */
export function outcomeOf(error: unknown, signal: AbortSignal): OutcomeCode {
  const reason: unknown = signal.reason;
  // The transport rethrows the abort reason as is: that may be another call's error.
  if (error instanceof TencentCloudError && !(signal.aborted && error === reason)) return error.code;
  if (!signal.aborted) return 'ExporterError';
  // A sibling's own TimeoutError is that call's timeout, not this one's.
  if (reason instanceof TencentCloudError) return 'Aborted';
  const { code, name } = (reason ?? {}) as { code?: unknown; name?: unknown };
  return code === 'Timeout' || name === 'TimeoutError' ? 'Timeout' : 'Aborted';
}

/**
 * A Tencent Cloud API 3.0 client for one account: signs (TC3-HMAC-SHA256), rate-limits per
 * action, retries transient failures with backoff, and reports each attempt to `hooks`.
 */
export class TencentCloudClient implements ApiCaller {
  readonly account: string;
  private readonly credentials: CredentialProvider;
  private readonly options: ClientOptions;
  private readonly timeouts: TimeoutOptions;
  private readonly retry: RetryOptions;
  private readonly maxResponseBytes: number;
  private readonly requestClient: string;
  private readonly hooks: RequestHooks;
  private readonly endpoints = new Map<string, Endpoint>();
  private readonly leases = new Map<string, PoolLease>();
  private readonly limiters = new Map<string, SlidingWindowLimiter>();
  private readonly closing = new AbortController();

  /** The configured region, if any (collectors use it as a default for region-scoped inputs). */
  get region(): string | undefined {
    return this.options.region;
  }

  constructor(options: ClientOptions) {
    this.account = options.account;
    this.credentials = options.credentials;
    this.options = options;
    this.timeouts = withDefaults(DEFAULT_TIMEOUTS, options.timeouts);
    this.retry = withDefaults(DEFAULT_RETRY, options.retry);
    this.maxResponseBytes = options.maxResponseBytes ?? DEFAULT_MAX_RESPONSE_BYTES;
    this.requestClient = options.requestClient ?? DEFAULT_REQUEST_CLIENT;
    this.hooks = options.hooks ?? {};
    // Every call in flight listens on this signal; many concurrent calls are normal.
    setMaxListeners(0, this.closing.signal);
    // Fail at construction on a bad endpoint/region rather than on the first scrape.
    resolveEndpoint('tcss', options);
  }

  async call(
    spec: ActionSpec,
    payload: Record<string, unknown>,
    options: CallOptions = {},
  ): Promise<ApiResponse> {
    if (this.closing.signal.aborted) throw new ClientClosedError(this.account);
    // Not AbortSignal.any(): the closing signal lives as long as the client (linked-abort.ts).
    const call = linkedAbort([this.closing.signal, options.signal]);
    try {
      const body = Buffer.from(JSON.stringify(payload), 'utf8');
      return await withRetry((attempt) => this.attempt(spec, body, options, call.signal, attempt), {
        options: this.retry,
        signal: call.signal,
        ...(options.deadline === undefined ? {} : { deadline: options.deadline }),
      });
    } finally {
      call.dispose();
    }
  }

  /** Aborts calls in flight, fails later calls, and lets go of the shared connection pools. */
  async close(): Promise<void> {
    if (!this.closing.signal.aborted) this.closing.abort(new ClientClosedError(this.account));
    const leases = [...this.leases.values()];
    this.leases.clear();
    await Promise.all(leases.map((lease) => lease.release()));
  }

  private endpointFor(service: string): Endpoint {
    let endpoint = this.endpoints.get(service);
    if (!endpoint) {
      endpoint = resolveEndpoint(service, this.options);
      this.endpoints.set(service, endpoint);
    }
    return endpoint;
  }

  private leaseFor(origin: string): PoolLease {
    let lease = this.leases.get(origin);
    if (!lease) {
      lease = acquirePool(origin, this.timeouts.connectMs);
      this.leases.set(origin, lease);
    }
    return lease;
  }

  private limiterFor(spec: ActionSpec): SlidingWindowLimiter | undefined {
    const rps = this.options.requestsPerSecond ?? DEFAULT_REQUESTS_PER_SECOND;
    if (!(rps > 0 && Number.isFinite(rps))) return undefined;
    const key = `${spec.service}/${spec.action}`;
    let limiter = this.limiters.get(key);
    if (!limiter) {
      limiter = new SlidingWindowLimiter({ limit: rps });
      this.limiters.set(key, limiter);
    }
    return limiter;
  }

  private async credentialsFor(context: ErrorContext, signal: AbortSignal): Promise<Credentials> {
    try {
      return await untilAborted(this.credentials.getCredentials(), signal);
    } catch (error) {
      if (signal.aborted || error instanceof TencentCloudError) throw error;
      const detail = error instanceof Error ? error.message : String(error);
      throw new CredentialsError(context, this.credentials.source, detail);
    }
  }

  private async attempt(
    spec: ActionSpec,
    body: Buffer,
    options: CallOptions,
    signal: AbortSignal,
    attempt: number,
  ): Promise<ApiResponse> {
    const context: ErrorContext = { account: this.account, service: spec.service, action: spec.action };
    const endpoint = this.endpointFor(spec.service);
    // Fetched per attempt so that credentials refreshed during retries are used.
    const credentials = options.unsigned ? undefined : await this.credentialsFor(context, signal);
    const permit = await this.limiterFor(spec)?.acquire(signal);
    try {
      return await this.send({
        spec,
        endpoint,
        body,
        options,
        credentials,
        signal,
        attempt,
        onSent: permit?.markSent,
      });
    } finally {
      permit?.done();
    }
  }

  /** Builds, signs and sends one attempt, and reports its outcome. */
  private async send(request: OutgoingAttempt): Promise<ApiResponse> {
    const { spec, endpoint, body, options, credentials, signal, attempt, onSent } = request;
    const context: ErrorContext = { account: this.account, service: spec.service, action: spec.action };
    if (this.closing.signal.aborted) throw new ClientClosedError(this.account);
    const lease = this.leaseFor(endpoint.origin);

    const timestamp = Math.floor(Date.now() / 1000);
    const headers: Record<string, string> = {
      'Content-Type': CONTENT_TYPE,
      Host: endpoint.host,
      'X-TC-Action': spec.action,
      'X-TC-Version': spec.version,
      'X-TC-Timestamp': String(timestamp),
      'X-TC-RequestClient': this.requestClient,
    };
    const region = options.region ?? this.options.region;
    if (region) headers['X-TC-Region'] = region;
    if (this.options.language) headers['X-TC-Language'] = this.options.language;
    if (credentials?.token) headers['X-TC-Token'] = credentials.token;
    headers['Authorization'] = credentials
      ? signRequest({
          secretId: credentials.secretId,
          secretKey: credentials.secretKey,
          service: spec.service,
          host: endpoint.host,
          timestamp,
          body,
          contentType: CONTENT_TYPE,
        }).authorization
      : 'SKIP';

    const started = performance.now();
    let code: OutcomeCode = 'Success';
    try {
      const response = await post({
        dispatcher: lease.dispatcher,
        path: endpoint.path,
        headers,
        body,
        timeouts: this.timeouts,
        maxResponseBytes: this.maxResponseBytes,
        signal,
        context,
        ...(onSent ? { onSent } : {}),
      });
      try {
        return parseEnvelope(response.status, response.body, context);
      } catch (error) {
        const retryAfterMs = parseRetryAfter(response.retryAfter);
        if (error instanceof TencentCloudError && retryAfterMs !== undefined)
          error.retryAfterMs = retryAfterMs;
        throw error;
      }
    } catch (error) {
      code = outcomeOf(error, signal);
      throw error;
    } finally {
      this.report({ ...context, code, attempt, durationSeconds: (performance.now() - started) / 1000 });
    }
  }

  private report(event: Parameters<NonNullable<RequestHooks['onRequest']>>[0]): void {
    try {
      this.hooks.onRequest?.(event);
    } catch {
      // Observers must never break a call.
    }
  }
}

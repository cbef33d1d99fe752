import type { CredentialProvider } from './credentials/types.js';

/** One Tencent Cloud API action: which service it belongs to and which API version it speaks. */
export interface ActionSpec {
  readonly service: string;
  readonly version: string;
  readonly action: string;
}

/**
 * The `code` label of `api_requests_total`: `Success`, the API's own error code (of the
 * documented shape, else `InvalidResponse`), one of the transport outcomes, `Aborted` (called
 * off before an answer, not by a timeout) or `ExporterError` (a bug in the exporter).
 */
export type OutcomeCode =
  | 'Success'
  | 'HttpError'
  | 'NetworkError'
  | 'Timeout'
  | 'InvalidResponse'
  | 'Aborted'
  | 'ExporterError'
  | string;

/** Reported once per HTTP attempt (so a retried call reports several times). */
export interface RequestEvent {
  readonly account: string;
  readonly service: string;
  readonly action: string;
  readonly code: OutcomeCode;
  readonly durationSeconds: number;
  /** 1 for the first attempt. */
  readonly attempt: number;
}

/** Lets the metrics layer observe the client without the client knowing about metrics. */
export interface RequestHooks {
  onRequest?(event: RequestEvent): void;
}

export interface TimeoutOptions {
  /** TCP + TLS connect. */
  readonly connectMs: number;
  /** Until the response headers arrive. */
  readonly headersMs: number;
  /** Between body chunks. */
  readonly bodyMs: number;
}

export interface RetryOptions {
  /** Total attempts including the first; 1 disables retries. */
  readonly maxAttempts: number;
  readonly baseDelayMs: number;
  readonly maxDelayMs: number;
  /** No attempt starts after this much time has passed since the call began. */
  readonly deadlineMs: number;
}

export interface ClientOptions {
  /** The `account` label and the name in every error; never a secret. */
  readonly account: string;
  readonly credentials: CredentialProvider;
  /**
   * Base URL that replaces `https://<service>[.intl].tencentcloudapi.com` for every
   * service; requests are still signed for the real service name with this URL's Host.
   */
  readonly endpoint?: string;
  /** Sent as `X-TC-Region` to the fixed host, as the official SDKs do. */
  readonly region?: string;
  /** Use the international site `<service>.intl.tencentcloudapi.com`. */
  readonly international?: boolean;
  readonly language?: 'en-US' | 'zh-CN';
  /** `X-TC-RequestClient`; defaults to `tencentcloud-scan-exporter` (DEFAULT_REQUEST_CLIENT). */
  readonly requestClient?: string;
  readonly timeouts?: Partial<TimeoutOptions>;
  /** Responses larger than this fail with `InvalidResponseError`. */
  readonly maxResponseBytes?: number;
  readonly retry?: Partial<RetryOptions>;
  /** Client-side limit per action for this account; the documented API limit is 20/s. */
  readonly requestsPerSecond?: number;
  readonly hooks?: RequestHooks;
}

export interface CallOptions {
  readonly signal?: AbortSignal;
  /** STS AssumeRoleWithWebIdentity is sent with `Authorization: SKIP` and no credentials. */
  readonly unsigned?: boolean;
  /** `X-TC-Region` for this call only (STS needs one even when the account has none). */
  readonly region?: string;
  /**
   * When the caller stops waiting, on the `performance.now()` clock (e.g. the end of the
   * collection round): no retry is started that could not begin before it.
   */
  readonly deadline?: number;
}

/** The `Response` object of a successful call, without `Error`. */
export type ApiResponse = Record<string, unknown> & { RequestId?: string };

/** What collectors and credential providers need from a client. */
export interface ApiCaller {
  readonly account: string;
  /** The account's configured region (`X-TC-Region`), if any: a default for region-scoped inputs. */
  readonly region?: string | undefined;
  call(spec: ActionSpec, payload: Record<string, unknown>, options?: CallOptions): Promise<ApiResponse>;
}

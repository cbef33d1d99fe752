/**
 * Errors of the API client. Every one names the account and the action it happened in, and
 * carries the `code` used as the `code` label of `api_requests_total`. None ever holds a secret
 * key or session token: they are built from response data and transport error codes only.
 *
 *   TencentCloudError
 *   ├── ApiError             the API answered with Response.Error
 *   ├── HttpStatusError      HTTP status other than 200                 code HttpError
 *   ├── NetworkError         connection refused/reset, DNS, socket       code NetworkError
 *   ├── TimeoutError         connect / headers / body timeout           code Timeout
 *   ├── InvalidResponseError not JSON, truncated, no Response, too large code InvalidResponse
 *   └── CredentialsError     the credential provider failed (no request was sent)
 */

/** Where an error happened. */
export interface ErrorContext {
  readonly account: string;
  readonly service: string;
  readonly action: string;
  readonly requestId?: string;
}

/** Codes whose failures are transient on the API side and worth another attempt. */
export function isRetryableApiCode(code: string): boolean {
  return code.startsWith('RequestLimitExceeded') || code === 'InternalError' || code === 'ServiceUnavailable';
}

export abstract class TencentCloudError extends Error {
  readonly account: string;
  readonly service: string;
  readonly action: string;
  readonly requestId?: string;
  /** The `code` label: the API's error code or one of the transport outcomes. */
  abstract readonly code: string;
  /** Whether another attempt of the same request may succeed. */
  abstract readonly retryable: boolean;
  /** The answer's `Retry-After`, in milliseconds from the answer, when it carried one. */
  retryAfterMs?: number;

  protected constructor(context: ErrorContext, detail: string) {
    const rid = context.requestId ? ` (RequestId ${context.requestId})` : '';
    super(`account ${context.account}: ${context.service} ${context.action}: ${detail}${rid}`);
    this.name = new.target.name;
    this.account = context.account;
    this.service = context.service;
    this.action = context.action;
    if (context.requestId) this.requestId = context.requestId;
  }
}

/** The API answered `{"Response":{"Error":{Code,Message}}}`. */
export class ApiError extends TencentCloudError {
  readonly code: string;
  readonly apiMessage: string;
  readonly retryable: boolean;

  constructor(context: ErrorContext, code: string, apiMessage: string) {
    super(context, `${code}: ${apiMessage}`);
    this.code = code;
    this.apiMessage = apiMessage;
    this.retryable = isRetryableApiCode(code);
  }
}

const EXCERPT_LENGTH = 200;

/** Text of an error page without markup, whitespace collapsed, cut short. */
export function bodyExcerpt(body: string): string {
  const text = body
    .replace(/<(script|style)[^>]*>[\s\S]*?<\/\1>/gi, ' ')
    .replace(/<[^>]*>/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
  return text.length > EXCERPT_LENGTH ? `${text.slice(0, EXCERPT_LENGTH)}…` : text;
}

/**
 * `Retry-After` as milliseconds from `nowMs`: delta seconds or an HTTP date; undefined when
 * absent or unparseable (then the usual backoff applies).
 */
export function parseRetryAfter(value: string | undefined, nowMs: number = Date.now()): number | undefined {
  if (value === undefined) return undefined;
  const text = value.trim();
  if (/^\d{1,10}$/.test(text)) return Number(text) * 1000;
  if (!/[a-z]/i.test(text)) return undefined;
  const at = Date.parse(text);
  return Number.isFinite(at) ? Math.max(0, at - nowMs) : undefined;
}

/** Any HTTP status but 200 (the API reports its own errors with 200). */
export class HttpStatusError extends TencentCloudError {
  readonly code = 'HttpError';
  readonly status: number;
  readonly excerpt: string;
  readonly retryable: boolean;

  constructor(context: ErrorContext, status: number, body: string) {
    const excerpt = bodyExcerpt(body);
    super(context, `HTTP ${status}${excerpt ? `: ${excerpt}` : ''}`);
    this.status = status;
    this.excerpt = excerpt;
    this.retryable = status >= 500 || status === 429;
  }
}

/** The connection failed before a complete response arrived. */
export class NetworkError extends TencentCloudError {
  readonly code = 'NetworkError';
  /** e.g. `ECONNRESET`, `ECONNREFUSED`, `ENOTFOUND`, `UND_ERR_SOCKET`. */
  readonly causeCode: string;
  readonly retryable = true;

  constructor(context: ErrorContext, causeCode: string, detail: string) {
    super(context, `network error ${causeCode}: ${detail}`);
    this.causeCode = causeCode;
  }
}

export type TimeoutPhase = 'connect' | 'headers' | 'body';

/** No progress within the configured time for one phase of the exchange. */
export class TimeoutError extends TencentCloudError {
  readonly code = 'Timeout';
  readonly phase: TimeoutPhase;
  readonly timeoutMs: number;
  readonly retryable = true;

  constructor(context: ErrorContext, phase: TimeoutPhase, timeoutMs: number) {
    super(context, `timed out after ${timeoutMs} ms waiting for ${phase}`);
    this.phase = phase;
    this.timeoutMs = timeoutMs;
  }
}

export type InvalidResponseReason =
  | 'not_json'
  | 'truncated'
  | 'no_response'
  | 'too_large'
  | 'not_object'
  | 'incomplete'
  | 'bad_error_code';

const REASON_TEXT: Record<InvalidResponseReason, string> = {
  not_json: 'response is not JSON',
  truncated: 'response JSON is truncated',
  no_response: 'response has no Response object',
  too_large: 'response is larger than the limit',
  not_object: 'response is not an object',
  incomplete: 'response lacks required fields',
  bad_error_code: 'Response.Error.Code is not an error code',
};

/** A 200 answer that cannot be used at all. */
export class InvalidResponseError extends TencentCloudError {
  readonly code = 'InvalidResponse';
  readonly reason: InvalidResponseReason;
  readonly retryable = false;

  constructor(context: ErrorContext, reason: InvalidResponseReason, detail?: string) {
    super(context, `invalid response: ${REASON_TEXT[reason]}${detail ? ` (${detail})` : ''}`);
    this.reason = reason;
  }
}

/** The account's credential provider failed; no request was sent, so nothing is counted. */
export class CredentialsError extends TencentCloudError {
  readonly code = 'CredentialsError';
  /** The provider's secret-free `source` name. */
  readonly source: string;
  readonly retryable = false;

  constructor(context: ErrorContext, source: string, detail: string) {
    super(context, `credentials from ${source} unavailable: ${detail}`);
    this.source = source;
  }
}

import { abortableSleep } from '../util/abort.js';
import { ApiError, TencentCloudError } from './errors.js';
import type { RetryOptions } from './types.js';

export const DEFAULT_RETRY: RetryOptions = {
  maxAttempts: 3,
  baseDelayMs: 200,
  maxDelayMs: 5_000,
  deadlineMs: 20_000,
};

/**
 * Throttling, InternalError, ServiceUnavailable, network errors, timeouts, 429 and 5xx: yes.
 * Auth, parameter, malformed-response and anything unknown: no (repeating cannot help).
 */
export function isRetryable(error: unknown): boolean {
  return error instanceof TencentCloudError && error.retryable;
}

/** "Full jitter": uniformly random in [0, min(max, base · 2^(retry-1))). */
export function backoffDelay(
  retry: number,
  options: RetryOptions,
  random: () => number = Math.random,
): number {
  const ceiling = Math.min(options.maxDelayMs, options.baseDelayMs * 2 ** Math.max(0, retry - 1));
  return Math.floor(random() * ceiling);
}

/**
 * The quota behind `RequestLimitExceeded*` is per second (and may have been spent by another
 * client of the account), so a retry within the same second is wasted: the Go SDK waits 1 s,
 * then 2 s, … after the answer.
 */
export const THROTTLE_FIRST_DELAY_MS = 1_000;

export function isThrottled(error: unknown): boolean {
  return error instanceof ApiError && error.code.startsWith('RequestLimitExceeded');
}

/**
 * How long to wait after the answer of attempt `retry` before the next one: the answer's
 * `Retry-After` when it has one (and at least the throttling delay), 1 s · 2^(retry-1) after
 * throttling, otherwise the jittered backoff.
 */
export function retryDelay(
  error: unknown,
  retry: number,
  options: RetryOptions,
  random: () => number = Math.random,
): number {
  const throttled = isThrottled(error) ? THROTTLE_FIRST_DELAY_MS * 2 ** Math.max(0, retry - 1) : 0;
  const retryAfter = error instanceof TencentCloudError ? error.retryAfterMs : undefined;
  if (retryAfter !== undefined) return Math.max(retryAfter, throttled);
  if (throttled > 0) return throttled;
  return backoffDelay(retry, options, random);
}

export interface RetryContext {
  readonly options: RetryOptions;
  readonly signal?: AbortSignal;
  readonly sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
  readonly random?: () => number;
  readonly now?: () => number;
  /**
   * The caller's own deadline on the `now()` clock (e.g. the end of the collection round): no
   * attempt starts after it either, so a delay that would end beyond it means no retry.
   */
  readonly deadline?: number;
}

/**
 * Runs `attempt(1)`, `attempt(2)`, … until one succeeds, an error is not retryable, attempts
 * run out, or the next attempt could not start before the deadline; then throws the last error.
 */
export async function withRetry<T>(attempt: (n: number) => Promise<T>, context: RetryContext): Promise<T> {
  const { options, signal } = context;
  const sleep = context.sleep ?? abortableSleep;
  const random = context.random ?? Math.random;
  const now = context.now ?? (() => performance.now());
  const deadline = Math.min(now() + options.deadlineMs, context.deadline ?? Number.POSITIVE_INFINITY);
  for (let n = 1; ; n++) {
    if (signal?.aborted) throw signal.reason;
    try {
      return await attempt(n);
    } catch (error) {
      if (signal?.aborted) throw signal.reason;
      if (n >= options.maxAttempts || !isRetryable(error)) throw error;
      const delay = retryDelay(error, n, options, random);
      // A Retry-After (or throttling pause) that ends beyond the deadline: no retry this round.
      if (now() + delay >= deadline) throw error;
      await sleep(delay, signal);
    }
  }
}

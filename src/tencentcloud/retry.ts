import { TencentCloudError } from './errors.js';
import type { RetryOptions } from './types.js';

export const DEFAULT_RETRY: RetryOptions = {
  maxAttempts: 3,
  baseDelayMs: 200,
  maxDelayMs: 5_000,
  deadlineMs: 20_000,
};

/**
 * Throttling, InternalError, ServiceUnavailable, network errors, timeouts and 5xx: yes.
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

/** Resolves after `ms`, or rejects with the signal's reason as soon as it aborts. */
export function abortableSleep(ms: number, signal?: AbortSignal): Promise<void> {
  if (signal?.aborted) return Promise.reject(signal.reason);
  return new Promise((resolve, reject) => {
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal?.reason);
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

export interface RetryContext {
  readonly options: RetryOptions;
  readonly signal?: AbortSignal;
  readonly sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
  readonly random?: () => number;
  readonly now?: () => number;
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
  const deadline = now() + options.deadlineMs;
  for (let n = 1; ; n++) {
    if (signal?.aborted) throw signal.reason;
    try {
      return await attempt(n);
    } catch (error) {
      if (signal?.aborted) throw signal.reason;
      if (n >= options.maxAttempts || !isRetryable(error)) throw error;
      const delay = backoffDelay(n, options, random);
      if (now() + delay >= deadline) throw error;
      await sleep(delay, signal);
    }
  }
}

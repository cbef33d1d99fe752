import {
  ApiError,
  HttpStatusError,
  InvalidResponseError,
  NetworkError,
  parseRetryAfter,
  TimeoutError,
} from '../../src/tencentcloud/errors.js';
import {
  backoffDelay,
  DEFAULT_RETRY,
  isRetryable,
  retryDelay,
  withRetry,
} from '../../src/tencentcloud/retry.js';

const ctx = { account: 'a', service: 'cwp', action: 'DescribeScanState' };
const options = { maxAttempts: 3, baseDelayMs: 100, maxDelayMs: 1_000, deadlineMs: 20_000 };

/** A fake clock where sleeping advances time instantly, recording each delay. */
function fakeTime() {
  let now = 0;
  const sleeps: number[] = [];
  return {
    sleeps,
    now: () => now,
    advance: (ms: number) => {
      now += ms;
    },
    sleep: async (ms: number) => {
      sleeps.push(ms);
      now += ms;
    },
  };
}

/** Fails with the given errors in order, then succeeds. */
function failing(...errors: Error[]) {
  const calls: number[] = [];
  const fn = async (n: number) => {
    calls.push(n);
    const error = errors[n - 1];
    if (error) throw error;
    return 'ok';
  };
  return { fn, calls };
}

describe('isRetryable', () => {
  it.each([
    [new ApiError(ctx, 'RequestLimitExceeded', ''), true],
    [new ApiError(ctx, 'InternalError', ''), true],
    [new ApiError(ctx, 'ServiceUnavailable', ''), true],
    [new ApiError(ctx, 'AuthFailure.SignatureFailure', ''), false],
    [new ApiError(ctx, 'InvalidParameterValue', ''), false],
    [new NetworkError(ctx, 'ECONNRESET', ''), true],
    [new TimeoutError(ctx, 'headers', 1), true],
    [new HttpStatusError(ctx, 503, ''), true],
    [new HttpStatusError(ctx, 403, ''), false],
    [new InvalidResponseError(ctx, 'not_json'), false],
    [new Error('boom'), false],
  ])('%s → %s', (error, expected) => {
    expect(isRetryable(error)).toBe(expected);
  });
});

describe('backoffDelay', () => {
  it.each([
    [1, 1, 99],
    [2, 1, 199],
    [3, 1, 399],
    [10, 1, 999],
    [3, 0, 0],
    [3, 0.5, 200],
  ])('retry %d with random %d', (retry, random, expected) => {
    expect(backoffDelay(retry, options, () => (random === 1 ? 0.999 : random))).toBe(expected);
  });

  it('defaults to 3 attempts and a 20 s deadline', () => {
    expect(DEFAULT_RETRY.maxAttempts).toBe(3);
    expect(DEFAULT_RETRY.deadlineMs).toBe(20_000);
  });
});

describe('withRetry', () => {
  it('succeeds after two retryable failures', async () => {
    const time = fakeTime();
    const { fn, calls } = failing(
      new ApiError(ctx, 'InternalError', ''),
      new NetworkError(ctx, 'ECONNRESET', ''),
    );
    await expect(withRetry(fn, { options, ...time, random: () => 0.5 })).resolves.toBe('ok');
    expect(calls).toEqual([1, 2, 3]);
    expect(time.sleeps).toEqual([50, 100]);
  });

  it('gives up after maxAttempts with the last error', async () => {
    const time = fakeTime();
    const last = new ApiError(ctx, 'RequestLimitExceeded', 'third');
    const { fn, calls } = failing(
      new ApiError(ctx, 'RequestLimitExceeded', ''),
      new TimeoutError(ctx, 'body', 1),
      last,
    );
    await expect(withRetry(fn, { options, ...time })).rejects.toBe(last);
    expect(calls).toEqual([1, 2, 3]);
  });

  it('waits 1 s, then 2 s after RequestLimitExceeded (the quota is per second), as the Go SDK does', async () => {
    const time = fakeTime();
    const { fn, calls } = failing(
      new ApiError(ctx, 'RequestLimitExceeded', ''),
      new ApiError(ctx, 'RequestLimitExceeded.UinLimitExceeded', ''),
    );
    await expect(withRetry(fn, { options, ...time, random: () => 0 })).resolves.toBe('ok');
    expect(calls).toEqual([1, 2, 3]);
    expect(time.sleeps).toEqual([1_000, 2_000]);
  });

  it('does not retry throttling when the pause would end beyond the caller deadline', async () => {
    const time = fakeTime();
    const { fn, calls } = failing(new ApiError(ctx, 'RequestLimitExceeded', ''));
    await expect(withRetry(fn, { options, ...time, deadline: 800 })).rejects.toBeInstanceOf(ApiError);
    expect(calls).toEqual([1]);
  });

  it('honours Retry-After, and does not retry this round when it ends beyond the deadline', async () => {
    const soon = new HttpStatusError(ctx, 503, '');
    soon.retryAfterMs = 3_000;
    const time = fakeTime();
    const first = failing(soon);
    await expect(withRetry(first.fn, { options: { ...options, maxDelayMs: 100 }, ...time })).resolves.toBe(
      'ok',
    );
    expect(time.sleeps).toEqual([3_000]);

    const late = new HttpStatusError(ctx, 429, '');
    late.retryAfterMs = 3_600_000;
    const second = failing(late);
    await expect(withRetry(second.fn, { options, ...fakeTime() })).rejects.toBe(late);
    expect(second.calls).toEqual([1]);
  });

  it.each([
    new ApiError(ctx, 'AuthFailure.SecretIdNotFound', ''),
    new ApiError(ctx, 'InvalidParameter', ''),
    new InvalidResponseError(ctx, 'no_response'),
    new Error('programming error'),
  ])('does not retry %s', async (error) => {
    const time = fakeTime();
    const { fn, calls } = failing(error);
    await expect(withRetry(fn, { options, ...time })).rejects.toBe(error);
    expect(calls).toEqual([1]);
  });

  it('starts no attempt after the deadline', async () => {
    const time = fakeTime();
    const errors = Array.from({ length: 10 }, () => new ApiError(ctx, 'InternalError', ''));
    const calls: number[] = [];
    const fn = async (n: number) => {
      calls.push(n);
      time.advance(400); // each attempt takes 400 ms
      throw errors[n - 1];
    };
    const promise = withRetry(fn, {
      options: { ...options, maxAttempts: 10, deadlineMs: 1_000 },
      ...time,
      random: () => 0.999,
    });
    await expect(promise).rejects.toBeInstanceOf(ApiError);
    // 0→400 fail, sleep 99 → 499; 499→899 fail, sleep 199 would end at 1098 > deadline: stop.
    expect(calls).toEqual([1, 2]);
  });

  it('stops at once when the signal aborts while sleeping', async () => {
    const controller = new AbortController();
    const { fn, calls } = failing(new ApiError(ctx, 'InternalError', ''));
    const promise = withRetry(fn, {
      options: { ...options, baseDelayMs: 60_000, maxDelayMs: 60_000, deadlineMs: 600_000 },
      signal: controller.signal,
      random: () => 0.9,
    });
    setTimeout(() => controller.abort(new Error('stop')), 10);
    await expect(promise).rejects.toThrow('stop');
    expect(calls).toEqual([1]);
  });

  it('does not start with an aborted signal', async () => {
    const { fn, calls } = failing();
    await expect(withRetry(fn, { options, signal: AbortSignal.abort(new Error('gone')) })).rejects.toThrow(
      'gone',
    );
    expect(calls).toEqual([]);
  });

  it('rethrows the abort reason rather than the attempt error', async () => {
    const controller = new AbortController();
    const fn = async () => {
      controller.abort(new Error('cancelled'));
      throw new NetworkError(ctx, 'UND_ERR_ABORTED', 'aborted');
    };
    await expect(withRetry(fn, { options, signal: controller.signal })).rejects.toThrow('cancelled');
  });
});

describe('retryDelay', () => {
  it('takes the longer of Retry-After and the throttling pause', () => {
    const throttled = new ApiError(ctx, 'RequestLimitExceeded', '');
    throttled.retryAfterMs = 500;
    expect(retryDelay(throttled, 1, options)).toBe(1_000);
    throttled.retryAfterMs = 1_500;
    expect(retryDelay(throttled, 1, options)).toBe(1_500);
    expect(retryDelay(new ApiError(ctx, 'InternalError', ''), 1, options, () => 0.5)).toBe(50);
  });
});

describe('parseRetryAfter', () => {
  it.each([
    ['3', 3_000],
    [' 0 ', 0],
    ['Thu, 01 Jan 1970 00:00:10 GMT', 10_000],
    ['Thu, 01 Jan 1970 00:00:00 GMT', 0],
    ['soon', undefined],
    ['-1', undefined],
    ['1.5', undefined],
    [undefined, undefined],
  ])('%j → %j', (value, expected) => {
    expect(parseRetryAfter(value, 0)).toBe(expected);
  });
});

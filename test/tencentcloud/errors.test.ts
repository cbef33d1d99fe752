import {
  ApiError,
  bodyExcerpt,
  CredentialsError,
  HttpStatusError,
  InvalidResponseError,
  isRetryableApiCode,
  NetworkError,
  TencentCloudError,
  TimeoutError,
} from '../../src/tencentcloud/errors.js';

const ctx = { account: 'prod', service: 'cwp', action: 'DescribeScanState' };

describe('error classes', () => {
  it.each([
    {
      error: new ApiError({ ...ctx, requestId: 'r-1' }, 'AuthFailure.SignatureFailure', 'bad'),
      code: 'AuthFailure.SignatureFailure',
      retryable: false,
    },
    {
      error: new ApiError(ctx, 'RequestLimitExceeded.UinLimitExceeded', 'slow down'),
      code: 'RequestLimitExceeded.UinLimitExceeded',
      retryable: true,
    },
    { error: new ApiError(ctx, 'InternalError', ''), code: 'InternalError', retryable: true },
    { error: new ApiError(ctx, 'ServiceUnavailable', ''), code: 'ServiceUnavailable', retryable: true },
    { error: new ApiError(ctx, 'InvalidParameter', 'x'), code: 'InvalidParameter', retryable: false },
    { error: new HttpStatusError(ctx, 502, '<html>Bad gateway</html>'), code: 'HttpError', retryable: true },
    { error: new HttpStatusError(ctx, 429, ''), code: 'HttpError', retryable: true },
    { error: new HttpStatusError(ctx, 404, 'nope'), code: 'HttpError', retryable: false },
    { error: new NetworkError(ctx, 'ECONNRESET', 'socket hang up'), code: 'NetworkError', retryable: true },
    { error: new TimeoutError(ctx, 'headers', 500), code: 'Timeout', retryable: true },
    { error: new InvalidResponseError(ctx, 'truncated'), code: 'InvalidResponse', retryable: false },
    {
      error: new CredentialsError(ctx, 'env', 'TENCENTCLOUD_SECRET_ID is not set'),
      code: 'CredentialsError',
      retryable: false,
    },
  ])('$error.name $code', ({ error, code, retryable }) => {
    expect(error).toBeInstanceOf(TencentCloudError);
    expect(error).toBeInstanceOf(Error);
    expect(error.code).toBe(code);
    expect(error.retryable).toBe(retryable);
    expect(error.message).toContain('prod');
    expect(error.message).toContain('DescribeScanState');
    expect(error.name).toBe(error.constructor.name);
    expect(error.account).toBe('prod');
    expect(error.action).toBe('DescribeScanState');
  });

  it('keeps the request id and API message', () => {
    const error = new ApiError({ ...ctx, requestId: 'r-1' }, 'ResourceNotFound', 'no such task');
    expect(error.requestId).toBe('r-1');
    expect(error.apiMessage).toBe('no such task');
    expect(error.message).toContain('r-1');
  });

  it('describes the timeout phase and the status', () => {
    expect(new TimeoutError(ctx, 'connect', 250).phase).toBe('connect');
    expect(new TimeoutError(ctx, 'body', 250).message).toContain('250 ms');
    expect(new HttpStatusError(ctx, 503, '').status).toBe(503);
    expect(new NetworkError(ctx, 'ECONNREFUSED', 'x').causeCode).toBe('ECONNREFUSED');
    expect(new InvalidResponseError(ctx, 'too_large', 'limit 10 bytes').reason).toBe('too_large');
  });

  it.each([
    ['RequestLimitExceeded', true],
    ['RequestLimitExceeded.GlobalRegionUinLimitExceeded', true],
    ['InternalError', true],
    ['ServiceUnavailable', true],
    ['AuthFailure', false],
    ['UnauthorizedOperation', false],
    ['LimitExceeded', false],
  ])('isRetryableApiCode(%s) = %s', (code, expected) => {
    expect(isRetryableApiCode(code)).toBe(expected);
  });
});

describe('bodyExcerpt', () => {
  it.each([
    [
      '<html><head><style>p{}</style></head><body><h1>502 Bad   Gateway</h1>\n</body></html>',
      '502 Bad Gateway',
    ],
    ['<script>var secret=1</script>oops', 'oops'],
    ['plain text', 'plain text'],
    ['', ''],
  ])('%j → %j', (body, excerpt) => {
    expect(bodyExcerpt(body)).toBe(excerpt);
  });

  it('cuts long bodies', () => {
    const excerpt = bodyExcerpt('x'.repeat(5000));
    expect(excerpt.length).toBeLessThanOrEqual(201);
    expect(excerpt.endsWith('…')).toBe(true);
  });
});

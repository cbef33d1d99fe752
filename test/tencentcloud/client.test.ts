import { inspect } from 'node:util';
import { defaultUin, type Simulator, startSimulator } from '../../src/simulator/index.js';
import { describeBaselineStrategyList, describeScanState } from '../../src/tencentcloud/apis/cwp.js';
import { assumeRole, assumeRoleWithWebIdentity } from '../../src/tencentcloud/apis/sts.js';
import {
  describeAssetImageScanStatus,
  describeAssetImageScanTask,
} from '../../src/tencentcloud/apis/tcss.js';
import { ClientClosedError, TencentCloudClient } from '../../src/tencentcloud/client.js';
import type { Credentials } from '../../src/tencentcloud/credentials/types.js';
import {
  ApiError,
  CredentialsError,
  HttpStatusError,
  InvalidResponseError,
  isRetryableApiCode,
  NetworkError,
  type TencentCloudError,
  TimeoutError,
} from '../../src/tencentcloud/errors.js';
import { closeAllPools, openPoolCount } from '../../src/tencentcloud/transport.js';
import type { ClientOptions, RequestEvent } from '../../src/tencentcloud/types.js';
import { API_ERROR_CODES } from '../helpers/api-error-codes.js';

const ACCOUNT = {
  name: 'acme',
  secretId: 'AKIDacme0000000000000000000000',
  secretKey: 'acme-SECRET-key-0123456789abcdef',
};
const WEB_TOKEN = 'oidc-token-for-tests';
const STATUS = { service: 'tcss', version: '2020-11-01', action: 'DescribeAssetImageScanStatus' };

let sim: Simulator;
const clients: TencentCloudClient[] = [];

function staticProvider(creds: Credentials) {
  return { source: 'static', getCredentials: async () => creds };
}

/** A client on the simulator recording every attempt; fast retries so the tests stay quick. */
function makeClient(overrides: Partial<ClientOptions> = {}) {
  const events: RequestEvent[] = [];
  const client = new TencentCloudClient({
    account: ACCOUNT.name,
    credentials: staticProvider({ secretId: ACCOUNT.secretId, secretKey: ACCOUNT.secretKey }),
    endpoint: sim.url,
    retry: { baseDelayMs: 5, maxDelayMs: 20 },
    timeouts: { headersMs: 5_000, bodyMs: 5_000 },
    hooks: { onRequest: (event) => events.push(event) },
    ...overrides,
  });
  clients.push(client);
  return { client, events, codes: () => events.map((e) => e.code) };
}

beforeAll(async () => {
  // Each test has its own client (and limiter); the limit itself is tested on its own simulator.
  sim = await startSimulator({
    accounts: [ACCOUNT],
    webIdentityToken: WEB_TOKEN,
    rateLimitPerSecond: 10_000,
  });
});

afterEach(async () => {
  sim.setFault(ACCOUNT.name, null);
  await Promise.all(clients.splice(0).map((c) => c.close()));
});

afterAll(async () => {
  await sim.close();
  await closeAllPools();
});

describe('TencentCloudClient against the simulator', () => {
  it('signs and parses every typed API', async () => {
    const { client, events } = makeClient();
    const status = await describeAssetImageScanStatus(client);
    expect(status.issues).toEqual([]);
    expect(typeof status.value.ImageTotal).toBe('number');
    expect(typeof status.value.Status).toBe('string');
    expect(status.requestId).toEqual(expect.any(String));

    const task = await describeAssetImageScanTask(client);
    expect(task.issues).toEqual([]);

    const page = await describeBaselineStrategyList(client, { limit: 100, offset: 0, enabled: 1 });
    expect(page.value.strategyIds).toEqual([1, 2]);
    for (const module of ['Malware', 'Vul'] as const) {
      const state = await describeScanState(client, { module });
      expect(state.issues).toEqual([]);
      expect(state.value.ScanState).toEqual(expect.any(Number));
    }
    const baseline = await describeScanState(client, { module: 'Baseline', strategyId: 2 });
    expect(baseline.issues).toEqual([]);

    expect(events.map((e) => [e.action, e.code, e.attempt])).toEqual([
      ['DescribeAssetImageScanStatus', 'Success', 1],
      ['DescribeAssetImageScanTask', 'Success', 1],
      ['DescribeBaselineStrategyList', 'Success', 1],
      ['DescribeScanState', 'Success', 1],
      ['DescribeScanState', 'Success', 1],
      ['DescribeScanState', 'Success', 1],
    ]);
    expect(events.every((e) => e.account === 'acme' && e.durationSeconds >= 0)).toBe(true);
    expect(events[0]?.service).toBe('tcss');
  });

  it.each([
    ['InternalError', 'InternalError'],
    ['RequestLimitExceeded', 'RequestLimitExceeded'],
    ['ServiceUnavailable', 'ServiceUnavailable'],
  ])('retries %s and succeeds after two failures', async (code) => {
    const { client, events, codes } = makeClient();
    sim.setFault(ACCOUNT.name, { fault: { kind: 'error', code }, times: 2 });
    await expect(client.call(STATUS, {})).resolves.toHaveProperty('Status');
    expect(codes()).toEqual([code, code, 'Success']);
    expect(events.map((e) => e.attempt)).toEqual([1, 2, 3]);
  });

  it('waits at least 1 s after a RequestLimitExceeded answer, then 2 s (the quota is per second)', async () => {
    const answeredAt: number[] = [];
    const sentAt: number[] = [];
    const { client } = makeClient({
      hooks: {
        onRequest: (event) => {
          const now = performance.now();
          answeredAt.push(now);
          sentAt.push(now - event.durationSeconds * 1000);
        },
      },
    });
    sim.setFault(ACCOUNT.name, {
      fault: { kind: 'error', code: 'RequestLimitExceeded.UinLimitExceeded' },
      times: 2,
    });
    await expect(client.call(STATUS, {})).resolves.toHaveProperty('Status');
    expect(answeredAt).toHaveLength(3);
    // Gaps between an answer and the next attempt: ≥ 1 s, then ≥ 2 s (never inside the same second).
    expect(sentAt[1]! - answeredAt[0]!).toBeGreaterThanOrEqual(990);
    expect(sentAt[2]! - answeredAt[1]!).toBeGreaterThanOrEqual(1_990);
  });

  it('honours Retry-After on 429/503, and does not retry when it ends beyond the deadline', async () => {
    const { client, events } = makeClient();
    sim.setFault(ACCOUNT.name, { fault: { kind: 'http_status', status: 503, retryAfter: '2' }, times: 1 });
    const started = performance.now();
    await expect(client.call(STATUS, {})).resolves.toHaveProperty('Status');
    expect(performance.now() - started).toBeGreaterThanOrEqual(1_990);
    expect(events.map((e) => e.code)).toEqual(['HttpError', 'Success']);

    const late = makeClient();
    sim.setFault(ACCOUNT.name, { fault: { kind: 'http_status', status: 429, retryAfter: '3600' } });
    const t0 = performance.now();
    await expect(late.client.call(STATUS, {})).rejects.toMatchObject({
      status: 429,
      retryAfterMs: 3_600_000,
    });
    expect(late.codes()).toEqual(['HttpError']);
    expect(performance.now() - t0).toBeLessThan(5_000);

    // The caller's own deadline (the end of the collection round) bounds it too.
    const bounded = makeClient();
    sim.setFault(ACCOUNT.name, { fault: { kind: 'http_status', status: 503, retryAfter: '2' } });
    await expect(
      bounded.client.call(STATUS, {}, { deadline: performance.now() + 1_000 }),
    ).rejects.toMatchObject({ status: 503 });
    expect(bounded.codes()).toEqual(['HttpError']);
  });

  it.each([
    [{ kind: 'http_status', status: 502 } as const, 'HttpError'],
    [{ kind: 'reset' } as const, 'NetworkError'],
  ])('retries transport failure %j', async (fault, code) => {
    const { client, codes } = makeClient();
    sim.setFault(ACCOUNT.name, { fault, times: 2 });
    await expect(client.call(STATUS, {})).resolves.toHaveProperty('RequestId');
    expect(codes()).toEqual([code, code, 'Success']);
  });

  it('gives up after maxAttempts with the last error', async () => {
    const { client, codes } = makeClient();
    sim.setFault(ACCOUNT.name, { fault: { kind: 'error', code: 'InternalError', message: 'boom' } });
    const error = await client.call(STATUS, {}).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ApiError);
    expect(error).toMatchObject({
      code: 'InternalError',
      apiMessage: 'boom',
      account: 'acme',
      retryable: true,
    });
    expect((error as ApiError).requestId).toEqual(expect.any(String));
    expect(codes()).toEqual(['InternalError', 'InternalError', 'InternalError']);
  });

  it.each([['AuthFailure.UnauthorizedOperation'], ['InvalidParameterValue'], ['ResourceNotFound']])(
    'does not retry %s',
    async (code) => {
      const { client, codes } = makeClient();
      sim.setFault(ACCOUNT.name, { fault: { kind: 'error', code } });
      await expect(client.call(STATUS, {})).rejects.toMatchObject({ code, retryable: false });
      expect(codes()).toEqual([code]);
    },
  );

  it.each(API_ERROR_CODES.map((code) => [code, isRetryableApiCode(code)] as const))(
    'reports %s as its code and as an ApiError (retryable: %s), retrying only what is retryable',
    async (code, retryable) => {
      // Two attempts: a throttled retry waits a real second (the quota is per second).
      const { client, codes } = makeClient({ retry: { baseDelayMs: 5, maxDelayMs: 20, maxAttempts: 2 } });
      sim.setFault(ACCOUNT.name, { fault: { kind: 'error', code, message: `injected ${code}` } });
      const error = await client.call(STATUS, {}).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(ApiError);
      expect(error).toMatchObject({ code, retryable, apiMessage: `injected ${code}` });
      expect(codes()).toEqual(retryable ? [code, code] : [code]);
    },
  );

  it('does not retry a wrong secret key', async () => {
    const { client, codes } = makeClient({
      credentials: staticProvider({ secretId: ACCOUNT.secretId, secretKey: 'not-the-right-key' }),
    });
    await expect(client.call(STATUS, {})).rejects.toMatchObject({ code: 'AuthFailure.SignatureFailure' });
    expect(codes()).toEqual(['AuthFailure.SignatureFailure']);
  });

  it('starts no attempt after the deadline', async () => {
    const { client, codes } = makeClient({
      retry: { maxAttempts: 50, baseDelayMs: 100, maxDelayMs: 100, deadlineMs: 150 },
    });
    sim.setFault(ACCOUNT.name, { fault: { kind: 'error', code: 'InternalError' } });
    await expect(client.call(STATUS, {})).rejects.toBeInstanceOf(ApiError);
    expect(codes().length).toBeGreaterThanOrEqual(1);
    expect(codes().length).toBeLessThan(50);
  });

  it.each([
    [{ kind: 'http_status', status: 404 } as const, HttpStatusError, { status: 404 }],
    [{ kind: 'truncated' } as const, InvalidResponseError, { reason: 'truncated' }],
    [{ kind: 'non_json' } as const, InvalidResponseError, { reason: 'not_json' }],
  ])('fails at once on %j', async (fault, type, fields) => {
    const { client, codes } = makeClient();
    sim.setFault(ACCOUNT.name, { fault });
    const error = await client.call(STATUS, {}).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(type);
    expect(error).toMatchObject(fields);
    expect(codes()).toEqual([(error as TencentCloudError).code]);
  });

  it('reports a persistent reset as NetworkError', async () => {
    const { client, codes } = makeClient({ retry: { maxAttempts: 2, baseDelayMs: 1 } });
    sim.setFault(ACCOUNT.name, { fault: { kind: 'reset' } });
    const error = await client.call(STATUS, {}).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(NetworkError);
    expect((error as NetworkError).causeCode).toEqual(expect.any(String));
    expect(codes()).toEqual(['NetworkError', 'NetworkError']);
  });

  it('times out a hanging request waiting for headers', async () => {
    const { client, codes } = makeClient({ timeouts: { headersMs: 150 }, retry: { maxAttempts: 2 } });
    sim.setFault(ACCOUNT.name, { fault: { kind: 'hang' }, times: 1 });
    // The first attempt hangs and times out; the retry succeeds.
    await expect(client.call(STATUS, {})).resolves.toHaveProperty('RequestId');
    expect(codes()).toEqual(['Timeout', 'Success']);
  });

  it('times out latency beyond the timeout', async () => {
    const { client, codes } = makeClient({ timeouts: { headersMs: 100 }, retry: { maxAttempts: 1 } });
    // undici checks this timeout on a coarse (~0.5 s) timer, so the latency is well beyond it.
    sim.setFault(ACCOUNT.name, { fault: { kind: 'latency', ms: 3_000 } });
    const error = await client.call(STATUS, {}).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TimeoutError);
    expect(error).toMatchObject({ phase: 'headers', timeoutMs: 100, code: 'Timeout' });
    expect(codes()).toEqual(['Timeout']);
  });

  it('tolerates latency within the timeout', async () => {
    const { client, codes } = makeClient({ timeouts: { headersMs: 2_000 } });
    sim.setFault(ACCOUNT.name, { fault: { kind: 'latency', ms: 50 } });
    await client.call(STATUS, {});
    expect(codes()).toEqual(['Success']);
  });

  it('caps the response size', async () => {
    const { client, codes } = makeClient({ maxResponseBytes: 64 });
    await expect(client.call(STATUS, {})).rejects.toMatchObject({
      code: 'InvalidResponse',
      reason: 'too_large',
    });
    expect(codes()).toEqual(['InvalidResponse']);
  });

  it('reports wrong types and nulls field by field', async () => {
    const { client } = makeClient();
    sim.setFault(ACCOUNT.name, { fault: { kind: 'wrong_types' }, times: 1 });
    const wrong = await describeScanState(client, { module: 'Vul' });
    expect(wrong.issues.length).toBeGreaterThan(0);
    for (const issue of wrong.issues) expect(wrong.value).not.toHaveProperty(issue.field);

    sim.setFault(ACCOUNT.name, { fault: { kind: 'nulls' }, times: 1 });
    const nulls = await describeAssetImageScanStatus(client);
    expect(nulls.value).toEqual({});
    expect(nulls.issues).toEqual([]);
  });

  it('sends X-TC-Token with temporary credentials from AssumeRole', async () => {
    const { client } = makeClient();
    const temp = await assumeRole(client, {
      roleArn: `qcs::cam::uin/${defaultUin(ACCOUNT.name)}:roleName/reader`,
      roleSessionName: 'exporter-test',
    });
    expect(temp.token).toEqual(expect.any(String));
    expect(temp.expiresAt).toBeGreaterThan(Date.now());

    const { client: tempClient, codes } = makeClient({ credentials: staticProvider(temp) });
    await expect(tempClient.call(STATUS, {})).resolves.toHaveProperty('RequestId');
    expect(codes()).toEqual(['Success']);

    // The same key pair without its token is refused, so the header was what made it work.
    const { client: noToken } = makeClient({
      credentials: staticProvider({ secretId: temp.secretId, secretKey: temp.secretKey }),
    });
    await expect(noToken.call(STATUS, {})).rejects.toMatchObject({ code: 'AuthFailure.TokenFailure' });
  });

  it('calls AssumeRoleWithWebIdentity unsigned', async () => {
    const getCredentials = jestFn();
    const { client } = makeClient({ credentials: { source: 'none', getCredentials } });
    const temp = await assumeRoleWithWebIdentity(client, {
      providerId: 'provider',
      webIdentityToken: WEB_TOKEN,
      roleArn: `qcs::cam::uin/${defaultUin(ACCOUNT.name)}:roleName/reader`,
      roleSessionName: 'exporter-test',
    });
    expect(temp.token).toEqual(expect.any(String));
    expect(getCredentials.calls).toBe(0);
  });

  it('fetches credentials on every attempt so refreshed ones are used', async () => {
    let calls = 0;
    const provider = {
      source: 'rotating',
      async getCredentials() {
        calls += 1;
        // The first attempt signs with a stale key and gets a retryable error anyway.
        return { secretId: ACCOUNT.secretId, secretKey: ACCOUNT.secretKey };
      },
    };
    const { client } = makeClient({ credentials: provider });
    sim.setFault(ACCOUNT.name, { fault: { kind: 'error', code: 'InternalError' }, times: 1 });
    await client.call(STATUS, {});
    expect(calls).toBe(2);
  });

  it('wraps a failing credential provider without sending anything', async () => {
    const { client, events } = makeClient({
      credentials: {
        source: 'env',
        getCredentials: async () => {
          throw new Error('TENCENTCLOUD_SECRET_ID is not set');
        },
      },
    });
    const error = await client.call(STATUS, {}).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(CredentialsError);
    expect(error).toMatchObject({ source: 'env', account: 'acme' });
    expect(events).toEqual([]);
  });

  it('keeps 40 concurrent calls under the API limit', async () => {
    const limited = await startSimulator({ accounts: [ACCOUNT], rateLimitPerSecond: 20 });
    try {
      const { client, codes } = makeClient({ endpoint: limited.url, retry: { maxAttempts: 1 } });
      await Promise.all(Array.from({ length: 40 }, () => client.call(STATUS, {})));
      expect(codes()).toEqual(Array(40).fill('Success'));
      const stats = limited.stats();
      expect(stats.throttled).toBe(0);
      expect(stats.maxRequestsInAnySecond[`acme/${STATUS.action}`]).toBe(20);
    } finally {
      await limited.close();
    }
  });

  it('stops promptly when the signal aborts', async () => {
    const { client, codes } = makeClient();
    sim.setFault(ACCOUNT.name, { fault: { kind: 'hang' } });
    const controller = new AbortController();
    const pending = client.call(STATUS, {}, { signal: controller.signal });
    setTimeout(() => controller.abort(new Error('round abandoned')), 50);
    await expect(pending).rejects.toThrow('round abandoned');
    // Called off, not timed out: only the caller's deadline makes a Timeout.
    expect(codes()).toEqual(['Aborted']);
  });

  it('counts an attempt cut short by the caller as Timeout only when its deadline passed', async () => {
    const { client, codes } = makeClient({ retry: { maxAttempts: 1 } });
    sim.setFault(ACCOUNT.name, { fault: { kind: 'hang' } });
    const deadline = Object.assign(new Error('round timed out'), { code: 'Timeout' });
    const controller = new AbortController();
    const pending = client.call(STATUS, {}, { signal: controller.signal });
    setTimeout(() => controller.abort(deadline), 50);
    await expect(pending).rejects.toThrow('round timed out');
    await expect(client.call(STATUS, {}, { signal: AbortSignal.timeout(50) })).rejects.toThrow();
    // A sibling call's own timeout error as the reason: this call was called off, not timed out.
    const sibling = new AbortController();
    const third = client.call(STATUS, {}, { signal: sibling.signal });
    setTimeout(
      () =>
        sibling.abort(
          new TimeoutError({ account: 'acme', service: 'tcss', action: STATUS.action }, 'headers', 1),
        ),
      50,
    );
    await expect(third).rejects.toThrow();
    expect(codes()).toEqual(['Timeout', 'Timeout', 'Aborted']);
  });

  it('aborts calls in flight on close and refuses new ones', async () => {
    const { client } = makeClient();
    sim.setFault(ACCOUNT.name, { fault: { kind: 'hang' } });
    const pending = client.call(STATUS, {});
    setTimeout(() => void client.close(), 50);
    await expect(pending).rejects.toBeInstanceOf(ClientClosedError);
    await expect(client.call(STATUS, {})).rejects.toBeInstanceOf(ClientClosedError);
  });

  it('shares one pool per origin and closes it with the last client', async () => {
    await closeAllPools();
    const a = makeClient().client;
    const b = makeClient().client;
    await Promise.all([a.call(STATUS, {}), b.call(STATUS, {})]);
    expect(openPoolCount()).toBe(1);
    await a.close();
    expect(openPoolCount()).toBe(1);
    await b.close();
    expect(openPoolCount()).toBe(0);
  });

  it('survives a throwing hook', async () => {
    const client = new TencentCloudClient({
      account: ACCOUNT.name,
      credentials: staticProvider({ secretId: ACCOUNT.secretId, secretKey: ACCOUNT.secretKey }),
      endpoint: sim.url,
      hooks: {
        onRequest: () => {
          throw new Error('metrics broke');
        },
      },
    });
    clients.push(client);
    await expect(client.call(STATUS, {})).resolves.toHaveProperty('RequestId');
  });

  it('never puts a secret key or token into an error', async () => {
    const token = 'TOKEN-that-must-not-leak-0123456789';
    const secrets = [ACCOUNT.secretKey, token];
    const errors: unknown[] = [];
    const faults = [
      { kind: 'error', code: 'AuthFailure.TokenFailure' },
      { kind: 'http_status', status: 500 },
      { kind: 'truncated' },
      { kind: 'non_json' },
      { kind: 'reset' },
      { kind: 'hang' },
    ] as const;
    const { client } = makeClient({
      credentials: staticProvider({ secretId: ACCOUNT.secretId, secretKey: ACCOUNT.secretKey, token }),
      timeouts: { headersMs: 100 },
      retry: { maxAttempts: 1 },
    });
    for (const fault of faults) {
      sim.setFault(ACCOUNT.name, { fault });
      errors.push(await client.call(STATUS, {}).catch((e: unknown) => e));
    }
    sim.setFault(ACCOUNT.name, null);
    const { client: small } = makeClient({ maxResponseBytes: 10 });
    errors.push(await small.call(STATUS, {}).catch((e: unknown) => e));

    expect(errors.map((e) => (e as TencentCloudError).code)).toEqual([
      'AuthFailure.TokenFailure',
      'HttpError',
      'InvalidResponse',
      'InvalidResponse',
      'NetworkError',
      'Timeout',
      'InvalidResponse',
    ]);
    for (const error of errors) {
      const text = [
        String(error),
        (error as Error).stack,
        JSON.stringify(error),
        inspect(error, { depth: 5 }),
      ].join('\n');
      for (const secret of secrets) expect(text).not.toContain(secret);
      expect((error as Error).message).toContain('acme');
      expect((error as Error).message).toContain(STATUS.action);
    }
  });
});

describe('TencentCloudClient without a server', () => {
  it('reports connection refused as NetworkError', async () => {
    // A port that was just free: bind, note it, close.
    const { createServer } = await import('node:net');
    const server = createServer();
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as { port: number };
    await new Promise<void>((resolve) => server.close(() => resolve()));

    const events: RequestEvent[] = [];
    const client = new TencentCloudClient({
      account: 'nowhere',
      credentials: staticProvider({ secretId: 'a', secretKey: 'b' }),
      endpoint: `http://127.0.0.1:${port}`,
      retry: { maxAttempts: 1 },
      hooks: { onRequest: (e) => events.push(e) },
    });
    clients.push(client);
    const error = await client.call(STATUS, {}).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(NetworkError);
    expect((error as NetworkError).causeCode).toBe('ECONNREFUSED');
    expect(events.map((e) => e.code)).toEqual(['NetworkError']);
  });

  it('rejects a malformed endpoint at construction', () => {
    expect(
      () =>
        new TencentCloudClient({
          account: 'x',
          credentials: staticProvider({ secretId: 'a', secretKey: 'b' }),
          endpoint: 'ftp://nope',
        }),
    ).toThrow('http or https');
  });
});

/** A counting stand-in for jest.fn that works the same under ESM. */
function jestFn() {
  const fn = Object.assign(
    async () => {
      fn.calls += 1;
      throw new Error('must not be called');
    },
    { calls: 0 },
  );
  return fn;
}

import { startSimulator } from '../../src/simulator/index.js';
import { ALICE, BOB, START_MS, startTestSimulator } from './fixture.js';
import { codeOf } from './sign-helper.js';

const STATUS = 'DescribeAssetImageScanStatus';

describe('rate limit', () => {
  it('throttles the 21st request inside one second, per account and action, then slides', async () => {
    const t = await startTestSimulator({ rateLimitPerSecond: 20 });
    try {
      const codes: string[] = [];
      for (let i = 0; i < 21; i++) codes.push(codeOf(await t.call(STATUS)));
      expect(codes.filter((c) => c === 'Success')).toHaveLength(20);
      expect(codes[20]).toBe('RequestLimitExceeded');

      // Another action and another account have their own windows.
      expect(codeOf(await t.call('DescribeScanState', { ModuleType: 'Vul' }))).toBe('Success');
      expect(codeOf(await t.call(STATUS, {}, BOB))).toBe('Success');

      t.clock.ms += 999;
      expect(codeOf(await t.call(STATUS))).toBe('RequestLimitExceeded');
      t.clock.ms += 1;
      expect(codeOf(await t.call(STATUS))).toBe('Success');

      const stats = t.sim.stats();
      expect(stats.throttled).toBe(2);
      expect(stats.maxRequestsInAnySecond).toEqual({
        [`alice/${STATUS}`]: 22,
        'alice/DescribeScanState': 1,
        [`bob/${STATUS}`]: 1,
      });
      expect(stats.requests).toEqual(
        expect.arrayContaining([
          { account: 'alice', action: STATUS, code: 'Success', count: 21 },
          { account: 'alice', action: STATUS, code: 'RequestLimitExceeded', count: 2 },
        ]),
      );
    } finally {
      await t.sim.close();
    }
  });
});

describe('server', () => {
  it('logs one secret-free event per request', async () => {
    const events: Array<Record<string, unknown>> = [];
    const t = await startTestSimulator({ log: (event) => events.push(event) });
    try {
      await t.call(STATUS);
      await t.call(STATUS, {}, { ...ALICE, secretKey: 'wrong' });
      expect(events).toEqual([
        expect.objectContaining({
          account: 'alice',
          action: STATUS,
          code: 'Success',
          ms: expect.any(Number),
        }),
        expect.objectContaining({ account: 'alice', action: STATUS, code: 'AuthFailure.SignatureFailure' }),
      ]);
      const text = JSON.stringify(events);
      expect(text).not.toContain(ALICE.secretKey);
    } finally {
      await t.sim.close();
    }
  });

  it('counts requests with an unknown SecretId under account "-"', async () => {
    const t = await startTestSimulator();
    try {
      await t.call(STATUS, {}, { ...ALICE, secretId: 'AKIDghost' });
      expect(t.sim.stats().requests).toEqual([
        { account: '-', action: STATUS, code: 'AuthFailure.SecretIdNotFound', count: 1 },
      ]);
    } finally {
      await t.sim.close();
    }
  });

  it.each([
    ['GET', '/', 405],
    ['POST', '/v2/index.php', 404],
  ])('answers %s %s with %i', async (method, path, status) => {
    const sim = await startSimulator({ accounts: [ALICE] });
    try {
      const res = await fetch(sim.url + path, { method });
      expect(res.status).toBe(status);
      expect(Number(res.headers.get('content-length'))).toBe((await res.arrayBuffer()).byteLength);
    } finally {
      await sim.close();
    }
  });

  it('refuses bodies over 1 MiB', async () => {
    const sim = await startSimulator({ accounts: [ALICE] });
    try {
      const res = await fetch(sim.url, { method: 'POST', body: 'x'.repeat(1024 * 1024 + 1) });
      expect(res.status).toBe(413);
    } finally {
      await sim.close();
    }
  });

  it('closes with a hanging request open, which then fails', async () => {
    const t = await startTestSimulator();
    t.sim.setFault('alice', { fault: { kind: 'hang' } });
    const pending = t.call(STATUS, {}, ALICE, { signal: AbortSignal.timeout(10_000) });
    // Wait (bounded) until the simulator has seen the request.
    for (let i = 0; i < 100 && t.sim.stats().requests.length === 0; i++)
      await new Promise((r) => setTimeout(r, 10));
    expect(t.sim.stats().requests).toEqual([
      { account: 'alice', action: STATUS, code: 'fault:hang', count: 1 },
    ]);
    await t.sim.close();
    await expect(pending).rejects.toThrow();
  });

  it('listens on 127.0.0.1 with a random port by default, and uses Date.now without a clock', async () => {
    const sim = await startSimulator({ accounts: [ALICE] });
    try {
      expect(sim.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
      const { callApi, TCSS } = await import('./sign-helper.js');
      const result = await callApi({
        url: sim.url,
        action: STATUS,
        ...TCSS,
        secretId: ALICE.secretId,
        secretKey: ALICE.secretKey,
      });
      expect(codeOf(result)).toBe('Success');
    } finally {
      await sim.close();
    }
  });

  it('keeps the clock injectable: the scan model moves with it', async () => {
    const t = await startTestSimulator();
    try {
      const before = (await t.call('DescribeScanState', { ModuleType: 'Malware' })).response!;
      t.clock.ms = START_MS + 10 * 70_000;
      const after = (await t.call('DescribeScanState', { ModuleType: 'Malware' })).response!;
      expect(after['TaskId']).not.toBe(before['TaskId']);
    } finally {
      await t.sim.close();
    }
  });
});

import { CredentialSourceError } from '../../../src/tencentcloud/credentials/errors.js';
import {
  RefreshingCredentialProvider,
  type RefreshingProviderOptions,
} from '../../../src/tencentcloud/credentials/refreshing.js';
import type { Credentials } from '../../../src/tencentcloud/credentials/types.js';

const MIN = 60_000;
const HOUR = 60 * MIN;

/** A fake clock and a fetch function that counts calls and can be told to fail or to wait. */
function harness(lifetimeMs = 2 * HOUR, extra: Partial<RefreshingProviderOptions> = {}) {
  const state = {
    now: 1_700_000_000_000,
    fetches: 0,
    fail: false,
    gate: undefined as Promise<void> | undefined,
  };
  const fetch = async (): Promise<Credentials> => {
    state.fetches += 1;
    const n = state.fetches;
    if (state.gate) await state.gate;
    if (state.fail) throw new Error(`sts down (attempt ${n})`);
    return {
      secretId: `id-${n}`,
      secretKey: `key-${n}`,
      token: `token-${n}`,
      expiresAt: state.now + lifetimeMs,
    };
  };
  const provider = new RefreshingCredentialProvider({
    source: 'test-source',
    fetch,
    now: () => state.now,
    ...extra,
  });
  return { state, provider };
}

function deferred(): { promise: Promise<void>; resolve: () => void } {
  let resolve!: () => void;
  const promise = new Promise<void>((r) => {
    resolve = r;
  });
  return { promise, resolve };
}

describe('RefreshingCredentialProvider', () => {
  it('fetches once and serves the cache until the refresh margin', async () => {
    const { state, provider } = harness();
    expect((await provider.getCredentials()).secretId).toBe('id-1');
    state.now += HOUR;
    expect((await provider.getCredentials()).secretId).toBe('id-1');
    expect(state.fetches).toBe(1);
  });

  it.each([
    ['2 h lifetime: 5 min margin', 2 * HOUR, 5 * MIN],
    ['10 min lifetime: 10% margin', 10 * MIN, 1 * MIN],
    ['20 s lifetime: 10% margin', 20_000, 2_000],
  ])('refreshes within the margin (%s)', async (_name, lifetime, margin) => {
    const { state, provider } = harness(lifetime);
    await provider.getCredentials();
    const start = state.now;
    state.now = start + lifetime - margin - 1;
    expect((await provider.getCredentials()).secretId).toBe('id-1');
    state.now = start + lifetime - margin;
    expect((await provider.getCredentials()).secretId).toBe('id-2');
    expect(state.fetches).toBe(2);
  });

  it('lets 50 concurrent first callers share one fetch', async () => {
    const { state, provider } = harness();
    const gate = deferred();
    state.gate = gate.promise;
    const calls = Array.from({ length: 50 }, () => provider.getCredentials());
    gate.resolve();
    const results = await Promise.all(calls);
    expect(state.fetches).toBe(1);
    expect(new Set(results.map((c) => c.secretId))).toEqual(new Set(['id-1']));
  });

  it('lets 50 concurrent callers share one refresh near expiry', async () => {
    const { state, provider } = harness();
    await provider.getCredentials();
    state.now += 2 * HOUR - MIN;
    const gate = deferred();
    state.gate = gate.promise;
    const calls = Array.from({ length: 50 }, () => provider.getCredentials());
    gate.resolve();
    const results = await Promise.all(calls);
    expect(state.fetches).toBe(2);
    expect(results.every((c) => c.secretId === 'id-2')).toBe(true);
  });

  it('keeps the old credentials when a refresh fails before they expire, and retries later', async () => {
    const errors: CredentialSourceError[] = [];
    const { state, provider } = harness(2 * HOUR, {
      retryAfterMs: 30_000,
      onRefreshError: (e) => errors.push(e),
    });
    await provider.getCredentials();
    state.now += 2 * HOUR - 2 * MIN;
    state.fail = true;
    const results = await Promise.all(Array.from({ length: 50 }, () => provider.getCredentials()));
    expect(results.every((c) => c.secretId === 'id-1')).toBe(true);
    expect(state.fetches).toBe(2);
    expect(errors).toHaveLength(1);
    expect(errors[0]).toBeInstanceOf(CredentialSourceError);
    expect(errors[0]?.source).toBe('test-source');
    expect(errors[0]?.message).toContain('sts down (attempt 2)');

    // Within the back-off, no new attempt.
    state.now += 29_000;
    expect((await provider.getCredentials()).secretId).toBe('id-1');
    expect(state.fetches).toBe(2);

    // After it, a new attempt, which now succeeds.
    state.now += 1_000;
    state.fail = false;
    expect((await provider.getCredentials()).secretId).toBe('id-3');
    expect(state.fetches).toBe(3);
  });

  it('propagates the failure once the old credentials have expired, to every concurrent caller', async () => {
    const { state, provider } = harness();
    await provider.getCredentials();
    state.now += 2 * HOUR;
    state.fail = true;
    const settled = await Promise.allSettled(Array.from({ length: 50 }, () => provider.getCredentials()));
    expect(state.fetches).toBe(2);
    for (const s of settled) {
      expect(s.status).toBe('rejected');
      const err = (s as PromiseRejectedResult).reason as CredentialSourceError;
      expect(err).toBeInstanceOf(CredentialSourceError);
      expect(err.source).toBe('test-source');
      expect(err.reason).toBe('refresh failed: sts down (attempt 2)');
      expect((err.cause as Error).message).toBe('sts down (attempt 2)');
    }
  });

  it('retries a failed first fetch at the next call', async () => {
    const { state, provider } = harness();
    state.fail = true;
    await expect(provider.getCredentials()).rejects.toThrow(CredentialSourceError);
    state.fail = false;
    expect((await provider.getCredentials()).secretId).toBe('id-2');
  });

  it('passes a CredentialSourceError from fetch through unchanged', async () => {
    const original = new CredentialSourceError('inner', 'role not bound');
    const provider = new RefreshingCredentialProvider({
      source: 'outer',
      fetch: () => Promise.reject(original),
    });
    await expect(provider.getCredentials()).rejects.toBe(original);
  });

  it('rejects credentials that are already expired by the local clock', async () => {
    const now = 1_700_000_000_000;
    const provider = new RefreshingCredentialProvider({
      source: 'skewed',
      now: () => now,
      fetch: async () => ({ secretId: 'a', secretKey: 'secretvalue', token: 't', expiresAt: now - 1 }),
    });
    const err = (await provider.getCredentials().catch((e: unknown) => e)) as CredentialSourceError;
    expect(err).toBeInstanceOf(CredentialSourceError);
    expect(err.reason).toContain('check the system clock');
    expect(err.message).not.toContain('secretvalue');
  });

  it('keeps credentials without expiry forever', async () => {
    let fetches = 0;
    let now = 0;
    const provider = new RefreshingCredentialProvider({
      source: 'forever',
      now: () => now,
      fetch: async () => {
        fetches += 1;
        return { secretId: 'a', secretKey: 'b' };
      },
    });
    await provider.getCredentials();
    now += 1000 * HOUR;
    await provider.getCredentials();
    expect(fetches).toBe(1);
  });
});

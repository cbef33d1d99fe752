import { ChainCredentialProvider } from '../../../src/tencentcloud/credentials/chain.js';
import { CredentialsError } from '../../../src/tencentcloud/credentials/errors.js';
import type { CredentialProvider, Credentials } from '../../../src/tencentcloud/credentials/types.js';

/** A provider that counts calls and either fails or answers with its own name as the key id. */
function fake(source: string, works: { value: boolean }) {
  const provider = {
    source,
    calls: 0,
    getCredentials(): Promise<Credentials> {
      provider.calls += 1;
      return works.value
        ? Promise.resolve({ secretId: source, secretKey: `${source}-secret` })
        : Promise.reject(new CredentialsError(source, `${source} unavailable`));
    },
  };
  return provider;
}

describe('ChainCredentialProvider (unit)', () => {
  it('uses the first provider that works and remembers it', async () => {
    const a = fake('a', { value: false });
    const b = fake('b', { value: true });
    const c = fake('c', { value: true });
    const chain = new ChainCredentialProvider([a, b, c]);
    expect(chain.source).toBe('chain');
    expect((await chain.getCredentials()).secretId).toBe('b');
    expect(chain.source).toBe('chain:b');
    await chain.getCredentials();
    expect([a.calls, b.calls, c.calls]).toEqual([1, 2, 0]);
  });

  it('does not fall back once a provider has won', async () => {
    const bWorks = { value: true };
    const b = fake('b', bWorks);
    const chain = new ChainCredentialProvider([b, fake('c', { value: true })]);
    await chain.getCredentials();
    bWorks.value = false;
    await expect(chain.getCredentials()).rejects.toThrow('b unavailable');
  });

  it('lets concurrent first callers share one walk', async () => {
    const a = fake('a', { value: false });
    const b = fake('b', { value: true });
    const chain = new ChainCredentialProvider([a, b]);
    await Promise.all(Array.from({ length: 20 }, () => chain.getCredentials()));
    expect([a.calls, b.calls]).toEqual([1, 1]);
  });

  it('lists why each provider failed in one error, and walks again at the next call', async () => {
    const bWorks = { value: false };
    const chain = new ChainCredentialProvider([
      fake('a', { value: false }),
      fake('b', bWorks),
      {
        source: 'odd',
        getCredentials: () => Promise.reject(new TypeError('not a CredentialsError')),
      } satisfies CredentialProvider,
    ]);
    const err = (await chain.getCredentials().catch((e: unknown) => e)) as CredentialsError;
    expect(err).toBeInstanceOf(CredentialsError);
    expect(err.source).toBe('chain');
    expect(err.reason).toBe(
      'no source yielded credentials: credentials from a: a unavailable; credentials from b: b unavailable; credentials from odd: not a CredentialsError',
    );
    expect((err.cause as AggregateError).errors).toHaveLength(3);
    bWorks.value = true;
    expect((await chain.getCredentials()).secretId).toBe('b');
  });

  it('refuses an empty chain', () => {
    expect(() => new ChainCredentialProvider([])).toThrow(CredentialsError);
  });
});

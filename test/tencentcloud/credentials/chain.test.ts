import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Simulator, startSimulator } from '../../../src/simulator/index.js';
import { TencentCloudClient } from '../../../src/tencentcloud/client.js';
import { ChainCredentialProvider, createDefaultChain } from '../../../src/tencentcloud/credentials/chain.js';
import { CredentialSourceError } from '../../../src/tencentcloud/credentials/errors.js';
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
        : Promise.reject(new CredentialSourceError(source, `${source} unavailable`));
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
        getCredentials: () => Promise.reject(new TypeError('not a CredentialSourceError')),
      } satisfies CredentialProvider,
    ]);
    const err = (await chain.getCredentials().catch((e: unknown) => e)) as CredentialSourceError;
    expect(err).toBeInstanceOf(CredentialSourceError);
    expect(err.source).toBe('chain');
    expect(err.reason).toBe(
      'no source yielded credentials: credentials from a: a unavailable; credentials from b: b unavailable; credentials from odd: not a CredentialSourceError',
    );
    expect((err.cause as AggregateError).errors).toHaveLength(3);
    bWorks.value = true;
    expect((await chain.getCredentials()).secretId).toBe('b');
  });

  it('refuses an empty chain', () => {
    expect(() => new ChainCredentialProvider([])).toThrow(CredentialSourceError);
  });
});

describe('createDefaultChain (simulator)', () => {
  const UIN = '100000000009';
  const ROLE_ARN = `qcs::cam::uin/${UIN}:roleName/tke-reader`;
  let sim: Simulator;
  let dir: string;
  let sts: TencentCloudClient;
  let emptyHome: string;
  let profileHome: string;
  let tokenFile: string;
  const ENV_KEYS = { TENCENTCLOUD_SECRET_ID: 'AKIDenvchain', TENCENTCLOUD_SECRET_KEY: 'envchainsecret' };
  const TKE_ENV = {
    TKE_REGION: 'ap-guangzhou',
    TKE_PROVIDER_ID: 'cls-oidc',
    TKE_ROLE_ARN: ROLE_ARN,
    TKE_WEB_IDENTITY_TOKEN_FILE: '',
  };

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'creds-chain-'));
    emptyHome = join(dir, 'empty-home');
    profileHome = join(dir, 'profile-home');
    await mkdir(join(profileHome, '.tencentcloud'), { recursive: true });
    await writeFile(
      join(profileHome, '.tencentcloud', 'credentials'),
      '[default]\nsecret_id = AKIDprofilechain\nsecret_key = profilechainsecret\n',
    );
    tokenFile = join(dir, 'token');
    await writeFile(tokenFile, 'jwt-chain');
    TKE_ENV.TKE_WEB_IDENTITY_TOKEN_FILE = tokenFile;
    sim = await startSimulator({
      accounts: [{ name: 'node', secretId: 'AKIDnode', secretKey: 'nodesecret', uin: UIN }],
      metadataRole: { roleName: 'node-role', account: 'node' },
      webIdentityToken: 'jwt-chain',
    });
    sts = new TencentCloudClient({
      account: 'sts',
      credentials: { source: 'none', getCredentials: () => Promise.reject(new Error('unsigned only')) },
      endpoint: sim.url,
      retry: { maxAttempts: 1 },
    });
  });
  afterEach(() => {
    sim.setFault('metadata', null);
    sim.resetStats();
  });
  afterAll(async () => {
    await sts.close();
    await sim.close();
    await rm(dir, { recursive: true, force: true });
  });

  const chain = (env: NodeJS.ProcessEnv, homeDir: string) =>
    createDefaultChain({
      env,
      homeDir,
      webIdentityCaller: sts,
      metadataEndpoint: sim.url,
      metadataTimeoutMs: 300,
    });
  const metadataRequests = () => sim.stats().requests.filter((r) => r.account === 'metadata').length;

  it.each([
    ['env before everything', { ...ENV_KEYS, ...TKE_ENV }, 'profile', 'chain:env', 'AKIDenvchain'],
    ['profile before CVM role', TKE_ENV, 'profile', 'chain:profile:PROFILE[default]', 'AKIDprofilechain'],
  ])('takes %s', async (_name, env, home, source, secretId) => {
    const provider = chain(env, home === 'profile' ? profileHome : emptyHome);
    await expect(provider.getCredentials()).resolves.toMatchObject({ secretId });
    expect(provider.source).toBe(
      source.replace('PROFILE', join(profileHome, '.tencentcloud', 'credentials')),
    );
    expect(metadataRequests()).toBe(0);
  });

  it('takes the CVM role before TKE web identity, and remembers it', async () => {
    const provider = chain(TKE_ENV, emptyHome);
    const creds = await provider.getCredentials();
    expect(provider.source).toBe('chain:cvm-role');
    expect(creds.token).toBeTruthy();
    await provider.getCredentials();
    expect(sim.stats().requests.some((r) => r.action === 'AssumeRoleWithWebIdentity')).toBe(false);
    expect(metadataRequests()).toBe(2); // role name + credentials, once
  });

  it('falls through to TKE web identity when the metadata service hangs', async () => {
    sim.setFault('metadata', { fault: { kind: 'hang' } });
    const provider = chain(TKE_ENV, emptyHome);
    const creds = await provider.getCredentials();
    expect(provider.source).toBe(`chain:web-identity:${ROLE_ARN}`);
    expect(creds.token).toBeTruthy();
  });

  it('lists why every source failed, in order, without secrets', async () => {
    sim.setFault('metadata', { fault: { kind: 'http_status', status: 404 } });
    const provider = chain({ TENCENTCLOUD_SECRET_ID: 'AKIDhalf' }, emptyHome);
    const err = (await provider.getCredentials().catch((e: unknown) => e)) as CredentialSourceError;
    expect(err).toBeInstanceOf(CredentialSourceError);
    expect(err.source).toBe('chain');
    const parts = err.reason.replace('no source yielded credentials: ', '').split('; ');
    expect(parts).toEqual([
      'credentials from env: TENCENTCLOUD_SECRET_KEY is not set',
      `credentials from profile:${join(emptyHome, '.tencentcloud', 'credentials')}[default]: neither ${join(emptyHome, '.tencentcloud', 'credentials')} nor /etc/tencentcloud/credentials exists`,
      'credentials from cvm-role: no CAM role is bound to this instance (HTTP 404)',
      'credentials from web-identity: not configured: TKE_REGION, TKE_PROVIDER_ID, TKE_WEB_IDENTITY_TOKEN_FILE, TKE_ROLE_ARN not set',
    ]);
    expect(err.message).not.toContain('AKIDhalf');
  });
});

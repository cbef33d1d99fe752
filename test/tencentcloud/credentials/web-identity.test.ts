import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Simulator, startSimulator } from '../../../src/simulator/index.js';
import { TencentCloudClient } from '../../../src/tencentcloud/client.js';
import { CredentialSourceError } from '../../../src/tencentcloud/credentials/errors.js';
import { WebIdentityProvider } from '../../../src/tencentcloud/credentials/web-identity.js';
import type { ActionSpec, ApiCaller, CallOptions } from '../../../src/tencentcloud/types.js';

const ROLE = 'qcs::cam::uin/100000000001:roleName/tke-reader';

describe('WebIdentityProvider (unit)', () => {
  let dir: string;
  let tokenFile: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'creds-oidc-'));
    tokenFile = join(dir, 'token');
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  function fakeSts() {
    const calls: {
      spec: ActionSpec;
      payload: Record<string, unknown>;
      options?: CallOptions;
    }[] = [];
    const caller: ApiCaller = {
      account: 'sts',
      async call(spec, payload, options) {
        calls.push({ spec, payload, options });
        return {
          Credentials: { TmpSecretId: `id-${calls.length}`, TmpSecretKey: 'k', Token: 't' },
          ExpiredTime: clock.now / 1000 + 7200,
        };
      },
    };
    return { calls, caller };
  }
  const clock = { now: 1_700_000_000_000 };

  it('reads inputs from TKE_* variables, sends the call unsigned, and re-reads the rotated token at each refresh', async () => {
    const { calls, caller } = fakeSts();
    const env = {
      TKE_REGION: 'ap-shanghai',
      TKE_PROVIDER_ID: 'oidc-provider',
      TKE_WEB_IDENTITY_TOKEN_FILE: tokenFile,
      TKE_ROLE_ARN: ROLE,
    };
    await writeFile(tokenFile, 'token-one\n');
    const provider = new WebIdentityProvider({ caller, env, now: () => clock.now });
    expect(provider.source).toBe(`web-identity:${ROLE}`);
    expect((await provider.getCredentials()).secretId).toBe('id-1');

    await writeFile(tokenFile, 'token-two');
    clock.now += 7200_000 - 60_000;
    expect((await provider.getCredentials()).secretId).toBe('id-2');

    expect(calls.map((c) => c.payload.WebIdentityToken)).toEqual(['token-one', 'token-two']);
    expect(calls[0]).toEqual({
      spec: { service: 'sts', version: '2018-08-13', action: 'AssumeRoleWithWebIdentity' },
      payload: {
        ProviderId: 'oidc-provider',
        WebIdentityToken: 'token-one',
        RoleArn: ROLE,
        RoleSessionName: 'tencentcloud-scan-exporter',
        DurationSeconds: 7200,
      },
      options: { unsigned: true, region: 'ap-shanghai' },
    });
  });

  it('prefers options over the environment', async () => {
    const { calls, caller } = fakeSts();
    await writeFile(tokenFile, 'tok');
    const provider = new WebIdentityProvider({
      caller,
      region: 'ap-beijing',
      providerId: 'p2',
      tokenFile,
      roleArn: ROLE,
      sessionName: 'custom-session',
      durationSeconds: 900,
      now: () => clock.now,
      env: { TKE_REGION: 'ap-shanghai', TKE_PROVIDER_ID: 'p1', TKE_ROLE_ARN: 'other' },
    });
    await provider.getCredentials();
    expect(calls[0]?.options).toEqual({ unsigned: true, region: 'ap-beijing' });
    expect(calls[0]?.payload).toMatchObject({
      ProviderId: 'p2',
      RoleArn: ROLE,
      RoleSessionName: 'custom-session',
      DurationSeconds: 900,
    });
  });

  it('names every missing variable at the first call, not at construction', async () => {
    const { caller } = fakeSts();
    const provider = new WebIdentityProvider({ caller, env: { TKE_REGION: 'ap-shanghai' } });
    const err = (await provider.getCredentials().catch((e: unknown) => e)) as CredentialSourceError;
    expect(err).toBeInstanceOf(CredentialSourceError);
    expect(err.reason).toBe(
      'not configured: TKE_PROVIDER_ID, TKE_WEB_IDENTITY_TOKEN_FILE, TKE_ROLE_ARN not set',
    );
  });

  it.each([
    ['missing', 'absent', 'cannot read token file'],
    ['empty', 'empty', 'is empty'],
  ])('reports a %s token file by name', async (_name, fileName, reason) => {
    const { caller } = fakeSts();
    const path = join(dir, fileName);
    if (fileName === 'empty') await writeFile(path, '  \n');
    const provider = new WebIdentityProvider({
      caller,
      region: 'r',
      providerId: 'p',
      tokenFile: path,
      roleArn: ROLE,
    });
    const err = (await provider.getCredentials().catch((e: unknown) => e)) as CredentialSourceError;
    expect(err).toBeInstanceOf(CredentialSourceError);
    expect(err.reason).toContain(reason);
    expect(err.reason).toContain(path);
  });

  it('rejects a bad session name at construction', () => {
    expect(() => new WebIdentityProvider({ caller: fakeSts().caller, sessionName: 'x' })).toThrow(
      'session name',
    );
  });

  it('does not put the token into an STS error', async () => {
    await writeFile(tokenFile, 'very-secret-jwt');
    const caller: ApiCaller = {
      account: 'sts',
      call: () =>
        Promise.reject(
          Object.assign(new Error('token is invalid'), { code: 'InvalidParameter.WebIdentityTokenError' }),
        ),
    };
    const provider = new WebIdentityProvider({
      caller,
      region: 'r',
      providerId: 'p',
      tokenFile,
      roleArn: ROLE,
    });
    const err = (await provider.getCredentials().catch((e: unknown) => e)) as CredentialSourceError;
    expect(err.reason).toContain('InvalidParameter.WebIdentityTokenError');
    expect(err.message).not.toContain('very-secret-jwt');
  });
});

describe('WebIdentityProvider (simulator)', () => {
  const UIN = '100000000007';
  const DESCRIBE_SCAN_STATE: ActionSpec = {
    service: 'cwp',
    version: '2018-02-28',
    action: 'DescribeScanState',
  };
  let sim: Simulator;
  let dir: string;
  const clients: TencentCloudClient[] = [];

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'creds-oidc-sim-'));
    sim = await startSimulator({
      accounts: [{ name: 'tke', secretId: 'AKIDtke', secretKey: 'tkesecret', uin: UIN }],
      webIdentityToken: 'jwt-current',
    });
  });
  afterAll(async () => {
    await Promise.all(clients.map((c) => c.close()));
    await sim.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('reads the rotated token file at each refresh, and the credentials work', async () => {
    const tokenFile = join(dir, 'token');
    await writeFile(tokenFile, 'jwt-stale');
    // The STS client never signs: its own credentials must not be asked for.
    const sts = new TencentCloudClient({
      account: 'sts',
      credentials: {
        source: 'none',
        getCredentials: () => Promise.reject(new Error('asked for credentials')),
      },
      endpoint: sim.url,
      retry: { maxAttempts: 1 },
    });
    clients.push(sts);
    let offsetMs = 0;
    const provider = new WebIdentityProvider({
      caller: sts,
      durationSeconds: 1800,
      now: () => Date.now() + offsetMs,
      env: {
        TKE_REGION: 'ap-guangzhou',
        TKE_PROVIDER_ID: 'cls-oidc',
        TKE_WEB_IDENTITY_TOKEN_FILE: tokenFile,
        TKE_ROLE_ARN: `qcs::cam::uin/${UIN}:roleName/tke-reader`,
      },
    });

    await expect(provider.getCredentials()).rejects.toThrow('InvalidParameter.WebIdentityTokenError');

    await writeFile(tokenFile, 'jwt-current\n');
    const first = await provider.getCredentials();
    expect(first.token).toBeTruthy();
    const tke = new TencentCloudClient({ account: 'tke', credentials: provider, endpoint: sim.url });
    clients.push(tke);
    await expect(
      tke.call(DESCRIBE_SCAN_STATE, {
        ModuleType: 'Baseline',
        Filters: [{ Name: 'StrategyId', Values: ['1'], ExactMatch: true }],
      }),
    ).resolves.toHaveProperty('ScanState');

    // Near expiry (1800 s lifetime, 180 s margin) the file holds a token STS rejects: the refresh
    // reads it and fails, and the still-valid credentials are kept.
    await writeFile(tokenFile, 'jwt-revoked');
    offsetMs = 1_700_000;
    expect((await provider.getCredentials()).secretId).toBe(first.secretId);

    // After the retry delay, the file holds a good token again: new credentials.
    await writeFile(tokenFile, 'jwt-current');
    offsetMs = 1_711_000;
    const second = await provider.getCredentials();
    expect(second.secretId).not.toBe(first.secretId);
    const stsRequests = sim.stats().requests.filter((r) => r.action === 'AssumeRoleWithWebIdentity');
    expect(Object.fromEntries(stsRequests.map((r) => [r.code, r.count]))).toEqual({
      Success: 2,
      'InvalidParameter.WebIdentityTokenError': 2,
    });
  });
});

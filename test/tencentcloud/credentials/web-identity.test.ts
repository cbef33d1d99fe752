import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CredentialsError } from '../../../src/tencentcloud/credentials/errors.js';
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
    const err = (await provider.getCredentials().catch((e: unknown) => e)) as CredentialsError;
    expect(err).toBeInstanceOf(CredentialsError);
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
    const err = (await provider.getCredentials().catch((e: unknown) => e)) as CredentialsError;
    expect(err).toBeInstanceOf(CredentialsError);
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
    const err = (await provider.getCredentials().catch((e: unknown) => e)) as CredentialsError;
    expect(err.reason).toContain('InvalidParameter.WebIdentityTokenError');
    expect(err.message).not.toContain('very-secret-jwt');
  });
});

import { EnvCredentialProvider } from '../../../src/tencentcloud/credentials/env.js';
import { CredentialSourceError } from '../../../src/tencentcloud/credentials/errors.js';

describe('EnvCredentialProvider', () => {
  it.each([
    [
      'keys only',
      { TENCENTCLOUD_SECRET_ID: 'AKIDenv', TENCENTCLOUD_SECRET_KEY: 'envkey' },
      { secretId: 'AKIDenv', secretKey: 'envkey' },
    ],
    [
      'session token',
      {
        TENCENTCLOUD_SECRET_ID: 'AKIDenv',
        TENCENTCLOUD_SECRET_KEY: 'envkey',
        TENCENTCLOUD_SESSION_TOKEN: 'sess',
      },
      { secretId: 'AKIDenv', secretKey: 'envkey', token: 'sess' },
    ],
    [
      "Terraform's security token",
      {
        TENCENTCLOUD_SECRET_ID: 'AKIDenv',
        TENCENTCLOUD_SECRET_KEY: 'envkey',
        TENCENTCLOUD_SECURITY_TOKEN: 'sec',
      },
      { secretId: 'AKIDenv', secretKey: 'envkey', token: 'sec' },
    ],
    [
      'session token wins over security token',
      {
        TENCENTCLOUD_SECRET_ID: 'AKIDenv',
        TENCENTCLOUD_SECRET_KEY: 'envkey',
        TENCENTCLOUD_SESSION_TOKEN: 'sess',
        TENCENTCLOUD_SECURITY_TOKEN: 'sec',
      },
      { secretId: 'AKIDenv', secretKey: 'envkey', token: 'sess' },
    ],
  ])('reads %s', async (_name, env, expected) => {
    const provider = new EnvCredentialProvider(env);
    expect(provider.source).toBe('env');
    await expect(provider.getCredentials()).resolves.toEqual(expected);
  });

  it.each([
    ['nothing set', {}, 'TENCENTCLOUD_SECRET_ID'],
    ['key missing', { TENCENTCLOUD_SECRET_ID: 'AKIDenv' }, 'TENCENTCLOUD_SECRET_KEY'],
    ['id empty', { TENCENTCLOUD_SECRET_ID: '', TENCENTCLOUD_SECRET_KEY: 'envkey' }, 'TENCENTCLOUD_SECRET_ID'],
  ])('rejects with the missing variable named when %s', async (_name, env: NodeJS.ProcessEnv, variable) => {
    const err = await new EnvCredentialProvider(env).getCredentials().catch((e: unknown) => e);
    expect(err).toBeInstanceOf(CredentialSourceError);
    expect((err as CredentialSourceError).source).toBe('env');
    expect((err as CredentialSourceError).reason).toBe(`${variable} is not set`);
    expect((err as Error).message).not.toContain('envkey');
  });

  it('reads the environment at each call', async () => {
    const env: NodeJS.ProcessEnv = {};
    const provider = new EnvCredentialProvider(env);
    await expect(provider.getCredentials()).rejects.toThrow(CredentialSourceError);
    env.TENCENTCLOUD_SECRET_ID = 'AKIDlate';
    env.TENCENTCLOUD_SECRET_KEY = 'latekey';
    await expect(provider.getCredentials()).resolves.toEqual({ secretId: 'AKIDlate', secretKey: 'latekey' });
  });
});

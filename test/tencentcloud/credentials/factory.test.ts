import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { CredentialsConfig } from '../../../src/config/index.js';
import { AssumeRoleProvider } from '../../../src/tencentcloud/credentials/assume-role.js';
import { ChainCredentialProvider } from '../../../src/tencentcloud/credentials/chain.js';
import { CvmRoleCredentialProvider } from '../../../src/tencentcloud/credentials/cvm-role.js';
import { EnvCredentialProvider } from '../../../src/tencentcloud/credentials/env.js';
import { CredentialSourceError } from '../../../src/tencentcloud/credentials/errors.js';
import {
  type CredentialProviderDeps,
  createCredentialProvider,
} from '../../../src/tencentcloud/credentials/factory.js';
import { ProfileCredentialProvider } from '../../../src/tencentcloud/credentials/profile.js';
import { StaticCredentialProvider } from '../../../src/tencentcloud/credentials/static.js';
import type { CredentialProvider } from '../../../src/tencentcloud/credentials/types.js';
import { WebIdentityProvider } from '../../../src/tencentcloud/credentials/web-identity.js';
import type { ApiCaller, CallOptions } from '../../../src/tencentcloud/types.js';

const ROLE = 'qcs::cam::uin/100000000002:roleName/r';

/** Deps whose STS callers record who built them and answer with fixed temporary credentials. */
function fakeDeps(env: NodeJS.ProcessEnv = {}) {
  const built: { source: CredentialProvider; stsEndpoint?: string; options?: CallOptions }[] = [];
  const other = new StaticCredentialProvider('AKIDother', 'othersecret');
  const deps: CredentialProviderDeps = {
    env,
    homeDir: '/nonexistent-home',
    stsCaller(source, stsEndpoint): ApiCaller {
      const entry: (typeof built)[number] = { source, stsEndpoint };
      built.push(entry);
      return {
        account: 'sts',
        async call(_spec, _payload, options) {
          entry.options = options;
          if (!options?.unsigned) await source.getCredentials();
          return {
            Credentials: { TmpSecretId: 'AKIDtmp', TmpSecretKey: 'tmpsecret', Token: 'tmptoken' },
            ExpiredTime: Math.floor(Date.now() / 1000) + 3600,
          };
        },
      };
    },
    accountProvider(name) {
      if (name !== 'other') throw new Error(`no account ${name}`);
      return other;
    },
  };
  return { deps, built, other };
}

describe('createCredentialProvider', () => {
  it.each([
    [{ source: 'static', secret_id: 'AKIDs', secret_key: 'k' }, StaticCredentialProvider, 'static'],
    [{ source: 'env' }, EnvCredentialProvider, 'env'],
    [{ source: 'profile', file: '/etc/tc', profile: 'p' }, ProfileCredentialProvider, 'profile:/etc/tc[p]'],
    [{ source: 'cvm_role', role_name: 'r' }, CvmRoleCredentialProvider, 'cvm-role:r'],
    [
      {
        source: 'assume_role',
        role_arn: ROLE,
        session_name: 's1',
        duration_seconds: 900,
        from: { source: 'env' },
      },
      AssumeRoleProvider,
      `assume-role:${ROLE}`,
    ],
    [
      { source: 'web_identity', session_name: 'sess', role_arn: ROLE },
      WebIdentityProvider,
      `web-identity:${ROLE}`,
    ],
    [{ source: 'chain' }, ChainCredentialProvider, 'chain'],
  ] as [CredentialsConfig, abstract new (...args: never[]) => CredentialProvider, string][])(
    'maps %j',
    (config, type, source) => {
      const provider = createCredentialProvider(config, fakeDeps().deps);
      expect(provider).toBeInstanceOf(type);
      expect(provider.source).toBe(source);
    },
  );

  it('passes static keys and the env and home directory through', async () => {
    const { deps } = fakeDeps({ TENCENTCLOUD_SECRET_ID: 'AKIDenv', TENCENTCLOUD_SECRET_KEY: 'envsecret' });
    await expect(
      createCredentialProvider(
        { source: 'static', secret_id: 'AKIDs', secret_key: 'k', session_token: 't' },
        deps,
      ).getCredentials(),
    ).resolves.toEqual({ secretId: 'AKIDs', secretKey: 'k', token: 't' });
    await expect(createCredentialProvider({ source: 'env' }, deps).getCredentials()).resolves.toEqual({
      secretId: 'AKIDenv',
      secretKey: 'envsecret',
    });
    const dir = await mkdtemp(join(tmpdir(), 'creds-factory-'));
    try {
      await writeFile(join(dir, 'creds'), '[default]\nsecret_id = AKIDp\nsecret_key = psecret\n');
      const viaEnv = fakeDeps({ TENCENTCLOUD_CREDENTIALS_FILE: join(dir, 'creds') }).deps;
      await expect(
        createCredentialProvider({ source: 'profile', profile: 'default' }, viaEnv).getCredentials(),
      ).resolves.toEqual({
        secretId: 'AKIDp',
        secretKey: 'psecret',
      });
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('signs AssumeRole with another account when from is an account, at the STS endpoint given', async () => {
    const { deps, built, other } = fakeDeps();
    const provider = createCredentialProvider(
      {
        source: 'assume_role',
        role_arn: ROLE,
        session_name: 's1',
        duration_seconds: 900,
        from_account: 'other',
        sts_endpoint: 'http://127.0.0.1:1',
      },
      deps,
    );
    await expect(provider.getCredentials()).resolves.toMatchObject({
      secretId: 'AKIDtmp',
      token: 'tmptoken',
    });
    expect(built).toEqual([
      { source: other, stsEndpoint: 'http://127.0.0.1:1', options: { region: 'ap-guangzhou' } },
    ]);
  });

  it('builds a nested source for AssumeRole from another source config', () => {
    const { deps, built } = fakeDeps();
    createCredentialProvider(
      {
        source: 'assume_role',
        role_arn: ROLE,
        session_name: 's1',
        duration_seconds: 900,
        from: { source: 'static', secret_id: 'AKIDsrc', secret_key: 'k' },
      },
      deps,
    );
    expect(built[0]?.source).toBeInstanceOf(StaticCredentialProvider);
  });

  it('builds an unsigned STS caller for web identity in the configured region', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'creds-factory-'));
    try {
      await writeFile(join(dir, 'token'), 'jwt');
      const { deps, built } = fakeDeps();
      const provider = createCredentialProvider(
        {
          source: 'web_identity',
          region: 'ap-chengdu',
          provider_id: 'p',
          token_file: join(dir, 'token'),
          role_arn: ROLE,
          session_name: 'sess',
          sts_endpoint: 'http://127.0.0.1:2',
        },
        deps,
      );
      await provider.getCredentials();
      expect(built).toHaveLength(1);
      expect(built[0]).toMatchObject({
        stsEndpoint: 'http://127.0.0.1:2',
        options: { region: 'ap-chengdu', unsigned: true },
      });
      // The stand-in source refuses: an unsigned client must never ask it for credentials.
      await expect(built[0]?.source.getCredentials()).rejects.toThrow(CredentialSourceError);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('rejects an invalid AssumeRole config at construction', () => {
    expect(() =>
      createCredentialProvider(
        {
          source: 'assume_role',
          role_arn: ROLE,
          session_name: 's',
          duration_seconds: 900,
          from: { source: 'env' },
        },
        fakeDeps().deps,
      ),
    ).toThrow('session name');
  });
});

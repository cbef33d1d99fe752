import type { CredentialSourceConfig } from '../../config/types.js';
import type { ApiCaller } from '../types.js';
import { AssumeRoleProvider } from './assume-role.js';
import { createDefaultChain } from './chain.js';
import { CvmRoleCredentialProvider } from './cvm-role.js';
import { EnvCredentialProvider } from './env.js';
import { CredentialSourceError } from './errors.js';
import { ProfileCredentialProvider } from './profile.js';
import { StaticCredentialProvider } from './static.js';
import type { CredentialProvider, Credentials } from './types.js';
import { WebIdentityProvider } from './web-identity.js';

export interface CredentialProviderDeps {
  /**
   * Builds an STS client that signs with `source` (for AssumeRole) or only sends unsigned
   * requests (web identity: `source` then refuses to give credentials). `stsEndpoint` replaces
   * `https://sts.tencentcloudapi.com` when set. The providers send the region per call.
   */
  stsCaller(source: CredentialProvider, stsEndpoint?: string): ApiCaller;
  /** The provider of another configured account, for `assume_role.from: { type: account }`. */
  accountProvider(name: string): CredentialProvider;
  readonly env?: NodeJS.ProcessEnv;
  readonly homeDir?: string;
}

/** Stands in for credentials on the unsigned AssumeRoleWithWebIdentity call; a client that asks for them has a bug. */
const UNSIGNED: CredentialProvider = {
  source: 'unsigned',
  getCredentials(): Promise<Credentials> {
    return Promise.reject(
      new CredentialSourceError('unsigned', 'this STS client only sends unsigned requests'),
    );
  },
};

/** Builds the provider a `CredentialSourceConfig` describes. */
export function createCredentialProvider(
  config: CredentialSourceConfig,
  deps: CredentialProviderDeps,
): CredentialProvider {
  switch (config.type) {
    case 'static':
      return new StaticCredentialProvider(config.secretId, config.secretKey, config.token);
    case 'env':
      return new EnvCredentialProvider(deps.env);
    case 'profile':
      return new ProfileCredentialProvider({
        file: config.file,
        profile: config.profile,
        env: deps.env,
        homeDir: deps.homeDir,
      });
    case 'cvm_role':
      return new CvmRoleCredentialProvider({
        roleName: config.roleName,
        metadataEndpoint: config.metadataEndpoint,
      });
    case 'assume_role': {
      const from = config.from;
      const source =
        from.type === 'account' ? deps.accountProvider(from.account) : createCredentialProvider(from, deps);
      return new AssumeRoleProvider({
        caller: deps.stsCaller(source, config.stsEndpoint),
        roleArn: config.roleArn,
        sessionName: config.sessionName,
        durationSeconds: config.durationSeconds,
        externalId: config.externalId,
      });
    }
    case 'web_identity':
      return new WebIdentityProvider({
        caller: deps.stsCaller(UNSIGNED, config.stsEndpoint),
        region: config.region,
        providerId: config.providerId,
        tokenFile: config.tokenFile,
        roleArn: config.roleArn,
        sessionName: config.sessionName,
        env: deps.env,
      });
    case 'chain':
      return createDefaultChain({
        env: deps.env,
        homeDir: deps.homeDir,
        webIdentityCaller: deps.stsCaller(UNSIGNED),
      });
    default: {
      const unknown: never = config;
      throw new CredentialSourceError(
        'config',
        `unknown credential source type ${JSON.stringify((unknown as { type?: unknown }).type)}`,
      );
    }
  }
}

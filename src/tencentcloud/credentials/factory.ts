import type { CredentialsConfig } from '../../config/index.js';
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
  /** The provider of another configured account, for `assume_role.from_account`. */
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

/** Builds the provider a config file's `credentials` block describes (secrets already read). */
export function createCredentialProvider(
  config: CredentialsConfig,
  deps: CredentialProviderDeps,
): CredentialProvider {
  switch (config.source) {
    case 'static':
      if (config.secret_id === undefined || config.secret_key === undefined) {
        throw new CredentialSourceError(
          'static',
          'the key pair has not been read (resolve the config first)',
        );
      }
      return new StaticCredentialProvider(config.secret_id, config.secret_key, config.session_token);
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
        roleName: config.role_name,
        metadataEndpoint: config.metadata_endpoint,
      });
    case 'assume_role': {
      const source =
        config.from_account !== undefined
          ? deps.accountProvider(config.from_account)
          : createCredentialProvider(config.from ?? { source: 'chain' }, deps);
      return new AssumeRoleProvider({
        caller: deps.stsCaller(source, config.sts_endpoint),
        roleArn: config.role_arn,
        sessionName: config.session_name,
        durationSeconds: config.duration_seconds,
        externalId: config.external_id,
      });
    }
    case 'web_identity':
      return new WebIdentityProvider({
        caller: deps.stsCaller(UNSIGNED, config.sts_endpoint),
        region: config.region,
        providerId: config.provider_id,
        tokenFile: config.token_file,
        roleArn: config.role_arn,
        sessionName: config.session_name,
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
        `unknown credential source ${JSON.stringify((unknown as { source?: unknown }).source)}`,
      );
    }
  }
}

export { AssumeRoleProvider, type AssumeRoleProviderOptions } from './assume-role.js';
export { ChainCredentialProvider, createDefaultChain, type DefaultChainOptions } from './chain.js';
export {
  CvmRoleCredentialProvider,
  type CvmRoleProviderOptions,
  DEFAULT_METADATA_ENDPOINT,
  metadataCredentialsUrl,
} from './cvm-role.js';
export {
  ENV_SECRET_ID,
  ENV_SECRET_KEY,
  ENV_SECURITY_TOKEN,
  ENV_SESSION_TOKEN,
  EnvCredentialProvider,
} from './env.js';
export { CredentialsError } from './errors.js';
export { type CredentialProviderDeps, createCredentialProvider } from './factory.js';
export {
  DEFAULT_PROFILE,
  ENV_CREDENTIALS_FILE,
  ProfileCredentialProvider,
  type ProfileProviderOptions,
  resolveProfileFile,
} from './profile.js';
export { RefreshingCredentialProvider, type RefreshingProviderOptions } from './refreshing.js';
export { StaticCredentialProvider } from './static.js';
export { validateRoleInputs } from './sts.js';
export type { CredentialProvider, Credentials } from './types.js';
export {
  ENV_TKE_PROVIDER_ID,
  ENV_TKE_REGION,
  ENV_TKE_ROLE_ARN,
  ENV_TKE_TOKEN_FILE,
  WebIdentityProvider,
  type WebIdentityProviderOptions,
} from './web-identity.js';

import { CredentialSourceError } from './errors.js';
import type { CredentialProvider, Credentials } from './types.js';

export const ENV_SECRET_ID = 'TENCENTCLOUD_SECRET_ID';
export const ENV_SECRET_KEY = 'TENCENTCLOUD_SECRET_KEY';
export const ENV_SESSION_TOKEN = 'TENCENTCLOUD_SESSION_TOKEN';
/** The name Terraform's provider uses for the same token. */
export const ENV_SECURITY_TOKEN = 'TENCENTCLOUD_SECURITY_TOKEN';

/**
 * Credentials from `TENCENTCLOUD_SECRET_ID` / `TENCENTCLOUD_SECRET_KEY` and an optional
 * `TENCENTCLOUD_SESSION_TOKEN` (or `TENCENTCLOUD_SECURITY_TOKEN`). Read at every call so that a
 * test or a supervisor changing the environment is seen; empty values count as missing.
 */
export class EnvCredentialProvider implements CredentialProvider {
  readonly source = 'env';
  readonly #env: NodeJS.ProcessEnv;

  constructor(env: NodeJS.ProcessEnv = process.env) {
    this.#env = env;
  }

  getCredentials(): Promise<Credentials> {
    try {
      return Promise.resolve(this.#read());
    } catch (err) {
      return Promise.reject(err);
    }
  }

  #read(): Credentials {
    const secretId = this.#env[ENV_SECRET_ID];
    const secretKey = this.#env[ENV_SECRET_KEY];
    if (!secretId) throw new CredentialSourceError(this.source, `${ENV_SECRET_ID} is not set`);
    if (!secretKey) throw new CredentialSourceError(this.source, `${ENV_SECRET_KEY} is not set`);
    const token = this.#env[ENV_SESSION_TOKEN] || this.#env[ENV_SECURITY_TOKEN];
    return token ? { secretId, secretKey, token } : { secretId, secretKey };
  }
}

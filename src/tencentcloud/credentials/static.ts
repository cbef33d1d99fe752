import { CredentialSourceError } from './errors.js';
import type { CredentialProvider, Credentials } from './types.js';

/** Fixed credentials, e.g. `secret_id` / `secret_key` from the YAML config. */
export class StaticCredentialProvider implements CredentialProvider {
  readonly source = 'static';
  readonly #credentials: Credentials;

  constructor(secretId: string, secretKey: string, token?: string) {
    if (!secretId) throw new CredentialSourceError(this.source, 'secret id is empty');
    if (!secretKey) throw new CredentialSourceError(this.source, 'secret key is empty');
    this.#credentials = Object.freeze(token ? { secretId, secretKey, token } : { secretId, secretKey });
  }

  getCredentials(): Promise<Credentials> {
    return Promise.resolve(this.#credentials);
  }
}

/** A key pair, plus a session token and expiry when the credentials are temporary. */
export interface Credentials {
  readonly secretId: string;
  readonly secretKey: string;
  /** Sent as `X-TC-Token`; present only for temporary credentials. */
  readonly token?: string;
  /** Unix epoch milliseconds after which the credentials are no longer valid. */
  readonly expiresAt?: number;
}

/**
 * Where an account's credentials come from. Implementations cache and refresh on their own;
 * concurrent callers of `getCredentials()` must share one in-flight refresh.
 */
export interface CredentialProvider {
  /** A short, secret-free name for logs and errors, e.g. `static`, `env`, `assume-role:qcs::cam::uin/1:roleName/r`. */
  readonly source: string;
  getCredentials(): Promise<Credentials>;
}

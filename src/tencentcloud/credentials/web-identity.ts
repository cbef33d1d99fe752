import { readSmallFile } from '../../util/bounded-file.js';
import { assumeRoleWithWebIdentity } from '../apis/sts.js';
import type { ApiCaller } from '../types.js';
import { CredentialSourceError, describeCause } from './errors.js';
import { RefreshingProvider, type RefreshOptions } from './refreshing.js';
import { DEFAULT_DURATION_SECONDS, DEFAULT_SESSION_NAME, validateRoleInputs } from './sts.js';
import type { Credentials } from './types.js';

export const ENV_TKE_REGION = 'TKE_REGION';
export const ENV_TKE_PROVIDER_ID = 'TKE_PROVIDER_ID';
export const ENV_TKE_TOKEN_FILE = 'TKE_WEB_IDENTITY_TOKEN_FILE';
export const ENV_TKE_ROLE_ARN = 'TKE_ROLE_ARN';

export interface WebIdentityProviderOptions extends RefreshOptions {
  /** The STS client. The call is sent unsigned, so the client needs no credentials. */
  readonly caller: ApiCaller;
  /** Each of these falls back to its `TKE_*` environment variable; the region is sent as `X-TC-Region`. */
  readonly region?: string;
  readonly providerId?: string;
  readonly tokenFile?: string;
  readonly roleArn?: string;
  /** Default `tencentcloud-scan-exporter`. */
  readonly sessionName?: string;
  /** 900..43200; default 7200. */
  readonly durationSeconds?: number;
  readonly env?: NodeJS.ProcessEnv;
}

interface Inputs {
  readonly region: string;
  readonly providerId: string;
  readonly tokenFile: string;
  readonly roleArn: string;
}

/**
 * TKE workload identity: exchanges the pod's OIDC token (a file the kubelet rotates, so it is
 * read again at every refresh) for temporary role credentials with STS AssumeRoleWithWebIdentity.
 * Missing inputs are reported at the first `getCredentials()`, not at construction, so that the
 * default chain can hold this provider on machines that are not TKE pods.
 */
export class WebIdentityProvider extends RefreshingProvider {
  readonly #options: WebIdentityProviderOptions;
  readonly #sessionName: string;
  readonly #durationSeconds: number;

  constructor(options: WebIdentityProviderOptions) {
    const roleArn = options.roleArn || (options.env ?? process.env)[ENV_TKE_ROLE_ARN];
    super(roleArn ? `web-identity:${roleArn}` : 'web-identity', options);
    this.#options = options;
    this.#sessionName = options.sessionName || DEFAULT_SESSION_NAME;
    this.#durationSeconds = options.durationSeconds ?? DEFAULT_DURATION_SECONDS;
    validateRoleInputs(this.source, {
      sessionName: this.#sessionName,
      durationSeconds: this.#durationSeconds,
    });
  }

  #inputs(): Inputs {
    const o = this.#options;
    const env = o.env ?? process.env;
    const pick = (value: string | undefined, name: string) => ({ value: value || env[name] || '', name });
    const fields = {
      region: pick(o.region, ENV_TKE_REGION),
      providerId: pick(o.providerId, ENV_TKE_PROVIDER_ID),
      tokenFile: pick(o.tokenFile, ENV_TKE_TOKEN_FILE),
      roleArn: pick(o.roleArn, ENV_TKE_ROLE_ARN),
    };
    const missing = Object.values(fields)
      .filter((f) => f.value === '')
      .map((f) => f.name);
    if (missing.length > 0) {
      throw new CredentialSourceError(this.source, `not configured: ${missing.join(', ')} not set`);
    }
    return {
      region: fields.region.value,
      providerId: fields.providerId.value,
      tokenFile: fields.tokenFile.value,
      roleArn: fields.roleArn.value,
    };
  }

  protected async fetchCredentials(): Promise<Credentials> {
    const inputs = this.#inputs();
    let token: string;
    try {
      token = (await readSmallFile(inputs.tokenFile)).trim();
    } catch (err) {
      throw new CredentialSourceError(
        this.source,
        `cannot read token file ${inputs.tokenFile}: ${describeCause(err)}`,
        {
          cause: err,
        },
      );
    }
    if (token === '') throw new CredentialSourceError(this.source, `token file ${inputs.tokenFile} is empty`);
    try {
      return await assumeRoleWithWebIdentity(this.#options.caller, {
        providerId: inputs.providerId,
        webIdentityToken: token,
        roleArn: inputs.roleArn,
        roleSessionName: this.#sessionName,
        durationSeconds: this.#durationSeconds,
        region: inputs.region,
      });
    } catch (err) {
      throw new CredentialSourceError(
        this.source,
        `STS AssumeRoleWithWebIdentity failed: ${describeCause(err)}`,
        {
          cause: err,
        },
      );
    }
  }
}

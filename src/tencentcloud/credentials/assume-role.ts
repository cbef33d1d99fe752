import type { ApiCaller } from '../types.js';
import { CredentialsError, describeCause } from './errors.js';
import { RefreshingCredentialProvider, type RefreshingProviderOptions } from './refreshing.js';
import {
  ASSUME_ROLE,
  DEFAULT_DURATION_SECONDS,
  parseStsCredentials,
  STS_DEFAULT_REGION,
  validateRoleInputs,
} from './sts.js';
import type { CredentialProvider, Credentials } from './types.js';

export interface AssumeRoleProviderOptions extends Omit<RefreshingProviderOptions, 'source' | 'fetch'> {
  /** A client for STS, already built with the *source* credentials (the ones allowed to assume the role). */
  readonly caller: ApiCaller;
  /** e.g. `qcs::cam::uin/100000000001:roleName/scan-reader` */
  readonly roleArn: string;
  /** 2–128 characters of `[\w+=,.@-]`; shows up in the target account's CloudAudit. */
  readonly sessionName: string;
  /** 900..43200; default 7200. */
  readonly durationSeconds?: number;
  readonly externalId?: string;
  /** Sent as `X-TC-Region`; default `ap-guangzhou`, as the SDKs do. */
  readonly region?: string;
}

/** Temporary credentials of a role (usually in another account), from STS AssumeRole, refreshed before they expire. */
export class AssumeRoleProvider implements CredentialProvider {
  readonly source: string;
  readonly #refreshing: RefreshingCredentialProvider;
  readonly #caller: ApiCaller;
  readonly #payload: Record<string, unknown>;
  readonly #region: string;

  constructor(options: AssumeRoleProviderOptions) {
    this.source = `assume-role:${options.roleArn}`;
    const durationSeconds = options.durationSeconds ?? DEFAULT_DURATION_SECONDS;
    validateRoleInputs(this.source, {
      roleArn: options.roleArn,
      sessionName: options.sessionName,
      durationSeconds,
    });
    this.#caller = options.caller;
    this.#region = options.region || STS_DEFAULT_REGION;
    this.#payload = {
      RoleArn: options.roleArn,
      RoleSessionName: options.sessionName,
      DurationSeconds: durationSeconds,
      ...(options.externalId ? { ExternalId: options.externalId } : {}),
    };
    this.#refreshing = new RefreshingCredentialProvider({
      ...options,
      source: this.source,
      fetch: () => this.#fetch(),
    });
  }

  getCredentials(): Promise<Credentials> {
    return this.#refreshing.getCredentials();
  }

  async #fetch(): Promise<Credentials> {
    let response: Awaited<ReturnType<ApiCaller['call']>>;
    try {
      response = await this.#caller.call(ASSUME_ROLE, this.#payload, { region: this.#region });
    } catch (err) {
      throw new CredentialsError(
        this.source,
        `STS AssumeRole as account ${this.#caller.account} failed: ${describeCause(err)}`,
        { cause: err },
      );
    }
    return parseStsCredentials(this.source, 'AssumeRole', response);
  }
}

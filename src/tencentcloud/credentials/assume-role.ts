import { type AssumeRoleInput, assumeRole } from '../apis/sts.js';
import type { ApiCaller } from '../types.js';
import { CredentialsError, describeCause } from './errors.js';
import { RefreshingCredentialProvider, type RefreshingProviderOptions } from './refreshing.js';
import { DEFAULT_DURATION_SECONDS, validateRoleInputs } from './sts.js';
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
  readonly #input: AssumeRoleInput;

  constructor(options: AssumeRoleProviderOptions) {
    this.source = `assume-role:${options.roleArn}`;
    const durationSeconds = options.durationSeconds ?? DEFAULT_DURATION_SECONDS;
    validateRoleInputs(this.source, {
      roleArn: options.roleArn,
      sessionName: options.sessionName,
      durationSeconds,
    });
    this.#caller = options.caller;
    this.#input = {
      roleArn: options.roleArn,
      roleSessionName: options.sessionName,
      durationSeconds,
      externalId: options.externalId || undefined,
      region: options.region || undefined,
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
    try {
      return await assumeRole(this.#caller, this.#input);
    } catch (err) {
      throw new CredentialsError(
        this.source,
        `STS AssumeRole as account ${this.#caller.account} failed: ${describeCause(err)}`,
        { cause: err },
      );
    }
  }
}

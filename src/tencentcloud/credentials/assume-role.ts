import { type AssumeRoleInput, assumeRole } from '../apis/sts.js';
import type { ApiCaller } from '../types.js';
import { CredentialSourceError, describeCause } from './errors.js';
import { RefreshingProvider, type RefreshOptions } from './refreshing.js';
import { DEFAULT_DURATION_SECONDS, validateRoleInputs } from './sts.js';
import type { Credentials } from './types.js';

export interface AssumeRoleProviderOptions extends RefreshOptions {
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
export class AssumeRoleProvider extends RefreshingProvider {
  readonly #caller: ApiCaller;
  readonly #input: AssumeRoleInput;

  constructor(options: AssumeRoleProviderOptions) {
    super(`assume-role:${options.roleArn}`, options);
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
  }

  protected async fetchCredentials(): Promise<Credentials> {
    try {
      return await assumeRole(this.#caller, this.#input);
    } catch (err) {
      throw new CredentialSourceError(
        this.source,
        `STS AssumeRole as account ${this.#caller.account} failed: ${describeCause(err)}`,
        { cause: err },
      );
    }
  }
}

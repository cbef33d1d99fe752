import type { ActionSpec, ApiResponse } from '../types.js';
import { CredentialsError } from './errors.js';
import type { Credentials } from './types.js';

export const STS_VERSION = '2018-08-13';
/** The region the SDKs use for STS when none is given. */
export const STS_DEFAULT_REGION = 'ap-guangzhou';
export const ASSUME_ROLE: ActionSpec = { service: 'sts', version: STS_VERSION, action: 'AssumeRole' };
export const ASSUME_ROLE_WITH_WEB_IDENTITY: ActionSpec = {
  service: 'sts',
  version: STS_VERSION,
  action: 'AssumeRoleWithWebIdentity',
};

export const DEFAULT_DURATION_SECONDS = 7200;
export const MIN_DURATION_SECONDS = 900;
export const MAX_DURATION_SECONDS = 43200;
const SESSION_NAME = /^[\w+=,.@-]{2,128}$/;

/** Throws a CredentialsError when the inputs STS would reject are wrong, so config errors show at start-up. */
export function validateRoleInputs(
  source: string,
  inputs: { roleArn?: string; sessionName: string; durationSeconds: number },
): void {
  if (inputs.roleArn !== undefined && inputs.roleArn.trim() === '') {
    throw new CredentialsError(source, 'role ARN is empty');
  }
  if (!SESSION_NAME.test(inputs.sessionName)) {
    throw new CredentialsError(
      source,
      `session name ${JSON.stringify(inputs.sessionName.slice(0, 140))} must be 2 to 128 characters of letters, digits and +=,.@_-`,
    );
  }
  const d = inputs.durationSeconds;
  if (!Number.isInteger(d) || d < MIN_DURATION_SECONDS || d > MAX_DURATION_SECONDS) {
    throw new CredentialsError(
      source,
      `duration ${d} s must be a whole number of seconds from ${MIN_DURATION_SECONDS} to ${MAX_DURATION_SECONDS}`,
    );
  }
}

/** Reads `Credentials{TmpSecretId,TmpSecretKey,Token}` and `ExpiredTime` (or `Expiration`) of an STS answer. */
export function parseStsCredentials(source: string, action: string, response: ApiResponse): Credentials {
  const creds = (
    typeof response.Credentials === 'object' && response.Credentials !== null ? response.Credentials : {}
  ) as Record<string, unknown>;
  const missing = ['TmpSecretId', 'TmpSecretKey', 'Token'].filter(
    (k) => typeof creds[k] !== 'string' || creds[k] === '',
  );
  const expiresAt = expiry(response);
  if (expiresAt === undefined) missing.push('ExpiredTime');
  if (missing.length > 0) {
    // Only field names: the response holds secrets.
    throw new CredentialsError(source, `${action} response lacks ${missing.join(', ')}`);
  }
  return {
    secretId: creds.TmpSecretId as string,
    secretKey: creds.TmpSecretKey as string,
    token: creds.Token as string,
    expiresAt,
  };
}

function expiry(response: ApiResponse): number | undefined {
  const seconds = response.ExpiredTime;
  if (typeof seconds === 'number' && Number.isFinite(seconds)) return seconds * 1000;
  if (typeof seconds === 'string' && /^\d+$/.test(seconds)) return Number(seconds) * 1000;
  if (typeof response.Expiration === 'string') {
    const ms = Date.parse(response.Expiration);
    if (Number.isFinite(ms)) return ms;
  }
  return undefined;
}

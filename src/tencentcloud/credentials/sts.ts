import { CredentialSourceError } from './errors.js';

/** Role-session inputs are checked when a provider is built, so config mistakes show at start-up. */

// The rules STS applies to role sessions; the config schema checks the same ones, from here.
export const DEFAULT_DURATION_SECONDS = 7200;
export const MIN_DURATION_SECONDS = 900;
export const MAX_DURATION_SECONDS = 43200;
export const SESSION_NAME = /^[\w+=,.@-]{2,128}$/;
export const SESSION_NAME_RULE = '2 to 128 characters of letters, digits and +=,.@_-';
/** Shows up in the target account's CloudAudit. */
export const DEFAULT_SESSION_NAME = 'tencentcloud-scan-exporter';

/** Throws a CredentialSourceError when the inputs STS would reject are wrong, so config errors show at start-up. */
export function validateRoleInputs(
  source: string,
  inputs: { roleArn?: string; sessionName: string; durationSeconds: number },
): void {
  if (inputs.roleArn !== undefined && inputs.roleArn.trim() === '') {
    throw new CredentialSourceError(source, 'role ARN is empty');
  }
  if (!SESSION_NAME.test(inputs.sessionName)) {
    throw new CredentialSourceError(
      source,
      `session name ${JSON.stringify(inputs.sessionName.slice(0, 140))} must be ${SESSION_NAME_RULE}`,
    );
  }
  const d = inputs.durationSeconds;
  if (!Number.isInteger(d) || d < MIN_DURATION_SECONDS || d > MAX_DURATION_SECONDS) {
    throw new CredentialSourceError(
      source,
      `duration ${d} s must be a whole number of seconds from ${MIN_DURATION_SECONDS} to ${MAX_DURATION_SECONDS}`,
    );
  }
}

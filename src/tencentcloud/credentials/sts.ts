import { CredentialsError } from './errors.js';

/** Role-session inputs are checked when a provider is built, so config mistakes show at start-up. */

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

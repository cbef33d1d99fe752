/** STS (2018-08-13): AssumeRole (signed by the caller) and AssumeRoleWithWebIdentity (unsigned). */
import type { AccountRecord } from '../accounts.js';
import { ApiError } from '../api-error.js';
import { optionalInteger, optionalString, requiredString } from './input.js';
import type { ActionContext, ActionDefinition, SimulatorState } from './types.js';

export const STS_SERVICE = 'sts';
export const STS_VERSION = '2018-08-13';

const MAX_DURATION_SECONDS = 43_200;
const ROLE_ARN_PATTERN = /^qcs::cam::uin\/(\d+):roleName\/([\w+=,.@-]{1,128})$/;
const SESSION_NAME_PATTERN = /^[\w+=,.@-]{2,128}$/;

/** The account a RoleArn names (by uin). */
function roleAccount(input: Record<string, unknown>, sim: SimulatorState): AccountRecord {
  const roleArn = requiredString(input, 'RoleArn');
  const match = ROLE_ARN_PATTERN.exec(roleArn);
  if (!match) {
    throw new ApiError(
      'InvalidParameterValue',
      'RoleArn must look like qcs::cam::uin/<uin>:roleName/<name>.',
    );
  }
  const account = sim.accounts.byUin(match[1]!);
  if (!account) throw new ApiError('InvalidParameter.RoleNotExist', 'The role does not exist.');
  return account;
}

function issueCredentials({ account, input, nowMs, sim }: ActionContext) {
  const sessionName = requiredString(input, 'RoleSessionName');
  if (!SESSION_NAME_PATTERN.test(sessionName)) {
    throw new ApiError('InvalidParameterValue', 'RoleSessionName must be 2-128 characters of [\\w+=,.@-].');
  }
  const duration =
    optionalInteger(input, 'DurationSeconds', { min: 1, max: MAX_DURATION_SECONDS }) ??
    sim.tempCredentialSeconds;
  const credential = sim.accounts.issueTemporary(account, duration, nowMs);
  return {
    Credentials: {
      Token: credential.token,
      TmpSecretId: credential.secretId,
      TmpSecretKey: credential.secretKey,
    },
    ExpiredTime: Math.floor(credential.expiresAtMs / 1000),
    Expiration: new Date(credential.expiresAtMs).toISOString().replace(/\.\d{3}Z$/, 'Z'),
  };
}

function assumeRole(context: ActionContext) {
  const target = roleAccount(context.input, context.sim);
  optionalString(context.input, 'ExternalId');
  return issueCredentials({ ...context, account: target });
}

function assumeRoleWithWebIdentity(context: ActionContext) {
  requiredString(context.input, 'ProviderId');
  const token = requiredString(context.input, 'WebIdentityToken');
  if (context.sim.webIdentityToken === undefined || token !== context.sim.webIdentityToken) {
    throw new ApiError('InvalidParameter.WebIdentityTokenError', 'The web identity token is invalid.');
  }
  return issueCredentials(context);
}

export const stsActions: Record<string, ActionDefinition> = {
  AssumeRole: { service: STS_SERVICE, version: STS_VERSION, handle: assumeRole },
  AssumeRoleWithWebIdentity: {
    service: STS_SERVICE,
    version: STS_VERSION,
    handle: assumeRoleWithWebIdentity,
    unsignedAccount: roleAccount,
  },
};

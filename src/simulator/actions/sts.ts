/** STS (2018-08-13): AssumeRole (signed by the caller) and AssumeRoleWithWebIdentity (unsigned). */
import { API_ACTIONS, type ExampleResponse } from '../../api-models/actions.js';
import type { AccountRecord } from '../accounts.js';
import { SimulatedApiError } from '../api-error.js';
import { optionalInteger, optionalString, requiredString } from './input.js';
import type { ActionContext, ActionDefinition, SimulatorState } from './types.js';

export const STS_SERVICE = API_ACTIONS.AssumeRole.service;
export const STS_VERSION = API_ACTIONS.AssumeRole.version;

const MAX_DURATION_SECONDS = 43_200;
/**
 * The forms the SDK model documents: `roleName/<name>`, `role/<id>`, and the service roles
 * `role/tencentcloudServiceRole/<id>` and `role/tencentcloudServiceRoleName/<name>`.
 */
const ROLE_ARN_PATTERN =
  /^qcs::cam::uin\/(\d+):(?:roleName\/[\w+=,.@-]{1,128}|role\/\d{1,20}|role\/tencentcloudServiceRole\/\d{1,20}|role\/tencentcloudServiceRoleName\/[\w+=,.@-]{1,128})$/;
const SESSION_NAME_PATTERN = /^[\w+=,.@-]{2,128}$/;

/** The account a RoleArn names (by uin). */
function roleAccount(input: Record<string, unknown>, sim: SimulatorState): AccountRecord {
  const roleArn = requiredString(input, 'RoleArn');
  const match = ROLE_ARN_PATTERN.exec(roleArn);
  if (!match) {
    throw new SimulatedApiError(
      'InvalidParameterValue',
      'RoleArn must look like qcs::cam::uin/<uin>:roleName/<name> or qcs::cam::uin/<uin>:role/<id>.',
    );
  }
  const account = sim.accounts.byUin(match[1]!);
  if (!account) throw new SimulatedApiError('ResourceNotFound.RoleNotFound', 'The role does not exist.');
  return account;
}

function issueCredentials({ account, input, nowMs, sim }: ActionContext): ExampleResponse<'AssumeRole'> {
  const sessionName = requiredString(input, 'RoleSessionName');
  if (!SESSION_NAME_PATTERN.test(sessionName)) {
    throw new SimulatedApiError(
      'InvalidParameterValue',
      'RoleSessionName must be 2-128 characters of [\\w+=,.@-].',
    );
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
    throw new SimulatedApiError(
      'InvalidParameter.WebIdentityTokenError',
      'The web identity token is invalid.',
    );
  }
  return issueCredentials(context);
}

export const stsActions: {
  readonly AssumeRole: ActionDefinition<'AssumeRole'>;
  readonly AssumeRoleWithWebIdentity: ActionDefinition<'AssumeRoleWithWebIdentity'>;
} = {
  AssumeRole: { ...API_ACTIONS.AssumeRole, handle: assumeRole },
  AssumeRoleWithWebIdentity: {
    ...API_ACTIONS.AssumeRoleWithWebIdentity,
    handle: assumeRoleWithWebIdentity,
    unsignedAccount: roleAccount,
  },
};

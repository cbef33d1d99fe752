import { API_ACTIONS, type ModelRequest, type ModelResponse } from '../../api-models/actions.js';
import type { Credentials } from '../credentials/types.js';
import { type ErrorContext, InvalidResponseError } from '../errors.js';
import type { ActionSpec, ApiCaller, CallOptions } from '../types.js';
import { callModel, contextOf, isObject, modelField, requireObject } from './fields.js';

type StsCredentials = NonNullable<ModelResponse<'AssumeRole'>['Credentials']>;

/** STS wants a region even though it is a global service. */
export const DEFAULT_STS_REGION = 'ap-guangzhou';

export const ASSUME_ROLE: ActionSpec = API_ACTIONS.AssumeRole;
export const ASSUME_ROLE_WITH_WEB_IDENTITY: ActionSpec = API_ACTIONS.AssumeRoleWithWebIdentity;

export interface AssumeRoleInput {
  readonly roleArn: string;
  /** 2–128 characters of `[\w+=,.@-]`. */
  readonly roleSessionName: string;
  /** Default 7200, at most 43200. */
  readonly durationSeconds?: number;
  readonly externalId?: string;
  readonly region?: string;
}

export interface AssumeRoleWithWebIdentityInput {
  readonly providerId: string;
  /** The OIDC token (the contents of the token file). */
  readonly webIdentityToken: string;
  readonly roleArn: string;
  readonly roleSessionName: string;
  readonly durationSeconds?: number;
  readonly region?: string;
}

/** Temporary credentials from an STS answer; all or nothing, since half a key pair is useless. */
function parseCredentials(response: unknown, context: ErrorContext): Credentials {
  const source = requireObject(response, context);
  const field = (name: 'Credentials' | 'ExpiredTime' | 'Expiration') =>
    modelField(source, 'AssumeRole', name);
  const credentials = field('Credentials');
  const creds: Partial<Record<keyof StsCredentials, unknown>> = isObject(credentials) ? credentials : {};
  const secretId = creds.TmpSecretId;
  const secretKey = creds.TmpSecretKey;
  const token = creds.Token;
  const expiresAt = expiryMs(field('ExpiredTime'), field('Expiration'));
  const missing = [
    typeof secretId === 'string' && secretId !== '' ? undefined : 'Credentials.TmpSecretId',
    typeof secretKey === 'string' && secretKey !== '' ? undefined : 'Credentials.TmpSecretKey',
    typeof token === 'string' && token !== '' ? undefined : 'Credentials.Token',
    expiresAt === undefined ? 'ExpiredTime' : undefined,
  ].filter((name) => name !== undefined);
  // Names only: the values are secrets.
  if (missing.length > 0) throw new InvalidResponseError(context, 'incomplete', missing.join(', '));
  return {
    secretId: secretId as string,
    secretKey: secretKey as string,
    token: token as string,
    expiresAt,
  };
}

/** `ExpiredTime` (unix seconds), or the ISO `Expiration` when only that is given. */
function expiryMs(seconds: unknown, iso: unknown): number | undefined {
  if (typeof seconds === 'number' && Number.isFinite(seconds) && seconds > 0)
    return Math.floor(seconds * 1000);
  if (typeof seconds === 'string' && /^\d{1,12}$/.test(seconds)) return Number(seconds) * 1000;
  const ms = typeof iso === 'string' ? Date.parse(iso) : Number.NaN;
  return Number.isFinite(ms) ? ms : undefined;
}

/** Cross-account role credentials, signed with the calling account's credentials. */
export async function assumeRole(
  caller: ApiCaller,
  input: AssumeRoleInput,
  options?: CallOptions,
): Promise<Credentials> {
  const request: ModelRequest<'AssumeRole'> = {
    RoleArn: input.roleArn,
    RoleSessionName: input.roleSessionName,
    ...(input.durationSeconds === undefined ? {} : { DurationSeconds: input.durationSeconds }),
    ...(input.externalId === undefined ? {} : { ExternalId: input.externalId }),
  };
  const response = await callModel(caller, 'AssumeRole', request, {
    ...options,
    region: input.region ?? options?.region ?? DEFAULT_STS_REGION,
  });
  return parseCredentials(response, contextOf(caller, ASSUME_ROLE));
}

/** TKE workload identity: the OIDC token is the proof, so the request is sent unsigned. */
export async function assumeRoleWithWebIdentity(
  caller: ApiCaller,
  input: AssumeRoleWithWebIdentityInput,
  options?: CallOptions,
): Promise<Credentials> {
  const response = await callModel(
    caller,
    'AssumeRoleWithWebIdentity',
    {
      ProviderId: input.providerId,
      WebIdentityToken: input.webIdentityToken,
      RoleArn: input.roleArn,
      RoleSessionName: input.roleSessionName,
      ...(input.durationSeconds === undefined ? {} : { DurationSeconds: input.durationSeconds }),
    },
    {
      ...options,
      unsigned: true,
      region: input.region ?? options?.region ?? DEFAULT_STS_REGION,
    },
  );
  return parseCredentials(response, contextOf(caller, ASSUME_ROLE_WITH_WEB_IDENTITY));
}

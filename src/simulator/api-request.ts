/**
 * The Tencent Cloud API 3.0 request pipeline for `POST /`: identify the account, early faults,
 * authenticate (TC3 signature, clock skew, session token), find the action, rate-limit, late
 * faults, then the action itself.
 */
import type { AccountRecord, CredentialOwner } from './accounts.js';
import { checkParams } from './actions/params.js';
import { ACTIONS } from './actions/registry.js';
import type { ActionDefinition } from './actions/types.js';
import { SimulatedApiError } from './api-error.js';
import { type Exchange, UNKNOWN } from './exchange.js';
import {
  deeplyNestedBody,
  EARLY_FAULTS,
  LATE_FAULTS,
  NON_JSON_BODY,
  withNulls,
  withWrongTypes,
} from './faults.js';
import { successBody } from './response-json.js';
import type { Runtime } from './runtime.js';
import {
  canonicalHeaders,
  type ParsedAuthorization,
  parseAuthorization,
  scopeDate,
  signaturesEqual,
  tc3Signature,
} from './tc3.js';
import type { Fault } from './types.js';

const MAX_CLOCK_SKEW_SECONDS = 300;

/** Who sent the request: a signer (with its parsed Authorization) or, unsigned, the account named in the input. */
type Caller =
  | { readonly signed: true; readonly owner: CredentialOwner; readonly auth: ParsedAuthorization }
  | { readonly signed: false; readonly account: AccountRecord; readonly input: Record<string, unknown> };

export async function handleApiRequest(runtime: Runtime, exchange: Exchange): Promise<void> {
  try {
    await answer(runtime, exchange);
  } catch (error) {
    if (error instanceof SimulatedApiError) {
      exchange.error(error.code, error.message);
      return;
    }
    runtime.log?.({ event: 'internal_error', action: exchange.action, error: String(error) });
    exchange.error('InternalError', 'The simulator failed to handle the request.');
  }
}

async function answer(runtime: Runtime, exchange: Exchange): Promise<void> {
  const action = exchange.header('x-tc-action') ?? '';
  if (action) exchange.action = action;
  const definition = ACTIONS.get(action);

  const caller = identify(runtime, exchange, definition);
  const account = caller.signed ? caller.owner.account : caller.account;
  exchange.account = account.name;

  const early = runtime.faults.take(account.name, action || UNKNOWN, EARLY_FAULTS);
  if (early?.kind === 'reset') return exchange.reset('fault:reset');
  if (early?.kind === 'hang') return exchange.hang('fault:hang');
  if (early?.kind === 'latency') await runtime.delay(early.ms);

  const nowMs = runtime.now();
  checkTimestamp(exchange, nowMs, caller);
  if (caller.signed) authenticate(exchange, caller, nowMs);

  if (!definition) throw new SimulatedApiError('InvalidAction', `The action \`${action}\` does not exist.`);
  if (caller.signed && caller.auth.service !== definition.service) {
    throw new SimulatedApiError(
      'AuthFailure.SignatureFailure',
      `The credential scope names service \`${caller.auth.service}\`, but ${action} belongs to \`${definition.service}\`.`,
    );
  }
  checkVersion(exchange, definition);

  if (!runtime.limiter.admit(`${account.name}/${action}`, nowMs)) {
    runtime.counter.throttled++;
    throw new SimulatedApiError(
      'RequestLimitExceeded',
      'Your current request times equals to `20` in a second.',
    );
  }

  const late = runtime.faults.take(account.name, action, LATE_FAULTS);
  if (late && answerWithoutResult(exchange, late)) return;

  const input = caller.signed ? parseInput(exchange) : caller.input;
  checkParams(definition.action, input);
  const fields: Record<string, unknown> = definition.handle({ account, input, nowMs, sim: runtime.state });
  if (late?.kind === 'wrong_types') return exchange.success(withWrongTypes(fields), 'fault:wrong_types');
  if (late?.kind === 'nulls') return exchange.success(withNulls(fields), 'fault:nulls');
  if (late?.kind === 'fields') return exchange.success({ ...fields, ...late.fields }, 'fault:fields');
  if (late?.kind === 'truncated') return sendTruncated(exchange, successBody(fields, exchange.requestId));
  if (late?.kind === 'deep_nesting') {
    const body = deeplyNestedBody(fields, late.depth, exchange.requestId);
    return exchange.send(200, 'application/json', body, 'fault:deep_nesting');
  }
  exchange.success(fields);
}

function identify(runtime: Runtime, exchange: Exchange, definition: ActionDefinition | undefined): Caller {
  const authorization = exchange.header('authorization')?.trim();
  if (!authorization)
    throw new SimulatedApiError('AuthFailure.InvalidAuthorization', 'The Authorization header is missing.');
  if (authorization === 'SKIP') {
    if (!definition?.unsignedAccount) {
      throw new SimulatedApiError(
        'AuthFailure.InvalidAuthorization',
        'Only AssumeRoleWithWebIdentity may be sent unsigned.',
      );
    }
    const input = parseInput(exchange);
    return { signed: false, account: definition.unsignedAccount(input, runtime.state), input };
  }
  const auth = parseAuthorization(authorization);
  if (!auth) {
    throw new SimulatedApiError(
      'AuthFailure.InvalidAuthorization',
      'The Authorization header is not a TC3-HMAC-SHA256 value.',
    );
  }
  const owner = runtime.state.accounts.bySecretId(auth.secretId);
  if (!owner) throw new SimulatedApiError('AuthFailure.SecretIdNotFound', 'The SecretId is not found.');
  return { signed: true, owner, auth };
}

function checkTimestamp(exchange: Exchange, nowMs: number, caller: Caller): void {
  const timestamp = exchange.header('x-tc-timestamp');
  if (!timestamp) {
    throw new SimulatedApiError(
      'MissingParameter',
      'The request is missing a required parameter `Timestamp`.',
    );
  }
  if (!/^\d{1,12}$/.test(timestamp)) {
    throw new SimulatedApiError('InvalidParameter', 'X-TC-Timestamp must be integer unix seconds.');
  }
  const skew = Math.abs(nowMs / 1000 - Number(timestamp));
  if (skew > MAX_CLOCK_SKEW_SECONDS) {
    throw new SimulatedApiError(
      'AuthFailure.SignatureExpire',
      `The request timestamp is ${Math.round(skew)} s away from the server time (limit ${MAX_CLOCK_SKEW_SECONDS} s).`,
    );
  }
  if (caller.signed && caller.auth.date !== scopeDate(Number(timestamp))) {
    throw new SimulatedApiError(
      'AuthFailure.SignatureFailure',
      'The credential scope date is not the UTC date of X-TC-Timestamp.',
    );
  }
}

function authenticate(exchange: Exchange, caller: Extract<Caller, { signed: true }>, nowMs: number): void {
  const { auth, owner } = caller;
  if (!auth.signedHeaders.includes('content-type') || !auth.signedHeaders.includes('host')) {
    throw new SimulatedApiError(
      'AuthFailure.SignatureFailure',
      'SignedHeaders must include content-type and host.',
    );
  }
  const headers = canonicalHeaders(auth.signedHeaders, (name) => exchange.header(name));
  if (headers === undefined) {
    throw new SimulatedApiError(
      'AuthFailure.SignatureFailure',
      'A signed header is missing from the request.',
    );
  }
  const expected = tc3Signature({
    secretKey: owner.temporary?.secretKey ?? owner.account.secretKey,
    service: auth.service,
    timestamp: exchange.header('x-tc-timestamp')!,
    date: auth.date,
    canonicalHeaders: headers,
    signedHeaders: auth.signedHeaders,
    body: exchange.bodyBytes,
  });
  if (!signaturesEqual(expected, auth.signature)) {
    throw new SimulatedApiError(
      'AuthFailure.SignatureFailure',
      'The provided credentials could not be validated.',
    );
  }
  const temporary = owner.temporary;
  if (temporary) {
    const token = exchange.header('x-tc-token');
    if (!token)
      throw new SimulatedApiError('AuthFailure.TokenFailure', 'Temporary credentials need X-TC-Token.');
    if (token !== temporary.token)
      throw new SimulatedApiError('AuthFailure.TokenFailure', 'The token is invalid.');
    if (nowMs >= temporary.expiresAtMs)
      throw new SimulatedApiError('AuthFailure.TokenFailure', 'The token has expired.');
  }
}

function checkVersion(exchange: Exchange, definition: ActionDefinition): void {
  const version = exchange.header('x-tc-version');
  if (!version)
    throw new SimulatedApiError('MissingParameter', 'The request is missing a required parameter `Version`.');
  if (version !== definition.version) {
    throw new SimulatedApiError(
      'NoSuchVersion',
      `The API version \`${version}\` does not exist for ${exchange.action}.`,
    );
  }
}

function parseInput(exchange: Exchange): Record<string, unknown> {
  const contentType = exchange.header('content-type')?.toLowerCase() ?? '';
  if (!contentType.startsWith('application/json')) {
    throw new SimulatedApiError(
      'InvalidParameter',
      'The simulator accepts only Content-Type application/json.',
    );
  }
  let input: unknown;
  try {
    input = JSON.parse(exchange.bodyBytes.toString('utf8'));
  } catch {
    throw new SimulatedApiError('InvalidParameter.ParsingError', 'The request body is not valid JSON.');
  }
  if (typeof input !== 'object' || input === null || Array.isArray(input)) {
    throw new SimulatedApiError('InvalidParameter.ParsingError', 'The request body must be a JSON object.');
  }
  return input as Record<string, unknown>;
}

/** Answers faults that replace the answer entirely; false for faults that rewrite the normal answer. */
function answerWithoutResult(exchange: Exchange, fault: Fault): boolean {
  switch (fault.kind) {
    case 'http_status':
      exchange.send(
        fault.status,
        'text/html; charset=utf-8',
        `<html><head><title>${fault.status}</title></head><body><h1>${fault.status} Error</h1><hr><center>nginx</center></body></html>`,
        'fault:http_status',
        fault.retryAfter === undefined ? {} : { 'Retry-After': fault.retryAfter },
      );
      return true;
    case 'non_json':
      exchange.send(200, 'text/html; charset=utf-8', NON_JSON_BODY, 'fault:non_json');
      return true;
    case 'error':
      exchange.error(fault.code, fault.message ?? `Injected error ${fault.code}.`);
      return true;
    default:
      return false;
  }
}

/** The first half of a valid answer, with a Content-Length that matches the cut body. */
export function sendTruncated(exchange: Exchange, fullBody: string): void {
  const bytes = Buffer.from(fullBody);
  exchange.send(
    200,
    'application/json',
    bytes.subarray(0, Math.max(1, Math.floor(bytes.length / 2))),
    'fault:truncated',
  );
}

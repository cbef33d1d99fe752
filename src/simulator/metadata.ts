/**
 * The CVM instance metadata credential endpoints. Faults set on the account name `metadata`
 * apply here (e.g. `hang`, to test a client's metadata timeout).
 */
import type { TemporaryCredential } from './accounts.js';
import { sendTruncated } from './api-request.js';
import type { Exchange } from './exchange.js';
import { ALL_FAULTS, NON_JSON_BODY, withNulls, withWrongTypes } from './faults.js';
import { toJson } from './response-json.js';
import type { Runtime } from './runtime.js';
import type { SimulatorOptions } from './types.js';

export const METADATA_ACCOUNT = 'metadata';
export const METADATA_PREFIX = '/latest/meta-data/cam/security-credentials';

type MetadataRole = NonNullable<SimulatorOptions['metadataRole']>;

export class MetadataService {
  private current?: TemporaryCredential;

  constructor(
    private readonly runtime: Runtime,
    private readonly role: MetadataRole | undefined,
  ) {}

  async handle(exchange: Exchange, path: string): Promise<void> {
    const roleName = decodeURIComponent(path.slice(METADATA_PREFIX.length).replace(/^\/+|\/+$/g, ''));
    exchange.account = METADATA_ACCOUNT;
    exchange.action = roleName === '' ? 'MetadataRoleName' : 'MetadataCredentials';
    if (exchange.req.method !== 'GET')
      return exchange.send(405, 'text/plain', 'Method Not Allowed', 'HttpError');

    const fault = this.runtime.faults.take(METADATA_ACCOUNT, exchange.action, ALL_FAULTS);
    switch (fault?.kind) {
      case 'reset':
        return exchange.reset('fault:reset');
      case 'hang':
        return exchange.hang('fault:hang');
      case 'latency':
        await this.runtime.delay(fault.ms);
        break;
      case 'http_status':
        return exchange.send(fault.status, 'text/html', `<h1>${fault.status}</h1>`, 'fault:http_status');
      case 'non_json':
        return exchange.send(200, 'text/html; charset=utf-8', NON_JSON_BODY, 'fault:non_json');
      case 'error':
        return exchange.send(
          200,
          'application/json',
          toJson({ Code: fault.code, Message: fault.message ?? '' }),
          fault.code,
        );
    }

    if (!this.role) return exchange.send(404, 'text/plain', 'Not Found', 'HttpError');
    if (roleName === '') return exchange.send(200, 'text/plain', this.role.roleName, 'Success');
    const account = this.runtime.state.accounts.byName(this.role.account);
    if (roleName !== this.role.roleName || !account) {
      return exchange.send(404, 'text/plain', 'Not Found', 'HttpError');
    }

    const credential = this.credential(account);
    const fields: Record<string, unknown> = {
      TmpSecretId: credential.secretId,
      TmpSecretKey: credential.secretKey,
      Token: credential.token,
      ExpiredTime: Math.floor(credential.expiresAtMs / 1000),
      Expiration: new Date(credential.expiresAtMs).toISOString().replace(/\.\d{3}Z$/, 'Z'),
      Code: 'Success',
    };
    if (fault?.kind === 'truncated') return sendTruncated(exchange, toJson(fields));
    const body =
      fault?.kind === 'wrong_types'
        ? withWrongTypes(fields)
        : fault?.kind === 'nulls'
          ? withNulls(fields)
          : fields;
    exchange.send(200, 'application/json', toJson(body), fault ? `fault:${fault.kind}` : 'Success');
  }

  // Like the real endpoint, hand out the same credentials until they are close to expiry.
  private credential(account: TemporaryCredential['account']): TemporaryCredential {
    const lifetimeSeconds = this.role?.durationSeconds ?? this.runtime.state.tempCredentialSeconds;
    const nowMs = this.runtime.now();
    const renewAtMs = (this.current?.expiresAtMs ?? 0) - Math.min(300_000, (lifetimeSeconds * 1000) / 2);
    if (!this.current || this.current.account !== account || nowMs >= renewAtMs) {
      this.current = this.runtime.state.accounts.issueTemporary(account, lifetimeSeconds, nowMs);
    }
    return this.current;
  }
}

/**
 * A tiny TC3-HMAC-SHA256 signer for the simulator's tests, written from the documented algorithm
 * (not shared with src/tencentcloud, so the two implementations check each other).
 */
import { createHash, createHmac } from 'node:crypto';

export interface SignInput {
  readonly secretId: string;
  readonly secretKey: string;
  readonly service: string;
  readonly host: string;
  readonly timestamp: number;
  readonly body: string;
  readonly contentType?: string;
  /** Header name → value (lower-case names); content-type and host are filled in. */
  readonly signedHeaders?: Record<string, string>;
}

const sha256 = (data: string) => createHash('sha256').update(data).digest('hex');
const hmac = (key: string | Buffer, data: string) => createHmac('sha256', key).update(data).digest();

export function authorization(input: SignInput): string {
  const date = new Date(input.timestamp * 1000).toISOString().slice(0, 10);
  const headers: Record<string, string> = {
    'content-type': input.contentType ?? 'application/json',
    host: input.host,
    ...input.signedHeaders,
  };
  const names = Object.keys(headers).sort();
  const canonicalHeaders = names.map((n) => `${n}:${headers[n]!.trim().toLowerCase()}\n`).join('');
  const canonicalRequest = ['POST', '/', '', canonicalHeaders, names.join(';'), sha256(input.body)].join(
    '\n',
  );
  const scope = `${date}/${input.service}/tc3_request`;
  const stringToSign = `TC3-HMAC-SHA256\n${input.timestamp}\n${scope}\n${sha256(canonicalRequest)}`;
  const key = hmac(hmac(hmac('TC3' + input.secretKey, date), input.service), 'tc3_request');
  const signature = createHmac('sha256', key).update(stringToSign).digest('hex');
  return `TC3-HMAC-SHA256 Credential=${input.secretId}/${scope}, SignedHeaders=${names.join(';')}, Signature=${signature}`;
}

export interface CallInput {
  readonly url: string;
  readonly action: string;
  readonly version: string;
  readonly service: string;
  readonly secretId: string;
  readonly secretKey: string;
  readonly payload?: unknown;
  /** Exact body; overrides payload. */
  readonly body?: string;
  readonly timestamp?: number;
  readonly token?: string;
  /** Applied after signing (to tamper with a request). */
  readonly overrideHeaders?: Record<string, string>;
  readonly signedHeaders?: Record<string, string>;
  readonly signal?: AbortSignal;
}

export interface CallResult {
  readonly status: number;
  readonly headers: Headers;
  readonly text: string;
  /** `Response` of the JSON body, when it parses. */
  readonly response?: Record<string, unknown>;
}

export async function callApi(input: CallInput): Promise<CallResult> {
  const body = input.body ?? JSON.stringify(input.payload ?? {});
  const timestamp = input.timestamp ?? Math.floor(Date.now() / 1000);
  const host = new URL(input.url).host;
  const headers: Record<string, string> = {
    'Content-Type': 'application/json',
    'X-TC-Action': input.action,
    'X-TC-Version': input.version,
    'X-TC-Timestamp': String(timestamp),
    Authorization: authorization({ ...input, host, timestamp, body }),
    ...(input.token ? { 'X-TC-Token': input.token } : {}),
    ...input.overrideHeaders,
  };
  const res = await fetch(input.url, { method: 'POST', headers, body, signal: input.signal });
  const text = await res.text();
  let response: Record<string, unknown> | undefined;
  try {
    response = (JSON.parse(text) as { Response?: Record<string, unknown> }).Response;
  } catch {
    response = undefined;
  }
  return { status: res.status, headers: res.headers, text, response };
}

/** The error code of a result, or 'Success'. */
export function codeOf(result: CallResult): string {
  const error = result.response?.['Error'] as { Code?: string } | undefined;
  return error?.Code ?? (result.response ? 'Success' : 'none');
}

export const TCSS = { service: 'tcss', version: '2020-11-01' } as const;
export const CWP = { service: 'cwp', version: '2018-02-28' } as const;
export const STS = { service: 'sts', version: '2018-08-13' } as const;

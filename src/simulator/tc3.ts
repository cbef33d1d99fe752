/**
 * TC3-HMAC-SHA256, implemented independently of the exporter's client: the simulator stands in
 * for the cloud, so it must not share (and hide) the client's mistakes.
 */
import { createHash, createHmac, timingSafeEqual } from 'node:crypto';

export const TC3_ALGORITHM = 'TC3-HMAC-SHA256';

export interface ParsedAuthorization {
  readonly secretId: string;
  /** `YYYY-MM-DD` from the credential scope. */
  readonly date: string;
  readonly service: string;
  /** Lower-cased, in the order given. */
  readonly signedHeaders: readonly string[];
  readonly signature: string;
}

const AUTHORIZATION_PATTERN =
  /^TC3-HMAC-SHA256 +Credential=([^/,\s]+)\/(\d{4}-\d{2}-\d{2})\/([a-z0-9-]+)\/tc3_request, *SignedHeaders=([a-z0-9;-]+), *Signature=([0-9a-f]{64})$/i;

/** Undefined when the header is not a well-formed TC3 Authorization value. */
export function parseAuthorization(value: string): ParsedAuthorization | undefined {
  const match = AUTHORIZATION_PATTERN.exec(value.trim());
  if (!match) return undefined;
  const [, secretId, date, service, headers, signature] = match as unknown as [
    string,
    string,
    string,
    string,
    string,
    string,
  ];
  const signedHeaders = headers.toLowerCase().split(';');
  if (signedHeaders.some((name) => name === '')) return undefined;
  return { secretId, date, service, signedHeaders, signature: signature.toLowerCase() };
}

export function sha256Hex(data: string | Buffer): string {
  return createHash('sha256').update(data).digest('hex');
}

function hmac(key: string | Buffer, data: string): Buffer {
  return createHmac('sha256', key).update(data).digest();
}

// kSigning depends only on (key, date, service): caching it saves three HMACs per request.
const signingKeyCache = new Map<string, Buffer>();
const SIGNING_KEY_CACHE_LIMIT = 10_000;

export function signingKey(secretKey: string, date: string, service: string): Buffer {
  const cacheKey = `${date}\n${service}\n${secretKey}`;
  const cached = signingKeyCache.get(cacheKey);
  if (cached) return cached;
  const key = hmac(hmac(hmac('TC3' + secretKey, date), service), 'tc3_request');
  if (signingKeyCache.size >= SIGNING_KEY_CACHE_LIMIT) signingKeyCache.clear();
  signingKeyCache.set(cacheKey, key);
  return key;
}

/** `name:value\n` per header, value trimmed and lower-cased; undefined if a signed header is absent. */
export function canonicalHeaders(
  signedHeaders: readonly string[],
  header: (name: string) => string | undefined,
): string | undefined {
  let text = '';
  for (const name of signedHeaders) {
    const value = header(name);
    if (value === undefined) return undefined;
    text += `${name}:${value.trim().toLowerCase()}\n`;
  }
  return text;
}

export interface SignatureInput {
  readonly secretKey: string;
  readonly service: string;
  /** Unix seconds, as sent in X-TC-Timestamp. */
  readonly timestamp: string;
  readonly date: string;
  readonly canonicalHeaders: string;
  readonly signedHeaders: readonly string[];
  readonly body: string | Buffer;
}

export function hashedCanonicalRequest(
  input: Omit<SignatureInput, 'secretKey' | 'service' | 'timestamp' | 'date'>,
): string {
  const canonicalRequest = [
    'POST',
    '/',
    '',
    input.canonicalHeaders,
    input.signedHeaders.join(';'),
    sha256Hex(input.body),
  ].join('\n');
  return sha256Hex(canonicalRequest);
}

/** Lowercase hex signature of a POST / request. */
export function tc3Signature(input: SignatureInput): string {
  const scope = `${input.date}/${input.service}/tc3_request`;
  const stringToSign = `${TC3_ALGORITHM}\n${input.timestamp}\n${scope}\n${hashedCanonicalRequest(input)}`;
  return createHmac('sha256', signingKey(input.secretKey, input.date, input.service))
    .update(stringToSign)
    .digest('hex');
}

/** Constant-time comparison of two lowercase hex signatures. */
export function signaturesEqual(expected: string, actual: string): boolean {
  if (expected.length !== actual.length) return false;
  return timingSafeEqual(Buffer.from(expected), Buffer.from(actual));
}

/** UTC `YYYY-MM-DD` of a unix-seconds timestamp: the date a credential scope must carry. */
export function scopeDate(timestampSeconds: number): string {
  return new Date(timestampSeconds * 1000).toISOString().slice(0, 10);
}

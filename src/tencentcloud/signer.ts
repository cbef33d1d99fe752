import { createHash, createHmac } from 'node:crypto';

/** Everything that goes into a TC3-HMAC-SHA256 signature. */
export interface SignInput {
  readonly secretId: string;
  readonly secretKey: string;
  /** Service in the credential scope (`tcss`, `cwp`, `sts`), whatever host is used. */
  readonly service: string;
  /** The exact `Host` header sent (with the port when it is not the default). */
  readonly host: string;
  /** Unix seconds; also sent as `X-TC-Timestamp`. */
  readonly timestamp: number;
  /** The exact body bytes sent. */
  readonly body: Buffer;
  /** The exact `Content-Type` header sent. */
  readonly contentType: string;
  /** Extra headers to sign besides `content-type` and `host` (name → value as sent). */
  readonly signedHeaders?: Readonly<Record<string, string>>;
}

export interface SignResult {
  /** The `Authorization` header value. */
  readonly authorization: string;
  /** `content-type;host[;…]` */
  readonly signedHeaderNames: string;
  /** `YYYY-MM-DD/<service>/tc3_request` */
  readonly credentialScope: string;
  readonly canonicalRequest: string;
  readonly hashedCanonicalRequest: string;
  readonly stringToSign: string;
  readonly signature: string;
}

const ALGORITHM = 'TC3-HMAC-SHA256';

function sha256Hex(data: string | Buffer): string {
  return createHash('sha256').update(data).digest('hex');
}

function hmac(key: string | Buffer, data: string): Buffer {
  return createHmac('sha256', key).update(data, 'utf8').digest();
}

/** The scope date is the UTC date of the timestamp, not the local one. */
export function utcDate(timestamp: number): string {
  return new Date(timestamp * 1000).toISOString().slice(0, 10);
}

/** Signs one POST to `/` as described in the API 3.0 "Signature v3" document. */
export function signRequest(input: SignInput): SignResult {
  const headers = new Map<string, string>();
  for (const [name, value] of Object.entries(input.signedHeaders ?? {})) {
    headers.set(name.toLowerCase(), value.trim().toLowerCase());
  }
  // The mandatory pair always wins over an accidental duplicate in signedHeaders.
  headers.set('content-type', input.contentType.trim().toLowerCase());
  headers.set('host', input.host.trim().toLowerCase());
  const names = [...headers.keys()].sort();
  const canonicalHeaders = names.map((name) => `${name}:${headers.get(name)}\n`).join('');
  const signedHeaderNames = names.join(';');

  const canonicalRequest = ['POST', '/', '', canonicalHeaders, signedHeaderNames, sha256Hex(input.body)].join(
    '\n',
  );
  const hashedCanonicalRequest = sha256Hex(canonicalRequest);
  const date = utcDate(input.timestamp);
  const credentialScope = `${date}/${input.service}/tc3_request`;
  const stringToSign = [ALGORITHM, String(input.timestamp), credentialScope, hashedCanonicalRequest].join(
    '\n',
  );

  const kDate = hmac(`TC3${input.secretKey}`, date);
  const kService = hmac(kDate, input.service);
  const kSigning = hmac(kService, 'tc3_request');
  const signature = createHmac('sha256', kSigning).update(stringToSign, 'utf8').digest('hex');

  return {
    authorization: `${ALGORITHM} Credential=${input.secretId}/${credentialScope}, SignedHeaders=${signedHeaderNames}, Signature=${signature}`,
    signedHeaderNames,
    credentialScope,
    canonicalRequest,
    hashedCanonicalRequest,
    stringToSign,
    signature,
  };
}

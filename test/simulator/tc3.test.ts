import {
  canonicalHeaders,
  hashedCanonicalRequest,
  parseAuthorization,
  scopeDate,
  tc3Signature,
} from '../../src/simulator/tc3.js';
import { authorization } from './sign-helper.js';

// The documented vectors (see /work/shared/tencentcloud-api.md).
const BODY = '{"Limit": 1, "Filters": [{"Values": ["\\u672a\\u547d\\u540d"], "Name": "instance-name"}]}';
const TIMESTAMP = 1551113065;
const HEADERS: Record<string, string> = {
  'content-type': 'application/json; charset=utf-8',
  host: 'cvm.tencentcloudapi.com',
  'x-tc-action': 'DescribeInstances',
};

describe('tc3Signature', () => {
  it.each([
    {
      vector: 'A',
      secretKey: 'Gu5t9xGARNpq86cd98joQYCN3EXAMPLE',
      signedHeaders: ['content-type', 'host'],
      hashed: '5ffe6a04c0664d6b969fab9a13bdab201d63ee709638e2749d62a09ca18d7031',
      signature: '72e494ea809ad7a8c8f7a4507b9bddcbaa8e581f516e8da2f66e2c5a96525168',
    },
    {
      vector: 'B',
      secretKey: '*'.repeat(32),
      signedHeaders: ['content-type', 'host', 'x-tc-action'],
      hashed: '7019a55be8395899b900fb5564e4200d984910f34794a27cb3fb7d10ff6a1e84',
      signature: '10b1a37a7301a02ca19a647ad722d5e43b4b3cff309d421d85b46093f6ab6c4f',
    },
  ])('matches vector $vector', ({ secretKey, signedHeaders, hashed, signature }) => {
    const headers = canonicalHeaders(signedHeaders, (name) => HEADERS[name])!;
    const date = scopeDate(TIMESTAMP);
    expect(date).toBe('2019-02-25');
    expect(
      hashedCanonicalRequest({ canonicalHeaders: headers, signedHeaders, body: Buffer.from(BODY) }),
    ).toBe(hashed);
    expect(
      tc3Signature({
        secretKey,
        service: 'cvm',
        timestamp: String(TIMESTAMP),
        date,
        canonicalHeaders: headers,
        signedHeaders,
        body: BODY,
      }),
    ).toBe(signature);
  });

  it('agrees with the test signer (which must also reproduce vector A)', () => {
    const value = authorization({
      secretId: 'AKIDz8krbsJ5yKBZQpn74WFkmLPx3EXAMPLE',
      secretKey: 'Gu5t9xGARNpq86cd98joQYCN3EXAMPLE',
      service: 'cvm',
      host: 'cvm.tencentcloudapi.com',
      timestamp: TIMESTAMP,
      body: BODY,
      contentType: 'application/json; charset=utf-8',
    });
    expect(value).toBe(
      'TC3-HMAC-SHA256 Credential=AKIDz8krbsJ5yKBZQpn74WFkmLPx3EXAMPLE/2019-02-25/cvm/tc3_request, ' +
        'SignedHeaders=content-type;host, Signature=72e494ea809ad7a8c8f7a4507b9bddcbaa8e581f516e8da2f66e2c5a96525168',
    );
  });

  it('is undefined when a signed header is absent', () => {
    expect(canonicalHeaders(['content-type', 'x-tc-region'], (name) => HEADERS[name])).toBeUndefined();
  });
});

describe('parseAuthorization', () => {
  const signature = 'a'.repeat(64);
  it('reads every part', () => {
    expect(
      parseAuthorization(
        `TC3-HMAC-SHA256 Credential=AKIDx/2024-01-02/tcss/tc3_request, SignedHeaders=content-type;host;x-tc-action, Signature=${signature}`,
      ),
    ).toEqual({
      secretId: 'AKIDx',
      date: '2024-01-02',
      service: 'tcss',
      signedHeaders: ['content-type', 'host', 'x-tc-action'],
      signature,
    });
  });

  it.each([
    ['empty', ''],
    [
      'another algorithm',
      `HMAC-SHA1 Credential=AKIDx/2024-01-02/tcss/tc3_request, SignedHeaders=host, Signature=${signature}`,
    ],
    [
      'no scope terminator',
      `TC3-HMAC-SHA256 Credential=AKIDx/2024-01-02/tcss, SignedHeaders=host, Signature=${signature}`,
    ],
    [
      'short signature',
      'TC3-HMAC-SHA256 Credential=AKIDx/2024-01-02/tcss/tc3_request, SignedHeaders=host, Signature=abc',
    ],
    [
      'empty header name',
      `TC3-HMAC-SHA256 Credential=AKIDx/2024-01-02/tcss/tc3_request, SignedHeaders=host;;a, Signature=${signature}`,
    ],
    ['garbage', 'Bearer abc'],
  ])('rejects %s', (_name, value) => {
    expect(parseAuthorization(value)).toBeUndefined();
  });
});

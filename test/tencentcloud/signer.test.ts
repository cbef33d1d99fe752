import fc from 'fast-check';
import SignModule from 'tencentcloud-sdk-nodejs-common/tencentcloud/common/sign.js';
import { signRequest, utcDate } from '../../src/tencentcloud/signer.js';

// The SDK is CommonJS with `exports.default = Sign`.
const { sign3 } = SignModule.default;

const BODY = Buffer.from(
  '{"Limit": 1, "Filters": [{"Values": ["\\u672a\\u547d\\u540d"], "Name": "instance-name"}]}',
  'utf8',
);
const COMMON = {
  secretId: 'AKIDz8krbsJ5yKBZQpn74WFkmLPx3EXAMPLE',
  service: 'cvm',
  host: 'cvm.tencentcloudapi.com',
  timestamp: 1551113065,
  body: BODY,
  contentType: 'application/json; charset=utf-8',
};

describe('signRequest', () => {
  it('hashes the documented body', () => {
    expect(
      signRequest({ ...COMMON, secretKey: 'x' })
        .canonicalRequest.split('\n')
        .at(-1),
    ).toBe('35e9c5b0e3ae67532d3c9f17ead6c90222632e5b1ff7f6e89887f1398934f064');
  });

  it.each([
    {
      name: 'A',
      secretKey: 'Gu5t9xGARNpq86cd98joQYCN3EXAMPLE',
      signedHeaders: undefined,
      names: 'content-type;host',
      hashed: '5ffe6a04c0664d6b969fab9a13bdab201d63ee709638e2749d62a09ca18d7031',
      signature: '72e494ea809ad7a8c8f7a4507b9bddcbaa8e581f516e8da2f66e2c5a96525168',
    },
    {
      name: 'B',
      secretKey: '*'.repeat(32),
      signedHeaders: { 'X-TC-Action': 'DescribeInstances' },
      names: 'content-type;host;x-tc-action',
      hashed: '7019a55be8395899b900fb5564e4200d984910f34794a27cb3fb7d10ff6a1e84',
      signature: '10b1a37a7301a02ca19a647ad722d5e43b4b3cff309d421d85b46093f6ab6c4f',
    },
  ])('matches vector $name', ({ secretKey, signedHeaders, names, hashed, signature }) => {
    const result = signRequest({ ...COMMON, secretKey, ...(signedHeaders ? { signedHeaders } : {}) });
    expect(result.hashedCanonicalRequest).toBe(hashed);
    expect(result.signature).toBe(signature);
    expect(result.authorization).toBe(
      `TC3-HMAC-SHA256 Credential=${COMMON.secretId}/2019-02-25/cvm/tc3_request, SignedHeaders=${names}, Signature=${signature}`,
    );
  });

  it('uses the UTC date of the timestamp for the scope', () => {
    // 23:59:59 UTC is already the next day in Beijing; the scope must stay on the UTC day.
    expect(utcDate(1551139199)).toBe('2019-02-25');
    expect(utcDate(1551139200)).toBe('2019-02-26');
  });

  it('equals the official SDK for random requests', () => {
    // A label with `--` in its third and fourth places is an IDNA (punycode) label, which the
    // SDK's URL parsing rejects when it does not decode (`xn--0`): no real API host has one.
    const label = fc.stringMatching(/^[a-z][a-z0-9-]{0,10}[a-z0-9]$/).filter((l) => l.slice(2, 4) !== '--');
    fc.assert(
      fc.property(
        fc.uint8Array({ maxLength: 300 }),
        fc.stringMatching(/^[a-z]{2,8}$/),
        fc.tuple(label, label).map(([a, b]) => `${a}.${b}.com`),
        fc.integer({ min: 0, max: 4_102_444_800 }),
        fc.string({ minLength: 1, maxLength: 40 }),
        fc.string({ minLength: 1, maxLength: 40 }),
        fc.constantFrom('application/json', 'application/json; charset=utf-8'),
        (bytes, service, host, timestamp, secretId, secretKey, contentType) => {
          const body = Buffer.from(bytes);
          const ours = signRequest({ secretId, secretKey, service, host, timestamp, body, contentType });
          const theirs = sign3({
            method: 'POST',
            url: `https://${host}/`,
            payload: body,
            timestamp,
            service,
            secretId,
            secretKey,
            multipart: false,
            boundary: '',
            headers: { 'Content-Type': contentType },
          });
          expect(ours.authorization).toBe(theirs);
        },
      ),
      { numRuns: 300 },
    );
  });
});

import { ALICE, useTestSimulator } from './fixture.js';
import { authorization, codeOf } from './sign-helper.js';

const STATUS = 'DescribeAssetImageScanStatus';
const simulator = useTestSimulator();

/** An Authorization value for ALICE over `body`, at the simulator's clock. */
function aliceAuth(body: string, overrides: { service?: string; secretKey?: string } = {}): string {
  return authorization({
    secretId: ALICE.secretId,
    secretKey: overrides.secretKey ?? ALICE.secretKey,
    service: overrides.service ?? 'tcss',
    host: new URL(simulator().sim.url).host,
    timestamp: Math.floor(simulator().clock.ms / 1000),
    body,
  });
}

describe('authentication', () => {
  it('accepts a correctly signed request, with Content-Length and a RequestId', async () => {
    const result = await simulator().call(STATUS);
    expect(codeOf(result)).toBe('Success');
    expect(result.status).toBe(200);
    expect(Number(result.headers.get('content-length'))).toBe(Buffer.byteLength(result.text));
    expect(result.response?.['RequestId']).toEqual(expect.any(String));
  });

  it('accepts any signed-header list that includes content-type and host', async () => {
    const result = await simulator().call(STATUS, {}, ALICE, {
      signedHeaders: { 'x-tc-action': STATUS, 'x-tc-version': '2020-11-01' },
    });
    expect(codeOf(result)).toBe('Success');
  });

  it('accepts the charset content type when it is what was signed', async () => {
    const body = '{}';
    const auth = authorization({
      secretId: ALICE.secretId,
      secretKey: ALICE.secretKey,
      service: 'tcss',
      host: new URL(simulator().sim.url).host,
      timestamp: Math.floor(simulator().clock.ms / 1000),
      body,
      contentType: 'application/json; charset=utf-8',
    });
    const result = await simulator().call(STATUS, {}, ALICE, {
      body,
      overrideHeaders: { Authorization: auth, 'Content-Type': 'application/json; charset=utf-8' },
    });
    expect(codeOf(result)).toBe('Success');
  });

  it.each([
    [
      'a tampered body',
      () => ({ body: '{"TaskID":"x"}', overrideHeaders: { Authorization: aliceAuth('{}') } }),
    ],
    ['a wrong secret key', () => ({ secretKey: 'not-alice' })],
    [
      'a scope for another service',
      () => ({ overrideHeaders: { Authorization: aliceAuth('{}', { service: 'cwp' }) } }),
    ],
    [
      'a signed-header list without host',
      () => ({
        overrideHeaders: { Authorization: aliceAuth('{}').replace('content-type;host', 'content-type') },
      }),
    ],
    ['a signed header that was not sent', () => ({ signedHeaders: { 'x-tc-region': 'ap-guangzhou' } })],
    [
      'a different Content-Type than signed',
      () => ({
        overrideHeaders: {
          Authorization: aliceAuth('{}'),
          'Content-Type': 'application/json; charset=utf-8',
        },
      }),
    ],
  ])('rejects %s with AuthFailure.SignatureFailure', async (_name, extra) => {
    expect(codeOf(await simulator().call(STATUS, {}, ALICE, extra()))).toBe('AuthFailure.SignatureFailure');
  });

  it.each([
    ['missing', { Authorization: '' }],
    ['garbled', { Authorization: 'TC3-HMAC-SHA256 Credential=nonsense' }],
    ['SKIP on a signed action', { Authorization: 'SKIP' }],
  ])('rejects a %s Authorization with AuthFailure.InvalidAuthorization', async (_name, overrideHeaders) => {
    expect(codeOf(await simulator().call(STATUS, {}, ALICE, { overrideHeaders }))).toBe(
      'AuthFailure.InvalidAuthorization',
    );
  });

  it('rejects an unknown SecretId with AuthFailure.SecretIdNotFound', async () => {
    const result = await simulator().call(STATUS, {}, { ...ALICE, secretId: 'AKIDnobody' });
    expect(codeOf(result)).toBe('AuthFailure.SecretIdNotFound');
  });

  it.each([
    [299, 'Success'],
    [-299, 'Success'],
    [301, 'AuthFailure.SignatureExpire'],
    [-301, 'AuthFailure.SignatureExpire'],
  ])('with a clock skew of %i s answers %s', async (skewSeconds, code) => {
    const timestamp = Math.floor(simulator().clock.ms / 1000) + skewSeconds;
    expect(codeOf(await simulator().call(STATUS, {}, ALICE, { timestamp }))).toBe(code);
  });
});

describe('request validation', () => {
  it.each([
    ['an unknown action', { action: 'DescribeEverything' }, 'InvalidAction'],
    ['a wrong version', { version: '2018-03-17' }, 'NoSuchVersion'],
    ['a body that is not JSON', { body: '{"TaskID":' }, 'InvalidParameter.ParsingError'],
    ['a body that is a JSON array', { body: '[]' }, 'InvalidParameter.ParsingError'],
    ['no timestamp', { overrideHeaders: { 'X-TC-Timestamp': '' } }, 'MissingParameter'],
  ])('answers %s with %s', async (_name, extra, code) => {
    const result = await simulator().call(STATUS, {}, ALICE, extra);
    expect(result.status).toBe(200);
    expect(codeOf(result)).toBe(code);
    expect(result.response?.['Error']).toEqual({ Code: code, Message: expect.any(String) });
  });
});

describe('temporary credentials', () => {
  async function assumeAlice(durationSeconds = 60) {
    const result = await simulator().call('AssumeRole', {
      RoleArn: `qcs::cam::uin/${ALICE.uin}:roleName/reader`,
      RoleSessionName: 'tests',
      DurationSeconds: durationSeconds,
    });
    expect(codeOf(result)).toBe('Success');
    const credentials = result.response?.['Credentials'] as Record<string, string>;
    return {
      account: { ...ALICE, secretId: credentials['TmpSecretId']!, secretKey: credentials['TmpSecretKey']! },
      token: credentials['Token']!,
    };
  }

  it('accepts them with their token and attributes them to their account', async () => {
    const { account, token } = await assumeAlice();
    simulator().sim.resetStats();
    expect(codeOf(await simulator().call(STATUS, {}, account, { token }))).toBe('Success');
    expect(simulator().sim.stats().requests).toEqual([
      { account: 'alice', action: STATUS, code: 'Success', count: 1 },
    ]);
  });

  it.each([
    ['no token', undefined],
    ['a wrong token', 'not-the-token'],
  ])('rejects them with %s as AuthFailure.TokenFailure', async (_name, token) => {
    const { account } = await assumeAlice();
    expect(codeOf(await simulator().call(STATUS, {}, account, { token }))).toBe('AuthFailure.TokenFailure');
  });

  it('rejects them once expired', async () => {
    const { account, token } = await assumeAlice(60);
    simulator().clock.ms += 61_000;
    expect(codeOf(await simulator().call(STATUS, {}, account, { token }))).toBe('AuthFailure.TokenFailure');
  });
});

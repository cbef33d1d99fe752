import { BOB, START_MS, startTestSimulator, type TestSimulator } from '../fixture.js';
import { callApi, codeOf, STS } from '../sign-helper.js';

const ROLE = `qcs::cam::uin/${BOB.uin}:roleName/scan-reader`;
let t: TestSimulator;

beforeAll(async () => {
  t = await startTestSimulator({ webIdentityToken: 'oidc-token', tempCredentialSeconds: 900 });
});
afterEach(() => {
  t.sim.resetStats();
});
afterAll(async () => {
  await t.sim.close();
});

function expectCredentials(response: Record<string, unknown> | undefined, lifetimeSeconds: number) {
  const expiredTime = Math.floor(START_MS / 1000) + lifetimeSeconds;
  expect(response).toEqual({
    Credentials: {
      Token: expect.any(String),
      TmpSecretId: expect.any(String),
      TmpSecretKey: expect.any(String),
    },
    ExpiredTime: expiredTime,
    Expiration: new Date(expiredTime * 1000).toISOString().replace('.000Z', 'Z'),
    RequestId: expect.any(String),
  });
}

describe('AssumeRole', () => {
  it('issues credentials for the account the RoleArn names, which then work for that account', async () => {
    const result = await t.call('AssumeRole', {
      RoleArn: ROLE,
      RoleSessionName: 'exporter',
      DurationSeconds: 3600,
      ExternalId: 'x',
    });
    expectCredentials(result.response, 3600);
    const credentials = result.response?.['Credentials'] as Record<string, string>;
    const asBob = { ...BOB, secretId: credentials['TmpSecretId']!, secretKey: credentials['TmpSecretKey']! };
    expect(
      codeOf(
        await t.call('DescribeScanState', { ModuleType: 'Vul' }, asBob, { token: credentials['Token'] }),
      ),
    ).toBe('Success');
    expect(t.sim.stats().requests).toEqual(
      expect.arrayContaining([
        { account: 'alice', action: 'AssumeRole', code: 'Success', count: 1 },
        { account: 'bob', action: 'DescribeScanState', code: 'Success', count: 1 },
      ]),
    );
  });

  it('defaults the lifetime to tempCredentialSeconds', async () => {
    expectCredentials(
      (await t.call('AssumeRole', { RoleArn: ROLE, RoleSessionName: 'exporter' })).response,
      900,
    );
  });

  it.each([
    ['no RoleArn', { RoleSessionName: 'abc' }, 'MissingParameter'],
    [
      'a malformed RoleArn',
      { RoleArn: 'arn:aws:iam::1:role/x', RoleSessionName: 'abc' },
      'InvalidParameterValue',
    ],
    [
      'an unknown uin',
      { RoleArn: 'qcs::cam::uin/999:roleName/x', RoleSessionName: 'abc' },
      'ResourceNotFound.RoleNotFound',
    ],
    ['no RoleSessionName', { RoleArn: ROLE }, 'MissingParameter'],
    ['a one-character RoleSessionName', { RoleArn: ROLE, RoleSessionName: 'a' }, 'InvalidParameterValue'],
    [
      'a RoleSessionName with a space',
      { RoleArn: ROLE, RoleSessionName: 'my session' },
      'InvalidParameterValue',
    ],
    [
      'a 129-character RoleSessionName',
      { RoleArn: ROLE, RoleSessionName: 'a'.repeat(129) },
      'InvalidParameterValue',
    ],
    [
      'DurationSeconds above 43200',
      { RoleArn: ROLE, RoleSessionName: 'abc', DurationSeconds: 43_201 },
      'InvalidParameterValue',
    ],
    [
      'a string DurationSeconds',
      { RoleArn: ROLE, RoleSessionName: 'abc', DurationSeconds: '60' },
      'InvalidParameter',
    ],
    [
      'a parameter the model lacks',
      { RoleArn: ROLE, RoleSessionName: 'abc', Duration: 60 },
      'UnknownParameter',
    ],
  ])('rejects %s with %s', async (_name, payload, code) => {
    expect(codeOf(await t.call('AssumeRole', payload))).toBe(code);
  });

  it.each([
    ['role/<id>', 'role/4611686018427397919'],
    ['a service role id', 'role/tencentcloudServiceRole/4611686018427397920'],
    ['a service role name', 'role/tencentcloudServiceRoleName/testServiceRoleName'],
  ])('accepts the RoleArn form %s that the SDK model documents', async (_name, tail) => {
    const arn = ROLE.replace(/roleName\/.*$/, tail);
    expect(codeOf(await t.call('AssumeRole', { RoleArn: arn, RoleSessionName: 'abc' }))).toBe('Success');
  });

  it('accepts the longest RoleSessionName and the longest duration', async () => {
    const result = await t.call('AssumeRole', {
      RoleArn: ROLE,
      RoleSessionName: `a.b@c=d,e-f+${'x'.repeat(116)}`,
      DurationSeconds: 43_200,
    });
    expect(codeOf(result)).toBe('Success');
  });
});

describe('AssumeRoleWithWebIdentity', () => {
  async function unsigned(payload: Record<string, unknown>) {
    return callApi({
      url: t.sim.url,
      action: 'AssumeRoleWithWebIdentity',
      ...STS,
      secretId: 'unused',
      secretKey: 'unused',
      payload,
      timestamp: Math.floor(t.clock.ms / 1000),
      overrideHeaders: { Authorization: 'SKIP' },
    });
  }
  const input = { ProviderId: 'cls-oidc', RoleArn: ROLE, RoleSessionName: 'tke-pod', DurationSeconds: 600 };

  it('issues credentials without a signature for the right token, attributed to the role account', async () => {
    expectCredentials((await unsigned({ ...input, WebIdentityToken: 'oidc-token' })).response, 600);
    expect(t.sim.stats().requests).toEqual([
      { account: 'bob', action: 'AssumeRoleWithWebIdentity', code: 'Success', count: 1 },
    ]);
  });

  it.each([
    ['a wrong token', { ...input, WebIdentityToken: 'stolen' }, 'InvalidParameter.WebIdentityTokenError'],
    ['no token', input, 'MissingParameter'],
    [
      'no ProviderId',
      { ...input, ProviderId: undefined, WebIdentityToken: 'oidc-token' },
      'MissingParameter',
    ],
    [
      'an unknown role account',
      { ...input, RoleArn: 'qcs::cam::uin/1:roleName/x', WebIdentityToken: 'oidc-token' },
      'ResourceNotFound.RoleNotFound',
    ],
  ])('rejects %s with %s', async (_name, payload, code) => {
    expect(codeOf(await unsigned(payload))).toBe(code);
  });

  it('still checks the timestamp', async () => {
    const result = await callApi({
      url: t.sim.url,
      action: 'AssumeRoleWithWebIdentity',
      ...STS,
      secretId: 'unused',
      secretKey: 'unused',
      payload: { ...input, WebIdentityToken: 'oidc-token' },
      timestamp: Math.floor(t.clock.ms / 1000) - 3600,
      overrideHeaders: { Authorization: 'SKIP' },
    });
    expect(codeOf(result)).toBe('AuthFailure.SignatureExpire');
  });

  it('is refused when no token is configured', async () => {
    const other = await startTestSimulator();
    try {
      const result = await callApi({
        url: other.sim.url,
        action: 'AssumeRoleWithWebIdentity',
        ...STS,
        secretId: 'unused',
        secretKey: 'unused',
        payload: { ...input, WebIdentityToken: 'anything' },
        timestamp: Math.floor(other.clock.ms / 1000),
        overrideHeaders: { Authorization: 'SKIP' },
      });
      expect(codeOf(result)).toBe('InvalidParameter.WebIdentityTokenError');
    } finally {
      await other.sim.close();
    }
  });
});

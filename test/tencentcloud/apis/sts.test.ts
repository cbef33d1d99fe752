import { assumeRole, assumeRoleWithWebIdentity } from '../../../src/tencentcloud/apis/sts.js';
import { InvalidResponseError } from '../../../src/tencentcloud/errors.js';
import { fakeCaller } from './fake-caller.js';

const ANSWER = {
  Credentials: { TmpSecretId: 'AKIDtmp', TmpSecretKey: 'tmp-secret-key-value', Token: 'session-token-value' },
  ExpiredTime: 1_700_000_000,
  Expiration: '2023-11-14T22:13:20Z',
  RequestId: 'r',
};

describe('assumeRole', () => {
  it('sends the inputs with a region and returns credentials', async () => {
    const caller = fakeCaller(ANSWER);
    const creds = await assumeRole(caller, {
      roleArn: 'qcs::cam::uin/1:roleName/r',
      roleSessionName: 'exporter',
      durationSeconds: 3600,
      externalId: 'ext',
    });
    expect(creds).toEqual({
      secretId: 'AKIDtmp',
      secretKey: 'tmp-secret-key-value',
      token: 'session-token-value',
      expiresAt: 1_700_000_000_000,
    });
    expect(caller.calls[0]).toEqual({
      spec: { service: 'sts', version: '2018-08-13', action: 'AssumeRole' },
      payload: {
        RoleArn: 'qcs::cam::uin/1:roleName/r',
        RoleSessionName: 'exporter',
        DurationSeconds: 3600,
        ExternalId: 'ext',
      },
      options: { region: 'ap-guangzhou' },
    });
  });

  it('fails as a whole on incomplete credentials without echoing them', async () => {
    const caller = fakeCaller({ ...ANSWER, Credentials: { ...ANSWER.Credentials, Token: null } });
    const error = await assumeRole(caller, {
      roleArn: 'a',
      roleSessionName: 'bb',
      region: 'ap-beijing',
    }).catch((e) => e);
    expect(error).toBeInstanceOf(InvalidResponseError);
    expect(error.message).toContain('Credentials.Token');
    expect(error.message).not.toContain('tmp-secret-key-value');
    expect(caller.calls[0]?.options?.region).toBe('ap-beijing');
  });

  it('requires ExpiredTime and a Credentials object', async () => {
    await expect(
      assumeRole(fakeCaller({ ExpiredTime: 1 }), { roleArn: 'a', roleSessionName: 'bb' }),
    ).rejects.toThrow('TmpSecretId');
    await expect(
      assumeRole(fakeCaller({ ...ANSWER, ExpiredTime: 'soon', Expiration: undefined }), {
        roleArn: 'a',
        roleSessionName: 'bb',
      }),
    ).rejects.toThrow('ExpiredTime');
  });
});

describe('assumeRoleWithWebIdentity', () => {
  it('is sent unsigned', async () => {
    const caller = fakeCaller(ANSWER);
    const creds = await assumeRoleWithWebIdentity(caller, {
      providerId: 'p',
      webIdentityToken: 'jwt',
      roleArn: 'qcs::cam::uin/1:roleName/r',
      roleSessionName: 'exporter',
      durationSeconds: 900,
    });
    expect(creds.token).toBe('session-token-value');
    expect(caller.calls[0]?.payload).toEqual({
      ProviderId: 'p',
      WebIdentityToken: 'jwt',
      RoleArn: 'qcs::cam::uin/1:roleName/r',
      RoleSessionName: 'exporter',
      DurationSeconds: 900,
    });
    expect(caller.calls[0]?.options).toEqual({ unsigned: true, region: 'ap-guangzhou' });
    expect(caller.calls[0]?.spec.action).toBe('AssumeRoleWithWebIdentity');
  });
});

describe('STS credential parsing (through assumeRole with an in-process caller)', () => {
  const creds = { TmpSecretId: 'AKIDtmp', TmpSecretKey: 'tmpsecret', Token: 'tmptoken' };
  const answering = (response: Record<string, unknown>) => ({
    account: 'a',
    call: async () => response,
  });
  const input = { roleArn: 'qcs::cam::uin/1:roleName/r', roleSessionName: 'ok' };

  it.each([
    ['ExpiredTime as a number', { Credentials: creds, ExpiredTime: 1_700_007_200 }, 1_700_007_200_000],
    ['ExpiredTime as a digit string', { Credentials: creds, ExpiredTime: '1700007200' }, 1_700_007_200_000],
    [
      'only Expiration',
      { Credentials: creds, Expiration: '2023-11-15T00:20:00Z' },
      Date.parse('2023-11-15T00:20:00Z'),
    ],
  ])('reads %s', async (_name, response, expiresAt) => {
    await expect(assumeRole(answering(response), input)).resolves.toEqual({
      secretId: 'AKIDtmp',
      secretKey: 'tmpsecret',
      token: 'tmptoken',
      expiresAt,
    });
  });

  it.each([
    [
      'no Credentials',
      { ExpiredTime: 1 },
      'Credentials.TmpSecretId, Credentials.TmpSecretKey, Credentials.Token',
    ],
    ['no Token', { Credentials: { ...creds, Token: '' }, ExpiredTime: 1 }, 'Credentials.Token'],
    ['no expiry', { Credentials: creds }, 'ExpiredTime'],
  ])('names what is missing when there is %s, without values', async (_name, response, missing) => {
    const error = (await assumeRole(answering(response), input).catch((e: unknown) => e)) as Error;
    expect(error).toBeInstanceOf(Error);
    expect(error.message).toContain(missing);
    expect(error.message).not.toMatch(/tmpsecret|tmptoken|AKIDtmp/);
  });
});

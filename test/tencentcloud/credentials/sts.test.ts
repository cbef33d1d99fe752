import { CredentialsError } from '../../../src/tencentcloud/credentials/errors.js';
import { parseStsCredentials, validateRoleInputs } from '../../../src/tencentcloud/credentials/sts.js';

describe('validateRoleInputs', () => {
  it.each([
    ['shortest name', 'ab', 900],
    ['every allowed character', 'a_Z9+=,.@-', 43200],
    ['128 characters', 'x'.repeat(128), 7200],
  ])('accepts %s', (_name, sessionName, durationSeconds) => {
    expect(() =>
      validateRoleInputs('s', { roleArn: 'qcs::cam::uin/1:roleName/r', sessionName, durationSeconds }),
    ).not.toThrow();
  });

  it.each([
    ['a 1-character name', { sessionName: 'a', durationSeconds: 7200 }, 'session name'],
    ['a 129-character name', { sessionName: 'x'.repeat(129), durationSeconds: 7200 }, 'session name'],
    ['a space in the name', { sessionName: 'my session', durationSeconds: 7200 }, 'session name'],
    ['a slash in the name', { sessionName: 'a/b', durationSeconds: 7200 }, 'session name'],
    ['899 s', { sessionName: 'ok', durationSeconds: 899 }, 'duration 899 s'],
    ['43201 s', { sessionName: 'ok', durationSeconds: 43201 }, 'duration 43201 s'],
    ['fractional seconds', { sessionName: 'ok', durationSeconds: 1000.5 }, 'duration 1000.5 s'],
    ['an empty role ARN', { roleArn: ' ', sessionName: 'ok', durationSeconds: 7200 }, 'role ARN is empty'],
  ])('rejects %s', (_name, inputs, message) => {
    expect(() => validateRoleInputs('assume-role:x', inputs)).toThrow(CredentialsError);
    expect(() => validateRoleInputs('assume-role:x', inputs)).toThrow(message);
  });
});

describe('parseStsCredentials', () => {
  const creds = { TmpSecretId: 'AKIDtmp', TmpSecretKey: 'tmpsecret', Token: 'tmptoken' };

  it.each([
    ['ExpiredTime as a number', { Credentials: creds, ExpiredTime: 1_700_007_200 }, 1_700_007_200_000],
    ['ExpiredTime as a digit string', { Credentials: creds, ExpiredTime: '1700007200' }, 1_700_007_200_000],
    [
      'only Expiration',
      { Credentials: creds, Expiration: '2023-11-15T00:20:00Z' },
      Date.parse('2023-11-15T00:20:00Z'),
    ],
  ])('reads %s', (_name, response, expiresAt) => {
    expect(parseStsCredentials('s', 'AssumeRole', response)).toEqual({
      secretId: 'AKIDtmp',
      secretKey: 'tmpsecret',
      token: 'tmptoken',
      expiresAt,
    });
  });

  it.each([
    ['no Credentials', { ExpiredTime: 1 }, 'TmpSecretId, TmpSecretKey, Token'],
    ['no Token', { Credentials: { ...creds, Token: '' }, ExpiredTime: 1 }, 'Token'],
    ['no expiry', { Credentials: creds }, 'ExpiredTime'],
  ])('names what is missing when there is %s, without values', (_name, response, missing) => {
    const call = () => parseStsCredentials('s', 'AssumeRole', response);
    expect(call).toThrow(`AssumeRole response lacks ${missing}`);
    try {
      call();
    } catch (err) {
      expect((err as Error).message).not.toMatch(/tmpsecret|tmptoken|AKIDtmp/);
    }
  });
});

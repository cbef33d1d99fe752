import { CredentialSourceError } from '../../../src/tencentcloud/credentials/errors.js';
import { validateRoleInputs } from '../../../src/tencentcloud/credentials/sts.js';

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
    expect(() => validateRoleInputs('assume-role:x', inputs)).toThrow(CredentialSourceError);
    expect(() => validateRoleInputs('assume-role:x', inputs)).toThrow(message);
  });
});

import { CredentialSourceError, describeCause } from '../../../src/tencentcloud/credentials/errors.js';

describe('CredentialSourceError', () => {
  it('carries source, reason and cause and names both in the message', () => {
    const cause = new Error('boom');
    const err = new CredentialSourceError('profile:/x[default]', 'file /x does not exist', { cause });
    expect(err).toBeInstanceOf(Error);
    expect(err.name).toBe('CredentialSourceError');
    expect(err.source).toBe('profile:/x[default]');
    expect(err.reason).toBe('file /x does not exist');
    expect(err.cause).toBe(cause);
    expect(err.message).toBe('credentials from profile:/x[default]: file /x does not exist');
  });

  it('has no cause unless given one', () => {
    expect(new CredentialSourceError('env', 'x').cause).toBeUndefined();
  });
});

describe('describeCause', () => {
  it.each([
    [
      'an error with a code not in its message',
      Object.assign(new Error('connect refused'), { code: 'ECONNREFUSED' }),
      'ECONNREFUSED: connect refused',
    ],
    [
      'an error whose message has its code',
      Object.assign(new Error('ENOENT: no such file'), { code: 'ENOENT' }),
      'ENOENT: no such file',
    ],
    ['a plain error', new Error('plain'), 'plain'],
    ['a non-error', 42, '42'],
  ])('describes %s', (_name, err, expected) => {
    expect(describeCause(err)).toBe(expected);
  });
});

import { CredentialSourceError } from '../../../src/tencentcloud/credentials/errors.js';
import { StaticCredentialProvider } from '../../../src/tencentcloud/credentials/static.js';

describe('StaticCredentialProvider', () => {
  it.each([
    ['without token', undefined, { secretId: 'AKIDid', secretKey: 'key' }],
    ['with token', 'tok', { secretId: 'AKIDid', secretKey: 'key', token: 'tok' }],
    ['empty token is no token', '', { secretId: 'AKIDid', secretKey: 'key' }],
  ])('returns the given keys %s', async (_name, token, expected) => {
    const provider = new StaticCredentialProvider('AKIDid', 'key', token);
    expect(provider.source).toBe('static');
    await expect(provider.getCredentials()).resolves.toEqual(expected);
  });

  it.each([
    ['', 'key', 'secret id is empty'],
    ['AKIDid', '', 'secret key is empty'],
  ])('rejects empty keys at construction (%j, %j)', (id, key, reason) => {
    expect(() => new StaticCredentialProvider(id, key)).toThrow(CredentialSourceError);
    expect(() => new StaticCredentialProvider(id, key)).toThrow(reason);
  });
});

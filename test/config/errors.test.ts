import { ConfigError, configError } from '../../src/config/errors.js';
import { loadConfigText } from '../../src/config/load.js';
import { rejection } from './helpers.js';

test('message is the first problem on one line; keyPath and problems are kept', () => {
  const error = new ConfigError([
    { keyPath: 'a.b', detail: 'first' },
    { keyPath: '--c', detail: 'second' },
  ]);
  expect(error).toBeInstanceOf(Error);
  expect(error.name).toBe('ConfigError');
  expect(error.message).toBe('invalid config: a.b: first');
  expect(error.keyPath).toBe('a.b');
  expect(error.describeAll()).toBe('invalid config: a.b: first\ninvalid config: --c: second');
  expect(configError('x', 'y').problems).toEqual([{ keyPath: 'x', detail: 'y' }]);
});

const SECRET = 'TOPSECRET1234567';

describe('secrets that are themselves invalid never appear in messages', () => {
  const cases: [string, string][] = [
    [`accounts: [{name: a, secret_id: x, secret_key: [${SECRET}]}]`, 'accounts[0].secret_key'],
    [`accounts: [{name: a, secret_id: x, secret_key: {value: ${SECRET}}}]`, 'accounts[0].secret_key'],
    [`accounts: [{name: a, secret_id: 1234567890123, secret_key: x}]`, 'accounts[0].secret_id'],
    [`accounts: [{name: a, secret_id: x, secret_key: y, session_token: true}]`, 'accounts[0].session_token'],
    [`accounts: [{name: a, secret_id: x, secret_key: y, secret_kye: ${SECRET}}]`, 'accounts[0].secret_kye'],
    [`accounts: [${SECRET}]`, 'accounts[0]'],
    [`accounts: ${SECRET}`, 'accounts'],
    [SECRET, '(top level)'],
    [`accounts: [{name: a, credentials: ${SECRET}}]`, 'accounts[0].credentials'],
    [
      `accounts: [{name: a, credentials: {source: assume_role, role_arn: "qcs::cam::uin/1:roleName/r", external_id: [${SECRET}], from: {source: env}}}]`,
      'accounts[0].credentials.external_id',
    ],
    [
      `accounts: [{name: a, credentials: {source: assume_role, role_arn: "qcs::cam::uin/1:roleName/r", from: {source: static, secret_id: x, secret_key: 987654321987}}}]`,
      'accounts[0].credentials.from.secret_key',
    ],
    [`accounts:\n  - name: a\n    secret_key: "${SECRET}\\q"\n`, '--config.file'],
    [`accounts:\n  - name: a\n    secret_key: "${SECRET}\n`, '--config.file'],
    [`accounts:\n  - name: a\n    secret_key: ${SECRET}\n    secret_key: ${SECRET}2\n`, '--config.file'],
  ];
  test.each(cases)('%s', async (text, keyPath) => {
    const error = await rejection(loadConfigText(text, {}));
    expect(error.keyPath).toBe(keyPath);
    const everything = error.describeAll();
    for (const fragment of [SECRET, '1234567890123', '987654321987', 'TOPSECRET']) {
      expect(everything).not.toContain(fragment);
    }
  });
});

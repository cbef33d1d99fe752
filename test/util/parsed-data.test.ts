import { isObject, keyPathOf } from '../../src/util/parsed-data.js';

test('keyPathOf writes dotted keys, [n] indexes, and quotes odd keys', () => {
  expect(keyPathOf([])).toBe('');
  expect(keyPathOf(['accounts', 1, 'secret_key_file'])).toBe('accounts[1].secret_key_file');
  expect(keyPathOf(['collectors', 'a b'])).toBe('collectors."a b"');
  expect(keyPathOf(['basic_auth_users', 'x\ny'])).toBe('basic_auth_users."x\\ny"');
  expect(keyPathOf(['k'.repeat(70)])).toBe(JSON.stringify(`${'k'.repeat(61)}...`));
});

test('isObject is true for maps only', () => {
  expect([{}, { a: 1 }, [], null, 'x', 1, undefined].map(isObject)).toEqual([
    true,
    true,
    false,
    false,
    false,
    false,
    false,
  ]);
});

import { ConfigError } from '../../src/config/errors.js';
import { validateFileData } from '../../src/config/load.js';

const ARN = 'qcs::cam::uin/1:roleName/r';
const assume = (from: string) => ({ source: 'assume_role', role_arn: ARN, from_account: from });

/** The checks that span keys (account names, credentials forms, from_account), as `key: detail` lines. */
function problems(accounts: unknown[], allowNoAccounts = false): string[] {
  try {
    validateFileData({ accounts }, allowNoAccounts);
    return [];
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    return error.problems.map((p) => `${p.keyPath}: ${p.detail}`);
  }
}

test('a valid from_account chain has no problems', () => {
  expect(
    problems([
      { name: 'root', secret_id: 'i', secret_key: 'k' },
      { name: 'mid', credentials: assume('root') },
      { name: 'leaf', credentials: assume('mid') },
    ]),
  ).toEqual([]);
});

test('cycles are reported once, on the edge that closes them', () => {
  expect(
    problems([
      { name: 'a', credentials: assume('b') },
      { name: 'b', credentials: assume('c') },
      { name: 'c', credentials: assume('a') },
      { name: 'd', credentials: assume('a') },
    ]),
  ).toEqual(['accounts[2].credentials.from_account: forms a cycle: a -> b -> c -> a']);
});

test('a cycle through a nested from block is found too', () => {
  expect(
    problems([
      { name: 'a', credentials: { source: 'assume_role', role_arn: ARN, from: assume('b') } },
      { name: 'b', credentials: assume('a') },
    ]),
  ).toEqual(['accounts[1].credentials.from_account: forms a cycle: a -> b -> a']);
});

test('no accounts is allowed only when asked (demo)', () => {
  expect(problems([], true)).toEqual([]);
  expect(problems([])).toEqual(['accounts: must list at least one account']);
});

test('duplicate names and missing halves are all listed', () => {
  expect(problems([{ name: 'a', secret_key: 'k' }, { name: 'a' }])).toEqual([
    'accounts[1].name: "a" is already the name of accounts[0]',
    'accounts[0].secret_id: is required with secret_key',
  ]);
});

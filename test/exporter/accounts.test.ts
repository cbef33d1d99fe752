import type { AccountConfig } from '../../src/config/index.js';
import { AccountRuntimes } from '../../src/exporter/accounts.js';
import { SelfMetrics } from '../../src/metrics/self-metrics.js';

const base = (name: string, extra: Partial<AccountConfig> = {}): AccountConfig => ({
  name,
  credentials: { source: 'static', secret_id: `AKID${name}`, secret_key: `key-${name}` },
  endpoint: 'http://127.0.0.1:1',
  international: false,
  language: 'en-US',
  requests_per_second: 5,
  ...extra,
});

const assumed = (name: string, from: string): AccountConfig =>
  base(name, {
    credentials: {
      source: 'assume_role',
      role_arn: 'qcs::cam::uin/1:roleName/r',
      session_name: 's1',
      duration_seconds: 900,
      from_account: from,
    },
  });

test('a reload keeps the client (and its rate limiter) of every account whose settings are unchanged', async () => {
  const metrics = new SelfMetrics('test');
  const first = AccountRuntimes.build([base('a'), base('b'), assumed('c', 'a'), base('e')], metrics, {});
  const callerOf = (r: AccountRuntimes, name: string) => r.runtimes.find((x) => x.name === name)?.caller;
  // b's rate limit and a's key change: both are rebuilt, and c, whose credentials come from a, too.
  const reloaded = [
    base('a', { credentials: { source: 'static', secret_id: 'AKIDa', secret_key: 'rotated' } }),
    base('b', { requests_per_second: 6 }),
    assumed('c', 'a'),
    base('d'),
    base('e'),
  ];
  const second = AccountRuntimes.build(reloaded, metrics, {}, first);
  expect(callerOf(second, 'a')).not.toBe(callerOf(first, 'a'));
  expect(callerOf(second, 'b')).not.toBe(callerOf(first, 'b'));
  expect(callerOf(second, 'c')).not.toBe(callerOf(first, 'c'));
  expect(callerOf(second, 'e')).toBe(callerOf(first, 'e'));
  const third = AccountRuntimes.build(reloaded, metrics, {}, second);
  for (const name of ['a', 'b', 'c', 'd', 'e']) expect(callerOf(third, name)).toBe(callerOf(second, name));
  await first.closeRetired(second);
  await second.closeRetired(third);
  await third.close();
});

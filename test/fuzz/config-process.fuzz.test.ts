/**
 * A handful of real runs of the built exporter with broken configs and flags, some fuzzed: exit
 * status 2 and one line naming the key on stderr, never a stack trace.
 */
import fc from 'fast-check';
import { stringify } from 'yaml';
import { runExporter } from '../helpers/exporter-process.js';

const ACCOUNT = { name: 'prod', secret_id: 'AKIDprocessFuzz', secret_key: 'process-fuzz-key' };

const FIXED: readonly (readonly [string, { config?: unknown; args: readonly string[] }])[] = [
  ['YAML that does not parse', { config: 'accounts: [\n  - name: "x', args: [] }],
  ['an unknown key', { config: { accounts: [ACCOUNT], colectors: {} }, args: [] }],
  [
    'a bad schedule',
    {
      config: { accounts: [ACCOUNT], collectors: { tcss_image_scan: { schedule: 'every minute' } } },
      args: [],
    },
  ],
  [
    'a missing secret file',
    { config: { accounts: [{ name: 'a', secret_id: 'x', secret_key_file: '/nonexistent/k' }] }, args: [] },
  ],
  ['a bad log level', { config: { accounts: [ACCOUNT] }, args: ['--log.level=loud'] }],
  ['an unknown flag', { config: { accounts: [ACCOUNT] }, args: ['--web.listen-adress=:1'] }],
];

/** A few fuzzed documents, the same on every run (fixed seed): one account key given a value that never fits it. */
const FUZZED = fc
  .sample(
    fc.record({
      key: fc.constantFrom('name', 'endpoint', 'region', 'requests_per_second', 'language', 'international'),
      value: fc.oneof(
        fc.integer({ min: -3, max: 0 }),
        fc.constant([]),
        fc.dictionary(fc.string({ maxLength: 3 }), fc.nat(), { maxKeys: 2 }),
      ),
    }),
    { numRuns: 3, seed: 7 },
  )
  .map(
    ({ key, value }) =>
      [
        `accounts[0].${key} = ${JSON.stringify(value)}`,
        {
          config: stringify({ accounts: [{ ...ACCOUNT, [key]: value }] }),
          args: [],
          names: `accounts[0].${key}`,
        },
      ] as const,
  );

test.each([...FIXED, ...FUZZED])(
  '%s: exit 2, one line naming the key, no stack trace',
  async (_name, input) => {
    const result = await runExporter(['--web.listen-address=127.0.0.1:0', ...input.args], {
      config: input.config,
      timeoutMs: 20_000,
    });
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/^invalid config: \S+: .+\n$/);
    expect(result.stderr).not.toMatch(/^\s+at /m);
    expect(result.stdout).toBe('');
    if ('names' in input) expect(result.stderr).toContain(`invalid config: ${input.names}: `);
  },
);

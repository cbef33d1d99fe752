import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { stringify } from 'yaml';
import { ConfigError } from '../../src/config/errors.js';
import { DEFAULT_FLAGS, FLAG_SPECS, parseFlags } from '../../src/config/flags.js';
import { loadConfig, loadConfigText } from '../../src/config/load.js';

// Any input ends in a config or in a ConfigError naming a key or flag, on one line, without the
// secret planted in the input.
const SECRET = 'PLANTED-SECRET-b1e7';
let dir: string;
const env = { ID: 'env-id', KEY: 'env-key', HOSTNAME: 'exporter-1' };

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'config-fuzz-'));
  await writeFile(join(dir, 'secret'), 'file-secret\n');
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

function checkError(error: unknown): void {
  if (!(error instanceof ConfigError)) throw error;
  expect(error.keyPath.length).toBeGreaterThan(0);
  expect(error.message.startsWith(`invalid config: ${error.keyPath}: `)).toBe(true);
  expect(error.message).not.toContain('\n');
  expect(error.describeAll()).not.toContain(SECRET);
}

/** Runs one case: its result, or undefined after checking the ConfigError it threw. */
async function settle<T>(run: () => Promise<T> | T): Promise<T | undefined> {
  try {
    return await run();
  } catch (error) {
    checkError(error);
    return undefined;
  }
}

const scalar = fc.oneof(
  fc.string({ maxLength: 12 }),
  fc.integer({ min: -5, max: 50000 }),
  fc.double(),
  fc.boolean(),
  fc.constant(null),
  fc.constantFrom(
    'auto',
    'Malware',
    'Vul',
    'Baseline',
    '*/30 * * * * *',
    'UTC',
    'ap-guangzhou',
    'http://127.0.0.1:1',
  ),
);
const anyValue = fc.oneof(
  scalar,
  fc.array(scalar, { maxLength: 3 }),
  fc.dictionary(fc.string({ maxLength: 6 }), scalar, { maxKeys: 2 }),
);
/** Mostly a valid value, sometimes anything: reaches the builder often and the validators too. */
const v = <T>(valid: fc.Arbitrary<T>) =>
  fc.oneof({ arbitrary: valid, weight: 30 }, { arbitrary: anyValue as fc.Arbitrary<unknown>, weight: 1 });
/** A key that should not be there, rarely present (undefined keys are left out by stringify). */
const rare = fc.oneof({ arbitrary: fc.constant(undefined), weight: 30 }, { arbitrary: anyValue, weight: 1 });
const secret = fc.oneof(
  { arbitrary: fc.constant(SECRET), weight: 20 },
  { arbitrary: fc.constantFrom<unknown>([SECRET], { v: SECRET }, 123456789, '', true), weight: 1 },
);
const ARN = 'qcs::cam::uin/1:roleName/r';

const credentials = fc.letrec((tie) => ({
  creds: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    fc.record(
      {
        source: v(fc.constantFrom('env', 'chain', 'cvm_role', 'web_identity')),
        region: v(fc.constant('ap-beijing')),
        typo: rare,
      },
      { requiredKeys: ['source'] },
    ),
    fc.record(
      {
        source: fc.constant('profile'),
        profile: v(fc.constantFrom('default', 'prod')),
        file: v(fc.constant('creds.ini')),
      },
      { requiredKeys: ['source'] },
    ),
    fc.record(
      {
        source: fc.constant('static'),
        secret_id: secret,
        secret_key_env: v(fc.constantFrom('KEY', 'MISSING')),
        secret_key_file: v(fc.constantFrom('secret', 'missing')),
      },
      { requiredKeys: ['source'] },
    ),
    fc.record(
      {
        source: fc.constant('assume_role'),
        role_arn: v(fc.constant(ARN)),
        duration_seconds: v(fc.integer({ min: 800, max: 44000 })),
        external_id: secret,
        from: tie('creds'),
        from_account: v(fc.constantFrom('a', 'b', 'c', 'zz')),
      },
      { requiredKeys: ['source', 'role_arn'] },
    ),
  ),
}));

/** The ways an account names its credentials; mixing them is rare, as it is an error. */
const accountCredentials = fc.oneof(
  fc.constant({}),
  fc.record({ secret_id: secret, secret_key: secret }),
  fc.record({
    secret_id_env: v(fc.constantFrom('ID', 'MISSING')),
    secret_key_file: v(fc.constantFrom('secret', 'missing', '.')),
  }),
  fc.record(
    { secret_id: secret, secret_key_env: v(fc.constant('KEY')), session_token: secret },
    { requiredKeys: ['secret_id'] },
  ),
  fc.record({ credentials: v(credentials.creds) }),
  fc.record(
    { secret_key: secret, credentials: credentials.creds, secret_id_env: rare },
    { requiredKeys: [] },
  ),
);

const account = fc
  .tuple(
    fc.record(
      {
        name: v(fc.constantFrom('a', 'b', 'c')),
        endpoint: v(fc.constantFrom('http://127.0.0.1:18080', 'https://tcss.example.com')),
        region: v(fc.constant('ap-guangzhou')),
        international: v(fc.boolean()),
        language: v(fc.constantFrom('en-US', 'zh-CN')),
        requests_per_second: v(fc.double({ min: 0, max: 1100, noNaN: true })),
        typo: rare,
      },
      { requiredKeys: ['name'] },
    ),
    accountCredentials,
  )
  .map(([fields, creds]) => ({ ...fields, ...creds }));

const common = {
  enabled: v(fc.boolean()),
  schedule: v(
    fc.constantFrom('*/30 * * * * *', '0 * * * *', '*/5 * * * * *', '0 0 * * * *', '*/x * *', '61 * * * * *'),
  ),
  timeout_seconds: v(fc.integer({ min: 0, max: 90000 })),
  typo: rare,
};
const document = fc.record(
  {
    global: v(
      fc.record(
        {
          concurrency: v(fc.integer({ min: 0, max: 1001 })),
          staleness_intervals: v(fc.integer({ min: 0, max: 20 })),
          typo: rare,
        },
        { requiredKeys: [] },
      ),
    ),
    accounts: v(fc.array(account, { maxLength: 3 })),
    collectors: v(
      fc.record(
        {
          tcss_image_scan: v(
            fc.record(
              { ...common, task_ids: v(fc.array(fc.oneof(fc.string(), fc.nat()), { maxLength: 2 })) },
              { requiredKeys: [] },
            ),
          ),
          cwp_scan_state: v(
            fc.record(
              {
                ...common,
                modules: v(fc.subarray(['Malware', 'Vul', 'Baseline', 'Malware', 'Vul', 'Virus'])),
                baseline_strategy_ids: v(
                  fc.oneof(fc.constant('auto'), fc.array(fc.integer({ min: -1, max: 9 }), { maxLength: 3 })),
                ),
                timezone: v(fc.constantFrom('Asia/Shanghai', 'UTC', 'Mars/Base')),
              },
              { requiredKeys: [] },
            ),
          ),
          typo: rare,
        },
        { requiredKeys: [] },
      ),
    ),
    typo: rare,
  },
  { requiredKeys: [] },
);

test('structured YAML documents: a config or a ConfigError', async () => {
  let configs = 0;
  const runs = 500;
  await fc.assert(
    fc.asyncProperty(document, fc.boolean(), async (doc, demo) => {
      const config = await settle(() =>
        loadConfigText(stringify(doc), env, { ...DEFAULT_FLAGS, demo }, 'fuzz.yaml', dir),
      );
      if (config) {
        configs++;
        expect(Object.isFrozen(config.accounts)).toBe(true);
        if (!demo) expect(config.accounts.length).toBeGreaterThan(0);
      }
    }),
    { numRuns: runs },
  );
  // The generator leans to valid values (about 7% of documents build), so the builder is
  // reached, not only the validators.
  expect(configs).toBeGreaterThan(runs / 50);
});

test('arbitrary JSON values as YAML: a config or a ConfigError', async () => {
  await fc.assert(
    fc.asyncProperty(fc.jsonValue({ maxDepth: 4 }), async (value) => {
      await settle(() => loadConfigText(stringify(value), env, DEFAULT_FLAGS, 'fuzz.yaml', dir));
    }),
    { numRuns: 200 },
  );
});

test('arbitrary strings as YAML: a config or a ConfigError', async () => {
  const yamlish = fc.stringMatching(/^[\w :\-[\]{}"'!&*#|>\n\t,.?%@`]{0,60}$/);
  await fc.assert(
    fc.asyncProperty(fc.oneof(fc.string({ maxLength: 80 }), yamlish), async (text) => {
      await settle(() => loadConfigText(text, env, DEFAULT_FLAGS, 'fuzz.yaml', dir));
    }),
    { numRuns: 400 },
  );
});

test('arbitrary flags: FlagValues or a ConfigError naming a flag', async () => {
  const names = [
    ...FLAG_SPECS.map((spec) => spec.name).filter((name) => name !== 'config.file'),
    'no-demo',
    'no-check',
    'bogus',
  ];
  const token = fc.oneof(
    fc
      .tuple(fc.constantFrom(...names), fc.option(fc.string({ maxLength: 12 }), { nil: undefined }))
      .map(([name, value]) => (value === undefined ? `--${name}` : `--${name}=${value}`)),
    fc.constantFrom('hostname', '0', '1', '3', ':9496', '/metrics', 'debug', 'true', '-h'),
    fc.string({ maxLength: 12 }),
  );
  await fc.assert(
    fc.asyncProperty(
      fc.array(token, { maxLength: 6 }),
      fc.string({ maxLength: 12 }),
      async (argv, hostname) => {
        await settle(() => parseFlags(argv));
        await settle(() => loadConfig(argv, { HOSTNAME: hostname }));
      },
    ),
    { numRuns: 400 },
  );
});

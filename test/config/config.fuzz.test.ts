import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { stringify } from 'yaml';
import { ConfigError } from '../../src/config/errors.js';
import { DEFAULT_FLAGS, FLAG_SPECS, parseFlags } from '../../src/config/flags.js';
import { loadConfig, loadConfigText } from '../../src/config/load.js';

/**
 * The config fuzz suite: any flags and any YAML — structured documents, a valid file with one
 * value replaced, removed or added, arbitrary JSON and text — end in a configuration or in a
 * ConfigError that names a key or flag, on one line, without the secret planted in the input.
 */
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

/** A YAML key: a name, or any text as a JSON string. */
const SEGMENT = String.raw`([\w-]+|"(?:[^"\\]|\\.)*")`;
/** A flag as given, a YAML key path, the whole document, or a stray command-line argument (quoted). */
const KEY_PATH = new RegExp(
  String.raw`^(-{1,2}[^\s=]*|${SEGMENT}(\[\d+\])*(\.${SEGMENT}(\[\d+\])*)*|\(top level\)|".*")$`,
);

function checkError(error: unknown): ConfigError {
  if (!(error instanceof ConfigError)) throw error;
  expect(error.keyPath).toMatch(KEY_PATH);
  expect(error.message.startsWith(`invalid config: ${error.keyPath}: `)).toBe(true);
  expect(error.message).not.toMatch(/\n|\bat .+:\d+:\d+/);
  expect(error.describeAll()).not.toContain(SECRET);
  return error;
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

/** The error `run` throws (it must throw a ConfigError). */
async function errorOf(run: () => Promise<unknown>): Promise<ConfigError> {
  let thrown: unknown;
  await run().catch((error: unknown) => {
    thrown = error;
  });
  return checkError(thrown);
}

const loadText = (text: string, flags = DEFAULT_FLAGS) => loadConfigText(text, env, flags, 'fuzz.yaml', dir);

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

const YAML_PIECES = [
  'accounts:',
  '- ',
  'name: x',
  '  ',
  '\n',
  ': ',
  '{',
  '}',
  '[',
  ']',
  '&a ',
  '*a',
  '!!binary ',
  '"',
  "'",
  '#',
  '---',
  'collectors:',
  'global:',
  '? ',
];

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
  const yamlish = fc.oneof(
    fc.string({ maxLength: 200 }),
    fc.string({ unit: 'binary', maxLength: 100 }),
    fc.stringMatching(/^[\w :\-[\]{}"'!&*#|>\n\t,.?%@`]{0,60}$/),
    fc.array(fc.constantFrom(...YAML_PIECES), { maxLength: 40 }).map((parts) => parts.join('')),
  );
  await fc.assert(
    fc.asyncProperty(yamlish, async (text) => {
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
    fc
      .tuple(fc.constantFrom(...names), fc.constantFrom('', ':0', '127.0.0.1:9', 'metrics', '/x', '-1'))
      .map(([name, value]) => `--${name} ${value}`),
    fc.constantFrom('hostname', '0', '1', '3', ':9496', '/metrics', 'debug', 'true', '-h'),
    fc.string({ maxLength: 12 }),
  );
  await fc.assert(
    fc.asyncProperty(
      fc.array(token, { maxLength: 6 }),
      fc.string({ maxLength: 12 }),
      async (tokens, hostname) => {
        const argv = tokens.flatMap((t) =>
          t.startsWith('--') && t.includes(' ') ? t.split(/ (.*)/s, 2) : [t],
        );
        await settle(() => parseFlags(argv));
        await settle(() => loadConfig(argv, { HOSTNAME: hostname }));
      },
    ),
    { numRuns: 400 },
  );
});

const VALID = {
  global: { concurrency: 4, staleness_intervals: 3 },
  accounts: [
    { name: 'prod', secret_id: 'AKIDprod', secret_key: 'prod-key', endpoint: 'http://127.0.0.1:18080' },
    { name: 'staging', secret_id_env: 'ID', secret_key_env: 'KEY', region: 'ap-guangzhou' },
  ],
  collectors: {
    tcss_image_scan: { schedule: '*/30 * * * * *', timeout_seconds: 20, task_ids: ['t-1'] },
    cwp_scan_state: {
      schedule: '0 */5 * * * *',
      modules: ['Malware', 'Vul', 'Baseline'],
      baseline_strategy_ids: [1, 2],
      timezone: 'Asia/Shanghai',
    },
  },
};

type Path = readonly (string | number)[];

function pathsOf(value: unknown, prefix: Path = []): Path[] {
  if (typeof value !== 'object' || value === null) return [prefix];
  const children = Object.entries(value).flatMap(([k, v]) =>
    pathsOf(v, [...prefix, Array.isArray(value) ? Number(k) : k]),
  );
  return prefix.length === 0 ? children : [prefix, ...children];
}

function withChange(path: Path, change: { remove: true } | { value: unknown }): unknown {
  const copy = structuredClone(VALID) as Record<string | number, unknown>;
  let node = copy as Record<string | number, unknown>;
  for (const key of path.slice(0, -1)) node = node[key] as Record<string | number, unknown>;
  const last = path[path.length - 1]!;
  if ('remove' in change) {
    if (Array.isArray(node)) node.splice(Number(last), 1);
    else delete node[last];
  } else node[last] = change.value;
  return copy;
}

const replacement = fc.oneof(
  fc.jsonValue({ maxDepth: 2 }),
  fc.constantFrom(
    '',
    'auto',
    '* * *',
    'not a url',
    'ftp://x',
    'Mars/Olympus',
    -1,
    0,
    1e9,
    0.5,
    true,
    null,
    [],
    {},
  ),
);

// Found by this suite: a !!binary document used to be walked as a Buffer and reported as
// `readBigUInt64LE: unknown key`.
test('a top-level !!binary document is refused as a YAML error, not as a Buffer method', async () => {
  expect((await errorOf(() => loadText('!!binary aGVsbG8=\n'))).message).toMatch(
    /^invalid config: --config\.file: .*unknown tag/,
  );
});

test('a valid file with any one value replaced or removed loads, or names a key in that section', async () => {
  const paths = pathsOf(VALID);
  const change = fc.oneof(
    fc.constant({ remove: true } as const),
    replacement.map((value) => ({ value })),
  );
  await fc.assert(
    fc.asyncProperty(fc.constantFrom(...paths), change, async (path, c) => {
      try {
        await loadText(stringify(withChange(path, c)));
      } catch (error) {
        const { keyPath } = checkError(error);
        const section = String(path[0]);
        expect([section, '--config.file']).toContain(
          keyPath.split(/[.[]/)[0] === '' ? keyPath : keyPath.split(/[.[]/)[0],
        );
      }
    }),
    { numRuns: 150 },
  );
});

test('an unknown key anywhere is refused by name', async () => {
  const objects = pathsOf(VALID).filter((p) => {
    let node: unknown = VALID;
    for (const key of p) node = (node as Record<string | number, unknown>)[key];
    return typeof node === 'object' && node !== null && !Array.isArray(node);
  });
  await fc.assert(
    fc.asyncProperty(
      fc.constantFrom([] as Path, ...objects),
      fc.stringMatching(/^[a-z][a-z_]{2,12}$/),
      async (path, key) => {
        fc.pre(!['name', 'secret_id', 'global', 'accounts', 'collectors'].includes(key));
        const config = structuredClone(VALID) as Record<string, unknown>;
        let node = config as Record<string | number, unknown>;
        for (const k of path) node = node[k] as Record<string | number, unknown>;
        fc.pre(!(key in node));
        node[key] = 1;
        expect((await errorOf(() => loadText(stringify(config)))).describeAll()).toContain(key);
      },
    ),
    { numRuns: 60 },
  );
});

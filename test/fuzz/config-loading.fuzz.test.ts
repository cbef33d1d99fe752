/**
 * Fuzzes configuration loading in-process: arbitrary YAML text, a valid file with one value
 * replaced or removed anywhere, and arbitrary flag values. Every input ends in a configuration
 * or a ConfigError whose one-line message names a key or flag, never in any other exception.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { stringify } from 'yaml';
import { ConfigError, FLAG_SPECS, loadConfig } from '../../src/config/index.js';

const RUNS = 150;
/** A YAML key: a name, or any text as a JSON string. */
const SEGMENT = String.raw`([\w-]+|"(?:[^"\\]|\\.)*")`;
/** A flag as given, a YAML key path, the whole document, or a stray command-line argument (quoted). */
const KEY_PATH = new RegExp(
  String.raw`^(-{1,2}[^\s=]*|${SEGMENT}(\[\d+\])*(\.${SEGMENT}(\[\d+\])*)*|\(top level\)|".*")$`,
);

let dir: string;
let file: string;
const ENV = { FUZZ_ID: 'AKIDfromEnv', FUZZ_KEY: 'keyFromEnv' };

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'fuzz-config-'));
  file = join(dir, 'config.yml');
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

const VALID = {
  global: { concurrency: 4, staleness_intervals: 3 },
  accounts: [
    { name: 'prod', secret_id: 'AKIDprod', secret_key: 'prod-key', endpoint: 'http://127.0.0.1:18080' },
    { name: 'staging', secret_id_env: 'FUZZ_ID', secret_key_env: 'FUZZ_KEY', region: 'ap-guangzhou' },
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

/** The error every failing case must throw: named key, one line, the documented prefix. */
function checkConfigError(error: unknown): ConfigError {
  if (!(error instanceof ConfigError)) throw error;
  expect(error.keyPath).toMatch(KEY_PATH);
  expect(error.message).toBe(
    `invalid config: ${error.keyPath}: ${error.message.slice(`invalid config: ${error.keyPath}: `.length)}`,
  );
  expect(error.message).not.toMatch(/\n|\bat .+:\d+:\d+/);
  return error;
}

async function loadText(text: string, flags: readonly string[] = []) {
  await writeFile(file, text, 'utf8');
  return loadConfig([`--config.file=${file}`, ...flags], ENV);
}

const yamlish = fc.oneof(
  fc.string({ maxLength: 200 }),
  fc.string({ unit: 'binary', maxLength: 100 }),
  fc
    .array(
      fc.constantFrom(
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
      ),
      { maxLength: 40 },
    )
    .map((parts) => parts.join('')),
);

test('arbitrary YAML text gives a configuration or a ConfigError naming a key', async () => {
  await fc.assert(
    fc.asyncProperty(yamlish, async (text) => {
      try {
        await loadText(text);
      } catch (error) {
        checkConfigError(error);
      }
    }),
    { numRuns: RUNS },
  );
});

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
  let thrown: unknown;
  await loadText('!!binary aGVsbG8=\n').catch((error: unknown) => {
    thrown = error;
  });
  expect(checkConfigError(thrown).message).toMatch(/^invalid config: --config\.file: .*unknown tag/);
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
        const { keyPath } = checkConfigError(error);
        const section = String(path[0]);
        expect([section, '--config.file']).toContain(
          keyPath.split(/[.[]/)[0] === '' ? keyPath : keyPath.split(/[.[]/)[0],
        );
      }
    }),
    { numRuns: RUNS },
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
        let thrown: unknown;
        await loadText(stringify(config)).catch((error: unknown) => {
          thrown = error;
        });
        expect(checkConfigError(thrown).describeAll()).toContain(key);
      },
    ),
    { numRuns: 60 },
  );
});

test('arbitrary flag values give a configuration or a ConfigError naming a flag', async () => {
  await writeFile(file, stringify(VALID), 'utf8');
  const flag = fc.tuple(
    fc.oneof(fc.constantFrom(...FLAG_SPECS.map((s) => s.name)), fc.stringMatching(/^[a-z][a-z.-]{0,15}$/)),
    fc.oneof(
      fc.string({ maxLength: 20 }),
      fc.constantFrom('', ':0', '127.0.0.1:9', 'metrics', '/x', 'debug', 'yaml', '-1', 'true'),
    ),
    fc.boolean(),
  );
  await fc.assert(
    fc.asyncProperty(fc.array(flag, { maxLength: 4 }), async (flags) => {
      const argv = flags.flatMap(([name, value, joined]) =>
        joined ? [`--${name}=${value}`] : [`--${name}`, value],
      );
      try {
        await loadConfig([`--config.file=${file}`, ...argv], ENV);
      } catch (error) {
        checkConfigError(error);
      }
    }),
    { numRuns: RUNS },
  );
});

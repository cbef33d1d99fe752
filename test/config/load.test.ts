import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConfigError } from '../../src/config/errors.js';
import { DEFAULT_FLAGS, parseFlags } from '../../src/config/flags.js';
import {
  deepFreeze,
  type ExporterConfig,
  loadConfig,
  loadConfigFile,
  loadConfigText,
  parseYaml,
  validateFileData,
} from '../../src/config/load.js';
import { rejection } from './helpers.js';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'config-load-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

const DEFAULT_COLLECTORS: ExporterConfig['collectors'] = {
  tcss_image_scan: { enabled: true, schedule: '*/30 * * * * *', timeout_seconds: 20, task_ids: [] },
  cwp_scan_state: {
    enabled: true,
    schedule: '0 * * * * *',
    timeout_seconds: 30,
    modules: ['Malware', 'Vul', 'Baseline'],
    baseline_strategy_ids: 'auto',
    timezone: 'Asia/Shanghai',
  },
  tcss_image_risk_summary: { enabled: false, schedule: '0 */5 * * * *', timeout_seconds: 30 },
  tcss_asset_summary: { enabled: false, schedule: '5 */5 * * * *', timeout_seconds: 30 },
  cwp_vul_level_count: { enabled: false, schedule: '10 */5 * * * *', timeout_seconds: 30 },
  cwp_vul_host_count: { enabled: false, schedule: '15 */5 * * * *', timeout_seconds: 30 },
  cwp_general_stat: { enabled: false, schedule: '20 */5 * * * *', timeout_seconds: 30 },
  cwp_baseline_overview: { enabled: false, schedule: '25 */5 * * * *', timeout_seconds: 30 },
  cwp_security_events: { enabled: false, schedule: '30 */5 * * * *', timeout_seconds: 30 },
  tcss_container_virus: { enabled: false, schedule: '0 * * * * *', timeout_seconds: 20 },
  tcss_image_vulnerability: { enabled: false, schedule: '0 * * * * *', timeout_seconds: 20 },
  tcss_compliance: {
    enabled: false,
    schedule: '0 */5 * * * *',
    timeout_seconds: 30,
    asset_types: ['container', 'image', 'host', 'k8s'],
  },
  tcss_image_detail: {
    enabled: false,
    schedule: '40 */10 * * * *',
    timeout_seconds: 60,
    max_assets: 100,
    max_pages: 10,
  },
  cwp_host_detail: {
    enabled: false,
    schedule: '45 */10 * * * *',
    timeout_seconds: 60,
    max_assets: 100,
    max_pages: 10,
    machine_types: ['CVM'],
    machine_regions: [],
  },
};

async function configOf(argv: string[], env: NodeJS.ProcessEnv = {}): Promise<ExporterConfig> {
  const result = await loadConfig(argv, env);
  if (result.kind !== 'config') throw new Error(`expected a config, got ${result.kind}`);
  return result.config;
}

test('no file: one default account on the credential chain, every default', async () => {
  expect(await configOf([])).toEqual({
    web: { listenAddress: ':9496', telemetryPath: '/metrics', enableLifecycle: false },
    log: { level: 'info', format: 'json', failureIntervalMs: 600_000 },
    demo: false,
    check: false,
    accounts: [
      {
        name: 'default',
        credentials: { source: 'chain' },
        international: false,
        language: 'en-US',
        requests_per_second: 20,
      },
    ],
    collectors: DEFAULT_COLLECTORS,
    global: { concurrency: 16, staleness_intervals: 3 },
    shard: { index: 0, count: 1 },
  });
});

test('--demo without a file: zero accounts (main adds the demo ones)', async () => {
  const config = await configOf(['--demo']);
  expect(config.demo).toBe(true);
  expect(config.accounts).toEqual([]);
});

test('--demo with a file may leave accounts out; without --demo that is an error', async () => {
  const text = 'collectors: {tcss_image_scan: {enabled: false}}\n';
  expect((await loadConfigText(text, {}, { ...DEFAULT_FLAGS, demo: true })).accounts).toEqual([]);
  const error = await rejection(loadConfigText(text, {}));
  expect(error.message).toBe('invalid config: accounts: must list at least one account');
});

test('flags flow into the config', async () => {
  const config = await configOf([
    '--web.listen-address=127.0.0.1:0',
    '--web.telemetry-path=/scan-metrics',
    '--web.config.file=web.yml',
    '--web.enable-lifecycle',
    '--log.level=debug',
    '--log.format=logfmt',
    '--log.failure-interval=2m',
    '--check',
    '--shard.index=2',
    '--shard.count=5',
  ]);
  expect(config.web).toEqual({
    listenAddress: '127.0.0.1:0',
    telemetryPath: '/scan-metrics',
    configFile: 'web.yml',
    enableLifecycle: true,
  });
  expect(config.log).toEqual({ level: 'debug', format: 'logfmt', failureIntervalMs: 120_000 });
  expect(config.check).toBe(true);
  expect(config.shard).toEqual({ index: 2, count: 5 });
});

describe('shard index from $HOSTNAME', () => {
  test.each([
    ['exporter-0', 2, 0],
    ['tencentcloud-scan-exporter-1', 2, 1],
    ['exporter-4', 5, 4],
  ])('%s of %d -> %d', async (hostname, count, index) => {
    const config = await configOf(['--shard.index=hostname', `--shard.count=${count}`], {
      HOSTNAME: hostname,
    });
    expect(config.shard).toEqual({ index, count });
  });

  test.each([
    [{ HOSTNAME: 'exporter-2' }, '--shard.index: 2 must be less than --shard.count (2)'],
    [
      { HOSTNAME: 'exporter' },
      '--shard.index: is "hostname" but $HOSTNAME "exporter" does not end in -N (a StatefulSet ordinal)',
    ],
    [{}, '--shard.index: is "hostname" but $HOSTNAME is not set'],
  ])('%j is an error', async (env, detail) => {
    const error = await rejection(loadConfig(['--shard.index=hostname', '--shard.count=2'], env));
    expect(error.keyPath).toBe('--shard.index');
    expect(error.message).toBe(`invalid config: ${detail}`);
  });
});

test('--help returns the usage text, --version the version marker', async () => {
  expect(await loadConfig(['--help'], {})).toEqual({ kind: 'help' });
  expect(await loadConfig(['-h', '--bogus'], {})).toEqual({ kind: 'help' });
  expect(await loadConfig(['--version'], {})).toEqual({ kind: 'version' });
});

test('every key has its documented default', async () => {
  const config = await loadConfigText('accounts: [{name: prod}]\n', {});
  expect(config.accounts).toEqual([
    {
      name: 'prod',
      credentials: { source: 'chain' },
      international: false,
      language: 'en-US',
      requests_per_second: 20,
    },
  ]);
  expect(config.collectors).toEqual(DEFAULT_COLLECTORS);
  expect(config.global.concurrency).toBe(16);
  expect(config.global.staleness_intervals).toBe(3);
});

test('the documented example file', async () => {
  const text = `
global:
  concurrency: 4
  staleness_intervals: 5
accounts:
  - name: prod
    secret_id: AKIDEXAMPLE
    secret_key: example-key
    endpoint: http://127.0.0.1:18080
    region: ap-guangzhou
    international: true
    language: zh-CN
    requests_per_second: 5.5
collectors:
  tcss_image_scan:
    enabled: false
    schedule: "*/30 * * * * *"
    timeout_seconds: 10
    task_ids: [abc, 123]
  cwp_scan_state:
    schedule: "0 */5 * * * *"
    timeout_seconds: 12.5
    modules: [Baseline]
    baseline_strategy_ids: [1, 2]
    timezone: UTC
  tcss_compliance:
    enabled: true
    asset_types: [host, k8s]
`;
  const config = await loadConfigText(text, {});
  expect(config.accounts).toEqual([
    {
      name: 'prod',
      credentials: { source: 'static', secret_id: 'AKIDEXAMPLE', secret_key: 'example-key' },
      endpoint: 'http://127.0.0.1:18080',
      region: 'ap-guangzhou',
      international: true,
      language: 'zh-CN',
      requests_per_second: 5.5,
    },
  ]);
  expect(config.collectors).toEqual({
    tcss_image_scan: {
      enabled: false,
      schedule: '*/30 * * * * *',
      timeout_seconds: 10,
      task_ids: ['abc', '123'],
    },
    cwp_scan_state: {
      enabled: true,
      schedule: '0 */5 * * * *',
      timeout_seconds: 12.5,
      modules: ['Baseline'],
      baseline_strategy_ids: [1, 2],
      timezone: 'UTC',
    },
    tcss_image_risk_summary: DEFAULT_COLLECTORS.tcss_image_risk_summary,
    tcss_asset_summary: DEFAULT_COLLECTORS.tcss_asset_summary,
    cwp_vul_level_count: DEFAULT_COLLECTORS.cwp_vul_level_count,
    cwp_vul_host_count: DEFAULT_COLLECTORS.cwp_vul_host_count,
    cwp_general_stat: DEFAULT_COLLECTORS.cwp_general_stat,
    cwp_baseline_overview: DEFAULT_COLLECTORS.cwp_baseline_overview,
    cwp_security_events: DEFAULT_COLLECTORS.cwp_security_events,
    tcss_container_virus: DEFAULT_COLLECTORS.tcss_container_virus,
    tcss_image_vulnerability: DEFAULT_COLLECTORS.tcss_image_vulnerability,
    tcss_compliance: {
      enabled: true,
      schedule: '0 */5 * * * *',
      timeout_seconds: 30,
      asset_types: ['host', 'k8s'],
    },
    tcss_image_detail: DEFAULT_COLLECTORS.tcss_image_detail,
    cwp_host_detail: DEFAULT_COLLECTORS.cwp_host_detail,
  });
  expect(config.global.concurrency).toBe(4);
  expect(config.global.staleness_intervals).toBe(5);
});

test('an empty file is an error without --demo (accounts required)', async () => {
  const error = await rejection(loadConfigText('', {}));
  expect(error.keyPath).toBe('accounts');
});

test('the result is deeply frozen (mutation throws in strict mode)', async () => {
  const config = await loadConfigText('accounts: [{name: a, secret_id: x, secret_key: y}]\n', {});
  const mutable = config as unknown as Record<string, unknown> & {
    accounts: { name: string; credentials: { secretKey: string } }[];
    collectors: { cwp_scan_state: { modules: string[] } };
  };
  expect(() => {
    mutable['demo'] = true;
  }).toThrow(TypeError);
  expect(() => {
    mutable.accounts[0]!.name = 'b';
  }).toThrow(TypeError);
  expect(() => {
    mutable.accounts[0]!.credentials.secretKey = 'z';
  }).toThrow(TypeError);
  expect(() => {
    mutable.collectors.cwp_scan_state.modules.push('Vul');
  }).toThrow(TypeError);
  expect(Object.isFrozen(config.shard)).toBe(true);
});

describe('files', () => {
  test('--config.file is read, and loadConfigFile reloads it with the same flags', async () => {
    const path = join(dir, 'reload.yaml');
    await writeFile(path, 'accounts: [{name: first}]\n');
    const argv = [`--config.file=${path}`, '--log.level=warn'];
    const first = await configOf(argv);
    expect(first.configFile).toBe(path);
    expect(first.accounts.map((account) => account.name)).toEqual(['first']);

    await writeFile(path, 'accounts: [{name: second}, {name: third}]\n');
    const reloaded = await loadConfigFile(path, {}, parseFlags(argv));
    expect(reloaded.accounts.map((account) => account.name)).toEqual(['second', 'third']);
    expect(reloaded.log.level).toBe('warn');
    expect(reloaded.configFile).toBe(path);
    expect(Object.isFrozen(reloaded)).toBe(true);
  });

  test('a missing file names --config.file and the path', async () => {
    const path = join(dir, 'missing.yaml');
    const error = await rejection(loadConfig([`--config.file=${path}`], {}));
    expect(error.keyPath).toBe('--config.file');
    expect(error.message).toBe(`invalid config: --config.file: cannot read ${JSON.stringify(path)} (ENOENT)`);
  });

  test('syntax errors carry the line and column', async () => {
    const path = join(dir, 'broken.yaml');
    await writeFile(path, 'accounts:\n  - name: a\n    name: b\n');
    const error = await rejection(loadConfigFile(path, {}));
    expect(error.keyPath).toBe('--config.file');
    expect(error.message).toBe(
      `invalid config: --config.file: ${path} line 3, column 5: YAML syntax error: the same key appears twice in one map`,
    );
  });
});

test("the README's full config example passes validation", async () => {
  const readme = await readFile(new URL('../../README.md', import.meta.url), 'utf8');
  const block = /## Configuration[\s\S]*?```yaml\n([\s\S]*?)```/.exec(readme)?.[1];
  expect(block).toBeDefined();
  const file = validateFileData(parseYaml(block!, 'README.md'), false);
  expect(file.accounts?.map((account) => account.name)).toEqual(['prod', 'staging', 'audit', 'on-cvm']);
});

test('an unset timeout_seconds is the default, shortened to 90% of a shorter schedule interval', async () => {
  const text = `accounts: [{name: a}]
collectors:
  tcss_image_scan: {schedule: "*/2 * * * * *"}
  cwp_scan_state: {schedule: "0 */5 * * * *"}
`;
  const config = await loadConfigText(text, {});
  expect(config.collectors.tcss_image_scan.timeout_seconds).toBeCloseTo(1.8, 9);
  expect(config.collectors.cwp_scan_state.timeout_seconds).toBe(30);
});

test('freezes nested objects and arrays, returns the same value', () => {
  const value = { a: { b: [1, { c: 2 }] }, d: 'x' };
  expect(deepFreeze(value)).toBe(value);
  expect(Object.isFrozen(value)).toBe(true);
  expect(Object.isFrozen(value.a)).toBe(true);
  expect(Object.isFrozen(value.a.b)).toBe(true);
  expect(Object.isFrozen(value.a.b[1])).toBe(true);
  expect(() => {
    (value.a.b as unknown[]).push(3);
  }).toThrow(TypeError);
});

test('primitives and null pass through; shared references are fine', () => {
  expect(deepFreeze(null)).toBeNull();
  expect(deepFreeze(3)).toBe(3);
  const shared = { x: 1 };
  const value = { p: shared, q: shared };
  deepFreeze(value);
  expect(Object.isFrozen(shared)).toBe(true);
});

test('one document parses to plain data; an empty one to null', () => {
  expect(parseYaml('a: 1\nb: [x, y]\n', 'f.yaml')).toEqual({ a: 1, b: ['x', 'y'] });
  expect(parseYaml('', 'f.yaml')).toBeNull();
});

describe('syntax errors give line and column in our own words', () => {
  const cases: [string, string][] = [
    ['a: 1\na: 2\n', 'f.yaml line 2, column 1: YAML syntax error: the same key appears twice in one map'],
    [
      'a: "x\\qy"\n',
      'f.yaml line 1, column 6: YAML syntax error: invalid escape sequence in a double-quoted string',
    ],
    [
      'a: 1\n---\nb: 2\n',
      'f.yaml line 2, column 1: YAML syntax error: the file holds more than one YAML document',
    ],
    ['a:\n\t- b\n', 'f.yaml line 2, column 1: YAML syntax error: tabs cannot be used for indentation'],
    [
      'a: "abc',
      'f.yaml line 1, column 8: YAML syntax error: a closing quote, bracket or ": value" is missing',
    ],
  ];
  test.each(cases)('%j', (text, detail) => {
    expect(() => parseYaml(text, 'f.yaml')).toThrow(`invalid config: --config.file: ${detail}`);
  });
});

test('undefined and exploding aliases are config errors, not crashes', () => {
  expect(() => parseYaml('a: *nope\n', 'f.yaml')).toThrow(
    'invalid config: --config.file: f.yaml: an alias is undefined or expands too much',
  );
  const lines = ['a0: &a0 [x, x, x, x, x, x, x, x, x]'];
  for (let i = 1; i < 10; i++)
    lines.push(
      `a${i}: &a${i} [${Array(9)
        .fill(`*a${i - 1}`)
        .join(', ')}]`,
    );
  expect(() => parseYaml(lines.join('\n'), 'f.yaml')).toThrow(ConfigError);
});

describe('tags beyond the core schema', () => {
  test.each([
    '!!binary aGVsbG8=\n',
    'accounts: !!set {a}\n',
    'global: !!omap [concurrency: 1]\n',
    '!!binary accounts:#',
  ])('%j is an error naming the line, never a Buffer or Set', (text) => {
    expect(() => parseYaml(text, 'c.yml')).toThrow(
      /c\.yml line \d+, column \d+: YAML syntax error: unknown tag/,
    );
  });

  test('dates stay strings', () => {
    expect(parseYaml('a: 2001-12-14\n', 'c.yml')).toEqual({ a: '2001-12-14' });
  });
});

import { readFileSync } from 'node:fs';
import { ConfigError } from '../../src/config/errors.js';
import { DEFAULT_FLAGS, FLAG_SPECS, type FlagValues, parseFlags } from '../../src/config/flags.js';
import { loadConfig } from '../../src/config/load.js';
import { usageText } from '../../src/exporter/usage.js';
import { rejection } from './helpers.js';

function errorOf(run: () => unknown): ConfigError {
  try {
    run();
  } catch (error) {
    if (error instanceof ConfigError) return error;
    throw error;
  }
  throw new Error('expected a ConfigError');
}

describe('parseFlags: every flag in both forms', () => {
  const cases: [string, string[], string[], Partial<FlagValues>][] = [
    [
      'config.file',
      ['--config.file=/etc/x.yaml'],
      ['--config.file', '/etc/x.yaml'],
      { configFile: '/etc/x.yaml' },
    ],
    [
      'listen address',
      ['--web.listen-address=127.0.0.1:9000'],
      ['--web.listen-address', '127.0.0.1:9000'],
      { listenAddress: '127.0.0.1:9000' },
    ],
    [
      'telemetry path',
      ['--web.telemetry-path=/scan'],
      ['--web.telemetry-path', '/scan'],
      { telemetryPath: '/scan' },
    ],
    [
      'web config',
      ['--web.config.file=web.yml'],
      ['--web.config.file', 'web.yml'],
      { webConfigFile: 'web.yml' },
    ],
    ['log level', ['--log.level=debug'], ['--log.level', 'debug'], { logLevel: 'debug' }],
    ['log format', ['--log.format=logfmt'], ['--log.format', 'logfmt'], { logFormat: 'logfmt' }],
    [
      'log failure interval',
      ['--log.failure-interval=1h30m'],
      ['--log.failure-interval', '1h30m'],
      { logFailureIntervalMs: 5_400_000 },
    ],
    [
      'failures logged every round',
      ['--log.failure-interval=0'],
      ['--log.failure-interval', '0'],
      { logFailureIntervalMs: 0 },
    ],
    [
      'shard index',
      ['--shard.index=1', '--shard.count=3'],
      ['--shard.index', '1', '--shard.count', '3'],
      { shardIndex: 1, shardCount: 3 },
    ],
    [
      'shard from hostname',
      ['--shard.index=hostname'],
      ['--shard.index', 'hostname'],
      { shardIndex: 'hostname' },
    ],
    ['value with =', ['--config.file=a=b.yaml'], ['--config.file', 'a=b.yaml'], { configFile: 'a=b.yaml' }],
  ];
  test.each(cases)('%s', (_name, equalsForm, spaceForm, expected) => {
    expect(parseFlags(equalsForm)).toEqual({ ...DEFAULT_FLAGS, ...expected });
    expect(parseFlags(spaceForm)).toEqual({ ...DEFAULT_FLAGS, ...expected });
  });
});

describe('parseFlags: booleans', () => {
  const cases: [string[], Partial<FlagValues>][] = [
    [['--demo'], { demo: true }],
    [['--demo=true'], { demo: true }],
    [['--demo=false'], { demo: false }],
    [['--no-demo'], { demo: false }],
    [['--check'], { check: true }],
    [['--check=true'], { check: true }],
    [['--check=false'], { check: false }],
    [['--no-check'], { check: false }],
    [['--help'], { help: true }],
    [['-h'], { help: true }],
    [['--version'], { version: true }],
    [['--demo', '--check', '--log.level=warn'], { demo: true, check: true, logLevel: 'warn' }],
  ];
  test.each(cases)('%j', (argv, expected) => {
    expect(parseFlags(argv)).toEqual({ ...DEFAULT_FLAGS, ...expected });
  });
});

test('no flags: defaults', () => {
  expect(parseFlags([])).toEqual({
    listenAddress: ':9496',
    telemetryPath: '/metrics',
    enableLifecycle: false,
    logLevel: 'info',
    logFormat: 'json',
    logFailureIntervalMs: 600_000,
    demo: false,
    check: false,
    shardIndex: 0,
    shardCount: 1,
    help: false,
    version: false,
  });
});

test('--web.enable-lifecycle is off unless given', () => {
  expect(parseFlags(['--web.enable-lifecycle']).enableLifecycle).toBe(true);
  expect(parseFlags(['--web.enable-lifecycle=false']).enableLifecycle).toBe(false);
  expect(parseFlags(['--no-web.enable-lifecycle']).enableLifecycle).toBe(false);
});

test('--help wins over other problems on the line', () => {
  expect(parseFlags(['--nope', '--help']).help).toBe(true);
  expect(parseFlags(['--log.level=loud', '-h']).help).toBe(true);
  expect(parseFlags(['--log.level=loud', '--version']).version).toBe(true);
});

describe('parseFlags: errors name the flag', () => {
  const cases: [string[], string, string][] = [
    [['--log.levle=debug'], '--log.levle', 'unknown flag (did you mean --log.level?)'],
    [['--config-file=x'], '--config-file', 'unknown flag (did you mean --config.file?)'],
    [['-config.file=x'], '-config.file', 'unknown flag (did you mean --config.file?)'],
    [['--zzzzzzzzzzzz'], '--zzzzzzzzzzzz', 'unknown flag'],
    [['--no-config.file'], '--no-config.file', 'unknown flag (did you mean --config.file?)'],
    [['config.yaml'], '"config.yaml"', 'unexpected argument; flags are written --name=value'],
    [['--demo', 'false'], '"false"', 'unexpected argument; flags are written --name=value'],
    [['--demo=yes'], '--demo', '"yes" must be true or false'],
    [['--log.level=verbose'], '--log.level', '"verbose" is not one of debug, info, warn, error'],
    [['--log.format=text'], '--log.format', '"text" is not one of json, logfmt'],
    [
      ['--log.failure-interval=10'],
      '--log.failure-interval',
      '"10" must be a duration such as 30s, 10m or 1h30m',
    ],
    [
      ['--log.failure-interval=-5m'],
      '--log.failure-interval',
      '"-5m" must be a duration such as 30s, 10m or 1h30m',
    ],
    [['--log.level'], '--log.level', 'requires a value'],
    [['--config.file', '--demo'], '--config.file', 'requires a value'],
    [['--config.file='], '--config.file', 'must not be empty'],
    [['--web.config.file='], '--web.config.file', 'must not be empty'],
    [['--demo', '--demo'], '--demo', 'is given more than once'],
    [['--log.level=info', '--log.level', 'debug'], '--log.level', 'is given more than once'],
    [['--shard.count=0'], '--shard.count', '"0" must be an integer >= 1'],
    [['--shard.count=two'], '--shard.count', '"two" must be an integer >= 1'],
    [['--shard.index=-1'], '--shard.index', '"-1" must be an integer >= 0'],
    [['--shard.index=1.5'], '--shard.index', '"1.5" must be an integer >= 0'],
    [['--shard.index=1'], '--shard.index', '1 must be less than --shard.count (1)'],
    [['--shard.index=3', '--shard.count=3'], '--shard.index', '3 must be less than --shard.count (3)'],
    [['--web.telemetry-path=metrics'], '--web.telemetry-path', '"metrics" must start with /'],
    [
      ['--web.telemetry-path=/'],
      '--web.telemetry-path',
      '"/" is the landing page; use a path such as /metrics',
    ],
    [
      ['--web.telemetry-path=/-/ready'],
      '--web.telemetry-path',
      '"/-/ready" clashes with the /-/ health endpoints',
    ],
    [
      ['--web.listen-address=9496'],
      '--web.listen-address',
      '"9496" must be [host]:port, e.g. :9496 or 127.0.0.1:9496',
    ],
  ];
  test.each(cases)('%j', (argv, keyPath, detail) => {
    const error = errorOf(() => parseFlags(argv));
    expect(error.keyPath).toBe(keyPath);
    expect(error.message).toBe(`invalid config: ${keyPath}: ${detail}`);
  });
});

test('every flag in the table parses with a sample value', () => {
  const samples: Record<string, string> = {
    'config.file': 'c.yaml',
    'web.listen-address': ':1',
    'web.telemetry-path': '/m',
    'web.config.file': 'w.yaml',
    'log.level': 'error',
    'log.format': 'logfmt',
    'log.failure-interval': '30s',
    'shard.index': '0',
    'shard.count': '2',
  };
  for (const spec of FLAG_SPECS) {
    const argv = spec.arg === undefined ? [`--${spec.name}`] : [`--${spec.name}=${samples[spec.name]}`];
    expect(() => parseFlags(argv)).not.toThrow();
  }
});

test('the default listen address is the fixed port the README, --help and the image document', () => {
  const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');
  const dockerfile = readFileSync(new URL('../../Dockerfile', import.meta.url), 'utf8');
  const address = parseFlags([]).listenAddress;
  expect(address).toBe(':9496');
  expect(readme).toContain(`| \`--web.listen-address=[HOST]:PORT\` | \`${address}\` |`);
  expect(usageText()).toContain(`Default: ${address}`);
  expect(dockerfile).toContain(`EXPOSE ${address.slice(1)}`);
});

describe('--web.listen-address', () => {
  test.each([
    ':9496',
    ':0',
    ':65535',
    '0.0.0.0:9496',
    '127.0.0.1:80',
    '[::1]:9496',
    '[::]:1',
    'localhost:9496',
    'exporter.monitoring.svc:9496',
    'my-host:1',
  ])('accepts %s', (address) => {
    expect(parseFlags([`--web.listen-address=${address}`]).listenAddress).toBe(address);
  });

  const bad: [string, string][] = [
    ['9496', 'must be [host]:port, e.g. :9496 or 127.0.0.1:9496'],
    [':65536', 'must end in a port from 0 to 65535'],
    [':-1', 'must end in a port from 0 to 65535'],
    [':', 'must end in a port from 0 to 65535'],
    [':http', 'must end in a port from 0 to 65535'],
    ['::1:9496', 'must write an IPv6 host in brackets, e.g. [::1]:9496'],
    ['[::1:9496', 'is missing the closing ] of the IPv6 address'],
    ['[::1]9496', 'must be [host]:port'],
    ['[nothost]:9496', 'does not hold an IPv6 address in brackets'],
    ['bad_host!:9496', 'has an invalid host'],
    ['-leading.dash:1', 'has an invalid host'],
  ];
  test.each(bad)('rejects %s', (address, why) => {
    expect(() => parseFlags([`--web.listen-address=${address}`])).toThrow(
      `invalid config: --web.listen-address: ${JSON.stringify(address)} ${why}`,
    );
  });
});

describe('--web.telemetry-path', () => {
  test.each(['/metrics', '/a/b', '/metrics/'])('accepts %s', (path) => {
    expect(parseFlags([`--web.telemetry-path=${path}`]).telemetryPath).toBe(path);
  });
  test.each(['metrics', '/', '/-/healthy', '/a b', '/m?x=1', '/m#x'])('rejects %s', (path) => {
    expect(() => parseFlags([`--web.telemetry-path=${path}`])).toThrow(ConfigError);
  });
});

describe('--shard.index=hostname', () => {
  test.each([
    ['exporter-0', 0],
    ['tencentcloud-scan-exporter-12', 12],
    ['a-b-3', 3],
  ])('%s -> %d', async (hostname, ordinal) => {
    const result = await loadConfig(['--shard.index=hostname', '--shard.count=20'], { HOSTNAME: hostname });
    expect(result.kind === 'config' && result.config.shard.index).toBe(ordinal);
  });
  test.each([
    [undefined, 'is "hostname" but $HOSTNAME is not set'],
    ['', 'is "hostname" but $HOSTNAME is not set'],
    ['exporter', 'is "hostname" but $HOSTNAME "exporter" does not end in -N (a StatefulSet ordinal)'],
    ['exporter-x', 'is "hostname" but $HOSTNAME "exporter-x" does not end in -N (a StatefulSet ordinal)'],
  ])('%j is an error', async (hostname, detail) => {
    const error = await rejection(loadConfig(['--shard.index=hostname'], { HOSTNAME: hostname }));
    expect(error.message).toBe(`invalid config: --shard.index: ${detail}`);
  });
});

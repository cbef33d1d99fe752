import { parseArgs } from 'node:util';
import { configError } from './errors.js';
import {
  checkListenAddress,
  checkShard,
  checkTelemetryPath,
  parseCount,
  parseDuration,
  quote,
} from './flag-checks.js';
import { didYouMean } from './suggest.js';

export const DEFAULT_LISTEN_ADDRESS = ':9496';
export const LOG_LEVELS = ['debug', 'info', 'warn', 'error'] as const;
export const LOG_FORMATS = ['json', 'logfmt'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];
export type LogFormat = (typeof LOG_FORMATS)[number];

/** The command line after validation; `loadConfig` combines it with the environment and the file. */
export interface FlagValues {
  readonly configFile?: string;
  readonly listenAddress: string;
  readonly telemetryPath: string;
  readonly webConfigFile?: string;
  readonly enableLifecycle: boolean;
  readonly logLevel: LogLevel;
  readonly logFormat: LogFormat;
  /** While an account keeps failing the same way, its warning repeats at most this often (0: every round). */
  readonly logFailureIntervalMs: number;
  readonly demo: boolean;
  readonly check: boolean;
  /** `hostname` is resolved from `$HOSTNAME` by `loadConfig`, which has the environment. */
  readonly shardIndex: number | 'hostname';
  readonly shardCount: number;
  readonly help: boolean;
  readonly version: boolean;
}

export interface FlagSpec {
  readonly name: string;
  readonly kind: 'string' | 'bool';
  readonly placeholder?: string;
  readonly defaultText?: string;
  readonly help: string;
}

export const FLAG_SPECS: readonly FlagSpec[] = [
  {
    name: 'config.file',
    kind: 'string',
    placeholder: 'PATH',
    help: 'YAML config file. Without it, one account "default" uses the standard credential chain.',
  },
  {
    name: 'web.listen-address',
    kind: 'string',
    placeholder: '[HOST]:PORT',
    defaultText: DEFAULT_LISTEN_ADDRESS,
    help: 'Address to listen on for HTTP.',
  },
  {
    name: 'web.telemetry-path',
    kind: 'string',
    placeholder: 'PATH',
    defaultText: '/metrics',
    help: 'Path under which to expose metrics.',
  },
  {
    name: 'web.config.file',
    kind: 'string',
    placeholder: 'PATH',
    help: 'TLS and basic-auth config (Prometheus exporter-toolkit format).',
  },
  {
    name: 'web.enable-lifecycle',
    kind: 'bool',
    help: 'Allow POST /-/reload (same-origin or non-browser clients only). Without it only SIGHUP reloads.',
  },
  {
    name: 'log.level',
    kind: 'string',
    placeholder: LOG_LEVELS.join('|'),
    defaultText: 'info',
    help: 'Only log messages at or above this level.',
  },
  {
    name: 'log.format',
    kind: 'string',
    placeholder: LOG_FORMATS.join('|'),
    defaultText: 'json',
    help: 'Log output format.',
  },
  {
    name: 'log.failure-interval',
    kind: 'string',
    placeholder: 'DURATION',
    defaultText: '10m',
    help: 'While an account keeps failing with the same error, repeat its warning at most this often (0: every round).',
  },
  {
    name: 'demo',
    kind: 'bool',
    help: 'Start the embedded Tencent Cloud API simulator and point every account at it.',
  },
  {
    name: 'check',
    kind: 'bool',
    help: 'Validate the config, call every configured API once, print the results and exit.',
  },
  {
    name: 'shard.index',
    kind: 'string',
    placeholder: 'N|hostname',
    defaultText: '0',
    help: 'This replica\'s shard; "hostname" takes the trailing -N of $HOSTNAME (StatefulSet).',
  },
  {
    name: 'shard.count',
    kind: 'string',
    placeholder: 'N',
    defaultText: '1',
    help: 'Number of replicas sharing the accounts.',
  },
  { name: 'help', kind: 'bool', help: 'Show this help and exit (also -h).' },
  { name: 'version', kind: 'bool', help: 'Show the version and exit.' },
];

const FLAG_NAMES = FLAG_SPECS.map((spec) => `--${spec.name}`);

/** `--log.failure-interval` default: the warning of a lasting failure comes back every 10 minutes. */
export const DEFAULT_LOG_FAILURE_INTERVAL_MS = 600_000;

export const DEFAULT_FLAGS: FlagValues = {
  listenAddress: DEFAULT_LISTEN_ADDRESS,
  telemetryPath: '/metrics',
  enableLifecycle: false,
  logLevel: 'info',
  logFormat: 'json',
  logFailureIntervalMs: DEFAULT_LOG_FAILURE_INTERVAL_MS,
  demo: false,
  check: false,
  shardIndex: 0,
  shardCount: 1,
  help: false,
  version: false,
};

type RawFlags = Map<string, string | boolean>;

function unknownFlag(token: string): never {
  const name = token.split('=')[0]!;
  const bare = name.replace(/^-+/, '');
  // Keep the message on one line whatever was typed.
  const shown = /^[\x21-\x7e]{1,100}$/.test(name) ? name : quote(name);
  throw configError(shown, `unknown flag${didYouMean(`--${bare}`, FLAG_NAMES)}`);
}

function parseBool(flag: string, value: string): boolean {
  if (value === 'true') return true;
  if (value === 'false') return false;
  throw configError(flag, `${quote(value)} must be true or false`);
}

const PARSE_OPTIONS = Object.fromEntries(
  FLAG_SPECS.map((spec) => [
    spec.name,
    {
      type: spec.kind === 'bool' ? ('boolean' as const) : ('string' as const),
      ...(spec.name === 'help' ? { short: 'h' } : {}),
    },
  ]),
);

/**
 * Splits argv into flag name → raw value with node:util's parseArgs, in the Prometheus style:
 * `--flag=value`, `--flag value`, `--flag`, `--flag=false` and kingpin's `--no-flag` for booleans.
 * Its non-strict tokens are checked here, so every mistake names the flag in our own words.
 */
function tokenize(argv: readonly string[]): RawFlags {
  const { tokens } = parseArgs({
    args: [...argv],
    options: PARSE_OPTIONS,
    strict: false,
    allowPositionals: true,
    allowNegative: true,
    tokens: true,
  });
  const raw: RawFlags = new Map();
  for (const token of tokens) {
    if (token.kind === 'option-terminator')
      throw configError('"--"', 'unexpected argument; flags are written --name=value');
    if (token.kind === 'positional') {
      throw configError(quote(token.value), 'unexpected argument; flags are written --name=value');
    }
    const typed = argv[token.index]!;
    const spec = FLAG_SPECS.find((candidate) => candidate.name === token.name);
    if (
      !spec ||
      !typed.startsWith(token.rawName) ||
      (token.rawName.startsWith('-') && !token.rawName.startsWith('--') && token.rawName !== '-h')
    ) {
      unknownFlag(typed);
    }
    const negated = token.rawName.startsWith('--no-');
    if (negated && (spec.kind !== 'bool' || token.value !== undefined)) unknownFlag(typed);
    const flag = `--${spec.name}`;
    if (raw.has(spec.name)) throw configError(flag, 'is given more than once');
    if (spec.kind === 'bool') {
      raw.set(spec.name, negated ? false : token.value === undefined ? true : parseBool(flag, token.value));
      continue;
    }
    // parseArgs takes the next argument as the value even when it is another flag.
    if (token.value === undefined || (!token.inlineValue && token.value.startsWith('--'))) {
      throw configError(flag, 'requires a value');
    }
    raw.set(spec.name, token.value);
  }
  return raw;
}

function stringFlag(raw: RawFlags, name: string): string | undefined {
  const value = raw.get(name);
  if (value === undefined) return undefined;
  if (typeof value !== 'string' || value === '') throw configError(`--${name}`, 'must not be empty');
  return value;
}

function choiceFlag<T extends string>(raw: RawFlags, name: string, choices: readonly T[], fallback: T): T {
  const value = stringFlag(raw, name);
  if (value === undefined) return fallback;
  if (!(choices as readonly string[]).includes(value)) {
    throw configError(`--${name}`, `${quote(value)} is not one of ${choices.join(', ')}`);
  }
  return value as T;
}

function validate(raw: RawFlags): FlagValues {
  const shardIndexText = stringFlag(raw, 'shard.index');
  const shardIndex =
    shardIndexText === undefined || shardIndexText === 'hostname'
      ? (shardIndexText ?? 0)
      : parseCount('--shard.index', shardIndexText, 0);
  const shardCountText = stringFlag(raw, 'shard.count');
  const shardCount = shardCountText === undefined ? 1 : parseCount('--shard.count', shardCountText, 1);
  // `hostname` is checked once $HOSTNAME is known (load.ts).
  if (typeof shardIndex === 'number') checkShard(shardIndex, shardCount);
  const listenAddress = stringFlag(raw, 'web.listen-address');
  const telemetryPath = stringFlag(raw, 'web.telemetry-path');
  const configFile = stringFlag(raw, 'config.file');
  const webConfigFile = stringFlag(raw, 'web.config.file');
  const failureInterval = stringFlag(raw, 'log.failure-interval');
  return {
    ...(configFile === undefined ? {} : { configFile }),
    listenAddress:
      listenAddress === undefined
        ? DEFAULT_LISTEN_ADDRESS
        : checkListenAddress('--web.listen-address', listenAddress),
    telemetryPath:
      telemetryPath === undefined ? '/metrics' : checkTelemetryPath('--web.telemetry-path', telemetryPath),
    ...(webConfigFile === undefined ? {} : { webConfigFile }),
    enableLifecycle: raw.get('web.enable-lifecycle') === true,
    logLevel: choiceFlag(raw, 'log.level', LOG_LEVELS, 'info'),
    logFormat: choiceFlag(raw, 'log.format', LOG_FORMATS, 'json'),
    logFailureIntervalMs:
      failureInterval === undefined
        ? DEFAULT_LOG_FAILURE_INTERVAL_MS
        : parseDuration('--log.failure-interval', failureInterval),
    demo: raw.get('demo') === true,
    check: raw.get('check') === true,
    shardIndex,
    shardCount,
    help: raw.get('help') === true,
    version: raw.get('version') === true,
  };
}

/**
 * Parses the arguments after the script name (`process.argv.slice(2)`). Throws `ConfigError`
 * naming the flag. `--help` / `-h` / `--version` win over any other problem on the line, so a
 * user can always ask for usage.
 */
export function parseFlags(argv: readonly string[]): FlagValues {
  try {
    return validate(tokenize(argv));
  } catch (error) {
    if (argv.includes('--help') || argv.includes('-h')) return { ...DEFAULT_FLAGS, help: true };
    if (argv.includes('--version')) return { ...DEFAULT_FLAGS, version: true };
    throw error;
  }
}

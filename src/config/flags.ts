import { parseArgs } from 'node:util';
import { z } from 'zod';
import { parseListenAddress } from '../util/listen-address.js';
import { didYouMean, issueWording, problemsOf, quote } from '../util/schema-problems.js';
import { ConfigError, configError } from './errors.js';

export const DEFAULT_LISTEN_ADDRESS = ':9496';

/** A string checked by `problem`, whose answer follows the quoted value in the message. */
const checked = (problem: (value: string) => string | undefined) =>
  z.string().superRefine((value, ctx) => {
    const why = problem(value);
    if (why !== undefined) ctx.addIssue({ code: 'custom', message: `{value} ${why}` });
  });

/** The path Prometheus scrapes: absolute, not the landing page, and clear of the `/-/` health paths. */
function telemetryPathProblem(value: string): string | undefined {
  if (!value.startsWith('/')) return 'must start with /';
  if (value === '/') return 'is the landing page; use a path such as /metrics';
  if (value.startsWith('/-/')) return 'clashes with the /-/ health endpoints';
  return /[\s?#]/.test(value) ? 'must be a plain path without spaces, ? or #' : undefined;
}

const UNIT_MS: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 };

/** A Prometheus-style duration (`90s`, `10m`, `1h30m`, `0`) in milliseconds; NaN if it is none. */
function durationMs(value: string): number {
  if (value === '0') return 0;
  if (!/^(\d{1,9}(ms|s|m|h|d))+$/.test(value)) return Number.NaN;
  let total = 0;
  for (const [, amount, unit] of value.matchAll(/(\d+)(ms|s|m|h|d)/g))
    total += Number(amount) * UNIT_MS[unit!]!;
  return Number.isSafeInteger(total) ? total : Number.NaN;
}

const countProblem = (min: number) => (value: string) =>
  /^\d{1,15}$/.test(value) && Number(value) >= min ? undefined : `must be an integer >= ${min}`;

/** A shard index names one of the `count` shards. */
export function shardProblem(index: number, count: number): string | undefined {
  return index < count ? undefined : `${index} must be less than --shard.count (${count})`;
}

export interface Flag {
  readonly name: string;
  /** The value's placeholder in `--help`; none for a boolean flag. */
  readonly arg?: string;
  /** The value used when the flag is absent, as typed on the command line. */
  readonly default?: string;
  readonly help: string;
  readonly schema?: z.ZodType<unknown, string>;
}

/**
 * Every flag, once: its parser options, default, usage line and check (a zod schema on the value
 * as typed) are all read from here, and `FlagValues` is inferred from it.
 */
const FLAGS = {
  configFile: {
    name: 'config.file',
    arg: 'PATH',
    help: 'YAML config file. Without it, one account "default" uses the standard credential chain.',
    schema: z.string(),
  },
  listenAddress: {
    name: 'web.listen-address',
    arg: '[HOST]:PORT',
    default: DEFAULT_LISTEN_ADDRESS,
    help: 'Address to listen on for HTTP.',
    schema: checked((value) => {
      const parsed = parseListenAddress(value);
      return 'problem' in parsed ? parsed.problem : undefined;
    }),
  },
  telemetryPath: {
    name: 'web.telemetry-path',
    arg: 'PATH',
    default: '/metrics',
    help: 'Path under which to expose metrics.',
    schema: checked(telemetryPathProblem),
  },
  webConfigFile: {
    name: 'web.config.file',
    arg: 'PATH',
    help: 'TLS and basic-auth config (Prometheus exporter-toolkit format).',
    schema: z.string(),
  },
  enableLifecycle: {
    name: 'web.enable-lifecycle',
    help: 'Allow POST /-/reload (same-origin or non-browser clients only). Without it only SIGHUP reloads.',
  },
  logLevel: {
    name: 'log.level',
    arg: 'debug|info|warn|error',
    default: 'info',
    help: 'Only log messages at or above this level.',
    schema: z.enum(['debug', 'info', 'warn', 'error']),
  },
  logFormat: {
    name: 'log.format',
    arg: 'json|logfmt',
    default: 'json',
    help: 'Log output format.',
    schema: z.enum(['json', 'logfmt']),
  },
  logFailureIntervalMs: {
    name: 'log.failure-interval',
    arg: 'DURATION',
    default: '10m',
    help: 'While an account keeps failing with the same error, repeat its warning at most this often (0: every round).',
    schema: checked((value) =>
      Number.isNaN(durationMs(value)) ? 'must be a duration such as 30s, 10m or 1h30m' : undefined,
    ).transform(durationMs),
  },
  demo: {
    name: 'demo',
    help: 'Start the embedded Tencent Cloud API simulator and point every account at it.',
  },
  check: {
    name: 'check',
    help: 'Validate the config, call every configured API once, print the results and exit.',
  },
  shardIndex: {
    name: 'shard.index',
    arg: 'N|hostname',
    default: '0',
    help: 'This replica\'s shard; "hostname" takes the trailing -N of $HOSTNAME (StatefulSet).',
    // `hostname` is resolved by loadConfig, which has the environment.
    schema: checked((value) => (value === 'hostname' ? undefined : countProblem(0)(value))).transform(
      (value) => (value === 'hostname' ? value : Number(value)),
    ),
  },
  shardCount: {
    name: 'shard.count',
    arg: 'N',
    default: '1',
    help: 'Number of replicas sharing the accounts.',
    schema: checked(countProblem(1)).transform(Number),
  },
  help: { name: 'help', help: 'Show this help and exit (also -h).' },
  version: { name: 'version', help: 'Show the version and exit.' },
} as const satisfies Record<string, Flag>;

type Key = keyof typeof FLAGS;
type Value<F> = F extends { schema: z.ZodType }
  ? z.output<F['schema']> | (F extends { default: string } ? never : undefined)
  : boolean;
/** The command line after validation; `loadConfig` combines it with the environment and the file. */
export type FlagValues = { readonly [K in Key]: Value<(typeof FLAGS)[K]> };

export const FLAG_SPECS: readonly Flag[] = Object.values(FLAGS);
const KEYS = new Map<string, Key>(Object.entries(FLAGS).map(([key, flag]) => [flag.name, key as Key]));

const flagsSchema = z
  .object(
    Object.fromEntries(
      Object.entries(FLAGS).map(([key, flag]: [string, Flag]) => {
        if (!flag.schema) return [key, z.boolean().default(false)];
        const schema = z.string().min(1).pipe(flag.schema);
        return [key, flag.default === undefined ? schema.optional() : schema.prefault(flag.default)];
      }),
    ),
  )
  .superRefine((flags, ctx) => {
    const { shardIndex, shardCount } = flags as FlagValues;
    const why = typeof shardIndex === 'number' ? shardProblem(shardIndex, shardCount) : undefined;
    if (why) ctx.addIssue({ code: 'custom', path: ['shardIndex'], message: why });
  });

function unknownFlag(typed: string): ConfigError {
  const name = typed.split('=')[0]!;
  // Keep the message on one line whatever was typed.
  const shown = /^[\x21-\x7e]{1,100}$/.test(name) ? name : quote(name);
  const known = FLAG_SPECS.map((flag) => `--${flag.name}`);
  return configError(shown, `unknown flag${didYouMean(`--${name.replace(/^-+/, '')}`, known)}`);
}

/**
 * Splits argv with node:util's parseArgs in the Prometheus style: `--flag=value`, `--flag value`,
 * `--flag`, `--flag=false` and kingpin's `--no-flag` for booleans. Its non-strict tokens are
 * checked here, so every mistake names the flag in our own words.
 */
function tokenize(argv: readonly string[]): Partial<Record<Key, string | boolean>> {
  const options = Object.fromEntries(
    FLAG_SPECS.map((flag) => [
      flag.name,
      {
        type: flag.arg ? ('string' as const) : ('boolean' as const),
        ...(flag.name === 'help' && { short: 'h' }),
      },
    ]),
  );
  const { tokens } = parseArgs({
    args: [...argv],
    options,
    strict: false,
    allowPositionals: true,
    allowNegative: true,
    tokens: true,
  });
  const raw: Partial<Record<Key, string | boolean>> = {};
  for (const token of tokens) {
    if (token.kind !== 'option') {
      const shown = token.kind === 'positional' ? quote(token.value) : '"--"';
      throw configError(shown, 'unexpected argument; flags are written --name=value');
    }
    const typed = argv[token.index]!;
    const key = KEYS.get(token.name);
    const negated = token.rawName.startsWith('--no-');
    const isBool = key !== undefined && !('arg' in FLAGS[key]);
    if (
      key === undefined ||
      !typed.startsWith(token.rawName) ||
      (!token.rawName.startsWith('--') && token.rawName !== '-h') ||
      (negated && (!isBool || token.value !== undefined))
    ) {
      throw unknownFlag(typed);
    }
    const flag = `--${token.name}`;
    if (raw[key] !== undefined) throw configError(flag, 'is given more than once');
    // parseArgs takes the next argument as the value even when it is another flag.
    if (!isBool && (token.value === undefined || (!token.inlineValue && token.value.startsWith('--')))) {
      throw configError(flag, 'requires a value');
    }
    if (isBool && token.value !== undefined && !['true', 'false'].includes(token.value)) {
      throw configError(flag, `${quote(token.value)} must be true or false`);
    }
    raw[key] = isBool ? !negated && token.value !== 'false' : token.value;
  }
  return raw;
}

function validate(argv: readonly string[]): FlagValues {
  const result = flagsSchema.safeParse(tokenize(argv), { error: issueWording, reportInput: true });
  if (result.success) return result.data as FlagValues;
  throw new ConfigError(
    problemsOf(
      result.error.issues,
      () => false,
      (path) => `--${FLAGS[path[0] as Key].name}`,
    ),
  );
}

/**
 * Parses the arguments after the script name (`process.argv.slice(2)`). Throws `ConfigError`
 * naming the flag. `--help` / `-h` / `--version` win over any other problem on the line, so a
 * user can always ask for usage.
 */
export function parseFlags(argv: readonly string[]): FlagValues {
  try {
    return validate(argv);
  } catch (error) {
    if (argv.includes('--help') || argv.includes('-h')) return { ...DEFAULT_FLAGS, help: true };
    if (argv.includes('--version')) return { ...DEFAULT_FLAGS, version: true };
    throw error;
  }
}

export const DEFAULT_FLAGS: FlagValues = validate([]);

import { dirname, resolve } from 'node:path';
import { CONFIG_FILE_MAX_BYTES, describeFileError, readSmallFile } from '../util/bounded-file.js';
import { issueWording, problemsOf, quote } from '../util/schema-problems.js';
import { parseYamlData, YamlDataError } from '../util/yaml-data.js';
import { ConfigError, configError } from './errors.js';
import { DEFAULT_FLAGS, type FlagValues, parseFlags, shardProblem } from './flags.js';
import { type FileConfig, fileSchema, SECRET_KEYS } from './schema.js';
import { resolveAccounts, type SecretContext } from './secrets.js';

const FILE_FLAG = '--config.file';

/** The file's YAML as plain data; a syntax error names the file, line and column. */
export function parseYaml(text: string, source: string): unknown {
  try {
    return parseYamlData(text);
  } catch (error) {
    if (!(error instanceof YamlDataError)) throw error;
    const where = error.line === undefined ? source : `${source} line ${error.line}, column ${error.column}`;
    throw configError(FILE_FLAG, `${where}: ${error.reason}`);
  }
}

/** The schema's checks on parsed YAML (every problem found is on the error), plus accounts being required. */
export function validateFileData(data: unknown, allowNoAccounts: boolean): FileConfig {
  let result: ReturnType<typeof fileSchema.safeParse>;
  try {
    // An empty file is an empty map: every default applies.
    result = fileSchema.safeParse(data ?? {}, { error: issueWording, reportInput: true });
  } catch (error) {
    if (error instanceof RangeError) throw configError(FILE_FLAG, 'the document is nested too deeply');
    throw error;
  }
  if (!result.success) throw new ConfigError(problemsOf(result.error.issues, (key) => SECRET_KEYS.has(key)));
  if (result.data.accounts.length === 0 && !allowNoAccounts) {
    throw configError('accounts', 'must list at least one account');
  }
  return result.data;
}

/** Freezes an object graph in place: nothing downstream can change the configuration after start-up. */
export function deepFreeze<T>(value: T, seen = new WeakSet<object>()): T {
  if (value === null || typeof value !== 'object' || seen.has(value)) return value;
  seen.add(value);
  for (const key of Reflect.ownKeys(value)) deepFreeze((value as Record<PropertyKey, unknown>)[key], seen);
  return Object.freeze(value);
}

/** `--shard.index=hostname`: the StatefulSet ordinal of `$HOSTNAME` (`exporter-2` → 2). */
function shardIndex({ shardIndex: index, shardCount }: FlagValues, hostname: string | undefined): number {
  if (index !== 'hostname') return index;
  const fail = (detail: string) => configError('--shard.index', `is "hostname" but $HOSTNAME ${detail}`);
  if (!hostname) throw fail('is not set');
  const match = /-(\d{1,15})$/.exec(hostname);
  if (!match) throw fail(`${quote(hostname)} does not end in -N (a StatefulSet ordinal)`);
  const why = shardProblem(Number(match[1]), shardCount);
  if (why) throw configError('--shard.index', why);
  return Number(match[1]);
}

/**
 * Flags + validated file → the frozen configuration, with secrets read. Produced once at start-up
 * (and on reload); everything downstream reads only this.
 */
async function assemble(flags: FlagValues, file: FileConfig, context: SecretContext) {
  return deepFreeze({
    web: {
      /** `[host]:port` */
      listenAddress: flags.listenAddress,
      telemetryPath: flags.telemetryPath,
      ...(flags.webConfigFile === undefined ? {} : { configFile: flags.webConfigFile }),
      /** `POST /-/reload` allowed (`--web.enable-lifecycle`). */
      enableLifecycle: flags.enableLifecycle,
    },
    log: {
      level: flags.logLevel,
      format: flags.logFormat,
      /** A lasting failure of one account is warned about again at most this often; 0: every round. */
      failureIntervalMs: flags.logFailureIntervalMs,
    },
    demo: flags.demo,
    check: flags.check,
    /** Path of the YAML file, when one was given (for reload). */
    ...(flags.configFile === undefined ? {} : { configFile: flags.configFile }),
    accounts: await resolveAccounts(file.accounts, context),
    collectors: file.collectors,
    global: file.global,
    shard: { index: shardIndex(flags, context.env['HOSTNAME']), count: flags.shardCount },
  });
}

/** The validated, frozen configuration. */
export type ExporterConfig = Awaited<ReturnType<typeof assemble>>;

/**
 * Builds the configuration from YAML text, as if it were the file `source`. Relative paths in
 * it resolve against `baseDir`. Throws ConfigError only.
 */
export async function loadConfigText(
  text: string,
  env: NodeJS.ProcessEnv,
  flags: FlagValues = DEFAULT_FLAGS,
  source = '<config>',
  baseDir = process.cwd(),
): Promise<ExporterConfig> {
  const file = validateFileData(parseYaml(text, source), flags.demo);
  return assemble(flags, file, { baseDir, env });
}

/**
 * Reads the config file `path` (a FIFO, a device or a stuck mount is refused rather than waited
 * for); also the SIGHUP reload entry point: pass the flags from start-up so they stay as they were.
 */
export async function loadConfigFile(
  path: string,
  env: NodeJS.ProcessEnv,
  flags: FlagValues = DEFAULT_FLAGS,
): Promise<ExporterConfig> {
  const text = await readSmallFile(path, { maxBytes: CONFIG_FILE_MAX_BYTES }).catch((error: unknown) => {
    throw configError(FILE_FLAG, describeFileError(error, path));
  });
  return loadConfigText(text, env, { ...flags, configFile: path }, path, dirname(resolve(path)));
}

export type LoadResult =
  | { readonly kind: 'config'; readonly config: ExporterConfig }
  | { readonly kind: 'help' }
  | { readonly kind: 'version' };

/** Flags (`process.argv.slice(2)`) + environment + YAML file → the frozen configuration. */
export async function loadConfig(argv: readonly string[], env: NodeJS.ProcessEnv): Promise<LoadResult> {
  const flags = parseFlags(argv);
  if (flags.help) return { kind: 'help' };
  if (flags.version) return { kind: 'version' };
  if (flags.configFile !== undefined)
    return { kind: 'config', config: await loadConfigFile(flags.configFile, env, flags) };
  // No file: one `default` account on the standard credential chain (none with --demo: main adds them).
  const file = validateFileData(flags.demo ? {} : { accounts: [{ name: 'default' }] }, flags.demo);
  return { kind: 'config', config: await assemble(flags, file, { baseDir: process.cwd(), env }) };
}

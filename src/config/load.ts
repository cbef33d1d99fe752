import { dirname, resolve } from 'node:path';
import { parseDocument } from 'yaml';
import { CONFIG_FILE_MAX_BYTES, describeFileError, readSmallFile } from '../util/bounded-file.js';
import { ConfigError, configError, issueWording, problemsOf, quote } from './errors.js';
import { DEFAULT_FLAGS, type FlagValues, parseFlags, shardProblem, usageText } from './flags.js';
import { type FileConfig, fileSchema, SECRET_KEYS } from './schema.js';
import { resolveAccounts, type SecretContext } from './secrets.js';

const FILE_FLAG = '--config.file';

// Our own wording per yaml error code: the library's messages can quote bits of the source
// (e.g. an escape sequence inside a secret), and nothing from the file's values may be printed.
const SYNTAX: Record<string, string> = {
  ALIAS_PROPS: 'an alias cannot have a tag or anchor',
  BAD_ALIAS: 'invalid alias',
  BAD_COLLECTION_TYPE: 'unexpected collection type',
  BAD_DIRECTIVE: 'invalid directive',
  BAD_DQ_ESCAPE: 'invalid escape sequence in a double-quoted string',
  BAD_INDENT: 'bad indentation',
  BAD_PROP_ORDER: 'anchors and tags must come before the value',
  BAD_SCALAR_START: 'a plain value cannot start with this character; quote it',
  BLOCK_AS_IMPLICIT_KEY: 'a block cannot be a key; check the indentation',
  BLOCK_IN_FLOW: 'a block cannot sit inside a flow collection ([...] or {...})',
  DUPLICATE_KEY: 'the same key appears twice in one map',
  IMPOSSIBLE: 'the document cannot be parsed',
  KEY_OVER_1024_CHARS: 'a key is longer than 1024 characters',
  MISSING_CHAR: 'a closing quote, bracket or ": value" is missing',
  MULTILINE_IMPLICIT_KEY: 'a key must fit on one line',
  MULTIPLE_ANCHORS: 'a value has more than one anchor',
  MULTIPLE_DOCS: 'the file holds more than one YAML document',
  MULTIPLE_TAGS: 'a value has more than one tag',
  NON_STRING_KEY: 'keys must be strings',
  TAB_AS_INDENT: 'tabs cannot be used for indentation',
  TAG_RESOLVE_FAILED: 'unknown tag',
  UNEXPECTED_TOKEN: 'unexpected token',
};

/**
 * Parses one YAML document into plain data; syntax errors name the line and column. The core
 * schema without the library's extra tags: `!!binary`, `!!set`, `!!timestamp`... would turn
 * config values into Buffers, Sets or Dates, which nothing here expects, so they are errors.
 */
export function parseYaml(text: string, source: string): unknown {
  const doc = parseDocument(text, {
    prettyErrors: true,
    uniqueKeys: true,
    schema: 'core',
    resolveKnownTags: false,
  });
  const first = doc.errors[0] ?? doc.warnings.find((w) => w.code === 'TAG_RESOLVE_FAILED');
  if (first) {
    const at = first.linePos?.[0];
    const where = at ? `${source} line ${at.line}, column ${at.col}` : source;
    throw configError(FILE_FLAG, `${where}: YAML syntax error: ${SYNTAX[first.code] ?? 'invalid YAML'}`);
  }
  try {
    return doc.toJS({ maxAliasCount: 100 });
  } catch (error) {
    // Unresolved (*name without &name) or exponentially expanding aliases.
    const why =
      error instanceof ReferenceError
        ? 'an alias is undefined or expands too much'
        : 'the document cannot be read';
    throw configError(FILE_FLAG, `${source}: ${why}`);
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
  if (!result.success) throw new ConfigError(problemsOf(result.error.issues, SECRET_KEYS));
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
async function assemble(flags: FlagValues, file: FileConfig, context: SecretContext, configFile?: string) {
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
    ...(configFile === undefined ? {} : { configFile }),
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
  return assemble(flags, file, { baseDir, env }, flags.configFile);
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
  const file = validateFileData(parseYaml(text, path), flags.demo);
  return assemble(flags, file, { baseDir: dirname(resolve(path)), env }, path);
}

export type LoadResult =
  | { readonly kind: 'config'; readonly config: ExporterConfig }
  | { readonly kind: 'help'; readonly text: string }
  | { readonly kind: 'version' };

/** Flags (`process.argv.slice(2)`) + environment + YAML file → the frozen configuration. */
export async function loadConfig(argv: readonly string[], env: NodeJS.ProcessEnv): Promise<LoadResult> {
  const flags = parseFlags(argv);
  if (flags.help) return { kind: 'help', text: usageText() };
  if (flags.version) return { kind: 'version' };
  if (flags.configFile !== undefined)
    return { kind: 'config', config: await loadConfigFile(flags.configFile, env, flags) };
  // No file: one `default` account on the standard credential chain (none with --demo: main adds them).
  const file = validateFileData(flags.demo ? {} : { accounts: [{ name: 'default' }] }, flags.demo);
  return { kind: 'config', config: await assemble(flags, file, { baseDir: process.cwd(), env }) };
}

import { dirname, resolve } from 'node:path';
import { ConfigError, configError } from './errors.js';
import { checkShard, ordinalFromHostname } from './flag-checks.js';
import { DEFAULT_FLAGS, type FlagValues, parseFlags } from './flags.js';
import { deepFreeze } from './freeze.js';
import { issueWording, keysAt, problemsFromIssues } from './issues.js';
import { type FileConfig, fileSchema } from './schema.js';
import { resolveAccounts, type SecretContext } from './secrets.js';
import type { ExporterConfig } from './types.js';
import { usageText } from './usage.js';
import { parseYaml, readYamlFile } from './yaml-file.js';

export type LoadResult =
  | { readonly kind: 'config'; readonly config: ExporterConfig }
  | { readonly kind: 'help'; readonly text: string }
  | { readonly kind: 'version' };

/** The schema's checks on parsed YAML (every problem found is on the error), plus accounts being required. */
export function validateFileData(data: unknown, allowNoAccounts: boolean): FileConfig {
  // An empty file is an empty map: every default applies.
  const input = data === null || data === undefined ? {} : data;
  let result: ReturnType<typeof fileSchema.safeParse>;
  try {
    result = fileSchema.safeParse(input, { error: issueWording });
  } catch (error) {
    if (error instanceof RangeError) throw configError('--config.file', 'the document is nested too deeply');
    throw error;
  }
  if (!result.success) {
    throw new ConfigError(
      problemsFromIssues(result.error.issues, input, (path) => keysAt(fileSchema, path, input)),
    );
  }
  if (result.data.accounts.length === 0 && !allowNoAccounts) {
    throw configError('accounts', 'must list at least one account');
  }
  return result.data;
}

function resolveShard(flags: FlagValues, env: NodeJS.ProcessEnv): ExporterConfig['shard'] {
  if (flags.shardIndex !== 'hostname') return { index: flags.shardIndex, count: flags.shardCount };
  const index = ordinalFromHostname('--shard.index', env['HOSTNAME']);
  checkShard(index, flags.shardCount);
  return { index, count: flags.shardCount };
}

/** Flags + validated file → the frozen configuration, with secrets read. */
async function assemble(
  flags: FlagValues,
  env: NodeJS.ProcessEnv,
  file: FileConfig,
  context: SecretContext,
  configFile?: string,
): Promise<ExporterConfig> {
  const config: ExporterConfig = {
    web: {
      listenAddress: flags.listenAddress,
      telemetryPath: flags.telemetryPath,
      ...(flags.webConfigFile === undefined ? {} : { configFile: flags.webConfigFile }),
      enableLifecycle: flags.enableLifecycle,
    },
    log: { level: flags.logLevel, format: flags.logFormat, failureIntervalMs: flags.logFailureIntervalMs },
    demo: flags.demo,
    check: flags.check,
    ...(configFile === undefined ? {} : { configFile }),
    accounts: await resolveAccounts(file.accounts, context),
    collectors: file.collectors,
    global: file.global,
    shard: resolveShard(flags, env),
  };
  return deepFreeze(config);
}

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
  return assemble(flags, env, file, { baseDir, env }, flags.configFile);
}

/**
 * Reads the config file `path`; also the SIGHUP reload entry point: pass the flags from start-up
 * so flag-derived settings stay as they were.
 */
export async function loadConfigFile(
  path: string,
  env: NodeJS.ProcessEnv,
  flags: FlagValues = DEFAULT_FLAGS,
): Promise<ExporterConfig> {
  const file = validateFileData(await readYamlFile(path), flags.demo);
  return assemble(flags, env, file, { baseDir: dirname(resolve(path)), env }, path);
}

/** No file: one `default` account on the standard credential chain (none with --demo: main adds them). */
function defaultConfig(flags: FlagValues, env: NodeJS.ProcessEnv): Promise<ExporterConfig> {
  const file = validateFileData(flags.demo ? {} : { accounts: [{ name: 'default' }] }, flags.demo);
  return assemble(flags, env, file, { baseDir: process.cwd(), env });
}

/** Flags (`process.argv.slice(2)`) + environment + YAML file → the frozen configuration. */
export async function loadConfig(argv: readonly string[], env: NodeJS.ProcessEnv): Promise<LoadResult> {
  const flags = parseFlags(argv);
  if (flags.help) return { kind: 'help', text: usageText() };
  if (flags.version) return { kind: 'version' };
  const config =
    flags.configFile === undefined
      ? await defaultConfig(flags, env)
      : await loadConfigFile(flags.configFile, env, flags);
  return { kind: 'config', config };
}

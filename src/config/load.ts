import { dirname, resolve } from 'node:path';
import { buildFileParts, type FileParts } from './build.js';
import { ConfigError, configError } from './errors.js';
import { ordinalFromHostname } from './flag-checks.js';
import { DEFAULT_FLAGS, type FlagValues, parseFlags } from './flags.js';
import { deepFreeze } from './freeze.js';
import { issueWording, problemsFromIssues } from './issues.js';
import { relationProblems } from './relations.js';
import { fileSchema, type RawFile } from './schema.js';
import { keysAt } from './schema-keys.js';
import type { SecretContext } from './secrets.js';
import type { ExporterConfig } from './types.js';
import { usageText } from './usage.js';
import { parseYaml, readYamlFile } from './yaml-file.js';

export type LoadResult =
  | { readonly kind: 'config'; readonly config: ExporterConfig }
  | { readonly kind: 'help'; readonly text: string }
  | { readonly kind: 'version' };

/** Schema and cross-key checks on parsed YAML; every problem found is on the error. */
export function validateFileData(data: unknown, allowNoAccounts: boolean): RawFile {
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
  const problems = relationProblems(result.data, allowNoAccounts);
  if (problems.length > 0) throw new ConfigError(problems);
  return result.data;
}

function resolveShard(flags: FlagValues, env: NodeJS.ProcessEnv): ExporterConfig['shard'] {
  const index =
    flags.shardIndex === 'hostname'
      ? ordinalFromHostname('--shard.index', env['HOSTNAME'])
      : flags.shardIndex;
  if (index >= flags.shardCount) {
    throw configError('--shard.index', `${index} must be less than --shard.count (${flags.shardCount})`);
  }
  return { index, count: flags.shardCount };
}

function assemble(
  flags: FlagValues,
  env: NodeJS.ProcessEnv,
  parts: FileParts,
  configFile?: string,
): ExporterConfig {
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
    ...parts,
    shard: resolveShard(flags, env),
  };
  return deepFreeze(config);
}

async function partsFromData(data: unknown, flags: FlagValues, context: SecretContext): Promise<FileParts> {
  return buildFileParts(validateFileData(data, flags.demo), context);
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
  const parts = await partsFromData(parseYaml(text, source), flags, { baseDir, env });
  return assemble(flags, env, parts, flags.configFile);
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
  const data = await readYamlFile(path);
  const parts = await partsFromData(data, flags, { baseDir: dirname(resolve(path)), env });
  return assemble(flags, env, parts, path);
}

/** No file: one `default` account on the standard credential chain (none with --demo: main adds them). */
async function defaultConfig(flags: FlagValues, env: NodeJS.ProcessEnv): Promise<ExporterConfig> {
  const parts = await buildFileParts(fileSchema.parse({}), { baseDir: process.cwd(), env });
  const accounts = flags.demo
    ? []
    : [
        {
          name: 'default',
          credentials: { type: 'chain' as const },
          international: false,
          language: 'en-US' as const,
          requestsPerSecond: 20,
        },
      ];
  return assemble(flags, env, { ...parts, accounts });
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

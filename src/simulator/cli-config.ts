/** Command line and config file of the standalone simulator (`dist/simulator/cli.js`). */
import { readFile } from 'node:fs/promises';
import { parse as parseYaml } from 'yaml';
import { demoAccounts } from './demo-accounts.js';
import { describeIssue, type FileOptions, fileOptionsSchema } from './schemas.js';
import type { SimulatorOptions } from './types.js';

/** A bad flag or config file; the message names the flag, file and key, never a value. */
export class SimulatorConfigError extends Error {
  constructor(
    message: string,
    readonly source: string,
  ) {
    super(message);
    this.name = 'SimulatorConfigError';
  }
}

export interface CliArgs {
  readonly config?: string;
  readonly port?: number;
  readonly host?: string;
  /** No per-request log lines (benchmarks). */
  readonly quiet: boolean;
}

const VALUE_FLAGS = new Set(['config', 'port', 'host']);

/** `--flag value` and `--flag=value` both work. */
export function parseCliArgs(argv: readonly string[]): CliArgs {
  const values: Record<string, string> = {};
  let quiet = false;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    const match = /^--([a-z-]+)(?:=(.*))?$/.exec(arg);
    if (!match) throw new SimulatorConfigError(`unexpected argument \`${arg}\``, 'argv');
    const [, name, inline] = match as unknown as [string, string, string | undefined];
    if (name === 'quiet') {
      quiet = true;
      continue;
    }
    if (!VALUE_FLAGS.has(name)) throw new SimulatorConfigError(`unknown flag --${name}`, 'argv');
    const value = inline ?? argv[++i];
    if (value === undefined) throw new SimulatorConfigError(`flag --${name} needs a value`, 'argv');
    values[name] = value;
  }
  let port: number | undefined;
  if (values['port'] !== undefined) {
    port = Number(values['port']);
    if (!Number.isInteger(port) || port < 0 || port > 65_535) {
      throw new SimulatorConfigError('flag --port must be an integer 0..65535', 'argv');
    }
  }
  return { config: values['config'], host: values['host'], port, quiet };
}

/** Reads a YAML (or JSON) file of SimulatorOptions without the functions. */
export async function loadOptionsFile(path: string): Promise<FileOptions> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? 'error';
    throw new SimulatorConfigError(`cannot read config file ${path} (${code})`, path);
  }
  let raw: unknown;
  try {
    raw = parseYaml(text);
  } catch {
    throw new SimulatorConfigError(`config file ${path} is not valid YAML or JSON`, path);
  }
  const result = fileOptionsSchema.safeParse(raw ?? {});
  if (!result.success)
    throw new SimulatorConfigError(`config file ${path}: ${describeIssue(result.error)}`, path);
  return result.data;
}

/** File options, flags on top; the demo accounts when the file names none. */
export function toSimulatorOptions(file: FileOptions, args: CliArgs): SimulatorOptions {
  return {
    ...file,
    accounts: file.accounts ?? demoAccounts.map((account) => ({ ...account })),
    ...(args.host !== undefined ? { host: args.host } : {}),
    ...(args.port !== undefined ? { port: args.port } : {}),
  };
}

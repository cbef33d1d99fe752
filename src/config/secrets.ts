import { homedir } from 'node:os';
import { isAbsolute, join, resolve } from 'node:path';
import { describeFileError, readSmallFile } from '../util/bounded-file.js';
import { keyPathOf } from '../util/parsed-data.js';
import { configError } from './errors.js';
import {
  type CredentialsConfig,
  type FileConfig,
  givenForms,
  SECRET_BASES,
  type SecretFields,
} from './schema.js';

type Path = readonly PropertyKey[];

/** Where relative paths in the file point, and where `_env` names are looked up. */
export interface SecretContext {
  readonly baseDir: string;
  readonly env: NodeJS.ProcessEnv;
}

/**
 * Relative paths in the config file are relative to the file's directory (as in Prometheus);
 * `~/` is the home directory, as in the Tencent Cloud tools' `~/.tencentcloud/credentials`.
 */
export function resolvePath(context: SecretContext, path: string): string {
  if (path === '~' || path.startsWith('~/')) return join(context.env['HOME'] || homedir(), path.slice(1));
  return isAbsolute(path) ? path : resolve(context.baseDir, path);
}

/**
 * One secret from its literal, `_file` (trimmed contents, e.g. a mounted Kubernetes secret, read
 * by the bounded reader so that no path can hold a reload) or `_env` form. Errors name the key
 * and the path or variable, never the contents.
 */
export async function resolveSecret(
  holder: SecretFields,
  base: string,
  path: Path,
  context: SecretContext,
): Promise<string | undefined> {
  const [form] = givenForms(holder, base);
  const given = holder[form as keyof SecretFields];
  if (form === undefined || given === undefined || form === base) return given;
  const keyPath = keyPathOf([...path, form]);
  if (form.endsWith('_env')) {
    const value = context.env[given]?.trim();
    if (value === undefined) throw configError(keyPath, `environment variable ${given} is not set`);
    if (value === '') throw configError(keyPath, `environment variable ${given} is empty`);
    return value;
  }
  const file = resolvePath(context, given);
  const text = await readSmallFile(file).catch((error: unknown) => {
    throw configError(keyPath, describeFileError(error, file));
  });
  if (text.trim() === '') throw configError(keyPath, `${JSON.stringify(file)} is empty`);
  return text.trim();
}

/**
 * The credentials with every `_file` / `_env` secret read (static blocks then hold literals only)
 * and relative paths resolved against the config file's directory.
 */
async function resolveCredentials(
  creds: CredentialsConfig,
  path: Path,
  context: SecretContext,
): Promise<CredentialsConfig> {
  switch (creds.source) {
    case 'static': {
      const resolved: CredentialsConfig = { source: 'static' };
      for (const base of SECRET_BASES) {
        const value = await resolveSecret(creds, base, path, context);
        if (value !== undefined) resolved[base] = value;
      }
      return resolved;
    }
    case 'profile':
      return creds.file === undefined ? creds : { ...creds, file: resolvePath(context, creds.file) };
    case 'web_identity':
      return creds.token_file === undefined
        ? creds
        : { ...creds, token_file: resolvePath(context, creds.token_file) };
    case 'assume_role':
      if (creds.from === undefined) return creds;
      return { ...creds, from: await resolveCredentials(creds.from, [...path, 'from'], context) };
    default:
      return creds;
  }
}

/**
 * Every account with its credentials resolved, one account at a time (the first unreadable secret
 * is the error): flat secret keys become a `source: static` block, no credentials the default chain.
 */
export async function resolveAccounts(accounts: FileConfig['accounts'], context: SecretContext) {
  const resolved = [];
  for (const [index, account] of accounts.entries()) {
    const path = ['accounts', index];
    const { credentials = { source: 'chain' }, ...rest } = account;
    const isSecret = (key: string) => SECRET_BASES.some((base) => key.startsWith(base));
    const flat = Object.keys(rest).some(isSecret);
    const kept = Object.entries(rest).filter(([key]) => !isSecret(key));
    resolved.push({
      ...(Object.fromEntries(kept) as Omit<typeof rest, keyof SecretFields>),
      credentials: await resolveCredentials(
        flat ? { source: 'static', ...rest } : credentials,
        flat ? path : [...path, 'credentials'],
        context,
      ),
    });
  }
  return resolved;
}

/** An account as the exporter uses it, its credentials resolved. */
export type AccountConfig = Awaited<ReturnType<typeof resolveAccounts>>[number];

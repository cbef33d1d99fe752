import { homedir } from 'node:os';
import { isAbsolute, join, resolve } from 'node:path';
import { describeFileError, readSmallFile } from '../util/bounded-file.js';
import { keyPathOf } from '../util/parsed-data.js';
import { configError } from './errors.js';
import {
  type AccountConfig,
  type CredentialsConfig,
  type FileConfig,
  hasSecretKeys,
  SECRET_BASES,
  type SecretBase,
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
 * One secret from its literal, `_file` (trimmed contents, e.g. a mounted Kubernetes secret; a
 * regular file of at most 64 KiB, read within 5 s, so that no path can hold a reload) or
 * `_env` form. Errors name the key and the path or variable, never the contents.
 */
export async function resolveSecret(
  holder: SecretFields,
  base: SecretBase,
  path: Path,
  context: SecretContext,
): Promise<string | undefined> {
  const literal = holder[base];
  if (literal !== undefined) return literal;
  const file = holder[`${base}_file`];
  if (file !== undefined) {
    const keyPath = keyPathOf([...path, `${base}_file`]);
    const fullPath = resolvePath(context, file);
    let text: string;
    try {
      text = await readSmallFile(fullPath);
    } catch (error) {
      throw configError(keyPath, describeFileError(error, fullPath));
    }
    const value = text.trim();
    if (value === '') throw configError(keyPath, `${JSON.stringify(fullPath)} is empty`);
    return value;
  }
  const variable = holder[`${base}_env`];
  if (variable !== undefined) {
    const keyPath = keyPathOf([...path, `${base}_env`]);
    const value = context.env[variable];
    if (value === undefined) throw configError(keyPath, `environment variable ${variable} is not set`);
    if (value.trim() === '') throw configError(keyPath, `environment variable ${variable} is empty`);
    return value.trim();
  }
  return undefined;
}

/** The literal key pair of a `source: static` block (the schema checked both halves are given). */
async function resolveKeyPair(
  holder: SecretFields,
  path: Path,
  context: SecretContext,
): Promise<{ secret_id: string; secret_key: string; session_token?: string }> {
  const secretId = await resolveSecret(holder, 'secret_id', path, context);
  const secretKey = await resolveSecret(holder, 'secret_key', path, context);
  const token = await resolveSecret(holder, 'session_token', path, context);
  if (secretId === undefined || secretKey === undefined) {
    throw configError(
      keyPathOf([...path, secretId === undefined ? 'secret_id' : 'secret_key']),
      'is required',
    );
  }
  return token === undefined
    ? { secret_id: secretId, secret_key: secretKey }
    : { secret_id: secretId, secret_key: secretKey, session_token: token };
}

/**
 * The credentials with every `_file` / `_env` secret read (static blocks then hold literals only)
 * and relative paths resolved against the config file's directory.
 */
export async function resolveCredentials(
  creds: CredentialsConfig,
  path: Path,
  context: SecretContext,
): Promise<CredentialsConfig> {
  switch (creds.source) {
    case 'static':
      return { source: 'static', ...(await resolveKeyPair(creds, path, context)) };
    case 'profile':
      return creds.file === undefined ? creds : { ...creds, file: resolvePath(context, creds.file) };
    case 'web_identity':
      return creds.token_file === undefined
        ? creds
        : { ...creds, token_file: resolvePath(context, creds.token_file) };
    case 'assume_role':
      return creds.from === undefined
        ? creds
        : { ...creds, from: await resolveCredentials(creds.from, [...path, 'from'], context) };
    default:
      return creds;
  }
}

/** An account with its credentials resolved: the flat secret keys, a credentials block or the default chain. */
async function resolveAccount(
  account: FileConfig['accounts'][number],
  index: number,
  context: SecretContext,
): Promise<AccountConfig> {
  const path = ['accounts', index];
  const { credentials, ...rest } = account;
  for (const base of SECRET_BASES) {
    for (const key of [base, `${base}_file`, `${base}_env`]) delete (rest as Record<string, unknown>)[key];
  }
  const resolved = hasSecretKeys(account)
    ? { source: 'static' as const, ...(await resolveKeyPair(account, path, context)) }
    : credentials === undefined
      ? { source: 'chain' as const }
      : await resolveCredentials(credentials, [...path, 'credentials'], context);
  return { ...rest, credentials: resolved };
}

/** Every account's credentials, one account at a time: the first unreadable secret is the error reported. */
export async function resolveAccounts(
  accounts: FileConfig['accounts'],
  context: SecretContext,
): Promise<AccountConfig[]> {
  const out: AccountConfig[] = [];
  for (const [index, account] of accounts.entries()) out.push(await resolveAccount(account, index, context));
  return out;
}

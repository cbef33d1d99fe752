import { homedir } from 'node:os';
import { isAbsolute, join, resolve } from 'node:path';
import { describeFileError, readSmallFile } from '../util/bounded-file.js';
import { keyPathOf } from '../util/parsed-data.js';
import { configError } from './errors.js';
import type { SecretBase, SecretFields } from './schema.js';

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

/** The static key pair of an account or `source: static` block (presence already checked). */
export async function resolveKeyPair(
  holder: SecretFields,
  path: Path,
  context: SecretContext,
): Promise<{ secretId: string; secretKey: string; token?: string }> {
  const secretId = await resolveSecret(holder, 'secret_id', path, context);
  const secretKey = await resolveSecret(holder, 'secret_key', path, context);
  const token = await resolveSecret(holder, 'session_token', path, context);
  if (secretId === undefined || secretKey === undefined) {
    throw configError(
      keyPathOf([...path, secretId === undefined ? 'secret_id' : 'secret_key']),
      'is required',
    );
  }
  return token === undefined ? { secretId, secretKey } : { secretId, secretKey, token };
}

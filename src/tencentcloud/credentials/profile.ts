import { readFile } from 'node:fs/promises';
import { homedir } from 'node:os';
import { join } from 'node:path';
import ini from 'ini';
import { CredentialsError, describeCause } from './errors.js';
import type { CredentialProvider, Credentials } from './types.js';

export const ENV_CREDENTIALS_FILE = 'TENCENTCLOUD_CREDENTIALS_FILE';
export const DEFAULT_PROFILE = 'default';

export interface ProfileProviderOptions {
  /** Wins over `TENCENTCLOUD_CREDENTIALS_FILE` and `~/.tencentcloud/credentials`. */
  readonly file?: string;
  /** INI section; `default` unless given. */
  readonly profile?: string;
  readonly env?: NodeJS.ProcessEnv;
  /** Replaces `os.homedir()` (tests). */
  readonly homeDir?: string;
}

/** The file the options point at, resolved the way the Tencent Cloud CLI and SDKs do. */
export function resolveProfileFile(options: ProfileProviderOptions = {}): string {
  const env = options.env ?? process.env;
  return (
    options.file ||
    env[ENV_CREDENTIALS_FILE] ||
    join(options.homeDir ?? homedir(), '.tencentcloud', 'credentials')
  );
}

/**
 * Credentials from an INI profile file with `secret_id`, `secret_key` and optional `token`.
 * The file is read once, on first use (successful reads are kept until restart; failed ones
 * are retried at the next call).
 */
export class ProfileCredentialProvider implements CredentialProvider {
  readonly source: string;
  readonly #file: string;
  readonly #profile: string;
  #loaded?: Promise<Credentials>;

  constructor(options: ProfileProviderOptions = {}) {
    this.#file = resolveProfileFile(options);
    this.#profile = options.profile || DEFAULT_PROFILE;
    this.source = `profile:${this.#file}[${this.#profile}]`;
  }

  getCredentials(): Promise<Credentials> {
    if (!this.#loaded) {
      const loading = this.#load();
      this.#loaded = loading;
      loading.catch(() => {
        if (this.#loaded === loading) this.#loaded = undefined;
      });
    }
    return this.#loaded;
  }

  async #load(): Promise<Credentials> {
    let text: string;
    try {
      text = await readFile(this.#file, 'utf8');
    } catch (err) {
      const reason =
        (err as NodeJS.ErrnoException).code === 'ENOENT'
          ? `file ${this.#file} does not exist`
          : `cannot read file ${this.#file}: ${describeCause(err)}`;
      throw new CredentialsError(this.source, reason, { cause: err });
    }
    // Only names (file, section, key) go into errors below: values are secrets.
    const section = findSection(ini.parse(text), this.#profile);
    if (typeof section !== 'object' || section === null) {
      throw new CredentialsError(this.source, `file ${this.#file} has no section [${this.#profile}]`);
    }
    const values = section as Record<string, unknown>;
    const field = (key: string): string | undefined => {
      const value = values[key];
      return typeof value === 'string' && value.trim() !== '' ? value.trim() : undefined;
    };
    const secretId = field('secret_id');
    const secretKey = field('secret_key');
    for (const [key, value] of [
      ['secret_id', secretId],
      ['secret_key', secretKey],
    ] as const) {
      if (!value) {
        throw new CredentialsError(
          this.source,
          `section [${this.#profile}] of file ${this.#file} has no ${key}`,
        );
      }
    }
    const token = field('token');
    return token
      ? { secretId: secretId!, secretKey: secretKey!, token }
      : { secretId: secretId!, secretKey: secretKey! };
  }
}

/** `ini` nests `[a.b]` as `{ a: { b: ... } }`, so a dotted profile name is looked up as a path too. */
function findSection(parsed: Record<string, unknown>, name: string): unknown {
  if (Object.hasOwn(parsed, name)) return parsed[name];
  let node: unknown = parsed;
  for (const part of name.split('.')) {
    if (typeof node !== 'object' || node === null || !Object.hasOwn(node, part)) return undefined;
    node = (node as Record<string, unknown>)[part];
  }
  return node;
}

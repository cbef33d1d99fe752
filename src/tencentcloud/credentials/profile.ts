import { homedir } from 'node:os';
import { join } from 'node:path';
import ini from 'ini';
import { readSmallFile } from '../../util/bounded-file.js';
import { CredentialSourceError, describeCause } from './errors.js';
import type { CredentialProvider, Credentials } from './types.js';

export const ENV_CREDENTIALS_FILE = 'TENCENTCLOUD_CREDENTIALS_FILE';
export const DEFAULT_PROFILE = 'default';
/** Where the official SDKs look when the user's own file does not exist. */
export const SYSTEM_CREDENTIALS_FILE = '/etc/tencentcloud/credentials';

export interface ProfileProviderOptions {
  /** Wins over `TENCENTCLOUD_CREDENTIALS_FILE` and `~/.tencentcloud/credentials`. */
  readonly file?: string;
  /** INI section; `default` unless given. */
  readonly profile?: string;
  readonly env?: NodeJS.ProcessEnv;
  /** Replaces `os.homedir()` (tests). */
  readonly homeDir?: string;
  /** Replaces `/etc/tencentcloud/credentials` (tests). */
  readonly systemFile?: string;
}

/** The file the options point at, resolved the way the Tencent Cloud CLI and SDKs do. */
export function resolveProfileFile(options: ProfileProviderOptions = {}): string {
  return profileFiles(options)[0]!;
}

/**
 * The files to try in order: the one named by the options or the environment alone, else
 * `~/.tencentcloud/credentials` and then, only when that does not exist, the system-wide
 * `/etc/tencentcloud/credentials` (the SDKs' fallback).
 */
export function profileFiles(options: ProfileProviderOptions = {}): readonly string[] {
  const env = options.env ?? process.env;
  const named = options.file || env[ENV_CREDENTIALS_FILE];
  if (named) return [named];
  return [
    join(options.homeDir ?? homedir(), '.tencentcloud', 'credentials'),
    options.systemFile ?? SYSTEM_CREDENTIALS_FILE,
  ];
}

/**
 * Credentials from an INI profile file with `secret_id`, `secret_key` and optional `token`.
 * The file is read once, on first use (successful reads are kept until restart; failed ones
 * are retried at the next call).
 */
export class ProfileCredentialProvider implements CredentialProvider {
  readonly #files: readonly string[];
  readonly #profile: string;
  #file: string;
  #loaded?: Promise<Credentials>;

  constructor(options: ProfileProviderOptions = {}) {
    this.#files = profileFiles(options);
    this.#file = this.#files[0]!;
    this.#profile = options.profile || DEFAULT_PROFILE;
  }

  /** Names the file in use: the fallback once the user's own file turned out not to exist. */
  get source(): string {
    return `profile:${this.#file}[${this.#profile}]`;
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
    let text: string | undefined;
    const absent: string[] = [];
    for (const file of this.#files) {
      this.#file = file;
      try {
        text = await readSmallFile(file);
        break;
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code === 'ENOENT') {
          absent.push(file);
          continue;
        }
        throw new CredentialSourceError(this.source, `cannot read file ${file}: ${describeCause(err)}`, {
          cause: err,
        });
      }
    }
    if (text === undefined) {
      this.#file = this.#files[0]!;
      const which =
        absent.length === 1 ? `file ${absent[0]} does not exist` : `neither ${absent.join(' nor ')} exists`;
      throw new CredentialSourceError(this.source, which);
    }
    // Only names (file, section, key) go into errors below: values are secrets.
    const section = findSection(ini.parse(text), this.#profile);
    if (typeof section !== 'object' || section === null) {
      throw new CredentialSourceError(this.source, `file ${this.#file} has no section [${this.#profile}]`);
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
        throw new CredentialSourceError(
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

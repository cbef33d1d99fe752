import { statSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import type { Logger } from 'pino';
import { z } from 'zod';
import { BoundedFileError, describeFileError, readSmallFileSync } from '../util/bounded-file.js';
import { keyPathOf } from '../util/parsed-data.js';
import { issueWording, problemsOf } from '../util/schema-problems.js';
import { parseYamlData, YamlDataError } from '../util/yaml-data.js';
import { type ResolvedTls, resolveTls } from './tls.js';

/**
 * A problem in the `--web.config.file` file (or a file it names), tied to the key it concerns.
 * The message is one line, `invalid web config file "<file>": <keyPath>: <detail>`, and never
 * quotes a value from the file: a password hash or a private key must not end up in a log.
 */
export class WebConfigError extends Error {
  override readonly name = 'WebConfigError';

  constructor(
    /** The web config file as given on the command line. */
    readonly file: string,
    /** `tls_server_config.cert_file`, `basic_auth_users.alice`, … (empty for the whole file). */
    readonly keyPath: string,
    /** What is wrong, without any value from the file. */
    readonly detail: string,
  ) {
    super(`invalid web config file "${file}": ${keyPath ? `${keyPath}: ` : ''}${detail}`);
  }
}

/** TLS versions as the exporter-toolkit spells them; TLS10/TLS11 are accepted with a warning. */
export const TLS_VERSIONS = ['TLS10', 'TLS11', 'TLS12', 'TLS13'] as const;
export type TlsVersionName = (typeof TLS_VERSIONS)[number];

/** Go's `crypto/tls.ClientAuthType` names, as the exporter-toolkit accepts them. */
export const CLIENT_AUTH_TYPES = [
  'NoClientCert',
  'RequestClientCert',
  'RequireAnyClientCert',
  'VerifyClientCertIfGiven',
  'RequireAndVerifyClientCert',
] as const;
export type ClientAuthType = (typeof CLIENT_AUTH_TYPES)[number];

const path = z.string().min(1);

const tlsServerConfig = z
  .object({
    cert_file: path.optional(),
    key_file: path.optional(),
    cert: z.string().min(1).optional(),
    key: z.string().min(1).optional(),
    client_ca_file: path.optional(),
    client_ca: z.string().min(1).optional(),
    client_auth_type: z.enum(CLIENT_AUTH_TYPES).optional(),
    client_allowed_sans: z.array(z.string().min(1)).optional(),
    min_version: z.enum(TLS_VERSIONS).optional(),
    max_version: z.enum(TLS_VERSIONS).optional(),
    cipher_suites: z.array(z.string().min(1)).optional(),
    prefer_server_cipher_suites: z.boolean().optional(),
    curve_preferences: z.array(z.string().min(1)).optional(),
  })
  .strict();

const httpServerConfig = z
  .object({
    // Accepted for compatibility; the exporter serves HTTP/1.1 only.
    http2: z.boolean().optional(),
    headers: z.record(z.string(), z.string()).nullish(),
  })
  .strict();

/** The file as written, before paths are resolved and files read (see web-config.ts). */
export const webConfigSchema = z
  .object({
    tls_server_config: tlsServerConfig.nullish(),
    http_server_config: httpServerConfig.nullish(),
    basic_auth_users: z.record(z.string(), z.string()).nullish(),
  })
  .strict();

export type RawWebConfig = z.infer<typeof webConfigSchema>;
export type RawTlsServerConfig = z.infer<typeof tlsServerConfig>;

export type { ResolvedTls } from './tls.js';

/** A loaded, checked `--web.config.file`. Holds key material and hashes: never log it. */
export interface WebConfig {
  readonly file: string;
  /** Absent: plain HTTP. */
  readonly tls?: ResolvedTls;
  /** Extra response headers, canonical names. */
  readonly headers: readonly (readonly [string, string])[];
  /** User name to bcrypt hash; empty: no basic auth. */
  readonly users: ReadonlyMap<string, string>;
  /** Accepted but worth a log line (obsolete TLS versions, ignored settings). */
  readonly warnings: readonly string[];
  /** The config file and every file it names, absolute: a change to any of them triggers a re-read. */
  readonly files: readonly string[];
}

/** The exporter-toolkit's header allow-list, with the values it accepts (undefined: any). */
const ALLOWED_HEADERS: Record<string, readonly string[] | undefined> = {
  'Content-Security-Policy': undefined,
  'X-Frame-Options': ['deny', 'sameorigin'],
  'X-Content-Type-Options': ['nosniff'],
  'X-XSS-Protection': undefined,
  'Strict-Transport-Security': undefined,
};

/** Headers the exporter or HTTP itself owns; named separately so the error says why. */
const RESERVED_HEADERS = new Set(
  [
    'Authorization',
    'WWW-Authenticate',
    'Content-Type',
    'Content-Encoding',
    'Content-Length',
    'Transfer-Encoding',
    'Connection',
    'Server',
    'Date',
    'Vary',
    'Cache-Control',
    'Set-Cookie',
  ].map((h) => h.toLowerCase()),
);

// bcrypt modular crypt format: $2$, $2a$, $2b$ or $2y$, a two-digit cost 04–31, 53 base64 chars.
const BCRYPT = /^\$2[aby]?\$(0[4-9]|[12]\d|3[01])\$[./A-Za-z0-9]{53}$/;

/** Room for inline certificates and CA bundles; far below what would strain memory. */
const MAX_WEB_FILE_BYTES = 1024 * 1024;

/**
 * The web config file and the certificate, key and CA files it names are read synchronously (a
 * re-read finishes within the handshake of the connection that noticed a change), so a FIFO or a
 * device there must be refused rather than opened: it would block the event loop.
 */
export function readWebFile(path: string): string {
  return readSmallFileSync(path, MAX_WEB_FILE_BYTES);
}

/** `not a regular file: "/x" is a FIFO`, `larger than 1024 KiB: "/x"` or `cannot read <what>: ENOENT`. */
export function describeWebFileError(error: unknown, path: string, what: string): string {
  if (error instanceof BoundedFileError) return describeFileError(error, path);
  return `cannot read ${what}: ${(error as NodeJS.ErrnoException).code ?? 'read error'}`;
}

/** Reads and checks the web config file; every problem is a WebConfigError naming the key. */
export function loadWebConfig(file: string): WebConfig {
  const full = resolve(file);
  let text: string;
  try {
    text = readWebFile(full);
  } catch (error) {
    throw new WebConfigError(file, '', describeWebFileError(error, full, 'the file'));
  }
  const raw = validate(parse(text, file), file);
  const warnings: string[] = [];
  const tls = raw.tls_server_config
    ? resolveTls(raw.tls_server_config, { file, dir: dirname(full), warnings })
    : undefined;
  return {
    file,
    tls,
    headers: headers(raw.http_server_config?.headers ?? {}, file),
    users: users(raw.basic_auth_users ?? {}, file),
    warnings,
    files: [full, ...(tls?.files ?? [])],
  };
}

function parse(text: string, file: string): unknown {
  try {
    return parseYamlData(text) ?? {};
  } catch (error) {
    if (error instanceof YamlDataError) throw new WebConfigError(file, '', error.message);
    throw error;
  }
}

/** The first problem; values are never shown (a hash or a private key could be one). */
function validate(data: unknown, file: string): RawWebConfig {
  const result = webConfigSchema.safeParse(data, { error: issueWording, reportInput: true });
  if (result.success) return result.data;
  const [first] = problemsOf(result.error.issues, () => true, keyPathOf);
  throw new WebConfigError(file, first.keyPath, first.detail);
}

function headers(raw: Record<string, string>, file: string): [string, string][] {
  const byLower = new Map(Object.keys(ALLOWED_HEADERS).map((name) => [name.toLowerCase(), name]));
  const out: [string, string][] = [];
  for (const [name, value] of Object.entries(raw)) {
    const key = `http_server_config.headers.${name}`;
    const lower = name.toLowerCase();
    if (RESERVED_HEADERS.has(lower)) {
      throw new WebConfigError(file, key, 'is set by the exporter and cannot be overridden');
    }
    const canonical = byLower.get(lower);
    if (!canonical) {
      throw new WebConfigError(
        file,
        key,
        `unsupported header; supported: ${Object.keys(ALLOWED_HEADERS).join(', ')}`,
      );
    }
    if (value === '') continue; // blank means unset, as in the exporter-toolkit
    if (/[^\t\x20-\x7e]/.test(value))
      throw new WebConfigError(file, key, 'contains control or non-ASCII characters');
    const accepted = ALLOWED_HEADERS[canonical];
    if (accepted && !accepted.includes(value.toLowerCase())) {
      throw new WebConfigError(file, key, `must be one of ${accepted.join(', ')}`);
    }
    out.push([canonical, value]);
  }
  return out;
}

function users(raw: Record<string, string>, file: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const [user, hash] of Object.entries(raw)) {
    const key = `basic_auth_users.${user}`;
    // Basic auth splits user and password at the first colon.
    if (user === '' || user.includes(':'))
      throw new WebConfigError(file, key, 'user names must be non-empty and contain no colon');
    if (!BCRYPT.test(hash))
      throw new WebConfigError(file, key, 'is not a bcrypt hash ($2a$, $2b$ or $2y$ with cost 04–31)');
    out.set(user, hash);
  }
  return out;
}

export interface WebConfigSourceOptions {
  readonly log: Logger;
  /** Files are stat'ed at most this often; default 1000 ms. */
  readonly checkIntervalMs?: number;
  readonly now?: () => number;
}

/**
 * The web config in force, re-read when the file or a certificate, key or CA file it names
 * changes, so rotated certificates and changed passwords apply without a restart. A bad new
 * version is logged once and the last good one stays in force.
 */
export class WebConfigSource {
  private config: WebConfig;
  private fingerprint: string;
  private lastCheck: number;
  private lastFailure: string | undefined;
  private readonly listeners: ((config: WebConfig) => void)[] = [];
  private readonly interval: number;
  private readonly now: () => number;

  private constructor(
    readonly file: string,
    private readonly log: Logger,
    options: WebConfigSourceOptions,
  ) {
    this.interval = options.checkIntervalMs ?? 1000;
    this.now = options.now ?? Date.now;
    this.config = loadWebConfig(file);
    this.fingerprint = fingerprintOf(this.config.files);
    this.lastCheck = this.now();
    this.warn(this.config);
  }

  /** Loads the file; throws WebConfigError when it is invalid. */
  static open(file: string, options: WebConfigSourceOptions): WebConfigSource {
    return new WebConfigSource(file, options.log, options);
  }

  get current(): WebConfig {
    return this.config;
  }

  /** Called with each newly applied config (the HTTPS server swaps its certificate). */
  onChange(listener: (config: WebConfig) => void): void {
    this.listeners.push(listener);
  }

  /**
   * Re-reads when a watched file changed since the last look, looking at most once per interval.
   * Synchronous so that a new connection sees the new certificate in its own handshake.
   */
  refreshIfStale(): void {
    const now = this.now();
    if (now - this.lastCheck < this.interval) return;
    this.lastCheck = now;
    const fingerprint = fingerprintOf(this.config.files);
    if (fingerprint === this.fingerprint) return;
    // A broken state is logged once, not on every request until it is fixed.
    if (fingerprint === this.lastFailure) return;
    this.apply(fingerprint);
  }

  /** Re-reads now (SIGHUP, `/-/reload`); resolves to the problem when the new file is rejected. */
  reload(): string | undefined {
    this.lastCheck = this.now();
    return this.apply(fingerprintOf(this.config.files));
  }

  private apply(fingerprint: string): string | undefined {
    let next: WebConfig;
    try {
      next = loadWebConfig(this.file);
      if (Boolean(next.tls) !== Boolean(this.config.tls)) {
        throw new WebConfigError(this.file, 'tls_server_config', 'turning TLS on or off needs a restart');
      }
    } catch (error) {
      const message = error instanceof WebConfigError ? error.message : String(error);
      this.log.error({ err: message }, 'web config re-read rejected; keeping the previous one');
      this.lastFailure = fingerprint;
      return message;
    }
    const previous = this.config;
    this.config = next;
    // The file list may have changed (a new cert path): fingerprint what the new config names.
    this.fingerprint = fingerprintOf(next.files);
    this.lastFailure = undefined;
    this.warn(next);
    if (previous.users.size > 0 && next.users.size === 0) {
      // Most likely an edit gone wrong rather than a decision: say loudly that the door is open.
      this.log.warn(
        { file: this.file },
        'web config has no basic_auth_users any more: basic authentication is switched off',
      );
    }
    for (const listener of this.listeners) listener(next);
    this.log.info({ file: this.file }, 'web config applied');
    return undefined;
  }

  private warn(config: WebConfig): void {
    for (const warning of config.warnings) this.log.warn({ file: this.file }, warning);
  }
}

/** mtime, size and inode of each file: a rename over it (Kubernetes secret updates) changes the inode. */
function fingerprintOf(files: readonly string[]): string {
  return files
    .map((file) => {
      try {
        const s = statSync(file);
        return `${s.ino}:${s.size}:${s.mtimeMs}`;
      } catch {
        return 'missing';
      }
    })
    .join('|');
}

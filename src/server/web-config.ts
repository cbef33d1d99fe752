import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { parseDocument } from 'yaml';
import type { z } from 'zod';
import { keyPathOf } from '../util/parsed-data.js';
import { WebConfigError } from './web-config-error.js';
import { type RawWebConfig, webConfigSchema } from './web-config-schema.js';
import { type ResolvedTls, resolveTls } from './web-config-tls.js';

export { WebConfigError } from './web-config-error.js';
export type { ResolvedTls } from './web-config-tls.js';

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

/** Reads and checks the web config file; every problem is a WebConfigError naming the key. */
export function loadWebConfig(file: string): WebConfig {
  const full = resolve(file);
  let text: string;
  try {
    text = readFileSync(full, 'utf8');
  } catch (error) {
    throw new WebConfigError(
      file,
      '',
      `cannot read the file: ${(error as NodeJS.ErrnoException).code ?? 'read error'}`,
    );
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
  const doc = parseDocument(text, { uniqueKeys: true });
  const first = doc.errors[0];
  if (first) {
    // The library's own message may quote the source, which may hold a hash: print only where.
    const at = first.linePos?.[0];
    throw new WebConfigError(
      file,
      '',
      `YAML syntax error ${first.code}${at ? ` at line ${at.line}, column ${at.col}` : ''}`,
    );
  }
  try {
    return doc.toJS({ maxAliasCount: 100 }) ?? {};
  } catch {
    throw new WebConfigError(file, '', 'an alias is undefined or expands too much');
  }
}

function validate(data: unknown, file: string): RawWebConfig {
  const result = webConfigSchema.safeParse(data);
  if (result.success) return result.data;
  const issue = result.error.issues[0]!;
  throw new WebConfigError(file, keyPathOfIssue(issue), describe(issue));
}

function keyPathOfIssue(issue: z.core.$ZodIssue): string {
  const key = issue.code === 'unrecognized_keys' ? issue.keys[0] : undefined;
  return keyPathOf(key === undefined ? issue.path : [...issue.path, key]);
}

/** Our own wording: zod's may quote the offending value. */
function describe(issue: z.core.$ZodIssue): string {
  switch (issue.code) {
    case 'unrecognized_keys':
      return 'unknown key';
    case 'invalid_type':
      return `expected ${issue.expected}`;
    case 'invalid_value':
      return `must be one of ${issue.values.map(String).join(', ')}`;
    case 'too_small':
      return 'must not be empty';
    default:
      return 'invalid value';
  }
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

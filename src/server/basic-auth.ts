import { createHash, timingSafeEqual } from 'node:crypto';
import type { NextFunction, Request, Response } from 'express';
import { BcryptPool, type PasswordVerifier, QueueFullError } from './bcrypt-pool.js';
import type { WebConfig, WebConfigSource } from './web-config.js';

/** `busy`: the password check queue is full; the caller answers 429 without waiting. */
export type AuthResult = 'ok' | 'unauthorized' | 'busy';

const MAX_CACHED = 256;

/**
 * Checks `Authorization: Basic` credentials against bcrypt hashes. bcrypt is slow by design
 * (~100 ms at cost 10) and runs on worker threads (`verifier`); a success is remembered under the
 * SHA-256 of user, password and hash, as the exporter-toolkit does, so a scrape with known-good
 * credentials is answered at once, never queued behind other clients' bcrypt work. The entry
 * cannot outlive a password change: the hash is part of the key, and a changed web config gets a
 * new authenticator. Failures are never cached, so the cache holds at most one entry per user.
 */
export class BasicAuthenticator {
  private readonly users: readonly (readonly [Buffer, string])[];
  private readonly cache = new Set<string>();

  constructor(
    users: ReadonlyMap<string, string>,
    private readonly verifier: PasswordVerifier,
  ) {
    if (users.size === 0) throw new Error('BasicAuthenticator needs at least one user');
    this.users = [...users].map(([name, hash]) => [sha256(name), hash] as const);
  }

  /** The `Authorization` header value, or undefined. */
  async check(authorization: string | undefined): Promise<AuthResult> {
    const credentials = parseBasic(authorization);
    if (!credentials) return 'unauthorized';
    const wanted = sha256(credentials.user);
    let hash: string | undefined;
    // Compare against every user with equal-length digests so timing does not reveal which names exist.
    for (const [name, userHash] of this.users) {
      if (timingSafeEqual(name, wanted)) hash = userHash;
    }
    const key = sha256(`${credentials.user}\0${credentials.password}\0${hash ?? ''}`).toString('hex');
    if (hash !== undefined && this.cache.has(key)) {
      this.remember(key);
      return 'ok';
    }
    // An unknown user still pays for one bcrypt (against a real hash, same cost), so it answers
    // as slowly as a wrong password.
    let ok: boolean;
    try {
      ok = await this.verifier.compare(credentials.password, hash ?? this.users[0]![1]);
    } catch (error) {
      if (error instanceof QueueFullError) return 'busy';
      throw error;
    }
    if (!ok || hash === undefined) return 'unauthorized';
    this.remember(key);
    return 'ok';
  }

  private remember(key: string): void {
    this.cache.delete(key);
    if (this.cache.size >= MAX_CACHED) {
      const oldest = this.cache.values().next().value;
      if (oldest !== undefined) this.cache.delete(oldest);
    }
    this.cache.add(key);
  }
}

function parseBasic(header: string | undefined): { user: string; password: string } | undefined {
  const match = /^Basic[ ]+([A-Za-z0-9+/=]+)\s*$/i.exec(header ?? '');
  if (!match) return undefined;
  const decoded = Buffer.from(match[1]!, 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  if (colon < 0) return undefined;
  return { user: decoded.slice(0, colon), password: decoded.slice(colon + 1) };
}

function sha256(text: string): Buffer {
  return createHash('sha256').update(text).digest();
}

export const BASIC_AUTH_REALM = 'tencentcloud-scan-exporter';

export type Guard = (req: Request, res: Response, next: NextFunction) => void;

export interface WebConfigGuard extends Guard {
  /** Stops the password check threads (exporter shutdown). */
  close(): Promise<void>;
}

export interface GuardOptions {
  /** Default: a BcryptPool owned (and closed) by the guard. */
  readonly verifier?: PasswordVerifier;
}

/**
 * The `createApp({ guard })` middleware for a web config: picks up a changed file, adds the
 * configured headers to every response (401s included) and asks for basic auth when users are set.
 * When the password check queue is full (a flood of unknown credentials), the answer is 429 at
 * once; credentials already verified are never queued.
 */
export function createWebConfigGuard(source: WebConfigSource, options: GuardOptions = {}): WebConfigGuard {
  const pool = options.verifier ? undefined : new BcryptPool();
  const verifier = options.verifier ?? pool!;
  let config: WebConfig | undefined;
  let auth: BasicAuthenticator | undefined;
  const guard: Guard = (req, res, next) => {
    source.refreshIfStale();
    if (config !== source.current) {
      config = source.current;
      // A new user list starts with an empty cache: removed users and changed hashes take effect at once.
      auth = config.users.size > 0 ? new BasicAuthenticator(config.users, verifier) : undefined;
    }
    for (const [name, value] of config.headers) res.setHeader(name, value);
    if (!auth) {
      next();
      return;
    }
    auth.check(req.get('authorization')).then(
      (result) => {
        if (result === 'ok') {
          next();
          return;
        }
        if (result === 'busy') {
          res.status(429).set('Retry-After', '1').type('text/plain').send('Too Many Requests\n');
          return;
        }
        res
          .status(401)
          .set('WWW-Authenticate', `Basic realm="${BASIC_AUTH_REALM}"`)
          .type('text/plain')
          .send('Unauthorized\n');
      },
      (error: unknown) => next(error),
    );
  };
  return Object.assign(guard, { close: async () => pool?.close() });
}

import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import bcrypt from 'bcryptjs';

export interface BasicAuthOptions {
  /** How long a successful check is remembered; default 60 s. */
  readonly cacheTtlMs?: number;
  readonly now?: () => number;
}

const MAX_CACHED = 256;

/**
 * Checks `Authorization: Basic` credentials against bcrypt hashes. bcrypt is slow by design
 * (~100 ms at cost 10), so a success is remembered for a while under the SHA-256 of the
 * credentials and the hash: a scrape every second then costs one bcrypt per TTL, not per request.
 * Failures are never cached, so a changed password is never accepted from the cache.
 */
export class BasicAuthenticator {
  private readonly users: readonly (readonly [Buffer, string])[];
  private readonly cache = new Map<string, number>();
  private readonly ttl: number;
  private readonly now: () => number;
  private decoy: Promise<string> | undefined;

  constructor(users: ReadonlyMap<string, string>, options: BasicAuthOptions = {}) {
    this.users = [...users].map(([name, hash]) => [sha256(name), hash] as const);
    this.ttl = options.cacheTtlMs ?? 60_000;
    this.now = options.now ?? Date.now;
  }

  /** The `Authorization` header value, or undefined; true when it names a user with the right password. */
  async check(authorization: string | undefined): Promise<boolean> {
    const credentials = parseBasic(authorization);
    if (!credentials) return false;
    const wanted = sha256(credentials.user);
    let hash: string | undefined;
    // Compare against every user with equal-length digests so timing does not reveal which names exist.
    for (const [name, userHash] of this.users) {
      if (timingSafeEqual(name, wanted)) hash = userHash;
    }
    const key = sha256(`${credentials.user}\0${credentials.password}\0${hash ?? ''}`).toString('hex');
    const cachedUntil = this.cache.get(key);
    if (hash !== undefined && cachedUntil !== undefined && cachedUntil > this.now()) return true;
    // An unknown user still pays for one bcrypt, so it answers as slowly as a wrong password.
    const ok = await bcrypt.compare(credentials.password, hash ?? (await this.decoyHash()));
    if (!ok || hash === undefined) return false;
    this.remember(key);
    return true;
  }

  private remember(key: string): void {
    this.cache.delete(key);
    if (this.cache.size >= MAX_CACHED) {
      const oldest = this.cache.keys().next().value;
      if (oldest !== undefined) this.cache.delete(oldest);
    }
    this.cache.set(key, this.now() + this.ttl);
  }

  private decoyHash(): Promise<string> {
    const cost = Math.max(4, ...this.users.map(([, hash]) => Number(hash.split('$')[2]) || 4));
    this.decoy ??= bcrypt.hash(randomBytes(16).toString('hex'), cost);
    return this.decoy;
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

import type { NextFunction, Request, Response } from 'express';
import { BcryptPool, type PasswordVerifier } from './bcrypt-pool.js';
import type { WebConfig } from './web-config.js';
import { BasicAuthenticator } from './web-config-basic-auth.js';
import type { WebConfigSource } from './web-config-source.js';

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

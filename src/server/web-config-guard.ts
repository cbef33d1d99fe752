import type { NextFunction, Request, Response } from 'express';
import type { WebConfig } from './web-config.js';
import { BasicAuthenticator, type BasicAuthOptions } from './web-config-basic-auth.js';
import type { WebConfigSource } from './web-config-source.js';

export const BASIC_AUTH_REALM = 'tencentcloud-scan-exporter';

export type Guard = (req: Request, res: Response, next: NextFunction) => void;

/**
 * The `createApp({ guard })` middleware for a web config: picks up a changed file, adds the
 * configured headers to every response (401s included) and asks for basic auth when users are set.
 */
export function createWebConfigGuard(source: WebConfigSource, options: BasicAuthOptions = {}): Guard {
  let config: WebConfig | undefined;
  let auth: BasicAuthenticator | undefined;
  return (req, res, next) => {
    source.refreshIfStale();
    if (config !== source.current) {
      config = source.current;
      // A new user list starts with an empty cache: removed users and changed hashes take effect at once.
      auth = config.users.size > 0 ? new BasicAuthenticator(config.users, options) : undefined;
    }
    for (const [name, value] of config.headers) res.setHeader(name, value);
    if (!auth) {
      next();
      return;
    }
    auth.check(req.get('authorization')).then(
      (ok) => {
        if (ok) {
          next();
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
}

import { STATUS_CODES } from 'node:http';
import express, { type NextFunction, type Request, type Response } from 'express';
import { renderLandingPage } from './landing-page.js';
import type { ExporterHandle } from './types.js';

export interface AppOptions {
  readonly telemetryPath: string;
  readonly exporter: ExporterHandle;
  /** `POST /-/reload` allowed (`--web.enable-lifecycle`); otherwise it answers 403. */
  readonly lifecycle?: boolean;
  /** Runs before every route (basic auth, extra headers from the web config). */
  readonly guard?: (req: Request, res: Response, next: NextFunction) => void;
  readonly onError?: (error: unknown) => void;
}

const READ_METHODS = new Set(['GET', 'HEAD']);

/** The exporter's HTTP surface: telemetry path, landing page, health, readiness, reload. */
export function createApp(options: AppOptions): express.Express {
  const { exporter, telemetryPath } = options;
  const app = express();
  app.disable('x-powered-by');
  app.disable('etag');
  app.set('query parser', false);
  if (options.guard) app.use(options.guard);

  const readOnly =
    (handler: (req: Request, res: Response) => Promise<void> | void) =>
    async (req: Request, res: Response): Promise<void> => {
      if (!READ_METHODS.has(req.method)) {
        res.status(405).set('Allow', 'GET, HEAD').type('text/plain').send('Method Not Allowed\n');
        return;
      }
      await handler(req, res);
    };

  const serveMetrics = readOnly(async (req, res) => {
    const rendered = await exporter.metrics(req.get('accept'), req.get('accept-encoding'));
    res.set('Content-Type', rendered.contentType);
    res.set('Vary', 'Accept, Accept-Encoding');
    res.set('Cache-Control', 'no-store');
    if (rendered.gzipped) res.set('Content-Encoding', 'gzip');
    res.set('Content-Length', String(rendered.length));
    if (req.method === 'HEAD') {
      res.end();
      return;
    }
    for (const chunk of rendered.chunks) res.write(chunk);
    res.end();
  });
  // Compared as a string, not given to Express as a route: a path such as `/m:x` or `/m*` would
  // be a route pattern there (matching other paths, or failing to parse).
  app.use((req, res, next) => {
    if (!isTelemetryPath(req.path, telemetryPath)) {
      next();
      return;
    }
    serveMetrics(req, res).catch(next);
  });
  app.all(
    '/',
    readOnly((req, res) => {
      const view = exporter.landing(pageOf(req.url));
      res.type('html').set('Cache-Control', 'no-store').send(renderLandingPage(view));
    }),
  );
  app.all(
    '/runbook',
    readOnly((_req, res) => {
      const page = exporter.runbook?.();
      if (page === undefined) res.status(404).type('text/plain').send('This build ships no runbook\n');
      else res.type('html').set('Cache-Control', 'no-cache').send(page);
    }),
  );
  app.all(
    '/-/healthy',
    readOnly((_req, res) => {
      res.type('text/plain').send('Healthy\n');
    }),
  );
  app.all(
    '/-/ready',
    readOnly((_req, res) => {
      if (exporter.ready()) res.type('text/plain').send('Ready\n');
      else res.status(503).type('text/plain').send('Not ready: first collection round still running\n');
    }),
  );
  app.all('/-/reload', async (req, res) => {
    if (req.method !== 'POST' && req.method !== 'PUT') {
      res.status(405).set('Allow', 'POST, PUT').type('text/plain').send('Method Not Allowed\n');
      return;
    }
    if (!options.lifecycle) {
      res
        .status(403)
        .type('text/plain')
        .send('Lifecycle API is not enabled: start with --web.enable-lifecycle, or send SIGHUP\n');
      return;
    }
    if (crossSite(req)) {
      res.status(403).type('text/plain').send('Forbidden: cross-origin request\n');
      return;
    }
    if (!exporter.reload) {
      res.status(404).type('text/plain').send('Reload is not available\n');
      return;
    }
    const problem = await exporter.reload();
    if (problem)
      res
        .status(500)
        .type('text/plain')
        .send(`Reload failed: ${oneLine(problem)}\n`);
    else res.type('text/plain').send('Reloaded\n');
  });
  app.use((_req, res) => {
    res.status(404).type('text/plain').send('Not Found\n');
  });
  // Express's own handler would answer an HTML page with the stack trace (file paths included)
  // outside NODE_ENV=production: every error is answered in one plain-text line instead.
  app.use((error: unknown, _req: Request, res: Response, _next: NextFunction) => {
    const status = clientErrorStatus(error) ?? 500;
    if (status >= 500) options.onError?.(error);
    if (res.headersSent) {
      res.destroy();
      return;
    }
    res
      .status(status)
      .set('Cache-Control', 'no-store')
      .type('text/plain')
      .send(`${STATUS_CODES[status] ?? 'Error'}\n`);
  });
  return app;
}

function isTelemetryPath(path: string, telemetryPath: string): boolean {
  if (path === telemetryPath) return true;
  if (!path.includes('%')) return false;
  try {
    return decodeURIComponent(path) === telemetryPath;
  } catch {
    return false;
  }
}

/** `?page=N` of the landing page; anything else is page 1. */
function pageOf(url: string): number {
  const query = url.indexOf('?');
  if (query < 0) return 1;
  const page = Number(new URLSearchParams(url.slice(query + 1)).get('page'));
  return Number.isSafeInteger(page) && page > 0 ? page : 1;
}

/**
 * Whether a browser sent this request from another site (a form post from a page the operator
 * happened to open). Browsers send `Origin` on every POST and `Sec-Fetch-Site` where supported;
 * tools such as curl send neither and are let through.
 */
function crossSite(req: Request): boolean {
  const site = req.get('sec-fetch-site');
  if (site !== undefined && site !== 'same-origin' && site !== 'none') return true;
  const origin = req.get('origin');
  if (origin === undefined) return false;
  const host = req.get('host');
  if (!host) return true;
  try {
    return new URL(origin).origin !== new URL(`${req.protocol}://${host}`).origin;
  } catch {
    return true; // `Origin: null` (sandboxed frames, file: pages) and garbage
  }
}

function clientErrorStatus(error: unknown): number | undefined {
  if (typeof error !== 'object' || error === null) return undefined;
  const { status, statusCode } = error as { status?: unknown; statusCode?: unknown };
  const code = typeof status === 'number' ? status : statusCode;
  return typeof code === 'number' && code >= 400 && code < 500 ? code : undefined;
}

function oneLine(text: string): string {
  return text.replace(/[\r\n]+/g, ' ');
}

import express, { type NextFunction, type Request, type Response } from 'express';
import { renderLandingPage } from './landing-page.js';
import type { ExporterHandle } from './types.js';

export interface AppOptions {
  readonly telemetryPath: string;
  readonly exporter: ExporterHandle;
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
      try {
        await handler(req, res);
      } catch (error) {
        options.onError?.(error);
        if (!res.headersSent) res.status(500).type('text/plain').send('Internal Server Error\n');
      }
    };

  app.all(
    telemetryPath,
    readOnly(async (req, res) => {
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
    }),
  );
  app.all(
    '/',
    readOnly((_req, res) => {
      res.type('html').set('Cache-Control', 'no-store').send(renderLandingPage(exporter.landing()));
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
    if (!exporter.reload) {
      res.status(404).type('text/plain').send('Reload is not available\n');
      return;
    }
    const problem = await exporter.reload();
    if (problem) res.status(500).type('text/plain').send(`Reload failed: ${problem}\n`);
    else res.type('text/plain').send('Reloaded\n');
  });
  app.use((_req, res) => {
    res.status(404).type('text/plain').send('Not Found\n');
  });
  return app;
}

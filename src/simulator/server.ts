/** Starts the simulator: one node:http server for the API, the CVM metadata paths and the admin API. */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { AccountRegistry } from './accounts.js';
import type { SimulatorState } from './actions/types.js';
import { ADMIN_PREFIX, handleAdmin } from './admin.js';
import { handleApiRequest } from './api-request.js';
import { Exchange } from './exchange.js';
import { FaultBook } from './faults.js';
import { METADATA_PREFIX, MetadataService } from './metadata.js';
import { RateLimiter } from './rate-limiter.js';
import type { Runtime } from './runtime.js';
import { RequestCounter } from './stats.js';
import type { Simulator, SimulatorOptions, SimulatorStats } from './types.js';

const MAX_BODY_BYTES = 1024 * 1024;

export const DEFAULTS = {
  host: '127.0.0.1',
  port: 0,
  progressPerSecond: 2,
  idleSeconds: 20,
  rateLimitPerSecond: 20,
  tempCredentialSeconds: 7200,
} as const;

function readBody(req: IncomingMessage): Promise<Buffer | undefined> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size <= MAX_BODY_BYTES) chunks.push(chunk);
    });
    req.on('end', () => resolve(size <= MAX_BODY_BYTES ? Buffer.concat(chunks) : undefined));
    req.on('error', () => resolve(undefined));
  });
}

function sendText(res: ServerResponse, status: number, text: string): void {
  res.writeHead(status, { 'Content-Type': 'text/plain', 'Content-Length': Buffer.byteLength(text) });
  res.end(text);
}

export async function startSimulator(options: SimulatorOptions): Promise<Simulator> {
  const now = options.now ?? Date.now;
  const accounts = new AccountRegistry();
  for (const account of options.accounts) accounts.add(account);

  const state: SimulatorState = {
    accounts,
    timing: {
      originMs: now(),
      progressPerSecond: options.progressPerSecond ?? DEFAULTS.progressPerSecond,
      idleSeconds: options.idleSeconds ?? DEFAULTS.idleSeconds,
    },
    tempCredentialSeconds: options.tempCredentialSeconds ?? DEFAULTS.tempCredentialSeconds,
    webIdentityToken: options.webIdentityToken,
  };
  const timers = new Set<NodeJS.Timeout>();
  const runtime: Runtime = {
    state,
    faults: new FaultBook(),
    limiter: new RateLimiter(options.rateLimitPerSecond ?? DEFAULTS.rateLimitPerSecond),
    counter: new RequestCounter(),
    now,
    log: options.log,
    delay: (ms) =>
      new Promise<void>((resolve) => {
        const timer = setTimeout(() => {
          timers.delete(timer);
          resolve();
        }, ms);
        timers.add(timer);
      }),
  };
  const metadata = new MetadataService(runtime, options.metadataRole);

  const simulator: Omit<Simulator, 'url'> = {
    setFault: (account, rule) => runtime.faults.set(account, rule),
    addAccount: (account) => {
      accounts.add(account);
    },
    stats: (): SimulatorStats => ({
      requests: runtime.counter.entries(),
      throttled: runtime.counter.throttled,
      maxRequestsInAnySecond: runtime.limiter.maxRequestsInAnySecond(),
    }),
    resetStats: () => {
      runtime.counter.reset();
      runtime.limiter.resetMaxima();
    },
    close: () => close(),
  };

  const server = createServer((req, res) => {
    route(req, res).catch((error: unknown) => {
      options.log?.({ event: 'internal_error', path: req.url, error: String(error) });
      if (!res.headersSent) sendText(res, 500, 'Internal simulator error');
      else res.destroy();
    });
  });
  server.keepAliveTimeout = 30_000;

  async function route(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const body = await readBody(req);
    if (body === undefined) return sendText(res, 413, 'Request body too large');
    const path = (req.url ?? '/').split('?')[0]!;
    if (path.startsWith(ADMIN_PREFIX)) return handleAdmin(simulator, req, res, path, body);
    if (path.startsWith(METADATA_PREFIX)) return metadata.handle(new Exchange(req, res, body, runtime), path);
    if (path !== '/') return sendText(res, 404, 'Not Found');
    if (req.method !== 'POST')
      return sendText(res, 405, 'Tencent Cloud API 3.0: use POST / with a JSON body');
    await handleApiRequest(runtime, new Exchange(req, res, body, runtime));
  }

  let closing: Promise<void> | undefined;
  function close(): Promise<void> {
    closing ??= new Promise<void>((resolve) => {
      for (const timer of timers) clearTimeout(timer);
      timers.clear();
      server.close(() => resolve());
      server.closeAllConnections();
    });
    return closing;
  }

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? DEFAULTS.port, options.host ?? DEFAULTS.host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const address = server.address() as AddressInfo;
  const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  return { ...simulator, url: `http://${host}:${address.port}` };
}

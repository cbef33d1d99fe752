import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type express from 'express';
import { parseListenAddress } from './listen-address.js';

export interface RunningServer {
  readonly server: Server;
  /** e.g. `http://127.0.0.1:9496` */
  readonly url: string;
  close(): Promise<void>;
}

/**
 * Plain HTTP with the limits a scrape target needs: small headers, bounded request time, and
 * idle keep-alive connections closed on shutdown.
 */
export async function listen(app: express.Express, listenAddress: string): Promise<RunningServer> {
  const { host, port } = parseListenAddress(listenAddress);
  const server = createServer(
    { maxHeaderSize: 16 * 1024, requestTimeout: 30_000, headersTimeout: 10_000 },
    app,
  );
  server.keepAliveTimeout = 65_000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen({ host, port }, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const address = server.address() as AddressInfo;
  const shownHost = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  return {
    server,
    url: `http://${shownHost === '[::]' || shownHost === '0.0.0.0' ? '127.0.0.1' : shownHost}:${address.port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeIdleConnections();
      }),
  };
}

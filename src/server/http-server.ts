import { createServer as createHttpServer, type Server as HttpServer } from 'node:http';
import { createServer as createHttpsServer, type Server as HttpsServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import type { TLSSocket } from 'node:tls';
import type express from 'express';
import { parseListenAddress } from '../util/listen-address.js';
import type { ResolvedTls } from './tls.js';
import type { WebConfig, WebConfigSource } from './web-config.js';

export interface RunningServer {
  readonly server: HttpServer | HttpsServer;
  /** e.g. `http://127.0.0.1:9496`, or `https://…` with TLS */
  readonly url: string;
  close(): Promise<void>;
}

/** Limits a scrape target needs; options so tests can use small values. */
export interface ServerLimits {
  /** Whole request, headers and body; default 30 s. */
  readonly requestTimeoutMs?: number;
  /** Until the request headers are complete (slow-loris); default 10 s. */
  readonly headersTimeoutMs?: number;
  /** How often the two timeouts above are enforced; default 1 s. */
  readonly connectionsCheckingIntervalMs?: number;
  /** Idle keep-alive connections; default 65 s (longer than Prometheus' idle timeout). */
  readonly keepAliveTimeoutMs?: number;
}

/** Larger request headers get 431. */
export const MAX_HEADER_SIZE = 16 * 1024;

/**
 * HTTP, or HTTPS when the web config has `tls_server_config`, with small headers, bounded request
 * time, and idle keep-alive connections closed on shutdown. With TLS, a changed certificate, key,
 * CA or client-auth setting is picked up before the handshake of the next new connection.
 */
export async function listen(
  app: express.Express,
  listenAddress: string,
  webConfig?: WebConfigSource,
  limits: ServerLimits = {},
): Promise<RunningServer> {
  const parsed = parseListenAddress(listenAddress);
  // The flag check has already refused a bad address; this guards callers that skip it (tests).
  if ('problem' in parsed) throw new Error(`invalid listen address "${listenAddress}": ${parsed.problem}`);
  const { host, port } = parsed;
  const base = {
    maxHeaderSize: MAX_HEADER_SIZE,
    requestTimeout: limits.requestTimeoutMs ?? 30_000,
    headersTimeout: limits.headersTimeoutMs ?? 10_000,
    connectionsCheckingInterval: limits.connectionsCheckingIntervalMs ?? 1_000,
  };
  const tls = webConfig?.current.tls;
  const server = tls && webConfig ? httpsServer(app, base, tls, webConfig) : createHttpServer(base, app);
  server.keepAliveTimeout = limits.keepAliveTimeoutMs ?? 65_000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen({ host, port }, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const address = server.address() as AddressInfo;
  const shownHost = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  const scheme = tls ? 'https' : 'http';
  return {
    server,
    url: `${scheme}://${shownHost === '[::]' || shownHost === '0.0.0.0' ? '127.0.0.1' : shownHost}:${address.port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeIdleConnections();
      }),
  };
}

/** The parts of tls.Server that decide whether a client certificate is asked for and verified. */
interface ClientCertSettings {
  requestCert: boolean;
  rejectUnauthorized: boolean;
}

function httpsServer(
  app: express.Express,
  base: object,
  tls: ResolvedTls,
  source: WebConfigSource,
): HttpsServer {
  const server = createHttpsServer({ ...base, ...tls.secureContext, ...clientCertSettings(tls) }, app);
  source.onChange((config: WebConfig) => {
    if (!config.tls) return;
    server.setSecureContext(config.tls.secureContext);
    // setSecureContext covers certificates and versions only; new connections read these two
    // from the server object (Node's tlsConnectionListener), so they are updated alongside.
    Object.assign(server as unknown as ClientCertSettings, clientCertSettings(config.tls));
  });
  // Runs before Node's own listener builds the TLS socket from the current context.
  server.prependListener('connection', () => source.refreshIfStale());
  server.prependListener('secureConnection', (socket: TLSSocket) => {
    const problem = clientCertProblem(socket, source.current.tls);
    if (problem) socket.destroy();
  });
  return server;
}

function clientCertSettings(tls: ResolvedTls): ClientCertSettings {
  return {
    requestCert: tls.clientAuth !== 'NoClientCert',
    rejectUnauthorized: tls.clientAuth === 'RequireAndVerifyClientCert',
  };
}

/**
 * The client-auth modes OpenSSL has no switch for: a certificate required but not verified, one
 * verified only when given, and the SAN allow-list.
 */
function clientCertProblem(socket: TLSSocket, tls: ResolvedTls | undefined): string | undefined {
  if (!tls) return undefined;
  const peer = socket.getPeerCertificate();
  const hasCert = peer !== null && Object.keys(peer).length > 0;
  switch (tls.clientAuth) {
    case 'RequireAnyClientCert':
    case 'RequireAndVerifyClientCert':
      if (!hasCert) return 'client certificate required';
      break;
    case 'VerifyClientCertIfGiven':
      if (hasCert && !socket.authorized) return 'client certificate not trusted';
      break;
    default:
      break;
  }
  if (tls.allowedSans && !sansOf(peer?.subjectaltname).some((san) => tls.allowedSans?.includes(san))) {
    return 'client certificate SAN not allowed';
  }
  return undefined;
}

/** `DNS:a.example, IP Address:10.0.0.1, email:x@y, URI:spiffe://…` to the bare values. */
function sansOf(subjectAltName: string | undefined): string[] {
  if (!subjectAltName) return [];
  return subjectAltName.split(', ').map((entry) => entry.slice(entry.indexOf(':') + 1));
}

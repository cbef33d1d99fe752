import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Logger } from 'pino';
import { createLogger } from '../../src/log/logger.js';
import type { ExporterHandle } from '../../src/server/types.js';
import { systemTool } from '../helpers/system-tools.js';

/** A temp dir removed by `cleanup()`; every test file gets its own. */
export function tempDir(prefix: string): {
  dir: string;
  file(name: string, text: string): string;
  cleanup(): void;
} {
  const dir = mkdtempSync(join(tmpdir(), `${prefix}-`));
  return {
    dir,
    file(name, text) {
      const path = join(dir, name);
      writeFileSync(path, text);
      return path;
    },
    cleanup: () => rmSync(dir, { recursive: true, force: true }),
  };
}

export interface Pki {
  readonly dir: string;
  /** CA, server and client certificates plus keys, as paths. */
  readonly caCert: string;
  readonly serverCert: string;
  readonly serverKey: string;
  /** A second server certificate from the same CA, for rotation. */
  readonly serverCert2: string;
  readonly serverKey2: string;
  /** Signed by the CA, SAN `DNS:client.test`. */
  readonly clientCert: string;
  readonly clientKey: string;
  /** Self-signed, unknown to the CA. */
  readonly rogueCert: string;
  readonly rogueKey: string;
}

/** Throwaway EC P-256 PKI made with the openssl CLI (a few ms per key). */
export function makePki(dir: string): Pki {
  const at = (name: string) => join(dir, name);
  const openssl = systemTool('openssl', 'the TLS tests') ?? 'openssl';
  const ssl = (...args: string[]) => execFileSync(openssl, args, { stdio: 'pipe', timeout: 20_000 });
  const key = (name: string) =>
    ssl('genpkey', '-algorithm', 'EC', '-pkeyopt', 'ec_paramgen_curve:P-256', '-out', at(name));
  const signed = (name: string, cn: string, ext: string) => {
    key(`${name}.key`);
    ssl('req', '-new', '-key', at(`${name}.key`), '-subj', `/CN=${cn}`, '-out', at(`${name}.csr`));
    writeFileSync(at(`${name}.ext`), ext);
    ssl(
      'x509',
      '-req',
      '-in',
      at(`${name}.csr`),
      '-CA',
      at('ca.crt'),
      '-CAkey',
      at('ca.key'),
      '-CAcreateserial',
      '-days',
      '2',
      '-extfile',
      at(`${name}.ext`),
      '-out',
      at(`${name}.crt`),
    );
  };
  key('ca.key');
  ssl(
    'req',
    '-x509',
    '-new',
    '-key',
    at('ca.key'),
    '-subj',
    '/CN=test-ca',
    '-days',
    '2',
    '-addext',
    'basicConstraints=critical,CA:TRUE',
    '-addext',
    'keyUsage=critical,keyCertSign,cRLSign',
    '-out',
    at('ca.crt'),
  );
  const serverExt = 'subjectAltName=IP:127.0.0.1,DNS:localhost\nextendedKeyUsage=serverAuth\n';
  signed('server', 'server-1', serverExt);
  signed('server2', 'server-2', serverExt);
  signed('client', 'client', 'subjectAltName=DNS:client.test\nextendedKeyUsage=clientAuth\n');
  key('rogue.key');
  ssl(
    'req',
    '-x509',
    '-new',
    '-key',
    at('rogue.key'),
    '-subj',
    '/CN=rogue',
    '-days',
    '2',
    '-out',
    at('rogue.crt'),
  );
  return {
    dir,
    caCert: at('ca.crt'),
    serverCert: at('server.crt'),
    serverKey: at('server.key'),
    serverCert2: at('server2.crt'),
    serverKey2: at('server2.key'),
    clientCert: at('client.crt'),
    clientKey: at('client.key'),
    rogueCert: at('rogue.crt'),
    rogueKey: at('rogue.key'),
  };
}

/** A logger whose JSON lines are kept for assertions. */
export function capturingLogger(): { log: Logger; lines: () => Record<string, unknown>[] } {
  const raw: string[] = [];
  const log = createLogger({
    level: 'debug',
    format: 'json',
    destination: { write: (line: string) => raw.push(line) } as unknown as NodeJS.WritableStream,
  });
  return {
    log,
    lines: () =>
      raw
        .join('')
        .split('\n')
        .filter(Boolean)
        .map((l) => JSON.parse(l)),
  };
}

/** The smallest ExporterHandle: always ready, fixed metrics body. */
export const stubExporter: ExporterHandle = {
  ready: () => true,
  metrics: async () => ({
    chunks: [Buffer.from('# TYPE up gauge\n'), Buffer.from('up 1\n')],
    length: 21,
    contentType: 'text/plain; version=0.0.4; charset=utf-8',
    gzipped: false,
  }),
  landing: () => ({
    version: 'test',
    telemetryPath: '/metrics',
    ready: true,
    now: new Date(),
    summary: { accounts: 0, failing: 0, pending: 0, failingAccounts: [] },
    page: 1,
    pages: 1,
    accounts: [],
  }),
};

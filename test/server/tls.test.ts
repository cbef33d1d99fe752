import { X509Certificate } from 'node:crypto';
import { copyFileSync, readFileSync, utimesSync, writeFileSync } from 'node:fs';
import { get as httpsGet, type RequestOptions } from 'node:https';
import { join } from 'node:path';
import type { TLSSocket } from 'node:tls';
import { createApp } from '../../src/server/app.js';
import { createWebConfigGuard } from '../../src/server/basic-auth.js';
import { listen, type RunningServer } from '../../src/server/http-server.js';
import { WebConfigSource } from '../../src/server/web-config.js';
import { toolSuite } from '../helpers/system-tools.js';
import { capturingLogger, makePki, type Pki, stubExporter, tempDir } from './web-fixture.js';

const { test, describe, beforeAll, afterAll } = toolSuite('openssl', 'the TLS tests');

const tmp = tempDir('web-tls');
let pki: Pki;
let running: RunningServer | undefined;
let mtime = 1_700_000_000;

beforeAll(() => {
  pki = makePki(tmp.dir);
});
afterEach(async () => {
  await running?.close();
  running = undefined;
});
afterAll(() => tmp.cleanup());

/** Copies or writes a file and gives it a new mtime, so the change is seen at once. */
function put(name: string, from: { copy: string } | { text: string }): void {
  const path = join(tmp.dir, name);
  if ('copy' in from) copyFileSync(from.copy, path);
  else writeFileSync(path, from.text);
  mtime += 10;
  utimesSync(path, mtime, mtime);
}

async function serve(tlsExtra = '', certName = 'server') {
  const file = join(tmp.dir, `web-${Math.random().toString(36).slice(2)}.yml`);
  writeFileSync(
    file,
    `tls_server_config:\n  cert_file: ${certName}.crt\n  key_file: ${certName}.key\n${tlsExtra}`,
  );
  const { log, lines } = capturingLogger();
  const source = WebConfigSource.open(file, { log, checkIntervalMs: 0 });
  const app = createApp({
    telemetryPath: '/metrics',
    exporter: stubExporter,
    guard: createWebConfigGuard(source),
  });
  running = await listen(app, '127.0.0.1:0', source);
  return { url: running.url, lines };
}

interface Reply {
  readonly status: number | undefined;
  readonly fingerprint: string;
  readonly protocol: string | null;
}

/** One request on a new connection (no agent), bounded by a 5 s timeout. */
function fetchTls(
  url: string,
  options: RequestOptions & { maxVersion?: 'TLSv1.2' | 'TLSv1.3' } = {},
): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const req = httpsGet(
      `${url}/metrics`,
      { agent: false, ca: readFileSync(pki.caCert), ...options },
      (res) => {
        const socket = res.socket as TLSSocket;
        const reply = {
          status: res.statusCode,
          fingerprint: socket.getPeerCertificate().fingerprint256,
          protocol: socket.getProtocol(),
        };
        res.resume();
        res.on('end', () => resolve(reply));
        res.on('error', reject);
      },
    );
    req.setTimeout(5_000, () => req.destroy(new Error('request timed out')));
    req.on('error', reject);
  });
}

const fingerprintOf = (path: string) => new X509Certificate(readFileSync(path)).fingerprint256;
const withCert = (name: 'client' | 'rogue') => ({
  cert: readFileSync(join(tmp.dir, `${name}.crt`)),
  key: readFileSync(join(tmp.dir, `${name}.key`)),
});

test('serves HTTPS with the configured certificate', async () => {
  const { url } = await serve();
  expect(url).toMatch(/^https:\/\/127\.0\.0\.1:\d+$/);
  const reply = await fetchTls(url);
  expect(reply.status).toBe(200);
  expect(reply.fingerprint).toBe(fingerprintOf(pki.serverCert));
});

test('a client that does not trust the CA is refused by its own check', async () => {
  const { url } = await serve();
  await expect(fetchTls(url, { ca: readFileSync(pki.rogueCert) })).rejects.toThrow();
});

test('min_version TLS13 refuses a TLS 1.2-only client', async () => {
  const { url } = await serve('  min_version: TLS13\n');
  await expect(fetchTls(url, { maxVersion: 'TLSv1.2' })).rejects.toThrow();
  expect((await fetchTls(url)).protocol).toBe('TLSv1.3');
});

test('max_version TLS12 caps the protocol', async () => {
  const { url } = await serve('  max_version: TLS12\n');
  expect((await fetchTls(url)).protocol).toBe('TLSv1.2');
});

describe('client certificates', () => {
  const cases: [string, 'none' | 'client' | 'rogue', boolean][] = [
    ['RequireAndVerifyClientCert', 'none', false],
    ['RequireAndVerifyClientCert', 'rogue', false],
    ['RequireAndVerifyClientCert', 'client', true],
    ['RequireAnyClientCert', 'none', false],
    ['RequireAnyClientCert', 'rogue', true],
    ['VerifyClientCertIfGiven', 'none', true],
    ['VerifyClientCertIfGiven', 'client', true],
    ['VerifyClientCertIfGiven', 'rogue', false],
    ['RequestClientCert', 'rogue', true],
    ['RequestClientCert', 'none', true],
    ['NoClientCert', 'none', true],
  ];
  test.each(cases)('%s, client certificate %s: accepted=%s', async (mode, client, accepted) => {
    const ca = mode.includes('Verify') ? '  client_ca_file: ca.crt\n' : '';
    const { url } = await serve(`  client_auth_type: ${mode}\n${ca}`);
    const reply = fetchTls(url, client === 'none' ? {} : withCert(client));
    if (accepted) expect((await reply).status).toBe(200);
    else await expect(reply).rejects.toThrow();
  });

  test.each([
    ['client.test', true],
    ['other.test', false],
  ] as const)('client_allowed_sans [%s]: accepted=%s', async (san, accepted) => {
    const { url } = await serve(
      `  client_auth_type: RequireAndVerifyClientCert\n  client_ca_file: ca.crt\n  client_allowed_sans: [${san}]\n`,
    );
    const reply = fetchTls(url, withCert('client'));
    if (accepted) expect((await reply).status).toBe(200);
    else await expect(reply).rejects.toThrow();
  });
});

describe('certificate rotation', () => {
  test('a new certificate applies to the next connection, without a restart', async () => {
    put('live.crt', { copy: pki.serverCert });
    put('live.key', { copy: pki.serverKey });
    const { url } = await serve('', 'live');
    expect((await fetchTls(url)).fingerprint).toBe(fingerprintOf(pki.serverCert));

    put('live.crt', { copy: pki.serverCert2 });
    put('live.key', { copy: pki.serverKey2 });
    expect((await fetchTls(url)).fingerprint).toBe(fingerprintOf(pki.serverCert2));
  });

  test('a broken new certificate is logged once and the last good one stays', async () => {
    put('live.crt', { copy: pki.serverCert });
    put('live.key', { copy: pki.serverKey });
    const { url, lines } = await serve('', 'live');
    put('live.crt', { text: 'not a certificate\n' });
    for (let i = 0; i < 2; i++) {
      const reply = await fetchTls(url);
      expect(reply.status).toBe(200);
      expect(reply.fingerprint).toBe(fingerprintOf(pki.serverCert));
    }
    const errors = lines().filter((l) => l.level === 'error');
    expect(errors).toHaveLength(1);
    expect(String(errors[0]!.err)).toContain('tls_server_config.cert_file: is not a PEM certificate');
  });

  test('a changed client_auth_type applies to new connections', async () => {
    const file = join(tmp.dir, 'auth-switch.yml');
    const base = 'tls_server_config:\n  cert_file: server.crt\n  key_file: server.key\n';
    writeFileSync(file, base);
    const { log } = capturingLogger();
    const source = WebConfigSource.open(file, { log, checkIntervalMs: 0 });
    running = await listen(
      createApp({ telemetryPath: '/metrics', exporter: stubExporter }),
      '127.0.0.1:0',
      source,
    );
    expect((await fetchTls(running.url)).status).toBe(200);
    writeFileSync(file, `${base}  client_auth_type: RequireAndVerifyClientCert\n  client_ca_file: ca.crt\n`);
    mtime += 10;
    utimesSync(file, mtime, mtime);
    await expect(fetchTls(running.url)).rejects.toThrow();
    expect((await fetchTls(running.url, withCert('client'))).status).toBe(200);
  });
});

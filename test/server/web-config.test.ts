import { readFileSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import bcrypt from 'bcryptjs';
import { loadWebConfig, WebConfigError, WebConfigSource } from '../../src/server/web-config.js';
import { runExporter } from '../helpers/exporter-process.js';
import { fifoWithWatchdog } from '../helpers/fifo.js';
import { toolSuite } from '../helpers/system-tools.js';
import { capturingLogger, makePki, type Pki, tempDir } from './web-fixture.js';

const { test, describe, beforeAll, afterAll } = toolSuite(
  'openssl',
  'the web config tests (they make a PKI)',
);

const tmp = tempDir('web-config');
let pki: Pki;
let hash: string;
let mtime = 1_700_000_000;

/** Writes the file with a fresh mtime, so a change is seen even within one clock tick. */
function write(name: string, text: string): string {
  const path = join(tmp.dir, name);
  writeFileSync(path, text);
  mtime += 10;
  utimesSync(path, mtime, mtime);
  return path;
}

function loadError(text: string): WebConfigError {
  const file = write('bad.yml', text);
  try {
    loadWebConfig(file);
  } catch (error) {
    if (error instanceof WebConfigError) return error;
    throw error;
  }
  throw new Error('expected a WebConfigError');
}

const TLS = 'tls_server_config:\n  cert_file: server.crt\n  key_file: server.key\n';

beforeAll(() => {
  pki = makePki(tmp.dir);
  hash = bcrypt.hashSync('s3cret-password', 4);
});
afterAll(() => tmp.cleanup());

describe('loadWebConfig rejects', () => {
  const cases: [string, () => string, string, string][] = [
    ['an unknown top-level key', () => 'nope: 1\n', 'nope', 'unknown key'],
    ['an unsupported toolkit key', () => 'rate_limit:\n  burst: 1\n', 'rate_limit', 'unknown key'],
    ['an unknown TLS key', () => `${TLS}  bogus: 1\n`, 'tls_server_config.bogus', 'unknown key'],
    [
      'a misspelt TLS key',
      () => 'tls_server_config:\n  cert_fiel: server.crt\n  key_file: server.key\n',
      'tls_server_config.cert_fiel',
      'unknown key (did you mean cert_file?)',
    ],
    [
      'a non-bcrypt hash',
      () => 'basic_auth_users:\n  alice: plaintext-pw\n',
      'basic_auth_users.alice',
      'not a bcrypt hash',
    ],
    [
      'a numeric hash',
      () => 'basic_auth_users:\n  alice: 5\n',
      'basic_auth_users.alice',
      'expected a string, got a number',
    ],
    ['a user with a colon', () => `basic_auth_users:\n  "a:b": "${hash}"\n`, 'basic_auth_users.a:b', 'colon'],
    ...['Authorization', 'Content-Type', 'content-encoding', 'Server', 'WWW-Authenticate'].map(
      (h): [string, () => string, string, string] => [
        `the reserved header ${h}`,
        () => `http_server_config:\n  headers:\n    ${h}: x\n`,
        `http_server_config.headers.${h}`,
        'cannot be overridden',
      ],
    ),
    [
      'an unlisted header',
      () => 'http_server_config:\n  headers:\n    X-Custom: x\n',
      'http_server_config.headers.X-Custom',
      'unsupported header',
    ],
    [
      'a bad X-Frame-Options',
      () => 'http_server_config:\n  headers:\n    X-Frame-Options: allow\n',
      'http_server_config.headers.X-Frame-Options',
      'deny, sameorigin',
    ],
    [
      'an unknown client_auth_type',
      () => `${TLS}  client_auth_type: Sometimes\n`,
      'tls_server_config.client_auth_type',
      'a string is not one of NoClientCert, RequestClientCert,',
    ],
    [
      'an unknown TLS version',
      () => `${TLS}  min_version: TLS14\n`,
      'tls_server_config.min_version',
      'a string is not one of TLS10, TLS11, TLS12, TLS13',
    ],
    [
      'min above max',
      () => `${TLS}  min_version: TLS13\n  max_version: TLS12\n`,
      'tls_server_config.min_version',
      'above max_version',
    ],
    [
      'a missing cert_file',
      () => 'tls_server_config:\n  key_file: server.key\n',
      'tls_server_config.cert_file',
      'required',
    ],
    [
      'an unreadable cert_file',
      () => 'tls_server_config:\n  cert_file: nothere.crt\n  key_file: server.key\n',
      'tls_server_config.cert_file',
      'ENOENT',
    ],
    [
      'a key for another cert',
      () => 'tls_server_config:\n  cert_file: server.crt\n  key_file: server2.key\n',
      'tls_server_config.key_file',
      'does not match',
    ],
    [
      'a key given as the cert',
      () => 'tls_server_config:\n  cert_file: server.key\n  key_file: server.key\n',
      'tls_server_config.cert_file',
      'not a PEM certificate',
    ],
    [
      'a CA without client auth',
      () => `${TLS}  client_ca_file: ca.crt\n`,
      'tls_server_config.client_ca_file',
      'client_auth_type',
    ],
    [
      'verifying without a CA',
      () => `${TLS}  client_auth_type: RequireAndVerifyClientCert\n`,
      'tls_server_config.client_ca_file',
      'required',
    ],
    [
      'a key file as the CA',
      () => `${TLS}  client_auth_type: RequireAndVerifyClientCert\n  client_ca_file: server.key\n`,
      'tls_server_config.client_ca_file',
      'no PEM certificate',
    ],
    [
      'SANs without a required cert',
      () =>
        `${TLS}  client_auth_type: VerifyClientCertIfGiven\n  client_ca_file: ca.crt\n  client_allowed_sans: [a]\n`,
      'tls_server_config.client_allowed_sans',
      'RequireAnyClientCert',
    ],
    [
      'an unknown cipher suite',
      () => `${TLS}  cipher_suites: [TLS_RSA_WITH_RC4_128_SHA]\n`,
      'tls_server_config.cipher_suites[0]',
      'cipher suite',
    ],
    [
      'an unknown curve',
      () => `${TLS}  curve_preferences: [CurveP999]\n`,
      'tls_server_config.curve_preferences[0]',
      'unknown curve',
    ],
    ['both cert and cert_file', () => `${TLS}  cert: inline\n`, 'tls_server_config.cert_file', 'not both'],
    [
      'a YAML syntax error',
      () => `basic_auth_users:\n  alice: "${hash}\n`,
      '',
      'line 3, column 1: YAML syntax error: a closing quote, bracket or ": value" is missing',
    ],
    ['a YAML extra tag', () => 'basic_auth_users: !!set {alice}\n', '', 'YAML syntax error: unknown tag'],
  ];

  test.each(cases)('%s', (_name, text, keyPath, detail) => {
    const error = loadError(text());
    expect(error.keyPath).toBe(keyPath);
    expect(error.detail).toContain(detail);
    expect(error.message).toContain(`"${join(tmp.dir, 'bad.yml')}"`);
    expect(error.message).not.toContain('\n');
  });

  test('never quotes a hash, a password or key material', () => {
    const keyBody = readFileSync(pki.serverKey, 'utf8').split('\n')[1]!;
    for (const text of [
      'basic_auth_users:\n  alice: plaintext-pw\n',
      `basic_auth_users:\n  alice: "${hash.slice(0, -1)}"\n`,
      `basic_auth_users:\n  alice: "${hash}\n`,
      'tls_server_config:\n  cert_file: server.key\n  key_file: server.key\n',
      'tls_server_config:\n  cert_file: server.crt\n  key_file: server2.key\n',
    ]) {
      const { message } = loadError(text);
      expect(message).not.toContain('plaintext-pw');
      expect(message).not.toContain(hash.slice(7, 30));
      expect(message).not.toContain(keyBody);
    }
  });

  test('a missing file', () => {
    expect(() => loadWebConfig(join(tmp.dir, 'absent.yml'))).toThrow(/cannot read the file: ENOENT/);
  });

  // A FIFO has no end until a writer closes it: opening one, as readFileSync did, blocks the
  // event loop (at start-up, and on every connection that notices a change) for good.
  test.each([
    ['the file itself', (fifo: string) => fifo, ''],
    [
      'a certificate it names',
      (fifo: string) => write('fifo-cert.yml', `${TLS.replace('server.crt', fifo)}`),
      'tls_server_config.cert_file: ',
    ],
  ])('a FIFO as %s is refused at once, naming it', (_what, fileFor, keyPath) => {
    const fifo = join(tmp.dir, `fifo-${keyPath === '' ? 'file' : 'cert'}`);
    const release = fifoWithWatchdog(fifo);
    const file = fileFor(fifo);
    try {
      expect(() => loadWebConfig(file)).toThrow(
        `invalid web config file "${file}": ${keyPath}not a regular file: ${JSON.stringify(fifo)} is a FIFO`,
      );
    } finally {
      release();
    }
  });
});

test('the exporter given a FIFO as --web.config.file exits with status 2 and one line naming it', async () => {
  const fifo = join(tmp.dir, 'web-config.fifo');
  const release = fifoWithWatchdog(fifo, 10);
  const started = performance.now();
  // Bounded: a process stuck on the FIFO is released by the watchdog after 10 s, then killed
  // with its launcher after 20 s, and the test fails on the exit code.
  const result = await runExporter(
    ['--web.listen-address=127.0.0.1:0', '--demo', `--web.config.file=${fifo}`],
    {
      timeoutMs: 20_000,
    },
  );
  const seconds = (performance.now() - started) / 1000;
  release();
  expect(result.stderr).toBe(
    `invalid web config file "${fifo}": not a regular file: ${JSON.stringify(fifo)} is a FIFO\n`,
  );
  expect(result.code).toBe(2);
  process.stdout.write(`FIFO --web.config.file: exit ${result.code} after ${seconds.toFixed(2)} s\n`);
}, 45_000);

describe('loadWebConfig accepts', () => {
  test('an empty file: plain HTTP, no auth, no headers', () => {
    const config = loadWebConfig(write('empty.yml', ''));
    expect(config.tls).toBeUndefined();
    expect(config.users.size).toBe(0);
    expect(config.headers).toEqual([]);
  });

  test('the full example, with paths relative to the file', () => {
    const file = write(
      'full.yml',
      `${TLS}  client_auth_type: RequireAndVerifyClientCert\n  client_ca_file: ca.crt\n  min_version: TLS13\n` +
        `http_server_config:\n  http2: false\n  headers:\n    x-frame-options: deny\n    Strict-Transport-Security: max-age=31536000\n    X-XSS-Protection: ""\n` +
        `basic_auth_users:\n  alice: "${hash}"\n`,
    );
    const config = loadWebConfig(file);
    expect(config.tls?.clientAuth).toBe('RequireAndVerifyClientCert');
    expect(config.tls?.secureContext.minVersion).toBe('TLSv1.3');
    expect(config.tls?.secureContext.ca).toBe(readFileSync(pki.caCert, 'utf8'));
    expect(config.files).toEqual([file, pki.serverCert, pki.serverKey, pki.caCert]);
    expect(config.headers).toEqual([
      ['X-Frame-Options', 'deny'],
      ['Strict-Transport-Security', 'max-age=31536000'],
    ]);
    expect([...config.users.keys()]).toEqual(['alice']);
    expect(config.warnings).toEqual([]);
  });

  test('obsolete TLS versions and TLS 1.3 suites with a warning; Go suite names mapped', () => {
    const config = loadWebConfig(
      write(
        'old.yml',
        `${TLS}  min_version: TLS10\n  cipher_suites: [TLS_AES_128_GCM_SHA256, TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256]\n  curve_preferences: [X25519, CurveP256]\n`,
      ),
    );
    expect(config.tls?.secureContext.minVersion).toBe('TLSv1');
    expect(config.tls?.secureContext.ciphers).toMatch(
      /^TLS_AES_256_GCM_SHA384:.*:ECDHE-ECDSA-AES128-GCM-SHA256$/,
    );
    expect(config.tls?.secureContext.ecdhCurve).toBe('X25519:P-256');
    expect(config.warnings).toEqual([
      expect.stringContaining('tls_server_config.min_version: TLS10 is obsolete'),
      expect.stringContaining('tls_server_config.cipher_suites[0]'),
    ]);
  });
});

describe('WebConfigSource', () => {
  function source(text: string) {
    const file = write('watched.yml', text);
    const { log, lines } = capturingLogger();
    let now = 0;
    const src = WebConfigSource.open(file, { log, now: () => now });
    return { file, src, lines, advance: (ms: number) => (now += ms) };
  }

  test('a bad start-up file throws a WebConfigError naming the key', () => {
    expect(() => source('basic_auth_users:\n  alice: nope\n')).toThrow(WebConfigError);
    expect(() => source('basic_auth_users:\n  alice: nope\n')).toThrow(/basic_auth_users\.alice/);
  });

  test('looks at the files at most once per interval', () => {
    const { src, advance } = source('');
    write('watched.yml', `basic_auth_users:\n  alice: "${hash}"\n`);
    advance(500);
    src.refreshIfStale();
    expect(src.current.users.size).toBe(0);
    advance(500);
    src.refreshIfStale();
    expect(src.current.users.size).toBe(1);
  });

  test('a bad new file is logged once and the last good one stays; a fixed one applies', () => {
    const { src, lines, advance } = source(`basic_auth_users:\n  alice: "${hash}"\n`);
    const changes: unknown[] = [];
    src.onChange((c) => changes.push(c));
    const good = src.current;
    write('watched.yml', 'basic_auth_users:\n  alice: plaintext-pw\n');
    for (let i = 0; i < 3; i++) {
      advance(1000);
      src.refreshIfStale();
    }
    expect(src.current).toBe(good);
    const errors = lines().filter((l) => l.level === 'error');
    expect(errors).toHaveLength(1);
    expect(String(errors[0]!.err)).toContain('basic_auth_users.alice');
    expect(JSON.stringify(lines())).not.toContain('plaintext-pw');

    write('watched.yml', `basic_auth_users:\n  bob: "${hash}"\n`);
    advance(1000);
    src.refreshIfStale();
    expect([...src.current.users.keys()]).toEqual(['bob']);
    expect(changes).toEqual([src.current]);
  });

  test('reload() re-reads at once and reports a rejected file', () => {
    const { src } = source('');
    write('watched.yml', 'nope: 1\n');
    expect(src.reload()).toMatch(/nope: unknown key/);
    write('watched.yml', `basic_auth_users:\n  alice: "${hash}"\n`);
    expect(src.reload()).toBeUndefined();
    expect(src.current.users.size).toBe(1);
  });

  test('turning TLS on needs a restart', () => {
    const { src } = source('');
    write('watched.yml', TLS);
    expect(src.reload()).toMatch(/tls_server_config: turning TLS on or off needs a restart/);
    expect(src.current.tls).toBeUndefined();
  });

  test('TLS warnings are logged when a config is applied', () => {
    const { lines } = source(`${TLS}  max_version: TLS11\n  min_version: TLS11\n`);
    expect(lines().filter((l) => l.level === 'warn')).toHaveLength(2);
  });
});

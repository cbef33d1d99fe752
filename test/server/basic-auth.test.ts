import { utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { jest } from '@jest/globals';
import bcrypt from 'bcryptjs';
import { createApp } from '../../src/server/app.js';
import {
  BasicAuthenticator,
  createWebConfigGuard,
  type WebConfigGuard,
} from '../../src/server/basic-auth.js';
import { BcryptPool, type PasswordVerifier } from '../../src/server/bcrypt-pool.js';
import { listen, type RunningServer } from '../../src/server/http-server.js';
import { WebConfigSource } from '../../src/server/web-config.js';
import { capturingLogger, stubExporter, tempDir } from './web-fixture.js';

const tmp = tempDir('web-auth');
const PASSWORD = 'correct horse';
let hash: string;
let otherHash: string;
let running: RunningServer | undefined;
let guard: WebConfigGuard | undefined;
let mtime = 1_700_000_000;

beforeAll(() => {
  hash = bcrypt.hashSync(PASSWORD, 4);
  otherHash = bcrypt.hashSync('new password', 4);
});
afterEach(async () => {
  await running?.close();
  await guard?.close();
  running = undefined;
  guard = undefined;
  jest.restoreAllMocks();
});
afterAll(() => tmp.cleanup());

const basic = (user: string, password: string) =>
  `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`;

function writeConfig(file: string, text: string): void {
  writeFileSync(file, text);
  mtime += 10;
  utimesSync(file, mtime, mtime);
}

async function serve(text: string) {
  const file = join(tmp.dir, `web-${Math.random().toString(36).slice(2)}.yml`);
  writeConfig(file, text);
  const source = WebConfigSource.open(file, { log: capturingLogger().log, checkIntervalMs: 0 });
  guard = createWebConfigGuard(source);
  const app = createApp({ telemetryPath: '/metrics', exporter: stubExporter, guard });
  running = await listen(app, '127.0.0.1:0', source);
  return { url: running.url, file };
}

const HEADERS =
  'http_server_config:\n  headers:\n    X-Frame-Options: deny\n    X-Content-Type-Options: nosniff\n';

describe('basic auth over HTTP', () => {
  const cases: [string, string | undefined, number][] = [
    ['the right password', basic('alice', PASSWORD), 200],
    ['a wrong password', basic('alice', 'wrong'), 401],
    ['no credentials', undefined, 401],
    ['an unknown user', basic('mallory', PASSWORD), 401],
    ['a user name differing in case', basic('Alice', PASSWORD), 401],
    ['a bearer token', 'Bearer abc', 401],
    ['credentials without a colon', `Basic ${Buffer.from('alice').toString('base64')}`, 401],
  ];
  test.each(cases)('%s', async (_name, authorization, status) => {
    const { url } = await serve(`${HEADERS}basic_auth_users:\n  alice: "${hash}"\n`);
    const res = await fetch(`${url}/metrics`, { headers: authorization ? { authorization } : {} });
    expect(res.status).toBe(status);
    expect(res.headers.get('x-frame-options')).toBe('deny');
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    if (status === 401) {
      expect(res.headers.get('www-authenticate')).toBe('Basic realm="tencentcloud-scan-exporter"');
    } else {
      expect(await res.text()).toContain('up 1');
    }
  });

  test('guards every path, and method checks come after it', async () => {
    const { url } = await serve(`basic_auth_users:\n  alice: "${hash}"\n`);
    for (const path of ['/', '/-/healthy', '/-/ready', '/-/reload', '/nothing']) {
      expect((await fetch(`${url}${path}`)).status).toBe(401);
    }
    const authorization = basic('alice', PASSWORD);
    expect((await fetch(`${url}/-/healthy`, { headers: { authorization } })).status).toBe(200);
    expect((await fetch(`${url}/metrics`, { method: 'POST', headers: { authorization } })).status).toBe(405);
  });

  test('without users only the headers apply', async () => {
    const { url } = await serve(HEADERS);
    const res = await fetch(`${url}/metrics`);
    expect(res.status).toBe(200);
    expect(res.headers.get('x-frame-options')).toBe('deny');
  });

  test('a changed password applies on the next request; the old one stops working', async () => {
    const { url, file } = await serve(`basic_auth_users:\n  alice: "${hash}"\n`);
    expect(
      (await fetch(`${url}/metrics`, { headers: { authorization: basic('alice', PASSWORD) } })).status,
    ).toBe(200);
    writeConfig(file, `basic_auth_users:\n  alice: "${otherHash}"\n`);
    expect(
      (await fetch(`${url}/metrics`, { headers: { authorization: basic('alice', PASSWORD) } })).status,
    ).toBe(401);
    expect(
      (await fetch(`${url}/metrics`, { headers: { authorization: basic('alice', 'new password') } })).status,
    ).toBe(200);
  });
});

test('a web config that loses its users switches auth off with a warning, not just an info line', () => {
  const file = join(tmp.dir, 'losing-users.yml');
  writeConfig(file, `basic_auth_users:\n  alice: "${hash}"\n`);
  const logger = capturingLogger();
  const source = WebConfigSource.open(file, { log: logger.log, checkIntervalMs: 0 });
  writeConfig(file, HEADERS);
  expect(source.reload()).toBeUndefined();
  expect(source.current.users.size).toBe(0);
  const warnings = logger.lines().filter((l) => l['level'] === 'warn');
  expect(warnings.map((l) => l['msg'])).toEqual([
    expect.stringMatching(/basic authentication is switched off/),
  ]);
  // Adding users back, or changing other keys, warns about nothing.
  writeConfig(file, `basic_auth_users:\n  alice: "${hash}"\n`);
  source.reload();
  writeConfig(file, `${HEADERS}basic_auth_users:\n  alice: "${otherHash}"\n`);
  source.reload();
  expect(logger.lines().filter((l) => l['level'] === 'warn')).toHaveLength(1);
});

/** The real pool, counting the bcrypt checks it is asked for. */
function countingVerifier(pool: BcryptPool): PasswordVerifier & { calls: number } {
  const verifier = {
    calls: 0,
    compare(password: string, hashed: string) {
      verifier.calls++;
      return pool.compare(password, hashed);
    },
  };
  return verifier;
}

describe('BasicAuthenticator', () => {
  const pool = new BcryptPool({ threads: 1 });
  afterAll(() => pool.close());

  test('a success is remembered for the same hash; failures are not', async () => {
    const verifier = countingVerifier(pool);
    const auth = new BasicAuthenticator(new Map([['alice', hash]]), verifier);
    expect(await auth.check(basic('alice', PASSWORD))).toBe('ok');
    expect(await auth.check(basic('alice', PASSWORD))).toBe('ok');
    expect(verifier.calls).toBe(1);

    expect(await auth.check(basic('alice', 'wrong'))).toBe('unauthorized');
    expect(await auth.check(basic('alice', 'wrong'))).toBe('unauthorized');
    expect(verifier.calls).toBe(3);

    // A new hash (changed web config) means a new authenticator and a fresh check.
    const changed = new BasicAuthenticator(new Map([['alice', otherHash]]), verifier);
    expect(await changed.check(basic('alice', PASSWORD))).toBe('unauthorized');
    expect(verifier.calls).toBe(4);
  });

  test('an unknown user still costs one bcrypt comparison', async () => {
    const verifier = countingVerifier(pool);
    const auth = new BasicAuthenticator(new Map([['alice', hash]]), verifier);
    expect(await auth.check(basic('bob', PASSWORD))).toBe('unauthorized');
    expect(verifier.calls).toBe(1);
  });

  test('a password containing colons is kept whole', async () => {
    const colonHash = bcrypt.hashSync('a:b:c', 4);
    const auth = new BasicAuthenticator(new Map([['alice', colonHash]]), pool);
    expect(await auth.check(basic('alice', 'a:b:c'))).toBe('ok');
    expect(await auth.check(basic('alice', 'a'))).toBe('unauthorized');
  });

  test('a full queue answers busy at once, while a cached credential is still accepted', async () => {
    const slowHash = bcrypt.hashSync(PASSWORD, 12);
    const small = new BcryptPool({ threads: 1, maxQueue: 2 });
    try {
      const auth = new BasicAuthenticator(new Map([['alice', slowHash]]), small);
      expect(await auth.check(basic('alice', PASSWORD))).toBe('ok');
      // One running and two waiting fill the pool; the fourth is turned away without waiting.
      const flood = [1, 2, 3].map(() => auth.check(basic('alice', 'wrong')));
      await expect(auth.check(basic('alice', 'wrong'))).resolves.toBe('busy');
      expect(small.waiting).toBe(2);
      await expect(auth.check(basic('alice', PASSWORD))).resolves.toBe('ok');
      expect(small.waiting).toBe(2);
      await expect(Promise.all(flood)).resolves.toEqual(['unauthorized', 'unauthorized', 'unauthorized']);
    } finally {
      await small.close();
    }
  });
});

import { execFileSync } from 'node:child_process';
import { chmod, mkdir, mkdtemp, rm, truncate, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfigFile, loadConfigText } from '../../src/config/load.js';
import { resolvePath, resolveSecret } from '../../src/config/secrets.js';
import { rejection } from './helpers.js';

const SECRET = 'S3cr3t-VALUE-never-printed';
let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'config-secrets-'));
  await mkdir(join(dir, 'k8s'));
  await writeFile(join(dir, 'k8s', 'secret_id'), 'AKIDFROMFILE\n');
  await writeFile(join(dir, 'k8s', 'secret_key'), `  ${SECRET}\n\n`);
  await writeFile(join(dir, 'k8s', 'token'), 'TOKEN-FROM-FILE');
  await writeFile(join(dir, 'k8s', 'blank'), ' \n\t\n');
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

test('_file reads and trims, relative paths resolve against the config file directory', async () => {
  const path = join(dir, 'config.yaml');
  await writeFile(
    path,
    'accounts:\n  - name: a\n    secret_id_file: k8s/secret_id\n    secret_key_file: ' +
      join(dir, 'k8s', 'secret_key') +
      '\n    session_token_file: ./k8s/token\n',
  );
  const config = await loadConfigFile(path, {});
  expect(config.accounts[0]!.credentials).toEqual({
    source: 'static',
    secret_id: 'AKIDFROMFILE',
    secret_key: SECRET,
    session_token: 'TOKEN-FROM-FILE',
  });
});

test('_env reads from the env object given, not process.env', async () => {
  const text =
    'accounts:\n  - {name: a, secret_id_env: MY_ID, secret_key_env: MY_KEY, session_token_env: MY_TOKEN}\n';
  const config = await loadConfigText(text, { MY_ID: 'id-from-env', MY_KEY: SECRET, MY_TOKEN: ' tok ' });
  expect(config.accounts[0]!.credentials).toEqual({
    source: 'static',
    secret_id: 'id-from-env',
    secret_key: SECRET,
    session_token: 'tok',
  });
});

test('_file and _env also work inside a source: static block', async () => {
  const text =
    'accounts:\n  - name: a\n    credentials:\n      source: assume_role\n      role_arn: "qcs::cam::uin/1:roleName/r"\n' +
    '      from: {source: static, secret_id_env: ID, secret_key_file: k8s/secret_key}\n';
  const config = await loadConfigText(text, { ID: 'i' }, undefined, 'inline', dir);
  expect(config.accounts[0]!.credentials).toMatchObject({
    from: { source: 'static', secret_id: 'i', secret_key: SECRET },
  });
});

describe('unreadable secrets name the key and the path or variable, never a value', () => {
  const cases: [string, NodeJS.ProcessEnv, string, string][] = [
    [
      'accounts: [{name: a}, {name: b, secret_id: x, secret_key_file: k8s/missing}]',
      {},
      'accounts[1].secret_key_file',
      `cannot read ${JSON.stringify('DIR/k8s/missing')} (ENOENT)`,
    ],
    [
      'accounts: [{name: a, secret_id: x, secret_key_file: k8s}]',
      {},
      'accounts[0].secret_key_file',
      `not a regular file: ${JSON.stringify('DIR/k8s')} is a directory`,
    ],
    [
      'accounts: [{name: a, secret_id: x, secret_key_file: k8s/blank}]',
      {},
      'accounts[0].secret_key_file',
      `${JSON.stringify('DIR/k8s/blank')} is empty`,
    ],
    [
      'accounts: [{name: a, secret_id: x, secret_key_env: NOT_SET}]',
      { OTHER: SECRET },
      'accounts[0].secret_key_env',
      'environment variable NOT_SET is not set',
    ],
    [
      'accounts: [{name: a, secret_id: x, secret_key_env: EMPTY}]',
      { EMPTY: '  ' },
      'accounts[0].secret_key_env',
      'environment variable EMPTY is empty',
    ],
    [
      'accounts: [{name: a, credentials: {source: static, secret_id_env: ID, secret_key: k}}]',
      {},
      'accounts[0].credentials.secret_id_env',
      'environment variable ID is not set',
    ],
  ];
  test.each(cases)('%s', async (text, env, keyPath, detail) => {
    const error = await rejection(loadConfigText(text, env, undefined, 'inline', dir));
    expect(error.keyPath).toBe(keyPath);
    expect(error.message).toBe(`invalid config: ${keyPath}: ${detail.replace('DIR', dir)}`);
    expect(error.message).not.toContain(SECRET);
  });
});

describe('a _file that is not a small regular file is refused at once, naming the key', () => {
  beforeAll(async () => {
    execFileSync('mkfifo', [join(dir, 'k8s', 'fifo')]);
    await writeFile(join(dir, 'k8s', 'large'), '');
    // Sparse: a gigabyte on paper, nothing on disk, and never read into memory.
    await truncate(join(dir, 'k8s', 'large'), 1024 ** 3);
    await writeFile(join(dir, 'k8s', 'limit'), 'k'.repeat(64 * 1024));
  });

  test.each([
    [
      'a FIFO (no writer: opening it would wait forever)',
      'DIR/k8s/fifo',
      'not a regular file: "DIR/k8s/fifo" is a FIFO',
    ],
    ['/dev/zero', '/dev/zero', 'not a regular file: "/dev/zero" is a device'],
    ['a directory', 'DIR/k8s', 'not a regular file: "DIR/k8s" is a directory'],
    ['a 1 GiB file', 'DIR/k8s/large', 'larger than 64 KiB: "DIR/k8s/large"'],
  ])('%s', async (_what, path, detail) => {
    const started = performance.now();
    const text = `accounts: [{name: a}, {name: b}, {name: c, secret_id: x, secret_key_file: "${path.replace('DIR', dir)}"}]`;
    const error = await rejection(loadConfigText(text, {}, undefined, 'inline', dir));
    expect(error.message).toBe(
      `invalid config: accounts[2].secret_key_file: ${detail.replaceAll('DIR', dir)}`,
    );
    expect(performance.now() - started).toBeLessThan(4_000);
  });

  test('exactly 64 KiB is accepted', async () => {
    const text = 'accounts: [{name: a, secret_id: x, secret_key_file: k8s/limit}]';
    const config = await loadConfigText(text, {}, undefined, 'inline', dir);
    expect(config.accounts[0]!.credentials).toMatchObject({ secret_key: 'k'.repeat(64 * 1024) });
  });
});

/**
 * Runs `read` as an unprivileged user: root reads anything, and tests run as root in containers.
 * Only the effective uid changes (the real one stays root), so it is set back afterwards.
 */
async function unprivileged<T>(read: () => Promise<T>): Promise<T> {
  if (process.getuid?.() !== 0 || !process.seteuid) return read();
  process.seteuid(65534);
  try {
    return await read();
  } finally {
    process.seteuid(0);
  }
}

test('an unreadable (permission-denied) file is reported by code', async () => {
  const path = join(dir, 'k8s', 'locked');
  await writeFile(path, SECRET);
  await chmod(path, 0o000);
  const error = await unprivileged(() =>
    rejection(
      resolveSecret({ secret_key_file: path }, 'secret_key', ['accounts', 0], { baseDir: dir, env: {} }),
    ),
  );
  expect(error.message).toBe(
    `invalid config: accounts[0].secret_key_file: cannot read ${JSON.stringify(path)} (EACCES)`,
  );
  expect(process.geteuid?.()).toBe(process.getuid?.());
});

test('resolveSecret prefers the literal, then _file, then _env, and is undefined when none is given', async () => {
  const context = { baseDir: dir, env: { V: 'from-env' } };
  expect(await resolveSecret({ secret_id: 'lit' }, 'secret_id', [], context)).toBe('lit');
  expect(await resolveSecret({ secret_id_env: 'V' }, 'secret_id', [], context)).toBe('from-env');
  expect(await resolveSecret({}, 'session_token', [], context)).toBeUndefined();
});

describe('resolvePath', () => {
  const context = { baseDir: '/etc/exporter', env: { HOME: '/home/scan' } };
  test.each([
    ['/abs/file', '/abs/file'],
    ['rel/file', '/etc/exporter/rel/file'],
    ['../up', '/etc/up'],
    ['~/.tencentcloud/credentials', '/home/scan/.tencentcloud/credentials'],
    ['~', '/home/scan'],
  ])('%s -> %s', (input, expected) => {
    expect(resolvePath(context, input)).toBe(expected);
  });
});
